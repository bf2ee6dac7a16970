package indexers

import (
	"encoding/binary"
	"errors"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// AddrChain is what the address index needs from the node's block chain.
type AddrChain interface {
	// BlockHashByHeight returns the active chain's block at height (an
	// error when beyond the tip).
	BlockHashByHeight(height int32) (chainhash.Hash, error)
	// BlockByHash returns a stored block, stale ones included.
	BlockByHash(hash chainhash.Hash) (*primitives.Block, error)
	// SpentCoins returns the coins the block's inputs spent, one per input
	// of every transaction after the coinbase, in block order (from its
	// undo data; nil for the genesis block).
	SpentCoins(hash chainhash.Hash) ([]primitives.Coin, error)
}

// AddrConfig configures an AddrIndex.
type AddrConfig struct {
	// Chain is the chain the index follows.
	Chain AddrChain
	// DataDir is the node's network data directory; the database lives in
	// DataDir/indexes/address/db. Ignored when Store is set.
	DataDir string
	// Store, when set, is used instead of opening LevelDB (tests). The
	// index closes it.
	Store kv.Store
	// CacheMiB is the LevelDB cache (default 16).
	CacheMiB int
	// Progress, when set, is called by the background catch-up every
	// 1000 blocks, when it reaches the tip (synced) and when it stops on
	// an error (err; the next notification retries).
	Progress func(height int32, synced bool, err error)
}

// AddrDBPath returns the directory of the address index database under a
// network data directory.
func AddrDBPath(dataDir string) string {
	return filepath.Join(dataDir, "indexes", "address", "db")
}

// AddrIndex is the script-hash → history / unspent / spent-by index of the
// UTXO chain (what Electrs and Esplora keep).
type AddrIndex struct {
	chain AddrChain
	db    kv.Store
	runner

	// Scratch reused by connect/disconnect (under mu).
	scratch addrScratch
}

// OpenAddrIndex opens (creating it if needed) the address index. Call
// Start to begin catching up with the chain. A missing database is
// created empty and rebuilt from the chain's blocks by the catch-up.
func OpenAddrIndex(cfg AddrConfig) (*AddrIndex, error) {
	db := cfg.Store
	if db == nil {
		cache := cfg.CacheMiB
		if cache <= 0 {
			cache = 16
		}
		ldb, err := leveldb.Open(AddrDBPath(cfg.DataDir), leveldb.Options{CacheSize: cache << 20})
		if err != nil {
			return nil, makeError(ErrCorrupt, err, "open address index")
		}
		db = ldb
	}
	ix := &AddrIndex{chain: cfg.Chain, db: db}
	ix.init(ix.stepLocked, cfg.Progress)
	if err := ix.load(); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *AddrIndex) load() error {
	v, err := ix.db.Get(keyVersion)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return ix.db.Put(keyVersion, binary.LittleEndian.AppendUint32(nil, addrSchemaVersion))
	case err != nil:
		return makeError(ErrCorrupt, err, "read address index version")
	case len(v) != 4:
		return makeError(ErrCorrupt, nil, "address index version of %d bytes", len(v))
	case binary.LittleEndian.Uint32(v) != addrSchemaVersion:
		return makeError(ErrVersion, nil, "address index schema version %d, want %d", binary.LittleEndian.Uint32(v), addrSchemaVersion)
	}
	b, err := ix.db.Get(keyBest)
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	if err != nil {
		return makeError(ErrCorrupt, err, "read address index best block")
	}
	hash, height, err := decodeBest(b)
	if err != nil {
		return err
	}
	ix.bestHash, ix.bestHeight = hash, height
	return nil
}

// stepLocked moves the index one block towards the chain's tip: back one
// block when its best block left the active chain, else forward one.
func (ix *AddrIndex) stepLocked() (done bool, err error) {
	if ix.bestHeight >= 0 {
		h, err := ix.chain.BlockHashByHeight(ix.bestHeight)
		if err != nil || h != ix.bestHash {
			blk, coins, err := ix.fetch(ix.bestHash, ix.bestHeight)
			if err != nil {
				return false, err
			}
			return false, ix.disconnectLocked(blk, ix.bestHash, ix.bestHeight, coins)
		}
	}
	next := ix.bestHeight + 1
	hash, err := ix.chain.BlockHashByHeight(next)
	if err != nil {
		return true, nil
	}
	blk, coins, err := ix.fetch(hash, next)
	if err != nil {
		return false, err
	}
	return false, ix.connectLocked(blk, hash, next, coins)
}

func (ix *AddrIndex) fetch(hash chainhash.Hash, height int32) (*primitives.Block, []primitives.Coin, error) {
	blk, err := ix.chain.BlockByHash(hash)
	if err != nil {
		return nil, nil, makeError(ErrChain, err, "read block %s", hash)
	}
	var coins []primitives.Coin
	if height > 0 {
		if coins, err = ix.chain.SpentCoins(hash); err != nil {
			return nil, nil, makeError(ErrChain, err, "read undo data of block %s", hash)
		}
	}
	return blk, coins, nil
}

// addrScratch holds the buffers and maps connect/disconnect reuse.
type addrScratch struct {
	touched map[ScriptHash]*AddrStats // per-block deltas
	deltas  []AddrStats               // backing store of touched
	txTouch []txTouch                 // per-transaction entries
	key     []byte
	val     []byte
}

// txTouch is one script's part in one transaction.
type txTouch struct {
	sh              ScriptHash
	funded, spent   int64
	nFunded, nSpent uint64
}

func (s *addrScratch) reset() {
	if s.touched == nil {
		s.touched = make(map[ScriptHash]*AddrStats)
	}
	clear(s.touched)
	s.deltas = s.deltas[:0]
}

// touch returns the transaction entry for sh, adding it.
func (s *addrScratch) touch(sh ScriptHash) *txTouch {
	for i := range s.txTouch {
		if s.txTouch[i].sh == sh {
			return &s.txTouch[i]
		}
	}
	s.txTouch = append(s.txTouch, txTouch{sh: sh})
	return &s.txTouch[len(s.txTouch)-1]
}

// blockDelta accumulates the transaction entries into the block's deltas.
func (s *addrScratch) blockDelta() {
	for i := range s.txTouch {
		t := &s.txTouch[i]
		d := s.touched[t.sh]
		if d == nil {
			d = new(AddrStats)
			s.touched[t.sh] = d
		}
		d.TxCount++
		d.FundedCount += t.nFunded
		d.FundedSum += uint64(t.funded)
		d.SpentCount += t.nSpent
		d.SpentSum += uint64(t.spent)
	}
}

// checkCoins verifies that coins has one entry per non-coinbase input.
func checkCoins(blk *primitives.Block, coins []primitives.Coin) error {
	n := 0
	for i, tx := range blk.Txs {
		if i > 0 {
			n += len(tx.Inputs)
		}
	}
	if n != len(coins) {
		return makeError(ErrChain, nil, "block has %d inputs but %d spent coins", n, len(coins))
	}
	return nil
}

// connectLocked indexes blk as the child of the best block.
func (ix *AddrIndex) connectLocked(blk *primitives.Block, hash chainhash.Hash, height int32, coins []primitives.Coin) error {
	b := ix.db.NewBatch()
	if height > 0 {
		if err := checkCoins(blk, coins); err != nil {
			return err
		}
		s := &ix.scratch
		s.reset()
		txids := blk.TxHashes()
		k := 0
		for pos, tx := range blk.Txs {
			txid := txids[pos]
			s.txTouch = s.txTouch[:0]
			s.key = txPosKey(s.key, txid)
			s.val = encodeTxPos(s.val, height, uint32(pos))
			_ = b.Put(s.key, s.val)
			if pos > 0 {
				for in, txin := range tx.Inputs {
					coin := &coins[k]
					k++
					sh := ScriptHashOf(coin.Out.ScriptPubKey)
					op := txin.PrevOut
					s.key = unspentKey(s.key, sh, int32(coin.Height), op.Hash, op.Index)
					_ = b.Delete(s.key)
					s.key = spentByKey(s.key, op.Hash, op.Index)
					s.val = encodeSpentBy(s.val, SpentBy{TxID: txid, Input: uint32(in), Height: height})
					_ = b.Put(s.key, s.val)
					t := s.touch(sh)
					t.spent += coin.Out.Value
					t.nSpent++
				}
			}
			for vout, out := range tx.Outputs {
				if unspendable(out.ScriptPubKey) {
					continue
				}
				sh := ScriptHashOf(out.ScriptPubKey)
				s.key = unspentKey(s.key, sh, height, txid, uint32(vout))
				s.val = binary.LittleEndian.AppendUint64(s.val[:0], uint64(out.Value))
				_ = b.Put(s.key, s.val)
				t := s.touch(sh)
				t.funded += out.Value
				t.nFunded++
			}
			for i := range s.txTouch {
				t := &s.txTouch[i]
				s.key = historyKey(s.key, t.sh, height, uint32(pos))
				s.val = encodeHistory(s.val, txid, t.funded, t.spent)
				_ = b.Put(s.key, s.val)
			}
			s.blockDelta()
		}
		if err := ix.applyStats(b, false); err != nil {
			return err
		}
	}
	_ = b.Put(keyBest, encodeBest(hash, height))
	if err := b.Write(false); err != nil {
		return makeError(ErrCorrupt, err, "write address index for block %s", hash)
	}
	ix.bestHash, ix.bestHeight = hash, height
	return nil
}

// applyStats adds (or, with sub, subtracts) the scratch deltas to the
// stored stats of every touched script.
func (ix *AddrIndex) applyStats(b kv.Batch, sub bool) error {
	for sh, d := range ix.scratch.touched {
		cur, err := ix.Stats(sh)
		if err != nil {
			return err
		}
		if sub {
			if cur.TxCount < d.TxCount || cur.FundedCount < d.FundedCount || cur.FundedSum < d.FundedSum ||
				cur.SpentCount < d.SpentCount || cur.SpentSum < d.SpentSum {
				return makeError(ErrCorrupt, nil, "address stats underflow on disconnect")
			}
			cur.TxCount -= d.TxCount
			cur.FundedCount -= d.FundedCount
			cur.FundedSum -= d.FundedSum
			cur.SpentCount -= d.SpentCount
			cur.SpentSum -= d.SpentSum
		} else {
			cur.TxCount += d.TxCount
			cur.FundedCount += d.FundedCount
			cur.FundedSum += d.FundedSum
			cur.SpentCount += d.SpentCount
			cur.SpentSum += d.SpentSum
		}
		if cur.TxCount == 0 {
			_ = b.Delete(statsKey(sh))
		} else {
			_ = b.Put(statsKey(sh), encodeStats(cur))
		}
	}
	return nil
}

// disconnectLocked removes the best block blk from the index, restoring
// the outputs it spent.
func (ix *AddrIndex) disconnectLocked(blk *primitives.Block, hash chainhash.Hash, height int32, coins []primitives.Coin) error {
	if hash != ix.bestHash || height != ix.bestHeight {
		return makeError(ErrNotActive, nil, "block %s is not the address index's best block", hash)
	}
	b := ix.db.NewBatch()
	if height > 0 {
		if err := checkCoins(blk, coins); err != nil {
			return err
		}
		s := &ix.scratch
		s.reset()
		txids := blk.TxHashes()
		k := len(coins)
		for pos := len(blk.Txs) - 1; pos >= 0; pos-- {
			tx := blk.Txs[pos]
			txid := txids[pos]
			s.txTouch = s.txTouch[:0]
			s.key = txPosKey(s.key, txid)
			_ = b.Delete(s.key)
			for vout, out := range tx.Outputs {
				if unspendable(out.ScriptPubKey) {
					continue
				}
				sh := ScriptHashOf(out.ScriptPubKey)
				s.key = unspentKey(s.key, sh, height, txid, uint32(vout))
				_ = b.Delete(s.key)
				t := s.touch(sh)
				t.funded += out.Value
				t.nFunded++
			}
			if pos > 0 {
				k -= len(tx.Inputs)
				for in, txin := range tx.Inputs {
					coin := &coins[k+in]
					sh := ScriptHashOf(coin.Out.ScriptPubKey)
					op := txin.PrevOut
					s.key = unspentKey(s.key, sh, int32(coin.Height), op.Hash, op.Index)
					s.val = binary.LittleEndian.AppendUint64(s.val[:0], uint64(coin.Out.Value))
					_ = b.Put(s.key, s.val)
					s.key = spentByKey(s.key, op.Hash, op.Index)
					_ = b.Delete(s.key)
					t := s.touch(sh)
					t.spent += coin.Out.Value
					t.nSpent++
				}
			}
			for i := range s.txTouch {
				s.key = historyKey(s.key, s.txTouch[i].sh, height, uint32(pos))
				_ = b.Delete(s.key)
			}
			s.blockDelta()
		}
		if err := ix.applyStats(b, true); err != nil {
			return err
		}
	}
	prev := blk.Header.PrevBlock
	if height > 0 {
		_ = b.Put(keyBest, encodeBest(prev, height-1))
	} else {
		_ = b.Delete(keyBest)
		prev = chainhash.Hash{}
	}
	if err := b.Write(false); err != nil {
		return makeError(ErrCorrupt, err, "rewind address index from block %s", hash)
	}
	ix.bestHash, ix.bestHeight = prev, height-1
	return nil
}

// BlockConnected indexes a block the chain connected; coins are the
// coins its inputs spent, as AddrChain.SpentCoins returns them. A block
// that does not extend the index's best block starts the background
// catch-up instead.
//
// This function is safe for concurrent access.
func (ix *AddrIndex) BlockConnected(blk *primitives.Block, hash chainhash.Hash, height int32, coins []primitives.Coin) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.extendsLocked(hash, blk.Header.PrevBlock, height) {
		return
	}
	if err := ix.connectLocked(blk, hash, height, coins); err != nil {
		ix.kickLocked()
	}
}

// BlockDisconnected undoes the chain's disconnected tip (coins as for
// BlockConnected).
//
// This function is safe for concurrent access.
func (ix *AddrIndex) BlockDisconnected(blk *primitives.Block, hash chainhash.Hash, height int32, coins []primitives.Coin) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.isTipLocked(hash, height) {
		return
	}
	if err := ix.disconnectLocked(blk, hash, height, coins); err != nil {
		ix.kickLocked()
	}
}

// Close stops the catch-up and closes the database.
func (ix *AddrIndex) Close() error {
	if !ix.stop() {
		return nil
	}
	return ix.db.Close()
}
