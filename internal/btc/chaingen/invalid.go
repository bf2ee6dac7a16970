package chaingen

import (
	"bytes"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Stage is the step of Bitcoin Core's block validation that rejects an
// invalid block. Each stage runs only when the ones before it pass.
type Stage uint8

// The validation stages, in Core's order.
const (
	// StageHeader: CheckBlockHeader (proof of work) and
	// ContextualCheckBlockHeader (bits, median time past, version).
	StageHeader Stage = iota
	// StageCheckBlock: the context-free CheckBlock (merkle root, sizes,
	// coinbase placement, CheckTransaction, legacy sigops).
	StageCheckBlock
	// StageContextual: ContextualCheckBlock (finality, BIP34 height,
	// witness commitment, weight).
	StageContextual
	// StageConnect: ConnectBlock's transaction loop and reward check
	// (missing or immature inputs, values, sigop cost, coinbase amount).
	StageConnect
	// StageScript: the script checks of ConnectBlock.
	StageScript
)

var stageNames = [...]string{"header", "checkblock", "contextual", "connect", "script"}

// String returns the stage's short name.
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// InvalidBlock is a block that breaks exactly one consensus rule, built on
// the main chain's tip. Everything else about it is valid, so a validator
// must reject it with Reason.
type InvalidBlock struct {
	// Name names the class of violation ("bad-merkle-root", ...).
	Name string
	// Reason is the reject reason Bitcoin Core reports.
	Reason string
	// Err is the error kind to test with errors.Is: a consensus.ErrorKind,
	// or a txscript.ErrorCode for a script failure.
	Err error
	// Stage is the validation step that rejects the block.
	Stage Stage
	// Block is the block; its parent is the main chain's tip.
	Block *primitives.Block
}

// invalidClass describes how to build one invalid block.
type invalidClass struct {
	name   string
	reason string
	err    error
	stage  Stage
	mods   func() *mods
}

// normalTxs is the number of valid transactions an invalid block carries
// beside its special ones. It is even, so that with the coinbase the list
// is odd, as the CVE-2012-2459 duplication needs.
const normalTxs = 4

// invalidClasses lists the invalid blocks, one per consensus class.
func invalidClasses() []invalidClass {
	plain := func(f func(m *mods)) func() *mods {
		return func() *mods {
			m := &mods{normalTxs: normalTxs}
			f(m)
			return m
		}
	}
	withTx := func(f func(g *gen, b *blockPlan) error) func() *mods {
		return plain(func(m *mods) { m.extra = f })
	}
	return []invalidClass{
		{"bad-pow", "high-hash", consensus.ErrHighHash, StageHeader, plain(func(m *mods) { m.badPoW = true })},
		{"bad-diffbits", "bad-diffbits", consensus.ErrBadDiffBits, StageHeader, plain(func(m *mods) { m.badBits = true })},
		{"time-too-old", "time-too-old", consensus.ErrTimeTooOld, StageHeader, plain(func(m *mods) { m.timeTooOld = true })},
		{"bad-merkle-root", "bad-txnmrklroot", consensus.ErrBadTxnMrklRoot, StageCheckBlock, plain(func(m *mods) { m.flipMerkle = true })},
		{"mutated-merkle", "bad-txns-duplicate", consensus.ErrBadTxnsDuplicate, StageCheckBlock, plain(func(m *mods) { m.dupLast = true })},
		{"oversize", "bad-blk-length", consensus.ErrBadBlkLength, StageCheckBlock, withTx(addOversize)},
		{"bad-cb-length", "bad-cb-length", consensus.ErrBadCbLength, StageCheckBlock, plain(func(m *mods) { m.cbScriptLen = 101 })},
		{"duplicate-inputs", "bad-txns-inputs-duplicate", consensus.ErrBadTxnsInputsDuplicate, StageCheckBlock, withTx(addDuplicateInputs)},
		{"sigops-over-limit", "bad-blk-sigops", consensus.ErrBadBlkSigops, StageCheckBlock, withTx(addSigOps)},
		{"non-final-tx", "bad-txns-nonfinal", consensus.ErrBadTxnsNonFinal, StageContextual, withTx(addNonFinal)},
		{"bad-cb-height", "bad-cb-height", consensus.ErrBadCbHeight, StageContextual, plain(func(m *mods) { m.cbHeightDelta = 1 })},
		{"bad-witness-nonce-size", "bad-witness-nonce-size", consensus.ErrBadWitnessNonceSize, StageContextual, plain(func(m *mods) { m.nonceLen = 31 })},
		{"bad-witness-commitment", "bad-witness-merkle-match", consensus.ErrBadWitnessMerkleMatch, StageContextual, plain(func(m *mods) { m.flipCommitment = true })},
		{"unexpected-witness", "unexpected-witness", consensus.ErrUnexpectedWitness, StageContextual, func() *mods {
			return &mods{normalTxs: normalTxs, noCommitment: true, extra: addWitnessSpend}
		}},
		{"overweight", "bad-blk-weight", consensus.ErrBadBlkWeight, StageContextual, withTx(addOverweight)},
		{"double-spend", "bad-txns-inputs-missingorspent", consensus.ErrBadTxnsInputsMissingOrSpent, StageConnect, withTx(addDoubleSpend)},
		{"immature-coinbase-spend", "bad-txns-premature-spend-of-coinbase", consensus.ErrBadTxnsPrematureSpendOfCoinbase, StageConnect, withTx(addImmatureSpend)},
		{"in-below-out", "bad-txns-in-belowout", consensus.ErrBadTxnsInBelowOut, StageConnect, withTx(addInBelowOut)},
		{"bad-cb-amount", "bad-cb-amount", consensus.ErrBadCbAmount, StageConnect, plain(func(m *mods) { m.cbAmountDelta = 1 })},
		{"bad-signature", "mandatory-script-verify-flag-failed (" + txscript.ErrSchnorrSig.Description() + ")", txscript.ErrSchnorrSig, StageScript, withTx(addBadSignature)},
	}
}

// InvalidClasses returns the names of the invalid-block classes Config.Invalid
// builds, in the order of Chain.Invalid.
func InvalidClasses() []string {
	cs := invalidClasses()
	names := make([]string, len(cs))
	for i := range cs {
		names[i] = cs[i].name
	}
	return names
}

// invalidBlocks builds one block per class on the current tip, restoring
// the state after each.
func (g *gen) invalidBlocks() ([]InvalidBlock, error) {
	g.matureCoinbases(g.chain.tip() + 1)
	if len(g.coins) < 3*normalTxs+8 {
		return nil, makeError(ErrBadConfig, "invalid blocks need spendable outputs at the tip: %d blocks do not exceed the coinbase maturity %d by enough", g.cfg.Blocks, g.p.CoinbaseMaturity)
	}
	var out []InvalidBlock
	for _, c := range invalidClasses() {
		snap := g.save()
		blk, err := g.nextBlock(c.mods())
		g.restore(snap)
		if err != nil {
			return nil, fmt.Errorf("chaingen: invalid block %s: %w", c.name, err)
		}
		out = append(out, InvalidBlock{Name: c.name, Reason: c.reason, Err: c.err, Stage: c.stage, Block: blk})
	}
	return out, nil
}

// takeCoin removes and returns the first pool coin of type t.
func (g *gen) takeCoin(t OutputType) (coin, error) {
	for i := range g.coins {
		if g.coins[i].dest.Type == t {
			c := g.coins[i]
			g.coins = append(g.coins[:i], g.coins[i+1:]...)
			return c, nil
		}
	}
	return coin{}, makeError(ErrNoFunds, "no %s output in the pool", t)
}

// anyCoin removes and returns a random pool coin.
func (g *gen) anyCoin() (coin, error) {
	if len(g.coins) == 0 {
		return coin{}, makeError(ErrNoFunds, "empty pool")
	}
	i := g.r.intn(len(g.coins))
	c := g.coins[i]
	g.coins = append(g.coins[:i], g.coins[i+1:]...)
	return c, nil
}

// special adds a transaction spending ins to outs to the block, signed
// here (with sign when non-nil, else SignTx with default options). Its fee
// counts towards the coinbase only when payFee.
func (g *gen) special(b *blockPlan, ins []coin, outs []primitives.TxOut, lockTime, seq uint32, payFee bool,
	sign func(tx *primitives.Tx, prevOuts []primitives.TxOut, spends []Spend) error) error {
	tx := &primitives.Tx{Version: 2, LockTime: lockTime, Outputs: outs}
	prevOuts := make([]primitives.TxOut, len(ins))
	spends := make([]Spend, len(ins))
	var fee int64
	for i := range ins {
		tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: ins[i].op, Sequence: seq})
		prevOuts[i] = primitives.TxOut{Value: ins[i].value, ScriptPubKey: ins[i].dest.ScriptPubKey}
		spends[i] = Spend{Dest: ins[i].dest}
		fee += ins[i].value
	}
	for i := range outs {
		fee -= outs[i].Value
	}
	if sign == nil {
		sign = SignTx
	}
	if err := sign(tx, prevOuts, spends); err != nil {
		return err
	}
	if payFee && fee > 0 {
		b.fees += fee
	}
	job := &txJob{tx: tx, signed: true}
	b.jobs = append(b.jobs, job)
	g.pool.submit(job)
	return nil
}

// payTo returns one output paying v to a random destination.
func (g *gen) payTo(v int64) []primitives.TxOut {
	return []primitives.TxOut{{Value: v, ScriptPubKey: g.randomDest().ScriptPubKey}}
}

const specialFee = 5_000

func addOversize(g *gen, b *blockPlan) error {
	// Two transactions of half a megabyte each: the block's stripped size
	// passes 1,000,000 bytes while each transaction stays legal.
	for range 2 {
		c, err := g.anyCoin()
		if err != nil {
			return err
		}
		big := make([]byte, 500_001)
		big[0] = txscript.OP_RETURN
		outs := append(g.payTo(c.value-specialFee), primitives.TxOut{Value: 0, ScriptPubKey: big})
		if err := g.special(b, []coin{c}, outs, 0, primitives.SequenceFinal, true, nil); err != nil {
			return err
		}
	}
	return nil
}

func addDuplicateInputs(g *gen, b *blockPlan) error {
	c, err := g.anyCoin()
	if err != nil {
		return err
	}
	return g.special(b, []coin{c, c}, g.payTo(c.value-specialFee), 0, primitives.SequenceFinal, true, nil)
}

func addSigOps(g *gen, b *blockPlan) error {
	// 1,001 CHECKMULTISIGs count 20 legacy sigops each: 20,020 × 4 is
	// above the 80,000 cost limit.
	c, err := g.anyCoin()
	if err != nil {
		return err
	}
	outs := append(g.payTo(c.value-specialFee-minOutputValue),
		primitives.TxOut{Value: minOutputValue, ScriptPubKey: bytes.Repeat([]byte{txscript.OP_CHECKMULTISIG}, 1001)})
	return g.special(b, []coin{c}, outs, 0, primitives.SequenceFinal, true, nil)
}

func addNonFinal(g *gen, b *blockPlan) error {
	c, err := g.anyCoin()
	if err != nil {
		return err
	}
	return g.special(b, []coin{c}, g.payTo(c.value-specialFee), uint32(b.height+5), primitives.SequenceFinal-1, true, nil)
}

func addWitnessSpend(g *gen, b *blockPlan) error {
	c, err := g.takeCoin(P2WPKH)
	if err != nil {
		return err
	}
	return g.special(b, []coin{c}, g.payTo(c.value-specialFee), 0, primitives.SequenceFinal, true, nil)
}

// Sizes of the overweight block's filler: stripped bytes count four
// weight units, witness bytes one, so 100 kB of output script and a 3.75 MB
// annex weigh about 4.15 M while the block serializes to about 3.85 MB,
// under Core's MAX_BLOCK_SERIALIZED_SIZE (4,000,000), which blk-file
// loaders (Core's -loadblock, btcd's addblock) enforce before validation.
const (
	overweightStripped = 100_000
	overweightAnnex    = 3_750_000
)

func addOverweight(g *gen, b *blockPlan) error {
	// A valid key-path spend with a large annex and a large OP_RETURN
	// output: only the block weight is wrong.
	c, err := g.takeCoin(P2TRKeyPath)
	if err != nil {
		return err
	}
	filler := make([]byte, overweightStripped)
	filler[0] = txscript.OP_RETURN
	outs := append(g.payTo(c.value-specialFee), primitives.TxOut{Value: 0, ScriptPubKey: filler})
	sign := func(tx *primitives.Tx, prevOuts []primitives.TxOut, spends []Spend) error {
		annex := make([]byte, overweightAnnex)
		annex[0] = txscript.AnnexTag
		sh := txscript.NewSigHashes(tx, prevOuts)
		h, err := txscript.TaprootSignatureHash(sh, uint8(txscript.SigHashDefault), tx, 0, annex, nil)
		if err != nil {
			return err
		}
		sig, err := spends[0].Dest.tweaked.SignSchnorr(h)
		if err != nil {
			return err
		}
		tx.Inputs[0].Witness = [][]byte{sig[:], annex}
		return nil
	}
	return g.special(b, []coin{c}, outs, 0, primitives.SequenceFinal, true, sign)
}

func addDoubleSpend(g *gen, b *blockPlan) error {
	if len(b.jobs) == 0 {
		return makeError(ErrNoFunds, "no transaction to double-spend")
	}
	j := b.jobs[0]
	if err := j.wait(); err != nil {
		return err
	}
	c := coin{op: j.tx.Inputs[0].PrevOut, value: j.prevOuts[0].Value, dest: j.spends[0].Dest}
	return g.special(b, []coin{c}, g.payTo(c.value-specialFee), 0, primitives.SequenceFinal, false, nil)
}

func addImmatureSpend(g *gen, b *blockPlan) error {
	if len(g.immature) == 0 {
		return makeError(ErrNoFunds, "no immature coinbase output")
	}
	c := g.immature[len(g.immature)/2]
	return g.special(b, []coin{c}, g.payTo(c.value-specialFee), 0, primitives.SequenceFinal, false, nil)
}

func addInBelowOut(g *gen, b *blockPlan) error {
	c, err := g.anyCoin()
	if err != nil {
		return err
	}
	return g.special(b, []coin{c}, g.payTo(c.value+1), 0, primitives.SequenceFinal, false, nil)
}

func addBadSignature(g *gen, b *blockPlan) error {
	c, err := g.takeCoin(P2TRKeyPath)
	if err != nil {
		return err
	}
	sign := func(tx *primitives.Tx, prevOuts []primitives.TxOut, spends []Spend) error {
		if err := SignTx(tx, prevOuts, spends); err != nil {
			return err
		}
		tx.Inputs[0].Witness[0][10] ^= 0x01
		return nil
	}
	return g.special(b, []coin{c}, g.payTo(c.value-specialFee), 0, primitives.SequenceFinal, true, sign)
}
