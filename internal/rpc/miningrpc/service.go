package miningrpc

import (
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/fees"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/mining"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// ChainSource is what the mining methods need from the chain.
// *blockchain.Chain satisfies it.
type ChainSource interface {
	Params() *chaincfg.Params
	BestState() blockchain.BestState
	BestHeight() int32
	BlockInfo(hash chainhash.Hash) (blockchain.BlockInfo, error)
	BlockHashByHeight(height int32) (chainhash.Hash, error)
	HeaderByHash(hash chainhash.Hash) (primitives.Header, error)
	LookupCoin(op primitives.OutPoint) (primitives.Coin, bool, error)
	ProcessBlock(blk *primitives.Block) error
	TestBlockValidity(blk *primitives.Block, checkPoW, checkMerkle bool) error
	ProcessHeaders(headers []primitives.Header) error
	IsInitialBlockDownload() bool
}

// MempoolSource is what the mining methods need from the mempool.
// *mempool.Pool satisfies it.
type MempoolSource interface {
	Get(txid chainhash.Hash) (mempool.TxDesc, bool)
	Count() int
	MinFee() mempool.FeeRate
	MiningEntries() []mempool.MiningEntry
	PrioritiseTransaction(txid chainhash.Hash, feeDelta int64)
	FeeDeltas() map[chainhash.Hash]int64
}

// FeeEstimator is what estimatesmartfee and estimaterawfee need.
// *fees.Estimator satisfies it.
type FeeEstimator interface {
	EstimateSmartFee(target int, conservative bool) (mempool.FeeRate, int, bool)
	EstimateRawFee(target int, threshold float64, h fees.Horizon) (mempool.FeeRate, fees.EstimationResult)
	HighestTargetTracked(h fees.Horizon) int
}

// Config configures a Service. Chain and Mempool are required.
type Config struct {
	// Params default to Chain.Params().
	Params  *chaincfg.Params
	Chain   ChainSource
	Mempool MempoolSource
	// Fees is the fee estimator; nil makes the estimate methods report
	// insufficient data.
	Fees FeeEstimator
	// Generator builds the templates; nil builds one over Chain and
	// Mempool with Core's defaults.
	Generator *mining.Generator
	// MinRelayFee is the pool's minimum relay fee (estimatesmartfee's
	// floor; mempool.DefaultMinRelayFee when zero).
	MinRelayFee mempool.FeeRate
	// Now is the clock (time.Now).
	Now func() time.Time
}

// Service implements the mining, generating and fee estimation RPCs.
//
// A Service is safe for concurrent use.
type Service struct {
	cfg     Config
	gen     *mining.Generator
	methods []method

	mu           sync.Mutex
	lastTxs      int64 // of the last getblocktemplate, -1 before
	lastWeight   int64
	generateLock sync.Mutex // serialises the generate methods, as Core's cs_main hold
}

type method struct {
	name, category, help string
	args                 []string
	handler              jsonrpc.Handler
}

// New returns a Service for cfg.
//
// This function is safe for concurrent access.
func New(cfg Config) (*Service, error) {
	if cfg.Chain == nil || cfg.Mempool == nil {
		return nil, &Error{Err: ErrBadConfig, Description: "miningrpc: Config.Chain and Config.Mempool are required"}
	}
	if cfg.Params == nil {
		cfg.Params = cfg.Chain.Params()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MinRelayFee == 0 {
		cfg.MinRelayFee = mempool.DefaultMinRelayFee
	}
	gen := cfg.Generator
	if gen == nil {
		gen = mining.New(mining.Config{Params: cfg.Params, Chain: mining.NewChainView(cfg.Chain), Source: cfg.Mempool, Now: cfg.Now})
	}
	s := &Service{cfg: cfg, gen: gen, lastTxs: -1}
	s.methods = s.methodTable()
	return s, nil
}

// Register adds every method to srv with its help text, category and
// argument names. Call it before srv.Start.
//
// This function is safe for concurrent access.
func (s *Service) Register(srv *jsonrpc.Server) error {
	for _, m := range s.methods {
		if err := srv.RegisterMethod(m.name, jsonrpc.Method{Handler: m.handler, Help: m.help, Category: m.category, ArgNames: m.args}); err != nil {
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

// Generator returns the block template generator the service uses.
func (s *Service) Generator() *mining.Generator { return s.gen }

func (s *Service) methodTable() []method {
	return []method{
		{"generatetoaddress", "generating", helpGenerateToAddress, []string{"nblocks", "address", "maxtries"}, s.generateToAddress},
		{"generatetodescriptor", "generating", helpGenerateToDescriptor, []string{"num_blocks", "descriptor", "maxtries"}, s.generateToDescriptor},
		{"generateblock", "generating", helpGenerateBlock, []string{"output", "transactions", "submit"}, s.generateBlock},
		{"getblocktemplate", "mining", helpGetBlockTemplate, []string{"template_request"}, s.getBlockTemplate},
		{"submitblock", "mining", helpSubmitBlock, []string{"hexdata", "dummy"}, s.submitBlock},
		{"submitheader", "mining", helpSubmitHeader, []string{"hexdata"}, s.submitHeader},
		{"getmininginfo", "mining", helpGetMiningInfo, nil, s.getMiningInfo},
		{"getnetworkhashps", "mining", helpGetNetworkHashPS, []string{"nblocks", "height"}, s.getNetworkHashPS},
		{"prioritisetransaction", "mining", helpPrioritiseTransaction, []string{"txid", "dummy", "fee_delta"}, s.prioritiseTransaction},
		{"getprioritisedtransactions", "mining", helpGetPrioritisedTransactions, nil, s.getPrioritisedTransactions},
		{"estimatesmartfee", "util", helpEstimateSmartFee, []string{"conf_target", "estimate_mode"}, s.estimateSmartFee},
		{"estimaterawfee", "hidden", helpEstimateRawFee, []string{"conf_target", "threshold"}, s.estimateRawFee},
	}
}

// Parameter helpers with Core's messages.

func invalidParam(format string, args ...any) *jsonrpc.Error {
	return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, format, args...)
}

// Parameter decoding lives in package rpcutil. These one-line forwarders
// keep the call sites in generate.go compiling while that file is being
// changed elsewhere; switch those calls to rpcutil and delete them once it
// has landed.
