package ethtypes

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// fuzzSeeds returns the txbytes of every TransactionTests case (when the
// vectors are present) plus one signed transaction of each shape.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	if dir, err := testdata.Locate(); err == nil {
		files, _ := filepath.Glob(filepath.Join(dir, "ethereum-tests", "TransactionTests", "*", "*.json"))
		for _, p := range files {
			raw, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			var cases map[string]ttCase
			if json.Unmarshal(raw, &cases) != nil {
				continue
			}
			for _, c := range cases {
				seeds = append(seeds, decodeHexString(f, c.TxBytes))
			}
		}
	}
	priv := mustPrivKey(f, testKey)
	for _, d := range sampleTxs(f) {
		tx, err := SignTx(NewTx(d), LatestSigner(1), priv)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, tx.EncodedBytes())
	}
	return seeds
}

// FuzzTransactionUnmarshal decodes arbitrary bytes. Whatever decodes must
// re-encode to the same bytes both from the kept encoding and from its
// fields, and the checks on top of decoding must not panic.
func FuzzTransactionUnmarshal(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	signer := LatestSigner(1)
	rules := forkRules(f, "Cancun")
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, err := DecodeTx(b)
		if err != nil {
			return
		}
		enc, _ := tx.MarshalBinary()
		if !bytes.Equal(enc, b) {
			t.Fatalf("MarshalBinary %x != input %x", enc, b)
		}
		again := NewTx(tx.TxData())
		if !bytes.Equal(again.EncodedBytes(), b) || again.Hash() != tx.Hash() {
			t.Fatalf("re-encoding from fields %x != input %x", again.EncodedBytes(), b)
		}
		back, rest, err := SplitTx(tx.AppendRLP(nil))
		if err != nil || len(rest) != 0 || back.Hash() != tx.Hash() {
			t.Fatalf("block-body round trip: %v", err)
		}
		_, _ = Sender(signer, tx)
		_ = ValidateTx(tx, rules)
		_, _ = NewFrontierSigner().Sender(tx)
	})
}

// FuzzSplitTx decodes the block-body form.
func FuzzSplitTx(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, rest, err := SplitTx(b)
		if err != nil {
			return
		}
		item := b[:len(b)-len(rest)]
		if got := tx.AppendRLP(nil); !bytes.Equal(got, item) {
			t.Fatalf("AppendRLP %x != input %x", got, item)
		}
	})
}
