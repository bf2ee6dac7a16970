package walletrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// feeArgs reads conf_target, estimate_mode and fee_rate at the given
// positions into opts, with Core's mutual-exclusion errors.
func feeArgs(p *jsonrpc.Params, confIdx, modeIdx, rateIdx int, opts *wallet.FundOptions) error {
	if confIdx >= 0 && p.Has(confIdx) {
		ct, err := rpcutil.OptInt(p, confIdx, 0)
		if err != nil {
			return err
		}
		if ct < 1 || ct > 1008 {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid conf_target, must be between 1 and 1008")
		}
		opts.ConfTarget = int(ct)
	}
	if modeIdx >= 0 {
		c, err := estimateMode(p, modeIdx)
		if err != nil {
			return err
		}
		opts.Conservative = c
	}
	if rateIdx >= 0 && p.Has(rateIdx) {
		r, err := feeRateSatVB(raw(p, rateIdx))
		if err != nil {
			return err
		}
		if p.Has(confIdx) {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		if modeIdx >= 0 && p.Has(modeIdx) {
			m, _ := rpcutil.OptString(p, modeIdx, "")
			if !strings.EqualFold(m, "unset") {
				return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both estimate_mode and fee_rate")
			}
		}
		if r == 0 {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Fee rate (0.000 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)")
		}
		opts.FeeRate = r
	}
	return nil
}

func (s *Service) sendToAddress(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	as, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	a, err := s.decodeAddress(as)
	if err != nil {
		return nil, err
	}
	if !p.Has(1) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter amount")
	}
	amount, err := rpcutil.AmountFromJSON(raw(p, 1))
	if err != nil {
		return nil, err
	}
	if amount <= 0 {
		return nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid amount for send")
	}
	sub, err := rpcutil.OptBool(p, 4, false)
	if err != nil {
		return nil, err
	}
	opts := wallet.DefaultFundOptions()
	if opts.Replaceable, err = rpcutil.OptBool(p, 5, true); err != nil {
		return nil, err
	}
	if err := feeArgs(p, 6, 7, 9, &opts); err != nil {
		return nil, err
	}
	avoidReuse, err := rpcutil.OptBool(p, 8, true)
	if err != nil {
		return nil, err
	}
	if !w.AvoidReuse() && p.Has(8) && avoidReuse {
		return nil, jsonrpc.NewError(codeWalletError, "wallet does not have the \"avoid reuse\" feature enabled")
	}
	opts.AllowUsed = !avoidReuse
	verbose, err := rpcutil.OptBool(p, 10, false)
	if err != nil {
		return nil, err
	}
	res, err := w.Send([]wallet.Recipient{{Script: a.ScriptPubKey(), Amount: amount, SubtractFee: sub}}, opts)
	if err != nil {
		return nil, fundingError(err, codeWalletInsufficientFunds)
	}
	if verbose {
		return newObj(2).add("txid", res.TxID.String()).add("fee_reason", feeReason(opts)), nil
	}
	return res.TxID.String(), nil
}

func feeReason(opts wallet.FundOptions) string {
	if opts.FeeRate > 0 {
		return "Fee rate specified"
	}
	return "Fallback fee"
}

// parseOutputs reads sendmany's / send's address->amount object (send also
// accepts an array of one-key objects and {"data": hex}).
func (s *Service) parseOutputs(r json.RawMessage) ([]wallet.Recipient, []string, error) {
	var objs []map[string]json.RawMessage
	switch jsonrpc.JSONType(r) {
	case "object":
		var m orderedMap
		if err := json.Unmarshal(r, &m); err != nil {
			return nil, nil, rpcutil.TypeError(r, "object")
		}
		for i, k := range m.keys {
			objs = append(objs, map[string]json.RawMessage{k: m.vals[i]})
		}
	case "array":
		if err := json.Unmarshal(r, &objs); err != nil {
			return nil, nil, rpcutil.TypeError(r, "array")
		}
	default:
		return nil, nil, rpcutil.TypeError(r, "object")
	}
	var out []wallet.Recipient
	var addrs []string
	seen := make(map[string]bool)
	for _, o := range objs {
		for k, v := range o {
			if k == "data" {
				spk, err := dataScript(v)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, wallet.Recipient{Script: spk})
				addrs = append(addrs, "")
				continue
			}
			a, err := s.decodeAddress(k)
			if err != nil {
				return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid Bitcoin address: %s", k)
			}
			if seen[k] {
				return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, duplicated address: %s", k)
			}
			seen[k] = true
			amt, err := rpcutil.AmountFromJSON(v)
			if err != nil {
				return nil, nil, err
			}
			if amt <= 0 {
				return nil, nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid amount for send")
			}
			out = append(out, wallet.Recipient{Script: a.ScriptPubKey(), Amount: amt})
			addrs = append(addrs, k)
		}
	}
	if len(out) == 0 {
		return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, no outputs")
	}
	return out, addrs, nil
}

// dataScript decodes a "data" output's hex value into its OP_RETURN
// script, with Core's errors.
func dataScript(v json.RawMessage) ([]byte, error) {
	var h string
	if err := json.Unmarshal(v, &h); err != nil {
		return nil, rpcutil.TypeError(v, "string")
	}
	data, err := hex.DecodeString(h)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Data must be hexadecimal string (not '%s')", h)
	}
	return append([]byte{0x6a}, pushData(data)...), nil
}

func pushData(d []byte) []byte {
	switch {
	case len(d) < 76:
		return append([]byte{byte(len(d))}, d...)
	case len(d) < 256:
		return append([]byte{0x4c, byte(len(d))}, d...)
	default:
		return append([]byte{0x4d, byte(len(d)), byte(len(d) >> 8)}, d...)
	}
}

// orderedMap decodes a JSON object keeping its key order.
type orderedMap struct {
	keys []string
	vals []json.RawMessage
}

func (m *orderedMap) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		m.keys = append(m.keys, k)
		m.vals = append(m.vals, v)
	}
	return nil
}

// subtractFrom marks the recipients named in a subtractfeefrom list
// (addresses for sendmany, output indexes for send).
func subtractFrom(r json.RawMessage, recips []wallet.Recipient, addrs []string) error {
	if jsonrpc.JSONType(r) == "null" {
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(r, &list); err != nil {
		return rpcutil.TypeError(r, "array")
	}
	for _, e := range list {
		switch jsonrpc.JSONType(e) {
		case "number":
			var i int
			if err := json.Unmarshal(e, &i); err != nil || i < 0 || i >= len(recips) {
				return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter 'subtract fee from output', destination %s not found in tx outputs", string(e))
			}
			recips[i].SubtractFee = true
		case "string":
			var a string
			_ = json.Unmarshal(e, &a)
			found := false
			for i := range addrs {
				if addrs[i] == a {
					recips[i].SubtractFee, found = true, true
				}
			}
			if !found {
				return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter 'subtract fee from output', destination %s not found in tx outputs", a)
			}
		default:
			return rpcutil.TypeError(e, "string")
		}
	}
	return nil
}

func (s *Service) sendMany(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	if p.Has(0) {
		d, _ := rpcutil.OptString(p, 0, "")
		if d != "" {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Dummy value must be set to \"\"")
		}
	}
	if !p.Has(1) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter amounts")
	}
	recips, addrs, err := s.parseOutputs(raw(p, 1))
	if err != nil {
		return nil, err
	}
	if jsonrpc.JSONType(raw(p, 1)) != "object" {
		return nil, rpcutil.TypeError(raw(p, 1), "object")
	}
	opts := wallet.DefaultFundOptions()
	minconf, err := rpcutil.OptInt(p, 2, 0)
	if err != nil {
		return nil, err
	}
	opts.MinConf = int32(max(minconf, 0))
	if err := subtractFrom(raw(p, 4), recips, addrs); err != nil {
		return nil, err
	}
	if opts.Replaceable, err = rpcutil.OptBool(p, 5, true); err != nil {
		return nil, err
	}
	if err := feeArgs(p, 6, 7, 8, &opts); err != nil {
		return nil, err
	}
	verbose, err := rpcutil.OptBool(p, 9, false)
	if err != nil {
		return nil, err
	}
	res, err := w.Send(recips, opts)
	if err != nil {
		return nil, fundingError(err, codeWalletInsufficientFunds)
	}
	if verbose {
		return newObj(2).add("txid", res.TxID.String()).add("fee_reason", feeReason(opts)), nil
	}
	return res.TxID.String(), nil
}

// fundOptionsJSON is the options object of send, fundrawtransaction and
// walletcreatefundedpsbt (both spellings Core accepts).
type fundOptionsJSON struct {
	AddInputs        *bool           `json:"add_inputs"`
	AddToWallet      *bool           `json:"add_to_wallet"`
	ChangeAddress    string          `json:"change_address"`
	ChangeAddressC   string          `json:"changeAddress"`
	ChangePosition   *int            `json:"change_position"`
	ChangePositionC  *int            `json:"changePosition"`
	ChangeType       string          `json:"change_type"`
	FeeRate          json.RawMessage `json:"fee_rate"`
	FeeRateBTC       json.RawMessage `json:"feeRate"`
	IncludeWatching  *bool           `json:"include_watching"`
	Inputs           []inputJSON     `json:"inputs"`
	LockTime         *uint32         `json:"locktime"`
	LockUnspents     *bool           `json:"lock_unspents"`
	LockUnspentsC    *bool           `json:"lockUnspents"`
	PSBT             *bool           `json:"psbt"`
	SubtractFeeFrom  json.RawMessage `json:"subtract_fee_from_outputs"`
	SubtractFeeFromC json.RawMessage `json:"subtractFeeFromOutputs"`
	Replaceable      *bool           `json:"replaceable"`
	ConfTarget       *int            `json:"conf_target"`
	EstimateMode     string          `json:"estimate_mode"`
	MinConf          *int32          `json:"minconf"`
}

type inputJSON struct {
	TxID     string  `json:"txid"`
	Vout     *int64  `json:"vout"`
	Sequence *uint32 `json:"sequence"`
}

// applyFundOptions copies an options object onto opts.
func (s *Service) applyFundOptions(o *fundOptionsJSON, opts *wallet.FundOptions) error {
	if o.AddInputs != nil {
		opts.AddInputs = *o.AddInputs
	}
	ca := o.ChangeAddress
	if ca == "" {
		ca = o.ChangeAddressC
	}
	if ca != "" {
		a, err := s.decodeAddress(ca)
		if err != nil {
			return jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Change address must be a valid bitcoin address")
		}
		opts.ChangeScript = a.ScriptPubKey()
	}
	if o.ChangePosition != nil {
		opts.ChangePosition = *o.ChangePosition
	} else if o.ChangePositionC != nil {
		opts.ChangePosition = *o.ChangePositionC
	}
	if o.ChangeType != "" {
		if ca != "" {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both change address and address type options")
		}
		switch o.ChangeType {
		case wallet.TypeLegacy, wallet.TypeP2SHSegwit, wallet.TypeBech32, wallet.TypeBech32m:
		default:
			return jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Unknown change type '%s'", o.ChangeType)
		}
		opts.ChangeType = o.ChangeType
	}
	if jsonrpc.JSONType(o.FeeRate) != "null" {
		r, err := feeRateSatVB(o.FeeRate)
		if err != nil {
			return err
		}
		opts.FeeRate = r
	}
	if jsonrpc.JSONType(o.FeeRateBTC) != "null" {
		if opts.FeeRate != 0 {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)")
		}
		r, err := rpcutil.AmountFromJSON(o.FeeRateBTC)
		if err != nil {
			return err
		}
		opts.FeeRate = r
	}
	if o.ConfTarget != nil {
		if opts.FeeRate != 0 {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		opts.ConfTarget = *o.ConfTarget
	}
	switch strings.ToLower(o.EstimateMode) {
	case "", "unset", "economical":
	case "conservative":
		opts.Conservative = true
	default:
		return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
	}
	if o.LockUnspents != nil {
		opts.LockUnspents = *o.LockUnspents
	} else if o.LockUnspentsC != nil {
		opts.LockUnspents = *o.LockUnspentsC
	}
	if o.Replaceable != nil {
		opts.Replaceable = *o.Replaceable
	}
	if o.MinConf != nil {
		opts.MinConf = *o.MinConf
	}
	return nil
}

func (s *Service) buildInputs(ins []inputJSON, replaceable bool) ([]primitives.TxIn, error) {
	var out []primitives.TxIn
	for _, in := range ins {
		h, err := rpcutil.ParseHash(in.TxID, "txid")
		if err != nil {
			return nil, err
		}
		if in.Vout == nil || *in.Vout < 0 {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, missing vout key")
		}
		seq := uint32(wallet.SequenceNoRBF)
		if replaceable {
			seq = wallet.SequenceRBF
		}
		if in.Sequence != nil {
			seq = *in.Sequence
		}
		out = append(out, primitives.TxIn{PrevOut: primitives.OutPoint{Hash: h, Index: uint32(*in.Vout)}, Sequence: seq})
	}
	return out, nil
}

func (s *Service) send(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	if !p.Has(0) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter outputs")
	}
	recips, _, err := s.parseOutputs(raw(p, 0))
	if err != nil {
		return nil, err
	}
	opts := wallet.DefaultFundOptions()
	if err := feeArgs(p, 1, 2, 3, &opts); err != nil {
		return nil, err
	}
	var o fundOptionsJSON
	if err := p.Decode(4, &o); err != nil {
		return nil, err
	}
	if err := s.applyFundOptions(&o, &opts); err != nil {
		return nil, err
	}
	sffo := o.SubtractFeeFrom
	if jsonrpc.JSONType(sffo) == "null" {
		sffo = o.SubtractFeeFromC
	}
	if err := subtractFrom(sffo, recips, nil); err != nil {
		return nil, err
	}
	tx := &primitives.Tx{Version: 2}
	if tx.Inputs, err = s.buildInputs(o.Inputs, opts.Replaceable); err != nil {
		return nil, err
	}
	if len(tx.Inputs) > 0 && o.AddInputs == nil {
		opts.AddInputs = false
	}
	if o.LockTime != nil {
		tx.LockTime = *o.LockTime
		opts.NoAntiFeeSnipe = true
	}
	for i, r := range recips {
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: r.Amount, ScriptPubKey: r.Script})
		if r.SubtractFee {
			opts.SubtractFeeFrom = append(opts.SubtractFeeFrom, i)
		}
	}
	addToWallet := o.AddToWallet == nil || *o.AddToWallet
	wantPSBT := o.PSBT != nil && *o.PSBT
	if addToWallet && !wantPSBT {
		res, err := w.SendTx(tx, opts)
		if err != nil {
			return nil, fundingError(err, codeWalletError)
		}
		return newObj(2).add("txid", res.TxID.String()).add("complete", true), nil
	}
	fr, err := w.Fund(tx, opts)
	if err != nil {
		return nil, fundingError(err, codeWalletError)
	}
	pk, err := psbt.New(fr.Tx)
	if err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "%v", err)
	}
	complete, err := w.FillPSBT(pk, wallet.PSBTOptions{Sign: !w.PrivateKeysDisabled(), Bip32Derivs: true, Finalize: true})
	if err != nil {
		return nil, err
	}
	res := newObj(3)
	if complete {
		final, err := pk.Extract()
		if err == nil {
			if !wantPSBT {
				res.add("txid", final.TxHash().String()).add("hex", hex.EncodeToString(final.Bytes()))
			} else {
				res.add("psbt", pk.Base64())
			}
			return res.add("complete", true), nil
		}
	}
	return res.add("psbt", pk.Base64()).add("complete", false), nil
}

func (s *Service) fundRawTransaction(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "TX decode failed")
	}
	tx, err := btcjson.DecodeRawTx(b, true, true)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "TX decode failed")
	}
	opts := wallet.DefaultFundOptions()
	opts.NoAntiFeeSnipe = true
	if p.Has(1) && jsonrpc.JSONType(raw(p, 1)) == "object" {
		var o fundOptionsJSON
		if err := p.Decode(1, &o); err != nil {
			return nil, err
		}
		if err := s.applyFundOptions(&o, &opts); err != nil {
			return nil, err
		}
		sffo := o.SubtractFeeFrom
		if jsonrpc.JSONType(sffo) == "null" {
			sffo = o.SubtractFeeFromC
		}
		if jsonrpc.JSONType(sffo) != "null" {
			var idx []int
			if err := json.Unmarshal(sffo, &idx); err != nil {
				return nil, rpcutil.TypeError(sffo, "array")
			}
			opts.SubtractFeeFrom = idx
		}
	}
	// Preset inputs keep their sequences; new ones signal RBF.
	for i := range tx.Inputs {
		tx.Inputs[i].ScriptSig, tx.Inputs[i].Witness = nil, nil
	}
	fr, err := w.Fund(tx, opts)
	if err != nil {
		return nil, fundingError(err, codeWalletError)
	}
	return newObj(3).add("hex", hex.EncodeToString(fr.Tx.Bytes())).add("fee", btcjson.Amount(fr.Fee)).add("changepos", fr.ChangePos), nil
}

type prevTxJSON struct {
	TxID         string          `json:"txid"`
	Vout         *int64          `json:"vout"`
	ScriptPubKey string          `json:"scriptPubKey"`
	Amount       json.RawMessage `json:"amount"`
}

func (s *Service) signRawTransactionWithWallet(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "TX decode failed. Make sure the tx has at least one input.")
	}
	tx, err := btcjson.DecodeRawTx(b, true, true)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "TX decode failed. Make sure the tx has at least one input.")
	}
	var prevs []prevTxJSON
	if err := p.Decode(1, &prevs); err != nil {
		return nil, err
	}
	if sh, _ := rpcutil.OptString(p, 2, "DEFAULT"); sh != "DEFAULT" && sh != "ALL" {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Only the DEFAULT and ALL sighash types are supported by this wallet")
	}
	prevOuts := make([]primitives.TxOut, len(tx.Inputs))
	for _, pv := range prevs {
		ph, err := rpcutil.ParseHash(pv.TxID, "txid")
		if err != nil {
			return nil, err
		}
		if pv.Vout == nil || *pv.Vout < 0 {
			return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "vout cannot be negative")
		}
		spk, err := hex.DecodeString(pv.ScriptPubKey)
		if err != nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "scriptPubKey must be hexadecimal string")
		}
		var amt int64
		if jsonrpc.JSONType(pv.Amount) != "null" {
			if amt, err = rpcutil.AmountFromJSON(pv.Amount); err != nil {
				return nil, err
			}
		}
		for i, in := range tx.Inputs {
			if in.PrevOut.Hash == ph && in.PrevOut.Index == uint32(*pv.Vout) {
				prevOuts[i] = primitives.TxOut{Value: amt, ScriptPubKey: spk}
			}
		}
	}
	complete, errs, err := w.SignTransaction(tx, prevOuts)
	if err != nil {
		return nil, err
	}
	o := newObj(3).add("hex", hex.EncodeToString(tx.Bytes())).add("complete", complete)
	if len(errs) > 0 {
		list := make([]any, 0, len(errs))
		for _, e := range errs {
			in := tx.Inputs[e.Index]
			wit := make([]string, 0, len(in.Witness))
			for _, x := range in.Witness {
				wit = append(wit, hex.EncodeToString(x))
			}
			list = append(list, newObj(6).add("txid", in.PrevOut.Hash.String()).add("vout", in.PrevOut.Index).
				add("witness", wit).add("scriptSig", hex.EncodeToString(in.ScriptSig)).add("sequence", in.Sequence).add("error", e.Error))
		}
		o.add("errors", list)
	}
	return o, nil
}

func (s *Service) bumpFee(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	h, opts, err := bumpArgs(p)
	if err != nil {
		return nil, err
	}
	res, err := w.BumpFee(h, opts)
	if err != nil {
		return nil, err
	}
	return newObj(4).add("txid", res.TxID.String()).add("origfee", btcjson.Amount(res.OrigFee)).
		add("fee", btcjson.Amount(res.Fee)).add("errors", []string{}), nil
}

// psbtBumpFee is Core's psbtbumpfee: bumpfee's replacement as an unsigned
// PSBT, with the wallet's input data and BIP32 derivations filled in.
func (s *Service) psbtBumpFee(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	h, opts, err := bumpArgs(p)
	if err != nil {
		return nil, err
	}
	res, err := w.PSBTBumpFee(h, opts)
	if err != nil {
		return nil, err
	}
	pk, err := psbt.New(res.Tx)
	if err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "%v", err)
	}
	if _, err := w.FillPSBT(pk, wallet.PSBTOptions{Bip32Derivs: true}); err != nil {
		return nil, err
	}
	return newObj(4).add("psbt", pk.Base64()).add("origfee", btcjson.Amount(res.OrigFee)).
		add("fee", btcjson.Amount(res.Fee)).add("errors", []string{}), nil
}

// bumpArgs reads bumpfee's and psbtbumpfee's arguments: the txid and the
// fee options.
func bumpArgs(p *jsonrpc.Params) (chainhash.Hash, wallet.FundOptions, error) {
	opts := wallet.DefaultFundOptions()
	ts, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return chainhash.Hash{}, opts, err
	}
	h, err := rpcutil.ParseHash(ts, "txid")
	if err != nil {
		return chainhash.Hash{}, opts, err
	}
	var o fundOptionsJSON
	if err := p.Decode(1, &o); err != nil {
		return chainhash.Hash{}, opts, err
	}
	if jsonrpc.JSONType(o.FeeRate) != "null" {
		r, err := feeRateSatVB(o.FeeRate)
		if err != nil {
			return chainhash.Hash{}, opts, err
		}
		opts.FeeRate = r
	}
	if o.ConfTarget != nil {
		if opts.FeeRate != 0 {
			return chainhash.Hash{}, opts, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		opts.ConfTarget = *o.ConfTarget
	}
	return h, opts, nil
}

// ---- PSBT ----

func (s *Service) walletCreateFundedPSBT(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	var ins []inputJSON
	if err := p.Decode(0, &ins); err != nil {
		return nil, err
	}
	if !p.Has(1) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter outputs")
	}
	recips, _, err := s.parseOutputs(raw(p, 1))
	if err != nil {
		return nil, err
	}
	lockTime, err := rpcutil.OptInt(p, 2, 0)
	if err != nil {
		return nil, err
	}
	opts := wallet.DefaultFundOptions()
	var o fundOptionsJSON
	if err := p.Decode(3, &o); err != nil {
		return nil, err
	}
	if err := s.applyFundOptions(&o, &opts); err != nil {
		return nil, err
	}
	if len(ins) > 0 && o.AddInputs == nil {
		opts.AddInputs = false
	}
	bip32, err := rpcutil.OptBool(p, 4, true)
	if err != nil {
		return nil, err
	}
	tx := &primitives.Tx{Version: 2, LockTime: uint32(lockTime)}
	if lockTime != 0 {
		opts.NoAntiFeeSnipe = true
	}
	if tx.Inputs, err = s.buildInputs(ins, opts.Replaceable); err != nil {
		return nil, err
	}
	for _, r := range recips {
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: r.Amount, ScriptPubKey: r.Script})
	}
	sffo := o.SubtractFeeFrom
	if jsonrpc.JSONType(sffo) == "null" {
		sffo = o.SubtractFeeFromC
	}
	if jsonrpc.JSONType(sffo) != "null" {
		var idx []int
		if err := json.Unmarshal(sffo, &idx); err != nil {
			return nil, rpcutil.TypeError(sffo, "array")
		}
		opts.SubtractFeeFrom = idx
	}
	fr, err := w.Fund(tx, opts)
	if err != nil {
		return nil, fundingError(err, codeWalletError)
	}
	pk, err := psbt.New(fr.Tx)
	if err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "%v", err)
	}
	if _, err := w.FillPSBT(pk, wallet.PSBTOptions{Bip32Derivs: bip32}); err != nil {
		return nil, err
	}
	return newObj(3).add("psbt", pk.Base64()).add("fee", btcjson.Amount(fr.Fee)).add("changepos", fr.ChangePos), nil
}

var sighashNames = map[string]uint32{
	"DEFAULT": 0, "ALL": 1, "NONE": 2, "SINGLE": 3,
	"ALL|ANYONECANPAY": 0x81, "NONE|ANYONECANPAY": 0x82, "SINGLE|ANYONECANPAY": 0x83,
}

func (s *Service) walletProcessPSBT(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	b64, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	pk, err := psbt.DecodeBase64(b64)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "TX decode failed %v", err)
	}
	sign, err := rpcutil.OptBool(p, 1, true)
	if err != nil {
		return nil, err
	}
	shName, err := rpcutil.OptString(p, 2, "DEFAULT")
	if err != nil {
		return nil, err
	}
	sh, ok := sighashNames[strings.ToUpper(shName)]
	if !ok {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "'%s' is not a valid sighash parameter.", shName)
	}
	bip32, err := rpcutil.OptBool(p, 3, true)
	if err != nil {
		return nil, err
	}
	finalize, err := rpcutil.OptBool(p, 4, true)
	if err != nil {
		return nil, err
	}
	if sign && w.IsLocked() {
		return nil, jsonrpc.NewError(codeWalletUnlockNeeded, "Error: Please enter the wallet passphrase with walletpassphrase first.")
	}
	complete, err := w.FillPSBT(pk, wallet.PSBTOptions{Sign: sign, SighashType: sh, Bip32Derivs: bip32, Finalize: finalize})
	if err != nil {
		return nil, err
	}
	o := newObj(3).add("psbt", pk.Base64()).add("complete", complete)
	if complete {
		if final, err := pk.Extract(); err == nil {
			o.add("hex", hex.EncodeToString(final.Bytes()))
		}
	}
	return o, nil
}
