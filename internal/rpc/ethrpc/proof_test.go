package ethrpc

import (
	"testing"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// TestGetProof checks eth_getProof's proofs with trie.VerifyProof.
func TestGetProof(t *testing.T) {
	e := newEnv(t)
	e.storeTx(t, 0, 7)
	root := trie.Hash(e.bc.CurrentBlock().Header.Root)
	decodeList := func(v any) [][]byte {
		var out [][]byte
		for _, x := range v.([]any) {
			b, err := parseDataString(x.(string))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}
	res := obj(t, e.must(t, "eth_getProof", hexAddr(addrStore), []string{"0x0", "0x01"}, "latest"))
	ka := crypto.Keccak256(addrStore[:])
	val, err := trie.VerifyProof(root, ka[:], decodeList(res["accountProof"]))
	if err != nil || val == nil {
		t.Fatalf("account proof: %v", err)
	}
	acc, err := statedb.DecodeAccount(val)
	if err != nil || hexHash(acc.Root) != res["storageHash"] || hexHash(acc.CodeHash) != res["codeHash"] {
		t.Fatalf("account %v %v", acc, err)
	}
	sp := res["storageProof"].([]any)
	s0 := sp[0].(map[string]any)
	if s0["value"] != "0x7" || s0["key"] != "0x0" {
		t.Fatalf("slot 0 %v", s0)
	}
	ks := crypto.Keccak256(make([]byte, 32))
	if v, err := trie.VerifyProof(trie.Hash(acc.Root), ks[:], decodeList(s0["proof"])); err != nil || len(v) == 0 {
		t.Fatalf("storage proof: %v %x", err, v)
	}
	if s1 := sp[1].(map[string]any); s1["value"] != "0x0" {
		t.Fatalf("slot 1 %v", s1)
	}
	// An absent account proves absent.
	res = obj(t, e.must(t, "eth_getProof", hexAddr(ethtypes.Address{0xee}), []string{}, "latest"))
	kn := crypto.Keccak256([]byte{0xee, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	if v, err := trie.VerifyProof(root, kn[:], decodeList(res["accountProof"])); err != nil || v != nil {
		t.Fatalf("absence proof: %v %x", err, v)
	}
	if res["balance"] != "0x0" || res["storageHash"] != hexHash(ethtypes.EmptyRootHash) {
		t.Fatalf("absent account %v", res)
	}
	if _, err := e.call(t, "eth_getProof", hexAddr(addrStore), "0x0", "latest"); rpcCode(err) != CodeInvalidParams {
		t.Fatalf("keys not a list: %v", err)
	}
}
