package walletrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"math"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

func (s *Service) getBalance(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	if p.Has(0) {
		d, err := rpcutil.ReqString(p, 0)
		if err != nil {
			return nil, err
		}
		if d != "*" {
			return nil, jsonrpc.NewError(jsonrpc.CodeMethodDeprecated, "dummy first argument must be excluded or set to \"*\".")
		}
	}
	minconf, err := rpcutil.OptInt(p, 1, 0)
	if err != nil {
		return nil, err
	}
	if minconf < 0 {
		minconf = 0
	}
	avoidReuse, err := rpcutil.OptBool(p, 3, true)
	if err != nil {
		return nil, err
	}
	if !w.AvoidReuse() && p.Has(3) && avoidReuse {
		return nil, jsonrpc.NewError(codeWalletError, "wallet does not have the \"avoid reuse\" feature enabled")
	}
	bal := w.BalanceMinConf(int32(min(minconf, math.MaxInt32)))
	if w.AvoidReuse() && !avoidReuse {
		bal += w.Balances().Used
	}
	return btcjson.Amount(bal), nil
}

func (s *Service) getBalances(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	b := w.Balances()
	mine := newObj(4).add("trusted", btcjson.Amount(b.Trusted)).
		add("untrusted_pending", btcjson.Amount(b.UntrustedPending)).
		add("immature", btcjson.Amount(b.Immature))
	if w.AvoidReuse() {
		mine.add("used", btcjson.Amount(b.Used))
	}
	hash, height := w.BestBlock()
	return newObj(2).add("mine", mine).add("lastprocessedblock", newObj(2).add("hash", hash.String()).add("height", height)), nil
}

type queryOptions struct {
	MinimumAmount    json.RawMessage `json:"minimumAmount"`
	MaximumAmount    json.RawMessage `json:"maximumAmount"`
	MaximumCount     *int64          `json:"maximumCount"`
	MinimumSumAmount json.RawMessage `json:"minimumSumAmount"`
}

func optAmountAny(r json.RawMessage, def int64) (int64, error) {
	if jsonrpc.JSONType(r) == "null" {
		return def, nil
	}
	return rpcutil.AmountFromJSON(r)
}

func (s *Service) listUnspent(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	minconf, err := rpcutil.OptInt(p, 0, 1)
	if err != nil {
		return nil, err
	}
	maxconf, err := rpcutil.OptInt(p, 1, 9999999)
	if err != nil {
		return nil, err
	}
	var filter map[string]bool
	if p.Has(2) {
		var addrs []string
		if err := p.Decode(2, &addrs); err != nil {
			return nil, err
		}
		filter = make(map[string]bool)
		for _, a := range addrs {
			ad, err := address.Decode(a, s.params)
			if err != nil {
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid Bitcoin address: %s", a)
			}
			k := string(ad.ScriptPubKey())
			if filter[k] {
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, duplicated address: %s", a)
			}
			filter[k] = true
		}
	}
	includeUnsafe, err := rpcutil.OptBool(p, 3, true)
	if err != nil {
		return nil, err
	}
	var q queryOptions
	if err := p.Decode(4, &q); err != nil {
		return nil, err
	}
	minAmount, err := optAmountAny(q.MinimumAmount, 0)
	if err != nil {
		return nil, err
	}
	maxAmount, err := optAmountAny(q.MaximumAmount, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	minSum, err := optAmountAny(q.MinimumSumAmount, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	maxCount := int64(math.MaxInt64)
	if q.MaximumCount != nil && *q.MaximumCount > 0 {
		maxCount = *q.MaximumCount
	}
	out := []any{}
	var sum int64
	for _, u := range w.Unspent() {
		if u.Locked || u.Immature {
			continue
		}
		if int64(u.Confirmations) < minconf || int64(u.Confirmations) > maxconf {
			continue
		}
		if filter != nil && !filter[string(u.TxOut.ScriptPubKey)] {
			continue
		}
		safe := u.Trusted
		if !safe && !includeUnsafe {
			continue
		}
		if u.TxOut.Value < minAmount || u.TxOut.Value > maxAmount {
			continue
		}
		o := newObj(14).add("txid", u.OutPoint.Hash.String()).add("vout", u.OutPoint.Index)
		if a, err := address.FromScriptPubKey(u.TxOut.ScriptPubKey, s.params); err == nil {
			o.add("address", a.String())
		}
		if l, ok := w.Label(u.TxOut.ScriptPubKey); ok {
			o.add("label", l)
		}
		o.add("scriptPubKey", hex.EncodeToString(u.TxOut.ScriptPubKey)).
			add("amount", btcjson.Amount(u.TxOut.Value)).
			add("confirmations", u.Confirmations)
		if u.Confirmations == 0 {
			o.add("ancestorcount", 1)
		}
		o.add("spendable", u.Spendable).add("solvable", u.Solvable)
		if info, err := w.ScriptInfo(u.TxOut.ScriptPubKey); err == nil && info.Descriptor != "" {
			o.add("desc", info.Descriptor)
		}
		o.add("parent_descs", []string{u.Descriptor}).add("safe", safe)
		out = append(out, o)
		sum += u.TxOut.Value
		if int64(len(out)) >= maxCount || sum >= minSum {
			break
		}
	}
	return out, nil
}

// txTime is Core's smart time, simplified: the block time when the wallet
// learnt the transaction from its block, else when it was received.
func txTime(ti *wallet.TxInfo) int64 {
	if ti.BlockHeight >= 0 && int64(ti.BlockTime) < ti.TimeReceived {
		return int64(ti.BlockTime)
	}
	return ti.TimeReceived
}

func replaceable(ti *wallet.TxInfo) string {
	if ti.Confirmations > 0 {
		return "no"
	}
	for _, in := range ti.Tx.Inputs {
		if in.Sequence < 0xfffffffe {
			return "yes"
		}
	}
	return "no"
}

// txToJSON is Core's WalletTxToJSON.
func txToJSON(o *obj, ti *wallet.TxInfo) {
	o.add("confirmations", ti.Confirmations)
	if ti.Coinbase {
		o.add("generated", true)
	}
	if ti.BlockHeight >= 0 {
		o.add("blockhash", ti.BlockHash.String()).add("blockheight", ti.BlockHeight).
			add("blockindex", ti.BlockIndex).add("blocktime", ti.BlockTime)
	} else {
		o.add("trusted", ti.Trusted)
	}
	o.add("txid", ti.TxID.String()).add("wtxid", ti.Tx.WitnessHash().String())
	conflicts := make([]string, 0, len(ti.Conflicts))
	for _, c := range ti.Conflicts {
		conflicts = append(conflicts, c.String())
	}
	o.add("walletconflicts", conflicts)
	o.add("time", txTime(ti)).add("timereceived", ti.TimeReceived).add("bip125-replaceable", replaceable(ti))
}

// txEntries is Core's ListTransactions for one transaction: send entries
// for outputs to others, receive entries for outputs to us (not change).
func (s *Service) txEntries(w *wallet.Wallet, ti *wallet.TxInfo, long bool, labelFilter *string) []*obj {
	var out []*obj
	addr := func(o *obj, spk []byte) {
		if a, err := address.FromScriptPubKey(spk, s.params); err == nil {
			o.add("address", a.String())
		}
	}
	if ti.FromMe {
		fee := -ti.Fee
		for i, txo := range ti.Tx.Outputs {
			if ti.Outputs[i].Mine && ti.Outputs[i].Internal {
				continue
			}
			if labelFilter != nil && (!ti.Outputs[i].HasLabel || ti.Outputs[i].Label != *labelFilter) {
				continue
			}
			o := newObj(24)
			addr(o, txo.ScriptPubKey)
			o.add("category", "send").add("amount", btcjson.Amount(-txo.Value))
			if ti.Outputs[i].HasLabel {
				o.add("label", ti.Outputs[i].Label)
			}
			o.add("vout", i)
			if ti.AllFromMe {
				o.add("fee", btcjson.Amount(-fee))
			}
			if long {
				txToJSON(o, ti)
			}
			o.add("abandoned", ti.Abandoned)
			out = append(out, o)
		}
	}
	if ti.Confirmations >= 0 || ti.Coinbase {
		for i, txo := range ti.Tx.Outputs {
			if !ti.Outputs[i].Mine || (ti.FromMe && ti.Outputs[i].Internal) {
				continue
			}
			if labelFilter != nil && (!ti.Outputs[i].HasLabel || ti.Outputs[i].Label != *labelFilter) {
				continue
			}
			o := newObj(24)
			addr(o, txo.ScriptPubKey)
			cat := "receive"
			if ti.Coinbase {
				switch {
				case ti.Confirmations < 1:
					cat = "orphan"
				case ti.Immature:
					cat = "immature"
				default:
					cat = "generate"
				}
			}
			o.add("category", cat).add("amount", btcjson.Amount(txo.Value))
			if ti.Outputs[i].HasLabel {
				o.add("label", ti.Outputs[i].Label)
			}
			o.add("vout", i)
			o.add("abandoned", ti.Abandoned)
			if long {
				txToJSON(o, ti)
			}
			out = append(out, o)
		}
	}
	return out
}

func (s *Service) listTransactions(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	var labelFilter *string
	if p.Has(0) {
		l, err := rpcutil.ReqString(p, 0)
		if err != nil {
			return nil, err
		}
		if l != "*" {
			labelFilter = &l
		}
	}
	count, err := rpcutil.OptInt(p, 1, 10)
	if err != nil {
		return nil, err
	}
	skip, err := rpcutil.OptInt(p, 2, 0)
	if err != nil {
		return nil, err
	}
	if count < 0 {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Negative count")
	}
	if skip < 0 {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Negative from")
	}
	var all []*obj
	txs := w.Transactions()
	for i := range txs {
		all = append(all, s.txEntries(w, &txs[i], true, labelFilter)...)
	}
	// The newest count entries after skipping skip from the end, oldest
	// first.
	end := int64(len(all)) - skip
	if end < 0 {
		end = 0
	}
	start := max(end-count, 0)
	out := make([]any, 0, end-start)
	for _, o := range all[start:end] {
		out = append(out, o)
	}
	return out, nil
}

func (s *Service) getTransaction(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	ts, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	h, err := rpcutil.ParseHash(ts, "txid")
	if err != nil {
		return nil, err
	}
	verbose, err := rpcutil.OptBool(p, 2, false)
	if err != nil {
		return nil, err
	}
	ti, ok := w.Transaction(h)
	if !ok {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid or non-wallet transaction id")
	}
	var valueOut int64
	for _, o := range ti.Tx.Outputs {
		valueOut += o.Value
	}
	var fee int64
	if ti.FromMe {
		fee = valueOut - ti.Debit
	}
	net := ti.Credit - ti.Debit
	o := newObj(24).add("amount", btcjson.Amount(net-fee))
	if ti.FromMe {
		o.add("fee", btcjson.Amount(fee))
	}
	txToJSON(o, &ti)
	details := []any{}
	for _, e := range s.txEntries(w, &ti, false, nil) {
		details = append(details, e)
	}
	o.add("details", details)
	o.add("hex", hex.EncodeToString(ti.Tx.Bytes()))
	if verbose {
		o.add("decoded", btcjson.NewTxView(ti.Tx, s.params, nil))
	}
	return o, nil
}

func (s *Service) listSinceBlock(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	_, tip := w.BestBlock()
	sinceHeight := int32(-1)
	if p.Has(0) {
		bs, err := rpcutil.ReqString(p, 0)
		if err != nil {
			return nil, err
		}
		if bs != "" {
			h, err := rpcutil.ParseHash(bs, "blockhash")
			if err != nil {
				return nil, err
			}
			height, ok := s.heightOf(h, tip)
			if !ok {
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Block not found")
			}
			sinceHeight = height
		}
	}
	target, err := rpcutil.OptInt(p, 1, 1)
	if err != nil {
		return nil, err
	}
	if target < 1 {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter")
	}
	txs := []any{}
	list := w.Transactions()
	for i := range list {
		ti := &list[i]
		if ti.BlockHeight >= 0 && ti.BlockHeight <= sinceHeight {
			continue
		}
		for _, e := range s.txEntries(w, ti, true, nil) {
			txs = append(txs, e)
		}
	}
	last := chainhash.Hash{}
	lastHeight := tip + 1 - int32(target)
	if c := s.m.Config().Chain; c != nil && lastHeight >= 0 {
		if h, err := c.BlockHashByHeight(lastHeight); err == nil {
			last = h
		}
	}
	return newObj(3).add("transactions", txs).add("removed", []any{}).add("lastblock", last.String()), nil
}

// heightOf finds the height of an active-chain block by walking down from
// the tip (the wallet's Chain has no hash index).
func (s *Service) heightOf(h chainhash.Hash, tip int32) (int32, bool) {
	c := s.m.Config().Chain
	if c == nil {
		return 0, false
	}
	for height := c.BestHeight(); height >= 0; height-- {
		bh, err := c.BlockHashByHeight(height)
		if err != nil {
			return 0, false
		}
		if bh == h {
			return height, true
		}
	}
	return 0, false
}
