package blockchain

import (
	"sync"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// NotificationType says what a Notification reports.
type NotificationType int

const (
	// NTBlockConnected: a block was connected to the active chain (Core's
	// BlockConnected). Block and Undo (the coins it spent) are set.
	NTBlockConnected NotificationType = iota
	// NTBlockDisconnected: the tip was disconnected during a
	// reorganisation or invalidation (Core's BlockDisconnected). Block and
	// Undo (the coins it had spent, now restored) are set.
	NTBlockDisconnected
)

// String returns the type's name.
func (t NotificationType) String() string {
	switch t {
	case NTBlockConnected:
		return "BlockConnected"
	case NTBlockDisconnected:
		return "BlockDisconnected"
	}
	return "Unknown"
}

// Notification reports a change of the active chain. Block and Undo are
// shared between subscribers and must not be modified.
type Notification struct {
	Type   NotificationType
	Block  *primitives.Block
	Undo   *utxoset.BlockUndo // nil for the genesis block
	Hash   chainhash.Hash
	Height int32
}

// Subscribe registers fn to receive every notification from now on and
// returns a function that removes it.
//
// Notifications are delivered synchronously, in the order the changes
// happened, on the goroutine that made them (the caller of ProcessBlock,
// InvalidateBlock, ...), after the chain lock is released and before that
// call returns; changes made by one call are reported in steps of at most
// 32 blocks. fn may read the chain (its queries take the lock again and see
// the state after the change, or a later one) but must not call
// ProcessBlock, ProcessHeaders, InvalidateBlock, ReconsiderBlock, Flush,
// UTXOStats, TestBlockValidity, VerifyChain or Close, which would deadlock: hand such work to another
// goroutine. A slow
// fn delays block processing, which is what keeps a mempool or an indexer
// in step with the chain.
//
// This function is safe for concurrent access.
func (c *Chain) Subscribe(fn func(Notification)) (unsubscribe func()) {
	id := c.notifier.add(fn)
	c.subCount.Add(1)
	return func() {
		if c.notifier.remove(id) {
			c.subCount.Add(-1)
		}
	}
}

// notifier holds the subscribers.
type notifier struct {
	mu     sync.Mutex
	nextID int
	subs   map[int]func(Notification)
}

func (n *notifier) add(fn func(Notification)) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.subs == nil {
		n.subs = make(map[int]func(Notification))
	}
	n.nextID++
	n.subs[n.nextID] = fn
	return n.nextID
}

func (n *notifier) remove(id int) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	_, ok := n.subs[id]
	delete(n.subs, id)
	return ok
}

func (n *notifier) snapshot() []func(Notification) {
	n.mu.Lock()
	defer n.mu.Unlock()
	fns := make([]func(Notification), 0, len(n.subs))
	for id := 1; id <= n.nextID; id++ {
		if fn, ok := n.subs[id]; ok {
			fns = append(fns, fn)
		}
	}
	return fns
}

// queue records a notification for delivery once the lock is released;
// nothing is kept when nobody listens.
//
// It MUST be called with the chain lock held.
func (c *Chain) queue(n Notification) {
	if c.subCount.Load() == 0 {
		return
	}
	c.pending = append(c.pending, n)
}

// deliverPending releases the chain lock, delivers the queued
// notifications and takes the lock again. writeMu stays held, so no other
// writer runs in between.
//
// It MUST be called with writeMu and the chain lock held.
func (c *Chain) deliverPending() {
	if len(c.pending) == 0 {
		return
	}
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	c.deliver(pending)
	c.mu.Lock()
}

// unlockAndNotify releases the chain lock and delivers what is queued.
//
// It MUST be called with writeMu and the chain lock held.
func (c *Chain) unlockAndNotify() {
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	c.deliver(pending)
}

func (c *Chain) deliver(pending []Notification) {
	if len(pending) == 0 {
		return
	}
	fns := c.notifier.snapshot()
	for _, n := range pending {
		for _, fn := range fns {
			fn(n)
		}
	}
}
