package corevectors

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// monotonicTrials is the number of random flag sets tried per row on top of
// the single-flag toggles (Core tries 256 random sets).
const monotonicTrials = 32

// tapInternalKey is the x-only public key of private key 1 (the generator
// G), the internal key of the single-leaf trees the #CONTROLBLOCK# and
// #TAPROOTOUTPUT# placeholders stand for.
var tapInternalKey = [32]byte{
	0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95,
	0xce, 0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9,
	0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98,
}

// RunScriptTests runs Core's script_tests.json. A row is
//
//	[[wit..., amount_BTC]?, scriptSig, scriptPubKey, flags, expected, comment?]
//
// with scripts in Core's test syntax (txscript.ParseCoreScript); rows of
// one element are comments. Each row builds Core's crediting and spending
// transactions, verifies input 0 and compares both the outcome and the
// exact expected error name. Like Core it then checks that removing flags
// from a passing row, or adding flags to a failing one, keeps the outcome
// (skipping CLEANSTACK without P2SH and WITNESS, and WITNESS without P2SH):
// every single-flag change and monotonicTrials seeded random sets per row.
//
// One line per failing row is written to w.
//
// This function is safe for concurrent access.
func RunScriptTests(path string, w io.Writer) (passed, failed int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var rows [][]any
	if err := dec.Decode(&rows); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	var en txscript.Engine
	for i, row := range rows {
		if len(row) == 1 {
			continue
		}
		if msg := runScriptRow(&en, i, row); msg != "" {
			failed++
			fmt.Fprintf(w, "script_tests row %d: %s\n", i, msg)
			continue
		}
		passed++
	}
	return passed, failed, nil
}

// scriptCase is a decoded script_tests.json row.
type scriptCase struct {
	witness      [][]byte
	amount       int64
	scriptSig    []byte
	scriptPubKey []byte
	flags        txscript.Flags
	expected     txscript.ErrorCode
	desc         string
}

func runScriptRow(en *txscript.Engine, index int, row []any) string {
	tc, err := decodeScriptRow(row)
	if err != nil {
		return fmt.Sprintf("malformed row %v: %v", row, err)
	}
	credit, spend := buildScriptTestTxs(tc)
	verify := func(flags txscript.Flags) error {
		ctx := &txscript.TxContext{
			Tx:       spend,
			Index:    0,
			Amount:   credit.Outputs[0].Value,
			PrevOuts: credit.Outputs[:1],
		}
		return en.Verify(tc.scriptSig, tc.scriptPubKey, tc.witness, flags, ctx)
	}

	flags := tc.flags
	if flags&txscript.FlagCleanStack != 0 {
		flags |= txscript.FlagP2SH | txscript.FlagWitness
	}
	got := txscript.ErrOK
	if err := verify(flags); err != nil {
		var se *txscript.Error
		if !errors.As(err, &se) {
			return fmt.Sprintf("%s: unexpected error type %v", tc.desc, err)
		}
		got = se.Code
	}
	if got != tc.expected {
		return fmt.Sprintf("%s: got %s, want %s (flags %s)", tc.desc, got.String(), tc.expected.String(), flags)
	}

	// Flag monotonicity: fewer flags keep a pass, more flags keep a
	// failure.
	expectPass := tc.expected == txscript.ErrOK
	rng := rand.New(rand.NewPCG(0x7477696e636861, uint64(index)))
	check := func(extra txscript.Flags) string {
		combined := flags | extra
		if expectPass {
			combined = flags &^ extra
		}
		if combined&txscript.FlagCleanStack != 0 && !combined.Has(txscript.FlagP2SH|txscript.FlagWitness) {
			return ""
		}
		if combined&txscript.FlagWitness != 0 && combined&txscript.FlagP2SH == 0 {
			return ""
		}
		if err := verify(combined); (err == nil) != expectPass {
			return fmt.Sprintf("%s: outcome changed with flags %s (%v)", tc.desc, combined, err)
		}
		return ""
	}
	for bit := txscript.Flags(1); bit&txscript.FlagsAll != 0; bit <<= 1 {
		if msg := check(bit); msg != "" {
			return msg
		}
	}
	for range monotonicTrials {
		if msg := check(txscript.Flags(rng.Uint32()) & txscript.FlagsAll); msg != "" {
			return msg
		}
	}
	return ""
}

func decodeScriptRow(row []any) (*scriptCase, error) {
	tc := new(scriptCase)
	pos := 0
	var controlScript []byte
	taproot := false
	if wit, ok := row[0].([]any); ok {
		pos = 1
		if len(wit) == 0 {
			return nil, errors.New("empty witness array")
		}
		num, ok := wit[len(wit)-1].(json.Number)
		if !ok {
			return nil, errors.New("witness amount is not a number")
		}
		amount, err := parseBTC(num.String())
		if err != nil {
			return nil, err
		}
		tc.amount = amount
		for _, item := range wit[:len(wit)-1] {
			s, ok := item.(string)
			if !ok {
				return nil, errors.New("witness item is not a string")
			}
			switch {
			case strings.HasPrefix(s, "#SCRIPT#"):
				script, err := txscript.ParseCoreScript(strings.TrimPrefix(s, "#SCRIPT#"))
				if err != nil {
					return nil, err
				}
				controlScript = script
				tc.witness = append(tc.witness, script)
			case s == "#CONTROLBLOCK#":
				cb, err := singleLeafControlBlock(controlScript)
				if err != nil {
					return nil, err
				}
				taproot = true
				tc.witness = append(tc.witness, cb)
			default:
				b, err := hex.DecodeString(s)
				if err != nil {
					return nil, fmt.Errorf("witness hex: %w", err)
				}
				tc.witness = append(tc.witness, b)
			}
		}
	}
	if len(row)-pos < 4 {
		return nil, fmt.Errorf("%d fields", len(row))
	}
	var fields [4]string
	for i := range fields {
		s, ok := row[pos+i].(string)
		if !ok {
			return nil, fmt.Errorf("field %d is not a string", pos+i)
		}
		fields[i] = s
	}
	var err error
	if tc.scriptSig, err = txscript.ParseCoreScript(fields[0]); err != nil {
		return nil, fmt.Errorf("scriptSig: %w", err)
	}
	spkText := fields[1]
	if strings.Contains(spkText, "#TAPROOTOUTPUT#") {
		if !taproot {
			return nil, errors.New("#TAPROOTOUTPUT# without #CONTROLBLOCK#")
		}
		out, _, err := singleLeafOutputKey(controlScript)
		if err != nil {
			return nil, err
		}
		spkText = strings.ReplaceAll(spkText, "#TAPROOTOUTPUT#", "0x"+hex.EncodeToString(out[:]))
	}
	if tc.scriptPubKey, err = txscript.ParseCoreScript(spkText); err != nil {
		return nil, fmt.Errorf("scriptPubKey: %w", err)
	}
	if tc.flags, err = txscript.ParseFlags(fields[2]); err != nil {
		return nil, err
	}
	code, ok := txscript.ParseErrorCode(fields[3])
	if !ok {
		return nil, fmt.Errorf("unknown error name %q", fields[3])
	}
	tc.expected = code
	tc.desc = fmt.Sprintf("[%q %q %q]", fields[0], fields[1], fields[2])
	if len(row) > pos+4 {
		if c, ok := row[pos+4].(string); ok && c != "" {
			tc.desc += " " + c
		}
	}
	return tc, nil
}

// singleLeafOutputKey returns the output key and parity of the taproot
// tree with one tapscript leaf and internal key G.
func singleLeafOutputKey(script []byte) ([32]byte, bool, error) {
	if script == nil {
		return [32]byte{}, false, errors.New("#CONTROLBLOCK# without a preceding #SCRIPT#")
	}
	leaf := txscript.TapLeafHash(txscript.BaseLeafVersion, script)
	return txscript.TaprootOutputKey(tapInternalKey, &leaf)
}

// singleLeafControlBlock is the control block spending script as the only
// leaf: the leaf version with the output key's parity, then the internal
// key.
func singleLeafControlBlock(script []byte) ([]byte, error) {
	_, odd, err := singleLeafOutputKey(script)
	if err != nil {
		return nil, err
	}
	first := txscript.BaseLeafVersion
	if odd {
		first |= 1
	}
	return append([]byte{first}, tapInternalKey[:]...), nil
}

// buildScriptTestTxs builds Core's BuildCreditingTransaction and
// BuildSpendingTransaction.
func buildScriptTestTxs(tc *scriptCase) (credit, spend *primitives.Tx) {
	credit = &primitives.Tx{
		Version: 1,
		Inputs: []primitives.TxIn{{
			PrevOut:   primitives.OutPoint{Index: 0xffffffff},
			ScriptSig: []byte{txscript.OP_0, txscript.OP_0},
			Sequence:  primitives.SequenceFinal,
		}},
		Outputs: []primitives.TxOut{{Value: tc.amount, ScriptPubKey: tc.scriptPubKey}},
	}
	spend = &primitives.Tx{
		Version: 1,
		Inputs: []primitives.TxIn{{
			PrevOut:   primitives.OutPoint{Hash: credit.TxHash(), Index: 0},
			ScriptSig: tc.scriptSig,
			Sequence:  primitives.SequenceFinal,
			Witness:   tc.witness,
		}},
		Outputs: []primitives.TxOut{{Value: tc.amount, ScriptPubKey: []byte{}}},
	}
	return credit, spend
}

// parseBTC converts a decimal BTC amount ("0.00000001") to satoshis without
// floating point.
func parseBTC(s string) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 8 || strings.ContainsAny(s, "eE+") {
		return 0, fmt.Errorf("unsupported amount %q", s)
	}
	frac += strings.Repeat("0", 8-len(frac))
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, err
	}
	v := w*100_000_000 + f
	if neg {
		v = -v
	}
	return v, nil
}
