package blockchain

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
)

// TestImportBitcoinj connects bitcoinj's mainnet blocks 0-438 with mainnet
// parameters and full validation.
func TestImportBitcoinj(t *testing.T) {
	p := chaincfg.MainNet()
	blocks := blkRecords(t, readVector(t, "bitcoinj", "first-100k-blocks.dat"), p.NetMagic)
	if len(blocks) != 439 {
		t.Fatalf("%d records, want 439", len(blocks))
	}
	c := openChain(t, p, t.TempDir(), nil)
	processAll(t, c, blocks)
	checkTip(t, c, 438, mustHash(t, "0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a"))
}

// TestImportBtcdBlocks connects btcd's mainnet blocks 1-255.
func TestImportBtcdBlocks(t *testing.T) {
	p := chaincfg.MainNet()
	blocks := blkRecords(t, readVector(t, "btcd", "database", "blocks1-256.bz2"), p.NetMagic)
	if len(blocks) != 255 {
		t.Fatalf("%d records, want 255", len(blocks))
	}
	c := openChain(t, p, t.TempDir(), nil)
	processAll(t, c, blocks)
	checkTip(t, c, 255, mustHash(t, "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c"))
}

// TestBtcdReorg feeds btcd's reorg set: blocks 0-4, then the competing
// 3A, 4A and 5A, which must win (coinbase maturity 1, as btcd's tests).
func TestBtcdReorg(t *testing.T) {
	p := chaincfg.MainNet()
	p.CoinbaseMaturity = 1
	dir := t.TempDir()
	c := openChain(t, p, dir, nil)
	var disconnected, connected int
	unsub := c.Subscribe(func(n Notification) {
		switch n.Type {
		case NTBlockConnected:
			connected++
		case NTBlockDisconnected:
			disconnected++
		}
	})
	defer unsub()
	processAll(t, c, blkRecords(t, readVector(t, "btcd", "blockchain", "blk_0_to_4.dat.bz2"), p.NetMagic))
	checkTip(t, c, 4, mustHash(t, "000000002f264d6504013e73b9c913de9098d4d771c1bb219af475d2a01b128e"))
	for _, f := range []string{"blk_3A.dat.bz2", "blk_4A.dat.bz2", "blk_5A.dat.bz2"} {
		processAll(t, c, blkRecords(t, readVector(t, "btcd", "blockchain", f), p.NetMagic))
	}
	want := mustHash(t, "00000000195f85184e77c18914bd0febd11278d950f5e4731a38f71ed79f044e")
	checkTip(t, c, 5, want)
	if disconnected != 2 || connected != 4+3 {
		t.Errorf("notifications: %d connected, %d disconnected; want 7 and 2", connected, disconnected)
	}
	before, _ := utxoHash(t, c)
	closeChain(t, c)

	// The same set imported in the order 0-2, 3A-5A, then 3 and 4 (less
	// work: stored, not connected) gives the same UTXO set.
	c2 := openChain(t, p, t.TempDir(), nil)
	all := blkRecords(t, readVector(t, "btcd", "blockchain", "blk_0_to_4.dat.bz2"), p.NetMagic)
	processAll(t, c2, all[:3])
	for _, f := range []string{"blk_3A.dat.bz2", "blk_4A.dat.bz2", "blk_5A.dat.bz2"} {
		processAll(t, c2, blkRecords(t, readVector(t, "btcd", "blockchain", f), p.NetMagic))
	}
	processAll(t, c2, all[3:])
	checkTip(t, c2, 5, want)
	if after, _ := utxoHash(t, c2); after != before {
		t.Errorf("UTXO hash %s after the other order, want %s", after, before)
	}
	if tips := c2.ChainTips(); len(tips) != 2 {
		t.Errorf("%d chain tips, want 2: %+v", len(tips), tips)
	}
}

// TestImportGetblockstats connects the 104 regtest blocks (genesis
// included) of Core's rpc_getblockstats.json.
func TestImportGetblockstats(t *testing.T) {
	var v struct {
		Blocks []string `json:"blocks"`
	}
	if err := json.Unmarshal(readVector(t, "bitcoin-core", "rpc_getblockstats.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Blocks) != 104 {
		t.Fatalf("%d blocks, want 104", len(v.Blocks))
	}
	var blocks [][]byte
	for _, h := range v.Blocks {
		raw, err := hex.DecodeString(h)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, raw)
	}
	c := openChain(t, chaincfg.RegTest(), t.TempDir(), nil)
	processAll(t, c, blocks)
	checkTip(t, c, 103, mustHash(t, "7474991c2ae3c94c4813d75b4c752028304b773dd4dce8d460dfa2d1e7b542a3"))
}

// kernelBlocks returns py-bitcoinkernel's 206 regtest blocks.
func kernelBlocks(t testing.TB) [][]byte {
	t.Helper()
	blocks := hexLines(t, readVector(t, "py-bitcoinkernel", "blocks.txt"))
	if len(blocks) != 206 {
		t.Fatalf("%d blocks, want 206", len(blocks))
	}
	return blocks
}

var kernelTip = "3de082158b117acd088306c395d09771bb7cbf0b7355796c1b1e0bd748ef9bed"

// TestImportKernelRestart connects py-bitcoinkernel's 206 regtest blocks
// (witness and taproot spends), then reopens the data directory: the tip
// and the UTXO set statistics must be the same, and so after a reindex and
// a reindex of the chainstate.
func TestImportKernelRestart(t *testing.T) {
	p := chaincfg.RegTest()
	dir := t.TempDir()
	c := openChain(t, p, dir, nil)
	processAll(t, c, kernelBlocks(t))
	tip := mustHash(t, kernelTip)
	checkTip(t, c, 206, tip)
	want, _, err := c.UTXOStats(utxoset.HashSerialized | utxoset.HashMuHash)
	if err != nil {
		t.Fatal(err)
	}
	closeChain(t, c)

	for _, tc := range []struct {
		name string
		mod  func(*Options)
	}{
		{"restart", nil},
		{"reindex", func(o *Options) { o.Reindex = true }},
		{"reindex-chainstate", func(o *Options) { o.ReindexChainstate = true }},
		{"restart-after-reindex", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := openChain(t, p, dir, tc.mod)
			checkTip(t, c, 206, tip)
			got, h, err := c.UTXOStats(utxoset.HashSerialized | utxoset.HashMuHash)
			if err != nil {
				t.Fatal(err)
			}
			if h != 206 || *got != *want {
				t.Errorf("stats at %d: %+v\nwant %+v", h, got, want)
			}
			closeChain(t, c)
		})
	}
}

// TestTxIndex imports the kernel chain with -txindex and reads every
// transaction back; switching the option off later needs a reindex.
func TestTxIndex(t *testing.T) {
	p := chaincfg.RegTest()
	dir := t.TempDir()
	c := openChain(t, p, dir, func(o *Options) { o.TxIndex = true })
	blocks := kernelBlocks(t)
	processAll(t, c, blocks)
	for _, raw := range blocks {
		blk, err := primitives.DecodeBlock(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range blk.Txs {
			got, in, err := c.TxByID(tx.TxHash())
			if err != nil || in != blk.BlockHash() || got.WitnessHash() != tx.WitnessHash() {
				t.Fatalf("tx %s: %v in %s", tx.TxHash(), err, in)
			}
		}
	}
	closeChain(t, c)
	if _, err := openChainErr(p, dir, nil); !errors.Is(err, ErrNeedReindex) {
		t.Fatalf("turning -txindex off: %v, want ErrNeedReindex", err)
	}
	c = openChain(t, p, dir, func(o *Options) { o.Reindex = true })
	checkTip(t, c, 206, mustHash(t, kernelTip))
}
