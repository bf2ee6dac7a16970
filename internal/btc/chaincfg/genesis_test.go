package chaincfg

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

// TestGenesisBlocks checks every network's genesis block against the hash and
// merkle root Core's chainparams.cpp asserts.
func TestGenesisBlocks(t *testing.T) {
	tests := []struct {
		name   string
		params func() *Params
		hash   string
		merkle string
	}{
		{"main", MainNet, "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"},
		{"test", TestNet3, "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"},
		{"testnet4", TestNet4, "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043", "7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e"},
		{"signet", SigNet, "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"},
		{"regtest", RegTest, "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.params()
			if got := p.GenesisHash.String(); got != tc.hash {
				t.Fatalf("genesis hash %s, want %s", got, tc.hash)
			}
			if got := p.GenesisBlock.BlockHash(); got != p.GenesisHash {
				t.Fatalf("GenesisHash %s does not match the block's %s", p.GenesisHash, got)
			}
			if got := p.GenesisBlock.Header.MerkleRoot.String(); got != tc.merkle {
				t.Fatalf("merkle root %s, want %s", got, tc.merkle)
			}
			if root, mutated := p.GenesisBlock.MerkleRoot(); root != p.GenesisBlock.Header.MerkleRoot || mutated {
				t.Fatalf("computed merkle root %s (mutated %v)", root, mutated)
			}
			if p.GenesisBlock.Header.Bits != p.PowLimitBits {
				// Every genesis uses the network's minimum difficulty.
				t.Fatalf("genesis bits %08x, pow limit bits %08x", p.GenesisBlock.Header.Bits, p.PowLimitBits)
			}
			// The block round-trips through the decoder.
			dec, err := primitives.DecodeBlock(p.GenesisBlock.Bytes())
			if err != nil || dec.BlockHash() != p.GenesisHash {
				t.Fatalf("decode: %v", err)
			}
		})
	}
}

// TestGenesisBytesMainNet compares the mainnet genesis with the first record
// of a real blk0001.dat (bitcoinj's first-100k-blocks.dat).
func TestGenesisBytesMainNet(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoinj", "first-100k-blocks.dat"))
	if err != nil {
		t.Fatal(err)
	}
	p := MainNet()
	if !bytes.Equal(raw[:4], p.NetMagic[:]) {
		t.Fatalf("magic %x", raw[:4])
	}
	n := binary.LittleEndian.Uint32(raw[4:8])
	if got := raw[8 : 8+n]; !bytes.Equal(got, p.GenesisBlock.Bytes()) {
		t.Fatalf("genesis bytes differ:\n got %x\nwant %x", p.GenesisBlock.Bytes(), got)
	}
}

// TestGenesisBytesRegTest compares the regtest genesis with the first block of
// Core's rpc_getblockstats.json regtest chain.
func TestGenesisBytesRegTest(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_getblockstats.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Blocks []string `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	want, err := hex.DecodeString(doc.Blocks[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := RegTest().GenesisBlock.Bytes(); !bytes.Equal(got, want) {
		t.Fatalf("regtest genesis bytes differ:\n got %x\nwant %x", got, want)
	}
}
