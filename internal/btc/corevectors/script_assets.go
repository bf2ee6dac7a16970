package corevectors

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/sigcache"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// ScriptAsset is one object of Core's script-assets format (the JSON that
// Core's script_assets_test reads, produced by its fuzzers' --dumptests and
// by our own generator).
type ScriptAsset struct {
	// Tx is the spending transaction in hex.
	Tx string `json:"tx"`
	// PrevOuts are the spent outputs, each a serialized CTxOut in hex.
	PrevOuts []string `json:"prevouts"`
	// Index is the input under test.
	Index int `json:"index"`
	// Flags are the consensus flags the case was made for (comma-separated
	// Core names).
	Flags string `json:"flags"`
	// Comment describes the case (ours; Core's files may carry one too).
	Comment string `json:"comment,omitempty"`
	// Success, if present, must verify with every valid consensus flag
	// combination that is a subset of Flags (every one if Final).
	Success *ScriptAssetSpend `json:"success,omitempty"`
	// Failure, if present, must fail with every valid consensus flag
	// combination that is a superset of Flags.
	Failure *ScriptAssetSpend `json:"failure,omitempty"`
	// Final marks a success valid under every flag combination.
	Final bool `json:"final,omitempty"`
	// FailureError is our extension (Core ignores it): the Core script
	// error name (without SCRIPT_ERR_) the failure must produce with
	// exactly Flags.
	FailureError string `json:"failureError,omitempty"`
}

// ScriptAssetSpend is the scriptSig and witness put into input Index.
type ScriptAssetSpend struct {
	ScriptSig string   `json:"scriptSig"`
	Witness   []string `json:"witness"`
}

// consensusFlagBits are the seven consensus flags, in the order of the bits
// of Core's AllConsensusFlags loop.
var consensusFlagBits = [...]txscript.Flags{
	txscript.FlagP2SH, txscript.FlagDERSig, txscript.FlagNullDummy,
	txscript.FlagCheckLockTimeVerify, txscript.FlagCheckSequenceVerify,
	txscript.FlagWitness, txscript.FlagTaproot,
}

// allConsensusFlags lists every valid combination of the consensus flags:
// WITNESS needs P2SH and TAPROOT needs WITNESS (Core's AllConsensusFlags:
// 16 combinations of the other four flags times 4 of those three, 64).
var allConsensusFlags = func() []txscript.Flags {
	var out []txscript.Flags
	for i := range 1 << len(consensusFlagBits) {
		var f txscript.Flags
		for b, bit := range consensusFlagBits {
			if i&(1<<b) != 0 {
				f |= bit
			}
		}
		if f&txscript.FlagWitness != 0 && f&txscript.FlagP2SH == 0 {
			continue
		}
		if f&txscript.FlagTaproot != 0 && f&txscript.FlagWitness == 0 {
			continue
		}
		out = append(out, f)
	}
	return out
}()

// RunScriptAssets runs Core's script-assets format on every file of paths
// (a directory means every regular file in it, sorted, not recursive).
// A file holds a JSON array of objects, or objects each followed by a comma
// (Core's one-object-per-file "obj,\n" form); both are read by decoding
// values one after another and skipping separating commas.
//
// For each object and each valid combination of the consensus flags P2SH,
// DERSIG, NULLDUMMY, CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY, WITNESS and
// TAPROOT: Success must verify when the combination is a subset of the
// object's flags (always, when Final), and Failure must fail when the
// combination is a superset. One object counts once: passed if every check
// holds. A shared SigCache is used, as in Core.
//
// This function is safe for concurrent access.
func RunScriptAssets(paths []string, w io.Writer) (passed, failed int, err error) {
	files, err := expandPaths(paths)
	if err != nil {
		return 0, 0, err
	}
	cache := sigcache.New(10000)
	for _, file := range files {
		assets, err := ReadScriptAssets(file)
		if err != nil {
			return passed, failed, err
		}
		for i := range assets {
			if msg := assets[i].run(cache); msg != "" {
				failed++
				name := filepath.Base(file)
				if len(assets) > 1 {
					name = fmt.Sprintf("%s[%d]", name, i)
				}
				if assets[i].Comment != "" {
					name += " (" + assets[i].Comment + ")"
				}
				fmt.Fprintf(w, "%s: %s\n", name, msg)
				continue
			}
			passed++
		}
	}
	return passed, failed, nil
}

func expandPaths(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range entries {
			if e.Type().IsRegular() {
				names = append(names, filepath.Join(p, e.Name()))
			}
		}
		sort.Strings(names)
		files = append(files, names...)
	}
	return files, nil
}

// ReadScriptAssets reads the objects of one script-assets file: a JSON
// array, one object followed by a comma, or several such objects.
//
// This function is safe for concurrent access.
func ReadScriptAssets(file string) ([]ScriptAsset, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return ParseScriptAssets(data)
}

// ParseScriptAssets parses the content of a script-assets file (see
// ReadScriptAssets).
//
// This function is safe for concurrent access.
func ParseScriptAssets(data []byte) ([]ScriptAsset, error) {
	var out []ScriptAsset
	rest := data
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n,")
		if len(rest) == 0 {
			return out, nil
		}
		dec := json.NewDecoder(bytes.NewReader(rest))
		if rest[0] == '[' {
			var arr []ScriptAsset
			if err := dec.Decode(&arr); err != nil {
				return nil, fmt.Errorf("script assets: %w", err)
			}
			out = append(out, arr...)
		} else {
			var a ScriptAsset
			if err := dec.Decode(&a); err != nil {
				return nil, fmt.Errorf("script assets: %w", err)
			}
			out = append(out, a)
		}
		rest = rest[dec.InputOffset():]
	}
}

// run checks one object and returns "" or the first failure.
func (a *ScriptAsset) run(cache txscript.SigCache) string {
	if a.Success == nil && a.Failure == nil {
		return "neither success nor failure"
	}
	rawTx, err := hex.DecodeString(a.Tx)
	if err != nil {
		return "bad tx hex: " + err.Error()
	}
	prevOuts := make([]primitives.TxOut, len(a.PrevOuts))
	for i, s := range a.PrevOuts {
		if prevOuts[i], err = decodeTxOut(s); err != nil {
			return fmt.Sprintf("prevout %d: %v", i, err)
		}
	}
	testFlags, err := txscript.ParseFlags(a.Flags)
	if err != nil {
		return "bad flags: " + err.Error()
	}
	for _, c := range []struct {
		spend   *ScriptAssetSpend
		success bool
	}{{a.Success, true}, {a.Failure, false}} {
		if c.spend == nil {
			continue
		}
		// A fresh transaction per spend: the inputs are modified.
		tx, err := primitives.DecodeTx(rawTx)
		if err != nil {
			return "decode tx: " + err.Error()
		}
		if len(prevOuts) != len(tx.Inputs) {
			return fmt.Sprintf("%d prevouts for %d inputs", len(prevOuts), len(tx.Inputs))
		}
		if a.Index < 0 || a.Index >= len(tx.Inputs) {
			return fmt.Sprintf("index %d out of range", a.Index)
		}
		in := &tx.Inputs[a.Index]
		if in.ScriptSig, err = hex.DecodeString(c.spend.ScriptSig); err != nil {
			return "bad scriptSig hex: " + err.Error()
		}
		in.Witness = nil
		for _, item := range c.spend.Witness {
			b, err := hex.DecodeString(item)
			if err != nil {
				return "bad witness hex: " + err.Error()
			}
			in.Witness = append(in.Witness, b)
		}
		ctx := &txscript.TxContext{
			Tx: tx, Index: a.Index, Amount: prevOuts[a.Index].Value, PrevOuts: prevOuts,
			SigHashes: txscript.NewSigHashes(tx, prevOuts), SigCache: cache,
		}
		spk := prevOuts[a.Index].ScriptPubKey
		var en txscript.Engine
		for _, flags := range allConsensusFlags {
			if c.success && (a.Final || flags&testFlags == flags) {
				if err := en.Verify(in.ScriptSig, spk, in.Witness, flags, ctx); err != nil {
					return fmt.Sprintf("success fails with flags %s: %v", flags, err)
				}
			}
			if !c.success && flags&testFlags == testFlags {
				err := en.Verify(in.ScriptSig, spk, in.Witness, flags, ctx)
				if err == nil {
					return fmt.Sprintf("failure passes with flags %s", flags)
				}
				if a.FailureError != "" && flags == testFlags {
					var se *txscript.Error
					if !errors.As(err, &se) || se.Code.String() != a.FailureError {
						return fmt.Sprintf("failure fails with %v, want %s", err, a.FailureError)
					}
				}
			}
		}
	}
	return ""
}

// decodeTxOut decodes a hex-serialized CTxOut (8-byte value, compact-size
// script length, script) with nothing after it.
func decodeTxOut(s string) (primitives.TxOut, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return primitives.TxOut{}, err
	}
	if len(b) < 9 {
		return primitives.TxOut{}, errors.New("txout too short")
	}
	var out primitives.TxOut
	for i := 7; i >= 0; i-- {
		out.Value = out.Value<<8 | int64(b[i])
	}
	n, k, err := primitives.ReadCompactSize(b[8:])
	if err != nil {
		return out, err
	}
	if uint64(len(b)-8-k) != n {
		return out, fmt.Errorf("txout script length %d, have %d bytes", n, len(b)-8-k)
	}
	out.ScriptPubKey = b[8+k:]
	return out, nil
}
