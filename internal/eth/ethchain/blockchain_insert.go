package ethchain

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// InsertChain validates, executes and stores blocks in order (each on any
// stored parent whose state is kept), moving the head to the heaviest
// chain, and returns how many were processed. Blocks already stored are
// skipped. On the first invalid block it stops and returns its index and
// error (a *BlockError of this package, an *ethconsensus.RuleError, or a
// storage error); the blocks before it stay inserted. The last block's
// batch is written with sync, so the head is durable when InsertChain
// returns (unless Config.DeferSync); a background prune may then start.
//
// This method is safe for concurrent access.
func (bc *BlockChain) InsertChain(blocks []*ethtypes.Block) (int, error) {
	bc.insertMu.Lock()
	defer bc.insertMu.Unlock()
	if bc.isStopped() {
		return 0, &BlockError{Err: ErrChainStopped}
	}
	stop := bc.recoverSenders(blocks)
	defer stop()
	unsynced := false // a block was written without sync since the last synced write
	for i, b := range blocks {
		sync := i == len(blocks)-1 && !bc.deferSync
		err := bc.insertBlock(b, sync)
		switch {
		case err == nil:
			unsynced = !sync
		case !errors.Is(err, ErrKnownBlock):
			if unsynced {
				bc.afterUnsynced()
			}
			return i, err
		}
	}
	if unsynced {
		if err := bc.afterUnsynced(); err != nil {
			return len(blocks), err
		}
	} else if len(blocks) > 0 && !bc.deferSync {
		bc.unsynced = false
	}
	bc.maybePrune()
	return len(blocks), nil
}

// afterUnsynced follows writes made without sync: it syncs them, or with
// Config.DeferSync leaves that to Stop. insertMu must be held.
func (bc *BlockChain) afterUnsynced() error {
	if bc.deferSync {
		bc.unsynced = true
		return nil
	}
	return bc.syncHead()
}

// syncHead makes the writes so far durable by rewriting the head block
// pointer with sync.
func (bc *BlockChain) syncHead() error {
	b := bc.db.NewBatch()
	if err := ethrawdb.WriteHeadBlockHash(b, bc.CurrentBlock().Hash()); err != nil {
		return err
	}
	return b.Write(true)
}

// InsertBlock is InsertChain of one block, except that a block already
// stored is an error of kind ErrKnownBlock (as Chain.InsertBlock).
//
// This method is safe for concurrent access.
func (bc *BlockChain) InsertBlock(b *ethtypes.Block) error {
	bc.insertMu.Lock()
	defer bc.insertMu.Unlock()
	if bc.isStopped() {
		return &BlockError{Err: ErrChainStopped}
	}
	stop := bc.recoverSenders([]*ethtypes.Block{b})
	err := bc.insertBlock(b, !bc.deferSync)
	stop()
	return bc.afterInsert(err)
}

// insertBlock validates, executes and stores one block; sync makes its
// batch durable.
func (bc *BlockChain) insertBlock(b *ethtypes.Block, sync bool) error {
	return bc.insertBlockWith(b, sync, nil)
}

// insertBlockWith is insertBlock; a non-nil mined gives b's receipts and
// post-state as the caller computed them (InsertMined), and b is then
// validated but not executed again.
func (bc *BlockChain) insertBlockWith(b *ethtypes.Block, sync bool, mined *minedBlock) error {
	hash := b.Hash()
	h := b.Header
	// Known: stored with its state, or canonical (its state may have been
	// pruned). A stored block without state off the canonical chain (left
	// by a repair) is executed again.
	if ok, _ := ethrawdb.HasHeader(bc.db, hash, h.Number); ok {
		if ok, _ := ethrawdb.HasBody(bc.db, hash, h.Number); ok {
			if canon, ok := bc.GetCanonicalHash(h.Number); (ok && canon == hash) || bc.HasState(h.Root) {
				return blockErrorf(ErrKnownBlock, "%s", hash)
			}
		}
	}
	if h.Number == 0 {
		return blockErrorf(ErrUnknownAncestor, "parent %s", h.ParentHash)
	}
	parent, ok := bc.GetBlock(h.ParentHash, h.Number-1)
	if !ok {
		return blockErrorf(ErrUnknownAncestor, "parent %s", h.ParentHash)
	}
	ph := parent.Header
	parentTd, err := ethrawdb.ReadTd(bc.db, parent.Hash(), ph.Number)
	if err != nil {
		return err
	}
	pos := IsPoSHeader(bc.cfg, h)
	if ttd := bc.cfg.TerminalTotalDifficulty; ttd != nil {
		reached := parentTd.ToBig().Cmp(ttd) >= 0
		switch {
		case pos && !reached:
			return blockErrorf(ErrInvalidDifficulty, "proof-of-stake block %d before the terminal total difficulty", h.Number)
		case !pos && reached:
			return blockErrorf(ErrInvalidDifficulty, "proof-of-work block %d after the terminal total difficulty", h.Number)
		}
	}
	if !pos {
		if err := bc.engine.VerifyHeader(bc, h); err != nil {
			return err
		}
	}
	if err := VerifyHeader(bc.cfg, h, ph); err != nil {
		return err
	}
	if !pos && len(b.Uncles) > 0 {
		if err := bc.engine.VerifyUncles(bc, b); err != nil {
			return err
		}
	}
	if err := ValidateBody(bc.cfg, b, bc.st); err != nil {
		return err
	}
	if !bc.HasState(ph.Root) {
		return blockErrorf(ErrMissingState, "parent %s root %s", parent.Hash(), ph.Root)
	}
	batch := bc.db.NewBatch()
	nodes := &capturingWriter{w: bc.nodes.NewBatchWriter(batch)}
	var (
		sdb *statedb.StateDB
		res *ProcessResult
	)
	if mined == nil {
		if sdb, err = statedb.New(ph.Root, batchStateDB{bc, nodes}); err != nil {
			return err
		}
		res, err = ProcessWith(bc.cfg, b, sdb, bc.hashGetter(parent), bc.vmCfg, func(s *statedb.StateDB) {
			bc.engine.Finalize(bc, h, s, b.Uncles)
		})
		if err != nil {
			return err
		}
	} else {
		sdb, res = mined.state, mined.result()
		mined.db.w = nodes // Commit below queues into the batch
		defer func() { mined.db.w = nil }()
	}
	eip158 := bc.cfg.IsEIP158(h.Number)
	root, err := sdb.IntermediateRoot(eip158)
	if err != nil {
		return err
	}
	if err := ValidateState(h, res, root, bc.st); err != nil {
		return err
	}
	if _, err := sdb.Commit(eip158); err != nil {
		return err
	}
	if mined != nil {
		mined.db.root = root // the state is now b's: a child can be built and inserted on it
	}
	for _, r := range res.Receipts {
		r.BlockHash = hash
		for j := range r.Logs {
			r.Logs[j].BlockHash = hash
		}
	}
	var td uint256.Int
	td.Add(&parentTd, &h.Difficulty)
	if err := ethrawdb.WriteBlockWithReceipts(batch, b, res.Receipts, &td); err != nil {
		return err
	}

	bc.mu.RLock()
	head, headTd := bc.head, bc.headTd
	bc.mu.RUnlock()
	ev := ChainEvent{Kind: EventSideBlock, Block: b, Receipts: res.Receipts}
	if pos || td.Gt(&headTd) {
		ev.Kind = EventNewHead
		if h.ParentHash == head.Hash() {
			if err := ethrawdb.WriteCanonicalHead(batch, b); err != nil {
				return err
			}
			ev.Added = []*ethtypes.Block{b}
		} else {
			added, removed, err := bc.reorgPath(b, head)
			if err != nil {
				return err
			}
			if err := ethrawdb.RewriteCanonicalChain(bc.db, batch, added); err != nil {
				return err
			}
			ev.Added, ev.Removed = added, removed
		}
	}
	if err := batch.Write(sync); err != nil {
		return err
	}
	bc.newNodes.add(nodes)
	bc.remember(b)
	if ev.Kind == EventNewHead {
		bc.mu.Lock()
		bc.head, bc.headTd = b, td
		bc.mu.Unlock()
		if len(ev.Removed) > 0 {
			bc.log.Info("chain reorganised", "removed", len(ev.Removed), "added", len(ev.Added), "head", h.Number, "hash", hash)
		}
	}
	if bc.hasSubscribers() {
		bc.fillLogs(&ev)
		bc.emit(ev)
	}
	return nil
}

// reorgPath returns the blocks that become canonical when b (not stored
// yet) becomes the head, oldest first and b last, and the canonical
// blocks above the fork point that leave, newest first.
func (bc *BlockChain) reorgPath(b, head *ethtypes.Block) (added, removed []*ethtypes.Block, err error) {
	added = []*ethtypes.Block{b}
	cur := b
	for cur.Number() > 0 {
		n := cur.Number() - 1
		if canon, err := ethrawdb.ReadCanonicalHash(bc.db, n); err == nil && canon == cur.Header.ParentHash {
			break
		}
		p, ok := bc.GetBlock(cur.Header.ParentHash, n)
		if !ok {
			return nil, nil, blockErrorf(ErrUnknownAncestor, "parent %s", cur.Header.ParentHash)
		}
		added = append(added, p)
		cur = p
	}
	for i, j := 0, len(added)-1; i < j; i, j = i+1, j-1 {
		added[i], added[j] = added[j], added[i]
	}
	fork := added[0].Number() // first number that changes
	for n := head.Number(); n >= fork && n > 0; n-- {
		hash, err := ethrawdb.ReadCanonicalHash(bc.db, n)
		if err != nil {
			return nil, nil, err
		}
		old, ok := bc.GetBlock(hash, n)
		if !ok {
			return nil, nil, blockErrorf(ErrUnknownBlock, "canonical %d %s", n, hash)
		}
		removed = append(removed, old)
	}
	return added, removed, nil
}

// fillLogs sets the logs of an event: AddedLogs from the receipts of the
// added blocks, RemovedLogs from those of the removed ones.
func (bc *BlockChain) fillLogs(ev *ChainEvent) {
	logsOf := func(blocks []*ethtypes.Block) []ethtypes.Log {
		var out []ethtypes.Log
		for _, blk := range blocks {
			var rs ethtypes.Receipts
			if blk == ev.Block && ev.Receipts != nil {
				rs = ev.Receipts
			} else if r, err := ethrawdb.ReadBlockReceipts(bc.db, blk, bc.signer); err == nil {
				rs = r
			}
			for _, r := range rs {
				out = append(out, r.Logs...)
			}
		}
		return out
	}
	ev.AddedLogs = logsOf(ev.Added)
	ev.RemovedLogs = logsOf(ev.Removed)
}

// hashGetter returns the BLOCKHASH function of a child of parent: the
// hashes of the 256 blocks below the child, found by walking back through
// parent hashes.
func (bc *BlockChain) hashGetter(parent *ethtypes.Block) func(uint64) ethtypes.Hash {
	cache := []ethtypes.Hash{parent.Hash()} // cache[i]: hash of block parent.number - i
	cur := parent.Header
	return func(n uint64) ethtypes.Hash {
		top := parent.Number()
		if n > top || top-n >= blockHashWindow {
			return ethtypes.Hash{}
		}
		want := int(top - n)
		for len(cache) <= want && cur != nil && cur.Number > 0 {
			p, ok := bc.GetHeader(cur.ParentHash, cur.Number-1)
			if !ok {
				cur = nil
				break
			}
			cache = append(cache, cur.ParentHash)
			cur = p
		}
		if want < len(cache) {
			return cache[want]
		}
		return ethtypes.Hash{}
	}
}

// SetHead rewinds the canonical chain to its block number (for
// evm_revert and similar): the canonical blocks above it are deleted with
// their canonical entries and transaction lookups (so that the same blocks
// can be imported again) and the head pointers moved, in one synced
// batch. Side blocks are kept. The block's state must be
// kept (ErrMissingState otherwise). Subscribers get an EventSetHead with
// the removed blocks.
//
// This method is safe for concurrent access.
func (bc *BlockChain) SetHead(number uint64) error {
	bc.insertMu.Lock()
	defer bc.insertMu.Unlock()
	if bc.isStopped() {
		return &BlockError{Err: ErrChainStopped}
	}
	head := bc.CurrentBlock()
	if number > head.Number() {
		return blockErrorf(ErrUnknownBlock, "number %d above head %d", number, head.Number())
	}
	b, ok := bc.GetBlockByNumber(number)
	if !ok {
		return blockErrorf(ErrUnknownBlock, "canonical %d", number)
	}
	if !bc.HasState(b.Header.Root) {
		return blockErrorf(ErrMissingState, "block %d root %s", number, b.Header.Root)
	}
	td, err := ethrawdb.ReadTd(bc.db, b.Hash(), number)
	if err != nil {
		return err
	}
	var removed []*ethtypes.Block
	for n := head.Number(); n > number; n-- {
		if old, ok := bc.GetBlockByNumber(n); ok {
			removed = append(removed, old)
		}
	}
	batch := bc.db.NewBatch()
	if err := ethrawdb.RewriteCanonicalChain(bc.db, batch, []*ethtypes.Block{b}); err != nil {
		return err
	}
	for _, old := range removed {
		if err := ethrawdb.DeleteBlock(batch, old.Hash(), old.Number()); err != nil {
			return err
		}
	}
	if err := batch.Write(true); err != nil {
		return err
	}
	bc.unsynced = false // a synced write makes the log before it durable too
	for _, old := range removed {
		bc.forget(old.Hash())
	}
	bc.mu.Lock()
	bc.head, bc.headTd = b, td
	if bc.lastPrune > number {
		bc.lastPrune = number
	}
	bc.mu.Unlock()
	if bc.hasSubscribers() {
		ev := ChainEvent{Kind: EventSetHead, Block: b, Removed: removed}
		bc.fillLogs(&ev)
		bc.emit(ev)
	}
	return nil
}

// Prune deletes the states older than the retention window now, on the
// calling goroutine (ethrawdb.NodeStore.PruneRetained with the head's
// number); writers wait meanwhile. It fails with ethrawdb's
// ErrPruneActive while a background prune runs.
//
// This method is safe for concurrent access.
func (bc *BlockChain) Prune() (ethrawdb.PruneStats, error) {
	bc.insertMu.Lock()
	defer bc.insertMu.Unlock()
	return bc.nodes.PruneRetained(bc.CurrentBlock().Number(), bc.keep)
}

// maybePrune starts a background prune when the head has advanced
// PruneInterval blocks since the last one. Called by writers after a
// synced write.
func (bc *BlockChain) maybePrune() {
	if !bc.auto {
		return
	}
	bc.mu.Lock()
	head := bc.head.Number()
	due := head >= bc.keep && head >= bc.lastPrune+bc.every
	if due {
		bc.lastPrune = head
	}
	bc.mu.Unlock()
	if !due || !bc.pruning.CompareAndSwap(false, true) {
		return
	}
	bc.wg.Add(1)
	go func() {
		defer bc.wg.Done()
		defer bc.pruning.Store(false)
		// Writers wait while the prune runs: a block whose nodes were
		// queued into its batch before the prune turned its write
		// protection on, and written after the prune chose its roots,
		// would lose nodes (ethrawdb's Prune contract).
		bc.insertMu.Lock()
		defer bc.insertMu.Unlock()
		if bc.isStopped() {
			return
		}
		head := bc.CurrentBlock().Number() // blocks may have come since
		st, err := bc.nodes.PruneRetained(head, bc.keep)
		if err != nil {
			bc.log.Warn("state pruning failed", "head", head, "err", err)
			return
		}
		bc.log.Debug("states pruned", "head", head, "deleted", st.Deleted, "bytes", st.DeletedBytes, "reachable", st.Reachable)
	}()
}

// WaitPrune waits for a running background prune to finish. It must not
// be called concurrently with the writers.
func (bc *BlockChain) WaitPrune() { bc.wg.Wait() }
