package node

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/explorer"
)

// Explorer page limits of the source contract.
const (
	explorerMaxHistory = 100
	explorerMaxUnspent = 1000
)

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", explorer.ErrNotFound, fmt.Sprintf(format, args...))
}

// btcExplorerSource adapts the UTXO chain, its mempool and the address
// index (nil without -addressindex) to explorer.BTCSource.
type btcExplorerSource struct {
	params *chaincfg.Params
	chain  *blockchain.Chain
	pool   *mempool.Pool
	idx    *indexers.AddrIndex

	mu    sync.Mutex
	subs  map[int]func(explorer.BTCEvent)
	next  int
	unsub func() // the chain subscription

	// memIdx indexes the mempool by script for the address pages.
	memIdx mempoolScripts
}

func newBTCExplorerSource(params *chaincfg.Params, chain *blockchain.Chain, pool *mempool.Pool, idx *indexers.AddrIndex) *btcExplorerSource {
	s := &btcExplorerSource{params: params, chain: chain, pool: pool, idx: idx, subs: map[int]func(explorer.BTCEvent){}}
	s.unsub = chain.Subscribe(func(nt blockchain.Notification) {
		switch nt.Type {
		case blockchain.NTBlockConnected:
			s.emit(explorer.BTCEvent{Kind: explorer.BTCBlockConnected, Hash: nt.Hash, Height: int64(nt.Height)})
		case blockchain.NTBlockDisconnected:
			s.emit(explorer.BTCEvent{Kind: explorer.BTCBlockDisconnected, Hash: nt.Hash, Height: int64(nt.Height)})
		}
	})
	return s
}

func (s *btcExplorerSource) close() { s.unsub() }

func (s *btcExplorerSource) emit(ev explorer.BTCEvent) {
	s.mu.Lock()
	fns := make([]func(explorer.BTCEvent), 0, len(s.subs))
	for _, fn := range s.subs {
		fns = append(fns, fn)
	}
	s.mu.Unlock()
	for _, fn := range fns {
		fn(ev)
	}
}

// TxAccepted implements TxSink: mempool additions become live events.
func (s *btcExplorerSource) TxAccepted(tx *primitives.Tx) {
	txid := tx.TxHash()
	ev := explorer.BTCEvent{Kind: explorer.BTCTxAccepted, Hash: txid, Height: -1}
	if d, ok := s.pool.Get(txid); ok {
		ev.Fee, ev.VSize = d.Fee, d.VSize
	}
	s.emit(ev)
}

// Subscribe implements explorer.BTCSource.
func (s *btcExplorerSource) Subscribe(fn func(explorer.BTCEvent)) func() {
	s.mu.Lock()
	id := s.next
	s.next++
	s.subs[id] = fn
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
	}
}

// Params implements explorer.BTCSource.
func (s *btcExplorerSource) Params() *chaincfg.Params { return s.params }

// Tip implements explorer.BTCSource.
func (s *btcExplorerSource) Tip() (int64, chainhash.Hash, error) {
	bs := s.chain.BestState()
	return int64(bs.Height), bs.Hash, nil
}

// BlockHashAt implements explorer.BTCSource.
func (s *btcExplorerSource) BlockHashAt(height int64) (chainhash.Hash, error) {
	if height < 0 || height > int64(s.chain.BestHeight()) {
		return chainhash.Hash{}, notFound("no block at height %d", height)
	}
	h, err := s.chain.BlockHashByHeight(int32(height))
	if err != nil {
		return chainhash.Hash{}, notFound("no block at height %d", height)
	}
	return h, nil
}

// status returns the confirmation status of a main-chain height.
func (s *btcExplorerSource) status(height int32) (explorer.BTCStatus, error) {
	hash, err := s.chain.BlockHashByHeight(height)
	if err != nil {
		return explorer.BTCStatus{}, err
	}
	hdr, err := s.chain.HeaderByHash(hash)
	if err != nil {
		return explorer.BTCStatus{}, err
	}
	return explorer.BTCStatus{Confirmed: true, Height: int64(height), BlockHash: hash, BlockTime: int64(hdr.Timestamp)}, nil
}

// Block implements explorer.BTCSource.
func (s *btcExplorerSource) Block(hash chainhash.Hash) (*explorer.BTCBlock, error) {
	info, err := s.chain.BlockInfo(hash)
	if err != nil {
		if errors.Is(err, blockchain.ErrNotFound) {
			return nil, notFound("block %s", hash)
		}
		return nil, err
	}
	if !info.HaveData {
		return nil, notFound("block %s has no data", hash)
	}
	blk, err := s.chain.BlockByHash(hash)
	if err != nil {
		return nil, err
	}
	out := &explorer.BTCBlock{
		Hash: hash, Block: blk, Size: blk.SerializeSize(), Height: int64(info.Height),
		MainChain: info.InActiveChain, MedianTime: info.MedianTime.Unix(), ChainWork: info.ChainWork,
	}
	if info.InActiveChain && info.NextHash != (chainhash.Hash{}) {
		next := info.NextHash
		out.Next = &next
	}
	if info.Height > 0 {
		if u, err := s.chain.BlockUndo(hash); err == nil && len(u.Txs) == len(blk.Txs)-1 {
			out.Prevouts = make([][]primitives.Coin, len(blk.Txs))
			for i, tu := range u.Txs {
				out.Prevouts[i+1] = tu.PrevOuts
			}
		}
	}
	return out, nil
}

// Tx implements explorer.BTCSource: the mempool first, then the address
// index, then the transaction index.
func (s *btcExplorerSource) Tx(txid chainhash.Hash) (*explorer.BTCTx, error) {
	if d, ok := s.pool.Get(txid); ok {
		out := &explorer.BTCTx{Txid: txid, Tx: d.Tx, Status: explorer.BTCStatus{Height: -1}, MempoolTime: d.Time.Unix()}
		out.Prevouts = s.mempoolPrevouts(d.Tx)
		out.SpentBy = s.spentBy(txid, len(d.Tx.Outputs))
		return out, nil
	}
	var blockHash chainhash.Hash
	pos := -1
	if s.idx != nil {
		if h, p, err := s.idx.TxPos(txid); err == nil {
			if bh, err := s.chain.BlockHashByHeight(h); err == nil {
				blockHash, pos = bh, int(p)
			}
		}
	}
	if pos < 0 {
		_, bh, err := s.chain.TxByID(txid)
		if err != nil {
			return nil, notFound("transaction %s", txid)
		}
		blockHash = bh
	}
	b, err := s.Block(blockHash)
	if err != nil {
		return nil, err
	}
	if pos < 0 {
		pos = slices.Index(b.Block.TxHashes(), txid)
	}
	if pos < 0 || pos >= len(b.Block.Txs) {
		return nil, notFound("transaction %s", txid)
	}
	st := explorer.BTCStatus{Height: -1}
	if b.MainChain {
		st = explorer.BTCStatus{Confirmed: true, Height: b.Height, BlockHash: blockHash, BlockTime: int64(b.Block.Header.Timestamp)}
	}
	tx := b.Block.Txs[pos]
	out := &explorer.BTCTx{Txid: txid, Tx: tx, Status: st, Index: pos, SpentBy: s.spentBy(txid, len(tx.Outputs))}
	if b.Prevouts != nil {
		out.Prevouts = b.Prevouts[pos]
	}
	return out, nil
}

// mempoolPrevouts returns the coins a mempool transaction spends (from the
// UTXO set or mempool parents), nil when one is unknown.
func (s *btcExplorerSource) mempoolPrevouts(tx *primitives.Tx) []primitives.Coin {
	out := make([]primitives.Coin, len(tx.Inputs))
	for i, in := range tx.Inputs {
		if c, ok, err := s.chain.LookupCoin(in.PrevOut); err == nil && ok {
			out[i] = c
			continue
		}
		p, ok := s.pool.Get(in.PrevOut.Hash)
		if !ok || int(in.PrevOut.Index) >= len(p.Tx.Outputs) {
			return nil
		}
		out[i] = primitives.Coin{Out: p.Tx.Outputs[in.PrevOut.Index], Height: 0x7fffffff}
	}
	return out
}

// spentBy returns who spends each output of txid: the address index for
// confirmed spends, the mempool for unconfirmed ones (nil without an
// index).
func (s *btcExplorerSource) spentBy(txid chainhash.Hash, n int) []explorer.BTCSpend {
	if s.idx == nil {
		return nil
	}
	out := make([]explorer.BTCSpend, n)
	for k := range out {
		if sb, err := s.idx.SpentBy(txid, uint32(k)); err == nil {
			st, err := s.status(sb.Height)
			if err != nil {
				st = explorer.BTCStatus{Confirmed: true, Height: int64(sb.Height)}
			}
			out[k] = explorer.BTCSpend{Spent: true, Txid: sb.TxID, Vin: sb.Input, Status: st}
			continue
		}
		op := primitives.OutPoint{Hash: txid, Index: uint32(k)}
		if sp, ok := s.pool.Spender(op); ok {
			vin := uint32(0)
			if d, ok := s.pool.Get(sp); ok {
				for i, in := range d.Tx.Inputs {
					if in.PrevOut == op {
						vin = uint32(i)
					}
				}
			}
			out[k] = explorer.BTCSpend{Spent: true, Txid: sp, Vin: vin, Status: explorer.BTCStatus{Height: -1}}
		}
	}
	return out
}

// mempoolTouch is a mempool transaction's part in a script's history.
type mempoolTouch struct {
	desc            mempool.TxDesc
	funded, spent   int64
	nFunded, nSpent int64
}

// mempoolTouches returns the mempool transactions paying or spending
// script, newest first; callers must not modify the result. It costs the
// script's own transactions: the mempool's script index (mempoolScripts)
// is brought up to date first, which examines only the transactions that
// entered since the last call.
func (s *btcExplorerSource) mempoolTouches(script []byte) []mempoolTouch {
	return s.memIdx.touches(s, script)
}

// touchesOf returns d's part in the history of each script it pays or
// spends, its inputs' coins taken from the chain or the mempool.
func (s *btcExplorerSource) touchesOf(d mempool.TxDesc) map[string]*mempoolTouch {
	out := map[string]*mempoolTouch{}
	get := func(script []byte) *mempoolTouch {
		t := out[string(script)]
		if t == nil {
			t = &mempoolTouch{desc: d}
			out[string(script)] = t
		}
		return t
	}
	for _, o := range d.Tx.Outputs {
		t := get(o.ScriptPubKey)
		t.funded += o.Value
		t.nFunded++
	}
	for _, in := range d.Tx.Inputs {
		var prev primitives.TxOut
		if c, ok, err := s.chain.LookupCoin(in.PrevOut); err == nil && ok {
			prev = c.Out
		} else if p, ok := s.pool.Get(in.PrevOut.Hash); ok && int(in.PrevOut.Index) < len(p.Tx.Outputs) {
			prev = p.Tx.Outputs[in.PrevOut.Index]
		} else {
			continue
		}
		t := get(prev.ScriptPubKey)
		t.spent += prev.Value
		t.nSpent++
	}
	return out
}

// mempoolScripts indexes the mempool's transactions by the scripts their
// outputs pay and their inputs spend, for the address pages: Esplora's
// mempool tracking, which Core does not have. It follows the pool by
// comparing the pool's transactions with its own whenever the pool's
// sequence has moved: the entries of transactions that left are dropped,
// and only the new ones are examined (their inputs' coins looked up once).
// Its size follows the mempool's, which -maxmempool bounds.
type mempoolScripts struct {
	mu  sync.Mutex
	seq uint64 // the pool's sequence when last brought up to date
	ok  bool   // brought up to date at least once
	txs map[chainhash.Hash]map[string]*mempoolTouch
	by  map[string]map[chainhash.Hash]*mempoolTouch
}

// touches brings the index up to date with s's mempool and returns
// script's transactions, newest first.
func (m *mempoolScripts) touches(s *btcExplorerSource, script []byte) []mempoolTouch {
	m.mu.Lock()
	defer m.mu.Unlock()
	// The sequence is read before the pool's transactions: a change in
	// between leaves it behind, so the next call compares again.
	if seq := s.pool.MempoolSequence(); !m.ok || seq != m.seq {
		m.refresh(s)
		m.seq, m.ok = seq, true
	}
	mine := m.by[string(script)]
	out := make([]mempoolTouch, 0, len(mine))
	for _, t := range mine {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b mempoolTouch) int {
		if c := b.desc.Time.Compare(a.desc.Time); c != 0 {
			return c
		}
		return bytes.Compare(b.desc.TxID[:], a.desc.TxID[:])
	})
	return out
}

// refresh adds the pool's new transactions and drops those that left.
// m.mu must be held.
func (m *mempoolScripts) refresh(s *btcExplorerSource) {
	if m.txs == nil {
		m.txs = map[chainhash.Hash]map[string]*mempoolTouch{}
		m.by = map[string]map[chainhash.Hash]*mempoolTouch{}
	}
	descs := s.pool.TxDescs()
	live := make(map[chainhash.Hash]struct{}, len(descs))
	for _, d := range descs {
		live[d.TxID] = struct{}{}
		if _, ok := m.txs[d.TxID]; ok {
			continue
		}
		ts := s.touchesOf(d)
		m.txs[d.TxID] = ts
		for script, t := range ts {
			set := m.by[script]
			if set == nil {
				set = map[chainhash.Hash]*mempoolTouch{}
				m.by[script] = set
			}
			set[d.TxID] = t
		}
	}
	for id, ts := range m.txs {
		if _, ok := live[id]; ok {
			continue
		}
		delete(m.txs, id)
		for script := range ts {
			set := m.by[script]
			delete(set, id)
			if len(set) == 0 {
				delete(m.by, script)
			}
		}
	}
}

func (s *btcExplorerSource) index() (*indexers.AddrIndex, error) {
	if s.idx == nil {
		return nil, notFound("the address index is off (-addressindex)")
	}
	return s.idx, nil
}

// AddressStats implements explorer.BTCSource.
func (s *btcExplorerSource) AddressStats(script []byte) (explorer.BTCAddrStats, error) {
	idx, err := s.index()
	if err != nil {
		return explorer.BTCAddrStats{}, err
	}
	st, err := idx.Stats(indexers.ScriptHashOf(script))
	if err != nil {
		return explorer.BTCAddrStats{}, err
	}
	out := explorer.BTCAddrStats{Chain: explorer.BTCAddrSums{
		TxCount: int64(st.TxCount), FundedTxoCount: int64(st.FundedCount), FundedTxoSum: int64(st.FundedSum),
		SpentTxoCount: int64(st.SpentCount), SpentTxoSum: int64(st.SpentSum),
	}}
	for _, t := range s.mempoolTouches(script) {
		m := &out.Mempool
		m.TxCount++
		m.FundedTxoCount += t.nFunded
		m.FundedTxoSum += t.funded
		m.SpentTxoCount += t.nSpent
		m.SpentTxoSum += t.spent
	}
	return out, nil
}

// AddressHistory implements explorer.BTCSource.
func (s *btcExplorerSource) AddressHistory(script []byte, offset, limit int) ([]explorer.BTCAddrTx, error) {
	idx, err := s.index()
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > explorerMaxHistory {
		limit = explorerMaxHistory
	}
	offset = max(offset, 0)
	out := []explorer.BTCAddrTx{}
	mem := s.mempoolTouches(script)
	if offset < len(mem) {
		for _, t := range mem[offset:] {
			if len(out) == limit {
				return out, nil
			}
			out = append(out, explorer.BTCAddrTx{Txid: t.desc.TxID, Status: explorer.BTCStatus{Height: -1}, Funded: t.funded, Spent: t.spent})
		}
		offset = 0
	} else {
		offset -= len(mem)
	}
	hist, err := idx.History(indexers.ScriptHashOf(script), offset, limit-len(out))
	if err != nil {
		return nil, err
	}
	statuses := map[int32]explorer.BTCStatus{}
	for _, e := range hist {
		st, ok := statuses[e.Height]
		if !ok {
			if st, err = s.status(e.Height); err != nil {
				return nil, err
			}
			statuses[e.Height] = st
		}
		out = append(out, explorer.BTCAddrTx{Txid: e.TxID, Status: st, Funded: e.Funded, Spent: e.Spent})
	}
	return out, nil
}

// AddressUnspent implements explorer.BTCSource: outputs of mempool
// transactions first, then confirmed ones newest first; outputs spent in the
// mempool are left out. Past the index's page (indexers.MaxAddrPage) the
// oldest outputs are returned, newest first among them.
func (s *btcExplorerSource) AddressUnspent(script []byte, limit int) ([]explorer.BTCUTXO, error) {
	idx, err := s.index()
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > explorerMaxUnspent {
		limit = explorerMaxUnspent
	}
	out := []explorer.BTCUTXO{}
	for _, t := range s.mempoolTouches(script) {
		for k, o := range t.desc.Tx.Outputs {
			op := primitives.OutPoint{Hash: t.desc.TxID, Index: uint32(k)}
			if !bytes.Equal(o.ScriptPubKey, script) {
				continue
			}
			if _, spent := s.pool.Spender(op); spent {
				continue
			}
			if len(out) == limit {
				return out, nil
			}
			out = append(out, explorer.BTCUTXO{OutPoint: op, Value: o.Value, Status: explorer.BTCStatus{Height: -1}})
		}
	}
	us, _, err := idx.Unspent(indexers.ScriptHashOf(script), 0)
	if err != nil {
		return nil, err
	}
	statuses := map[int32]explorer.BTCStatus{}
	for i := len(us) - 1; i >= 0 && len(out) < limit; i-- {
		u := us[i]
		op := primitives.OutPoint{Hash: u.TxID, Index: u.Vout}
		if _, spent := s.pool.Spender(op); spent {
			continue
		}
		st, ok := statuses[u.Height]
		if !ok {
			if st, err = s.status(u.Height); err != nil {
				return nil, err
			}
			statuses[u.Height] = st
		}
		out = append(out, explorer.BTCUTXO{OutPoint: op, Value: u.Value, Status: st})
	}
	return out, nil
}

// Mempool implements explorer.BTCSource.
func (s *btcExplorerSource) Mempool(newest int) (*explorer.BTCMempool, error) {
	descs := s.pool.TxDescs()
	out := &explorer.BTCMempool{Count: len(descs)}
	for _, d := range descs {
		out.VSize += d.VSize
		out.TotalFee += d.Fee
		out.Histogram.Add(d.Fee, d.VSize)
	}
	top := newestDescs(descs, newest)
	for _, i := range top {
		d := &descs[i]
		var v int64
		for _, o := range d.Tx.Outputs {
			v += o.Value
		}
		out.Recent = append(out.Recent, explorer.BTCMempoolEntry{Txid: d.TxID, Fee: d.Fee, VSize: d.VSize, Value: v, Time: d.Time.Unix()})
	}
	return out, nil
}

// newestDescs returns the indexes of the n newest entries of descs (in
// newerDesc order), by selection: sorting every entry would cost O(m log m)
// swaps of large descriptors on each request.
func newestDescs(descs []mempool.TxDesc, n int) []int {
	n = min(max(n, 0), len(descs))
	top := make([]int, 0, n)
	for i := range descs {
		if len(top) == n && (n == 0 || !newerDesc(&descs[i], &descs[top[n-1]])) {
			continue
		}
		k, _ := slices.BinarySearchFunc(top, i, func(j, i int) int {
			if newerDesc(&descs[j], &descs[i]) {
				return -1
			}
			return 1
		})
		if len(top) == n {
			top = top[:n-1]
		}
		top = slices.Insert(top, k, i)
	}
	return top
}

// newerDesc orders mempool entries newest first (then by txid,
// descending), the order of the explorer's recent list.
func newerDesc(a, b *mempool.TxDesc) bool {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c > 0
	}
	return bytes.Compare(a.TxID[:], b.TxID[:]) > 0
}
