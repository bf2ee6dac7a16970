package ethchain

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// chainStateDB is the statedb.Database of StateAt: reads from the recent
// blocks' nodes and the node store; writes go straight to the store, or,
// while InsertMined commits the state, into the block's batch (w).
type chainStateDB struct {
	bc   *BlockChain
	root ethtypes.Hash    // the state StateAt opened
	w    *capturingWriter // non-nil during InsertMined's commit
}

func (d *chainStateDB) Node(h trie.Hash) ([]byte, error)     { return d.bc.node(h) }
func (d *chainStateDB) Code(h ethtypes.Hash) ([]byte, error) { return d.bc.nodes.Code(h) }

func (d *chainStateDB) PutNode(h trie.Hash, blob []byte) error {
	if d.w != nil {
		return d.w.PutNode(h, blob)
	}
	return d.bc.nodes.PutNode(h, blob)
}

func (d *chainStateDB) PutCode(h ethtypes.Hash, code []byte) error {
	if d.w != nil {
		return d.w.PutCode(h, code)
	}
	return d.bc.nodes.PutCode(h, code)
}

// minedBlock is what InsertMined is given besides the block.
type minedBlock struct {
	state    *statedb.StateDB
	db       *chainStateDB
	receipts ethtypes.Receipts
}

// result returns the ProcessResult the receipts stand for.
func (m *minedBlock) result() *ProcessResult {
	res := &ProcessResult{Receipts: m.receipts}
	if n := len(m.receipts); n > 0 {
		res.GasUsed = m.receipts[n-1].CumulativeGasUsed
	}
	for _, r := range m.receipts {
		res.BlobGasUsed += r.BlobGasUsed
		res.Bloom.Or(&r.Bloom)
	}
	return res
}

// InsertMined stores a block its caller built itself (a miner): state is
// the StateDB this chain's StateAt returned for the parent's state root,
// on which the caller applied b's transactions, withdrawals and rewards
// and which it finalised, and receipts are the transactions' receipts.
// The block is checked as InsertBlock checks it (header, uncles, body,
// gas used, bloom, receipts root, state root) except that its
// transactions are not executed again: the chain trusts the caller's
// execution, as geth trusts its own miner's. The state is committed into
// the block's batch. A state from elsewhere, or opened on another root,
// makes it InsertBlock. Errors and sync are as InsertBlock's; the state
// must not be used afterwards.
//
// This method is safe for concurrent access.
func (bc *BlockChain) InsertMined(b *ethtypes.Block, receipts ethtypes.Receipts, state *statedb.StateDB) error {
	db, ok := state.Database().(*chainStateDB)
	if !ok || db.bc != bc || b.Header.Number == 0 {
		return bc.InsertBlock(b)
	}
	bc.insertMu.Lock()
	defer bc.insertMu.Unlock()
	if bc.isStopped() {
		return &BlockError{Err: ErrChainStopped}
	}
	parent, ok := bc.GetHeader(b.Header.ParentHash, b.Header.Number-1)
	if !ok || parent.Root != db.root {
		stop := bc.recoverSenders([]*ethtypes.Block{b})
		err := bc.insertBlock(b, !bc.deferSync)
		stop()
		return bc.afterInsert(err)
	}
	err := bc.insertBlockWith(b, !bc.deferSync, &minedBlock{state: state, db: db, receipts: receipts})
	return bc.afterInsert(err)
}

// afterInsert ends a single-block insertion (InsertBlock, InsertMined)
// that returned err. insertMu must be held.
func (bc *BlockChain) afterInsert(err error) error {
	if err != nil {
		return err
	}
	if bc.deferSync {
		bc.unsynced = true
	}
	bc.maybePrune()
	return nil
}
