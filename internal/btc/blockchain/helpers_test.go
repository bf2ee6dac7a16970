package blockchain

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

// openChain opens and starts a chain in dir, closing it when the test ends.
func openChain(t testing.TB, p *chaincfg.Params, dir string, mod func(*Options)) *Chain {
	t.Helper()
	c, err := openChainErr(p, dir, mod)
	if err != nil {
		t.Fatalf("open chain: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func openChainErr(p *chaincfg.Params, dir string, mod func(*Options)) (*Chain, error) {
	opts := Options{Params: p, DataDir: dir, DBCacheMiB: 16, ScriptWorkers: 2}
	if mod != nil {
		mod(&opts)
	}
	c, err := Open(opts)
	if err != nil {
		return nil, err
	}
	if err := c.Start(context.Background()); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

// closeChain closes c and fails the test on error.
func closeChain(t testing.TB, c *Chain) {
	t.Helper()
	if err := c.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// readVector returns a test vector's bytes, bunzipped when its name ends
// in .bz2.
func readVector(t testing.TB, elems ...string) []byte {
	t.Helper()
	path := testdata.Path(t, elems...)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".bz2") {
		b, err = io.ReadAll(bzip2.NewReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return b
}

// blkRecords splits a blk-format file into its blocks.
func blkRecords(t testing.TB, b []byte, magic [4]byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(b) >= 8 {
		if [4]byte(b[:4]) != magic {
			t.Fatalf("bad magic %x", b[:4])
		}
		n := binary.LittleEndian.Uint32(b[4:8])
		out = append(out, b[8:8+n])
		b = b[8+n:]
	}
	return out
}

// hexLines decodes one hex block per line.
func hexLines(t testing.TB, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<20), 8<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		raw, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

// processAll feeds raw blocks to c, failing on the first error.
func processAll(t testing.TB, c *Chain, blocks [][]byte) {
	t.Helper()
	for i, raw := range blocks {
		if err := c.ProcessRawBlock(raw); err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
	}
}

func mustHash(t testing.TB, s string) chainhash.Hash {
	t.Helper()
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// checkTip fails unless the active chain ends at height with hash.
func checkTip(t testing.TB, c *Chain, height int32, hash chainhash.Hash) {
	t.Helper()
	st := c.BestState()
	if st.Height != height || st.Hash != hash {
		t.Fatalf("tip %s at %d, want %s at %d", st.Hash, st.Height, hash, height)
	}
}

// utxoHash returns hash_serialized_3 and the output count of c's UTXO set.
func utxoHash(t testing.TB, c *Chain) (chainhash.Hash, uint64) {
	t.Helper()
	st, _, err := c.UTXOStats(utxoset.HashSerialized)
	if err != nil {
		t.Fatal(err)
	}
	return st.HashSerialized, st.TxOuts
}

func errorsIsAny(err error, kinds ...error) bool {
	for _, k := range kinds {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}
