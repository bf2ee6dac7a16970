package ethrawdb

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/testdata"
)

// blockchainTestBlocks returns the encodings of every block of the shared
// BlockchainTests that decodes (invalid blocks that do not are skipped).
func blockchainTestBlocks(tb testing.TB, dir string) [][]byte {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		tb.Fatalf("no BlockchainTests in %s: %v", dir, err)
	}
	sort.Strings(files)
	var out [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var tests map[string]struct {
			GenesisRLP string `json:"genesisRLP"`
			Blocks     []struct {
				RLP string `json:"rlp"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal(raw, &tests); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		names := make([]string, 0, len(tests))
		for n := range tests {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			encs := []string{tests[n].GenesisRLP}
			for _, b := range tests[n].Blocks {
				encs = append(encs, b.RLP)
			}
			for _, s := range encs {
				enc, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
				if err != nil || len(enc) == 0 {
					continue
				}
				if _, err := ethtypes.DecodeBlock(enc); err != nil {
					continue
				}
				out = append(out, enc)
			}
		}
	}
	return out
}

// TestBlockchainTestBlocksRoundTrip stores every decodable block of the
// shared BlockchainTests and reads it back: the block must re-encode to
// the vector's bytes, and its body record must decode to the same parts.
func TestBlockchainTestBlocksRoundTrip(t *testing.T) {
	encs := blockchainTestBlocks(t, testdata.Path(t, "ethereum-tests", "BlockchainTests"))
	db := memdb.New()
	nTx := 0
	for i, enc := range encs {
		b, err := ethtypes.DecodeBlock(enc)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteBlock(db, b); err != nil {
			t.Fatal(err)
		}
		got, err := ReadBlock(db, b.Hash(), b.Number())
		if err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
		if !bytes.Equal(got.AppendRLP(nil), enc) {
			t.Fatalf("block %d (#%d %x): round trip differs", i, b.Number(), b.Hash())
		}
		bodyEnc, err := ReadBodyRLP(db, b.Hash(), b.Number())
		if err != nil {
			t.Fatal(err)
		}
		body, err := DecodeBody(bodyEnc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body.AppendRLP(nil), bodyEnc) {
			t.Fatalf("block %d: body re-encoding differs", i)
		}
		nTx += len(b.Txs)
	}
	if len(encs) < 50 {
		t.Fatalf("only %d blocks found", len(encs))
	}
	t.Logf("%d BlockchainTests blocks (%d transactions) stored and read back byte-identical", len(encs), nTx)
}
