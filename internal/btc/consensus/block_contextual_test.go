package consensus

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/testdata"
)

func TestContextualCheckBlockHeader(t *testing.T) {
	const now = 1_700_000_000
	// A mainnet-like chain of 30 blocks at difficulty 1, 600 s apart, ending
	// shortly before now.
	mainChain := func() *testChain { return newTestChain(30, 0x1d00ffff, now-30*600, 600) }
	hdr := func(c *testChain, version int32, dt int64) *primitives.Header {
		return &primitives.Header{Version: version, Bits: 0x1d00ffff, Timestamp: uint32(c.tip().time + dt)}
	}
	tests := []struct {
		name   string
		params func() *chaincfg.Params
		chain  func() *testChain
		header func(c *testChain) *primitives.Header
		want   ErrorKind
		reason string
	}{
		{"valid", chaincfg.MainNet, mainChain, func(c *testChain) *primitives.Header { return hdr(c, 1, 600) }, "", ""},
		{"bad-diffbits", chaincfg.MainNet, mainChain, func(c *testChain) *primitives.Header {
			h := hdr(c, 1, 600)
			h.Bits = 0x1c00ffff
			return h
		}, ErrBadDiffBits, ""},
		{"time-too-old: equal to MTP", chaincfg.MainNet, mainChain, func(c *testChain) *primitives.Header {
			h := hdr(c, 1, 0)
			h.Timestamp = uint32(MedianTimePast(c.tip()))
			return h
		}, ErrTimeTooOld, ""},
		{"MTP plus one is fine", chaincfg.MainNet, mainChain, func(c *testChain) *primitives.Header {
			h := hdr(c, 1, 0)
			h.Timestamp = uint32(MedianTimePast(c.tip()) + 1)
			return h
		}, "", ""},
		{"time-too-new", chaincfg.MainNet, mainChain, func(c *testChain) *primitives.Header {
			h := hdr(c, 1, 0)
			h.Timestamp = now + MaxFutureBlockTime + 1
			return h
		}, ErrTimeTooNew, ""},
		{"two hours ahead is fine", chaincfg.MainNet, mainChain, func(c *testChain) *primitives.Header {
			h := hdr(c, 1, 0)
			h.Timestamp = now + MaxFutureBlockTime
			return h
		}, "", ""},
		{"bad-version after BIP34", bip34At(30), mainChain, func(c *testChain) *primitives.Header { return hdr(c, 1, 600) },
			ErrBadVersion, "bad-version(0x00000001)"},
		{"version 2 after BIP34", bip34At(30), mainChain, func(c *testChain) *primitives.Header { return hdr(c, 2, 600) }, "", ""},
		{"bad-version after BIP66", deploymentAt(chaincfg.DeploymentDERSig, 30), mainChain,
			func(c *testChain) *primitives.Header { return hdr(c, 2, 600) }, ErrBadVersion, "bad-version(0x00000002)"},
		{"bad-version after BIP65", deploymentAt(chaincfg.DeploymentCLTV, 30), mainChain,
			func(c *testChain) *primitives.Header { return hdr(c, 3, 600) }, ErrBadVersion, "bad-version(0x00000003)"},
		{"negative version", deploymentAt(chaincfg.DeploymentCLTV, 30), mainChain,
			func(c *testChain) *primitives.Header { return hdr(c, -1, 600) }, ErrBadVersion, "bad-version(0xffffffff)"},
		{"BIP65 not yet active", deploymentAt(chaincfg.DeploymentCLTV, 31), mainChain,
			func(c *testChain) *primitives.Header { return hdr(c, 3, 600) }, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.chain()
			err := ContextualCheckBlockHeader(tc.header(c), c.tip(), tc.params(), now)
			wantRule(t, err, tc.want)
			if tc.reason != "" {
				if got := err.(*RuleError).Reason(); got != tc.reason {
					t.Fatalf("reason %q, want %q", got, tc.reason)
				}
			}
		})
	}
}

func bip34At(h int32) func() *chaincfg.Params {
	return deploymentAt(chaincfg.DeploymentHeightInCB, h)
}

// deploymentAt returns mainnet parameters with only d active, from h.
func deploymentAt(d chaincfg.Deployment, h int32) func() *chaincfg.Params {
	return func() *chaincfg.Params {
		p := chaincfg.MainNet()
		p.SetActivationHeight(d, h)
		return p
	}
}

// TestTimewarpBIP94 checks testnet4's rule on the first block of a period.
func TestTimewarpBIP94(t *testing.T) {
	const now = 1_800_000_000
	// Heights 0..2015 with the last block far ahead of the others' median.
	build := func() *testChain {
		c := newTestChain(2016, 0x1d00ffff, 1_714_777_860, 600)
		c.nodes[2015].time += 10000
		return c
	}
	tests := []struct {
		name   string
		p      func() *chaincfg.Params
		height int // blocks in the chain before the new one
		dt     int64
		want   ErrorKind
	}{
		{"600 s before the parent", chaincfg.TestNet4, 2016, -MaxTimewarp, ""},
		{"601 s before the parent", chaincfg.TestNet4, 2016, -MaxTimewarp - 1, ErrTimewarpAttack},
		{"not the first block of a period", chaincfg.TestNet4, 2015, -MaxTimewarp - 1, ""},
		{"testnet3 has no such rule", chaincfg.TestNet3, 2016, -MaxTimewarp - 1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p()
			c := build()
			c.nodes = c.nodes[:tc.height]
			prev := c.tip()
			h := &primitives.Header{Version: 4, Timestamp: uint32(prev.time + tc.dt)}
			h.Bits = GetNextWorkRequired(p, prev, int64(h.Timestamp))
			wantRule(t, ContextualCheckBlockHeader(h, prev, p, now), tc.want)
		})
	}
}

func TestContextualCheckBlock(t *testing.T) {
	rt := chaincfg.RegTest
	const base = 1_600_000_000
	chain := func() *testChain { return newTestChain(10, 0x207fffff, base, 600) } // heights 0..9
	block := func(c *testChain, txs ...*primitives.Tx) *primitives.Block {
		all := append([]*primitives.Tx{coinbaseTx(c.tip().height+1, 50*COIN)}, txs...)
		return newBlock(chainhashOf(c.tip().height), uint32(c.tip().time+600), 0x207fffff, all...)
	}
	lockTx := func(lockTime uint32, seq uint32) *primitives.Tx {
		tx := spendTx(primitives.OutPoint{Hash: chainhashOf(1)}, 1)
		tx.LockTime = lockTime
		tx.Inputs[0].Sequence = seq
		return tx
	}
	witnessTx := func() *primitives.Tx {
		tx := spendTx(primitives.OutPoint{Hash: chainhashOf(2)}, 1)
		tx.Inputs[0].Witness = [][]byte{{1, 2, 3}}
		return tx
	}
	tests := []struct {
		name   string
		params func() *chaincfg.Params
		block  func(c *testChain) *primitives.Block
		want   ErrorKind
	}{
		{"valid", rt, func(c *testChain) *primitives.Block { return block(c) }, ""},
		{"height lock satisfied", rt, func(c *testChain) *primitives.Block { return block(c, lockTx(9, 0)) }, ""},
		{"bad-txns-nonfinal: height lock", rt, func(c *testChain) *primitives.Block { return block(c, lockTx(10, 0)) }, ErrBadTxnsNonFinal},
		{"final sequences ignore the lock", rt, func(c *testChain) *primitives.Block {
			return block(c, lockTx(10, primitives.SequenceFinal))
		}, ""},
		{"bad-txns-nonfinal: time lock at MTP", rt, func(c *testChain) *primitives.Block {
			return block(c, lockTx(uint32(MedianTimePast(c.tip())), 0))
		}, ErrBadTxnsNonFinal},
		{"time lock below MTP", rt, func(c *testChain) *primitives.Block {
			return block(c, lockTx(uint32(MedianTimePast(c.tip())-1), 0))
		}, ""},
		{"before CSV the block time is the cutoff", csvAt(100), func(c *testChain) *primitives.Block {
			return block(c, lockTx(uint32(MedianTimePast(c.tip())+1), 0))
		}, ""},
		{"before CSV: lock at the block time", csvAt(100), func(c *testChain) *primitives.Block {
			return block(c, lockTx(uint32(c.tip().time+600), 0))
		}, ErrBadTxnsNonFinal},
		{"bad-cb-height", rt, func(c *testChain) *primitives.Block {
			b := block(c)
			b.Txs[0].Inputs[0].ScriptSig = []byte{0x01, 0x0b, 0x00} // height 11, not 10
			return remerkle(b)
		}, ErrBadCbHeight},
		{"bad-cb-height: OP_10 required, not a push", rt, func(c *testChain) *primitives.Block {
			b := block(c)
			b.Txs[0].Inputs[0].ScriptSig = []byte{0x01, 0x0a, 0x00}
			return remerkle(b)
		}, ErrBadCbHeight},
		{"no height rule before BIP34", func() *chaincfg.Params {
			p := chaincfg.RegTest()
			p.BIP34Height = 100
			return p
		}, func(c *testChain) *primitives.Block {
			b := block(c)
			b.Txs[0].Inputs[0].ScriptSig = []byte{0x00, 0x00}
			return remerkle(b)
		}, ""},
		{"witness with commitment", rt, func(c *testChain) *primitives.Block { return addWitnessCommitment(block(c, witnessTx())) }, ""},
		{"unexpected-witness: no commitment", rt, func(c *testChain) *primitives.Block { return block(c, witnessTx()) }, ErrUnexpectedWitness},
		{"unexpected-witness: segwit inactive", segwitAt(100), func(c *testChain) *primitives.Block {
			return addWitnessCommitment(block(c, witnessTx()))
		}, ErrUnexpectedWitness},
		{"commitment without witnesses, segwit inactive", segwitAt(100), func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c))
			b.Txs[0].Inputs[0].Witness = nil
			return remerkle(b)
		}, ""},
		{"bad-witness-nonce-size: missing", rt, func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c, witnessTx()))
			b.Txs[0].Inputs[0].Witness = nil
			return b
		}, ErrBadWitnessNonceSize},
		{"bad-witness-nonce-size: 31 bytes", rt, func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c, witnessTx()))
			b.Txs[0].Inputs[0].Witness = [][]byte{make([]byte, 31)}
			return b
		}, ErrBadWitnessNonceSize},
		{"bad-witness-nonce-size: two items", rt, func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c, witnessTx()))
			b.Txs[0].Inputs[0].Witness = append(b.Txs[0].Inputs[0].Witness, nil)
			return b
		}, ErrBadWitnessNonceSize},
		{"bad-witness-merkle-match: changed witness", rt, func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c, witnessTx()))
			b.Txs[1].Inputs[0].Witness[0][0] ^= 1
			return b
		}, ErrBadWitnessMerkleMatch},
		{"bad-witness-merkle-match: other reserved value", rt, func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c, witnessTx()))
			b.Txs[0].Inputs[0].Witness[0][0] = 1
			return b
		}, ErrBadWitnessMerkleMatch},
		{"last commitment counts", rt, func(c *testChain) *primitives.Block {
			b := addWitnessCommitment(block(c, witnessTx()))
			cb := b.Txs[0]
			good := cb.Outputs[len(cb.Outputs)-1]
			bogus := primitives.TxOut{ScriptPubKey: primitives.WitnessCommitmentScript(chainhashOf(99))}
			cb.Outputs = append(cb.Outputs[:len(cb.Outputs)-1], good, bogus)
			return remerkle(b)
		}, ErrBadWitnessMerkleMatch},
		{"bad-blk-weight", rt, func(c *testChain) *primitives.Block {
			tx := witnessTx()
			tx.Inputs[0].Witness = [][]byte{make([]byte, MaxBlockWeight)}
			return addWitnessCommitment(block(c, tx))
		}, ErrBadBlkWeight},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := chain()
			wantRule(t, ContextualCheckBlock(tc.block(c), c.tip(), tc.params()), tc.want)
		})
	}
}

func csvAt(h int32) func() *chaincfg.Params {
	return func() *chaincfg.Params {
		p := chaincfg.RegTest()
		p.CSVHeight = h
		return p
	}
}

func segwitAt(h int32) func() *chaincfg.Params {
	return func() *chaincfg.Params {
		p := chaincfg.RegTest()
		p.SegwitHeight = h
		return p
	}
}

func chainhashOf(n int32) (h [32]byte) {
	h[0], h[1], h[2] = byte(n), byte(n>>8), 0xcc
	return h
}

func TestIsFinalTx(t *testing.T) {
	tx := func(lock uint32, seqs ...uint32) *primitives.Tx {
		t := &primitives.Tx{LockTime: lock}
		for _, s := range seqs {
			t.Inputs = append(t.Inputs, primitives.TxIn{Sequence: s})
		}
		return t
	}
	const fin = primitives.SequenceFinal
	tests := []struct {
		name   string
		tx     *primitives.Tx
		height int32
		time   int64
		want   bool
	}{
		{"zero lock", tx(0, 0), 1, 1, true},
		{"height below", tx(99, 0), 100, 0, true},
		{"height equal", tx(100, 0), 100, 0, false},
		{"height equal, final", tx(100, fin, fin), 100, 0, true},
		{"height equal, one not final", tx(100, fin, 0), 100, 0, false},
		{"time below", tx(LockTimeThreshold+5, 0), 1, LockTimeThreshold + 6, true},
		{"time equal", tx(LockTimeThreshold+5, 0), 1, LockTimeThreshold + 5, false},
		{"time lock ignores height", tx(LockTimeThreshold, 0), 1 << 30, 0, false},
		{"height lock ignores time", tx(LockTimeThreshold-1, 0), 10, 1 << 40, false},
		{"max lock", tx(0xffffffff, 0), 1, 1 << 40, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsFinalTx(tc.tx, tc.height, tc.time); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

// TestRealRegtestChains runs every context-free and contextual block and
// header check over real Core-mined regtest chains: py-bitcoinkernel's 206
// blocks (segwit and taproot spends) and rpc_getblockstats.json's 103.
func TestRealRegtestChains(t *testing.T) {
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
	var stats []*primitives.Block
	for _, h := range doc.Blocks[1:] {
		b, _ := hex.DecodeString(h)
		blk, err := primitives.DecodeBlock(b)
		if err != nil {
			t.Fatal(err)
		}
		stats = append(stats, blk)
	}
	for name, blocks := range map[string][]*primitives.Block{"py-bitcoinkernel": kernelBlocks(t), "rpc_getblockstats": stats} {
		t.Run(name, func(t *testing.T) {
			p := chaincfg.RegTest()
			checkChain(t, p, blocks)
			t.Logf("%d blocks pass", len(blocks))
		})
	}
}

// TestRealMainNetContextual runs the contextual checks over mainnet blocks
// 1-438.
func TestRealMainNetContextual(t *testing.T) {
	blocks := bitcoinjBlocks(t)
	checkChain(t, chaincfg.MainNet(), blocks[1:])
}

// checkChain validates blocks (heights 1..) on top of p's genesis.
func checkChain(t *testing.T, p *chaincfg.Params, blocks []*primitives.Block) {
	t.Helper()
	c := &testChain{}
	c.add(p.GenesisBlock.Header.Bits, int64(p.GenesisBlock.Header.Timestamp))
	prevHash := p.GenesisHash
	for i, b := range blocks {
		h := int32(i + 1)
		if b.Header.PrevBlock != prevHash {
			t.Fatalf("height %d does not extend the chain", h)
		}
		if err := CheckBlock(b, p, BFNone); err != nil {
			t.Fatalf("height %d: CheckBlock: %v", h, err)
		}
		if err := ContextualCheckBlockHeader(&b.Header, c.tip(), p, 2_000_000_000); err != nil {
			t.Fatalf("height %d: ContextualCheckBlockHeader: %v", h, err)
		}
		if err := ContextualCheckBlock(b, c.tip(), p); err != nil {
			t.Fatalf("height %d: ContextualCheckBlock: %v", h, err)
		}
		if err := CheckCoinbaseAmount(b.Txs[0], h, 0, p); err != nil && len(b.Txs) == 1 {
			t.Fatalf("height %d: %v", h, err)
		}
		c.add(b.Header.Bits, int64(b.Header.Timestamp))
		prevHash = b.BlockHash()
	}
}
