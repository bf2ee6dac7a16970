package ethtests

import (
	"sync"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
)

// Cache holds what the runners of one run share: the EVM's cache (code
// analyses, reusable frames) and the outcome of sender recovery by transaction hash and signer (the
// same signed transaction recurs in about half of the GeneralStateTests
// subtests, and recovery is the costliest check of the runner). It is safe
// for concurrent use.
type Cache struct {
	evm *evm.Cache

	mu      sync.Mutex
	senders map[senderKey]error
}

type senderKey struct {
	hash   ethtypes.Hash
	signer ethtypes.Signer
}

// maxSenders bounds the sender cache; it is emptied when full.
const maxSenders = 1 << 16

// NewCache returns an empty cache.
//
// This function is safe for concurrent access.
func NewCache() *Cache {
	return &Cache{evm: evm.NewCache(8192), senders: make(map[senderKey]error)}
}

// checkSender returns the error of recovering tx's sender with signer,
// recovering only the first time a transaction is seen.
func (c *Cache) checkSender(signer ethtypes.Signer, tx *ethtypes.Transaction) error {
	k := senderKey{tx.Hash(), signer}
	c.mu.Lock()
	err, ok := c.senders[k]
	c.mu.Unlock()
	if ok {
		return err
	}
	_, err = signer.Sender(tx)
	c.mu.Lock()
	if len(c.senders) >= maxSenders {
		clear(c.senders)
	}
	c.senders[k] = err
	c.mu.Unlock()
	return err
}
