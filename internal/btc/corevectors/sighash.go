package corevectors

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// RunSighashTests runs Core's sighash.json: rows [raw_tx_hex, script_hex,
// input_index, hashType, expected_sighash] checking
// txscript.LegacySignatureHash. The hash type is a signed 32-bit number
// committed in full; the expected hash is in display (reversed) order.
// One-element rows are comments.
//
// This function is safe for concurrent access.
func RunSighashTests(path string, w io.Writer) (passed, failed int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var rows [][]json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	for i, row := range rows {
		if len(row) == 1 {
			continue
		}
		if msg := runSighashRow(row); msg != "" {
			failed++
			fmt.Fprintf(w, "sighash row %d: %s\n", i, msg)
			continue
		}
		passed++
	}
	return passed, failed, nil
}

func runSighashRow(row []json.RawMessage) string {
	if len(row) != 5 {
		return fmt.Sprintf("malformed row (%d fields)", len(row))
	}
	var txHex, scriptHex, wantStr string
	var idx int
	var hashType int32
	if json.Unmarshal(row[0], &txHex) != nil || json.Unmarshal(row[1], &scriptHex) != nil ||
		json.Unmarshal(row[2], &idx) != nil || json.Unmarshal(row[3], &hashType) != nil ||
		json.Unmarshal(row[4], &wantStr) != nil {
		return "malformed row"
	}
	rawTx, err := hex.DecodeString(txHex)
	if err != nil {
		return "bad tx hex: " + err.Error()
	}
	tx, err := primitives.DecodeTx(rawTx)
	if err != nil {
		return "decode tx: " + err.Error()
	}
	script, err := hex.DecodeString(scriptHex)
	if err != nil {
		return "bad script hex: " + err.Error()
	}
	want, err := chainhash.NewHashFromStr(wantStr)
	if err != nil {
		return "bad expected hash: " + err.Error()
	}
	if idx < 0 || idx >= len(tx.Inputs) {
		return fmt.Sprintf("input index %d out of range", idx)
	}
	got := txscript.LegacySignatureHash(script, tx, idx, uint32(hashType))
	if got != want {
		return fmt.Sprintf("got %s want %s (script %s, index %d, hashType %d)", got, want, scriptHex, idx, hashType)
	}
	return ""
}
