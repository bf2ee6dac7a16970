package walletrpc

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Config configures the wallet RPC service.
type Config struct {
	// Manager holds the loaded wallets (required).
	Manager *wallet.Manager
	// Params is the network (nil: the Manager's).
	Params *chaincfg.Params
}

// Service answers the wallet RPC methods.
type Service struct {
	cfg     Config
	m       *wallet.Manager
	params  *chaincfg.Params
	methods []method
}

type method struct {
	name     string
	args     []string
	help     string
	handler  jsonrpc.Handler
	category string
}

// New returns the wallet RPC service.
func New(cfg Config) (*Service, error) {
	if cfg.Manager == nil {
		return nil, errors.New("walletrpc: Config.Manager is required")
	}
	if cfg.Params == nil {
		cfg.Params = cfg.Manager.Params()
	}
	s := &Service{cfg: cfg, m: cfg.Manager, params: cfg.Params}
	s.methods = s.methodTable()
	return s, nil
}

// Register adds every wallet method to srv with its help text, category
// ("wallet") and argument names. Call it before srv.Start.
func (s *Service) Register(srv *jsonrpc.Server) error {
	for _, m := range s.methods {
		cat := m.category
		if cat == "" {
			cat = "wallet"
		}
		if err := srv.RegisterMethod(m.name, jsonrpc.Method{Handler: m.handler, Help: m.help, Category: cat, ArgNames: m.args}); err != nil {
			return err
		}
	}
	return nil
}

// MethodNames returns the names of the methods Register adds.
func (s *Service) MethodNames() []string {
	out := make([]string, len(s.methods))
	for i, m := range s.methods {
		out[i] = m.name
	}
	return out
}

// walletName returns the wallet named by the request's /wallet/<name> path
// and whether the path named one.
func walletName(ctx context.Context) (string, bool) {
	info, ok := jsonrpc.InfoFromContext(ctx)
	if !ok {
		return "", false
	}
	const prefix = "/wallet/"
	if !strings.HasPrefix(info.Path, prefix) {
		return "", false
	}
	name, err := url.PathUnescape(info.Path[len(prefix):])
	if err != nil {
		name = info.Path[len(prefix):]
	}
	return name, true
}

// wallet picks the wallet of a call as Core's GetWalletForJSONRPCRequest:
// the /wallet/<name> endpoint, else the only loaded wallet.
func (s *Service) wallet(ctx context.Context) (*wallet.Wallet, error) {
	if name, ok := walletName(ctx); ok {
		w, ok := s.m.Get(name)
		if !ok {
			return nil, jsonrpc.NewError(codeWalletNotFound, "Requested wallet does not exist or is not loaded")
		}
		return w, nil
	}
	names := s.m.Wallets()
	switch len(names) {
	case 1:
		w, ok := s.m.Get(names[0])
		if ok {
			return w, nil
		}
	case 0:
		return nil, jsonrpc.NewError(codeWalletNotFound, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)")
	}
	return nil, jsonrpc.NewError(codeWalletNotSpecified, "Wallet file not specified (must request wallet RPC through /wallet/<filename> uri-path).")
}

// walletHandler adapts a handler that needs the call's wallet.
func (s *Service) walletHandler(h func(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error)) jsonrpc.Handler {
	return func(ctx context.Context, p *jsonrpc.Params) (any, error) {
		w, err := s.wallet(ctx)
		if err != nil {
			return nil, err
		}
		res, err := h(ctx, w, p)
		if err != nil {
			return nil, rpcError(err)
		}
		return res, nil
	}
}

// obj is a JSON object that keeps its keys in insertion order, as Core's
// UniValue prints them.
type obj struct {
	keys []string
	vals []any
}

func newObj(n int) *obj { return &obj{keys: make([]string, 0, n), vals: make([]any, 0, n)} }

func (o *obj) add(k string, v any) *obj {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	return o
}

// MarshalJSON writes the members in order.
func (o *obj) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, k := range o.keys {
		if i > 0 {
			b = append(b, ',')
		}
		kb, _ := json.Marshal(k)
		b = append(b, kb...)
		b = append(b, ':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b = append(b, vb...)
	}
	return append(b, '}'), nil
}
