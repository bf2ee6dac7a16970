package btcrpc

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// ChainSource is what the blockchain methods read from the chain.
// *blockchain.Chain satisfies it.
type ChainSource interface {
	BestState() blockchain.BestState
	BlockInfo(hash chainhash.Hash) (blockchain.BlockInfo, error)
	BlockHashByHeight(height int32) (chainhash.Hash, error)
	BlockByHash(hash chainhash.Hash) (*primitives.Block, error)
	RawBlockByHash(hash chainhash.Hash) ([]byte, error)
	BlockUndo(hash chainhash.Hash) (*utxoset.BlockUndo, error)
	ChainTips() []blockchain.ChainTip
	LookupCoin(op primitives.OutPoint) (primitives.Coin, bool, error)
	TxByID(txid chainhash.Hash) (*primitives.Tx, chainhash.Hash, error)
	IsInitialBlockDownload() bool
	StorageInfo() blockchain.StorageInfo
}

// ChainControl is what the state-changing blockchain methods need
// (gettxoutsetinfo, invalidateblock, reconsiderblock, verifychain, the
// wait methods).
// *blockchain.Chain satisfies it.
type ChainControl interface {
	UTXOStats(hashes utxoset.HashType) (*utxoset.Stats, int32, error)
	InvalidateBlock(hash chainhash.Hash) error
	ReconsiderBlock(hash chainhash.Hash) error
	VerifyChain(level, nblocks int) error
	Subscribe(fn func(blockchain.Notification)) (unsubscribe func())
}

// MempoolSource is what the mempool and raw transaction methods need.
// *mempool.Pool satisfies it.
type MempoolSource interface {
	Get(txid chainhash.Hash) (mempool.TxDesc, bool)
	TxDescs() []mempool.TxDesc
	Count() int
	TotalVSize() int64
	Usage() int64
	MinFee() mempool.FeeRate
	Ancestors(txid chainhash.Hash) []chainhash.Hash
	Descendants(txid chainhash.Hash) []chainhash.Hash
	Spender(op primitives.OutPoint) (chainhash.Hash, bool)
	AcceptTransaction(tx *primitives.Tx) (mempool.TxDesc, error)
}

// TestAccepter is the optional method of a MempoolSource that
// testmempoolaccept uses: validate tx as AcceptTransaction would without
// adding it. When the mempool lacks it, testmempoolaccept answers -32601.
type TestAccepter interface {
	TestAcceptTransaction(tx *primitives.Tx) (mempool.TxDesc, error)
}

// MempoolSequencer is the optional method of a MempoolSource that gives
// getrawmempool's mempool_sequence.
type MempoolSequencer interface {
	MempoolSequence() uint64
}

// LoggingControl is what the logging method needs: the debug categories and
// whether each is enabled, and a way to switch them.
type LoggingControl interface {
	// Categories returns every known category with its state.
	Categories() map[string]bool
	// SetCategories enables include, then disables exclude ("all" and "1"
	// mean every category, "none" and "0" none). An unknown category is an
	// error whose text names it.
	SetCategories(include, exclude []string) error
}

// MempoolPolicy are the figures getmempoolinfo and getnetworkinfo print.
// Zero values take the mempool package's defaults.
type MempoolPolicy struct {
	MaxSize             int64
	MinRelayFee         mempool.FeeRate
	IncrementalRelayFee mempool.FeeRate
	FullRBF             bool
}

// Config configures a Service. Params and Chain are required.
type Config struct {
	Params  *chaincfg.Params
	Chain   ChainSource
	Control ChainControl  // nil: the methods that need it answer -32601
	Scanner UTXOScanner   // scantxoutset; nil: it answers -32601
	Mempool MempoolSource // nil: an empty mempool
	Policy  MempoolPolicy

	// TxIndex reports -txindex (the chain must have been opened with it).
	TxIndex bool
	// Shutdown is called by "stop" after the reply is written.
	Shutdown func()
	// Now is the clock (time.Now); StartTime the node's start, for uptime.
	Now       func() time.Time
	StartTime time.Time
	// Logging controls the debug categories; nil makes "logging" report
	// no categories.
	Logging LoggingControl
	// LogPath is getrpcinfo's logpath.
	LogPath string
	// UserAgent is getnetworkinfo's subversion ("/twinchain:0.1.0/").
	UserAgent string
	// Version is getnetworkinfo's version number (Core's CLIENT_VERSION
	// form, e.g. 10000 for 0.1.0).
	Version int
	// BlockCacheEntries bounds the cache of encoded getblock answers at
	// verbosity 2 and 3 (keyed by block and active tip, so never stale);
	// zero means 16 entries (at most 64 MiB), negative disables it.
	BlockCacheEntries int
	// OnTxAccepted is called with each transaction sendrawtransaction
	// adds to the mempool (relay, wallet notification). Optional.
	OnTxAccepted func(tx *primitives.Tx)
	// Net is the P2P network for the network methods; nil answers them
	// as a node without peers (or Core's "P2P functionality missing").
	Net Net
	// FilterIndex is the -blockfilterindex index (nil: not enabled).
	FilterIndex FilterIndex
	// LocalServices are the service bits we announce (getnetworkinfo);
	// zero means NETWORK, WITNESS and NETWORK_LIMITED.
	LocalServices uint64
	// MempoolFile is the path savemempool writes (<datadir>/mempool.dat);
	// empty makes savemempool answer -32601. Core writes it whatever
	// -persistmempool says.
	MempoolFile string
}

// Service answers the blockchain, rawtransactions, util, control and
// network methods of bitcoind, and Core's REST interface.
type Service struct {
	cfg     Config
	methods []methodDef
	cache   *jsonCache // nil when disabled

	activeMu sync.Mutex
	active   map[uint64]activeCall
	nextID   atomic.Uint64

	scan utxoScan // the scantxoutset in progress
	// filterScan is the scanblocks scan in progress.
	filterScan filterScan

	// shuffle permutes joinpsbts' inputs and outputs (rand.Shuffle when
	// nil); tests fix it.
	shuffle func(n int, swap func(i, j int))

	vbits vbCache // getdeploymentinfo's versionbits states
}

type activeCall struct {
	method string
	start  time.Time
}

// methodDef is one entry of the method table.
type methodDef struct {
	name     string
	category string
	args     []string
	help     string
	handler  jsonrpc.Handler
}

// New returns a Service for cfg. It fails when Params or Chain is missing.
func New(cfg Config) (*Service, error) {
	if cfg.Params == nil {
		return nil, &Error{Err: ErrBadConfig, Description: "btcrpc: Config.Params is required"}
	}
	if cfg.Chain == nil {
		return nil, &Error{Err: ErrBadConfig, Description: "btcrpc: Config.Chain is required"}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.StartTime.IsZero() {
		cfg.StartTime = cfg.Now()
	}
	if cfg.Policy.MaxSize == 0 {
		cfg.Policy.MaxSize = mempool.DefaultMaxSize
	}
	if cfg.Policy.MinRelayFee == 0 {
		cfg.Policy.MinRelayFee = mempool.DefaultMinRelayFee
	}
	if cfg.Policy.IncrementalRelayFee == 0 {
		cfg.Policy.IncrementalRelayFee = mempool.DefaultIncrementalRelayFee
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "/twinchain:0.1.0/"
	}
	if cfg.Version == 0 {
		cfg.Version = 10000
	}
	s := &Service{cfg: cfg, active: make(map[uint64]activeCall)}
	switch {
	case cfg.BlockCacheEntries == 0:
		s.cache = newJSONCache(16, 64<<20)
	case cfg.BlockCacheEntries > 0:
		s.cache = newJSONCache(cfg.BlockCacheEntries, 64<<20)
	}
	s.methods = append(append(s.methodTable(), s.networkMethods()...), s.indexMethods()...)
	s.methods = append(append(append(s.methods, s.mempoolToolMethods()...), s.scanBlocksMethods()...), s.descriptorPSBTMethods()...)
	s.methods = append(s.methods, s.addrManMethods()...)
	s.methods = append(append(s.methods, signMessageMethod(s), combineMethod(s), joinMethod(s), deploymentMethod(s)), s.proofMethods()...)
	return s, nil
}

// Register adds every method to srv with its help text, category and
// argument names. Call it before srv.Start.
//
// This function is safe for concurrent access.
func (s *Service) Register(srv *jsonrpc.Server) error {
	for _, m := range s.methods {
		if err := srv.RegisterMethod(m.name, jsonrpc.Method{
			Handler:  s.track(m.name, m.handler),
			Help:     m.help,
			Category: m.category,
			ArgNames: m.args,
		}); err != nil {
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

// RESTHandler returns the handler of Core's REST interface for /rest/...
// paths (mount it when -rest is set; it does no authentication).
func (s *Service) RESTHandler() http.Handler { return restHandler{s} }

// track records running calls for getrpcinfo.
func (s *Service) track(name string, h jsonrpc.Handler) jsonrpc.Handler {
	return func(ctx context.Context, p *jsonrpc.Params) (any, error) {
		id := s.nextID.Add(1)
		s.activeMu.Lock()
		s.active[id] = activeCall{method: name, start: s.cfg.Now()}
		s.activeMu.Unlock()
		defer func() {
			s.activeMu.Lock()
			delete(s.active, id)
			s.activeMu.Unlock()
		}()
		return h(ctx, p)
	}
}

func (s *Service) params() *chaincfg.Params { return s.cfg.Params }

// The concrete chain and mempool satisfy the interfaces without adapters.
var (
	_ ChainSource      = (*blockchain.Chain)(nil)
	_ ChainControl     = (*blockchain.Chain)(nil)
	_ MempoolSource    = (*mempool.Pool)(nil)
	_ TestAccepter     = (*mempool.Pool)(nil)
	_ MempoolSequencer = (*mempool.Pool)(nil)
	_ MempoolDumper    = (*mempool.Pool)(nil)
)
