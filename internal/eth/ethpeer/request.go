package ethpeer

import (
	"context"
	"fmt"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// pendingReq is one outstanding request. An entry is removed when its
// answer arrives or its requester times out; an entry whose requester gave
// up (ctx) stays, marked abandoned, until its deadline, so a late answer is
// dropped quietly rather than punished.
type pendingReq struct {
	code      ethwire.Code // expected answer
	ch        chan ethwire.Message
	deadline  time.Time
	abandoned bool
}

// request sends msg (whose request id is id) and waits for the answer of
// code, ctx's end, the request timeout or the peer's end.
func (p *Peer) request(ctx context.Context, id uint64, msg ethwire.Message, code ethwire.Code) (ethwire.Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &pendingReq{code: code, ch: make(chan ethwire.Message, 1), deadline: time.Now().Add(p.cfg.RequestTimeout)}
	p.reqMu.Lock()
	p.pending[id] = r
	p.reqMu.Unlock()
	if err := p.send(msg); err != nil {
		p.dropRequest(id)
		return nil, err
	}
	timer := time.NewTimer(p.cfg.RequestTimeout)
	defer timer.Stop()
	select {
	case m := <-r.ch:
		return m, nil
	case <-ctx.Done():
		p.reqMu.Lock()
		if cur := p.pending[id]; cur == r {
			r.abandoned = true
		}
		p.reqMu.Unlock()
		return nil, ctx.Err()
	case <-timer.C:
		p.dropRequest(id)
		select {
		case m := <-r.ch: // answered at the last moment
			return m, nil
		default:
		}
		return nil, makeError(ErrRequestTimeout, "%v request %d timed out after %v", msg.Code(), id, p.cfg.RequestTimeout)
	case <-p.quit:
		p.dropRequest(id)
		return nil, makeError(ErrDisconnected, "peer %s disconnected", p.cfg.ID)
	}
}

func (p *Peer) dropRequest(id uint64) {
	p.reqMu.Lock()
	delete(p.pending, id)
	p.reqMu.Unlock()
}

// expireRequests forgets abandoned requests past their deadline.
func (p *Peer) expireRequests(now time.Time) {
	p.reqMu.Lock()
	for id, r := range p.pending {
		if r.abandoned && now.After(r.deadline) {
			delete(p.pending, id)
		}
	}
	p.reqMu.Unlock()
}

// PendingRequests returns the number of outstanding requests.
//
// This function is safe for concurrent access.
func (p *Peer) PendingRequests() int {
	p.reqMu.Lock()
	defer p.reqMu.Unlock()
	return len(p.pending)
}

// deliver hands an answer to its request. An answer nobody asked for (an
// unknown id, an id already answered or timed out, or the wrong message for
// the id) is misbehaviour.
func (p *Peer) deliver(id uint64, m ethwire.Message) {
	p.reqMu.Lock()
	r := p.pending[id]
	if r != nil && r.code == m.Code() {
		delete(p.pending, id)
	} else {
		r = nil
	}
	p.reqMu.Unlock()
	if r == nil {
		p.Misbehaving(MisbehaviorThreshold, fmt.Sprintf("unrequested %v (request id %d)", m.Code(), id))
		return
	}
	if !r.abandoned {
		r.ch <- m // buffered; one answer per entry
	}
}

// badResponse punishes a wrongly shaped answer and returns ErrBadResponse.
func (p *Peer) badResponse(format string, args ...any) error {
	err := makeError(ErrBadResponse, format, args...)
	p.Misbehaving(MisbehaviorThreshold, err.Description)
	return err
}

// RequestHeadersByNumber asks for amount headers from block number origin,
// every skip+1 blocks, descending when reverse. The answer is checked to
// hold at most amount headers with exactly the numbers asked for, in
// order; an empty answer means the peer has none.
//
// This function is safe for concurrent access.
func (p *Peer) RequestHeadersByNumber(ctx context.Context, origin, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error) {
	hs, err := p.requestHeaders(ctx, ethwire.HashOrNumber{Number: origin}, amount, skip, reverse)
	if err != nil || len(hs) == 0 {
		return hs, err
	}
	if err := checkNumbers(hs, origin, skip, reverse); err != nil {
		return nil, p.badResponse("headers by number: %v", err)
	}
	return hs, nil
}

// RequestHeadersByHash asks for amount headers from the block origin, every
// skip+1 blocks, descending when reverse. The answer is checked to hold at
// most amount headers, the first being origin, with numbers spaced by
// skip+1.
//
// This function is safe for concurrent access.
func (p *Peer) RequestHeadersByHash(ctx context.Context, origin ethtypes.Hash, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error) {
	if origin == (ethtypes.Hash{}) {
		return nil, makeError(ErrInvalidArgument, "zero origin hash")
	}
	hs, err := p.requestHeaders(ctx, ethwire.HashOrNumber{Hash: origin}, amount, skip, reverse)
	if err != nil || len(hs) == 0 {
		return hs, err
	}
	if h := hs[0].Hash(); h != origin {
		return nil, p.badResponse("headers by hash: first header %x, asked for %x", h[:8], origin[:8])
	}
	if err := checkNumbers(hs, hs[0].Number, skip, reverse); err != nil {
		return nil, p.badResponse("headers by hash: %v", err)
	}
	return hs, nil
}

func (p *Peer) requestHeaders(ctx context.Context, origin ethwire.HashOrNumber, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error) {
	if amount == 0 {
		return nil, nil
	}
	id := p.nextID.Add(1)
	req := &ethwire.GetBlockHeaders{RequestID: id, Origin: origin, Amount: amount, Skip: skip, Reverse: reverse}
	m, err := p.request(ctx, id, req, ethwire.BlockHeadersCode)
	if err != nil {
		return nil, err
	}
	hs := m.(*ethwire.BlockHeaders).Headers
	if uint64(len(hs)) > amount {
		return nil, p.badResponse("%d headers for %d asked", len(hs), amount)
	}
	return hs, nil
}

// checkNumbers checks that header i has number origin ± i*(skip+1).
func checkNumbers(hs []*ethtypes.Header, origin, skip uint64, reverse bool) error {
	want := origin
	step := skip + 1
	for i, h := range hs {
		if i > 0 {
			if step == 0 { // skip+1 overflowed
				return fmt.Errorf("header %d beyond the range", i)
			}
			if reverse {
				if want < step {
					return fmt.Errorf("header %d below block 0", i)
				}
				want -= step
			} else {
				if want > ^uint64(0)-step {
					return fmt.Errorf("header %d beyond the range", i)
				}
				want += step
			}
		}
		if h.Number != want {
			return fmt.Errorf("header %d has number %d, want %d", i, h.Number, want)
		}
	}
	return nil
}

// RequestBodies asks for the bodies of blocks by hash (at most
// ethwire.MaxBodies). The answer holds at most one body per hash, in
// order, missing ones left out; the caller matches them against the
// headers' roots.
//
// This function is safe for concurrent access.
func (p *Peer) RequestBodies(ctx context.Context, hashes []ethtypes.Hash) ([]*ethtypes.Body, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	if len(hashes) > ethwire.MaxBodies {
		return nil, makeError(ErrInvalidArgument, "%d body hashes (max %d)", len(hashes), ethwire.MaxBodies)
	}
	id := p.nextID.Add(1)
	m, err := p.request(ctx, id, &ethwire.GetBlockBodies{RequestID: id, Hashes: hashes}, ethwire.BlockBodiesCode)
	if err != nil {
		return nil, err
	}
	bodies := m.(*ethwire.BlockBodies).Bodies
	if len(bodies) > len(hashes) {
		return nil, p.badResponse("%d bodies for %d asked", len(bodies), len(hashes))
	}
	return bodies, nil
}

// RequestPooledTransactions asks for announced transactions by hash (at
// most ethwire.MaxHashes). The answer may leave some out; a transaction
// that was not asked for is misbehaviour.
//
// This function is safe for concurrent access.
func (p *Peer) RequestPooledTransactions(ctx context.Context, hashes []ethtypes.Hash) (ethtypes.Transactions, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	if len(hashes) > ethwire.MaxHashes {
		return nil, makeError(ErrInvalidArgument, "%d transaction hashes (max %d)", len(hashes), ethwire.MaxHashes)
	}
	id := p.nextID.Add(1)
	m, err := p.request(ctx, id, &ethwire.GetPooledTransactions{RequestID: id, Hashes: hashes}, ethwire.PooledTransactionsCode)
	if err != nil {
		return nil, err
	}
	txs := m.(*ethwire.PooledTransactions).Txs
	if len(txs) > len(hashes) {
		return nil, p.badResponse("%d transactions for %d asked", len(txs), len(hashes))
	}
	asked := make(map[ethtypes.Hash]struct{}, len(hashes))
	for _, h := range hashes {
		asked[h] = struct{}{}
	}
	for _, tx := range txs {
		h := tx.Hash()
		if _, ok := asked[h]; !ok {
			return nil, p.badResponse("unrequested transaction %x", h[:8])
		}
		delete(asked, h) // a duplicate is unrequested too
		p.knownTxs.add(h)
	}
	return txs, nil
}

// RequestReceipts asks for the receipts of blocks by hash (at most
// ethwire.MaxReceipts); the answer holds at most one list per hash.
//
// This function is safe for concurrent access.
func (p *Peer) RequestReceipts(ctx context.Context, hashes []ethtypes.Hash) ([]ethtypes.Receipts, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	if len(hashes) > ethwire.MaxReceipts {
		return nil, makeError(ErrInvalidArgument, "%d receipt hashes (max %d)", len(hashes), ethwire.MaxReceipts)
	}
	id := p.nextID.Add(1)
	m, err := p.request(ctx, id, &ethwire.GetReceipts{RequestID: id, Hashes: hashes}, ethwire.ReceiptsCode)
	if err != nil {
		return nil, err
	}
	rs := m.(*ethwire.Receipts).Receipts
	if len(rs) > len(hashes) {
		return nil, p.badResponse("%d receipt lists for %d asked", len(rs), len(hashes))
	}
	return rs, nil
}
