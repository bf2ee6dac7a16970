package walletrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// one wraps a single JSON value as parameters, to read an options member
// with the rpcutil parameter helpers.
func one(r json.RawMessage) *jsonrpc.Params {
	return &jsonrpc.Params{Positional: []json.RawMessage{r}}
}

// optionsObject decodes an options parameter into its members (nil when
// absent).
func optionsObject(p *jsonrpc.Params, i int) (map[string]json.RawMessage, error) {
	r := raw(p, i)
	switch jsonrpc.JSONType(r) {
	case "null":
		return map[string]json.RawMessage{}, nil
	case "object":
		var m map[string]json.RawMessage
		if err := json.Unmarshal(r, &m); err != nil {
			return nil, rpcutil.TypeError(r, "object")
		}
		for k, v := range m {
			if jsonrpc.JSONType(v) == "null" {
				delete(m, k)
			}
		}
		return m, nil
	}
	return nil, rpcutil.TypeError(r, "object")
}

// preventOutdatedOptions is Core's PreventOutdatedOptions.
func preventOutdatedOptions(o map[string]json.RawMessage) error {
	for _, c := range []struct{ old, msg string }{
		{"feeRate", "Use fee_rate (sat/vB) instead of feeRate"},
		{"changeAddress", "Use change_address instead of changeAddress"},
		{"changePosition", "Use change_position instead of changePosition"},
		{"includeWatching", "Use include_watching instead of includeWatching"},
		{"lockUnspents", "Use lock_unspents instead of lockUnspents"},
		{"subtractFeeFromOutputs", "Use subtract_fee_from_outputs instead of subtractFeeFromOutputs"},
	} {
		if _, ok := o[c.old]; ok {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s", c.msg)
		}
	}
	return nil
}

// feeInstructions merges the positional conf_target, estimate_mode and
// fee_rate into the options and applies them to opts (Core's
// InterpretFeeEstimationInstructions and SetFeeEstimateMode).
func feeInstructions(p *jsonrpc.Params, confIdx, modeIdx, rateIdx int, o map[string]json.RawMessage, opts *wallet.FundOptions) error {
	_, oConf := o["conf_target"]
	_, oMode := o["estimate_mode"]
	if oConf || oMode {
		if p.Has(confIdx) || p.Has(modeIdx) {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Pass conf_target and estimate_mode either as arguments or in the options object, but not both")
		}
	} else {
		if p.Has(confIdx) {
			o["conf_target"] = raw(p, confIdx)
		}
		if p.Has(modeIdx) {
			o["estimate_mode"] = raw(p, modeIdx)
		}
	}
	if _, ok := o["fee_rate"]; ok {
		if p.Has(rateIdx) {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Pass the fee_rate either as an argument, or in the options object, but not both")
		}
	} else if p.Has(rateIdx) {
		o["fee_rate"] = raw(p, rateIdx)
	}
	mode := ""
	if r, ok := o["estimate_mode"]; ok {
		m, err := rpcutil.ReqString(one(r), 0)
		if err != nil {
			return err
		}
		mode = m
	}
	conf, hasConf := o["conf_target"]
	if hasConf && (mode == "" || mode == "unset") {
		return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Specify estimate_mode")
	}
	if r, ok := o["fee_rate"]; ok {
		if hasConf {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		if mode != "" && mode != "unset" {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot specify both estimate_mode and fee_rate")
		}
		rate, err := feeRateSatVB(r)
		if err != nil {
			return err
		}
		if rate == 0 {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Fee rate (0.000 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)")
		}
		opts.FeeRate = rate
		return nil
	}
	switch strings.ToLower(mode) {
	case "", "unset", "economical":
	case "conservative":
		opts.Conservative = true
	default:
		return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
	}
	if hasConf {
		ct, err := rpcutil.OptInt(one(conf), 0, 0)
		if err != nil {
			return err
		}
		if ct < 1 || ct > 1008 {
			return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid conf_target, must be between 1 and 1008")
		}
		opts.ConfTarget = int(ct)
	}
	return nil
}

// optBool reads a boolean option.
func optBool(o map[string]json.RawMessage, k string, def bool) (bool, error) {
	r, ok := o[k]
	if !ok {
		return def, nil
	}
	return rpcutil.OptBool(one(r), 0, def)
}

// sendAllRecipients parses sendall's recipients: addresses taking a share
// of the remainder, or {address: amount} / {"data": hex} objects.
func (s *Service) sendAllRecipients(p *jsonrpc.Params) ([]primitives.TxOut, []bool, error) {
	r := raw(p, 0)
	if !p.Has(0) {
		return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter recipients")
	}
	var list []json.RawMessage
	if jsonrpc.JSONType(r) != "array" || json.Unmarshal(r, &list) != nil {
		return nil, nil, rpcutil.TypeError(r, "array")
	}
	var outs []primitives.TxOut
	var rem []bool
	seen := make(map[string]bool)
	remainders := 0
	for _, e := range list {
		if jsonrpc.JSONType(e) == "string" {
			var as string
			_ = json.Unmarshal(e, &as)
			a, err := s.decodeAddress(as)
			if err != nil {
				return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid Bitcoin address: %s", as)
			}
			if seen[as] {
				return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, duplicated address: %s", as)
			}
			seen[as] = true
			outs = append(outs, primitives.TxOut{ScriptPubKey: a.ScriptPubKey()})
			rem = append(rem, true)
			remainders++
			continue
		}
		var m orderedMap
		if jsonrpc.JSONType(e) != "object" || json.Unmarshal(e, &m) != nil {
			return nil, nil, rpcutil.TypeError(e, "object")
		}
		for i, k := range m.keys {
			v := m.vals[i]
			if k == "data" {
				spk, err := dataScript(v)
				if err != nil {
					return nil, nil, err
				}
				if seen["data"] {
					return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, duplicate key: data")
				}
				seen["data"] = true
				outs = append(outs, primitives.TxOut{ScriptPubKey: spk})
				rem = append(rem, false)
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
			outs = append(outs, primitives.TxOut{Value: amt, ScriptPubKey: a.ScriptPubKey()})
			rem = append(rem, false)
		}
	}
	if remainders == 0 {
		return nil, nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Must provide at least one address without a specified amount")
	}
	return outs, rem, nil
}

func (s *Service) sendAll(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	o, err := optionsObject(p, 4)
	if err != nil {
		return nil, err
	}
	opts := wallet.DefaultFundOptions()
	if err := feeInstructions(p, 1, 2, 3, o, &opts); err != nil {
		return nil, err
	}
	if err := preventOutdatedOptions(o); err != nil {
		return nil, err
	}
	outs, rem, err := s.sendAllRecipients(p)
	if err != nil {
		return nil, err
	}
	req := wallet.SendAllRequest{Outputs: outs, Remainder: rem, MaxConf: -1, Fee: opts}
	if _, err := optBool(o, "include_watching", false); err != nil {
		return nil, err
	}
	_, hasMin := o["minconf"]
	_, hasMax := o["maxconf"]
	if hasMin {
		n, err := rpcutil.OptInt(one(o["minconf"]), 0, 0)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid minconf (minconf cannot be negative): %d", n)
		}
		req.MinConf = int32(min(n, 1<<31-1))
	}
	if hasMax {
		n, err := rpcutil.OptInt(one(o["maxconf"]), 0, 0)
		if err != nil {
			return nil, err
		}
		if n < int64(req.MinConf) {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "maxconf can't be lower than minconf: %d < %d", n, req.MinConf)
		}
		req.MaxConf = int32(min(n, 1<<31-1))
	}
	if req.Replaceable, err = optBool(o, "replaceable", true); err != nil {
		return nil, err
	}
	if r, ok := o["locktime"]; ok {
		lt, err := rpcutil.OptInt(one(r), 0, 0)
		if err != nil {
			return nil, err
		}
		if lt < 0 || lt > 0xffffffff {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, locktime out of range")
		}
		req.LockTime = uint32(lt)
	}
	_, hasInputs := o["inputs"]
	_, hasSendMax := o["send_max"]
	if req.SendMax, err = optBool(o, "send_max", false); err != nil {
		return nil, err
	}
	switch {
	case hasInputs && hasSendMax:
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot combine send_max with specific inputs.")
	case hasInputs && (hasMin || hasMax):
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Cannot combine minconf or maxconf with specific inputs.")
	case hasInputs:
		req.UseInputs = true
		var ins []inputJSON
		if err := json.Unmarshal(o["inputs"], &ins); err != nil {
			return nil, rpcutil.TypeError(o["inputs"], "array")
		}
		for _, in := range ins {
			h, err := rpcutil.ParseHash(in.TxID, "txid")
			if err != nil {
				return nil, err
			}
			if in.Vout == nil {
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, missing vout key")
			}
			if *in.Vout < 0 {
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, vout cannot be negative")
			}
			seq := uint32(0xffffffff)
			switch {
			case req.Replaceable:
				seq = wallet.SequenceRBF
			case req.LockTime != 0:
				seq = wallet.SequenceNoRBF
			}
			if in.Sequence != nil {
				seq = *in.Sequence
			}
			req.Inputs = append(req.Inputs, primitives.TxIn{PrevOut: primitives.OutPoint{Hash: h, Index: uint32(*in.Vout)}, Sequence: seq})
		}
	}
	if req.LockUnspents, err = optBool(o, "lock_unspents", false); err != nil {
		return nil, err
	}
	wantPSBT, err := optBool(o, "psbt", false)
	if err != nil {
		return nil, err
	}
	addToWallet, err := optBool(o, "add_to_wallet", true)
	if err != nil {
		return nil, err
	}

	if addToWallet && !wantPSBT && !w.PrivateKeysDisabled() {
		res, err := w.SendAll(req)
		if err != nil {
			return nil, err
		}
		return newObj(2).add("txid", res.TxID.String()).add("complete", true), nil
	}
	fr, err := w.BuildSendAll(req)
	if err != nil {
		return nil, err
	}
	pk, err := psbt.New(fr.Tx)
	if err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "%v", err)
	}
	complete, err := w.FillPSBT(pk, wallet.PSBTOptions{Sign: !w.PrivateKeysDisabled(), Bip32Derivs: true, Finalize: true})
	if err != nil {
		return nil, err
	}
	var final *primitives.Tx
	if complete {
		if final, err = pk.Extract(); err != nil {
			complete = false
		}
	}
	res := newObj(4)
	if wantPSBT || !complete || !addToWallet {
		res.add("psbt", pk.Base64())
	}
	if complete {
		res.add("txid", final.TxHash().String())
		if addToWallet && !wantPSBT {
			if err := w.Broadcast(final); err != nil {
				return nil, err
			}
		} else {
			res.add("hex", hex.EncodeToString(final.Bytes()))
		}
	}
	return res.add("complete", complete), nil
}
