package consensus

import (
	"bytes"
	"compress/bzip2"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

// validRegtestBlock returns a solved regtest block at height 1 with a
// coinbase and two spends.
func validRegtestBlock() *primitives.Block {
	p := chaincfg.RegTest()
	a := spendTx(primitives.OutPoint{Hash: chainhash.Hash{1}}, 1000)
	b := spendTx(primitives.OutPoint{Hash: chainhash.Hash{2}}, 2000)
	return newBlock(p.GenesisHash, 1296688700, 0x207fffff, coinbaseTx(1, 50*COIN), a, b)
}

// remerkle recomputes the merkle root and re-solves b.
func remerkle(b *primitives.Block) *primitives.Block {
	b.Header.MerkleRoot, _ = b.MerkleRoot()
	return solve(b)
}

func TestCheckBlock(t *testing.T) {
	rt := chaincfg.RegTest()
	tests := []struct {
		name  string
		block func() *primitives.Block
		p     *chaincfg.Params
		flags BehaviorFlags
		want  ErrorKind
	}{
		{"valid", validRegtestBlock, rt, BFNone, ""},
		{"high-hash: mainnet difficulty", validRegtestBlock, chaincfg.MainNet(), BFNone, ErrHighHash},
		{"high-hash: bits above the limit", func() *primitives.Block {
			b := validRegtestBlock()
			b.Header.Bits = 0x2100ffff
			return b
		}, rt, BFNone, ErrHighHash},
		{"high-hash: hash above target", func() *primitives.Block {
			b := validRegtestBlock()
			target, _, _ := CompactToTarget(b.Header.Bits)
			for {
				h := b.Header.BlockHash()
				if v := HashToUint256(&h); v.Gt(&target) {
					return b
				}
				b.Header.Nonce++
			}
		}, rt, BFNone, ErrHighHash},
		{"no PoW check", func() *primitives.Block {
			b := validRegtestBlock()
			b.Header.Bits = 0x1d00ffff
			return b
		}, rt, BFNoPoWCheck, ""},
		{"bad-txnmrklroot", func() *primitives.Block {
			b := validRegtestBlock()
			b.Header.MerkleRoot[0] ^= 1
			return solve(b)
		}, rt, BFNone, ErrBadTxnMrklRoot},
		{"no merkle check", func() *primitives.Block {
			b := validRegtestBlock()
			b.Header.MerkleRoot[0] ^= 1
			return solve(b)
		}, rt, BFNoMerkleCheck, ""},
		{"bad-txns-duplicate", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs = append(b.Txs, b.Txs[2]) // [cb, a, b, b] has the root of [cb, a, b]
			return solve(b)
		}, rt, BFNone, ErrBadTxnsDuplicate},
		{"bad-blk-length: no transactions", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs = nil
			return remerkle(b)
		}, rt, BFNone, ErrBadBlkLength},
		{"bad-blk-length: stripped size", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Outputs[0].ScriptPubKey = make([]byte, MaxBlockWeight/4)
			return remerkle(b)
		}, rt, BFNone, ErrBadBlkLength},
		{"bad-cb-missing", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs = b.Txs[1:]
			return remerkle(b)
		}, rt, BFNone, ErrBadCbMissing},
		{"bad-cb-multiple", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[2] = coinbaseTx(7, 1)
			return remerkle(b)
		}, rt, BFNone, ErrBadCbMultiple},
		{"bad-cb-length", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[0].Inputs[0].ScriptSig = []byte{0x51}
			return remerkle(b)
		}, rt, BFNone, ErrBadCbLength},
		{"bad-txns-vout-negative", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Outputs[0].Value = -1
			return remerkle(b)
		}, rt, BFNone, ErrBadTxnsVoutNegative},
		{"bad-txns-inputs-duplicate", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Inputs = append(b.Txs[1].Inputs, b.Txs[1].Inputs[0])
			return remerkle(b)
		}, rt, BFNone, ErrBadTxnsInputsDuplicate},
		{"bad-txns-prevout-null", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Inputs = append(b.Txs[1].Inputs, primitives.TxIn{PrevOut: primitives.OutPoint{Index: 0xffffffff}})
			return remerkle(b)
		}, rt, BFNone, ErrBadTxnsPrevoutNull},
		{"bad-blk-sigops", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Outputs[0].ScriptPubKey = bytes.Repeat([]byte{txscript.OP_CHECKSIG}, MaxBlockSigOpsCost/4+1)
			return remerkle(b)
		}, rt, BFNone, ErrBadBlkSigops},
		{"sigops at the limit", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Outputs[0].ScriptPubKey = bytes.Repeat([]byte{txscript.OP_CHECKSIG}, MaxBlockSigOpsCost/4)
			return remerkle(b)
		}, rt, BFNone, ""},
		{"sigops: multisig counts 20", func() *primitives.Block {
			b := validRegtestBlock()
			b.Txs[1].Outputs[0].ScriptPubKey = bytes.Repeat([]byte{txscript.OP_CHECKMULTISIG}, MaxBlockSigOpsCost/4/20+1)
			return remerkle(b)
		}, rt, BFNone, ErrBadBlkSigops},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantRule(t, CheckBlock(tc.block(), tc.p, tc.flags), tc.want)
		})
	}
}

// TestCheckBlockRealMainNet checks real mainnet blocks: 0-438 (bitcoinj),
// 1-255 (btcd), 413567 (Core's bench block) and btcd's 277647.
func TestCheckBlockRealMainNet(t *testing.T) {
	p := chaincfg.MainNet()
	n := 0
	f, err := os.Open(testdata.Path(t, "btcd", "blockchain", "277647.dat.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b277647 := readBlkFile(t, bzip2.NewReader(f), p.NetMagic)
	for _, b := range append(append(bitcoinjBlocks(t), btcdBlocks(t)...), b277647...) {
		wantRule(t, CheckBlock(b, p, BFNone), "")
		n++
	}
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "block413567.raw"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := primitives.DecodeBlock(raw)
	if err != nil {
		t.Fatal(err)
	}
	wantRule(t, CheckBlock(b, p, BFNone), "")
	if b.BlockHash().String() != "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069" {
		t.Fatal("unexpected block")
	}
	// A flipped byte in a transaction breaks the merkle root.
	bad := append([]byte(nil), raw...)
	bad[len(bad)-5] ^= 1
	if b2, err := primitives.DecodeBlock(bad); err == nil {
		wantRule(t, CheckBlock(b2, p, BFNone), ErrBadTxnMrklRoot)
	}
	t.Logf("%d real mainnet blocks pass CheckBlock", n+1)
}

// TestCheckBlockSignet covers the BIP325 solution check on custom signets
// (with the regtest proof-of-work limit so blocks solve instantly).
func TestCheckBlockSignet(t *testing.T) {
	signet := func(challenge []byte) *chaincfg.Params {
		p := chaincfg.CustomSigNet(challenge)
		rt := chaincfg.RegTest()
		p.PowLimit, p.PowLimitBits = rt.PowLimit, rt.PowLimitBits
		return p
	}
	withCommitment := func(p *chaincfg.Params, solution []byte) *primitives.Block {
		b := newBlock(p.GenesisHash, 1598918500, 0x207fffff, coinbaseTx(1, 50*COIN))
		b = addWitnessCommitment(b)
		if solution != nil {
			cb := b.Txs[0]
			pos := primitives.WitnessCommitmentIndex(cb)
			push := append(append([]byte(nil), SignetHeader[:]...), solution...)
			cb.Outputs[pos].ScriptPubKey = txscript.AppendPushData(cb.Outputs[pos].ScriptPubKey, push)
			b = remerkle(b)
		}
		return b
	}
	trivial := signet(opTrue)
	tests := []struct {
		name  string
		p     *chaincfg.Params
		block func() *primitives.Block
		want  ErrorKind
	}{
		{"OP_TRUE without solution", trivial, func() *primitives.Block { return withCommitment(trivial, nil) }, ""},
		{"OP_TRUE with empty solution", trivial, func() *primitives.Block { return withCommitment(trivial, []byte{0, 0}) }, ""},
		{"no witness commitment", trivial, func() *primitives.Block {
			return newBlock(trivial.GenesisHash, 1598918500, 0x207fffff, coinbaseTx(1, 50*COIN))
		}, ErrBadSignetBlksig},
		{"trailing solution bytes", trivial, func() *primitives.Block { return withCommitment(trivial, []byte{0, 0, 0}) }, ErrBadSignetBlksig},
		{"truncated solution", trivial, func() *primitives.Block { return withCommitment(trivial, []byte{5, 1}) }, ErrBadSignetBlksig},
		{"OP_FALSE challenge", signet([]byte{txscript.OP_0}), func() *primitives.Block {
			return withCommitment(signet([]byte{txscript.OP_0}), nil)
		}, ErrBadSignetBlksig},
		{"genesis is exempt", chaincfg.SigNet(), func() *primitives.Block { return chaincfg.SigNet().GenesisBlock }, ""},
		{"no PoW check skips the solution", trivial, func() *primitives.Block {
			return newBlock(trivial.GenesisHash, 1598918500, 0x207fffff, coinbaseTx(1, 50*COIN))
		}, "skip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "skip" {
				wantRule(t, CheckBlock(tc.block(), tc.p, BFNoPoWCheck), "")
				return
			}
			wantRule(t, CheckBlock(tc.block(), tc.p, BFNone), tc.want)
		})
	}
}

func TestFetchAndClearCommitmentSection(t *testing.T) {
	commit := primitives.WitnessCommitmentScript(chainhash.Hash{9})
	sol := append(append([]byte(nil), SignetHeader[:]...), 0xaa, 0xbb)
	tests := []struct {
		name     string
		script   []byte
		found    bool
		solution []byte
		cleared  []byte
	}{
		{"no solution", commit, false, nil, commit},
		{"solution push", txscript.AppendPushData(append([]byte(nil), commit...), sol), true, []byte{0xaa, 0xbb},
			txscript.AppendPushData(append([]byte(nil), commit...), SignetHeader[:])},
		{"header alone does not count", txscript.AppendPushData(append([]byte(nil), commit...), SignetHeader[:]), false, nil, nil},
		{"only the first solution", txscript.AppendPushData(txscript.AppendPushData(append([]byte(nil), commit...), sol), sol), true,
			[]byte{0xaa, 0xbb}, txscript.AppendPushData(txscript.AppendPushData(append([]byte(nil), commit...), SignetHeader[:]), sol)},
		{"truncated push stops parsing", append(txscript.AppendPushData(append([]byte(nil), commit...), sol), 0x4c), true,
			[]byte{0xaa, 0xbb}, txscript.AppendPushData(append([]byte(nil), commit...), SignetHeader[:])},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cleared, solution, found := fetchAndClearCommitmentSection(tc.script)
			if found != tc.found || !bytes.Equal(solution, tc.solution) {
				t.Fatalf("found %v solution %x", found, solution)
			}
			if tc.cleared != nil && !bytes.Equal(cleared, tc.cleared) {
				t.Fatalf("cleared %x, want %x", cleared, tc.cleared)
			}
		})
	}
}

// FuzzSignetSolution feeds arbitrary solutions to the solution decoder and
// the signet checker: no panics, and a decoded solution re-encodes to the
// input.
func FuzzSignetSolution(f *testing.F) {
	f.Add([]byte{0, 0})
	f.Add([]byte{1, 0x51, 1, 1, 0x51})
	f.Add([]byte{0, 2, 1, 0xaa, 0})
	f.Add([]byte{0xfd, 0xff})
	f.Fuzz(func(t *testing.T, sol []byte) {
		scriptSig, witness, ok := parseSignetSolution(sol)
		if ok {
			enc := primitives.AppendCompactSize(nil, uint64(len(scriptSig)))
			enc = append(enc, scriptSig...)
			enc = primitives.AppendCompactSize(enc, uint64(len(witness)))
			for _, w := range witness {
				enc = primitives.AppendCompactSize(enc, uint64(len(w)))
				enc = append(enc, w...)
			}
			if !bytes.Equal(enc, sol) {
				t.Fatalf("re-encoded %x, input %x", enc, sol)
			}
		}
		b := &primitives.Block{Txs: []*primitives.Tx{coinbaseTx(1, 1)}}
		b.Txs[0].Outputs = append(b.Txs[0].Outputs, primitives.TxOut{ScriptPubKey: txscript.AppendPushData(
			primitives.WitnessCommitmentScript(chainhash.Hash{}), append(append([]byte(nil), SignetHeader[:]...), sol...))})
		_ = CheckSignetBlockSolution(b, opTrue)
	})
}
