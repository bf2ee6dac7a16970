package ethconsensus

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/testdata"
)

// ethashVector is one case of PoWTests/ethash_tests.json.
type ethashVector struct {
	Nonce      string `json:"nonce"`
	MixHash    string `json:"mixHash"`
	Header     string `json:"header"`
	Seed       string `json:"seed"`
	Result     string `json:"result"`
	CacheSize  uint64 `json:"cache_size"`
	FullSize   uint64 `json:"full_size"`
	HeaderHash string `json:"header_hash"`
	CacheHash  string `json:"cache_hash"`
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// TestEthashVectors checks every case of ethereum/tests' ethash_tests.json:
// the seal hash of the header, the epoch's seed, cache and dataset sizes,
// the cache hash, and the mix digest and result of light hashimoto (the
// mainnet dataset is 1 GiB; TestLightMatchesFull compares light and full
// on small sizes).
func TestEthashVectors(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "ethereum-tests", "PoWTests", "ethash_tests.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors map[string]ethashVector
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) == 0 {
		t.Fatal("no vectors")
	}
	engine, err := New(Config{}) // the public sizes; caches shared by the cases
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	for name, v := range vectors {
		t.Run(name, func(t *testing.T) {
			h, err := ethtypes.DecodeHeader(mustHex(t, v.Header))
			if err != nil {
				t.Fatal(err)
			}
			if got := SealHash(h); hex.EncodeToString(got[:]) != v.HeaderHash {
				t.Errorf("seal hash %x, want %s", got, v.HeaderHash)
			}
			if got := hex.EncodeToString(h.Nonce[:]); got != v.Nonce {
				t.Errorf("nonce %s, want %s", got, v.Nonce)
			}
			epoch := h.Number / EpochLength
			if got := SeedHash(epoch); hex.EncodeToString(got[:]) != v.Seed {
				t.Errorf("seed %x, want %s", got, v.Seed)
			}
			if got := CacheSize(epoch); got != v.CacheSize {
				t.Errorf("cache size %d, want %d", got, v.CacheSize)
			}
			if got := DatasetSize(epoch); got != v.FullSize {
				t.Errorf("full size %d, want %d", got, v.FullSize)
			}
			if c, d := engine.Sizes(epoch); c != v.CacheSize || d != v.FullSize {
				t.Errorf("engine sizes %d, %d", c, d)
			}
			cache := engine.cache(epoch)
			if got := CacheHash(cache); hex.EncodeToString(got[:]) != v.CacheHash {
				t.Errorf("cache hash %x, want %s", got, v.CacheHash)
			}
			nonce := new(big.Int).SetBytes(h.Nonce[:]).Uint64()
			digest, result := HashimotoLight(v.FullSize, cache, SealHash(h), nonce)
			if hex.EncodeToString(digest[:]) != v.MixHash {
				t.Errorf("mix digest %x, want %s", digest, v.MixHash)
			}
			if hex.EncodeToString(result[:]) != v.Result {
				t.Errorf("result %x, want %s", result, v.Result)
			}
			// The engine's path: seal hash, nonce and sizes from the header.
			if d2, r2, err := engine.HashimotoLight(h); err != nil || d2 != digest || r2 != result {
				t.Errorf("engine hashimoto %x %x %v", d2, r2, err)
			}
			// The header carries this mix digest; its difficulty (2^17) is
			// not met by the result, so the seal is invalid.
			if err := engine.VerifySeal(h); !errors.Is(err, ErrInvalidPoW) {
				t.Errorf("VerifySeal: %v", err)
			}
			if !t.Failed() {
				passed++
			}
		})
	}
	t.Logf("ethash vectors: %d/%d passed", passed, len(vectors))
}

// difficultyCase is one case of DifficultyTests.
type difficultyCase struct {
	ParentTimestamp    string `json:"parentTimestamp"`
	ParentDifficulty   string `json:"parentDifficulty"`
	ParentUncles       string `json:"parentUncles"`
	CurrentTimestamp   string `json:"currentTimestamp"`
	CurrentBlockNumber string `json:"currentBlockNumber"`
	CurrentDifficulty  string `json:"currentDifficulty"`
}

func hexUint64(t *testing.T, s string) uint64 {
	t.Helper()
	n, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok || !n.IsUint64() {
		t.Fatalf("bad number %q", s)
	}
	return n.Uint64()
}

func hexUint256(t *testing.T, s string) *uint256.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	v, over := uint256.FromBig(n)
	if over {
		t.Fatalf("number %q above 256 bits", s)
	}
	return v
}

func u64(v uint64) *uint64 { return &v }

// forkConfig returns a configuration with every fork up to and including
// the named one active from genesis.
func forkConfig(t testing.TB, fork string) *ethparams.ChainConfig {
	t.Helper()
	order := []string{"Homestead", "Byzantium", "Constantinople", "MuirGlacier", "London", "ArrowGlacier", "GrayGlacier"}
	cfg := &ethparams.ChainConfig{ChainID: 1}
	for _, f := range order {
		switch f {
		case "Homestead":
			cfg.HomesteadBlock, cfg.EIP150Block, cfg.EIP155Block, cfg.EIP158Block = u64(0), u64(0), u64(0), u64(0)
		case "Byzantium":
			cfg.ByzantiumBlock = u64(0)
		case "Constantinople":
			cfg.ConstantinopleBlock, cfg.PetersburgBlock = u64(0), u64(0)
		case "MuirGlacier":
			cfg.IstanbulBlock, cfg.MuirGlacierBlock = u64(0), u64(0)
		case "London":
			cfg.BerlinBlock, cfg.LondonBlock = u64(0), u64(0)
		case "ArrowGlacier":
			cfg.ArrowGlacierBlock = u64(0)
		case "GrayGlacier":
			cfg.GrayGlacierBlock = u64(0)
		}
		if f == fork {
			return cfg
		}
	}
	t.Fatalf("unknown fork %s", fork)
	return nil
}

// TestDifficultyVectors checks every case of DifficultyTests' Homestead,
// Byzantium, Constantinople and Gray Glacier files: the parent's timestamp,
// difficulty and uncles (0: the empty ommers hash, 1: any other) with the
// block's timestamp and number give the expected difficulty, bomb on.
func TestDifficultyVectors(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "DifficultyTests")
	files := []string{
		"dfHomestead/difficultyHomestead.json",
		"dfByzantium/difficultyByzantium.json",
		"dfConstantinople/difficultyConstantinople.json",
		"dfGrayGlacier/difficultyGrayGlacier.json",
	}
	total := 0
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		var outer map[string]map[string]json.RawMessage
		if err := json.Unmarshal(raw, &outer); err != nil {
			t.Fatal(err)
		}
		for _, forks := range outer {
			for fork, body := range forks {
				if fork == "_info" {
					continue
				}
				var cases map[string]difficultyCase
				if err := json.Unmarshal(body, &cases); err != nil {
					t.Fatal(err)
				}
				cfg := forkConfig(t, fork)
				failed := 0
				for name, c := range cases {
					number := hexUint64(t, c.CurrentBlockNumber)
					parent := &ethtypes.Header{
						Number:     number - 1,
						Time:       hexUint64(t, c.ParentTimestamp),
						Difficulty: *hexUint256(t, c.ParentDifficulty),
						UncleHash:  ethtypes.EmptyUncleHash,
					}
					if hexUint64(t, c.ParentUncles) != 0 {
						parent.UncleHash = ethtypes.Hash{1}
					}
					want := hexUint256(t, c.CurrentDifficulty)
					got := CalcDifficulty(cfg, false, hexUint64(t, c.CurrentTimestamp), parent)
					if !got.Eq(want) {
						failed++
						if failed <= 5 {
							t.Errorf("%s/%s %s: difficulty %s, want %s", f, fork, name, got.Dec(), want.Dec())
						}
					}
				}
				if failed > 0 {
					t.Errorf("%s/%s: %d of %d cases failed", f, fork, failed, len(cases))
				}
				t.Logf("%s/%s: %d/%d passed", f, fork, len(cases)-failed, len(cases))
				total += len(cases) - failed
			}
		}
	}
	t.Logf("difficulty vectors: %d passed", total)
}
