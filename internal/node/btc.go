package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/fees"
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/sigcache"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/logging"
)

// MempoolFileName is the mempool's file inside the network's data directory.
const MempoolFileName = "mempool.dat"

// FeeEstimatesFileName is the fee estimator's file (Core's fee_estimates.dat).
const FeeEstimatesFileName = "fee_estimates.dat"

// btcNode is the UTXO ledger: chain, mempool and the notification
// dispatcher, with their start and stop order. The account chain will get its
// own sibling (ethNode) with the same start/stop shape; Node runs both.
type btcNode struct {
	cfg    *config.Config
	params *chaincfg.Params
	logs   *logging.Logger
	log    *slog.Logger

	chain       *blockchain.Chain
	pool        *mempool.Pool
	fees        *fees.Estimator
	disp        *dispatcher
	unsubscribe func()

	filters     *indexers.BlockFilterIndex // nil without -blockfilterindex
	filterUnsub func()

	observer blockchain.Observer // the metrics' hook; nil without -metrics
}

// btcParams returns the network parameters the configuration selects.
func btcParams(cfg *config.Config) (*chaincfg.Params, error) {
	var p *chaincfg.Params
	if cfg.Chain == config.ChainSigNet && len(cfg.SignetChallenge) > 0 {
		ch, err := hexBytes(cfg.SignetChallenge[0])
		if err != nil {
			return nil, makeError(ErrConfig, "-signetchallenge: %v", err)
		}
		p = chaincfg.CustomSigNet(ch)
	} else {
		var err error
		if p, err = chaincfg.ByName(cfg.Chain); err != nil {
			return nil, makeError(ErrConfig, "%v", err)
		}
	}
	for _, a := range cfg.TestActivationHeights {
		if p.Name != chaincfg.NameRegTest {
			return nil, makeError(ErrConfig, "-testactivationheight is only allowed on regtest")
		}
		if err := p.ApplyTestActivationHeight(a); err != nil {
			return nil, makeError(ErrConfig, "%v", err)
		}
	}
	return p, nil
}

// start opens the chain, connects its best chain, builds the mempool and
// loads mempool.dat.
func (b *btcNode) start(ctx context.Context) error {
	var assume chainhash.Hash
	if b.cfg.AssumeValid != "" && b.cfg.AssumeValid != "0" {
		h, err := chainhash.NewHashFromStr(b.cfg.AssumeValid)
		if err != nil {
			return makeError(ErrConfig, "Invalid -assumevalid: %v", err)
		}
		assume = h
	}
	// One signature cache for blocks and the mempool, as Core's: a
	// transaction verified on entry is not verified again in its block.
	sigs := sigcache.New(blockchain.DefaultSigCacheEntries)
	chain, err := blockchain.Open(blockchain.Options{
		SigCache:          sigs,
		Params:            b.params,
		DataDir:           b.cfg.BTCDataDir,
		DBCacheMiB:        int(b.cfg.DBCache),
		TxIndex:           b.cfg.TxIndex,
		PruneMiB:          int(b.cfg.Prune),
		Reindex:           b.cfg.Reindex,
		ReindexChainstate: b.cfg.ReindexChainstate,
		AssumeValid:       assume,
		// internal/config has no -checkblocks/-checklevel: Core's defaults.
		CheckBlocks: blockchain.DefaultCheckBlocks,
		CheckLevel:  blockchain.DefaultCheckLevel,
		Logger:      b.logs.For("validation"),
		Observer:    b.observer,
		// Reindex progress lines with an ETA ("reindex" category).
		ReindexProgress: reindexLogger(b.logs.For("reindex"), nil),
	})
	if err != nil {
		return makeError(ErrStartup, "Error opening block database: %v", err)
	}
	b.chain = chain
	if err := chain.Start(ctx); err != nil {
		if errors.Is(err, blockchain.ErrCorruptBlockDB) {
			// Core's init message; the details are in the log.
			b.log.Error("Block verification failed", "err", err)
			return makeError(ErrStartup, "Corrupted block database detected. Please restart with -reindex or -reindex-chainstate to recover.")
		}
		return makeError(ErrStartup, "Error loading the block chain: %v", err)
	}
	best := chain.BestState()
	b.log.Info("Loaded best chain", "hash", best.Hash.String(), "height", best.Height,
		"date", best.Time.UTC().Format("2006-01-02T15:04:05Z"))
	if err := b.startFilterIndex(); err != nil {
		return err
	}

	minRelay, err := feeRateOption(b.cfg.MinRelayTxFee, "minrelaytxfee")
	if err != nil {
		return err
	}
	b.fees = fees.New()
	feesPath := filepath.Join(b.cfg.BTCDataDir, FeeEstimatesFileName)
	if loaded, err := b.fees.ReadFile(feesPath, time.Now()); err != nil {
		b.log.Warn("Failed to read fee estimates; starting without them", "file", feesPath, "err", err)
	} else if loaded {
		b.log.Info("Read fee estimates", "file", feesPath)
	}
	est := b.fees
	b.pool = mempool.New(mempool.Config{
		Params:      b.params,
		Chain:       mempoolChain{chain: chain, log: b.logs.For("mempool")},
		Standard:    mempool.DefaultStandardOptions(),
		MinRelayFee: minRelay,
		MaxSize:     b.cfg.MaxMempool * 1_000_000,
		Expiry:      b.cfg.MempoolExpiry,
		SigCache:    sigs,
		// The estimator forgets transactions that leave unconfirmed
		// (confirmed ones are counted by BlockConnected).
		OnRemove: func(txid chainhash.Hash, reason mempool.RemovalReason) {
			if reason != mempool.RemovalBlock {
				est.TxRemoved(txid)
			}
		},
	})
	b.disp = newDispatcher(chain, b.pool, b.fees, b.logs.For("validation"))
	b.unsubscribe = chain.Subscribe(b.disp.handle)
	if b.cfg.PersistMempool {
		path := filepath.Join(b.cfg.BTCDataDir, MempoolFileName)
		st, err := b.pool.LoadFile(path)
		if err != nil {
			// Core logs and carries on with an empty pool.
			b.log.Warn("Failed to load mempool.dat", "err", err)
		} else {
			b.log.Info("Imported mempool transactions from disk", "succeeded", st.Accepted,
				"failed", st.Failed, "expired", st.Expired, "already_there", st.AlreadyThere)
		}
	}
	return nil
}

// feeSink feeds the fee estimator with the transactions the mempool accepted
// through RPC or a wallet (mempool.dat's are not counted, as in Core).
type feeSink struct{ b *btcNode }

// TxAccepted records tx's pool entry at the current height.
func (f feeSink) TxAccepted(tx *primitives.Tx) {
	if d, ok := f.b.pool.Get(tx.TxHash()); ok {
		f.b.fees.TxAdded(d, f.b.chain.BestHeight())
	}
}

// feeSource adapts the estimator to the wallet's FeeSource (int64 sat/kvB).
type feeSource struct{ est *fees.Estimator }

// EstimateSmartFee returns the estimator's answer in sat/kvB.
func (f feeSource) EstimateSmartFee(target int, conservative bool) (int64, int, bool) {
	r, blocks, ok := f.est.EstimateSmartFee(target, conservative)
	return int64(r), blocks, ok
}

// stopMempool dumps the pool (with -persistmempool) and the fee estimates
// (fee_estimates.dat, as Core), and detaches them.
func (b *btcNode) stopMempool() error {
	if b.unsubscribe != nil {
		b.unsubscribe()
		b.unsubscribe = nil
	}
	if b.fees != nil {
		b.fees.FlushUnconfirmed()
		path := filepath.Join(b.cfg.BTCDataDir, FeeEstimatesFileName)
		if err := b.fees.WriteFile(path); err != nil {
			// Core logs the failure and goes on shutting down.
			b.log.Error("Failed to write fee estimates", "file", path, "err", err)
		}
	}
	if b.pool == nil || !b.cfg.PersistMempool {
		return nil
	}
	path := filepath.Join(b.cfg.BTCDataDir, MempoolFileName)
	if err := b.pool.DumpFile(path); err != nil {
		b.log.Error("Failed to dump mempool", "err", err)
		return fmt.Errorf("dump mempool: %w", err)
	}
	b.log.Info("Dumped mempool", "txs", b.pool.Count())
	return nil
}

// stopChain flushes and closes the chain.
func (b *btcNode) stopChain() error {
	b.stopFilterIndex()
	if b.chain == nil {
		return nil
	}
	err := b.chain.Stop()
	b.chain = nil
	if err != nil {
		b.log.Error("Failed to close the chain", "err", err)
		return fmt.Errorf("close chain: %w", err)
	}
	return nil
}

// feeRateOption parses a BTC/kvB amount ("0.00001") into sat/kvB; "" is 0,
// which the mempool reads as its default.
func feeRateOption(v, name string) (mempool.FeeRate, error) {
	if v == "" {
		return 0, nil
	}
	sat, err := parseBTC(v)
	if err != nil || sat < 0 {
		return 0, makeError(ErrConfig, "Invalid amount for -%s=<amount>: '%s'", name, v)
	}
	return mempool.FeeRate(sat), nil
}

// parseBTC parses a decimal BTC amount with at most 8 decimals into satoshis.
func parseBTC(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if len(frac) > 8 || (whole == "" && frac == "") {
		return 0, fmt.Errorf("bad amount %q", s)
	}
	frac += strings.Repeat("0", 8-len(frac))
	w := int64(0)
	if whole != "" {
		var err error
		if w, err = strconv.ParseInt(whole, 10, 64); err != nil || w > 21_000_000 {
			return 0, fmt.Errorf("bad amount %q", s)
		}
	}
	f, err := strconv.ParseUint(frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad amount %q", s)
	}
	return w*100_000_000 + int64(f), nil
}

func hexBytes(s string) ([]byte, error) {
	if len(s)%2 != 0 {
		return nil, fmt.Errorf("odd hex length")
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, fmt.Errorf("bad hex")
		}
		out[i] = byte(v)
	}
	return out, nil
}
