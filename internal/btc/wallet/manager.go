package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/twinchain/twinchain/internal/fsutil"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// Chain is what the wallet reads from the block chain: the tip and blocks by
// height, for rescans and catching up at load. *blockchain.Chain satisfies
// it.
type Chain interface {
	BestHash() chainhash.Hash
	BestHeight() int32
	BlockByHeight(height int32) (*primitives.Block, error)
	BlockHashByHeight(height int32) (chainhash.Hash, error)
}

// Broadcaster submits a wallet transaction to the node's mempool (and
// relays it). A rejection's error text should carry Core's reject reason.
type Broadcaster interface {
	BroadcastTransaction(tx *primitives.Tx) error
}

// Mempool tells whether the node's mempool holds a transaction (Core's
// chain().isInMempool). The wallet asks it, with its own lock held, whether
// an unconfirmed wallet transaction is in the pool: only those count as
// pending in balances and coin selection (Core's CWalletTx::InMempool).
// Implementations must not call back into the wallet. *mempool.Pool
// satisfies it.
type Mempool interface {
	Has(txid chainhash.Hash) bool
}

// FeeSource estimates fee rates (internal/btc/fees.Estimator): feeRate in
// sat/kvB for confirmation within target blocks, the target actually used,
// and ok false when there is no estimate.
type FeeSource interface {
	EstimateSmartFee(target int, conservative bool) (feeRate int64, blocks int, ok bool)
}

// Defaults of ManagerConfig fields.
const (
	DefaultKeypool     = 1000       // -keypool
	DefaultMaxTxFee    = 10_000_000 // -maxtxfee 0.1 BTC
	DefaultMinTxFee    = 1000       // -mintxfee sat/kvB
	DefaultConfTarget  = 6          // -txconfirmtarget
	regtestFallbackFee = 20_000     // 0.0002 BTC/kvB
	minRelayFeeRate    = 1000       // -minrelaytxfee sat/kvB
	discardFeeRate     = 10_000     // -discardfee sat/kvB
	consolidateFeeRate = 10_000     // -consolidatefeerate sat/kvB
)

// ManagerConfig configures a Manager.
type ManagerConfig struct {
	// Params is the network.
	Params *chaincfg.Params
	// Dir is the wallets directory, <btcdatadir>/wallets.
	Dir string
	// Chain is the block chain (may be nil in tests: no catch-up).
	Chain Chain
	// Broadcaster submits sent transactions (nil: sends fail).
	Broadcaster Broadcaster
	// FeeSource estimates fee rates (nil: fallback fee only).
	FeeSource FeeSource
	// Mempool is the node's mempool view. Nil means no view: every
	// unconfirmed, not abandoned, not conflicted transaction counts as
	// in the mempool (tests and tools without a node).
	Mempool Mempool
	// Logger receives wallet events (never keys). Nil discards.
	Logger *slog.Logger

	// Keypool is the lookahead of each ranged descriptor (-keypool);
	// 0 means DefaultKeypool.
	Keypool int
	// FallbackFee is the fee rate in sat/kvB used when the estimator has
	// no estimate (-fallbackfee). 0 means 20,000 (0.0002 BTC/kvB) on
	// regtest and none elsewhere; negative disables it.
	FallbackFee int64
	// MinTxFee is the lowest fee rate the wallet pays, sat/kvB
	// (-mintxfee); 0 means DefaultMinTxFee.
	MinTxFee int64
	// MaxTxFee is the highest absolute fee of one transaction (-maxtxfee);
	// 0 means DefaultMaxTxFee.
	MaxTxFee int64
	// ConfTarget is the default confirmation target (-txconfirmtarget).
	ConfTarget int
	// AddressType and ChangeType are -addresstype/-changetype; empty means
	// bech32 (and change follows AddressType).
	AddressType string
	ChangeType  string
	// ScryptN overrides the scrypt cost of new passphrases (tests use
	// small values); 0 means 2^15.
	ScryptN int
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// CacheSize is each wallet database's LevelDB cache in bytes (0: 1 MiB).
	CacheSize int
	// RescanProgress, when set, is called after each block a rescan
	// (rescanblockchain, or catching up at load) has scanned, so the node
	// can report its progress. It runs with the wallet's lock held: it
	// must return quickly and must not call the wallet.
	RescanProgress func(RescanStatus)
}

// RescanStatus is the progress of a rescan: Height was just scanned, of the
// range [From, To].
type RescanStatus struct {
	Wallet   string
	Height   int32
	From, To int32
}

func (c *ManagerConfig) changeType() string {
	if c.ChangeType != "" {
		return c.ChangeType
	}
	return c.AddressType
}

// Manager owns the loaded wallets of one node: creation, loading, unloading
// and the chain notifications they all receive.
//
// All methods are safe for concurrent access.
type Manager struct {
	cfg   ManagerConfig
	chain Chain
	log   *slog.Logger

	mu      sync.RWMutex
	wallets map[string]*Wallet
	order   []string
}

// NewManager returns a Manager over cfg.Dir (created if missing).
func NewManager(cfg ManagerConfig) (*Manager, error) {
	if cfg.Params == nil {
		return nil, errors.New("wallet: ManagerConfig.Params is nil")
	}
	if cfg.Dir == "" {
		return nil, errors.New("wallet: ManagerConfig.Dir is empty")
	}
	if cfg.AddressType == "" {
		cfg.AddressType = TypeBech32
	}
	if cfg.FallbackFee == 0 && cfg.Params.Name == "regtest" {
		cfg.FallbackFee = regtestFallbackFee
	}
	if cfg.MinTxFee == 0 {
		cfg.MinTxFee = DefaultMinTxFee
	}
	if cfg.MaxTxFee == 0 {
		cfg.MaxTxFee = DefaultMaxTxFee
	}
	if cfg.ConfTarget == 0 {
		cfg.ConfTarget = DefaultConfTarget
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = 1 << 20
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Manager{cfg: cfg, chain: cfg.Chain, log: log, wallets: make(map[string]*Wallet)}, nil
}

func (m *Manager) keypool() int {
	if m.cfg.Keypool > 0 {
		return m.cfg.Keypool
	}
	return DefaultKeypool
}

func (m *Manager) now() time.Time {
	if m.cfg.Now != nil {
		return m.cfg.Now()
	}
	return time.Now()
}

// Params returns the network parameters.
func (m *Manager) Params() *chaincfg.Params { return m.cfg.Params }

// Config returns the manager's configuration, with defaults applied.
func (m *Manager) Config() ManagerConfig { return m.cfg }

// walletPath returns the directory of wallet name, refusing names that
// escape the wallets directory.
func (m *Manager) walletPath(name string) (string, error) {
	if name == "" {
		return m.cfg.Dir, nil
	}
	if filepath.IsAbs(name) {
		return filepath.Clean(name), nil
	}
	clean := filepath.Clean(name)
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", makeError(ErrInvalidParameter, "Invalid wallet name '%s'", name)
	}
	return filepath.Join(m.cfg.Dir, clean), nil
}

func isWalletDir(path string) bool {
	// A LevelDB database has a CURRENT file and our version record; the
	// CURRENT file is enough to tell one apart from an empty directory.
	st, err := os.Stat(filepath.Join(path, "CURRENT"))
	return err == nil && !st.IsDir()
}

// Create creates and loads a new wallet.
//
// This function is safe for concurrent access.
func (m *Manager) Create(name string, opts CreateOptions) (*Wallet, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	path, err := m.walletPath(name)
	if err != nil {
		return nil, err
	}
	if _, ok := m.wallets[name]; ok || isWalletDir(path) {
		return nil, makeError(ErrWalletExists, "Wallet file verification failed. Failed to create database path '%s'. Database already exists.", path)
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, makeError(ErrBadWalletFile, "Wallet file verification failed. %v", err)
	}
	db, err := leveldb.Open(path, leveldb.Options{CacheSize: m.cfg.CacheSize})
	if err != nil {
		return nil, makeError(ErrBadWalletFile, "Wallet file verification failed. %v", err)
	}
	w := newWallet(m, name, db)
	if err := w.initNew(opts); err != nil {
		db.Close()
		os.RemoveAll(path)
		return nil, err
	}
	m.wallets[name] = w
	m.order = append(m.order, name)
	m.log.Info("wallet created", "wallet", name, "encrypted", opts.Passphrase != "", "blank", opts.Blank)
	return w, nil
}

// Load opens an existing wallet, catches it up with the chain and hands its
// own pending transactions to the Broadcaster again (Core's postInitProcess:
// a pending transaction counts only while the mempool holds it, and one
// lost with the mempool, say without mempool.dat, would otherwise never be
// sent). Rejections (already in the pool, conflicted, not final) are
// logged at debug level.
//
// This function is safe for concurrent access.
func (m *Manager) Load(name string) (*Wallet, error) {
	w, err := m.load(name)
	if err != nil {
		return nil, err
	}
	// Without m.mu: the node calls TxAccepted back from the Broadcaster.
	m.resubmit(w)
	return w, nil
}

func (m *Manager) load(name string) (*Wallet, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.loadLocked(name)
}

// loadLocked opens wallet name; m.mu is held.
func (m *Manager) loadLocked(name string) (*Wallet, error) {
	if _, ok := m.wallets[name]; ok {
		return nil, makeError(ErrAlreadyLoaded, "Wallet \"%s\" is already loaded.", name)
	}
	path, err := m.walletPath(name)
	if err != nil {
		return nil, err
	}
	if !isWalletDir(path) {
		return nil, makeError(ErrWalletNotFound, "Wallet file verification failed. Failed to load database path '%s'. Path does not exist.", path)
	}
	db, err := leveldb.Open(path, leveldb.Options{CacheSize: m.cfg.CacheSize, ErrorIfMissing: true})
	if err != nil {
		return nil, makeError(ErrBadWalletFile, "Wallet file verification failed. %v", err)
	}
	w := newWallet(m, name, db)
	if err := w.load(); err != nil {
		db.Close()
		return nil, err
	}
	if m.chain != nil {
		if err := w.catchUp(m.chain); err != nil {
			db.Close()
			return nil, err
		}
	}
	m.wallets[name] = w
	m.order = append(m.order, name)
	m.log.Info("wallet loaded", "wallet", name, "transactions", len(w.txs), "height", w.bestHeight)
	return w, nil
}

// Unload closes a loaded wallet.
//
// This function is safe for concurrent access.
func (m *Manager) Unload(name string) error {
	m.mu.Lock()
	w, ok := m.wallets[name]
	if ok {
		delete(m.wallets, name)
		m.order = slices.DeleteFunc(m.order, func(s string) bool { return s == name })
	}
	m.mu.Unlock()
	if !ok {
		return makeError(ErrNotLoaded, "Requested wallet does not exist or is not loaded")
	}
	m.log.Info("wallet unloaded", "wallet", name)
	return w.close()
}

// Wallets returns the names of the loaded wallets in load order.
//
// This function is safe for concurrent access.
func (m *Manager) Wallets() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.order)
}

// Get returns a loaded wallet.
//
// This function is safe for concurrent access.
func (m *Manager) Get(name string) (*Wallet, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	w, ok := m.wallets[name]
	return w, ok
}

// WalletDir lists the wallets on disk (listwalletdir): subdirectories of
// Dir holding a database, and "" when Dir itself holds one.
//
// This function is safe for concurrent access.
func (m *Manager) WalletDir() ([]string, error) {
	var names []string
	if isWalletDir(m.cfg.Dir) {
		names = append(names, "")
	}
	err := filepath.WalkDir(m.cfg.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == m.cfg.Dir {
			return nil
		}
		if isWalletDir(p) {
			rel, _ := filepath.Rel(m.cfg.Dir, p)
			names = append(names, filepath.ToSlash(rel))
			return filepath.SkipDir
		}
		return nil
	})
	return names, err
}

func (m *Manager) snapshot() []*Wallet {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ws := make([]*Wallet, 0, len(m.order))
	for _, n := range m.order {
		ws = append(ws, m.wallets[n])
	}
	return ws
}

// BlockConnected feeds a block that joined the active chain at height to
// every loaded wallet.
//
// This function is safe for concurrent access.
func (m *Manager) BlockConnected(blk *primitives.Block, height int32) {
	for _, w := range m.snapshot() {
		if err := w.BlockConnected(blk, height); err != nil {
			m.log.Error("wallet: block connected", "wallet", w.name, "height", height, "err", err)
		}
	}
}

// BlockDisconnected feeds a block that left the active chain.
//
// This function is safe for concurrent access.
func (m *Manager) BlockDisconnected(blk *primitives.Block, height int32) {
	for _, w := range m.snapshot() {
		if err := w.BlockDisconnected(blk, height); err != nil {
			m.log.Error("wallet: block disconnected", "wallet", w.name, "height", height, "err", err)
		}
	}
}

// TxAccepted feeds a transaction the mempool accepted.
//
// This function is safe for concurrent access.
func (m *Manager) TxAccepted(tx *primitives.Tx) {
	for _, w := range m.snapshot() {
		if err := w.TxAccepted(tx); err != nil {
			m.log.Error("wallet: tx accepted", "wallet", w.name, "err", err)
		}
	}
}

// Close unloads every wallet.
//
// This function is safe for concurrent access.
func (m *Manager) Close() error {
	var first error
	for _, n := range m.Wallets() {
		if err := m.Unload(n); err != nil && first == nil {
			first = err
		}
	}
	return first
}

var _ kv.Store = (*leveldb.DB)(nil)

// LoadOrCreate loads wallet name, creating it with opts when it does not
// exist (the node's default wallet). created tells which happened.
//
// This function is safe for concurrent access.
func (m *Manager) LoadOrCreate(name string, opts CreateOptions) (w *Wallet, created bool, err error) {
	if w, ok := m.Get(name); ok {
		return w, false, nil
	}
	w, err = m.Load(name)
	if errors.Is(err, ErrWalletNotFound) {
		w, err = m.Create(name, opts)
		return w, err == nil, err
	}
	return w, false, err
}

// startupFile lists the wallets to load at startup (Core keeps them in
// settings.json's "wallet" array): a JSON array of names in Dir.
const startupFile = "load_on_startup.json"

// StartupWallets returns the wallets marked load_on_startup, in order.
//
// This function is safe for concurrent access.
func (m *Manager) StartupWallets() ([]string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.readStartup()
}

func (m *Manager) readStartup() ([]string, error) {
	b, err := os.ReadFile(filepath.Join(m.cfg.Dir, startupFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return nil, fmt.Errorf("wallet: %s: %w", startupFile, err)
	}
	return names, nil
}

// SetLoadOnStartup adds (on) or removes (off) name from the startup list
// (createwallet/loadwallet/unloadwallet's load_on_startup). The file is
// replaced atomically.
//
// This function is safe for concurrent access.
func (m *Manager) SetLoadOnStartup(name string, on bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	names, err := m.readStartup()
	if err != nil {
		return err
	}
	names = slices.DeleteFunc(names, func(s string) bool { return s == name })
	if on {
		names = append(names, name)
	}
	if names == nil {
		names = []string{}
	}
	b, _ := json.Marshal(names)
	return fsutil.WriteFileAtomic(filepath.Join(m.cfg.Dir, startupFile), b, 0o600)
}
