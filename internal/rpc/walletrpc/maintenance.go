package walletrpc

import (
	"context"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

func (s *Service) abortRescan(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	return w.AbortRescan(), nil
}

func (s *Service) listAddressGroupings(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	groups := w.AddressGroupings()
	out := make([]any, 0, len(groups))
	for _, g := range groups {
		jg := make([]any, 0, len(g))
		for _, e := range g {
			a, err := address.FromScriptPubKey(e.ScriptPubKey, s.params)
			if err != nil {
				continue
			}
			entry := []any{a.String(), btcjson.Amount(e.Amount)}
			if e.HasLabel {
				entry = append(entry, e.Label)
			}
			jg = append(jg, entry)
		}
		out = append(out, jg)
	}
	return out, nil
}

func (s *Service) backupWallet(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	dest, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	if err := w.Backup(dest); err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "Error: Wallet backup failed!")
	}
	return nil, nil
}
