package ethtypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/rlp"
	"github.com/twinchain/twinchain/internal/testdata"
)

// btHeaderHash is the part of a BlockchainTests header this test reads.
type btHeaderHash struct {
	Hash string `json:"hash"`
}

// btBlockVec is a block of a BlockchainTests test, with its header's hash.
type btBlockVec struct {
	RLP             string        `json:"rlp"`
	ExpectException string        `json:"expectException"`
	Header          *btHeaderHash `json:"blockHeader"`
}

// blockVectors returns the genesis and block RLPs of every BlockchainTests
// file with the header hash the test states ("" when none).
func blockVectors(t testing.TB, dir string) (raws [][]byte, hashes []string) {
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			files = append(files, p)
		}
		return nil
	})
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var tests map[string]struct {
			GenesisRLP string       `json:"genesisRLP"`
			Genesis    btHeaderHash `json:"genesisBlockHeader"`
			Blocks     []btBlockVec `json:"blocks"`
		}
		if err := json.Unmarshal(data, &tests); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, tc := range tests {
			raws = append(raws, decodeHexString(t, tc.GenesisRLP))
			hashes = append(hashes, tc.Genesis.Hash)
			for _, b := range tc.Blocks {
				raws = append(raws, decodeHexString(t, b.RLP))
				h := ""
				if b.Header != nil {
					h = b.Header.Hash
				}
				hashes = append(hashes, h)
			}
		}
	}
	return raws, hashes
}

// TestBlockVectors decodes every block of the shared BlockchainTests,
// checks the header hash the test states and re-encodes the block.
func TestBlockVectors(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "BlockchainTests")
	raws, hashes := blockVectors(t, dir)
	decoded := 0
	for i, raw := range raws {
		b, err := DecodeBlock(raw)
		if err != nil {
			if hashes[i] != "" {
				t.Errorf("block %d: %v", i, err)
			}
			continue
		}
		decoded++
		if hashes[i] != "" && b.Hash().Hex() != hashes[i] {
			t.Errorf("block %d: hash %s, want %s", i, b.Hash(), hashes[i])
		}
		if h := b.Header.Hash(); h != b.Hash() {
			t.Errorf("block %d: Header.Hash %s != Block.Hash %s", i, h, b.Hash())
		}
		if enc := b.AppendRLP(nil); !bytes.Equal(enc, raw) {
			t.Errorf("block %d: re-encoding differs", i)
		}
		if nb := NewBlock(b.Header, b.Txs, b.Uncles, b.Withdrawals); nb.Hash() != b.Hash() {
			t.Errorf("block %d: NewBlock hash differs", i)
		}
	}
	if decoded < 400 {
		t.Errorf("only %d blocks decoded", decoded)
	}
	t.Logf("%d of %d block encodings decoded and round-tripped", decoded, len(raws))
}

// sampleHeader returns a Cancun header with every field set.
func sampleHeader() *Header {
	bf := uint256.NewInt(7)
	wh, pbr := Hash{1}, Hash{2}
	used, excess := uint64(131072), uint64(0)
	h := &Header{
		ParentHash: Hash{3}, UncleHash: EmptyUncleHash, Coinbase: Address{4}, Root: Hash{5},
		TxHash: EmptyRootHash, ReceiptHash: EmptyRootHash, Number: 1, GasLimit: 30_000_000,
		GasUsed: 21000, Time: 12, Extra: []byte("x"), BaseFee: bf, WithdrawalsHash: &wh,
		BlobGasUsed: &used, ExcessBlobGas: &excess, ParentBeaconRoot: &pbr,
	}
	h.Bloom[3] = 1
	h.Difficulty.SetUint64(0x20000)
	return h
}

// TestHeaderOptionalFields encodes headers of each fork's shape and
// decodes them back.
func TestHeaderOptionalFields(t *testing.T) {
	full := sampleHeader()
	tests := []struct {
		name string
		trim func(h *Header)
		n    int // elements in the encoding
	}{
		{"cancun", func(*Header) {}, 20},
		{"shanghai", func(h *Header) { h.BlobGasUsed, h.ExcessBlobGas, h.ParentBeaconRoot = nil, nil, nil }, 17},
		{"london", func(h *Header) {
			h.WithdrawalsHash, h.BlobGasUsed, h.ExcessBlobGas, h.ParentBeaconRoot = nil, nil, nil, nil
		}, 16},
		{"frontier", func(h *Header) { *h = Header{Number: 1, Extra: nil} }, 15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := *full
			tc.trim(&h)
			enc := h.AppendRLP(nil)
			if n, err := rlp.CountValues(listContent(t, enc)); err != nil || n != tc.n {
				t.Fatalf("%d elements (%v), want %d", n, err, tc.n)
			}
			got, err := DecodeHeader(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.AppendRLP(nil), enc) || got.Hash() != h.Hash() {
				t.Fatal("round trip differs")
			}
		})
	}
}

// listContent returns the content of an RLP list.
func listContent(t *testing.T, b []byte) []byte {
	c, rest, err := rlp.SplitList(b)
	if err != nil || len(rest) != 0 {
		t.Fatalf("not one list: %v", err)
	}
	return c
}

// TestDecodeHeaderErrors checks the rejection of malformed headers.
func TestDecodeHeaderErrors(t *testing.T) {
	good := sampleHeader().AppendRLP(nil)
	content := listContent(t, good)
	relist := func(c []byte) []byte { return append(rlp.AppendListHeader(nil, len(c)), c...) }
	short := sampleHeader()
	short.ParentHash = Hash{}
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"not a list", []byte{0x80}},
		{"trailing bytes", append(append([]byte{}, good...), 0x80)},
		{"parent hash too short", relist(append([]byte{0x9f}, content[1:]...))},
		{"extra field", relist(append(append([]byte{}, content...), 0x80))},
		{"blob gas used without excess", relist(content[:len(content)-33-1])},
		{"too few fields", relist(content[:33])},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeHeader(tc.b)
			if !errors.Is(err, ErrBlockDecode) {
				t.Fatalf("err %v, want ErrBlockDecode", err)
			}
		})
	}
}

// TestReceiptEncoding round-trips receipts of each shape and checks the
// typed envelope and the bloom.
func TestReceiptEncoding(t *testing.T) {
	logs := []Log{{Address: Address{1}, Topics: []Hash{{2}, {3}}, Data: []byte{4, 5}}}
	tests := []struct {
		name string
		r    Receipt
	}{
		{"legacy success", Receipt{Status: ReceiptStatusSuccessful, CumulativeGasUsed: 21000}},
		{"legacy failed", Receipt{Status: ReceiptStatusFailed, CumulativeGasUsed: 1}},
		{"post state", Receipt{PostState: make([]byte, 32), CumulativeGasUsed: 5}},
		{"dynamic fee with logs", Receipt{Type: DynamicFeeTxType, Status: 1, CumulativeGasUsed: 50000, Logs: logs, Bloom: LogsBloom(logs)}},
		{"blob", Receipt{Type: BlobTxType, Status: 1, CumulativeGasUsed: 1 << 40}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc := tc.r.AppendConsensus(nil)
			if tc.r.Type != LegacyTxType && enc[0] != tc.r.Type {
				t.Fatalf("type byte %x", enc[0])
			}
			got, err := DecodeReceipt(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.AppendConsensus(nil), enc) {
				t.Fatal("round trip differs")
			}
			for _, l := range tc.r.Logs {
				if !got.Bloom.Test(l.Address[:]) || !got.Bloom.Test(l.Topics[0][:]) {
					t.Fatal("bloom misses a log value")
				}
			}
		})
	}
	if _, err := DecodeReceipt([]byte{0x05, 0xc0}); !errors.Is(err, ErrBlockDecode) {
		t.Errorf("unknown type: %v", err)
	}
}

// TestBloom checks the bit positions against the rule of the yellow
// paper: the low 11 bits of the first three byte pairs of keccak256.
func TestBloom(t *testing.T) {
	var b Bloom
	v := []byte("twinchain")
	b.Add(v)
	h := Keccak256Hash(v)
	set := 0
	for i := 0; i < 6; i += 2 {
		bit := (uint(h[i])<<8 | uint(h[i+1])) % 2048
		if b[255-bit/8]&(1<<(bit%8)) == 0 {
			t.Fatalf("bit %d not set", bit)
		}
	}
	for _, x := range b {
		for ; x != 0; x &= x - 1 {
			set++
		}
	}
	if set < 1 || set > 3 || !b.Test(v) {
		t.Fatalf("%d bits set", set)
	}
	var empty Bloom
	if empty.Test(v) {
		t.Fatal("empty bloom matches")
	}
}
