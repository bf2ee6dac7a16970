package walletrpc

import (
	"context"
	"math"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// Every entry of the wallet's address book carries a label, so none is a
// "change" entry to Core's address-book filters (those are the entries
// without a label): a change address labelled with setlabel is listed, as
// in Core.

// labelParam reads a required label as Core's LabelFromValue: a string,
// and not "*".
func labelParam(p *jsonrpc.Params, i int) (string, error) {
	l, err := rpcutil.ReqString(p, i)
	if err != nil {
		return "", err
	}
	if l == "*" {
		return "", jsonrpc.NewError(codeWalletInvalidLabelName, "Invalid label name")
	}
	return l, nil
}

func (s *Service) listLabels(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	purpose, err := rpcutil.OptString(p, 0, "")
	if err != nil {
		return nil, err
	}
	switch purpose {
	case "", wallet.PurposeReceive, wallet.PurposeSend, wallet.PurposeRefund:
	default:
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.")
	}
	out := []string{}
	for _, e := range w.AddressBook() {
		if purpose != "" && e.Purpose != purpose {
			continue
		}
		out = append(out, e.Label)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func (s *Service) getAddressesByLabel(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	label, err := labelParam(p, 0)
	if err != nil {
		return nil, err
	}
	out := newObj(4)
	for _, e := range w.AddressBook() {
		if e.Label != label {
			continue
		}
		a, err := address.FromScriptPubKey(e.ScriptPubKey, s.params)
		if err != nil {
			continue
		}
		out.add(a.String(), newObj(1).add("purpose", e.Purpose))
	}
	if len(out.keys) == 0 {
		return nil, jsonrpc.NewError(codeWalletInvalidLabelName, "No addresses with label %s", label)
	}
	return out, nil
}

// tally is what the wallet received on one script.
type tally struct {
	amount int64
	conf   int32
}

// tallyReceived is the tally of Core's ListReceived and GetReceived: per
// wallet script, the value paid to it by transactions with at least
// minconf confirmations, skipping coinbases out of the chain and, unless
// inclImmature, immature ones.
func tallyReceived(w *wallet.Wallet, minconf int64, inclImmature bool) map[string]*tally {
	out := make(map[string]*tally)
	for _, ti := range w.Transactions() {
		if int64(ti.Confirmations) < minconf {
			continue
		}
		if ti.Coinbase && (ti.Confirmations < 1 || (ti.Immature && !inclImmature)) {
			continue
		}
		for i, o := range ti.Tx.Outputs {
			if !ti.Outputs[i].Mine {
				continue
			}
			t := out[string(o.ScriptPubKey)]
			if t == nil {
				t = &tally{conf: math.MaxInt32}
				out[string(o.ScriptPubKey)] = t
			}
			t.amount += o.Value
			t.conf = min(t.conf, ti.Confirmations)
		}
	}
	return out
}

func (s *Service) getReceivedByLabel(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	label, err := labelParam(p, 0)
	if err != nil {
		return nil, err
	}
	minconf, err := rpcutil.OptInt(p, 1, 1)
	if err != nil {
		return nil, err
	}
	inclImmature, err := rpcutil.OptBool(p, 2, false)
	if err != nil {
		return nil, err
	}
	t := tallyReceived(w, minconf, inclImmature)
	var sum int64
	for _, e := range w.AddressBook() {
		if e.Label != label {
			continue
		}
		if r := t[string(e.ScriptPubKey)]; r != nil {
			sum += r.amount
		}
	}
	return btcjson.Amount(sum), nil
}

func (s *Service) listReceivedByLabel(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	minconf, err := rpcutil.OptInt(p, 0, 1)
	if err != nil {
		return nil, err
	}
	includeEmpty, err := rpcutil.OptBool(p, 1, false)
	if err != nil {
		return nil, err
	}
	// include_watchonly: a descriptor wallet's scripts are all spendable
	// to Core's IsMine filter, so the flag changes nothing.
	if _, err := rpcutil.OptBool(p, 2, true); err != nil {
		return nil, err
	}
	inclImmature, err := rpcutil.OptBool(p, 3, false)
	if err != nil {
		return nil, err
	}
	t := tallyReceived(w, minconf, inclImmature)
	byLabel := make(map[string]*tally)
	var labels []string
	for _, e := range w.AddressBook() {
		r := t[string(e.ScriptPubKey)]
		if r == nil && !includeEmpty {
			continue
		}
		l := byLabel[e.Label]
		if l == nil {
			l = &tally{conf: math.MaxInt32}
			byLabel[e.Label] = l
			labels = append(labels, e.Label)
		}
		if r != nil {
			l.amount += r.amount
			l.conf = min(l.conf, r.conf)
		}
	}
	slices.Sort(labels)
	out := make([]any, 0, len(labels))
	for _, name := range labels {
		l := byLabel[name]
		conf := l.conf
		if conf == math.MaxInt32 {
			conf = 0
		}
		out = append(out, newObj(3).add("amount", btcjson.Amount(l.amount)).add("confirmations", conf).add("label", name))
	}
	return out, nil
}
