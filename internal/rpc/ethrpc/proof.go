package ethrpc

import (
	"context"
	"encoding/json"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// maxProofKeys bounds the storage keys of one eth_getProof call.
const maxProofKeys = 1024

// getProof answers eth_getProof (EIP-1186): the account's Merkle proof in
// the state trie of the block and a proof per storage key in its storage
// trie. "pending" proves against the head.
func (s *Service) getProof(_ context.Context, p []json.RawMessage) (any, error) {
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	var keys []string
	if err := arg(p, 1, &keys, true); err != nil {
		return nil, err
	}
	if len(keys) > maxProofKeys {
		return nil, invalidParams("too many storage keys (max %d)", maxProofKeys)
	}
	slots := make([]ethtypes.Hash, len(keys))
	for i, k := range keys {
		h, err := parseStorageKey(k)
		if err != nil {
			return nil, invalidParams("invalid argument 1: %v", err)
		}
		slots[i] = h
	}
	bp, err := blockArg(p, 2, true)
	if err != nil {
		return nil, err
	}
	if bp.Hash == nil && bp.Number == PendingBlock {
		bp.Number = LatestBlock
	}
	b, _, err := s.resolveBlock(bp)
	if err != nil {
		return nil, err
	}
	st, err := s.chain.StateAt(b.Header.Root)
	if err != nil {
		return nil, serverError("missing trie node %s (state is not available)", hexHash(b.Header.Root))
	}
	db := st.Database()
	a := ethtypes.Address(addr)
	accTrie, err := trie.NewSecure(trie.Hash(b.Header.Root), db)
	if err != nil {
		return nil, serverError("%v", err)
	}
	accProof, err := accTrie.Prove(a[:])
	if err != nil {
		return nil, serverError("%v", err)
	}
	acc := statedb.Account{Root: ethtypes.EmptyRootHash, CodeHash: ethtypes.EmptyCodeHash}
	enc, err := accTrie.Get(a[:])
	if err != nil {
		return nil, serverError("%v", err)
	}
	if len(enc) > 0 {
		if acc, err = statedb.DecodeAccount(enc); err != nil {
			return nil, serverError("%v", err)
		}
	}
	storage := make([]map[string]any, len(slots))
	var stTrie *trie.SecureTrie
	if acc.Root != ethtypes.EmptyRootHash {
		if stTrie, err = trie.NewSecure(trie.Hash(acc.Root), db); err != nil {
			return nil, serverError("%v", err)
		}
	}
	for i, slot := range slots {
		proof := []string{}
		var value uint256.Int
		if stTrie != nil {
			nodes, err := stTrie.Prove(slot[:])
			if err != nil {
				return nil, serverError("%v", err)
			}
			proof = hexList(nodes)
			v, err := stTrie.Get(slot[:])
			if err != nil {
				return nil, serverError("%v", err)
			}
			value.SetBytes(rlpStringContent(v))
		}
		storage[i] = map[string]any{"key": keys[i], "value": hexU256(&value), "proof": proof}
	}
	return map[string]any{
		"address":      hexAddr(a),
		"accountProof": hexList(accProof),
		"balance":      hexU256(&acc.Balance),
		"nonce":        hexUint(acc.Nonce),
		"codeHash":     hexHash(acc.CodeHash),
		"storageHash":  hexHash(acc.Root),
		"storageProof": storage,
	}, nil
}

func hexList(nodes [][]byte) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = hexBytes(n)
	}
	return out
}

// rlpStringContent returns the content of an RLP string of at most 55
// bytes (a storage value); anything else is returned as is.
func rlpStringContent(b []byte) []byte {
	switch {
	case len(b) == 0:
		return nil
	case b[0] < 0x80:
		return b[:1]
	case b[0] <= 0xb7 && len(b) == 1+int(b[0]-0x80):
		return b[1:]
	}
	return b
}
