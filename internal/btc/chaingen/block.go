package chaingen

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BlockVersion is the version of generated headers: BIP9's top bits with
// no deployment signalled.
const BlockVersion int32 = 0x20000000

// mods turn a block into an invalid one; the zero value changes nothing.
type mods struct {
	normalTxs int                              // valid transactions before extra
	extra     func(g *gen, b *blockPlan) error // adds the special transactions

	cbAmountDelta  int64 // coinbase claims this much more than allowed
	cbHeightDelta  int32 // BIP34 height off by this much
	cbScriptLen    int   // pad the coinbase scriptSig to this length
	nonceLen       int   // witness reserved value length (0: 32)
	noCommitment   bool  // no witness commitment nor reserved value
	flipCommitment bool  // corrupt the witness commitment
	dupLast        bool  // append the last transaction again (CVE-2012-2459)
	flipMerkle     bool  // corrupt the header's merkle root
	timeTooOld     bool  // timestamp equal to the parent's median time past
	badBits        bool  // bits one below the required value
	badPoW         bool  // a nonce that fails the proof of work
}

// witnessReserved is the coinbase witness reserved value (all zero).
var witnessReserved [32]byte

// finish waits for the block's signatures and assembles the block: the
// coinbase (BIP34 height, subsidy plus fees, witness commitment), the
// merkle root and a header with valid proof of work on the current tip.
// It returns the block, decoded from its own serialization, and the
// coinbase's spendable outputs as immature coins.
func (g *gen) finish(b *blockPlan, m *mods) (*primitives.Block, []coin, error) {
	if m == nil {
		m = &mods{}
	}
	n := len(b.jobs) + 1
	txs := make([]*primitives.Tx, 1, n+1)
	txids := make([]chainhash.Hash, 1, n)
	wtxids := make([]chainhash.Hash, 1, n) // wtxids[0] stays zero (BIP141)
	for _, j := range b.jobs {
		if err := j.wait(); err != nil {
			return nil, nil, err
		}
		txs = append(txs, j.tx)
		txids = append(txids, j.txid)
		wtxids = append(wtxids, j.wtxid)
	}

	height := b.height
	reward := consensus.GetBlockSubsidy(height, g.p) + b.fees + m.cbAmountDelta
	cb, cbOuts := g.coinbase(height, reward, m)
	if !m.noCommitment {
		root, _ := primitives.ComputeMerkleRoot(wtxids)
		nonce := cb.Inputs[0].Witness[0]
		script := primitives.WitnessCommitmentScript(primitives.WitnessCommitment(root, nonce))
		if m.flipCommitment {
			script[len(script)-1] ^= 1
		}
		cb.Outputs = append(cb.Outputs, primitives.TxOut{Value: 0, ScriptPubKey: script})
	}
	txs[0] = cb
	txids[0] = cb.TxHash()
	for i := range cbOuts {
		cbOuts[i].op.Hash = txids[0]
	}
	if m.dupLast {
		txs = append(txs, txs[len(txs)-1])
	}

	root, _ := primitives.ComputeMerkleRoot(txids)
	if m.flipMerkle {
		root[0] ^= 1
	}
	prev := g.chain.node(height - 1)
	hdr := primitives.Header{Version: BlockVersion, PrevBlock: g.chain.hashes[height-1], MerkleRoot: root}
	ts := prev.Timestamp() + 1 + int64(g.r.intn(1199))
	if height == 1 {
		ts = int64(g.cfg.StartTime)
	}
	if m.timeTooOld {
		ts = g.chain.mtp[height-1]
	}
	hdr.Timestamp = uint32(ts)
	hdr.Bits = consensus.GetNextWorkRequired(g.p, prev, ts)
	if m.badBits {
		hdr.Bits--
	}
	grind(&hdr, g.p, !m.badPoW)

	blk := &primitives.Block{Header: hdr, Txs: txs}
	dec, err := primitives.DecodeBlock(blk.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("chaingen: generated block %d does not decode: %w", height, err)
	}
	return dec, cbOuts, nil
}

// coinbase builds the coinbase of the block at height claiming reward, paid
// to one or two random destinations, without the witness commitment.
func (g *gen) coinbase(height int32, reward int64, m *mods) (*primitives.Tx, []coin) {
	ss := txscript.AppendInt64(make([]byte, 0, 16), int64(height+m.cbHeightDelta))
	ss = txscript.AppendPushData(ss, []byte{'c', 'h', 'a', 'i', 'n', 'g', 'e', 'n', g.tag})
	for len(ss) < m.cbScriptLen {
		ss = append(ss, txscript.OP_0)
	}
	in := primitives.TxIn{
		PrevOut:   primitives.OutPoint{Index: 0xffffffff},
		ScriptSig: ss,
		Sequence:  primitives.SequenceFinal,
	}
	if !m.noCommitment {
		nl := m.nonceLen
		if nl == 0 {
			nl = len(witnessReserved)
		}
		in.Witness = [][]byte{make([]byte, nl)}
	}
	tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{in}}
	nOut := 1
	if g.r.chance(30) && reward >= 2 {
		nOut = 2
	}
	outs := make([]coin, nOut)
	left := reward
	for i := range outs {
		v := left
		if i < nOut-1 {
			v = left / 2
		}
		left -= v
		d := g.randomDest()
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: v, ScriptPubKey: d.ScriptPubKey})
		outs[i] = coin{op: primitives.OutPoint{Index: uint32(i)}, value: v, dest: d, height: height, coinbase: true}
	}
	return tx, outs
}

// grind sets the header's nonce to the first value whose hash meets
// (valid) or misses (!valid) the target of its bits.
func grind(h *primitives.Header, p *chaincfg.Params, valid bool) {
	for h.Nonce = 0; ; h.Nonce++ {
		if consensus.CheckProofOfWork(h.BlockHash(), h.Bits, p) == valid {
			return
		}
	}
}
