package ethrpc

import (
	"context"
	"encoding/json"
)

// NetInfo is the P2P view behind net_peerCount, net_listening and
// eth_syncing; the node adapts its account-chain network to it.
type NetInfo interface {
	// PeerCount returns the number of connected peers.
	PeerCount() int
	// Listening reports whether the node accepts connections.
	Listening() bool
	// SyncProgress returns the running sync's first, current and highest
	// block numbers, and false when the node is not syncing.
	SyncProgress() (starting, current, highest uint64, syncing bool)
}

// netPeerCount answers net_peerCount ("0x0" without a network).
func (s *Service) netPeerCount(context.Context, []json.RawMessage) (any, error) {
	if s.cfg.Net == nil {
		return "0x0", nil
	}
	return hexUint(uint64(s.cfg.Net.PeerCount())), nil
}

// netListening answers net_listening (true without a network, as a dev
// node).
func (s *Service) netListening(context.Context, []json.RawMessage) (any, error) {
	if s.cfg.Net == nil {
		return true, nil
	}
	return s.cfg.Net.Listening(), nil
}

// syncing answers eth_syncing: false, or geth's object with the starting,
// current and highest block numbers.
func (s *Service) syncing(context.Context, []json.RawMessage) (any, error) {
	if s.cfg.Net == nil {
		return false, nil
	}
	start, cur, high, ok := s.cfg.Net.SyncProgress()
	if !ok {
		return false, nil
	}
	return map[string]string{
		"startingBlock": hexUint(start),
		"currentBlock":  hexUint(cur),
		"highestBlock":  hexUint(high),
	}, nil
}
