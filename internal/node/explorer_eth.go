package node

import (
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethindex"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/txpool"
	"github.com/twinchain/twinchain/internal/explorer"
)

// ethExplorerSource adapts the account chain, its txpool and the address
// index (nil without -addressindex) to explorer.ETHSource.
type ethExplorerSource struct {
	chain  *ethchain.BlockChain
	pool   *txpool.Pool
	idx    *ethindex.Index
	signer ethtypes.Signer
}

func newETHExplorerSource(chain *ethchain.BlockChain, pool *txpool.Pool, idx *ethindex.Index) *ethExplorerSource {
	return &ethExplorerSource{chain: chain, pool: pool, idx: idx, signer: ethtypes.LatestSigner(chain.Config().ChainID)}
}

// ChainID implements explorer.ETHSource.
func (s *ethExplorerSource) ChainID() uint64 { return s.chain.Config().ChainID }

// Head implements explorer.ETHSource.
func (s *ethExplorerSource) Head() (*ethtypes.Header, error) { return s.chain.CurrentHeader(), nil }

// BlockByNumber implements explorer.ETHSource.
func (s *ethExplorerSource) BlockByNumber(number uint64) (*explorer.ETHBlock, error) {
	b, ok := s.chain.GetBlockByNumber(number)
	if !ok {
		return nil, notFound("block %d", number)
	}
	return s.block(b, true)
}

// BlockByHash implements explorer.ETHSource.
func (s *ethExplorerSource) BlockByHash(hash ethtypes.Hash) (*explorer.ETHBlock, error) {
	b, ok := s.chain.GetBlockByHash(hash)
	if !ok {
		return nil, notFound("block %s", hash)
	}
	canon, ok := s.chain.GetCanonicalHash(b.Number())
	return s.block(b, ok && canon == hash)
}

func (s *ethExplorerSource) block(b *ethtypes.Block, canonical bool) (*explorer.ETHBlock, error) {
	hash := b.Hash()
	rs, ok := s.chain.GetReceipts(hash)
	if !ok || len(rs) != len(b.Txs) {
		return nil, notFound("receipts of block %s", hash)
	}
	out := &explorer.ETHBlock{Block: b, Receipts: make([]*ethtypes.Receipt, len(rs)), Senders: make([]ethtypes.Address, len(b.Txs)), Canonical: canonical}
	copy(out.Receipts, rs)
	for i, tx := range b.Txs {
		from, err := ethtypes.Sender(s.signer, tx)
		if err != nil {
			return nil, err
		}
		out.Senders[i] = from
	}
	if td, ok := s.chain.GetTd(hash, b.Number()); ok {
		out.TotalDifficulty = td
	}
	return out, nil
}

// Tx implements explorer.ETHSource.
func (s *ethExplorerSource) Tx(hash ethtypes.Hash) (*explorer.ETHTx, error) {
	if tx, loc, ok := s.chain.GetTransaction(hash); ok {
		b, ok := s.chain.GetBlockByHash(loc.BlockHash)
		if !ok {
			return nil, notFound("block of transaction %s", hash)
		}
		rs, ok := s.chain.GetReceipts(loc.BlockHash)
		if !ok || loc.Index >= uint64(len(rs)) {
			return nil, notFound("receipt of transaction %s", hash)
		}
		from, err := ethtypes.Sender(s.signer, tx)
		if err != nil {
			return nil, err
		}
		return &explorer.ETHTx{
			Tx: tx, From: from, BlockHash: loc.BlockHash, BlockNumber: loc.BlockNumber, BlockTime: b.Header.Time,
			Index: uint(loc.Index), BaseFee: b.Header.BaseFee, Receipt: rs[loc.Index],
		}, nil
	}
	if tx := s.pool.Get(hash); tx != nil {
		from, err := ethtypes.Sender(s.signer, tx)
		if err != nil {
			return nil, err
		}
		return &explorer.ETHTx{Tx: tx, From: from, Pending: true}, nil
	}
	return nil, notFound("transaction %s", hash)
}

// Account implements explorer.ETHSource.
func (s *ethExplorerSource) Account(addr ethtypes.Address) (explorer.ETHAccount, error) {
	st, err := s.chain.State()
	if err != nil {
		return explorer.ETHAccount{}, err
	}
	return explorer.ETHAccount{Balance: st.GetBalance(addr), Nonce: st.GetNonce(addr), CodeSize: st.GetCodeSize(addr)}, nil
}

func (s *ethExplorerSource) index() (*ethindex.Index, error) {
	if s.idx == nil {
		return nil, notFound("the address index is off (-addressindex)")
	}
	return s.idx, nil
}

// AddressTxs implements explorer.ETHSource.
func (s *ethExplorerSource) AddressTxs(addr ethtypes.Address, offset, limit int) ([]explorer.ETHTxRef, error) {
	idx, err := s.index()
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > explorerMaxHistory {
		limit = explorerMaxHistory
	}
	refs, err := idx.Txs(addr, max(offset, 0), limit)
	if err != nil {
		return nil, err
	}
	out := make([]explorer.ETHTxRef, len(refs))
	for i, r := range refs {
		out[i] = explorer.ETHTxRef{Hash: r.Hash, BlockNumber: r.Number, Index: uint(r.Index)}
	}
	return out, nil
}

// TokenTransfers implements explorer.ETHSource.
func (s *ethExplorerSource) TokenTransfers(addr ethtypes.Address, offset, limit int) ([]explorer.TokenTransfer, error) {
	idx, err := s.index()
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > explorerMaxHistory {
		limit = explorerMaxHistory
	}
	trs, err := idx.Transfers(addr, max(offset, 0), limit)
	if err != nil {
		return nil, err
	}
	out := make([]explorer.TokenTransfer, len(trs))
	for i, t := range trs {
		out[i] = explorer.TokenTransfer{Token: t.Token, From: t.From, To: t.To, Value: t.Value, TxHash: t.TxHash, BlockNumber: t.Number, LogIndex: uint(t.LogIndex)}
	}
	return out, nil
}

// TxPool implements explorer.ETHSource.
func (s *ethExplorerSource) TxPool() (explorer.ETHTxPool, error) {
	p, q := s.pool.Status()
	return explorer.ETHTxPool{Pending: p, Queued: q}, nil
}

// Subscribe implements explorer.ETHSource.
func (s *ethExplorerSource) Subscribe(fn func(explorer.ETHEvent)) func() {
	unsubChain := s.chain.SubscribeChainEvents(func(ev ethchain.ChainEvent) {
		switch ev.Kind {
		case ethchain.EventNewHead:
			if len(ev.Removed) > 0 {
				fn(explorer.ETHEvent{Kind: explorer.ETHBlocksRemoved, Number: ev.Removed[len(ev.Removed)-1].Number()})
			}
			added := ev.Added
			if len(added) == 0 {
				added = []*ethtypes.Block{ev.Block}
			}
			for _, b := range added {
				fn(explorer.ETHEvent{Kind: explorer.ETHNewHead, Hash: b.Hash(), Number: b.Number()})
			}
		case ethchain.EventSetHead:
			// A rewind: everything above the new head left.
			fn(explorer.ETHEvent{Kind: explorer.ETHBlocksRemoved, Number: ev.Block.Number() + 1})
		}
	})
	unsubPool := s.pool.SubscribeNewTxs(func(txs []*ethtypes.Transaction) {
		for _, tx := range txs {
			fn(explorer.ETHEvent{Kind: explorer.ETHTxAdded, Hash: tx.Hash()})
		}
	})
	var once sync.Once
	return func() { once.Do(func() { unsubChain(); unsubPool() }) }
}
