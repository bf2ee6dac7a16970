package ethpeer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

func numbers(hs []*ethtypes.Header) []uint64 {
	out := make([]uint64, len(hs))
	for i, h := range hs {
		out[i] = h.Number
	}
	return out
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestServeAndRequest has peer a request everything from peer b, which
// serves from its chain.
func TestServeAndRequest(t *testing.T) {
	chainA, chainB := newFakeChain(2), newFakeChain(50)
	a, _, errA, errB := startPair(t, testConfig("a", chainA, nil), testConfig("b", chainB, nil))
	if errA != nil || errB != nil {
		t.Fatalf("Start: %v / %v", errA, errB)
	}
	ctx := context.Background()
	h := func(n int) ethtypes.Hash { return chainB.headers[n].Hash() }

	byNumber := []struct {
		name                 string
		origin, amount, skip uint64
		reverse              bool
		want                 []uint64
	}{
		{"forward", 10, 4, 0, false, []uint64{10, 11, 12, 13}},
		{"forward skip", 10, 4, 2, false, []uint64{10, 13, 16, 19}},
		{"forward past head", 47, 10, 0, false, []uint64{47, 48, 49}},
		{"reverse", 10, 3, 0, true, []uint64{10, 9, 8}},
		{"reverse skip to genesis", 10, 10, 4, true, []uint64{10, 5, 0}},
		{"unknown origin", 99, 5, 0, false, []uint64{}},
		{"huge skip", 10, 3, ^uint64(0), false, []uint64{10}},
	}
	for _, tc := range byNumber {
		t.Run("by number "+tc.name, func(t *testing.T) {
			hs, err := a.RequestHeadersByNumber(ctx, tc.origin, tc.amount, tc.skip, tc.reverse)
			if err != nil {
				t.Fatal(err)
			}
			if got := numbers(hs); !equalU64(got, tc.want) {
				t.Fatalf("numbers %v, want %v", got, tc.want)
			}
		})
	}
	byHash := []struct {
		name    string
		origin  ethtypes.Hash
		amount  uint64
		skip    uint64
		reverse bool
		want    []uint64
	}{
		{"forward", h(20), 3, 1, false, []uint64{20, 22, 24}},
		{"reverse", h(20), 3, 1, true, []uint64{20, 18, 16}},
		{"reverse to genesis", h(2), 5, 0, true, []uint64{2, 1, 0}},
		{"unknown", ethtypes.Hash{0xee}, 3, 0, false, []uint64{}},
	}
	for _, tc := range byHash {
		t.Run("by hash "+tc.name, func(t *testing.T) {
			hs, err := a.RequestHeadersByHash(ctx, tc.origin, tc.amount, tc.skip, tc.reverse)
			if err != nil {
				t.Fatal(err)
			}
			if got := numbers(hs); !equalU64(got, tc.want) {
				t.Fatalf("numbers %v, want %v", got, tc.want)
			}
			if len(hs) > 0 && hs[0].Hash() != tc.origin {
				t.Fatal("first header is not the origin")
			}
		})
	}
	t.Run("by hash forward from side chain", func(t *testing.T) {
		side := &ethtypes.Header{ParentHash: h(3), Number: 4, Extra: []byte("side")}
		chainB.mu.Lock()
		chainB.side[side.Hash()] = side
		chainB.mu.Unlock()
		// geth serves the side header itself but none of its descendants.
		cases := []struct {
			name         string
			amount, skip uint64
			reverse      bool
			want         []uint64
		}{
			{"single", 1, 0, false, []uint64{4}},
			{"single reverse", 1, 0, true, []uint64{4}},
			{"forward stops at origin", 3, 0, false, []uint64{4}},
			{"forward skip stops at origin", 3, 2, false, []uint64{4}},
			{"reverse by parent hashes", 3, 0, true, []uint64{4, 3, 2}},
			{"reverse skip by parent hashes", 3, 1, true, []uint64{4, 2, 0}},
		}
		for _, tc := range cases {
			hs, err := a.RequestHeadersByHash(ctx, side.Hash(), tc.amount, tc.skip, tc.reverse)
			if err != nil || !equalU64(numbers(hs), tc.want) {
				t.Fatalf("%s: got %v, %v; want %v", tc.name, numbers(hs), err, tc.want)
			}
			if hs[0].Hash() != side.Hash() {
				t.Fatalf("%s: first header is not the side origin", tc.name)
			}
			if tc.reverse && tc.skip == 0 && len(hs) > 1 && hs[1].Hash() != side.ParentHash {
				t.Fatalf("%s: second header is not the side block's parent", tc.name)
			}
		}
	})
	t.Run("amount capped", func(t *testing.T) {
		hs, err := a.RequestHeadersByNumber(ctx, 0, 5000, 0, false)
		if err != nil || len(hs) != 50 {
			t.Fatalf("got %d headers, %v", len(hs), err)
		}
		hs, err = a.RequestHeadersByNumber(ctx, 0, 0, 0, false)
		if err != nil || hs != nil {
			t.Fatalf("amount 0: %v %v", hs, err)
		}
	})
	t.Run("bodies", func(t *testing.T) {
		bodies, err := a.RequestBodies(ctx, []ethtypes.Hash{h(1), {0xee}, h(7)})
		if err != nil {
			t.Fatal(err)
		}
		if len(bodies) != 2 || bodies[0].Transactions[0].Nonce() != 1001 || bodies[1].Transactions[0].Nonce() != 1007 {
			t.Fatalf("bodies %+v", bodies)
		}
		if _, err := a.RequestBodies(ctx, make([]ethtypes.Hash, ethwire.MaxBodies+1)); !errors.Is(err, ErrInvalidArgument) {
			t.Fatalf("too many hashes: %v", err)
		}
	})
	t.Run("pooled transactions", func(t *testing.T) {
		want := testTx(1)
		txs, err := a.RequestPooledTransactions(ctx, []ethtypes.Hash{want.Hash(), {0xee}})
		if err != nil || len(txs) != 1 || txs[0].Hash() != want.Hash() {
			t.Fatalf("txs %v, %v", txs, err)
		}
		if !a.KnowsTx(want.Hash()) {
			t.Fatal("delivered transaction not marked known")
		}
	})
	t.Run("receipts", func(t *testing.T) {
		rs, err := a.RequestReceipts(ctx, []ethtypes.Hash{h(3), h(4)})
		if err != nil || len(rs) != 2 || rs[1][0].CumulativeGasUsed != 21004 {
			t.Fatalf("receipts %v, %v", rs, err)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		errs := make(chan error, 8)
		for i := range 8 {
			go func() {
				hs, err := a.RequestHeadersByNumber(ctx, uint64(i), 2, 0, false)
				if err == nil && (len(hs) != 2 || hs[0].Number != uint64(i)) {
					err = errors.New("wrong answer")
				}
				errs <- err
			}()
		}
		for range 8 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if n := a.PendingRequests(); n != 0 {
			t.Fatalf("%d requests still pending", n)
		}
	})
}

// TestRequestTimeout: an unanswered request times out; the answer arriving
// afterwards is unrequested and punished.
func TestRequestTimeout(t *testing.T) {
	cfg := testConfig("p", newFakeChain(3), nil)
	cfg.RequestTimeout = 100 * time.Millisecond
	p, r, started := newRaw(t, cfg, true)
	r.handshake(cfg, started)
	errc := make(chan error, 1)
	go func() {
		_, err := p.RequestHeadersByNumber(context.Background(), 1, 1, 0, false)
		errc <- err
	}()
	q := r.next().(*ethwire.GetBlockHeaders)
	if err := <-errc; !errors.Is(err, ErrRequestTimeout) {
		t.Fatalf("request: %v, want ErrRequestTimeout", err)
	}
	r.write(&ethwire.BlockHeaders{RequestID: q.RequestID})
	waitDone(t, p)
	if err := p.Err(); !errors.Is(err, ErrMisbehaving) || !p.ShouldDiscourage() {
		t.Fatalf("Err = %v, discourage %v", p.Err(), p.ShouldDiscourage())
	}
}

// TestRequestCancel: a request whose context ends returns at once, and its
// late answer is dropped without punishment.
func TestRequestCancel(t *testing.T) {
	cfg := testConfig("p", newFakeChain(3), nil)
	p, r, started := newRaw(t, cfg, true)
	r.handshake(cfg, started)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := p.RequestBodies(ctx, []ethtypes.Hash{{1}})
		errc <- err
	}()
	q := r.next().(*ethwire.GetBlockBodies)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("request: %v", err)
	}
	r.write(&ethwire.BlockBodies{RequestID: q.RequestID, Bodies: []*ethtypes.Body{}})
	// The peer is still fine: a ping round trip proves the answer was read.
	r.write(&ethwire.Ping{Nonce: 77})
	if pong, ok := r.next().(*ethwire.Pong); !ok || pong.Nonce != 77 {
		t.Fatalf("got %+v", pong)
	}
	if p.Err() != nil || p.MisbehaviorScore() != 0 || p.PendingRequests() != 0 {
		t.Fatalf("err %v score %d pending %d", p.Err(), p.MisbehaviorScore(), p.PendingRequests())
	}
}

// TestBadResponses punishes answers of the wrong shape and unrequested
// answers.
func TestBadResponses(t *testing.T) {
	hdr := func(n uint64) *ethtypes.Header { return &ethtypes.Header{Number: n} }
	tests := []struct {
		name    string
		request func(p *Peer) error
		answer  func(id uint64) ethwire.Message
		want    error
	}{
		{"too many headers", func(p *Peer) error {
			_, err := p.RequestHeadersByNumber(context.Background(), 5, 1, 0, false)
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.BlockHeaders{RequestID: id, Headers: []*ethtypes.Header{hdr(5), hdr(6)}}
		}, ErrBadResponse},
		{"wrong numbers", func(p *Peer) error {
			_, err := p.RequestHeadersByNumber(context.Background(), 5, 3, 1, false)
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.BlockHeaders{RequestID: id, Headers: []*ethtypes.Header{hdr(5), hdr(6)}}
		}, ErrBadResponse},
		{"wrong origin hash", func(p *Peer) error {
			_, err := p.RequestHeadersByHash(context.Background(), ethtypes.Hash{1}, 3, 0, false)
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.BlockHeaders{RequestID: id, Headers: []*ethtypes.Header{hdr(5)}}
		}, ErrBadResponse},
		{"too many bodies", func(p *Peer) error {
			_, err := p.RequestBodies(context.Background(), []ethtypes.Hash{{1}})
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.BlockBodies{RequestID: id, Bodies: []*ethtypes.Body{{}, {}}}
		}, ErrBadResponse},
		{"unrequested transaction", func(p *Peer) error {
			_, err := p.RequestPooledTransactions(context.Background(), []ethtypes.Hash{{1}})
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.PooledTransactions{RequestID: id, Txs: ethtypes.Transactions{testTx(9)}}
		}, ErrBadResponse},
		{"answer of the wrong kind", func(p *Peer) error {
			_, err := p.RequestBodies(context.Background(), []ethtypes.Hash{{1}})
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.BlockHeaders{RequestID: id}
		}, ErrDisconnected},
		{"unknown request id", func(p *Peer) error {
			_, err := p.RequestBodies(context.Background(), []ethtypes.Hash{{1}})
			return err
		}, func(id uint64) ethwire.Message {
			return &ethwire.BlockBodies{RequestID: id + 100}
		}, ErrDisconnected},
		{"over the decoding cap", func(p *Peer) error {
			_, err := p.RequestHeadersByNumber(context.Background(), 0, 5000, 0, false)
			return err
		}, func(id uint64) ethwire.Message {
			hs := make([]*ethtypes.Header, ethwire.MaxHeaders+1)
			for i := range hs {
				hs[i] = hdr(uint64(i))
			}
			return &ethwire.BlockHeaders{RequestID: id, Headers: hs}
		}, ErrDisconnected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("p", newFakeChain(3), nil)
			p, r, started := newRaw(t, cfg, true)
			r.handshake(cfg, started)
			errc := make(chan error, 1)
			go func() { errc <- tc.request(p) }()
			var id uint64
			switch q := r.next().(type) {
			case *ethwire.GetBlockHeaders:
				id = q.RequestID
			case *ethwire.GetBlockBodies:
				id = q.RequestID
			case *ethwire.GetPooledTransactions:
				id = q.RequestID
			default:
				t.Fatalf("request %T", q)
			}
			r.write(tc.answer(id))
			if err := <-errc; !errors.Is(err, tc.want) {
				t.Fatalf("request: %v, want %v", err, tc.want)
			}
			waitDone(t, p)
			if err := p.Err(); !errors.Is(err, ErrMisbehaving) || !p.ShouldDiscourage() {
				t.Fatalf("Err = %v, discourage %v", err, p.ShouldDiscourage())
			}
			if d, ok := r.next().(*ethwire.Disconnect); !ok || d.Reason != ethwire.DiscSubprotocolError {
				t.Fatalf("remote got %+v", d)
			}
		})
	}
}

// TestUnrequestedResponse punishes an answer to nothing.
func TestUnrequestedResponse(t *testing.T) {
	cfg := testConfig("p", newFakeChain(3), nil)
	cfg.NoBan = true
	p, r, started := newRaw(t, cfg, true)
	r.handshake(cfg, started)
	r.write(&ethwire.PooledTransactions{RequestID: 42})
	waitDone(t, p)
	if err := p.Err(); !errors.Is(err, ErrMisbehaving) {
		t.Fatalf("Err = %v", err)
	}
	if p.ShouldDiscourage() {
		t.Fatal("NoBan peer marked for discouragement")
	}
}
