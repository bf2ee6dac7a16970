package chaingen

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Transaction shape parameters.
const (
	// minOutputValue is the least value of a generated output; three
	// inputs always cover two such outputs and the largest fee.
	minOutputValue = 20_000
	// maxFeeRate is the highest fee rate, in satoshis per virtual byte.
	maxFeeRate = 10
	// chainedPercent is the chance that an input spends an output created
	// earlier in the same block.
	chainedPercent = 10
	// txOverheadWeight bounds the weight of version, counts, lock time
	// and the segwit marker.
	txOverheadWeight = 4*(4+1+1+4) + 2
)

// inputWeight bounds the weight of an input spending each output type
// (signatures at their longest, the heavier taproot leaf).
var inputWeight = [NumOutputTypes]int{
	P2PKH:          4 * (41 + 1 + 73 + 1 + 33),
	P2WPKH:         4*41 + 1 + 1 + 73 + 1 + 33,
	P2TRKeyPath:    4*41 + 1 + 1 + 65,
	P2TRScriptPath: 4*41 + 1 + 2*(1+65) + 1 + 70 + 1 + 65,
	P2WSHMultisig:  4*41 + 1 + 1 + 2*(1+73) + 1 + 105,
}

// Limits a generated block stays under, with room for the coinbase (the
// consensus limits are 4,000,000 weight units and a sigop cost of 80,000).
const (
	maxGenBlockWeight = 3_900_000
	maxGenBlockSigOps = 78_000
)

// blockPlan is a block being built.
type blockPlan struct {
	height int32
	jobs   []*txJob
	fresh  []coin // spendable outputs created in this block
	fees   int64
	// weight and sigOps are upper bounds for the transactions so far.
	weight, sigOps int
}

// pickCoin takes a random spendable coin out of the pool, or out of the
// block's own new outputs (a chained spend), and returns it with its
// outpoint resolved.
func (g *gen) pickCoin(b *blockPlan) (coin, bool, error) {
	var c coin
	switch {
	case len(b.fresh) > 0 && (len(g.coins) == 0 || g.r.chance(chainedPercent)):
		i := g.r.intn(len(b.fresh))
		c = b.fresh[i]
		b.fresh[i] = b.fresh[len(b.fresh)-1]
		b.fresh = b.fresh[:len(b.fresh)-1]
	case len(g.coins) > 0:
		i := g.r.intn(len(g.coins))
		c = g.coins[i]
		g.coins[i] = g.coins[len(g.coins)-1]
		g.coins = g.coins[:len(g.coins)-1]
	default:
		return c, false, nil
	}
	if _, err := c.outPoint(); err != nil {
		return c, false, err
	}
	return c, true, nil
}

// unpick returns coins taken by pickCoin.
func (g *gen) unpick(b *blockPlan, cs []coin) {
	for _, c := range cs {
		if c.height == b.height && !c.coinbase {
			b.fresh = append(b.fresh, c)
		} else {
			g.coins = append(g.coins, c)
		}
	}
}

// estimateWeight bounds the weight of a transaction with these inputs and
// outputs once signed.
func estimateWeight(ins []coin, outs []*Destination, nullData bool) int {
	w := txOverheadWeight
	for _, c := range ins {
		w += inputWeight[c.dest.Type]
	}
	for _, d := range outs {
		w += 4 * (8 + 1 + len(d.ScriptPubKey))
	}
	if nullData {
		w += 4 * (8 + 1 + nullDataLen)
	}
	return w
}

// estimateCost bounds the weight and the BIP141 sigop cost of a
// transaction: legacy sigops (the CHECKSIG of P2PKH outputs) count four,
// witness sigops (P2WPKH one, the 2-of-3 CHECKMULTISIG three) one;
// tapscript signatures are not sigops.
func estimateCost(ins []coin, outs []*Destination, nullData bool) (weight, sigOps int) {
	for _, c := range ins {
		switch c.dest.Type {
		case P2WPKH:
			sigOps++
		case P2WSHMultisig:
			sigOps += 3
		}
	}
	for _, d := range outs {
		if d.Type == P2PKH {
			sigOps += 4
		}
	}
	return estimateWeight(ins, outs, nullData), sigOps
}

// estimateFee returns the fee for a transaction with these inputs and
// outputs at rate satoshis per virtual byte, from upper bounds of the
// signed sizes.
func estimateFee(ins []coin, outs []*Destination, nullData bool, rate int) int64 {
	w := estimateWeight(ins, outs, nullData)
	return int64(rate * ((w + 3) / 4))
}

// nullDataLen is the length of the OP_RETURN scripts: OP_RETURN and an
// 8-byte push.
const nullDataLen = 10

// buildTx adds one random transaction to the block and submits it for
// signing. It reports false when no coins are left to spend or the block is
// full.
func (g *gen) buildTx(b *blockPlan) (bool, error) {
	r := g.r
	nIn := 1
	switch x := r.intn(100); {
	case x >= 85:
		nIn = 3
	case x >= 50:
		nIn = 2
	}
	nullData := r.chance(2)
	nSpendable := 2
	if !nullData && r.chance(40) {
		nSpendable = 3
	}
	dests := make([]*Destination, nSpendable)
	for i := range dests {
		dests[i] = g.randomDest()
	}
	rate := r.between(1, maxFeeRate)

	var ins []coin
	var total, fee int64
	for len(ins) < 3 {
		fee = estimateFee(ins, dests, nullData, rate)
		if len(ins) >= nIn && total >= fee+int64(nSpendable)*minOutputValue {
			break
		}
		c, ok, err := g.pickCoin(b)
		if err != nil {
			return false, err
		}
		if !ok {
			break
		}
		ins = append(ins, c)
		total += c.value
	}
	fee = estimateFee(ins, dests, nullData, rate)
	if nSpendable == 3 && total < fee+3*minOutputValue {
		// Three inputs always cover two outputs (every coin holds at
		// least minOutputValue), not always three.
		nSpendable, dests = 2, dests[:2]
		fee = estimateFee(ins, dests, nullData, rate)
	}
	if len(ins) == 0 || total < fee+int64(nSpendable)*minOutputValue {
		g.unpick(b, ins)
		return false, nil
	}
	weight, sigOps := estimateCost(ins, dests, nullData)
	if b.weight+weight > maxGenBlockWeight || b.sigOps+sigOps > maxGenBlockSigOps {
		g.unpick(b, ins)
		return false, nil
	}
	b.weight += weight
	b.sigOps += sigOps

	tx := &primitives.Tx{Version: 2}
	if r.chance(10) {
		tx.Version = 1
	}
	tx.Inputs = make([]primitives.TxIn, len(ins))
	prevOuts := make([]primitives.TxOut, len(ins))
	for i := range ins {
		c := &ins[i]
		tx.Inputs[i] = primitives.TxIn{PrevOut: c.op, Sequence: g.sequence(b, c, tx.Version)}
		prevOuts[i] = primitives.TxOut{Value: c.value, ScriptPubKey: c.dest.ScriptPubKey}
	}
	tx.LockTime = g.lockTime(b)
	if tx.LockTime != 0 && allFinal(tx) {
		tx.Inputs[0].Sequence = primitives.SequenceFinal - 1
	}

	// Outputs: the spendable ones share what the fee leaves, each at least
	// minOutputValue; the OP_RETURN output, if any, goes anywhere.
	nOut := nSpendable
	if nullData {
		nOut++
	}
	tx.Outputs = make([]primitives.TxOut, 0, nOut)
	nullAt := -1
	if nullData {
		nullAt = r.intn(nOut)
	}
	avail := total - fee - int64(nSpendable)*minOutputValue
	weights := make([]int64, nSpendable)
	var wsum int64
	for i := range weights {
		weights[i] = int64(r.between(1, 100))
		wsum += weights[i]
	}
	var given int64
	firstFresh := len(b.fresh)
	for i, k := 0, 0; i < nOut; i++ {
		if i == nullAt {
			s := make([]byte, 0, nullDataLen)
			s = append(s, txscript.OP_RETURN, 8)
			s = binary.LittleEndian.AppendUint64(s, r.src.Uint64())
			tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: 0, ScriptPubKey: s})
			continue
		}
		v := avail * weights[k] / wsum
		if k == nSpendable-1 {
			v = avail - given
		}
		given += v
		v += minOutputValue
		d := dests[k]
		k++
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: v, ScriptPubKey: d.ScriptPubKey})
		b.fresh = append(b.fresh, coin{op: primitives.OutPoint{Index: uint32(i)}, value: v, dest: d, height: b.height})
	}

	spends := make([]Spend, len(ins))
	legacy := false
	for i := range ins {
		spends[i] = Spend{Dest: ins[i].dest, Options: g.spendOptions(ins[i].dest, i, nOut)}
		legacy = legacy || ins[i].dest.Type == P2PKH
	}
	job := &txJob{tx: tx, prevOuts: prevOuts, spends: spends, early: !legacy}
	for i := firstFresh; i < len(b.fresh); i++ {
		b.fresh[i].src = job
	}
	b.jobs = append(b.jobs, job)
	b.fees += fee
	g.count(b, tx, ins, spends, b.fresh[firstFresh:], nullData)
	g.pool.submit(job)
	return true, nil
}

func allFinal(tx *primitives.Tx) bool {
	for i := range tx.Inputs {
		if tx.Inputs[i].Sequence != primitives.SequenceFinal {
			return false
		}
	}
	return true
}

// sequence picks an input's sequence number: mostly final, sometimes the
// RBF or locktime-enabling values, and for version 2 sometimes a BIP68
// relative lock (by height or by time) that the coin's age satisfies.
func (g *gen) sequence(b *blockPlan, c *coin, version int32) uint32 {
	r := g.r
	switch x := r.intn(100); {
	case x < 80:
		return primitives.SequenceFinal
	case x < 88:
		return primitives.SequenceFinal - 2
	case x < 93 || version < 2:
		return primitives.SequenceFinal - 1
	}
	if c.height == b.height {
		// Created in this block: only a zero lock is satisfied.
		if r.chance(50) {
			return consensus.SequenceLockTimeTypeFlag
		}
		return 0
	}
	depth := int(b.height - c.height)
	if r.chance(50) {
		// Time lock: the coin's reference time is the median time past
		// of the block before it; the block's cutoff is its parent's.
		elapsed := g.chain.mtp[b.height-1] - g.chain.mtp[max(c.height-1, 0)]
		if units := int(elapsed >> consensus.SequenceLockTimeGranularity); units >= 1 {
			return consensus.SequenceLockTimeTypeFlag | uint32(r.between(1, min(units, 0xffff)))
		}
	}
	return uint32(r.between(1, min(depth, 20)))
}

// lockTime picks a transaction's lock time: mostly zero, sometimes a past
// height or a time before the block's cutoff (its parent's median time
// past).
func (g *gen) lockTime(b *blockPlan) uint32 {
	switch x := g.r.intn(100); {
	case x < 85:
		return 0
	case x < 95:
		return uint32(int(b.height) - 1 - g.r.intn(min(10, int(b.height)-1)))
	default:
		return uint32(g.chain.mtp[b.height-1] - 1 - int64(g.r.intn(7200)))
	}
}

// spendOptions picks the path and hash type of input idx of a transaction
// with nOut outputs.
func (g *gen) spendOptions(d *Destination, idx, nOut int) SpendOptions {
	r := g.r
	var o SpendOptions
	schnorr := false
	switch d.Type {
	case P2TRKeyPath:
		schnorr = true
	case P2TRScriptPath:
		schnorr = true
		switch x := r.intn(100); {
		case x < 45:
			o.Path = PathLeafCheckSig
		case x < 90:
			o.Path = PathLeafMultiSig
		default:
			o.Path = PathKey
		}
	case P2WSHMultisig:
		o.Skip = uint8(r.intn(3))
	}
	o.HashType = txscript.SigHashAll
	if schnorr {
		o.HashType = txscript.SigHashDefault
		if r.chance(5) {
			o.HashType = txscript.SigHashAll
		}
	}
	if r.chance(10) {
		others := [...]txscript.SigHashType{
			txscript.SigHashAll | txscript.SigHashAnyOneCanPay,
			txscript.SigHashNone,
			txscript.SigHashNone | txscript.SigHashAnyOneCanPay,
			txscript.SigHashSingle,
			txscript.SigHashSingle | txscript.SigHashAnyOneCanPay,
		}
		ht := others[r.intn(len(others))]
		if ht&^txscript.SigHashAnyOneCanPay != txscript.SigHashSingle || idx < nOut {
			o.HashType = ht
		}
	}
	return o
}

// count updates the statistics with a new transaction.
// outs are the spendable outputs tx creates.
func (g *gen) count(b *blockPlan, tx *primitives.Tx, ins []coin, spends []Spend, outs []coin, nullData bool) {
	s := g.stats
	if s == nil {
		return
	}
	s.Txs++
	s.Inputs += len(tx.Inputs)
	s.Outputs += len(tx.Outputs)
	if nullData {
		s.NullData++
	}
	if tx.LockTime != 0 {
		s.LockTimes++
	}
	for i := range ins {
		c := &ins[i]
		s.InputsByType[c.dest.Type]++
		if c.height == b.height && !c.coinbase {
			s.ChainedSpends++
		}
		if c.coinbase {
			s.CoinbaseSpends++
		}
		if seq := tx.Inputs[i].Sequence; tx.Version >= 2 && seq&consensus.SequenceLockTimeDisableFlag == 0 {
			s.RelativeLocks++
		}
		o := spends[i].Options
		if c.dest.Type == P2TRScriptPath {
			switch o.Path {
			case PathLeafMultiSig:
				s.TapLeafMultiSig++
			case PathKey:
				s.TapScriptKeyPath++
			default:
				s.TapLeafCheckSig++
			}
		}
		s.HashTypes[o.HashType] += c.dest.NumSigs(o)
	}
	for _, c := range outs {
		s.OutputsByType[c.dest.Type]++
	}
}
