package ethpeer

import (
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// headerSize approximates an encoded header for the soft response limit.
const headerSize = 600

// serveHeaders answers GetBlockHeaders as geth does: at most
// ethwire.MaxHeaders headers (and about SoftResponseLimit bytes), walking
// the canonical chain by number, or by parent hashes for a reverse query
// from a hash. A query from a hash always starts with the stored origin
// header, canonical or not (an announced uncle is often a side block); a
// forward query goes past it only when the origin is canonical, since a
// side block's descendants are not indexed by number.
func (p *Peer) serveHeaders(q *ethwire.GetBlockHeaders) {
	chain := p.cfg.Chain
	amount := min(q.Amount, ethwire.MaxHeaders)
	var headers []*ethtypes.Header
	var cur *ethtypes.Header
	var ok bool
	forward := !q.Reverse // whether a forward walk may go past the origin
	if q.Origin.IsHash() {
		cur, ok = chain.HeaderByHash(q.Origin.Hash)
		if ok && forward && amount > 1 {
			canon, cok := chain.HeaderByNumber(cur.Number)
			forward = cok && canon.Hash() == q.Origin.Hash
		}
	} else {
		cur, ok = chain.HeaderByNumber(q.Origin.Number)
	}
	step := q.Skip + 1
	size := 0
	for ok && uint64(len(headers)) < amount && size < SoftResponseLimit {
		headers = append(headers, cur)
		size += headerSize
		if uint64(len(headers)) == amount || step == 0 {
			break
		}
		switch {
		case q.Reverse && q.Origin.IsHash():
			for i := uint64(0); ok && i < step; i++ {
				if cur.Number == 0 {
					ok = false
					break
				}
				cur, ok = chain.HeaderByHash(cur.ParentHash)
			}
		case q.Reverse:
			if cur.Number < step {
				ok = false
				break
			}
			cur, ok = chain.HeaderByNumber(cur.Number - step)
		default:
			if !forward || cur.Number > ^uint64(0)-step {
				ok = false
				break
			}
			cur, ok = chain.HeaderByNumber(cur.Number + step)
		}
	}
	p.reply(&ethwire.BlockHeaders{RequestID: q.RequestID, Headers: headers})
}

// serveBodies answers GetBlockBodies with the stored encodings, skipping
// unknown blocks, up to SoftResponseLimit bytes.
func (p *Peer) serveBodies(q *ethwire.GetBlockBodies) {
	var raw [][]byte
	size := 0
	for _, h := range q.Hashes {
		if size >= SoftResponseLimit {
			break
		}
		if b, ok := p.cfg.Chain.BodyRLP(h); ok {
			raw = append(raw, b)
			size += len(b)
		}
	}
	if raw == nil {
		raw = [][]byte{}
	}
	p.reply(&ethwire.BlockBodies{RequestID: q.RequestID, Raw: raw})
}

// servePooled answers GetPooledTransactions from the pool, skipping unknown
// transactions, up to SoftResponseLimit bytes.
func (p *Peer) servePooled(q *ethwire.GetPooledTransactions) {
	var txs ethtypes.Transactions
	size := 0
	for _, h := range q.Hashes {
		if size >= SoftResponseLimit {
			break
		}
		if tx, ok := p.cfg.Chain.PooledTransaction(h); ok {
			txs = append(txs, tx)
			size += tx.Size()
			p.knownTxs.add(h)
		}
	}
	p.reply(&ethwire.PooledTransactions{RequestID: q.RequestID, Txs: txs})
}

// serveReceipts answers GetReceipts, skipping unknown blocks, up to about
// SoftResponseLimit bytes.
func (p *Peer) serveReceipts(q *ethwire.GetReceipts) {
	var lists []ethtypes.Receipts
	size := 0
	for _, h := range q.Hashes {
		if size >= SoftResponseLimit {
			break
		}
		if rs, ok := p.cfg.Chain.Receipts(h); ok {
			lists = append(lists, rs)
			for _, r := range rs {
				size += 300 + 100*len(r.Logs)
			}
		}
	}
	p.reply(&ethwire.Receipts{RequestID: q.RequestID, Receipts: lists})
}

// reply queues an answer; a full queue drops the peer (see send).
func (p *Peer) reply(m ethwire.Message) { _ = p.send(m) }
