package ethpeer

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// SendNewBlock queues a NewBlock message and marks the block known to the
// peer. Like every Send method it does not block: when the send queue is
// full the peer is dropped (ErrSlowPeer); after the peer ended it returns
// ErrDisconnected.
//
// This function is safe for concurrent access.
func (p *Peer) SendNewBlock(b *ethtypes.Block, td uint256.Int) error {
	p.knownBlocks.add(b.Hash())
	return p.send(&ethwire.NewBlock{Block: b, TD: td})
}

// SendNewBlockHashes queues a NewBlockHashes announcement (hashes and
// numbers of the same length, at most ethwire.MaxHashes) and marks the
// blocks known.
//
// This function is safe for concurrent access.
func (p *Peer) SendNewBlockHashes(hashes []ethtypes.Hash, numbers []uint64) error {
	if len(hashes) != len(numbers) || len(hashes) > ethwire.MaxHashes {
		return makeError(ErrInvalidArgument, "%d hashes, %d numbers", len(hashes), len(numbers))
	}
	m := &ethwire.NewBlockHashes{Blocks: make([]ethwire.BlockAnnounce, len(hashes))}
	for i := range hashes {
		m.Blocks[i] = ethwire.BlockAnnounce{Hash: hashes[i], Number: numbers[i]}
	}
	p.knownBlocks.add(hashes...)
	return p.send(m)
}

// SendTransactions queues a Transactions broadcast and marks the
// transactions known (nothing is sent on a block-relay-only connection).
//
// This function is safe for concurrent access.
func (p *Peer) SendTransactions(txs ethtypes.Transactions) error {
	if p.cfg.BlockRelayOnly {
		return nil
	}
	for _, tx := range txs {
		p.knownTxs.add(tx.Hash())
	}
	return p.send(&ethwire.Transactions{Txs: txs})
}

// SendPooledTransactionHashes queues an eth/68 announcement (types, sizes
// and hashes of the same length, at most ethwire.MaxHashes) and marks the
// transactions known (nothing is sent on a block-relay-only connection).
//
// This function is safe for concurrent access.
func (p *Peer) SendPooledTransactionHashes(types []byte, sizes []uint32, hashes []ethtypes.Hash) error {
	if len(types) != len(hashes) || len(sizes) != len(hashes) || len(hashes) > ethwire.MaxHashes {
		return makeError(ErrInvalidArgument, "%d types, %d sizes, %d hashes", len(types), len(sizes), len(hashes))
	}
	if p.cfg.BlockRelayOnly {
		return nil
	}
	p.knownTxs.add(hashes...)
	return p.send(&ethwire.NewPooledTransactionHashes{Types: types, Sizes: sizes, Hashes: hashes})
}
