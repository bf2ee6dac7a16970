package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// psbtViewer gives package psbt btcjson's transaction and script views.
type psbtViewer struct{ s *Service }

func (v psbtViewer) TxView(tx *primitives.Tx) any { return btcjson.NewTxView(tx, v.s.params(), nil) }

func (v psbtViewer) ScriptView(script []byte, withAddress bool) any {
	view := btcjson.NewScriptPubKeyView(script, v.s.params())
	if !withAddress {
		view.Address = ""
	}
	return view
}

// decodePSBTParam decodes base64 PSBT parameter i, answering Core's -22
// "TX decode failed <reason>".
func decodePSBTParam(p *jsonrpc.Params, i int) (*psbt.Packet, error) {
	s, err := rpcutil.ReqString(p, i)
	if err != nil {
		return nil, err
	}
	return decodePSBTString(s)
}

func decodePSBTString(s string) (*psbt.Packet, error) {
	pk, err := psbt.DecodeBase64(s)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed %s", psbt.RPCMessage(err))
	}
	return pk, nil
}

func (s *Service) decodePSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	pk, err := decodePSBTParam(p, 0)
	if err != nil {
		return nil, err
	}
	return psbt.DecodeView(pk, s.params(), psbtViewer{s}), nil
}

func (s *Service) combinePSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	strs, err := stringList(p, 0)
	if err != nil {
		return nil, err
	}
	if !p.Has(0) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 1")
	}
	if len(strs) == 0 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Parameter 'txs' cannot be empty")
	}
	pks := make([]*psbt.Packet, len(strs))
	for i, str := range strs {
		if pks[i], err = decodePSBTString(str); err != nil {
			return nil, err
		}
	}
	merged, err := psbt.Combine(pks...)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeVerifyError, "%s", psbtMessage(err))
	}
	return merged.Base64(), nil
}

// psbtMessage is the description of a psbt error (Core's message).
func psbtMessage(err error) string {
	var pe psbt.Error
	if errors.As(err, &pe) && pe.Description != "" {
		return pe.Description
	}
	return err.Error()
}

// finalizeResult is Core's finalizepsbt result.
type finalizeResult struct {
	PSBT     string `json:"psbt,omitempty"`
	Hex      string `json:"hex,omitempty"`
	Complete bool   `json:"complete"`
}

func (s *Service) finalizePSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	pk, err := decodePSBTParam(p, 0)
	if err != nil {
		return nil, err
	}
	extract, err := rpcutil.OptBool(p, 1, true)
	if err != nil {
		return nil, err
	}
	complete := pk.Finalize()
	if complete && extract {
		tx, err := pk.Extract()
		if err == nil {
			return &finalizeResult{Hex: hex.EncodeToString(tx.Bytes()), Complete: true}, nil
		}
	}
	return &finalizeResult{PSBT: pk.Base64(), Complete: complete}, nil
}

func (s *Service) createPSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	tx, err := s.constructFromParams(p)
	if err != nil {
		return nil, err
	}
	pk, err := psbt.New(tx)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "%s", psbtMessage(err))
	}
	return pk.Base64(), nil
}

func (s *Service) convertToPSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	permit, err := rpcutil.OptBool(p, 1, false)
	if err != nil {
		return nil, err
	}
	tryWitness, tryNoWitness := true, true
	if p.Has(2) {
		w, err := rpcutil.OptBool(p, 2, true)
		if err != nil {
			return nil, err
		}
		tryWitness, tryNoWitness = w, !w
	}
	b, err := hex.DecodeString(h)
	var tx *primitives.Tx
	if err == nil {
		tx, err = btcjson.DecodeRawTx(b, tryNoWitness, tryWitness)
	}
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed")
	}
	tx = tx.Copy()
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		if len(in.ScriptSig) > 0 || len(in.Witness) > 0 {
			if !permit {
				return nil, rpcErr(jsonrpc.CodeDeserializationError, "Inputs must not have scriptSigs and scriptWitnesses")
			}
			in.ScriptSig, in.Witness = nil, nil
		}
	}
	pk, err := psbt.New(tx)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "%s", psbtMessage(err))
	}
	return pk.Base64(), nil
}

// isSegwitScript reports whether spending script needs a witness (native
// witness programs; P2SH is unknown without its redeem script and counted
// as segwit when the caller knows nothing better, as Core's
// IsSegWitOutput with an empty provider does not).
func isSegwitScript(script []byte) bool {
	_, _, ok := witnessProgram(script)
	return ok
}

func (s *Service) utxoUpdatePSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	pk, err := decodePSBTParam(p, 0)
	if err != nil {
		return nil, err
	}
	if p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "utxoupdatepsbt: the descriptors argument is not supported")
	}
	if err := s.fillPSBTUTXOs(pk); err != nil {
		return nil, err
	}
	return pk.Base64(), nil
}

// fillPSBTUTXOs adds the UTXO of every input that lacks one, from the
// mempool, the transaction index or the UTXO set (utxoupdatepsbt's update).
func (s *Service) fillPSBTUTXOs(pk *psbt.Packet) error {
	utx, err := pk.UnsignedTx()
	if err != nil {
		return rpcErr(jsonrpc.CodeDeserializationError, "%s", psbtMessage(err))
	}
	for i := range pk.Inputs {
		if _, ok := pk.UTXO(i); ok || i >= len(utx.Inputs) {
			continue
		}
		op := utx.Inputs[i].PrevOut
		// The whole previous transaction from the mempool or the
		// transaction index.
		var prev *primitives.Tx
		if s.cfg.Mempool != nil {
			if d, ok := s.cfg.Mempool.Get(op.Hash); ok {
				prev = d.Tx
			}
		}
		if prev == nil && s.cfg.TxIndex {
			if tx, _, err := s.cfg.Chain.TxByID(op.Hash); err == nil {
				prev = tx
			}
		}
		if prev != nil {
			if err := pk.AddNonWitnessUTXO(i, prev); err != nil {
				return rpcErr(jsonrpc.CodeMiscError, "%s", psbtMessage(err))
			}
			continue
		}
		if c, ok, err := s.cfg.Chain.LookupCoin(op); err == nil && ok && isSegwitScript(c.Out.ScriptPubKey) {
			if err := pk.AddWitnessUTXO(i, c.Out); err != nil {
				return rpcErr(jsonrpc.CodeMiscError, "%s", psbtMessage(err))
			}
		}
	}
	return nil
}

// analyzeMissing is analyzepsbt's "missing" object.
type analyzeMissing struct {
	PubKeys       []string `json:"pubkeys,omitempty"`
	Signatures    []string `json:"signatures,omitempty"`
	RedeemScript  string   `json:"redeemscript,omitempty"`
	WitnessScript string   `json:"witnessscript,omitempty"`
}

type analyzeInput struct {
	HasUTXO bool            `json:"has_utxo"`
	IsFinal bool            `json:"is_final"`
	Missing *analyzeMissing `json:"missing,omitempty"`
	Next    string          `json:"next,omitempty"`
}

type analyzeResult struct {
	Inputs           []analyzeInput  `json:"inputs,omitempty"`
	EstimatedVSize   *int64          `json:"estimated_vsize,omitempty"`
	EstimatedFeeRate *btcjson.Amount `json:"estimated_feerate,omitempty"`
	Fee              *btcjson.Amount `json:"fee,omitempty"`
	Next             string          `json:"next"`
	Error            string          `json:"error,omitempty"`
}

func hexList(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = hex.EncodeToString(b)
	}
	return out
}

func (s *Service) analyzePSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	pk, err := decodePSBTParam(p, 0)
	if err != nil {
		return nil, err
	}
	a := pk.Analyze()
	out := &analyzeResult{Next: a.Next.String(), Error: a.Error, EstimatedVSize: a.EstimatedVSize}
	for i := range a.Inputs {
		ai := &a.Inputs[i]
		in := analyzeInput{HasUTXO: ai.HasUTXO, IsFinal: ai.IsFinal, Next: ai.Next.String()}
		if ai.HasMissing() {
			m := &analyzeMissing{PubKeys: hexList(ai.MissingPubKeys), Signatures: hexList(ai.MissingSigs)}
			if ai.MissingRedeemScript != nil {
				m.RedeemScript = hex.EncodeToString(ai.MissingRedeemScript)
			}
			if ai.MissingWitnessScript != nil {
				m.WitnessScript = hex.EncodeToString(ai.MissingWitnessScript)
			}
			in.Missing = m
		}
		out.Inputs = append(out.Inputs, in)
	}
	if a.EstimatedFeeRate != nil {
		r := btcjson.Amount(*a.EstimatedFeeRate)
		out.EstimatedFeeRate = &r
	}
	if a.Fee != nil {
		f := btcjson.Amount(*a.Fee)
		out.Fee = &f
	}
	return out, nil
}

// signResult is signrawtransactionwithkey's result.
type signResult struct {
	Hex      string            `json:"hex"`
	Complete bool              `json:"complete"`
	Errors   []psbt.InputError `json:"errors,omitempty"`
}

// parsePrevTxs is Core's ParsePrevouts: the prevtxs entries, checked
// against the UTXO set, with their scripts added to prov.
func (s *Service) parsePrevTxs(raw json.RawMessage, prov *psbt.SimpleProvider) (map[primitives.OutPoint]psbt.PrevOut, error) {
	out := make(map[primitives.OutPoint]psbt.PrevOut)
	if raw == nil || jsonrpc.JSONType(raw) == "null" {
		return out, nil
	}
	var arr []json.RawMessage
	if jsonrpc.JSONType(raw) != "array" || json.Unmarshal(raw, &arr) != nil {
		return nil, rpcutil.TypeError(raw, "array")
	}
	for _, e := range arr {
		pairs, ok := orderedObject(e)
		if !ok {
			return nil, rpcErr(jsonrpc.CodeMiscError, "expected object with {\"txid'\",\"vout\",\"scriptPubKey\"}")
		}
		get := func(k string) json.RawMessage {
			for _, p := range pairs {
				if p.key == k {
					return p.value
				}
			}
			return nil
		}
		str := func(k string) (string, bool) {
			var v string
			r := get(k)
			if r == nil || json.Unmarshal(r, &v) != nil {
				return "", false
			}
			return v, true
		}
		txidStr, ok := str("txid")
		if !ok {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing txid")
		}
		txid, err := rpcutil.ParseHash(txidStr, "txid")
		if err != nil {
			return nil, err
		}
		voutRaw := get("vout")
		if voutRaw == nil || jsonrpc.JSONType(voutRaw) != "number" {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing vout")
		}
		vout, err := rpcutil.ReqInt(&jsonrpc.Params{Positional: []json.RawMessage{voutRaw}}, 0)
		if err != nil {
			return nil, err
		}
		if vout < 0 || vout > 0xffffffff {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "vout cannot be negative")
		}
		spkStr, ok := str("scriptPubKey")
		if !ok {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing scriptPubKey")
		}
		spk, err := rpcutil.ParseHex(spkStr, "scriptPubKey")
		if err != nil {
			return nil, err
		}
		op := primitives.OutPoint{Hash: txid, Index: uint32(vout)}
		po := psbt.PrevOut{OutPoint: op, ScriptPubKey: spk, Amount: consensus.MaxMoney}
		if c, found, err := s.cfg.Chain.LookupCoin(op); err == nil && found && string(c.Out.ScriptPubKey) != string(spk) {
			return nil, rpcErr(jsonrpc.CodeDeserializationError, "Previous output scriptPubKey mismatch:\n%s\nvs:\n%s",
				btcjson.NewScriptPubKeyView(c.Out.ScriptPubKey, s.params()).Asm, btcjson.NewScriptPubKeyView(spk, s.params()).Asm)
		}
		if a := get("amount"); a != nil {
			v, err := rpcutil.AmountFromJSON(a)
			if err != nil {
				return nil, err
			}
			po.Amount = v
		}
		for _, k := range []string{"redeemScript", "witnessScript"} {
			if h, ok := str(k); ok {
				b, err := rpcutil.ParseHex(h, k)
				if err != nil {
					return nil, err
				}
				prov.AddScript(b)
				if k == "redeemScript" {
					po.RedeemScript = b
				} else {
					po.WitnessScript = b
				}
			}
		}
		out[op] = po
	}
	return out, nil
}

func (s *Service) signRawTransactionWithKey(_ context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(h)
	var tx *primitives.Tx
	if err == nil {
		tx, err = btcjson.DecodeRawTx(b, true, true)
	}
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed. Make sure the tx has at least one input.")
	}
	if !p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 2")
	}
	keys, err := stringList(p, 1)
	if err != nil {
		return nil, err
	}
	prov := psbt.NewSimpleProvider()
	for _, k := range keys {
		priv, compressed, err := address.DecodeWIF(k, s.params())
		if err != nil {
			return nil, rpcErr(codeInvalidAddress, "Invalid private key")
		}
		if err := prov.AddKey(priv.Serialize(), compressed); err != nil {
			return nil, rpcErr(codeInvalidAddress, "Invalid private key")
		}
	}
	var prevRaw json.RawMessage
	if p.Has(2) {
		prevRaw = p.Positional[2]
	}
	given, err := s.parsePrevTxs(prevRaw, prov)
	if err != nil {
		return nil, err
	}
	sighash := uint32(txscript.SigHashDefault)
	if p.Has(3) {
		str, err := rpcutil.ReqString(p, 3)
		if err != nil {
			return nil, err
		}
		if sighash, err = psbt.ParseSighash(str); err != nil {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "'%s' is not a valid sighash parameter.", str)
		}
	}
	prevOuts := make([]psbt.PrevOut, 0, len(tx.Inputs))
	for i := range tx.Inputs {
		op := tx.Inputs[i].PrevOut
		if po, ok := given[op]; ok {
			prevOuts = append(prevOuts, po)
			continue
		}
		if s.cfg.Mempool != nil {
			if d, ok := s.cfg.Mempool.Get(op.Hash); ok && int(op.Index) < len(d.Tx.Outputs) {
				out := d.Tx.Outputs[op.Index]
				prevOuts = append(prevOuts, psbt.PrevOut{OutPoint: op, ScriptPubKey: out.ScriptPubKey, Amount: out.Value})
				continue
			}
		}
		if c, ok, err := s.cfg.Chain.LookupCoin(op); err == nil && ok {
			prevOuts = append(prevOuts, psbt.PrevOut{OutPoint: op, ScriptPubKey: c.Out.ScriptPubKey, Amount: c.Out.Value})
		}
	}
	signed, complete, errs := psbt.SignTransaction(tx, prevOuts, prov, sighash)
	return &signResult{Hex: hex.EncodeToString(signed.Bytes()), Complete: complete, Errors: errs}, nil
}
