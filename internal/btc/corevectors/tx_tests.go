package corevectors

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/sigcache"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// allFlagBits lists every script verification flag, one bit each (Core's
// mapFlagNames, which the tx tests iterate).
var allFlagBits = func() []txscript.Flags {
	var bits []txscript.Flags
	for b := txscript.Flags(1); b != 0 && b&txscript.FlagsAll != 0; b <<= 1 {
		bits = append(bits, b)
	}
	return bits
}()

// trimFlags makes a flag set valid by removing what lacks its
// prerequisite: WITNESS needs P2SH, CLEANSTACK needs WITNESS (Core's
// TrimFlags).
func trimFlags(f txscript.Flags) txscript.Flags {
	if f&txscript.FlagP2SH == 0 {
		f &^= txscript.FlagWitness
	}
	if f&txscript.FlagWitness == 0 {
		f &^= txscript.FlagCleanStack
	}
	return f
}

// fillFlags makes a flag set valid by adding prerequisites (Core's
// FillFlags).
func fillFlags(f txscript.Flags) txscript.Flags {
	if f&txscript.FlagCleanStack != 0 {
		f |= txscript.FlagWitness
	}
	if f&txscript.FlagWitness != 0 {
		f |= txscript.FlagP2SH
	}
	return f
}

// excludeIndividualFlags returns, without duplicates, each set obtained by
// removing one flag from f and trimming (Core's ExcludeIndividualFlags).
func excludeIndividualFlags(f txscript.Flags) []txscript.Flags {
	var out []txscript.Flags
	for _, bit := range allFlagBits {
		g := trimFlags(f &^ bit)
		if g == f {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == g
		}
		if !dup {
			out = append(out, g)
		}
	}
	return out
}

// txTestCase is one parsed row of tx_valid.json / tx_invalid.json.
type txTestCase struct {
	row      int
	tx       *primitives.Tx
	prevOuts []primitives.TxOut // per input of tx
	flagsStr string
	text     string // the row, for messages
}

// RunTxTests runs Core's tx_valid.json (valid = true) or tx_invalid.json
// (valid = false) with the semantics of Core's transaction_tests.cpp. Rows
// are [[[prev_txid, prev_vout, prev_script, amount?]...], tx_hex, flags];
// prev_vout -1 means 0xffffffff, a missing amount is 0 and prevout scripts
// use Core's test-script syntax (txscript.ParseCoreScript).
//
// For a valid row the flags are the EXCLUDED set: every input must verify
// with all other flags, with each single further flag removed (and with
// deterministic pseudo-random further removals), and must fail when any one
// excluded flag is put back (the set is minimal); the transaction must pass
// consensus.CheckTransactionSanity. For an invalid row the flags are the
// set that must make some input fail, also with any flag added; removing
// any one listed flag must make it pass; "BADTX" rows must fail
// CheckTransactionSanity instead.
//
// This function is safe for concurrent access.
func RunTxTests(path string, valid bool, w io.Writer) (passed, failed int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	cache := sigcache.New(10000)
	for i, raw := range rows {
		var row []json.RawMessage
		if err := json.Unmarshal(raw, &row); err != nil {
			failed++
			fmt.Fprintf(w, "row %d: not an array: %v\n", i, err)
			continue
		}
		if len(row) == 0 || !isJSONArray(row[0]) {
			continue // a comment row
		}
		tc, err := parseTxTestRow(i, row, raw)
		var msg string
		switch {
		case err != nil:
			msg = "bad test: " + err.Error()
		case valid:
			msg = tc.runValid(cache)
		default:
			msg = tc.runInvalid(cache)
		}
		if msg != "" {
			failed++
			fmt.Fprintf(w, "row %d: %s: %s\n", i, msg, compact(raw))
			continue
		}
		passed++
	}
	return passed, failed, nil
}

func isJSONArray(m json.RawMessage) bool {
	s := strings.TrimSpace(string(m))
	return len(s) > 0 && s[0] == '['
}

// compact shortens a row for a failure line.
func compact(raw json.RawMessage) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

func parseTxTestRow(i int, row []json.RawMessage, raw json.RawMessage) (*txTestCase, error) {
	if len(row) != 3 {
		return nil, fmt.Errorf("%d fields, want 3", len(row))
	}
	var inputs [][]json.RawMessage
	if err := json.Unmarshal(row[0], &inputs); err != nil {
		return nil, fmt.Errorf("inputs: %w", err)
	}
	var txHex, flags string
	if err := json.Unmarshal(row[1], &txHex); err != nil {
		return nil, fmt.Errorf("tx: %w", err)
	}
	if err := json.Unmarshal(row[2], &flags); err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	prev := make(map[primitives.OutPoint]primitives.TxOut, len(inputs))
	for _, in := range inputs {
		if len(in) < 3 || len(in) > 4 {
			return nil, fmt.Errorf("prevout with %d fields", len(in))
		}
		var txid, script string
		var vout int64
		if err := json.Unmarshal(in[0], &txid); err != nil {
			return nil, fmt.Errorf("prevout txid: %w", err)
		}
		if err := json.Unmarshal(in[1], &vout); err != nil {
			return nil, fmt.Errorf("prevout index: %w", err)
		}
		if err := json.Unmarshal(in[2], &script); err != nil {
			return nil, fmt.Errorf("prevout script: %w", err)
		}
		h, err := chainhash.NewHashFromStr(txid)
		if err != nil {
			return nil, fmt.Errorf("prevout txid %q: %w", txid, err)
		}
		spk, err := txscript.ParseCoreScript(script)
		if err != nil {
			return nil, fmt.Errorf("prevout script %q: %w", script, err)
		}
		out := primitives.TxOut{ScriptPubKey: spk}
		if len(in) == 4 {
			if err := json.Unmarshal(in[3], &out.Value); err != nil {
				return nil, fmt.Errorf("prevout amount: %w", err)
			}
		}
		// Core converts the index with uint32_t(int): -1 is 0xffffffff.
		prev[primitives.OutPoint{Hash: h, Index: uint32(vout)}] = out
	}
	b, err := hex.DecodeString(txHex)
	if err != nil {
		return nil, fmt.Errorf("tx hex: %w", err)
	}
	tx, err := primitives.DecodeTx(b)
	if err != nil {
		return nil, fmt.Errorf("decode tx: %w", err)
	}
	tc := &txTestCase{row: i, tx: tx, flagsStr: flags, text: string(raw)}
	tc.prevOuts = make([]primitives.TxOut, len(tx.Inputs))
	for j := range tx.Inputs {
		out, ok := prev[tx.Inputs[j].PrevOut]
		if !ok {
			return nil, fmt.Errorf("input %d spends %s, which the row does not list", j, tx.Inputs[j].PrevOut)
		}
		tc.prevOuts[j] = out
	}
	return tc, nil
}

// check verifies every input under flags (Core's CheckTxScripts, stopping at
// the first failing input) and returns nil or the first error.
func (tc *txTestCase) check(flags txscript.Flags, sh *txscript.SigHashes, cache txscript.SigCache) error {
	var en txscript.Engine
	for i := range tc.tx.Inputs {
		in := &tc.tx.Inputs[i]
		ctx := &txscript.TxContext{
			Tx: tc.tx, Index: i, Amount: tc.prevOuts[i].Value,
			PrevOuts: tc.prevOuts, SigHashes: sh, SigCache: cache,
		}
		if err := en.Verify(in.ScriptSig, tc.prevOuts[i].ScriptPubKey, in.Witness, flags, ctx); err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
	}
	return nil
}

// rowRand returns the deterministic generator for a row's random flag
// combinations.
func rowRand(row int) *rand.Rand { return rand.New(rand.NewPCG(uint64(row), 0x7478746573747321)) }

func randomFlags(r *rand.Rand) txscript.Flags {
	return txscript.Flags(r.Uint32()) & txscript.FlagsAll
}

func (tc *txTestCase) runValid(cache txscript.SigCache) string {
	if err := consensus.CheckTransactionSanity(tc.tx); err != nil {
		return "CheckTransactionSanity failed: " + err.Error()
	}
	excluded, err := txscript.ParseFlags(tc.flagsStr)
	if err != nil {
		return "bad flags: " + err.Error()
	}
	all := txscript.FlagsAll
	if f := all &^ excluded; fillFlags(f) != f {
		return "bad test flags (not a valid combination): " + tc.flagsStr
	}
	sh := txscript.NewSigHashes(tc.tx, tc.prevOuts)
	if err := tc.check(all&^excluded, sh, cache); err != nil {
		return fmt.Sprintf("unexpectedly failed with flags %s: %v", all&^excluded, err)
	}
	r := rowRand(tc.row)
	for _, bit := range allFlagBits {
		f := trimFlags(all &^ (excluded | bit))
		if err := tc.check(f, sh, cache); err != nil {
			return fmt.Sprintf("failed with %s also unset: %v", bit, err)
		}
		f = trimFlags(all &^ (excluded | randomFlags(r)))
		if err := tc.check(f, sh, cache); err != nil {
			return fmt.Sprintf("failed with random flags %s: %v", f, err)
		}
	}
	for _, ex := range excludeIndividualFlags(excluded) {
		if tc.check(all&^ex, sh, cache) == nil {
			return fmt.Sprintf("excluded flags not minimal: passes with %s set again", excluded&^ex)
		}
	}
	return ""
}

func (tc *txTestCase) runInvalid(cache txscript.SigCache) string {
	if err := consensus.CheckTransactionSanity(tc.tx); err != nil {
		if tc.flagsStr != "BADTX" {
			return "CheckTransactionSanity failed but the row is not BADTX: " + err.Error()
		}
		return ""
	}
	if tc.flagsStr == "BADTX" {
		return "BADTX row passes CheckTransactionSanity"
	}
	flags, err := txscript.ParseFlags(tc.flagsStr)
	if err != nil {
		return "bad flags: " + err.Error()
	}
	if fillFlags(flags) != flags {
		return "bad test flags (not a valid combination): " + tc.flagsStr
	}
	sh := txscript.NewSigHashes(tc.tx, tc.prevOuts)
	if tc.check(flags, sh, cache) == nil {
		return "unexpectedly passed with flags " + flags.String()
	}
	if tc.check(txscript.FlagsAll, sh, cache) == nil {
		return "unexpectedly passed with all flags"
	}
	r := rowRand(tc.row)
	for _, bit := range allFlagBits {
		f := fillFlags(flags | bit)
		if tc.check(f, sh, cache) == nil {
			return fmt.Sprintf("unexpectedly passed with %s also set", bit)
		}
		f = fillFlags(flags | randomFlags(r))
		if tc.check(f, sh, cache) == nil {
			return fmt.Sprintf("unexpectedly passed with random flags %s", f)
		}
	}
	for _, ex := range excludeIndividualFlags(flags) {
		if err := tc.check(ex, sh, cache); err != nil {
			var se *txscript.Error
			if errors.As(err, &se) {
				return fmt.Sprintf("flags not minimal: still fails without %s (%s)", flags&^ex, se.Code)
			}
			return fmt.Sprintf("flags not minimal: still fails without %s: %v", flags&^ex, err)
		}
	}
	return ""
}
