package blockstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// regtestMagic is regtest's message start.
var regtestMagic = [4]byte{0xfa, 0xbf, 0xb5, 0xda}

// mainMagic is mainnet's message start.
var mainMagic = [4]byte{0xf9, 0xbe, 0xb4, 0xd9}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// makeBlock builds a one-transaction block on prev at height whose coinbase
// script carries the height and pad filler bytes, so that tests control the
// block's size exactly: 170+pad bytes while pad < 249.
func makeBlock(prev chainhash.Hash, height int32, pad int) *primitives.Block {
	sig := []byte{0x03, byte(height), byte(height >> 8), byte(height >> 16)}
	sig = append(sig, bytes.Repeat([]byte{0xab}, pad)...)
	cb := &primitives.Tx{
		Version: 1,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: sig, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 50_0000_0000, ScriptPubKey: p2pkh(byte(height))}},
	}
	blk := &primitives.Block{
		Header: primitives.Header{Version: 4, PrevBlock: prev, Timestamp: 1_600_000_000 + uint32(height)*600, Bits: 0x207fffff, Nonce: uint32(height)},
		Txs:    []*primitives.Tx{cb},
	}
	blk.Header.MerkleRoot, _ = blk.MerkleRoot()
	return blk
}

func p2pkh(b byte) []byte {
	s := []byte{0x76, 0xa9, 20}
	s = append(s, bytes.Repeat([]byte{b}, 20)...)
	return append(s, 0x88, 0xac)
}

// chain builds n blocks on top of a zero parent; block i has pad bytes of
// padding given by padFor(i).
func chain(n int, padFor func(i int) int) []*primitives.Block {
	var prev chainhash.Hash
	out := make([]*primitives.Block, n)
	for i := range out {
		out[i] = makeBlock(prev, int32(i), padFor(i))
		prev = out[i].BlockHash()
	}
	return out
}

// openStore opens a store in a fresh directory with a memdb index unless
// o.Index is set or useLevelDB.
func openStore(t testing.TB, o Options) *Store {
	t.Helper()
	if o.Dir == "" {
		o.Dir = filepath.Join(t.TempDir(), "blocks")
	}
	if o.Magic == [4]byte{} {
		o.Magic = regtestMagic
	}
	if o.Index == nil {
		o.Index = memdb.New()
	}
	s, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil && !errors.Is(err, ErrClosed) {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func readFile(t testing.TB, s *Store, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fileSize(t testing.TB, s *Store, name string) int64 {
	t.Helper()
	st, err := os.Stat(filepath.Join(s.Dir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func wantKind(t testing.TB, err error, kind ErrorKind) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v, want kind %s", err, kind)
	}
}
