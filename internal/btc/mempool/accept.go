package mempool

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// mempoolHeight is Core's MEMPOOL_HEIGHT, the height of coins created by
// pool transactions.
const mempoolHeight = 0x7fffffff

// poolView is Core's CCoinsViewMemPool: outputs of pool transactions, then
// the chain's UTXO set. Outputs spent by pool transactions stay visible;
// conflicts are found through the spent index.
type poolView struct {
	p *Pool
}

func (v poolView) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	if e, ok := v.p.byTxid[op.Hash]; ok {
		if int(op.Index) < len(e.tx.Outputs) {
			return primitives.Coin{Out: e.tx.Outputs[op.Index], Height: mempoolHeight}, true
		}
		return primitives.Coin{}, false
	}
	return v.p.cfg.Chain.LookupCoin(op)
}

// signalsRBF reports whether tx opts in to replacement (BIP125): an input
// sequence below 0xfffffffe.
func signalsRBF(tx *primitives.Tx) bool {
	for i := range tx.Inputs {
		if tx.Inputs[i].Sequence < primitives.SequenceFinal-1 {
			return true
		}
	}
	return false
}

// AcceptTransaction validates tx against the tip of the chain and the pool
// and adds it (Core's AcceptToMemoryPool for one transaction), replacing
// conflicting transactions when the BIP125 rules allow. It returns the new
// entry, or a *RuleError with Core's reason. The checks run in Core's
// order: CheckTransaction, "coinbase", IsStandardTx, "tx-size-small",
// "non-final", "txn-already-in-mempool" / "txn-same-nonwitness-data-in-mempool",
// "txn-mempool-conflict" (only with Config.NoFullRBF), "txn-already-known" /
// "bad-txns-inputs-missingorspent", "non-BIP68-final", CheckTxInputs,
// "bad-txns-nonstandard-inputs", "bad-witness-nonstandard",
// "bad-txns-too-many-sigops", "mempool min fee not met", "min relay fee not met",
// "too-long-mempool-chain", "bad-txns-spends-conflicting-tx", the
// replacement rules ("insufficient fee", "too many potential replacements",
// "replacement-adds-unconfirmed"), script verification under the standard
// flags then the chain's flags, and "mempool full" when the size limit
// evicts the transaction at once. A transaction with missing inputs is not
// kept; see ProcessTransaction for the orphan pool.
//
// This function is safe for concurrent access.
func (p *Pool) AcceptTransaction(tx *primitives.Tx) (TxDesc, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, err := p.accept(tx, acceptOpts{})
	if err != nil {
		return TxDesc{}, err
	}
	return e.desc(), nil
}

// TestAcceptTransaction runs every check of AcceptTransaction on tx, in the
// same order and with the same rejections, without adding it to the pool or
// replacing anything (Core's testmempoolaccept for one transaction). The
// returned TxDesc holds what acceptance computed: fee, modified fee,
// virtual size, weight, sigop cost and the ancestor figures the
// transaction would have; its descendant figures are its own. The size-limit
// eviction ("mempool full") is not simulated, as in Core.
//
// This function is safe for concurrent access.
func (p *Pool) TestAcceptTransaction(tx *primitives.Tx) (TxDesc, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, err := p.accept(tx, acceptOpts{testOnly: true})
	if err != nil {
		return TxDesc{}, err
	}
	return e.desc(), nil
}

// ProcessTransaction is AcceptTransaction with the orphan pool: a
// transaction whose inputs are missing is kept as an orphan (orphaned true,
// err nil); an accepted transaction releases the orphans that spend it,
// which are accepted in turn. accepted lists tx (when accepted) and every
// released orphan accepted.
//
// This function is safe for concurrent access.
func (p *Pool) ProcessTransaction(tx *primitives.Tx) (accepted []TxDesc, orphaned bool, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, err := p.accept(tx, acceptOpts{})
	if err != nil {
		if errors.Is(err, ErrMissingInputs) {
			txid := tx.TxHash()
			if _, dup := p.orphans.byTxid[txid]; dup {
				return nil, true, nil
			}
			if p.orphans.add(tx, txid, p.now(), &p.cfg) {
				return nil, true, nil
			}
		}
		return nil, false, err
	}
	accepted = append(accepted, e.desc())
	queue := []*entry{e}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		for _, o := range p.orphans.children(parent.tx, parent.txid) {
			p.orphans.remove(o)
			child, cerr := p.accept(o.tx, acceptOpts{})
			switch {
			case cerr == nil:
				accepted = append(accepted, child.desc())
				queue = append(queue, child)
			case errors.Is(cerr, ErrMissingInputs):
				p.orphans.add(o.tx, o.txid, p.now(), &p.cfg) // still waiting for another parent
			}
		}
	}
	return accepted, false, nil
}

// acceptOpts are the variants of accept. bypassLimits skips the fee
// floors and package limits, for transactions of disconnected blocks;
// entryTime, when non-zero, is the entry time (unix seconds) to record
// instead of now, for transactions loaded from mempool.dat; testOnly runs
// the checks and returns the entry without inserting it.
type acceptOpts struct {
	bypassLimits bool
	testOnly     bool
	entryTime    int64
}

// accept is AcceptTransaction with the lock held (for writes).
func (p *Pool) accept(tx *primitives.Tx, opts acceptOpts) (*entry, error) {
	cfg := &p.cfg
	bypassLimits, entryTime := opts.bypassLimits, opts.entryTime
	if err := consensus.CheckTransactionSanity(tx); err != nil {
		return nil, wrapConsensus(err)
	}
	if tx.IsCoinBase() {
		return nil, ruleErrorf(ErrCoinbase, "coinbase transactions are never relayed")
	}
	standard := !cfg.AcceptNonStandard
	if standard {
		if err := IsStandardTx(tx, &cfg.Standard); err != nil {
			return nil, err
		}
	}
	// Unconditional, as in Core: 64-byte transactions look like inner
	// merkle nodes (CVE-2017-12842).
	if n := tx.StrippedSize(); n < MinStandardTxNonWitnessSize {
		return nil, ruleErrorf(ErrTxSizeSmall, "stripped size %d < %d", n, MinStandardTxNonWitnessSize)
	}
	chain := cfg.Chain
	tip := chain.TipHeight()
	tipMTP := chain.MedianTimePast(tip)
	if !consensus.IsFinalTx(tx, tip+1, tipMTP) {
		return nil, ruleErrorf(ErrNonFinal, "lock time %d not reached at height %d", tx.LockTime, tip+1)
	}
	txid := tx.TxHash()
	wtxid := tx.WitnessHash()
	if _, ok := p.byWtxid[wtxid]; ok {
		return nil, ruleErrorf(ErrAlreadyInMempool, "%s", txid)
	}
	if _, ok := p.byTxid[txid]; ok {
		return nil, ruleErrorf(ErrSameNonWitnessData, "%s", txid)
	}

	// Direct conflicts: pool transactions spending one of our outpoints.
	var conflicts map[*entry]struct{}
	for i := range tx.Inputs {
		if c, ok := p.spent[tx.Inputs[i].PrevOut]; ok {
			if cfg.NoFullRBF && !signalsRBF(c.tx) {
				return nil, ruleErrorf(ErrMempoolConflict, "input %d is spent by %s, which does not signal replaceability", i, c.txid)
			}
			if conflicts == nil {
				conflicts = make(map[*entry]struct{})
			}
			conflicts[c] = struct{}{}
		}
	}

	// Inputs, from the pool or the chain.
	view := poolView{p}
	prevOuts := make([]primitives.TxOut, len(tx.Inputs))
	prevHeights := make([]int32, len(tx.Inputs))
	for i := range tx.Inputs {
		coin, ok := view.LookupCoin(tx.Inputs[i].PrevOut)
		if !ok {
			for j := range tx.Outputs {
				if _, known := chain.LookupCoin(primitives.OutPoint{Hash: txid, Index: uint32(j)}); known {
					return nil, ruleErrorf(ErrAlreadyKnown, "%s is confirmed", txid)
				}
			}
			return nil, ruleErrorf(ErrMissingInputs, "input %d spends unknown or spent output %s", i, tx.Inputs[i].PrevOut)
		}
		prevOuts[i] = coin.Out
		if coin.Height == mempoolHeight {
			prevHeights[i] = tip + 1
		} else {
			prevHeights[i] = int32(coin.Height)
		}
	}

	lock := consensus.CalculateSequenceLocks(tx, true, prevHeights, chain.MedianTimePast)
	if !consensus.EvaluateSequenceLocks(lock, tip+1, tipMTP) {
		return nil, ruleErrorf(ErrNonBIP68Final, "relative lock not reached at height %d", tip+1)
	}
	fee, err := consensus.CheckTxInputs(tx, view, tip+1, cfg.Params.CoinbaseMaturity)
	if err != nil {
		return nil, wrapConsensus(err)
	}
	if standard {
		if err := AreInputsStandard(tx, prevOuts); err != nil {
			return nil, err
		}
		if tx.HasWitness() {
			if err := IsWitnessStandard(tx, prevOuts); err != nil {
				return nil, err
			}
		}
	}
	sigOpCost := consensus.GetTransactionSigOpCost(tx, prevOuts, StandardScriptFlags)
	if sigOpCost > MaxStandardTxSigOpsCost {
		return nil, ruleErrorf(ErrTooManySigops, "sigop cost %d > %d", sigOpCost, MaxStandardTxSigOpsCost)
	}
	weight := int64(tx.Weight())
	vsize := VirtualSize(weight, sigOpCost)
	// The fee floors, replacement and the package scores use the modified
	// fee (prioritisetransaction), as Core's m_modified_fees.
	modFee := fee + p.deltas[txid]

	if !bypassLimits {
		if minFee := p.minFeeLocked().Fee(vsize); minFee > 0 && modFee < minFee {
			return nil, ruleErrorf(ErrMempoolMinFee, "%d < %d", modFee, minFee)
		}
		if minFee := cfg.MinRelayFee.Fee(vsize); modFee < minFee {
			return nil, ruleErrorf(ErrMinRelayFee, "%d < %d", modFee, minFee)
		}
	}

	anc, err := p.ancestorsChecked(tx, vsize, bypassLimits, conflicts)
	if err != nil {
		return nil, err
	}
	for a := range anc {
		if _, ok := conflicts[a]; ok {
			return nil, ruleErrorf(ErrSpendsConflictingTx, "%s spends conflicting transaction %s", txid, a.txid)
		}
	}
	var replaced map[*entry]struct{}
	if len(conflicts) > 0 {
		replaced, err = p.checkReplacement(tx, txid, modFee, vsize, conflicts)
		if err != nil {
			return nil, err
		}
	}

	if err := p.verifyScripts(tx, prevOuts); err != nil {
		return nil, err
	}

	if entryTime == 0 {
		entryTime = p.now()
	}
	e := &entry{
		tx: tx, txid: txid, wtxid: wtxid, fee: fee, modFee: modFee, vsize: vsize, weight: weight,
		sigOpCost: sigOpCost, time: entryTime, height: tip,
		usage: estimateUsage(tx, tx.SerializeSize()),
	}
	if opts.testOnly {
		e.ancCount, e.ancSize, e.ancFees, e.ancSigOps = 1, vsize, modFee, sigOpCost
		for a := range anc {
			e.ancCount++
			e.ancSize += a.vsize
			e.ancFees += a.modFee
			e.ancSigOps += a.sigOpCost
		}
		e.descCount, e.descSize, e.descFees = 1, vsize, modFee
		return e, nil
	}
	if len(replaced) > 0 {
		p.removeSet(replaced, RemovalReplaced)
	}
	p.addEntry(e)
	if !bypassLimits {
		p.limitSize()
		if _, ok := p.byTxid[txid]; !ok {
			return nil, ruleErrorf(ErrMempoolFull, "%s evicted at once", txid)
		}
	}
	return e, nil
}

// packageLimits are the ancestor and descendant limits one acceptance
// applies.
type packageLimits struct {
	ancCount, ancSize, descCount, descSize int64
}

// extraDescendantTxSizeLimit is Core's EXTRA_DESCENDANT_TX_SIZE_LIMIT, the
// largest transaction the CPFP carve-out admits.
const extraDescendantTxSizeLimit = 10_000

// ancestorsChecked returns the pool ancestors tx would have and applies
// Core's package limits (CalculateMemPoolAncestors): parent and ancestor
// count, ancestor size, and each ancestor's descendant count and size with
// tx added. With exactly one direct conflict the descendant limits grow by
// what the replacement evicts, as Core does; a transaction of at most
// 10,000 vbytes with a single unconfirmed ancestor gets Core's CPFP
// carve-out (one more descendant, 10,000 more vbytes).
func (p *Pool) ancestorsChecked(tx *primitives.Tx, vsize int64, bypass bool, conflicts map[*entry]struct{}) (map[*entry]struct{}, error) {
	var parents []*entry
	for i := range tx.Inputs {
		if parent, ok := p.byTxid[tx.Inputs[i].PrevOut.Hash]; ok && !slices.Contains(parents, parent) {
			parents = append(parents, parent)
		}
	}
	if len(parents) == 0 {
		return nil, nil
	}
	anc := make(map[*entry]struct{})
	for _, parent := range parents {
		anc[parent] = struct{}{}
		maps.Copy(anc, ancestorsOf(parent))
	}
	if bypass {
		return anc, nil
	}
	cfg := &p.cfg
	lim := packageLimits{cfg.AncestorCount, cfg.AncestorSize, cfg.DescendantCount, cfg.DescendantSize}
	if len(conflicts) == 1 {
		for c := range conflicts {
			lim.descCount++
			lim.descSize += c.descSize
		}
	}
	err := checkPackageLimits(anc, len(parents), vsize, lim)
	if err == nil {
		return anc, nil
	}
	if vsize > extraDescendantTxSizeLimit {
		return nil, err
	}
	carveOut := packageLimits{2, lim.ancSize, lim.descCount + 1, lim.descSize + extraDescendantTxSizeLimit}
	if checkPackageLimits(anc, len(parents), vsize, carveOut) != nil {
		return nil, err
	}
	return anc, nil
}

// checkPackageLimits applies lim to a transaction of vsize with ancestors
// anc, nParents of them direct.
func checkPackageLimits(anc map[*entry]struct{}, nParents int, vsize int64, lim packageLimits) error {
	if int64(nParents)+1 > lim.ancCount {
		return ruleErrorf(ErrTooLongMempoolChain, "too many unconfirmed parents [limit: %d]", lim.ancCount)
	}
	if int64(len(anc))+1 > lim.ancCount {
		return ruleErrorf(ErrTooLongMempoolChain, "too many unconfirmed ancestors [limit: %d]", lim.ancCount)
	}
	total := vsize
	for a := range anc {
		total += a.vsize
		if a.descSize+vsize > lim.descSize {
			return ruleErrorf(ErrTooLongMempoolChain, "exceeds descendant size limit for tx %s [limit: %d]", a.txid, lim.descSize)
		}
		if a.descCount+1 > lim.descCount {
			return ruleErrorf(ErrTooLongMempoolChain, "too many descendants for tx %s [limit: %d]", a.txid, lim.descCount)
		}
	}
	if total > lim.ancSize {
		return ruleErrorf(ErrTooLongMempoolChain, "exceeds ancestor size limit [limit: %d]", lim.ancSize)
	}
	return nil
}

// uniqueClusterCount returns how many distinct clusters (connected
// components of the parent/child graph) the entries of set belong to: BIP125
// rule 5 as Core 28+ counts it (GetUniqueClusterCount).
func uniqueClusterCount(set map[*entry]struct{}) int {
	seen := make(map[*entry]struct{})
	count := 0
	var stack []*entry
	for e := range set {
		if _, ok := seen[e]; ok {
			continue
		}
		count++
		seen[e] = struct{}{}
		stack = append(stack[:0], e)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, links := range [2]map[*entry]struct{}{x.parents, x.children} {
				for y := range links {
					if _, ok := seen[y]; !ok {
						seen[y] = struct{}{}
						stack = append(stack, y)
					}
				}
			}
		}
	}
	return count
}

// checkReplacement applies Core's ReplacementChecks (BIP125 rules 2-6 as
// Core 28 enforces them, every transaction replaceable) and returns the
// entries the replacement evicts: the direct conflicts and their
// descendants.
func (p *Pool) checkReplacement(tx *primitives.Tx, txid chainhash.Hash, fee, vsize int64, conflicts map[*entry]struct{}) (map[*entry]struct{}, error) {
	newRate := NewFeeRate(fee, vsize)
	for c := range conflicts {
		if old := NewFeeRate(c.modFee, c.vsize); newRate <= old {
			return nil, ruleErrorf(ErrInsufficientFee, "rejecting replacement %s; new feerate %d <= old feerate %d (sat/kvB)", txid, newRate, old)
		}
	}
	if count := uniqueClusterCount(conflicts); count > MaxReplacementCandidates {
		return nil, ruleErrorf(ErrTooManyReplacements, "rejecting replacement %s; too many potential replacements (%d > %d)", txid, count, MaxReplacementCandidates)
	}
	conflictParents := make(map[chainhash.Hash]struct{})
	for c := range conflicts {
		for i := range c.tx.Inputs {
			conflictParents[c.tx.Inputs[i].PrevOut.Hash] = struct{}{}
		}
	}
	for i := range tx.Inputs {
		h := tx.Inputs[i].PrevOut.Hash
		if _, ok := conflictParents[h]; ok {
			continue
		}
		if _, ok := p.byTxid[h]; ok {
			return nil, ruleErrorf(ErrReplacementAddsUnconfirmed, "replacement %s adds unconfirmed input, idx %d", txid, i)
		}
	}
	all := withDescendants(conflicts)
	var oldFees int64
	for e := range all {
		oldFees += e.modFee
	}
	if fee < oldFees {
		return nil, ruleErrorf(ErrInsufficientFee, "rejecting replacement %s, less fees than conflicting txs; %d < %d", txid, fee, oldFees)
	}
	if extra, need := fee-oldFees, p.cfg.IncrementalRelayFee.Fee(vsize); extra < need {
		return nil, ruleErrorf(ErrInsufficientFee, "rejecting replacement %s, not enough additional fees to relay; %d < %d", txid, extra, need)
	}
	return all, nil
}

// verifyScripts runs every input's scripts under the standard flags, then
// under the chain's consensus flags (Core's PolicyScriptChecks and
// ConsensusScriptChecks). A failure under the standard flags is retried
// without the policy-only flags to tell "non-mandatory-script-verify-flag"
// from "mandatory-script-verify-flag-failed".
func (p *Pool) verifyScripts(tx *primitives.Tx, prevOuts []primitives.TxOut) error {
	p.localSigs.reset(p.cfg.SigCache)
	defer p.localSigs.reset(nil)
	ctx := txscript.TxContext{Tx: tx, PrevOuts: prevOuts, SigCache: &p.localSigs}
	ctx.SigHashes = txscript.NewSigHashes(tx, prevOuts)
	run := func(flags txscript.Flags) (int, error) {
		for i := range tx.Inputs {
			in := &tx.Inputs[i]
			ctx.Index, ctx.Amount = i, prevOuts[i].Value
			if err := p.engine.Verify(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, flags, &ctx); err != nil {
				return i, err
			}
		}
		return 0, nil
	}
	if i, err := run(StandardScriptFlags); err != nil {
		in := &tx.Inputs[i]
		ctx.Index, ctx.Amount = i, prevOuts[i].Value
		if p.engine.Verify(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, StandardScriptFlags&^StandardNotMandatoryFlags, &ctx) == nil {
			return scriptError(ErrNonMandatoryScript, i, err)
		}
		return scriptError(ErrMandatoryScript, i, err)
	}
	if i, err := run(p.cfg.Chain.ScriptFlags()); err != nil {
		return scriptError(ErrMandatoryScript, i, err)
	}
	return nil
}

func scriptError(kind ErrorKind, input int, err error) *RuleError {
	desc := err.Error()
	var se *txscript.Error
	if errors.As(err, &se) {
		desc = se.Description
	}
	return &RuleError{
		Err:         kind,
		Description: "input " + strconv.Itoa(input) + ": " + err.Error(),
		reason:      string(kind) + " (" + desc + ")",
	}
}

// wrapConsensus turns a consensus rejection into a *RuleError that keeps
// Core's reason and unwraps to the consensus error (and so its kind).
func wrapConsensus(err error) error {
	var ce *consensus.RuleError
	if errors.As(err, &ce) {
		return &RuleError{Err: ce, Description: ce.Description}
	}
	return err
}

// txSigCache remembers the signatures verified for one transaction, so
// the consensus-flags pass does not verify them again when the pool has no
// shared cache (or the shared one dropped them); it forwards to the shared
// cache. Entries alias the transaction's witness and scriptSig bytes and
// live for one verifyScripts call.
type txSigCache struct {
	shared  txscript.SigCache
	entries []sigEntry
}

type sigEntry struct {
	hash        chainhash.Hash
	sig, pubKey []byte
}

func (c *txSigCache) reset(shared txscript.SigCache) {
	c.shared = shared
	clear(c.entries)
	c.entries = c.entries[:0]
}

// Exists reports whether the signature verified earlier in this call or
// is in the shared cache.
func (c *txSigCache) Exists(sigHash chainhash.Hash, sig, pubKey []byte) bool {
	for i := range c.entries {
		e := &c.entries[i]
		if e.hash == sigHash && bytes.Equal(e.sig, sig) && bytes.Equal(e.pubKey, pubKey) {
			return true
		}
	}
	return c.shared != nil && c.shared.Exists(sigHash, sig, pubKey)
}

// Add records a verified signature here and in the shared cache.
func (c *txSigCache) Add(sigHash chainhash.Hash, sig, pubKey []byte) {
	c.entries = append(c.entries, sigEntry{hash: sigHash, sig: sig, pubKey: pubKey})
	if c.shared != nil {
		c.shared.Add(sigHash, sig, pubKey)
	}
}
