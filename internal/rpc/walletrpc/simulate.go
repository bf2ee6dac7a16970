package walletrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// simulateRawTransaction is Core's simulaterawtransaction: the wallet's
// balance change if the given transactions were signed and broadcast in
// order, {"balance_change": amount}.
func (s *Service) simulateRawTransaction(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	// options: {"include_watchonly": bool}, checked as Core's
	// RPCTypeCheckObj (null allowed, unknown keys rejected). A descriptor
	// wallet's scripts are all "mine", so the flag changes nothing.
	if opt := raw(p, 1); jsonrpc.JSONType(opt) == "object" {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(opt, &o); err != nil {
			return nil, rpcutil.TypeError(opt, "object")
		}
		if v, ok := o["include_watchonly"]; ok {
			if t := jsonrpc.JSONType(v); t != "bool" && t != "null" {
				return nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "JSON value of type %s for field include_watchonly is not of expected type bool", t)
			}
		}
		for k := range o {
			if k != "include_watchonly" {
				return nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "Unexpected key %s", k)
			}
		}
	} else if t := jsonrpc.JSONType(opt); t != "null" {
		return nil, rpcutil.TypeError(opt, "object")
	}
	arr := raw(p, 0)
	if jsonrpc.JSONType(arr) != "array" {
		return nil, rpcutil.TypeError(arr, "array")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(arr, &items); err != nil {
		return nil, rpcutil.TypeError(arr, "array")
	}
	txs := make([]*primitives.Tx, 0, len(items))
	for _, it := range items {
		var h string
		if err := json.Unmarshal(it, &h); err != nil {
			return nil, rpcutil.TypeError(it, "string")
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Transaction hex string decoding failure.")
		}
		tx, err := btcjson.DecodeRawTx(b, true, true)
		if err != nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Transaction hex string decoding failure.")
		}
		txs = append(txs, tx)
	}
	change, err := w.SimulateTransactions(txs)
	if err != nil {
		return nil, err
	}
	return newObj(1).add("balance_change", btcjson.Amount(change)), nil
}
