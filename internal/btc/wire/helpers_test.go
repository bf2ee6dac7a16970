package wire

import (
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

// mainMagic is mainnet's message start, as chaincfg's NetMagic holds it.
var mainMagic = [4]byte{0xf9, 0xbe, 0xb4, 0xd9}

func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func readVector(tb testing.TB, elems ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(testdata.Path(tb, elems...))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func hashN(n int) chainhash.Hash {
	var h chainhash.Hash
	for i := range h {
		h[i] = byte(n*7 + i)
	}
	return h
}

func wantKind(tb testing.TB, err error, kind ErrorKind) {
	tb.Helper()
	if !errors.Is(err, kind) {
		tb.Fatalf("error %v, want kind %s", err, kind)
	}
}

// A segwit transaction (BIP143 example, signed).
const segwitTxHex = "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000"

func segwitTx(tb testing.TB) *primitives.Tx {
	tb.Helper()
	tx, err := primitives.DecodeTx(mustHex(tb, segwitTxHex))
	if err != nil {
		tb.Fatal(err)
	}
	return tx
}

// The mainnet genesis block.
const genesisHex = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c0101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000"

func genesis(tb testing.TB) *primitives.Block {
	tb.Helper()
	blk, err := primitives.DecodeBlock(mustHex(tb, genesisHex))
	if err != nil {
		tb.Fatal(err)
	}
	return blk
}
