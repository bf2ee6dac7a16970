package ethconsensus

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/testdata"
)

// seedHeaders adds the headers of the ethash vectors to f's corpus.
func seedHeaders(f *testing.F) {
	raw, err := os.ReadFile(testdata.Path(f, "ethereum-tests", "PoWTests", "ethash_tests.json"))
	if err != nil {
		f.Fatal(err)
	}
	var vectors map[string]ethashVector
	if err := json.Unmarshal(raw, &vectors); err != nil {
		f.Fatal(err)
	}
	for _, v := range vectors {
		b, err := hex.DecodeString(v.Header)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzSealHash decodes arbitrary bytes as a header and checks the seal-hash
// encoding: it is the header's own encoding less the mix digest and
// nonce, it survives a decode/encode round trip, it ignores
// the mix digest and nonce, and VerifySeal on small sizes never panics.
func FuzzSealHash(f *testing.F) {
	seedHeaders(f)
	e, err := New(Config{CacheBytes: 64 * 7, DatasetBytes: 128 * 11, EpochLength: 1 << 40})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ethtypes.DecodeHeader(data)
		if err != nil {
			return
		}
		enc := appendSealRLP(nil, h)
		full := h.AppendRLP(nil)
		// The header encoding is the seal encoding plus the mix digest and
		// nonce (33 + 9 bytes) in the middle, under a longer list header.
		if len(full)-len(enc) < 42 || len(full)-len(enc) > 44 {
			t.Fatalf("seal encoding %d bytes, header %d", len(enc), len(full))
		}
		// Round trip: the header re-decodes to the same seal hash.
		h3, err := ethtypes.DecodeHeader(full)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !bytes.Equal(appendSealRLP(nil, h3), enc) {
			t.Fatal("seal encoding changed by a round trip")
		}
		s := SealHash(h)
		h2 := *h
		h2.MixDigest[0] ^= 1
		h2.Nonce[7] ^= 1
		if SealHash(&h2) != s {
			t.Fatal("seal hash depends on the seal")
		}
		_ = e.VerifySeal(h)
	})
}

// FuzzCalcDifficulty checks the formula never panics and never goes below
// the minimum, whatever the parent and timestamp.
func FuzzCalcDifficulty(f *testing.F) {
	f.Add(uint64(10), uint64(100), uint64(1<<30), uint64(108), false, true)
	f.Add(^uint64(0)-1, ^uint64(0), ^uint64(0), uint64(0), true, false)
	f.Fuzz(func(t *testing.T, num, ptime, pdiff, time uint64, uncles, bombOff bool) {
		p := &ethtypes.Header{Number: num, Time: ptime, UncleHash: ethtypes.EmptyUncleHash}
		if uncles {
			p.UncleHash = ethtypes.Hash{1}
		}
		p.Difficulty.SetUint64(pdiff)
		p.Difficulty.Lsh(&p.Difficulty, uint(num%200))
		for _, fork := range []string{"Homestead", "Byzantium", "GrayGlacier"} {
			d := CalcDifficulty(forkConfig(t, fork), bombOff, time, p)
			if d.LtUint64(MinimumDifficulty) {
				t.Fatalf("%s: difficulty %s below minimum", fork, d.Dec())
			}
		}
	})
}
