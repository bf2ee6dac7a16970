package ethrpc

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Service answers the eth_* methods on a backend.
type Service struct {
	cfg    Config
	chain  ChainReader
	pool   TxPool
	miner  Miner
	gasCap uint64
	signer ethtypes.Signer
	ev     events

	snapMu    sync.Mutex
	snapshots []snapshot
	nextSnap  uint64
}

// New checks cfg and returns a Service. It subscribes to the backend's
// chain and pool events (for filters and subscriptions); Close ends that.
//
// This function is safe for concurrent access.
func New(cfg Config) (*Service, error) {
	if cfg.Chain == nil {
		return nil, &Error{Err: ErrNoChain, Description: "ethrpc: no chain"}
	}
	if cfg.Pool == nil {
		return nil, &Error{Err: ErrNoPool, Description: "ethrpc: no transaction pool"}
	}
	if cfg.GasCap == 0 {
		cfg.GasCap = DefaultGasCap
	}
	if cfg.ClientVersion == "" {
		cfg.ClientVersion = "twinchain/v0.1.0"
	}
	if cfg.VMConfig.Cache == nil {
		cfg.VMConfig.Cache = evm.NewCache(256)
	}
	s := &Service{cfg: cfg, chain: cfg.Chain, pool: cfg.Pool, miner: cfg.Miner, gasCap: cfg.GasCap,
		signer: ethtypes.LatestSigner(cfg.Chain.Config().ChainID)}
	s.startEvents()
	return s, nil
}

// handlerFunc is a method body; it sees the positional params.
type handlerFunc func(ctx context.Context, p []json.RawMessage) (any, error)

// methods returns the method table.
func (s *Service) methods() map[string]handlerFunc {
	return map[string]handlerFunc{
		"web3_clientVersion": s.clientVersion,
		"web3_sha3":          s.sha3,
		"net_version":        s.netVersion,
		"net_listening":      s.netListening,
		"net_peerCount":      s.netPeerCount,
		"eth_chainId":        s.chainID,
		"eth_syncing":        s.syncing,
		"eth_mining":         s.mining,
		"eth_hashrate":       s.hashrate,
		"eth_coinbase":       s.coinbase,
		"eth_accounts":       s.accounts,
		"eth_blockNumber":    s.blockNumber,
		"eth_gasPrice":       s.gasPrice,

		"eth_maxPriorityFeePerGas": s.maxPriorityFee,
		"eth_feeHistory":           s.feeHistory,

		"eth_getBalance":          s.getBalance,
		"eth_getTransactionCount": s.getTransactionCount,
		"eth_getCode":             s.getCode,
		"eth_getStorageAt":        s.getStorageAt,

		"eth_getBlockByNumber":                    s.getBlockByNumber,
		"eth_getBlockByHash":                      s.getBlockByHash,
		"eth_getBlockTransactionCountByNumber":    s.getBlockTxCountByNumber,
		"eth_getBlockTransactionCountByHash":      s.getBlockTxCountByHash,
		"eth_getUncleCountByBlockNumber":          s.getUncleCountByNumber,
		"eth_getUncleCountByBlockHash":            s.getUncleCountByHash,
		"eth_getUncleByBlockNumberAndIndex":       s.getUncleByNumberAndIndex,
		"eth_getUncleByBlockHashAndIndex":         s.getUncleByHashAndIndex,
		"eth_getTransactionByHash":                s.getTransactionByHash,
		"eth_getTransactionByBlockHashAndIndex":   s.getTxByHashAndIndex,
		"eth_getTransactionByBlockNumberAndIndex": s.getTxByNumberAndIndex,
		"eth_getTransactionReceipt":               s.getTransactionReceipt,
		"eth_getBlockReceipts":                    s.getBlockReceipts,

		"eth_getProof":    s.getProof,
		"eth_call":        s.call,
		"eth_estimateGas": s.estimateGas,

		"eth_sendRawTransaction": s.sendRawTransaction,
		"eth_sendTransaction":    s.sendTransaction,
		"eth_sign":               s.sign,
		"personal_sign":          s.personalSign,
		"eth_signTypedData_v4":   s.signTypedData,

		"eth_getLogs":                     s.getLogs,
		"eth_newFilter":                   s.newFilter,
		"eth_newBlockFilter":              s.newBlockFilter,
		"eth_newPendingTransactionFilter": s.newPendingTxFilter,
		"eth_getFilterChanges":            s.getFilterChanges,
		"eth_getFilterLogs":               s.getFilterLogs,
		"eth_uninstallFilter":             s.uninstallFilter,
		"eth_subscribe":                   s.subscribe,
		"eth_unsubscribe":                 s.unsubscribe,

		"debug_traceTransaction": s.traceTransaction,
		"debug_traceCall":        s.traceCall,

		"txpool_status":  s.txpoolStatus,
		"txpool_content": s.txpoolContent,

		"evm_mine":                  s.evmMine,
		"evm_snapshot":              s.evmSnapshot,
		"evm_revert":                s.evmRevert,
		"evm_increaseTime":          s.evmIncreaseTime,
		"evm_setNextBlockTimestamp": s.evmSetNextBlockTimestamp,
		"anvil_setBalance":          s.setBalance,
		"hardhat_setBalance":        s.setBalance,
	}
}

// Methods returns the names of the methods Register adds.
func (s *Service) Methods() []string {
	m := s.methods()
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// groupFunc answers a run of calls of one method in a batch at once (see
// jsonrpc.GroupHandler); it sees each call's positional params.
type groupFunc func(ctx context.Context, ps [][]json.RawMessage) ([]any, []error)

// groups returns the methods that answer runs of calls in a batch together.
func (s *Service) groups() map[string]groupFunc {
	return map[string]groupFunc{
		"eth_sendRawTransaction": s.sendRawTransactions,
	}
}

// Register adds every method to srv under the category "eth".
//
// This function must precede srv.Start.
func (s *Service) Register(srv *jsonrpc.Server) error {
	groups := s.groups()
	for name, h := range s.methods() {
		h := h
		var group jsonrpc.GroupHandler
		if g := groups[name]; g != nil {
			group = func(ctx context.Context, ps []*jsonrpc.Params) ([]any, []error) {
				pos := make([][]json.RawMessage, len(ps))
				vs, errs := make([]any, len(ps)), make([]error, len(ps))
				for i, p := range ps {
					if p.Named != nil {
						errs[i] = invalidParams("non-array args")
						continue
					}
					pos[i] = p.Positional
				}
				gv, gerrs := g(ctx, pos)
				for i := range ps {
					if errs[i] == nil {
						vs[i], errs[i] = gv[i], gerrs[i]
					}
				}
				return vs, errs
			}
		}
		err := srv.RegisterMethod(name, jsonrpc.Method{
			Handler: func(ctx context.Context, p *jsonrpc.Params) (any, error) {
				if p.Named != nil {
					return nil, invalidParams("non-array args")
				}
				return h(ctx, p.Positional)
			},
			Group:    group,
			Help:     name,
			Category: "eth",
		})
		if err != nil {
			return &Error{Err: ErrRegister, Description: "ethrpc: register " + name + ": " + err.Error()}
		}
	}
	return nil
}

// Call invokes a method directly (tests, the CLI's in-process use) with
// positional params already encoded.
//
// This function is safe for concurrent access.
func (s *Service) Call(ctx context.Context, method string, params ...json.RawMessage) (any, error) {
	h, ok := s.methods()[method]
	if !ok {
		return nil, &jsonrpc.Error{Code: jsonrpc.CodeMethodNotFound, Message: "the method " + method + " does not exist/is not available"}
	}
	return h(ctx, params)
}

// present reports whether param i is given and not null.
func present(p []json.RawMessage, i int) bool {
	return i < len(p) && len(p[i]) > 0 && string(p[i]) != "null"
}

// arg decodes param i into v; a missing param is an error when required.
func arg(p []json.RawMessage, i int, v any, required bool) error {
	if !present(p, i) {
		if required {
			return invalidParams("missing value for required argument %d", i)
		}
		return nil
	}
	if err := json.Unmarshal(p[i], v); err != nil {
		var he errHex
		if errors.As(err, &he) {
			return invalidParams("invalid argument %d: %s", i, he)
		}
		var ue *json.UnmarshalTypeError
		if errors.As(err, &ue) {
			return invalidParams("invalid argument %d: json: cannot unmarshal %s into Go value of type %s", i, ue.Value, ue.Type)
		}
		return invalidParams("invalid argument %d: %v", i, err)
	}
	return nil
}
