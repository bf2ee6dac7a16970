package mining

import (
	"context"
	"encoding/binary"
	"math"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// witnessReservedValue is the coinbase witness: 32 zero bytes.
var witnessReservedValue [32]byte

// maxCoinbaseScriptSig is the consensus limit on the coinbase scriptSig.
const maxCoinbaseScriptSig = 100

// NewTemplate assembles a block on the chain's tip paying coinbaseScript
// (Core's BlockAssembler::CreateNewBlock): version VersionBitsTopBits,
// time max(MTP+1, now), the bits consensus requires, transactions chosen by
// modified ancestor fee rate (see selectPackages) within the weight and
// sigop limits, a coinbase with the BIP34 height and an extra nonce of
// zero claiming the subsidy plus the fees, and the BIP141 witness
// commitment once segwit is active.
//
// This function is safe for concurrent access.
func (g *Generator) NewTemplate(coinbaseScript []byte) (*Template, error) {
	return g.newTemplate(coinbaseScript, nil)
}

// NewTemplateWithTxs is NewTemplate with txs, in this order, instead of
// the mempool's choice (Core's generateblock): nothing is checked, the
// fees and sigop costs are reported as zero and the coinbase claims the
// subsidy only, as Core's generateblock does.
//
// This function is safe for concurrent access.
func (g *Generator) NewTemplateWithTxs(coinbaseScript []byte, txs []*primitives.Tx) (*Template, error) {
	if txs == nil {
		txs = []*primitives.Tx{}
	}
	return g.newTemplate(coinbaseScript, txs)
}

func (g *Generator) newTemplate(coinbaseScript []byte, fixed []*primitives.Tx) (*Template, error) {
	cfg := &g.cfg
	prevHash, tipHeight, mtp, err := cfg.Chain.Tip()
	if err != nil {
		return nil, err
	}
	height := tipHeight + 1
	blockTime := max(mtp+1, cfg.Now().Unix())
	bits, err := cfg.Chain.NextBits(blockTime)
	if err != nil {
		return nil, err
	}
	target, _ := consensus.DeriveTarget(bits, &cfg.Params.PowLimit)

	t := &Template{Height: height, MedianTimePast: mtp, Target: target, CoinbaseScript: coinbaseScript}
	var sel selection
	if fixed == nil {
		sel = g.selectPackages(height, mtp)
	} else {
		sel.sigOps = coinbaseSigOpsReserve
		sel.txs = make([]*mempool.MiningEntry, len(fixed))
		for i, tx := range fixed {
			sel.txs[i] = &mempool.MiningEntry{Tx: tx, TxID: tx.TxHash(), WTxID: tx.WitnessHash()}
		}
	}

	n := len(sel.txs) + 1
	txs := make([]*primitives.Tx, n)
	t.Fees = make([]int64, n)
	t.SigOpCosts = make([]int64, n)
	t.Depends = make([][]int, n)
	t.txids = make([]chainhash.Hash, len(sel.txs))
	pos := make(map[chainhash.Hash]int, len(sel.txs))
	for i, e := range sel.txs {
		txs[i+1] = e.Tx
		t.Fees[i+1] = e.Fee
		t.SigOpCosts[i+1] = e.SigOpCost
		t.txids[i] = e.TxID
		pos[e.TxID] = i + 1
		t.TotalFees += e.Fee
	}
	for i := 1; i < n; i++ {
		for j := range txs[i].Inputs {
			if k, ok := pos[txs[i].Inputs[j].PrevOut.Hash]; ok && k < i {
				t.Depends[i] = appendUnique(t.Depends[i], k)
			}
		}
	}
	t.Fees[0] = -t.TotalFees
	t.CoinbaseValue = consensus.GetBlockSubsidy(height, cfg.Params) + t.TotalFees

	segwit := cfg.Params.DeploymentActiveAt(chaincfg.DeploymentSegwit, height)
	cb := &primitives.Tx{
		Version: 2,
		Inputs: []primitives.TxIn{{
			PrevOut: primitives.OutPoint{Index: math.MaxUint32},
			// Core 30: a non-final sequence with the lock time at the
			// previous height, so the lock time is enforced.
			Sequence: primitives.SequenceFinal - 1,
		}},
		Outputs:  []primitives.TxOut{{Value: t.CoinbaseValue, ScriptPubKey: coinbaseScript}},
		LockTime: uint32(height - 1),
	}
	txs[0] = cb
	t.Block = &primitives.Block{Header: primitives.Header{
		Version: VersionBitsTopBits, PrevBlock: prevHash, Timestamp: uint32(blockTime), Bits: bits,
	}, Txs: txs}
	if segwit {
		cb.Inputs[0].Witness = [][]byte{witnessReservedValue[:]}
		wtxids := make([]chainhash.Hash, n)
		for i, e := range sel.txs {
			wtxids[i+1] = e.WTxID
		}
		root, _ := primitives.ComputeMerkleRoot(wtxids)
		t.WitnessCommitment = primitives.WitnessCommitmentScript(primitives.WitnessCommitment(root, witnessReservedValue[:]))
		cb.Outputs = append(cb.Outputs, primitives.TxOut{ScriptPubKey: t.WitnessCommitment})
	}
	if err := t.SetExtraNonce(0); err != nil {
		return nil, err
	}
	t.SigOpCosts[0] = int64(primitives.WitnessScaleFactor * consensus.GetLegacySigOpCount(cb))
	t.SigOpCost = sel.sigOps - coinbaseSigOpsReserve + t.SigOpCosts[0]
	t.Weight = int64(t.Block.Weight())
	return t, nil
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// CoinbaseScriptSig returns the coinbase scriptSig for height and
// extraNonce: the BIP34 height push then the extra nonce as a script
// number.
func CoinbaseScriptSig(height int32, extraNonce int64) []byte {
	s := txscript.AppendInt64(nil, int64(height))
	return txscript.AppendInt64(s, extraNonce)
}

// SetExtraNonce rewrites the coinbase scriptSig with extraNonce (Core's
// IncrementExtraNonce) and replaces Block with a new block value carrying
// the recomputed merkle root. The coinbase's witness does not change, so
// neither does the witness commitment.
//
// This function is NOT safe for concurrent access.
func (t *Template) SetExtraNonce(extraNonce int64) error {
	old := t.Block.Txs[0]
	cb := &primitives.Tx{Version: old.Version, Inputs: append([]primitives.TxIn(nil), old.Inputs...), Outputs: old.Outputs, LockTime: old.LockTime}
	cb.Inputs[0].ScriptSig = CoinbaseScriptSig(t.Height, extraNonce)
	if len(cb.Inputs[0].ScriptSig) > maxCoinbaseScriptSig {
		return &Error{Err: ErrBadCoinbaseScript}
	}
	txs := append([]*primitives.Tx{cb}, t.Block.Txs[1:]...)
	hashes := make([]chainhash.Hash, len(txs))
	hashes[0] = cb.TxHash()
	copy(hashes[1:], t.txids)
	root, _ := primitives.ComputeMerkleRoot(hashes)
	hdr := t.Block.Header
	hdr.MerkleRoot = root
	t.Block = &primitives.Block{Header: hdr, Txs: txs}
	return nil
}

// Solve grinds the header nonce from the current one until the block hash
// meets Target, trying at most maxTries nonces (zero: no limit) and never
// wrapping past 2^32-1. It returns the solved block (Block, nonce set),
// whether it was found, and the nonces tried. ctx is checked every 65,536
// tries.
//
// This function is NOT safe for concurrent access.
func (t *Template) Solve(ctx context.Context, maxTries uint64) (*primitives.Block, bool, uint64, error) {
	hdr := t.Block.Header
	buf := hdr.AppendTo(make([]byte, 0, primitives.HeaderSize))
	var tries uint64
	for nonce := uint64(hdr.Nonce); nonce <= math.MaxUint32; nonce++ {
		if maxTries != 0 && tries == maxTries {
			return nil, false, tries, nil
		}
		if tries&0xffff == 0xffff {
			if err := ctx.Err(); err != nil {
				return nil, false, tries, err
			}
		}
		tries++
		binary.LittleEndian.PutUint32(buf[76:], uint32(nonce))
		h := chainhash.DoubleSHA256(buf)
		v := consensus.HashToUint256(&h)
		if !v.Gt(&t.Target) {
			t.Block.Header.Nonce = uint32(nonce)
			return t.Block, true, tries, nil
		}
	}
	return nil, false, tries, nil
}
