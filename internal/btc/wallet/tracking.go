package wallet

import (
	"errors"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// CoinbaseMaturity is the depth a coinbase output needs before it can be
// spent.
const CoinbaseMaturity = 100

// walletTx is a transaction relevant to the wallet.
type walletTx struct {
	tx           *primitives.Tx
	raw          []byte
	txid         chainhash.Hash
	height       int32 // -1 while unconfirmed
	blockHash    chainhash.Hash
	blockTime    uint32
	blockIndex   uint32
	timeReceived int64
	abandoned    bool
	orderPos     int64
}

// addTxIndex puts wtx in the in-memory maps.
func (w *Wallet) addTxIndex(wtx *walletTx) {
	if old, ok := w.txs[wtx.txid]; ok {
		*old = *wtx
		return
	}
	w.txs[wtx.txid] = wtx
	if !wtx.tx.IsCoinBase() {
		for _, in := range wtx.tx.Inputs {
			if !slices.Contains(w.spends[in.PrevOut], wtx.txid) {
				w.spends[in.PrevOut] = append(w.spends[in.PrevOut], wtx.txid)
			}
		}
	}
	if wtx.orderPos >= w.nextOrder {
		w.nextOrder = wtx.orderPos + 1
	}
}

// isRelevant reports whether tx pays a wallet script or spends a wallet
// output, and marks the key-pool indexes it uses as used.
func (w *Wallet) isRelevant(tx *primitives.Tx) bool {
	rel := false
	for _, out := range tx.Outputs {
		if ref, ok := w.scripts[string(out.ScriptPubKey)]; ok {
			rel = true
			if ref.d.desc.IsRange() && ref.index >= ref.d.rec.Next {
				ref.d.rec.Next = ref.index + 1
				if err := w.topUp(ref.d); err != nil {
					w.m.log.Error("wallet: key pool top-up", "err", err)
				}
			}
		}
	}
	if rel || tx.IsCoinBase() {
		return rel
	}
	for _, in := range tx.Inputs {
		if w.isMineOutPoint(in.PrevOut) {
			return true
		}
	}
	return false
}

func (w *Wallet) isMineOutPoint(op primitives.OutPoint) bool {
	prev, ok := w.txs[op.Hash]
	if !ok || int(op.Index) >= len(prev.tx.Outputs) {
		return false
	}
	_, mine := w.scripts[string(prev.tx.Outputs[op.Index].ScriptPubKey)]
	return mine
}

// recordTx stores tx with its block position (height -1: unconfirmed) in
// a batch entry and the maps. It returns whether anything changed.
func (w *Wallet) recordTx(put func(k, v []byte), tx *primitives.Tx, height int32, hdr *primitives.Header, blockHash chainhash.Hash, index int) bool {
	txid := tx.TxHash()
	wtx, exists := w.txs[txid]
	if !exists {
		if !w.isRelevant(tx) {
			return false
		}
		wtx = &walletTx{tx: tx, raw: tx.Bytes(), txid: txid, height: -1, timeReceived: w.m.now().Unix(), orderPos: w.nextOrder}
		w.nextOrder++
	} else {
		// A known transaction: also mark key-pool use again (reloads).
		w.isRelevant(tx)
		if height < 0 && wtx.height >= 0 {
			return false // already confirmed; a mempool echo
		}
	}
	if height >= 0 {
		wtx.height = height
		wtx.blockHash = blockHash
		wtx.blockTime = hdr.Timestamp
		wtx.blockIndex = uint32(index)
		wtx.abandoned = false
	}
	w.addTxIndex(wtx)
	put(txKey(txid), encodeTxRecord(wtx))
	return true
}

// BlockConnected records the wallet's transactions of blk, connected at
// height, and moves the wallet's best block.
//
// This function is safe for concurrent access.
func (w *Wallet) BlockConnected(blk *primitives.Block, height int32) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.connectLocked(blk, height)
}

func (w *Wallet) connectLocked(blk *primitives.Block, height int32) error {
	if w.closed {
		return nil
	}
	if height <= w.bestHeight && w.bestHeight >= 0 {
		// Already seen (a rescan overlapping live notifications) unless it
		// replaces our tip after a reorg we were not told about.
		if h := blk.BlockHash(); h == w.bestHash {
			return nil
		}
	}
	b := w.db.NewBatch()
	put := func(k, v []byte) { _ = b.Put(k, v) }
	hash := blk.BlockHash()
	changed := false
	for i, tx := range blk.Txs {
		if w.recordTx(put, tx, height, &blk.Header, hash, i) {
			changed = true
		}
	}
	w.bestHash, w.bestHeight = hash, height
	put(keyBestBlock, encodeBest(hash, height))
	// Only a block that touched the wallet needs an fsync: losing the
	// best-block mark of an irrelevant block to a crash costs a short
	// rescan at the next load, nothing more.
	return storageErr(b.Write(changed))
}

// BlockDisconnected returns the wallet's transactions of blk to the
// unconfirmed state (coinbases become abandoned) and moves the best block to
// its parent.
//
// This function is safe for concurrent access.
func (w *Wallet) BlockDisconnected(blk *primitives.Block, height int32) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	b := w.db.NewBatch()
	hash := blk.BlockHash()
	for _, tx := range blk.Txs {
		wtx, ok := w.txs[tx.TxHash()]
		if !ok || wtx.blockHash != hash {
			continue
		}
		wtx.height = -1
		wtx.blockHash = chainhash.Hash{}
		wtx.blockTime, wtx.blockIndex = 0, 0
		if tx.IsCoinBase() {
			wtx.abandoned = true
		}
		_ = b.Put(txKey(wtx.txid), encodeTxRecord(wtx))
	}
	w.bestHash, w.bestHeight = blk.Header.PrevBlock, height-1
	_ = b.Put(keyBestBlock, encodeBest(w.bestHash, w.bestHeight))
	return storageErr(b.Write(true))
}

// TxAccepted records a mempool transaction relevant to the wallet.
//
// This function is safe for concurrent access.
func (w *Wallet) TxAccepted(tx *primitives.Tx) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.acceptLocked(tx)
}

func (w *Wallet) acceptLocked(tx *primitives.Tx) error {
	if w.closed {
		return nil
	}
	b := w.db.NewBatch()
	if !w.recordTx(func(k, v []byte) { _ = b.Put(k, v) }, tx, -1, nil, chainhash.Hash{}, 0) {
		return nil
	}
	return storageErr(b.Write(true))
}

// catchUp brings a loaded wallet to the chain tip: when its best block is no
// longer on the active chain, its confirmed transactions above the fork are
// reset and the blocks rescanned.
func (w *Wallet) catchUp(c Chain) error {
	start := w.bestHeight + 1
	if w.bestHeight >= 0 {
		if h, err := c.BlockHashByHeight(w.bestHeight); err != nil || h != w.bestHash {
			// Walk back to the fork.
			fork := min(w.bestHeight, c.BestHeight())
			for fork >= 0 {
				h, err := c.BlockHashByHeight(fork)
				if err == nil && w.blockKnownAt(fork, h) {
					break
				}
				fork--
			}
			w.unconfirmAbove(fork)
			start = fork + 1
		}
	}
	return w.rescanLocked(c, start, c.BestHeight())
}

// blockKnownAt reports whether the wallet saw no contradiction at height:
// no wallet transaction claims another block there.
func (w *Wallet) blockKnownAt(height int32, h chainhash.Hash) bool {
	for _, wtx := range w.txs {
		if wtx.height == height && wtx.blockHash != h {
			return false
		}
	}
	return true
}

func (w *Wallet) unconfirmAbove(fork int32) {
	b := w.db.NewBatch()
	for _, wtx := range w.txs {
		if wtx.height > fork {
			wtx.height = -1
			wtx.blockHash = chainhash.Hash{}
			if wtx.tx.IsCoinBase() {
				wtx.abandoned = true
			}
			_ = b.Put(txKey(wtx.txid), encodeTxRecord(wtx))
		}
	}
	_ = b.Write(true)
}

// Rescan scans blocks [from, to] (to < 0: the tip) of the manager's chain
// for wallet transactions (rescanblockchain). It returns the range scanned.
//
// This function is safe for concurrent access.
func (w *Wallet) Rescan(from, to int32) (int32, int32, error) {
	c := w.m.chain
	if c == nil {
		return 0, 0, errors.New("no chain to rescan")
	}
	tip := c.BestHeight()
	if to < 0 || to > tip {
		to = tip
	}
	if from < 0 {
		from = 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.abortScan.Store(false)
	w.scanning.Store(true)
	defer func() {
		w.scanning.Store(false)
		w.abortScan.Store(false)
	}()
	return from, to, w.rescanLocked(c, from, to)
}

// AbortRescan asks a running Rescan to stop after the block it is
// scanning (abortrescan). It reports false when no rescan is running or
// one is already being aborted; the aborted Rescan returns
// ErrRescanAborted.
//
// This function is safe for concurrent access; it does not wait for the
// wallet's lock.
func (w *Wallet) AbortRescan() bool {
	if !w.scanning.Load() || w.abortScan.Load() {
		return false
	}
	w.abortScan.Store(true)
	return true
}

// IsScanning reports whether a Rescan is running.
//
// This function is safe for concurrent access.
func (w *Wallet) IsScanning() bool { return w.scanning.Load() }

func (w *Wallet) rescanLocked(c Chain, from, to int32) error {
	report := w.m.cfg.RescanProgress
	for h := max(from, 0); h <= to; h++ {
		if w.abortScan.Load() {
			return makeError(ErrRescanAborted, "Rescan aborted.")
		}
		blk, err := c.BlockByHeight(h)
		if err != nil {
			return err
		}
		b := w.db.NewBatch()
		put := func(k, v []byte) { _ = b.Put(k, v) }
		hash := blk.BlockHash()
		for i, tx := range blk.Txs {
			w.recordTx(put, tx, h, &blk.Header, hash, i)
		}
		if h >= w.bestHeight {
			w.bestHash, w.bestHeight = hash, h
			if h == to || h%1000 == 0 || b.Len() > 0 {
				put(keyBestBlock, encodeBest(hash, h))
			}
		}
		if b.Len() > 0 {
			if err := b.Write(true); err != nil {
				return storageErr(err)
			}
		}
		if report != nil {
			report(RescanStatus{Wallet: w.name, Height: h, From: max(from, 0), To: to})
		}
	}
	return nil
}

// ---- Queries ----

// depth returns the confirmations of wtx: >0 in the chain, 0 unconfirmed,
// <0 conflicted (minus the depth of the confirmed conflicting spend).
func (w *Wallet) depth(wtx *walletTx) int32 {
	if wtx.height >= 0 {
		return w.bestHeight - wtx.height + 1
	}
	var worst int32
	if !wtx.tx.IsCoinBase() {
		for _, in := range wtx.tx.Inputs {
			for _, sp := range w.spends[in.PrevOut] {
				if sp == wtx.txid {
					continue
				}
				if o := w.txs[sp]; o != nil && o.height >= 0 {
					d := w.bestHeight - o.height + 1
					if -d < worst {
						worst = -d
					}
				}
			}
		}
	}
	return worst
}

// blocksToMaturity is Core's GetBlocksToMaturity.
func (w *Wallet) blocksToMaturity(wtx *walletTx) int32 {
	if !wtx.tx.IsCoinBase() {
		return 0
	}
	d := w.depth(wtx)
	if d <= 0 {
		return CoinbaseMaturity + 1
	}
	return max(0, CoinbaseMaturity+1-d)
}

// isSpent reports whether op is spent by a wallet transaction that is
// confirmed or pending (not abandoned, not conflicted).
func (w *Wallet) isSpent(op primitives.OutPoint) bool {
	for _, sp := range w.spends[op] {
		o := w.txs[sp]
		if o == nil || o.abandoned {
			continue
		}
		if w.depth(o) >= 0 {
			return true
		}
	}
	return false
}

// inMempool is Core's CWalletTx::InMempool: whether the node's mempool
// holds the unconfirmed wtx now (a transaction the pool dropped after a
// reorganisation, a replacement, expiry or eviction does not count).
// Without a mempool view (ManagerConfig.Mempool nil), every unconfirmed
// transaction that is neither abandoned nor conflicted counts.
func (w *Wallet) inMempool(wtx *walletTx) bool {
	if wtx.height >= 0 {
		return false
	}
	if mp := w.m.cfg.Mempool; mp != nil {
		return mp.Has(wtx.txid)
	}
	return !wtx.abandoned && w.depth(wtx) == 0
}

// isTrusted is Core's CachedTxIsTrusted: confirmed, or our own unconfirmed
// transaction in the mempool whose inputs are all ours and trusted. memo
// caches the verdicts of unconfirmed transactions across calls (Core's
// trusted_parents); it holds false while a verdict is being worked out.
func (w *Wallet) isTrusted(wtx *walletTx, memo map[chainhash.Hash]bool) bool {
	d := w.depth(wtx)
	if d >= 1 {
		return true
	}
	if d < 0 || wtx.abandoned || wtx.tx.IsCoinBase() {
		return false
	}
	if v, ok := memo[wtx.txid]; ok {
		return v
	}
	memo[wtx.txid] = false
	// Core does not trust an unconfirmed transaction of ours that is
	// not in the mempool: it may never confirm.
	if !w.inMempool(wtx) {
		return false
	}
	for _, in := range wtx.tx.Inputs {
		prev := w.txs[in.PrevOut.Hash]
		if prev == nil || !w.isMineOutPoint(in.PrevOut) || !w.isTrusted(prev, memo) {
			return false
		}
	}
	memo[wtx.txid] = true
	return true
}

// Output is an unspent wallet output (listunspent).
type Output struct {
	OutPoint      primitives.OutPoint
	TxOut         primitives.TxOut
	Confirmations int32
	Coinbase      bool
	Trusted       bool
	Spendable     bool // the wallet holds the keys
	Solvable      bool
	Locked        bool
	Immature      bool
	Internal      bool   // paid to a change address
	Used          bool   // its address was spent from before (avoid_reuse)
	Descriptor    string // the producing descriptor (public)
	Index         uint32
}

// Unspent returns the wallet's unspent outputs, including immature
// coinbases and locked coins (callers filter).
//
// This function is safe for concurrent access.
func (w *Wallet) Unspent() []Output {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.unspentLocked()
}

// usedScripts returns the wallet scripts some wallet transaction has spent
// from: reusing them links payments (Core's IsSpentKey).
func (w *Wallet) usedScripts() map[string]bool {
	used := make(map[string]bool)
	for op, spenders := range w.spends {
		prev := w.txs[op.Hash]
		if prev == nil || int(op.Index) >= len(prev.tx.Outputs) {
			continue
		}
		for _, sp := range spenders {
			if o := w.txs[sp]; o != nil && !o.abandoned {
				used[string(prev.tx.Outputs[op.Index].ScriptPubKey)] = true
				break
			}
		}
	}
	return used
}

func (w *Wallet) unspentLocked() []Output {
	var outs []Output
	memo := make(map[chainhash.Hash]bool)
	var used map[string]bool
	if w.AvoidReuse() {
		used = w.usedScripts()
	}
	for _, wtx := range w.txs {
		if wtx.abandoned {
			continue
		}
		d := w.depth(wtx)
		if d < 0 {
			continue
		}
		// Core's AvailableCoins skips unconfirmed transactions the mempool
		// does not hold (dropped at a reorganisation, replaced, expired or
		// evicted): their outputs are neither listed nor spendable.
		if d == 0 && !w.inMempool(wtx) {
			continue
		}
		trusted := w.isTrusted(wtx, memo)
		for i, out := range wtx.tx.Outputs {
			ref, ok := w.scripts[string(out.ScriptPubKey)]
			if !ok {
				continue
			}
			op := primitives.OutPoint{Hash: wtx.txid, Index: uint32(i)}
			if w.isSpent(op) {
				continue
			}
			outs = append(outs, Output{
				OutPoint:      op,
				TxOut:         out,
				Confirmations: d,
				Coinbase:      wtx.tx.IsCoinBase(),
				Trusted:       trusted,
				Spendable:     ref.d.rec.Priv != nil,
				Solvable:      ref.d.desc.IsSolvable(),
				Locked:        w.locked[op],
				Immature:      w.blocksToMaturity(wtx) > 0,
				Internal:      ref.d.rec.Internal,
				Used:          used[string(out.ScriptPubKey)],
				Descriptor:    ref.d.rec.Public,
				Index:         ref.index,
			})
		}
	}
	slices.SortFunc(outs, func(a, b Output) int {
		if c := int(b.Confirmations) - int(a.Confirmations); c != 0 {
			return c
		}
		if c := compareHash(a.OutPoint.Hash, b.OutPoint.Hash); c != 0 {
			return c
		}
		return int(a.OutPoint.Index) - int(b.OutPoint.Index)
	})
	return outs
}

func compareHash(a, b chainhash.Hash) int {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return 0
}

// Balances are getbalances' "mine" figures, in satoshis.
type Balances struct {
	Trusted          int64
	UntrustedPending int64
	Immature         int64
	Used             int64 // avoid_reuse wallets only
}

// Balances computes the wallet's balances (Core's GetBalance).
//
// This function is safe for concurrent access.
func (w *Wallet) Balances() Balances {
	w.mu.Lock()
	defer w.mu.Unlock()
	var b Balances
	for _, o := range w.unspentLocked() {
		switch {
		case o.Immature:
			if o.Confirmations > 0 {
				b.Immature += o.TxOut.Value
			}
		case o.Used && o.Trusted:
			b.Used += o.TxOut.Value
		case o.Trusted:
			b.Trusted += o.TxOut.Value
		case o.Confirmations == 0:
			b.UntrustedPending += o.TxOut.Value
		}
	}
	return b
}

// BalanceMinConf is getbalance with minconf: trusted outputs with at least
// minconf confirmations (minconf 0 counts trusted pending ones).
//
// This function is safe for concurrent access.
func (w *Wallet) BalanceMinConf(minconf int32) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	var sum int64
	for _, o := range w.unspentLocked() {
		if !o.Immature && !o.Used && o.Trusted && o.Confirmations >= minconf {
			sum += o.TxOut.Value
		}
	}
	return sum
}

// BestBlock returns the last block the wallet processed.
//
// This function is safe for concurrent access.
func (w *Wallet) BestBlock() (chainhash.Hash, int32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bestHash, w.bestHeight
}

// TxInfo is a wallet transaction with its state, for gettransaction and
// listtransactions.
type TxInfo struct {
	Tx            *primitives.Tx
	TxID          chainhash.Hash
	Confirmations int32
	BlockHash     chainhash.Hash
	BlockHeight   int32
	BlockTime     uint32
	BlockIndex    uint32
	TimeReceived  int64
	Abandoned     bool
	Trusted       bool
	InMempool     bool // unconfirmed and held by the node's mempool
	Coinbase      bool
	Generated     bool
	Immature      bool
	OrderPos      int64
	Conflicts     []chainhash.Hash
	// Debit is the value of our outputs the tx spends; Credit the value
	// of its outputs paying us; Fee is set (negative) when all inputs are
	// ours.
	Debit, Credit int64
	Fee           int64
	FromMe        bool
	AllFromMe     bool
	Outputs       []TxOutputInfo
}

// TxOutputInfo tells, per output, whether it pays the wallet and where.
type TxOutputInfo struct {
	Mine     bool
	Internal bool // change
	Label    string
	HasLabel bool
}

// Transaction returns the wallet's view of txid.
//
// This function is safe for concurrent access.
func (w *Wallet) Transaction(txid chainhash.Hash) (TxInfo, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	wtx, ok := w.txs[txid]
	if !ok {
		return TxInfo{}, false
	}
	return w.txInfo(wtx), true
}

// Transactions returns every wallet transaction in the order the wallet
// learnt them.
//
// This function is safe for concurrent access.
func (w *Wallet) Transactions() []TxInfo {
	w.mu.Lock()
	defer w.mu.Unlock()
	list := make([]*walletTx, 0, len(w.txs))
	for _, wtx := range w.txs {
		list = append(list, wtx)
	}
	slices.SortFunc(list, func(a, b *walletTx) int {
		if a.orderPos != b.orderPos {
			if a.orderPos < b.orderPos {
				return -1
			}
			return 1
		}
		return compareHash(a.txid, b.txid)
	})
	out := make([]TxInfo, len(list))
	for i, wtx := range list {
		out[i] = w.txInfo(wtx)
	}
	return out
}

func (w *Wallet) txInfo(wtx *walletTx) TxInfo {
	ti := TxInfo{
		Tx:            wtx.tx,
		TxID:          wtx.txid,
		Confirmations: w.depth(wtx),
		BlockHash:     wtx.blockHash,
		BlockHeight:   wtx.height,
		BlockTime:     wtx.blockTime,
		BlockIndex:    wtx.blockIndex,
		TimeReceived:  wtx.timeReceived,
		Abandoned:     wtx.abandoned,
		Coinbase:      wtx.tx.IsCoinBase(),
		OrderPos:      wtx.orderPos,
	}
	ti.Trusted = w.isTrusted(wtx, make(map[chainhash.Hash]bool))
	ti.InMempool = ti.Confirmations == 0 && w.inMempool(wtx)
	ti.Generated = ti.Coinbase
	ti.Immature = w.blocksToMaturity(wtx) > 0
	if !ti.Coinbase {
		ti.AllFromMe = true
		var inSum int64
		for _, in := range wtx.tx.Inputs {
			prev := w.txs[in.PrevOut.Hash]
			if prev != nil && int(in.PrevOut.Index) < len(prev.tx.Outputs) {
				inSum += prev.tx.Outputs[in.PrevOut.Index].Value
			}
			if w.isMineOutPoint(in.PrevOut) {
				ti.FromMe = true
				ti.Debit += prev.tx.Outputs[in.PrevOut.Index].Value
			} else {
				ti.AllFromMe = false
			}
			for _, sp := range w.spends[in.PrevOut] {
				if sp != wtx.txid && !slices.Contains(ti.Conflicts, sp) {
					ti.Conflicts = append(ti.Conflicts, sp)
				}
			}
		}
		if ti.AllFromMe {
			var outSum int64
			for _, o := range wtx.tx.Outputs {
				outSum += o.Value
			}
			ti.Fee = -(inSum - outSum)
		}
	}
	ti.Outputs = make([]TxOutputInfo, len(wtx.tx.Outputs))
	for i, o := range wtx.tx.Outputs {
		if ref, ok := w.scripts[string(o.ScriptPubKey)]; ok {
			ti.Outputs[i].Mine = true
			ti.Outputs[i].Internal = ref.d.rec.Internal
			ti.Credit += o.Value
		}
		ti.Outputs[i].Label, ti.Outputs[i].HasLabel = w.labels[string(o.ScriptPubKey)]
	}
	return ti
}

// LockCoin locks or unlocks an outpoint for coin selection (lockunspent);
// persistent locks are stored.
//
// This function is safe for concurrent access.
func (w *Wallet) LockCoin(op primitives.OutPoint, lock, persistent bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if lock {
		w.locked[op] = true
		if persistent {
			return storageErr(w.db.Put(outpointKey(prefixLocked, op), nil))
		}
		return nil
	}
	delete(w.locked, op)
	return storageErr(w.db.Delete(outpointKey(prefixLocked, op)))
}

// UnlockAll unlocks every coin.
//
// This function is safe for concurrent access.
func (w *Wallet) UnlockAll() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	b := w.db.NewBatch()
	for op := range w.locked {
		_ = b.Delete(outpointKey(prefixLocked, op))
	}
	clear(w.locked)
	return storageErr(b.Write(true))
}

// LockedCoins lists the locked outpoints.
//
// This function is safe for concurrent access.
func (w *Wallet) LockedCoins() []primitives.OutPoint {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]primitives.OutPoint, 0, len(w.locked))
	for op := range w.locked {
		out = append(out, op)
	}
	return out
}

// OutputInfo returns a wallet transaction's output and whether it exists.
//
// This function is safe for concurrent access.
func (w *Wallet) OutputInfo(op primitives.OutPoint) (primitives.TxOut, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	wtx, ok := w.txs[op.Hash]
	if !ok || int(op.Index) >= len(wtx.tx.Outputs) {
		return primitives.TxOut{}, false
	}
	return wtx.tx.Outputs[op.Index], true
}

// Abandon marks an unconfirmed, not-in-mempool transaction abandoned so its
// inputs become spendable again (abandontransaction; Core's
// AbandonTransaction), together with every wallet transaction that spends
// its outputs, recursively, as Core's RecursiveUpdateTxState does: a
// descendant already abandoned or conflicted is left as it is, and so are
// its own descendants. Without a mempool view (ManagerConfig.Mempool nil)
// any unconfirmed transaction can be abandoned. The records are written in
// one batch.
//
// This function is safe for concurrent access.
func (w *Wallet) Abandon(txid chainhash.Hash) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	wtx, ok := w.txs[txid]
	if !ok {
		return makeError(ErrInvalidAddressOrKey, "Invalid or non-wallet transaction id")
	}
	inPool := false
	if mp := w.m.cfg.Mempool; mp != nil && wtx.height < 0 {
		inPool = mp.Has(txid)
	}
	if w.depth(wtx) != 0 || wtx.abandoned || inPool {
		return makeError(ErrInvalidAddressOrKey, "Transaction not eligible for abandonment")
	}
	// A descendant of a transaction outside the chain and the mempool is
	// outside both too; only its own state (abandoned, conflicted) can stop
	// the walk.
	var marked []*walletTx
	todo := []chainhash.Hash{txid}
	seen := map[chainhash.Hash]bool{txid: true}
	for len(todo) > 0 {
		cur := w.txs[todo[0]]
		todo = todo[1:]
		if cur == nil || cur.abandoned || w.depth(cur) != 0 {
			continue
		}
		marked = append(marked, cur)
		for i := range cur.tx.Outputs {
			for _, sp := range w.spends[primitives.OutPoint{Hash: cur.txid, Index: uint32(i)}] {
				if !seen[sp] {
					seen[sp] = true
					todo = append(todo, sp)
				}
			}
		}
	}
	b := w.db.NewBatch()
	for _, m := range marked {
		m.abandoned = true
		if err := b.Put(txKey(m.txid), encodeTxRecord(m)); err != nil {
			for _, m := range marked {
				m.abandoned = false
			}
			return storageErr(err)
		}
	}
	if err := b.Write(true); err != nil {
		for _, m := range marked {
			m.abandoned = false
		}
		return storageErr(err)
	}
	return nil
}
