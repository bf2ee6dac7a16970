package wallet

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Sequence numbers the wallet uses: BIP125-signalling (the default, as
// Core's -walletrbf) or final-but-locktime-enabled.
const (
	SequenceRBF   = 0xfffffffd
	SequenceNoRBF = 0xfffffffe
)

// FundOptions control how a transaction is funded (fundrawtransaction,
// send, sendmany, sendtoaddress, walletcreatefundedpsbt).
type FundOptions struct {
	// FeeRate is an explicit fee rate in sat/kvB (0: estimate).
	FeeRate int64
	// ConfTarget is the estimator's target (0: ManagerConfig.ConfTarget).
	ConfTarget int
	// Conservative asks the estimator for its conservative mode.
	Conservative bool
	// SubtractFeeFrom lists output indexes that pay the fee.
	SubtractFeeFrom []int
	// ChangeScript pays change there instead of a new change address.
	ChangeScript []byte
	// ChangeType is the change address type ("": configured default).
	ChangeType string
	// ChangePosition is where change goes (-1: random).
	ChangePosition int
	// MinConf is the minimum confirmations of selected coins (0: trusted
	// unconfirmed coins are allowed, as Core's spendzeroconfchange).
	MinConf int32
	// AddInputs allows inputs beyond the transaction's preset ones.
	AddInputs bool
	// LockUnspents locks the selected coins.
	LockUnspents bool
	// Replaceable sets BIP125 sequences on new inputs.
	Replaceable bool
	// NoAntiFeeSnipe keeps the lock time as given instead of the tip
	// height.
	NoAntiFeeSnipe bool
	// AllowUsed spends coins of already spent-from addresses in an
	// avoid_reuse wallet (sendtoaddress avoid_reuse=false).
	AllowUsed bool
	// MaxTxFee overrides ManagerConfig.MaxTxFee (0: the config's).
	MaxTxFee int64
	// Rand drives the selection randomness (nil: a random source).
	Rand *rand.Rand
}

// DefaultFundOptions are the defaults of Core's send RPCs.
func DefaultFundOptions() FundOptions {
	return FundOptions{ChangePosition: -1, AddInputs: true, Replaceable: true}
}

// FundResult is a funded transaction.
type FundResult struct {
	Tx        *primitives.Tx
	Fee       int64
	ChangePos int // -1: no change
	FeeRate   int64
	PrevOuts  []primitives.TxOut
	Algo      SelectionAlgo
}

// FeeRate returns the fee rate a send would use with opts, in sat/kvB, and
// the confirmation target behind it (0 when explicit).
//
// This function is safe for concurrent access.
func (w *Wallet) FeeRate(opts FundOptions) (int64, int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.feeRateLocked(opts)
}

func (w *Wallet) feeRateLocked(opts FundOptions) (int64, int, error) {
	cfg := &w.m.cfg
	if opts.FeeRate > 0 {
		if opts.FeeRate < minRelayFeeRate {
			return 0, 0, makeError(ErrInvalidParameter, "Fee rate (%s sat/vB) is lower than the minimum fee rate setting (%s sat/vB)", satPerVB(opts.FeeRate), satPerVB(minRelayFeeRate))
		}
		return opts.FeeRate, 0, nil
	}
	if w.payTxFee > 0 {
		return max(w.payTxFee, cfg.MinTxFee), 0, nil
	}
	target := opts.ConfTarget
	if target <= 0 {
		target = cfg.ConfTarget
	}
	rate := int64(0)
	if w.m.cfg.FeeSource != nil {
		if r, blocks, ok := w.m.cfg.FeeSource.EstimateSmartFee(target, opts.Conservative); ok && r > 0 {
			rate, target = r, blocks
		}
	}
	if rate == 0 {
		if cfg.FallbackFee <= 0 {
			return 0, 0, makeError(ErrFeeEstimation, "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.")
		}
		rate = cfg.FallbackFee
	}
	return max(rate, cfg.MinTxFee, minRelayFeeRate), target, nil
}

func satPerVB(rate int64) string {
	return fmt.Sprintf("%d.%03d", rate/1000, rate%1000)
}

// changeScript returns the change script for opts: the given one or the
// next change address (committed only when the change output is kept).
func (w *Wallet) changeScript(opts FundOptions, outputs []primitives.TxOut) ([]byte, error) {
	if opts.ChangeScript != nil {
		return opts.ChangeScript, nil
	}
	t := opts.ChangeType
	if t == "" {
		t = w.changeTypeFor(outputs)
	}
	wd := w.active[activeKey{t, true}]
	if wd == nil {
		return nil, makeError(ErrNoDescriptor, "Transaction needs a change address, but we can't generate it.")
	}
	exp, err := wd.desc.Expand(wd.rec.Next)
	if err != nil {
		return nil, err
	}
	return exp.ScriptPubKeys[0], nil
}

// changeTypeFor is Core's TransactionChangeType: -changetype when set;
// legacy when the default type is legacy; else bech32m when paying a taproot
// output, bech32 when paying a segwit v0 output, the default type otherwise.
func (w *Wallet) changeTypeFor(outputs []primitives.TxOut) string {
	cfg := &w.m.cfg
	if cfg.ChangeType != "" {
		return cfg.ChangeType
	}
	if cfg.AddressType == TypeLegacy {
		return TypeLegacy
	}
	anyTR, anyV0 := false, false
	for _, o := range outputs {
		switch classify(o.ScriptPubKey) {
		case kindP2TR:
			anyTR = true
		case kindP2WPKH:
			anyV0 = true
		default:
			if len(o.ScriptPubKey) == 34 && o.ScriptPubKey[0] == 0x00 && o.ScriptPubKey[1] == 0x20 {
				anyV0 = true
			}
		}
	}
	if anyTR && w.active[activeKey{TypeBech32m, true}] != nil {
		return TypeBech32m
	}
	if anyV0 && w.active[activeKey{TypeBech32, true}] != nil {
		return TypeBech32
	}
	return cfg.AddressType
}

// commitChange marks the change address of spk as used.
func (w *Wallet) commitChange(spk []byte) {
	if ref, ok := w.scripts[string(spk)]; ok && ref.d.desc.IsRange() && ref.index >= ref.d.rec.Next {
		ref.d.rec.Next = ref.index + 1
		_ = w.topUp(ref.d)
	}
}

// txWeight estimates the weight of tx with the given input weights.
func txWeight(nIn int, inWeights int, outputs []primitives.TxOut, segwit bool) int {
	base := 4 + 4 + primitives.CompactSizeLen(uint64(nIn)) + primitives.CompactSizeLen(uint64(len(outputs)))
	for _, o := range outputs {
		base += outputSize(o.ScriptPubKey)
	}
	w := base*4 + inWeights
	if segwit {
		w += 2
	}
	return w
}

func vsizeOf(weight int) int64 { return int64((weight + 3) / 4) }

// Fund adds inputs (and change) to tx so that it pays its outputs and the
// fee, as Core's FundTransaction / CreateTransaction. Inputs already in tx
// are kept (they must be wallet coins); the result is unsigned.
//
// This function is safe for concurrent access.
func (w *Wallet) Fund(tx *primitives.Tx, opts FundOptions) (*FundResult, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fundLocked(tx, opts)
}

func (w *Wallet) fundLocked(tmpl *primitives.Tx, opts FundOptions) (*FundResult, error) {
	if len(tmpl.Outputs) == 0 {
		return nil, makeError(ErrInvalidParameter, "Transaction must have at least one recipient")
	}
	rng := opts.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	feeRate, _, err := w.feeRateLocked(opts)
	if err != nil {
		return nil, err
	}
	tx := tmpl.Copy()
	sffo := make(map[int]bool)
	var recipients int64
	for i, o := range tx.Outputs {
		if o.Value < 0 {
			return nil, makeError(ErrInvalidAmount, "Transaction amounts must not be negative")
		}
		recipients += o.Value
		if slices.Contains(opts.SubtractFeeFrom, i) {
			sffo[i] = true
		} else if o.Value < dustThreshold(o.ScriptPubKey) && (len(o.ScriptPubKey) == 0 || o.ScriptPubKey[0] != 0x6a) {
			return nil, makeError(ErrInvalidAmount, "Transaction amount too small")
		}
	}
	for _, i := range opts.SubtractFeeFrom {
		if i < 0 || i >= len(tx.Outputs) {
			return nil, makeError(ErrInvalidParameter, "Invalid parameter, subtract fee from output #%d is out of range", i)
		}
	}

	// Preset inputs.
	var prevOuts []primitives.TxOut
	var presetValue int64
	presetWeight := 0
	presetSet := make(map[primitives.OutPoint]bool)
	for _, in := range tx.Inputs {
		wtx, ok := w.txs[in.PrevOut.Hash]
		if !ok || int(in.PrevOut.Index) >= len(wtx.tx.Outputs) {
			return nil, makeError(ErrInvalidParameter, "Unable to find UTXO for external input")
		}
		o := wtx.tx.Outputs[in.PrevOut.Index]
		iw := inputWeight(o.ScriptPubKey)
		if iw == 0 {
			return nil, makeError(ErrInvalidParameter, "Not solvable pre-selected input %s", in.PrevOut)
		}
		prevOuts = append(prevOuts, o)
		presetValue += o.Value
		presetWeight += iw
		presetSet[in.PrevOut] = true
	}

	changeSpk, err := w.changeScript(opts, tx.Outputs)
	if err != nil {
		return nil, err
	}
	changeOut := primitives.TxOut{ScriptPubKey: changeSpk}
	changeFee := feeForVSize(feeRate, int64(outputSize(changeSpk)))
	changeSpendWeight := inputWeight(changeSpk)
	if changeSpendWeight == 0 {
		changeSpendWeight = weightP2PKH
	}
	costOfChange := changeFee + feeForVSize(discardFeeRate, vsizeOf(changeSpendWeight))

	// Candidate coins.
	var coins []SelectCoin
	if opts.AddInputs || len(tx.Inputs) == 0 {
		for _, u := range w.unspentLocked() {
			if u.Locked || u.Immature || !u.Spendable || presetSet[u.OutPoint] || !u.Trusted || u.Confirmations < opts.MinConf || (u.Used && !opts.AllowUsed) {
				continue
			}
			iw := inputWeight(u.TxOut.ScriptPubKey)
			if iw == 0 {
				continue
			}
			c := NewSelectCoin(u.OutPoint, u.TxOut, iw, feeRate, consolidateFeeRate)
			if len(sffo) > 0 {
				// The recipients pay the fee: select on plain values, as
				// Core's GetSelectionAmount does.
				c.EffValue = c.TxOut.Value
			}
			coins = append(coins, c)
		}
	}

	// The fee of everything but the inputs (Core's tx_noinputs_size).
	noInputWeight := txWeight(0, 0, tx.Outputs, true)
	noInputFee := feeForVSize(feeRate, vsizeOf(noInputWeight))
	presetEff := presetValue - feeForVSize(feeRate, vsizeOf(presetWeight))
	target := recipients - presetEff
	if len(sffo) == 0 {
		target += noInputFee
	} else {
		target = recipients - presetValue
	}
	var sel SelectionResult
	sel.Algo = AlgoManual
	if target > 0 || len(tx.Inputs) == 0 {
		if !opts.AddInputs && len(tx.Inputs) > 0 {
			return nil, makeError(ErrInsufficientFunds, "Insufficient funds")
		}
		var ok bool
		selChangeFee := changeFee
		if len(sffo) > 0 {
			selChangeFee = 0 // the recipients pay for the change output too
		}
		sel, ok = SelectCoins(coins, SelectParams{
			Target:       max(target, 1),
			ChangeFee:    selChangeFee,
			CostOfChange: costOfChange,
			MinChange:    ChangeTarget(recipients, rng),
			MaxWeight:    maxStandardWeight - noInputWeight - presetWeight,
			SkipBnB:      len(sffo) > 0,
		}, rng)
		if !ok {
			return nil, makeError(ErrInsufficientFunds, "Insufficient funds")
		}
	}

	// Build the inputs.
	seq := uint32(SequenceNoRBF)
	if opts.Replaceable {
		seq = SequenceRBF
	}
	inWeight := presetWeight
	inValue := presetValue
	for _, ci := range sel.Coins {
		c := coins[ci]
		tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: c.OutPoint, Sequence: seq})
		prevOuts = append(prevOuts, c.TxOut)
		inWeight += c.InputWeight
		inValue += c.TxOut.Value
	}
	// Anti fee sniping (Core's DiscourageFeeSniping): lock to the tip.
	if !opts.NoAntiFeeSnipe && tx.LockTime == 0 && w.bestHeight > 0 {
		tx.LockTime = uint32(w.bestHeight)
	}

	// Fee and change.
	weightNoChange := txWeight(len(tx.Inputs), inWeight, tx.Outputs, true)
	feeNoChange := feeForVSize(feeRate, vsizeOf(weightNoChange))
	withChange := append(slices.Clone(tx.Outputs), changeOut)
	weightChange := txWeight(len(tx.Inputs), inWeight, withChange, true)
	feeChange := feeForVSize(feeRate, vsizeOf(weightChange))

	changePos := -1
	var fee int64
	if len(sffo) == 0 {
		change := inValue - recipients - feeChange
		minViable := max(dustThreshold(changeSpk)+1, feeForVSize(discardFeeRate, vsizeOf(changeSpendWeight))+1)
		if change >= minViable {
			changeOut.Value = change
			changePos = w.insertChange(tx, changeOut, opts.ChangePosition, rng)
			if changePos < 0 {
				return nil, makeError(ErrInvalidParameter, "Change index out of bounds")
			}
			fee = feeChange
		} else {
			fee = inValue - recipients
			if fee < feeNoChange {
				return nil, makeError(ErrInsufficientFunds, "Insufficient funds")
			}
		}
	} else {
		// Subtract the fee from the chosen outputs: equally, the first one
		// paying the remainder (Core's behaviour).
		change := inValue - recipients
		fee = feeNoChange
		useChange := change-feeChange+feeNoChange > dustThreshold(changeSpk)
		if useChange {
			fee = feeChange
			changeOut.Value = change
		} else {
			fee = feeNoChange - change
			if fee < 0 {
				fee = 0
			}
		}
		n := int64(len(sffo))
		share, rest := fee/n, fee%n
		first := true
		for i := range tx.Outputs {
			if !sffo[i] {
				continue
			}
			tx.Outputs[i].Value -= share
			if first {
				tx.Outputs[i].Value -= rest
				first = false
			}
			if tx.Outputs[i].Value < dustThreshold(tx.Outputs[i].ScriptPubKey) {
				return nil, makeError(ErrInvalidAmount, "The transaction amount is too small to pay the fee")
			}
		}
		if useChange {
			changePos = w.insertChange(tx, changeOut, opts.ChangePosition, rng)
			if changePos < 0 {
				return nil, makeError(ErrInvalidParameter, "Change index out of bounds")
			}
			fee = feeChange
		} else {
			fee = inValue - sumOutputs(tx.Outputs)
		}
	}
	maxFee := opts.MaxTxFee
	if maxFee == 0 {
		maxFee = w.m.cfg.MaxTxFee
	}
	if fee > maxFee {
		return nil, makeError(ErrFeeTooHigh, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
	}
	weight := weightNoChange
	if changePos >= 0 {
		weight = weightChange
	}
	if weight > maxStandardWeight {
		return nil, makeError(ErrTxTooLarge, "Transaction too large")
	}
	if changePos >= 0 {
		w.commitChange(changeSpk)
	}
	if opts.LockUnspents {
		for _, in := range tx.Inputs {
			w.locked[in.PrevOut] = true
		}
	}
	return &FundResult{Tx: tx, Fee: fee, ChangePos: changePos, FeeRate: feeRate, PrevOuts: prevOuts, Algo: sel.Algo}, nil
}

func sumOutputs(outs []primitives.TxOut) int64 {
	var s int64
	for _, o := range outs {
		s += o.Value
	}
	return s
}

// insertChange puts the change output at pos (-1: random) and returns its
// index, or -1 when pos is out of range.
func (w *Wallet) insertChange(tx *primitives.Tx, out primitives.TxOut, pos int, rng *rand.Rand) int {
	if pos < 0 {
		pos = rng.IntN(len(tx.Outputs) + 1)
	} else if pos > len(tx.Outputs) {
		return -1
	}
	tx.Outputs = slices.Insert(tx.Outputs, pos, out)
	return pos
}

// Recipient is one output of a send.
type Recipient struct {
	Script      []byte
	Amount      int64
	SubtractFee bool
}

// SendResult is a broadcast transaction.
type SendResult struct {
	TxID chainhash.Hash
	Tx   *primitives.Tx
	Fee  int64
	// FeeRate is the rate used, sat/kvB.
	FeeRate int64
}

// Send funds, signs, broadcasts and records a transaction paying
// recipients (sendtoaddress, sendmany, send).
//
// This function is safe for concurrent access.
func (w *Wallet) Send(recipients []Recipient, opts FundOptions) (*SendResult, error) {
	tx := &primitives.Tx{Version: 2}
	opts.SubtractFeeFrom = nil
	for i, r := range recipients {
		if r.Amount <= 0 {
			return nil, makeError(ErrInvalidAmount, "Invalid amount for send")
		}
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: r.Amount, ScriptPubKey: r.Script})
		if r.SubtractFee {
			opts.SubtractFeeFrom = append(opts.SubtractFeeFrom, i)
		}
	}
	return w.SendTx(tx, opts)
}

// SendTx funds (adding inputs and change to tmpl), signs, broadcasts and
// records a transaction.
//
// This function is safe for concurrent access.
func (w *Wallet) SendTx(tmpl *primitives.Tx, opts FundOptions) (*SendResult, error) {
	w.sendMu.Lock()
	defer w.sendMu.Unlock()
	tx, fr, err := w.fundAndSign(tmpl, opts)
	if err != nil {
		return nil, err
	}
	if err := w.broadcast(tx); err != nil {
		return nil, err
	}
	return &SendResult{TxID: tx.TxHash(), Tx: tx, Fee: fr.Fee, FeeRate: fr.FeeRate}, nil
}

func (w *Wallet) fundAndSign(tmpl *primitives.Tx, opts FundOptions) (*primitives.Tx, *FundResult, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.PrivateKeysDisabled() {
		return nil, nil, makeError(ErrPrivateKeysDisabled, "Error: Private keys are disabled for this wallet")
	}
	if w.mkey != nil && w.masterKey == nil {
		return nil, nil, lockedError()
	}
	fr, err := w.fundLocked(tmpl, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := w.signFundedLocked(fr); err != nil {
		return nil, nil, err
	}
	return fr.Tx, fr, nil
}

// signFundedLocked signs every input of a funded transaction, failing
// with ErrSigning (and the first input's reason) unless the signatures are
// complete. w.mu must be held.
func (w *Wallet) signFundedLocked(fr *FundResult) error {
	complete, errs, err := w.signLocked(fr.Tx, fr.PrevOuts)
	if err != nil {
		return err
	}
	if !complete {
		msg := "Signing transaction failed"
		if len(errs) > 0 {
			msg += ": " + errs[0].Error
		}
		return makeError(ErrSigning, "%s", msg)
	}
	return nil
}

// broadcast submits tx without holding the wallet lock (the node's mempool
// calls TxAccepted back synchronously) and records it as pending.
// Precondition: w.sendMu held, so no other send picks the same coins.
func (w *Wallet) broadcast(tx *primitives.Tx) error {
	if w.m.cfg.Broadcaster == nil {
		return makeError(ErrBroadcast, "Error: no mempool to broadcast to")
	}
	if err := w.m.cfg.Broadcaster.BroadcastTransaction(tx); err != nil {
		var e Error
		if errors.As(err, &e) {
			return err
		}
		return Error{Err: ErrBroadcast, Description: err.Error()}
	}
	w.m.log.Info("wallet: transaction sent", "wallet", w.name, "txid", tx.TxHash().String())
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.acceptLocked(tx)
}

// Broadcast submits a signed transaction and records it (sendrawtransaction
// through the wallet, walletprocesspsbt+finalize flows).
//
// This function is safe for concurrent access.
func (w *Wallet) Broadcast(tx *primitives.Tx) error {
	w.sendMu.Lock()
	defer w.sendMu.Unlock()
	return w.broadcast(tx)
}

// SetPayTxFee sets the wallet's fixed fee rate (settxfee), 0 to clear.
//
// This function is safe for concurrent access.
func (w *Wallet) SetPayTxFee(rate int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.payTxFee = rate
	return storageErr(w.db.Put(keySettings, []byte(`{"paytxfee":`+strconv.FormatInt(rate, 10)+`}`)))
}

// PayTxFee returns the settxfee rate (0 when unset).
//
// This function is safe for concurrent access.
func (w *Wallet) PayTxFee() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.payTxFee
}

// pendingOwn returns the wallet's own unconfirmed transactions that are
// neither abandoned nor conflicted, oldest first (parents before children).
func (w *Wallet) pendingOwn() []*primitives.Tx {
	w.mu.Lock()
	defer w.mu.Unlock()
	var list []*walletTx
	for _, wtx := range w.txs {
		if wtx.height >= 0 || wtx.abandoned || wtx.tx.IsCoinBase() || w.depth(wtx) != 0 {
			continue
		}
		fromMe := false
		for _, in := range wtx.tx.Inputs {
			if w.isMineOutPoint(in.PrevOut) {
				fromMe = true
				break
			}
		}
		if fromMe {
			list = append(list, wtx)
		}
	}
	slices.SortFunc(list, func(a, b *walletTx) int { return int(a.orderPos - b.orderPos) })
	out := make([]*primitives.Tx, len(list))
	for i, wtx := range list {
		out[i] = wtx.tx
	}
	return out
}

// ResubmitPending hands every loaded wallet's own pending transactions to
// the Broadcaster again (Core's ResubmitWalletTransactions, at startup and
// now and then), returning how many were accepted. Rejections are logged.
//
// This function is safe for concurrent access.
func (m *Manager) ResubmitPending() int {
	if m.cfg.Broadcaster == nil {
		return 0
	}
	n := 0
	for _, w := range m.snapshot() {
		n += m.resubmit(w)
	}
	return n
}

// resubmit hands w's own pending transactions to the Broadcaster and
// returns how many it accepted. No wallet or manager lock may be held.
func (m *Manager) resubmit(w *Wallet) int {
	if m.cfg.Broadcaster == nil {
		return 0
	}
	n := 0
	for _, tx := range w.pendingOwn() {
		if err := m.cfg.Broadcaster.BroadcastTransaction(tx); err != nil {
			m.log.Debug("wallet: resubmit", "wallet", w.name, "txid", tx.TxHash().String(), "err", err)
			continue
		}
		n++
	}
	return n
}
