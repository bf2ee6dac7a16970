package btcrpc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// combineFlags are the flags an input must verify under to be taken as
// complete (Core's STANDARD_SCRIPT_VERIFY_FLAGS).
const combineFlags = txscript.FlagsAll &^ txscript.FlagSigPushOnly

func combineMethod(s *Service) methodDef {
	return def("combinerawtransaction", "rawtransactions", s.combineRawTransaction, []string{"txs"}, 1, helpSpec{
		desc: "Combine multiple partially signed transactions into one transaction.\n" +
			"The combined transaction may be another partially signed transaction or a \n" +
			"fully signed transaction.",
		args: []string{
			"txs    (json array, required) The hex strings of partially signed transactions\n     [\n       \"hexstring\",    (string) A hex-encoded raw transaction\n       ...\n     ]",
		},
		result:   `"str"    (string) The hex-encoded raw transaction with signature(s)`,
		examples: []string{`["myhex1", "myhex2", "myhex3"]`}})
}

// combineRawTransaction is Core's combinerawtransaction: for each input of
// the first transaction, the first variant whose input already verifies is
// kept; otherwise the ECDSA signatures of the variants that verify for the
// keys of a multisig script (bare, P2SH, P2WSH or P2SH-P2WSH) are merged
// in key order, as Core's DataFromTransaction and ProduceSignature with no
// keys do. Other unfinished inputs keep only their scripts.
func (s *Service) combineRawTransaction(_ context.Context, p *jsonrpc.Params) (any, error) {
	if !p.Has(0) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 1")
	}
	var raws []json.RawMessage
	if jsonrpc.JSONType(p.Positional[0]) != "array" || json.Unmarshal(p.Positional[0], &raws) != nil {
		return nil, rpcutil.TypeError(p.Positional[0], "array")
	}
	variants := make([]*primitives.Tx, len(raws))
	for i, raw := range raws {
		var h string
		if json.Unmarshal(raw, &h) != nil {
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type string", jsonrpc.JSONType(raw))
		}
		b, err := hex.DecodeString(h)
		if err == nil {
			variants[i], err = btcjson.DecodeRawTx(b, true, true)
		}
		if err != nil {
			return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed for tx %d. Make sure the tx has at least one input.", i)
		}
	}
	if len(variants) == 0 {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "Missing transactions")
	}
	merged := variants[0].Copy()
	spent := make([]primitives.TxOut, len(merged.Inputs))
	for i := range merged.Inputs {
		out, ok := s.spentOutput(merged.Inputs[i].PrevOut)
		if !ok {
			return nil, rpcErr(jsonrpc.CodeVerifyError, "Input not found or already spent")
		}
		spent[i] = out
	}
	hashes := make([]*txscript.SigHashes, len(variants))
	for i := range merged.Inputs {
		c := combiner{spk: spent[i].ScriptPubKey, amount: spent[i].Value, idx: i, sigs: map[string][]byte{}}
		done := false
		for v, tx := range variants {
			if len(tx.Inputs) <= i {
				continue
			}
			if hashes[v] == nil {
				hashes[v] = txscript.NewSigHashes(tx, variantPrevOuts(tx, spent))
			}
			in := &tx.Inputs[i]
			if len(in.ScriptSig) == 0 && len(in.Witness) == 0 {
				continue
			}
			ctx := &txscript.TxContext{Tx: tx, Index: i, Amount: c.amount, PrevOuts: variantPrevOuts(tx, spent), SigHashes: hashes[v]}
			if txscript.VerifyScript(in.ScriptSig, c.spk, in.Witness, combineFlags, ctx) == nil {
				merged.Inputs[i].ScriptSig, merged.Inputs[i].Witness = in.ScriptSig, in.Witness
				done = true
				break
			}
			c.harvest(in, tx, hashes[v])
		}
		if !done {
			merged.Inputs[i].ScriptSig, merged.Inputs[i].Witness = c.produce()
		}
	}
	return hex.EncodeToString(merged.Bytes()), nil
}

// variantPrevOuts is spent sized to tx's inputs (a variant may have fewer
// or more inputs than the first transaction; the extra ones are unknown).
func variantPrevOuts(tx *primitives.Tx, spent []primitives.TxOut) []primitives.TxOut {
	if len(tx.Inputs) == len(spent) {
		return spent
	}
	out := make([]primitives.TxOut, len(tx.Inputs))
	copy(out, spent)
	return out
}

// spentOutput is the output op names, from the mempool's transactions or
// the UTXO set (Core's CCoinsViewMemPool over the chain tip).
func (s *Service) spentOutput(op primitives.OutPoint) (primitives.TxOut, bool) {
	if s.cfg.Mempool != nil {
		if d, ok := s.cfg.Mempool.Get(op.Hash); ok {
			if int(op.Index) >= len(d.Tx.Outputs) {
				return primitives.TxOut{}, false
			}
			return d.Tx.Outputs[op.Index], true
		}
	}
	c, ok, err := s.cfg.Chain.LookupCoin(op)
	if err != nil || !ok {
		return primitives.TxOut{}, false
	}
	return c.Out, true
}

// combiner gathers one input's scripts and signatures across variants.
type combiner struct {
	spk     []byte
	amount  int64
	idx     int
	redeem  []byte            // the first P2SH redeem script seen
	wscript []byte            // the first P2WSH witness script seen
	sigs    map[string][]byte // pubkey -> signature, the first one kept
}

// scriptPushes returns the data pushes of a push-only script (nil when
// it has other opcodes).
func scriptPushes(script []byte) [][]byte {
	var out [][]byte
	t := txscript.MakeTokenizer(script)
	for t.Next() {
		op := t.Opcode()
		switch {
		case op == txscript.OP_0:
			out = append(out, nil)
		case op >= txscript.OP_1 && op <= txscript.OP_16:
			out = append(out, []byte{op - txscript.OP_1 + 1})
		case op == txscript.OP_1NEGATE:
			out = append(out, []byte{0x81})
		case op <= txscript.OP_PUSHDATA4:
			out = append(out, t.Data())
		default:
			return nil
		}
	}
	return out
}

func hash160(b []byte) []byte {
	h := crypto.Hash160(b)
	return h[:]
}

// harvest reads the scripts and the multisig signatures of in, a variant's
// input, keeping those that verify over the variant.
func (c *combiner) harvest(in *primitives.TxIn, tx *primitives.Tx, sh *txscript.SigHashes) {
	stack := scriptPushes(in.ScriptSig)
	script, witness := c.spk, false
	if txscript.ClassifyScript(script) == txscript.ScriptHashTy && len(stack) > 0 && len(stack[len(stack)-1]) > 0 {
		script = stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.redeem == nil && bytes.Equal(hash160(script), c.spk[2:22]) {
			c.redeem = script
		}
	}
	if txscript.ClassifyScript(script) == txscript.WitnessV0ScriptHashTy && len(in.Witness) > 0 && len(in.Witness[len(in.Witness)-1]) > 0 {
		prog := script[2:34]
		script = in.Witness[len(in.Witness)-1]
		stack = in.Witness[:len(in.Witness)-1]
		witness = true
		if sum := sha256.Sum256(script); c.wscript == nil && bytes.Equal(sum[:], prog) {
			c.wscript = script
		}
	}
	// Core matches the signatures to the keys in order, per variant (a key
	// already matched in this variant takes the next element too).
	keys, _ := multisigKeys(script)
	mine := make(map[string]bool, len(keys))
	last := 0
	for _, sig := range stack {
		for k := last; k < len(keys); k++ {
			if mine[string(keys[k])] || c.checkSig(sig, keys[k], script, witness, tx, sh) {
				if !mine[string(keys[k])] {
					mine[string(keys[k])] = true
					if _, have := c.sigs[string(keys[k])]; !have {
						c.sigs[string(keys[k])] = sig
					}
				}
				last = k + 1
				break
			}
		}
	}
}

// checkSig verifies an ECDSA script signature by pub over input c.idx of tx.
func (c *combiner) checkSig(sig, pub, scriptCode []byte, witness bool, tx *primitives.Tx, sh *txscript.SigHashes) bool {
	if len(sig) == 0 {
		return false
	}
	key, err := crypto.ParsePubKey(pub)
	if err != nil {
		return false
	}
	ht := uint32(sig[len(sig)-1])
	var h [32]byte
	if witness {
		h = txscript.WitnessV0SignatureHash(scriptCode, sh, ht, tx, c.idx, c.amount)
	} else {
		h = txscript.LegacySignatureHash(scriptCode, tx, c.idx, ht)
	}
	return crypto.VerifyECDSA(key, sig[:len(sig)-1], h[:])
}

// multisigKeys returns the keys of a bare multisig script and the number
// of signatures it needs.
func multisigKeys(script []byte) ([][]byte, int) {
	if txscript.ClassifyScript(script) != txscript.MultiSigTy {
		return nil, 0
	}
	var items [][]byte
	var ops []byte
	t := txscript.MakeTokenizer(script)
	for t.Next() {
		ops = append(ops, t.Opcode())
		items = append(items, t.Data())
	}
	if len(ops) < 3 || ops[0] < txscript.OP_1 || ops[0] > txscript.OP_16 {
		return nil, 0
	}
	return items[1 : len(items)-2], int(ops[0]-txscript.OP_1) + 1
}

// multisigStack is Core's SignStep for multisig with the gathered
// signatures: the dummy element, the signatures in key order up to the
// number required, and empty elements for the missing ones.
func (c *combiner) multisigStack(script []byte) [][]byte {
	keys, required := multisigKeys(script)
	out := [][]byte{nil}
	for _, k := range keys {
		if sig, ok := c.sigs[string(k)]; ok && len(out) < required+1 {
			out = append(out, sig)
		}
	}
	for len(out) < required+1 {
		out = append(out, nil)
	}
	return out
}

// produce is Core's ProduceSignature with no keys for an input no variant
// completes: the merged multisig signatures inside the known scripts.
func (c *combiner) produce() ([]byte, [][]byte) {
	script := c.spk
	var sigStack [][]byte
	p2sh := false
	if txscript.ClassifyScript(script) == txscript.ScriptHashTy {
		if c.redeem == nil {
			return nil, nil
		}
		script, p2sh = c.redeem, true
	}
	var witness [][]byte
	switch txscript.ClassifyScript(script) {
	case txscript.MultiSigTy:
		sigStack = c.multisigStack(script)
	case txscript.WitnessV0ScriptHashTy:
		if c.wscript != nil {
			if txscript.ClassifyScript(c.wscript) == txscript.MultiSigTy {
				witness = c.multisigStack(c.wscript)
			}
			witness = append(witness, c.wscript)
		}
	}
	if p2sh {
		sigStack = append(sigStack, c.redeem)
	}
	return txscript.PushAll(sigStack), witness
}
