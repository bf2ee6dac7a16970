package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethminer"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/txpool"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/kv/pebble"
	"github.com/twinchain/twinchain/internal/logging"
	"github.com/twinchain/twinchain/internal/rpc/ethrpc"
)

// ethDevAccounts is the number of unlocked, funded dev accounts (Hardhat's
// and anvil's 20).
const ethDevAccounts = 20

// ethVMCacheAnalyses bounds the code analyses the account chain's EVMs
// share.
const ethVMCacheAnalyses = 1024

// ethCoinbase is the etherbase of the dev chain's blocks (Hardhat's
// 0xc014ba5e...: tips do not land on a dev account, so balances stay easy to
// reason about).
var ethCoinbase = ethtypes.Address{0xc0, 0x14, 0xba, 0x5e, 0xc0, 0x14, 0xba, 0x5e, 0xc0, 0x14,
	0xba, 0x5e, 0xc0, 0x14, 0xba, 0x5e, 0xc0, 0x14, 0xba, 0x5e}

// ethNode is the account chain: its Pebble database, chain, transaction
// pool, dev miner and JSON-RPC server. It is started after btcNode and
// stopped before it; nothing in btcNode knows about it.
type ethNode struct {
	cfg  *config.Config
	logs *logging.Logger
	log  *slog.Logger

	db       *pebble.DB
	chain    *ethchain.BlockChain
	pool     *txpool.Pool
	miner    *ethminer.Miner
	p2p      *ethP2P // the account chain's P2P network (eth_p2p.go)
	svc      *ethrpc.Service
	rpc      *jsonrpc.Server
	accounts []ethchain.DevAccount
	unsub    func()

	rpcObserve rpcObserveFunc // metrics; nil without -metrics

	resetCh   chan struct{} // a new head to reset the pool to (coalesced)
	resetDone chan struct{}
	resetMu   sync.Mutex // serialises pool resets; guards resetHead
	resetHead *ethtypes.Header
}

// ethGenesis returns the genesis of the account chain: -ethgenesis's file or
// the built-in dev network.
func ethGenesis(cfg *config.Config) (*ethchain.Genesis, error) {
	if cfg.ETHGenesis == "" {
		return ethchain.DevGenesis()
	}
	data, err := os.ReadFile(cfg.ETHGenesis)
	if err != nil {
		return nil, fmt.Errorf("-ethgenesis: %w", err)
	}
	g, err := ethchain.ParseGenesis(data)
	if err != nil {
		return nil, fmt.Errorf("-ethgenesis %s: %w", cfg.ETHGenesis, err)
	}
	return g, nil
}

// start opens the database and the chain, loads the pool's journal, builds
// the miner and starts the JSON-RPC server. On error the caller runs stop.
func (e *ethNode) start(ctx context.Context) error {
	cfg := e.cfg
	e.log.Info("Account chain: using data directory " + cfg.ETHDataDir)
	if err := os.MkdirAll(cfg.ETHDataDir, 0o700); err != nil {
		return makeError(ErrStartup, "account chain: %v", err)
	}
	gen, err := ethGenesis(cfg)
	if err != nil {
		return makeError(ErrStartup, "account chain: %v", err)
	}
	db, err := pebble.Open(filepath.Join(cfg.ETHDataDir, "chaindata"), pebble.Options{Logger: e.logs.For("eth")})
	if err != nil {
		return makeError(ErrStartup, "account chain: opening chaindata: %v", err)
	}
	e.db = db
	engine, err := ethEngine(cfg, gen)
	if err != nil {
		return makeError(ErrStartup, "account chain: %v", err)
	}
	// One EVM cache (code analyses, frames) for the chain, the miner and
	// the RPC: without it each block's EVM analysed its contracts anew.
	vmCfg := evm.Config{Cache: evm.NewCache(ethVMCacheAnalyses)}
	// DeferSync: blocks are not fsynced one by one (automine writes one per
	// transaction); stop syncs them (docs/STORAGE.md).
	bc, err := ethchain.NewBlockChain(db, ethchain.Config{Genesis: gen, Engine: engine, Logger: e.log, DeferSync: true,
		VMConfig: vmCfg})
	if err != nil {
		return makeError(ErrStartup, "account chain: %v", err)
	}
	e.chain = bc
	cc := bc.Config()
	// The pool validates against the next block's rules as the chain
	// executes them (Shanghai and Cancun on the never-merging dev network).
	nextRules := func(p *ethtypes.Header) ethtypes.Rules {
		return ethchain.RulesAt(cc, p.Number+1, ethchain.IsPoSHeader(cc, p), p.Time)
	}
	pool, err := txpool.New(txpool.Config{
		ChainConfig:        cc,
		NextBaseFee:        func(p *ethtypes.Header) uint256.Int { return ethchain.CalcBaseFee(cc, p) },
		NextRules:          nextRules,
		Journal:            filepath.Join(cfg.ETHDataDir, "transactions.rlp"),
		RejectBelowBaseFee: true,
	}, ethPoolChain{bc})
	if err != nil {
		return makeError(ErrStartup, "account chain: transaction pool: %v", err)
	}
	e.pool = pool
	e.p2p = newEthP2P(e)
	e.resetHead = bc.CurrentHeader()
	e.resetCh = make(chan struct{}, 1)
	e.resetDone = make(chan struct{})
	go e.resetLoop()
	e.unsub = bc.SubscribeChainEvents(e.onChainEvent)

	// Automine group-commits: the transactions that arrive while a block
	// is built share the next block (a sequential client still gets one
	// block per transaction); see ethminer.Miner.MinePending.
	etherbase, err := ethEtherbase(cfg)
	if err != nil {
		return makeError(ErrStartup, "account chain: %v", err)
	}
	m, err := ethminer.New(ethminer.Config{Etherbase: etherbase, AutomineTxsPerBlock: -1, OnBlock: e.p2p.onMined,
		VMConfig: vmCfg}, bc, pool, engine)
	if err != nil {
		return makeError(ErrStartup, "account chain: miner: %v", err)
	}
	e.miner = m
	e.p2p.setMiner(m)
	if cfg.ETHBlockTime > 0 && !cfg.ETHMine {
		if err := m.StartInterval(cfg.ETHBlockTime); err != nil {
			return makeError(ErrStartup, "account chain: miner: %v", err)
		}
	}

	if e.accounts, err = ethchain.DevAccounts(ethDevAccounts); err != nil {
		return makeError(ErrStartup, "account chain: dev accounts: %v", err)
	}
	accts := make([]ethrpc.Account, len(e.accounts))
	for i, a := range e.accounts {
		accts[i] = ethrpc.Account{Address: a.Address, PrivateKey: a.PrivateKey}
	}
	svc, err := ethrpc.New(ethrpc.Config{
		Chain:         bc,
		Pool:          pool,
		Miner:         m,
		Dev:           ethDev{e},
		Accounts:      accts,
		Automine:      cfg.ETHBlockTime == 0 && !cfg.ETHMine,
		Net:           ethNetInfo{e.p2p},
		ClientVersion: "twinchaind/v" + Version,
		VMConfig:      vmCfg,
	})
	if err != nil {
		return makeError(ErrStartup, "account chain: RPC: %v", err)
	}
	e.svc = svc
	head := bc.CurrentHeader()
	e.log.Info(fmt.Sprintf("Account chain: chain id %d, head %d %s", cc.ChainID, head.Number, head.Hash()))
	if err := e.p2p.start(ctx); err != nil {
		return err
	}
	if err := e.p2p.startMining(gen); err != nil {
		return err
	}
	return e.startRPC(ctx)
}

// startRPC binds the eth JSON-RPC server: HTTP and WebSocket on one port,
// no authentication (as geth --dev, anvil and Hardhat), loopback unless
// -ethrpcbind names another address, which then accepts every client.
func (e *ethNode) startRPC(ctx context.Context) error {
	cfg := e.cfg
	sc := jsonrpc.ServerConfig{
		Listen:      []string{net.JoinHostPort(cfg.ETHRPCBind, strconv.Itoa(cfg.ETHRPCPort))},
		Auth:        jsonrpc.Auth{Disabled: true},
		Threads:     cfg.RPCThreads,
		WorkQueue:   cfg.RPCWorkQueue,
		ReadTimeout: cfg.RPCServerTimeout,
		IdleTimeout: cfg.RPCServerTimeout,
		WebSocket:   true,
		Logger:      e.logs.For("rpc"),
		// geth's limits (5 MiB request bodies, 1000 calls per batch) and
		// geth's protocol errors.
		MaxBodyBytes: 5 << 20,
		MaxBatch:     1000,
		GethErrors:   true,
	}
	if ip, err := netip.ParseAddr(cfg.ETHRPCBind); err == nil && !ip.IsLoopback() {
		sc.AllowIP = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	}
	sc.Observe = e.rpcObserve
	// Browser pages: CORS (-ethrpccorsdomain), Host names against DNS
	// rebinding (-ethrpcvhosts) and WebSocket origins (-ethrpcwsorigins).
	sc.CORSOrigins, sc.VirtualHosts, sc.WSOrigins = cfg.ETHRPCCORSDomain, cfg.ETHRPCVHosts, cfg.ETHRPCWSOrigins
	srv := jsonrpc.NewServer(sc)
	if err := e.svc.Register(srv); err != nil {
		return makeError(ErrStartup, "account chain: registering RPC methods: %v", err)
	}
	if err := srv.Start(ctx); err != nil {
		return makeError(ErrStartup, "Unable to start the account chain's HTTP server on %s:%d. (%v)", cfg.ETHRPCBind, cfg.ETHRPCPort, err)
	}
	e.rpc = srv
	for _, a := range srv.Addrs() {
		e.log.Info("Binding account-chain RPC on address " + a.String())
	}
	return nil
}

// onChainEvent runs on the chain's writer goroutine: it must not block, so
// it only signals the reset loop.
func (e *ethNode) onChainEvent(ev ethchain.ChainEvent) {
	if e.p2p != nil {
		e.p2p.onChainEvent(ev)
	}
	if ev.Kind == ethchain.EventNewHead || ev.Kind == ethchain.EventSetHead {
		select {
		case e.resetCh <- struct{}{}:
		default:
		}
	}
}

// resetLoop moves the pool to the chain's head after each new head. The
// miner also resets the pool after its own blocks; resetting again to the
// same head is cheap and keeps the pool right for heads that do not come
// from the miner.
func (e *ethNode) resetLoop() {
	defer close(e.resetDone)
	for range e.resetCh {
		e.resetPool()
	}
}

// resetPool resets the pool from the last head it was reset to to the
// chain's head.
func (e *ethNode) resetPool() {
	e.resetMu.Lock()
	defer e.resetMu.Unlock()
	head := e.chain.CurrentHeader()
	old := e.resetHead
	if old != nil && old.Hash() == head.Hash() {
		return
	}
	if err := e.pool.Reset(old, head); err != nil {
		e.log.Warn("Account chain: transaction pool reset failed", "err", err)
		return
	}
	e.resetHead = head
}

// stop stops the RPC server, the miner, the pool (its journal) and the chain
// (which closes the database), in that order.
func (e *ethNode) stop() error {
	var errs []error
	if e.rpc != nil {
		if err := e.rpc.Stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if e.svc != nil {
		e.svc.Close()
	}
	if e.p2p != nil {
		if err := e.p2p.stop(); err != nil {
			errs = append(errs, fmt.Errorf("account chain P2P: %w", err))
		}
	}
	if e.miner != nil {
		e.miner.Stop()
	}
	if e.unsub != nil {
		e.unsub()
		close(e.resetCh)
		<-e.resetDone
	}
	if e.pool != nil {
		if err := e.pool.Close(); err != nil {
			errs = append(errs, fmt.Errorf("account chain: transaction pool: %w", err))
		}
	}
	if e.chain != nil {
		// Stop closes the database too.
		if err := e.chain.Stop(); err != nil {
			errs = append(errs, fmt.Errorf("account chain: %w", err))
		}
	} else if e.db != nil {
		if err := e.db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("account chain: closing chaindata: %w", err))
		}
	}
	return errors.Join(errs...)
}

// rpcAddrs returns the JSON-RPC server's addresses (nil when it is off).
func (e *ethNode) rpcAddrs() []net.Addr {
	if e == nil || e.rpc == nil {
		return nil
	}
	return e.rpc.Addrs()
}

// ETHRPCAddrs returns the addresses of the account chain's JSON-RPC server
// (nil with -eth=0 or before Start), so a node started on port 0 can be
// reached.
//
// This function is safe for concurrent access.
func (n *Node) ETHRPCAddrs() []net.Addr {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.eth.rpcAddrs()
}

// ETHChain returns the account chain (nil with -eth=0 or before Start).
//
// This function is safe for concurrent access.
func (n *Node) ETHChain() *ethchain.BlockChain {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.eth == nil {
		return nil
	}
	return n.eth.chain
}

// startETH starts the account chain beside the UTXO one (cfg.ETH).
func (n *Node) startETH(ctx context.Context) error {
	e := &ethNode{cfg: n.cfg, logs: n.logs, log: n.logs.For("eth")}
	e.rpcObserve = n.rpcObserver("eth")
	n.mu.Lock()
	n.eth = e
	n.mu.Unlock()
	return e.start(ctx)
}

// stopETH stops the account chain (before the UTXO one).
func (n *Node) stopETH() error {
	n.mu.Lock()
	e := n.eth
	n.mu.Unlock()
	if e == nil {
		return nil
	}
	return e.stop()
}
