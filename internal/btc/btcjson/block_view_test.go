package btcjson

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

func loadBlock413567(tb testing.TB) *primitives.Block {
	tb.Helper()
	raw, err := os.ReadFile(testdata.Path(tb, "bitcoin-core", "block413567.raw"))
	if err != nil {
		tb.Fatal(err)
	}
	b, err := primitives.DecodeBlock(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestBlockView413567(t *testing.T) {
	b := loadBlock413567(t)
	h, ok := CoinbaseHeight(b)
	if !ok || h != 413567 {
		t.Fatalf("CoinbaseHeight = %d, %v", h, ok)
	}
	root, mutated := b.MerkleRoot()
	if mutated || root != b.Header.MerkleRoot {
		t.Fatalf("merkle root %s (mutated %v) != header %s", root, mutated, b.Header.MerkleRoot)
	}
	v := NewBlockView(b, chaincfg.MainNet(), VerbosityTxIDs, &BlockContext{Height: &h})
	checks := []struct {
		name      string
		got, want any
	}{
		{"hash", v.Hash, "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069"},
		{"nTx", v.NTx, 1557},
		{"tx ids", len(v.Tx), 1557},
		{"size", v.Size, 999887},
		{"strippedsize", v.StrippedSize, 999887},
		{"weight", v.Weight, 4 * 999887},
		{"merkleroot", v.MerkleRoot, root.String()},
		{"height", *v.Height, int64(413567)},
		{"versionHex", v.VersionHex, "00000004"},
		{"bits", v.Bits, "18058436"},
		{"first txid", v.Tx[0], b.Txs[0].TxHash().String()},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	d, _ := json.Marshal(v.Difficulty)
	if string(d) != "199312067531.243" {
		t.Errorf("difficulty = %s", d)
	}
	if v.Target != "0000000000000000058436000000000000000000000000000000000000000000" {
		t.Errorf("target = %s", v.Target)
	}
	if v.Confirmations != nil || v.MedianTime != nil || v.ChainWork != "" || v.NextHash != "" {
		t.Error("chain fields set without a chain")
	}
	if v.CoinbaseTx == nil || v.CoinbaseTx.Coinbase[:8] != "037f4f06" || v.CoinbaseTx.Witness != "" {
		t.Errorf("coinbase_tx = %+v", v.CoinbaseTx)
	}

	// Verbosity 2: every transaction decoded, with hex, in Core's field
	// order for the block header part.
	v2 := NewBlockView(b, chaincfg.MainNet(), VerbosityTxs, nil)
	out, err := json.Marshal(v2)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	toks, err := jsonTokens(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range toks {
		if strings.Count(tok, ".") == 1 && strings.HasSuffix(tok, " key") {
			keys = append(keys, strings.TrimSuffix(strings.TrimPrefix(tok, "."), " key"))
		}
	}
	wantKeys := "hash version versionHex merkleroot time nonce bits target difficulty nTx previousblockhash strippedsize size weight coinbase_tx tx"
	if got := strings.Join(keys, " "); got != wantKeys {
		t.Errorf("keys = %s\nwant   %s", got, wantKeys)
	}
	var doc struct {
		Tx []struct {
			TxID string `json:"txid"`
			Hex  string `json:"hex"`
			Vin  []struct {
				Coinbase *string `json:"coinbase"`
			} `json:"vin"`
		} `json:"tx"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tx) != 1557 || doc.Tx[0].Vin[0].Coinbase == nil || doc.Tx[1].Vin[0].Coinbase != nil {
		t.Fatal("verbosity 2 transactions wrong")
	}
	total := 80 + 3 // header and the 3-byte transaction count
	for _, tx := range doc.Tx {
		total += len(tx.Hex) / 2
	}
	if total != 999887 {
		t.Errorf("sum of transaction hex sizes %d", total)
	}
}

// TestBlockViewRegtestChain decodes the 206 Core-mined regtest blocks of
// py-bitcoinkernel (segwit and taproot spends among them) and checks the
// header fields, the BIP34 heights and the chain links.
func TestBlockViewRegtestChain(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "py-bitcoinkernel", "blocks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	params := chaincfg.RegTest()
	prev := "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206" // regtest genesis
	height := int64(0)
	segwitTxs := 0
	for sc.Scan() {
		height++
		raw, err := DecodeHex(strings.TrimSpace(sc.Text()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := primitives.DecodeBlock(raw)
		if err != nil {
			t.Fatalf("block %d: %v", height, err)
		}
		h, ok := CoinbaseHeight(b)
		if !ok || h != height {
			t.Fatalf("block %d: CoinbaseHeight = %d, %v", height, h, ok)
		}
		v := NewBlockView(b, params, VerbosityTxs, &BlockContext{Height: &h})
		if v.PreviousHash != prev {
			t.Fatalf("block %d: previousblockhash %s, want %s", height, v.PreviousHash, prev)
		}
		prev = v.Hash
		if v.Bits != "207fffff" || v.Target != "7fffff0000000000000000000000000000000000000000000000000000000000" {
			t.Fatalf("block %d: bits %s target %s", height, v.Bits, v.Target)
		}
		if d, _ := json.Marshal(v.Difficulty); string(d) != "4.656542373906925e-10" {
			t.Fatalf("block %d: difficulty %s", height, d)
		}
		if v.Size != len(raw) || v.Weight != 3*v.StrippedSize+v.Size {
			t.Fatalf("block %d: size %d weight %d stripped %d", height, v.Size, v.Weight, v.StrippedSize)
		}
		if v.CoinbaseTx.Witness != strings.Repeat("00", 32) {
			t.Fatalf("block %d: coinbase witness %q", height, v.CoinbaseTx.Witness)
		}
		for i, x := range v.Tx {
			tv := x.(*TxView)
			if i > 0 && tv.Hash != tv.TxID {
				segwitTxs++
				if tv.Vin[0].TxInWitness == nil {
					t.Fatalf("block %d tx %d: wtxid differs but no witness", height, i)
				}
			}
			if tv.Hex == "" {
				t.Fatalf("block %d tx %d: no hex", height, i)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if height != 206 || prev != "3de082158b117acd088306c395d09771bb7cbf0b7355796c1b1e0bd748ef9bed" {
		t.Fatalf("read %d blocks, tip %s", height, prev)
	}
	if segwitTxs == 0 {
		t.Fatal("no segwit spends seen")
	}
	t.Logf("206 regtest blocks, %d segwit spends", segwitTxs)
}

func TestCoinbaseHeight(t *testing.T) {
	tests := []struct {
		name    string
		version int32
		script  string
		want    int64
		ok      bool
	}{
		{"op_1", 2, "5100", 1, true},
		{"op_16", 2, "60", 16, true},
		{"op_0", 2, "00", 0, true},
		{"one byte", 2, "0111", 17, true},
		{"two bytes", 4, "02ff00", 255, true},
		{"three bytes", 0x20000000, "037f4f06", 413567, true},
		{"version 1", 1, "037f4f06", 0, false},
		{"negative", 2, "0181", 0, false},
		{"non-minimal", 2, "020100", 0, false},
		{"small as push", 2, "0105", 0, false},
		{"truncated", 2, "03ffff", 0, false},
		{"pushdata1", 2, "4c0111", 0, false},
		{"empty", 2, "", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &primitives.Block{
				Header: primitives.Header{Version: tc.version},
				Txs:    []*primitives.Tx{{Inputs: []primitives.TxIn{{ScriptSig: mustHex(t, tc.script)}}}},
			}
			got, ok := CoinbaseHeight(b)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestTargetHex(t *testing.T) {
	tests := []struct {
		name string
		bits uint32
		want string
		ok   bool
	}{
		{"genesis", 0x1d00ffff, "00000000ffff0000000000000000000000000000000000000000000000000000", true},
		{"small exponent", 0x03123456, "0000000000000000000000000000000000000000000000000000000000123456", true},
		{"exponent 1", 0x01123456, "0000000000000000000000000000000000000000000000000000000000000012", true},
		{"negative", 0x04923456, "", false},
		{"zero", 0x00000000, "", false},
		{"overflow", 0xff123456, "", false},
		{"max", 0x2100ffff, "ffff000000000000000000000000000000000000000000000000000000000000", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := TargetHex(tc.bits, nil)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %q, %v", got, ok)
			}
		})
	}
	lim, _, _ := CompactToTarget(0x1d00ffff)
	if _, ok := TargetHex(0x1d01ffff, lim); ok {
		t.Error("target above powLimit accepted")
	}
}

func BenchmarkBlockView413567Verbosity2(b *testing.B) {
	blk := loadBlock413567(b)
	params := chaincfg.MainNet()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		v := NewBlockView(blk, params, VerbosityTxs, nil)
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
