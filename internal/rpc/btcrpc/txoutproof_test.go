package btcrpc

import (
	"encoding/hex"
	"fmt"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestPartialMerkleTree(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		match func(i int) bool
	}{
		{"one tx matched", 1, func(int) bool { return true }},
		{"one tx unmatched", 1, func(int) bool { return false }},
		{"two, second", 2, func(i int) bool { return i == 1 }},
		{"odd, last", 7, func(i int) bool { return i == 6 }},
		{"odd, all", 9, func(int) bool { return true }},
		{"many, every third", 50, func(i int) bool { return i%3 == 0 }},
		{"many, none", 33, func(int) bool { return false }},
		{"power of two, first and last", 64, func(i int) bool { return i == 0 || i == 63 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			txids := make([]chainhash.Hash, tc.n)
			match := make([]bool, tc.n)
			var want []chainhash.Hash
			for i := range txids {
				txids[i] = chainhash.DoubleSHA256([]byte(fmt.Sprint(tc.name, i)))
				match[i] = tc.match(i)
				if match[i] {
					want = append(want, txids[i])
				}
			}
			root, _ := primitives.ComputeMerkleRoot(txids)
			tree := newPartialMerkleTree(txids, match)
			// Serialization round trip.
			m := merkleProof{header: primitives.Header{Version: 4, MerkleRoot: root}, tree: tree}
			raw := m.appendTo(nil)
			back, err := decodeMerkleProof(raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := back.appendTo(nil); !slices.Equal(got, raw) {
				t.Fatal("re-encoding differs")
			}
			gotRoot, matches, ok := back.tree.extractMatches()
			if !ok || gotRoot != root {
				t.Fatalf("extract: ok %v root %s want %s", ok, gotRoot, root)
			}
			if !slices.Equal(matches, want) {
				t.Fatalf("matches %v want %v", matches, want)
			}
			// One flipped hash changes the root; an extra hash or missing
			// bits make the tree malformed.
			bad := back.tree
			bad.hashes = slices.Clone(bad.hashes)
			bad.hashes[0][0] ^= 1
			if r, _, ok := bad.extractMatches(); ok && r == root {
				t.Fatal("a flipped hash still gives the root")
			}
			extra := back.tree
			extra.hashes = append(slices.Clone(extra.hashes), chainhash.Hash{})
			if _, _, ok := extra.extractMatches(); ok && tc.n > 1 {
				t.Fatal("an extra hash is accepted")
			}
			short := back.tree
			short.bits = short.bits[:0]
			if _, _, ok := short.extractMatches(); ok {
				t.Fatal("no bits accepted")
			}
		})
	}
}

func TestDecodeMerkleProofErrors(t *testing.T) {
	good := (&merkleProof{tree: newPartialMerkleTree([]chainhash.Hash{{1}, {2}}, []bool{true, false})}).appendTo(nil)
	tests := []struct {
		name string
		raw  []byte
		msg  string
	}{
		{"empty", nil, "DataStream::read(): end of data: iostream error"},
		{"header only", good[:80], "DataStream::read(): end of data: iostream error"},
		{"hashes cut", good[:84+1+40], "DataStream::read(): end of data: iostream error"},
		{"flags cut", good[:len(good)-1], "DataStream::read(): end of data: iostream error"},
		{"non-canonical count", append(slices.Clone(good[:84]), 0xfd, 0x01, 0x00), "non-canonical ReadCompactSize(): iostream error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeMerkleProof(tc.raw)
			if err == nil || err.Error() != tc.msg {
				t.Fatalf("error %v, want %q", err, tc.msg)
			}
		})
	}
	// Trailing bytes are ignored, as in Core.
	if _, err := decodeMerkleProof(append(slices.Clone(good), 0xaa)); err != nil {
		t.Fatal(err)
	}
}

// proofFixtures finds, in the served chain, a transaction with an unspent
// output and one whose outputs are all spent, with their blocks.
func proofFixtures(t *testing.T, env *testEnv, blocks []*primitives.Block) (unspent, spent *primitives.Tx, unspentBlk, spentBlk *primitives.Block) {
	t.Helper()
	for _, b := range blocks[1:] {
		for _, tx := range b.Txs[1:] {
			anyUnspent := false
			for i := range tx.Outputs {
				if _, ok, _ := env.chain.LookupCoin(primitives.OutPoint{Hash: tx.TxHash(), Index: uint32(i)}); ok {
					anyUnspent = true
					break
				}
			}
			if anyUnspent && unspent == nil {
				unspent, unspentBlk = tx, b
			}
			if !anyUnspent && spent == nil {
				spent, spentBlk = tx, b
			}
			if unspent != nil && spent != nil {
				return
			}
		}
	}
	t.Skip("the generated chain lacks a spent or an unspent transaction")
	return
}

func TestTxOutProof(t *testing.T) {
	env, gen := genEnv(t, false)
	served := gen.Blocks[:len(gen.Blocks)-1]
	unspent, spent, unspentBlk, spentBlk := proofFixtures(t, env, served)
	uid, sid := unspent.TxHash().String(), spent.TxHash().String()
	other := unspentBlk.Txs[0].TxHash().String() // the coinbase of the same block

	verify := func(t *testing.T, proof string) []string {
		t.Helper()
		return unmarshal[[]string](t, env.mustCall(t, "verifytxoutproof", proof))
	}
	ok := []struct {
		name   string
		params []any
		want   []string // txids proven, in block order
	}{
		{"unspent, found by its coin", []any{[]string{uid}}, []string{uid}},
		{"two of one block, found by a coin", []any{[]string{uid, other}}, []string{other, uid}},
		{"spent, with blockhash", []any{[]string{sid}, spentBlk.BlockHash().String()}, []string{sid}},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			proof := unmarshal[string](t, env.mustCall(t, "gettxoutproof", tc.params...))
			if got := verify(t, proof); !slices.Equal(got, tc.want) {
				t.Fatalf("verifytxoutproof %v, want %v", got, tc.want)
			}
		})
	}

	// Tampering: Core's rpc_txoutproof.py passes the root off as a
	// single-transaction block; a flipped hash breaks the root.
	proof := unmarshal[string](t, env.mustCall(t, "gettxoutproof", []string{uid}))
	raw, _ := hex.DecodeString(proof)
	m, err := decodeMerkleProof(raw)
	if err != nil {
		t.Fatal(err)
	}
	single := *m
	single.tree = partialMerkleTree{total: 1, hashes: []chainhash.Hash{m.header.MerkleRoot}, bits: []bool{true, false, false, false, false, false, false, false}}
	flipped := *m
	flipped.tree.hashes = slices.Clone(m.tree.hashes)
	flipped.tree.hashes[len(flipped.tree.hashes)-1][3] ^= 0x10
	for name, tm := range map[string]*merkleProof{"single-tx root": &single, "flipped hash": &flipped} {
		if got := verify(t, hex.EncodeToString(tm.appendTo(nil))); len(got) != 0 {
			t.Fatalf("%s: tampered proof verifies %v", name, got)
		}
	}
	// A valid proof of a block outside the chain.
	next := gen.Blocks[len(gen.Blocks)-1]
	outside := merkleProof{header: next.Header, tree: newPartialMerkleTree(next.TxHashes(), make([]bool, len(next.Txs)))}
	_, rerr := env.call(t, "verifytxoutproof", hex.EncodeToString(outside.appendTo(nil)))
	wantCode(t, rerr, -5, "Block not found in chain")

	zero := "0000000000000000000000000000000000000000000000000000000000000000"
	errs := []struct {
		method string
		params []any
		code   int
		msg    string
	}{
		{"gettxoutproof", []any{[]string{sid}}, -5, "Transaction not yet in block"},
		{"gettxoutproof", []any{[]string{sid}, zero}, -5, "Block not found"},
		{"gettxoutproof", []any{[]string{uid, sid}, unspentBlk.BlockHash().String()}, -5, "Not all transactions found in specified or retrieved block"},
		{"gettxoutproof", []any{[]string{}}, -8, "Parameter 'txids' cannot be empty"},
		{"gettxoutproof", []any{[]string{uid, uid}}, -8, "Invalid parameter, duplicated txid: " + uid},
		{"gettxoutproof", []any{[]string{"00"}}, -8, "txid must be of length 64 (not 2, for '00')"},
		{"gettxoutproof", []any{[]any{1}}, -1, "JSON value of type number is not of expected type string"},
		{"gettxoutproof", []any{uid}, -3, "JSON value of type string is not of expected type array"},
		{"gettxoutproof", []any{[]string{uid}, "zz"}, -8, "blockhash must be of length 64 (not 2, for 'zz')"},
		{"verifytxoutproof", []any{"zz"}, -8, "proof must be hexadecimal string (not 'zz')"},
		{"verifytxoutproof", []any{proof[:100]}, -1, "DataStream::read(): end of data: iostream error"},
		{"verifytxoutproof", nil, -8, "Missing required parameter 1"},
	}
	for _, tc := range errs {
		t.Run(fmt.Sprint(tc.method, tc.params), func(t *testing.T) {
			_, rerr := env.call(t, tc.method, tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}

// TestTxOutProofTxIndex finds a fully spent transaction's block through
// the transaction index.
func TestTxOutProofTxIndex(t *testing.T) {
	env, gen := genEnv(t, true)
	_, spent, _, _ := proofFixtures(t, env, gen.Blocks[:len(gen.Blocks)-1])
	sid := spent.TxHash().String()
	proof := unmarshal[string](t, env.mustCall(t, "gettxoutproof", []string{sid}))
	if got := unmarshal[[]string](t, env.mustCall(t, "verifytxoutproof", proof)); !slices.Equal(got, []string{sid}) {
		t.Fatalf("verifytxoutproof %v", got)
	}
}

// FuzzDecodeMerkleProof decodes arbitrary proofs: no panic, and a proof
// that decodes re-encodes to its prefix and extracts without panicking.
func FuzzDecodeMerkleProof(f *testing.F) {
	gen := generated(f)
	for _, b := range gen.Blocks[len(gen.Blocks)-3:] {
		ids := b.TxHashes()
		match := make([]bool, len(ids))
		match[len(ids)/2] = true
		f.Add((&merkleProof{header: b.Header, tree: newPartialMerkleTree(ids, match)}).appendTo(nil))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := decodeMerkleProof(raw)
		if err != nil {
			return
		}
		enc := m.appendTo(nil)
		if len(enc) > len(raw) || !slices.Equal(enc, raw[:len(enc)]) {
			t.Fatalf("re-encoding %x is not a prefix of %x", enc, raw)
		}
		m.tree.extractMatches()
	})
}
