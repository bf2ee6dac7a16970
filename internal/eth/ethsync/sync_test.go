package ethsync

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/holiman/uint256"
)

// waitSync returns the next sync result (20 s failure guard).
func waitSync(t *testing.T, res chan syncResult) syncResult {
	t.Helper()
	select {
	case r := <-res:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("no sync finished")
		return syncResult{}
	}
}

// waitSyncTo waits for syncs until want blocks were inserted in total and
// returns the bodies per peer over all of them.
func waitSyncTo(t *testing.T, res chan syncResult, want int) map[string]int {
	t.Helper()
	total, peers := 0, map[string]int{}
	for total < want {
		r := waitSync(t, res)
		total += r.inserted
		for k, v := range r.peers {
			peers[k] += v
		}
	}
	return peers
}

func TestSyncFromThreePeers(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 300, true)
	local := newTestChain(t, 2)
	var peers []Peer
	for i := range 3 {
		p := newFakePeer(fmt.Sprintf("peer%d", i), src.bc)
		p.delay = time.Millisecond
		peers = append(peers, p)
	}
	s, res := startSyncer(t, local.bc, Config{BodyBatch: 16}, peers...)
	bodies := waitSyncTo(t, res, 300)
	waitHead(t, local.bc, src.bc.CurrentHeader().Hash())
	if local.bc.CurrentHeader().Root != src.bc.CurrentHeader().Root {
		t.Fatal("state roots differ")
	}
	t.Logf("synced 300 blocks; bodies per peer: %v", bodies)
	if len(bodies) < 2 {
		t.Fatalf("bodies came from %d peer(s), want several: %v", len(bodies), bodies)
	}
	sum := 0
	for _, n := range bodies {
		sum += n
	}
	if sum != 300 {
		t.Fatalf("%d bodies delivered, want 300", sum)
	}
	if _, syncing := s.Progress(); syncing {
		t.Error("still syncing")
	}
	for _, p := range peers {
		if score, _ := p.(*fakePeer).penalty(); score != 0 {
			t.Errorf("%s penalised: %d", p.ID(), score)
		}
	}
}

func TestSyncEmptyBlocksNeedNoBodies(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 50, false)
	local := newTestChain(t, 2)
	p := newFakePeer("p", src.bc)
	_, res := startSyncer(t, local.bc, Config{}, p)
	waitSyncTo(t, res, 50)
	waitHead(t, local.bc, src.bc.CurrentHeader().Hash())
	if p.bodyReqs != 0 {
		t.Errorf("%d body requests for empty blocks", p.bodyReqs)
	}
}

func TestSyncBadBodyPeer(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 200, true)
	local := newTestChain(t, 2)
	good1, good2 := newFakePeer("good1", src.bc), newFakePeer("good2", src.bc)
	good1.delay, good2.delay = 2*time.Millisecond, 2*time.Millisecond
	bad := newFakePeer("bad", src.bc)
	bad.badBodies = true
	_, res := startSyncer(t, local.bc, Config{BodyBatch: 16}, good1, bad, good2)
	bodies := waitSyncTo(t, res, 200)
	waitHead(t, local.bc, src.bc.CurrentHeader().Hash())
	score, reasons := bad.penalty()
	if score < scoreInvalid || !strings.Contains(strings.Join(reasons, ";"), "invalid body") {
		t.Fatalf("bad peer: score %d, reasons %v", score, reasons)
	}
	if bodies["bad"] != 0 {
		t.Fatalf("bodies from the bad peer were used: %v", bodies)
	}
	t.Logf("bodies per peer: %v; bad peer: %v", bodies, reasons)
}

func TestSyncBrokenHeaderChain(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 250, true)
	local := newTestChain(t, 2)
	liar := newFakePeer("liar", src.bc)
	liar.breakAt = 150
	// The liar claims more weight so that it is the sync source first.
	td := src.bc.CurrentTd()
	td.Add(&td, uint256.NewInt(1000))
	liar.setHead(src.bc.CurrentHeader().Hash(), td)
	honest := newFakePeer("honest", src.bc)
	_, res := startSyncer(t, local.bc, Config{}, liar, honest)
	first := waitSync(t, res)
	waitHead(t, local.bc, src.bc.CurrentHeader().Hash())
	score, reasons := liar.penalty()
	if score < scoreInvalid || !strings.Contains(strings.Join(reasons, ";"), "broken header chain") {
		t.Fatalf("liar: score %d, reasons %v", score, reasons)
	}
	if first.inserted > 149 {
		t.Fatalf("first sync inserted %d blocks past the broken link", first.inserted)
	}
	if s, _ := honest.penalty(); s != 0 {
		t.Fatalf("honest peer penalised %d", s)
	}
}

func TestSyncStallingPeerReassigned(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 120, true)
	local := newTestChain(t, 2)
	staller := newFakePeer("staller", src.bc)
	staller.stallBodies = true
	good := newFakePeer("good", src.bc)
	good.delay = 5 * time.Millisecond
	_, res := startSyncer(t, local.bc, Config{BodyBatch: 16, RequestTimeout: 200 * time.Millisecond}, staller, good)
	bodies := waitSyncTo(t, res, 120)
	waitHead(t, local.bc, src.bc.CurrentHeader().Hash())
	score, reasons := staller.penalty()
	if staller.bodyReqs == 0 || score < scoreStall {
		t.Fatalf("staller: %d requests, score %d %v", staller.bodyReqs, score, reasons)
	}
	if bodies["good"] != 120 {
		t.Fatalf("bodies %v", bodies)
	}
}

func TestSyncReorgToHeavierChain(t *testing.T) {
	for _, tc := range []struct {
		name            string
		base, own, peer int
	}{
		{"near", 10, 5, 20},
		{"binary search", 10, 100, 150},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := newTestChain(t, 1)
			src.mine(t, tc.base, true)
			local := newTestChain(t, 2)
			src.copyTo(t, local, uint64(tc.base))
			local.mine(t, tc.own, false)
			src.mine(t, tc.peer, true)
			p := newFakePeer("p", src.bc)
			_, res := startSyncer(t, local.bc, Config{}, p)
			r := waitSync(t, res)
			waitHead(t, local.bc, src.bc.CurrentHeader().Hash())
			if r.inserted != tc.peer {
				t.Fatalf("inserted %d, want %d (from the common ancestor %d)", r.inserted, tc.peer, tc.base)
			}
		})
	}
}

func TestSyncNoPeerHasBodies(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 20, true)
	local := newTestChain(t, 2)
	p := newFakePeer("p", src.bc)
	p.badBodies = true
	var got error
	s := New(Config{Chain: local.bc})
	s.AddPeer(p)
	got = s.syncWith(p)
	if !errors.Is(got, ErrNoPeers) {
		t.Fatalf("sync: %v, want %v", got, ErrNoPeers)
	}
	if local.bc.CurrentHeader().Number != 0 {
		t.Fatal("blocks inserted")
	}
}

func TestSyncOnlyPeerStalls(t *testing.T) {
	src := newTestChain(t, 1)
	src.mine(t, 40, true)
	local := newTestChain(t, 2)
	p := newFakePeer("p", src.bc)
	p.stallBodies = true
	s := New(Config{Chain: local.bc, RequestTimeout: 100 * time.Millisecond})
	s.AddPeer(p)
	if err := s.syncWith(p); !errors.Is(err, ErrNoPeers) {
		t.Fatalf("sync: %v, want %v", err, ErrNoPeers)
	}
	if score, _ := p.penalty(); score != scoreStall {
		t.Fatalf("score %d", score)
	}
}
