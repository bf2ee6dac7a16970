package mempool

import (
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Policy limits, Core's src/policy/policy.h.
const (
	// MaxStandardVersion is the highest standard transaction version. Core
	// 28+ also relays version 3 (TRUC, BIP431) under extra topology rules
	// this package does not implement, so version 3 is non-standard here.
	MaxStandardVersion = 2
	// MaxStandardTxWeight is the largest standard weight (100,000 vbytes).
	MaxStandardTxWeight = 400_000
	// MinStandardTxNonWitnessSize is the smallest standard stripped size.
	MinStandardTxNonWitnessSize = 65
	// MaxStandardScriptSigSize is the largest standard scriptSig.
	MaxStandardScriptSigSize = 1650
	// MaxP2SHSigOps is the most sigops a standard P2SH redeem script has.
	MaxP2SHSigOps = 15
	// MaxStandardTxSigOpsCost is the largest standard sigop cost.
	MaxStandardTxSigOpsCost = consensus.MaxBlockSigOpsCost / 5
	// MaxStandardP2WSHScriptSize is the largest standard witness script.
	MaxStandardP2WSHScriptSize = 3600
	// MaxStandardP2WSHStackItems is the most stack items (script
	// excluded) of a standard P2WSH spend.
	MaxStandardP2WSHStackItems = 100
	// MaxStandardP2WSHStackItemSize is the largest standard P2WSH stack
	// item (script excluded).
	MaxStandardP2WSHStackItemSize = 80
	// MaxStandardTapscriptStackItemSize is the largest standard tapscript
	// stack item (script and control block excluded).
	MaxStandardTapscriptStackItemSize = 80
	// MaxOpReturnRelay is Core's default -datacarriersize: the largest
	// standard OP_RETURN output script, opcode included.
	MaxOpReturnRelay = 83
	// BytesPerSigOp is Core's -bytespersigop: the virtual size charged per
	// sigop when sigops dominate the weight.
	BytesPerSigOp = 20
	// DefaultDustRelayFee is Core's DUST_RELAY_TX_FEE in sat/kvB (3 sat/vB).
	DefaultDustRelayFee FeeRate = 3000
	// DefaultMinRelayFee is the minimum relay fee rate in sat/kvB. We use
	// Core's long-standing 1 sat/vB (DEFAULT_MIN_RELAY_TX_FEE = 1000 up to
	// v28); Core 29.1+ lowered it to 0.1 sat/vB (100), set
	// Config.MinRelayFee for that.
	DefaultMinRelayFee FeeRate = 1000
	// DefaultIncrementalRelayFee is Core's DEFAULT_INCREMENTAL_RELAY_FEE in
	// sat/kvB, used by replacement and the rolling minimum fee.
	DefaultIncrementalRelayFee FeeRate = 1000
)

// MandatoryScriptFlags are the flags whose failure makes a transaction
// invalid by consensus (Core's MANDATORY_SCRIPT_VERIFY_FLAGS).
const MandatoryScriptFlags = txscript.FlagP2SH | txscript.FlagDERSig | txscript.FlagNullDummy |
	txscript.FlagCheckLockTimeVerify | txscript.FlagCheckSequenceVerify |
	txscript.FlagWitness | txscript.FlagTaproot

// StandardScriptFlags are the flags the mempool verifies scripts with
// (Core's STANDARD_SCRIPT_VERIFY_FLAGS).
const StandardScriptFlags = MandatoryScriptFlags | txscript.FlagStrictEnc | txscript.FlagMinimalData |
	txscript.FlagDiscourageUpgradableNops | txscript.FlagCleanStack | txscript.FlagMinimalIf |
	txscript.FlagNullFail | txscript.FlagLowS | txscript.FlagDiscourageUpgradableWitnessProgram |
	txscript.FlagWitnessPubKeyType | txscript.FlagConstScriptCode |
	txscript.FlagDiscourageUpgradableTaprootVersion | txscript.FlagDiscourageOpSuccess |
	txscript.FlagDiscourageUpgradablePubKeyType

// StandardNotMandatoryFlags are the policy-only flags.
const StandardNotMandatoryFlags = StandardScriptFlags &^ MandatoryScriptFlags

// FeeRate is a fee rate in satoshis per 1,000 virtual bytes (Core's
// CFeeRate).
type FeeRate int64

// NewFeeRate returns the rate of fee satoshis over size vbytes.
func NewFeeRate(fee int64, size int64) FeeRate {
	if size <= 0 {
		return 0
	}
	return FeeRate(fee * 1000 / size)
}

// Fee returns the fee for size vbytes at rate r, rounded down but at least
// one satoshi for a positive rate and size (Core's CFeeRate::GetFee).
func (r FeeRate) Fee(size int64) int64 {
	fee := int64(r) * size / 1000
	if fee == 0 && size != 0 && r > 0 {
		return 1
	}
	return fee
}

// VirtualSize returns Core's GetVirtualTransactionSize: the weight, or the
// sigop cost times BytesPerSigOp when larger, over four rounded up.
func VirtualSize(weight, sigOpCost int64) int64 {
	w := max(weight, sigOpCost*BytesPerSigOp)
	return (w + primitives.WitnessScaleFactor - 1) / primitives.WitnessScaleFactor
}

// StandardOptions are the tunable parts of IsStandardTx.
type StandardOptions struct {
	// DustRelayFee sets the dust thresholds (sat/kvB).
	DustRelayFee FeeRate
	// PermitBareMultisig relays bare multisig outputs (Core's default:
	// true).
	PermitBareMultisig bool
	// MaxDataCarrierSize is the largest OP_RETURN script; negative
	// rejects all OP_RETURN outputs.
	MaxDataCarrierSize int
}

// DefaultStandardOptions returns Core's defaults.
func DefaultStandardOptions() StandardOptions {
	return StandardOptions{DustRelayFee: DefaultDustRelayFee, PermitBareMultisig: true, MaxDataCarrierSize: MaxOpReturnRelay}
}

// isUnspendable is Core's CScript::IsUnspendable.
func isUnspendable(script []byte) bool {
	return len(script) > 0 && script[0] == txscript.OP_RETURN || len(script) > 10_000
}

// DustThreshold returns the smallest value out may carry without being dust
// at dustRelayFee (Core's GetDustThreshold): the fee to spend it, counting
// the output itself plus a typical input, 148 bytes for a legacy output and
// 67 vbytes (witness discounted) for a witness program. Unspendable outputs
// have no threshold.
//
// This function is safe for concurrent access.
func DustThreshold(out *primitives.TxOut, dustRelayFee FeeRate) int64 {
	if isUnspendable(out.ScriptPubKey) {
		return 0
	}
	n := int64(8 + compactSizeLen(len(out.ScriptPubKey)) + len(out.ScriptPubKey))
	if txscript.IsWitnessProgram(out.ScriptPubKey) {
		n += 32 + 4 + 1 + 107/primitives.WitnessScaleFactor + 4
	} else {
		n += 32 + 4 + 1 + 107 + 4
	}
	return dustRelayFee.Fee(n)
}

// IsDust reports whether out is worth less than its dust threshold.
//
// This function is safe for concurrent access.
func IsDust(out *primitives.TxOut, dustRelayFee FeeRate) bool {
	return out.Value < DustThreshold(out, dustRelayFee)
}

func compactSizeLen(n int) int {
	switch {
	case n < 0xfd:
		return 1
	case n <= 0xffff:
		return 3
	case n <= 0xffffffff:
		return 5
	}
	return 9
}

// isStandardScript is Core's IsStandard for an output script.
func isStandardScript(script []byte, opts *StandardOptions) (txscript.ScriptClass, bool) {
	class := txscript.ClassifyScript(script)
	switch class {
	case txscript.NonStandardTy:
		return class, false
	case txscript.MultiSigTy:
		m, n := multisigCounts(script)
		if n < 1 || n > 3 || m < 1 || m > n {
			return class, false
		}
	case txscript.NullDataTy:
		if opts.MaxDataCarrierSize < 0 || len(script) > opts.MaxDataCarrierSize {
			return class, false
		}
	}
	return class, true
}

// multisigCounts reads m and n of a script ClassifyScript matched as bare
// multisig: the first and the second-to-last opcodes.
func multisigCounts(script []byte) (m, n int) {
	var ops []int
	t := txscript.MakeTokenizer(script)
	for t.Next() {
		op := t.Opcode()
		switch {
		case op >= txscript.OP_1 && op <= txscript.OP_16:
			ops = append(ops, int(op-txscript.OP_1+1))
		case op <= txscript.OP_PUSHDATA4 && len(t.Data()) <= 2 && len(t.Data()) > 0:
			v, err := txscript.ParseScriptNum(t.Data(), true, 4)
			if err != nil {
				v = -1
			}
			ops = append(ops, int(v))
		default:
			ops = append(ops, -1)
		}
	}
	if len(ops) < 3 {
		return 0, 0
	}
	return ops[0], ops[len(ops)-2]
}

// IsStandardTx applies Core's IsStandardTx to tx, in Core's order: version
// ("version"), weight ("tx-size"), each scriptSig's size and push-only form
// ("scriptsig-size", "scriptsig-not-pushonly"), each output's template
// ("scriptpubkey", "bare-multisig"), OP_RETURN count ("multi-op-return")
// and dust ("dust"). Core 28+'s ephemeral dust exemption (one dust output in
// a zero-fee transaction) is not implemented: any dust output fails.
//
// This function is safe for concurrent access.
func IsStandardTx(tx *primitives.Tx, opts *StandardOptions) error {
	if tx.Version < 1 || tx.Version > MaxStandardVersion {
		return ruleErrorf(ErrVersion, "version %d", tx.Version)
	}
	if w := tx.Weight(); w > MaxStandardTxWeight {
		return ruleErrorf(ErrTxSize, "weight %d > %d", w, MaxStandardTxWeight)
	}
	for i := range tx.Inputs {
		ss := tx.Inputs[i].ScriptSig
		if len(ss) > MaxStandardScriptSigSize {
			return ruleErrorf(ErrScriptSigSize, "input %d scriptSig is %d bytes", i, len(ss))
		}
		if !txscript.IsPushOnly(ss) {
			return ruleErrorf(ErrScriptSigNotPushOnly, "input %d", i)
		}
	}
	dataOuts := 0
	for i := range tx.Outputs {
		out := &tx.Outputs[i]
		class, ok := isStandardScript(out.ScriptPubKey, opts)
		if !ok {
			return ruleErrorf(ErrScriptPubKey, "output %d", i)
		}
		switch {
		case class == txscript.NullDataTy:
			dataOuts++
		case class == txscript.MultiSigTy && !opts.PermitBareMultisig:
			return ruleErrorf(ErrBareMultisig, "output %d", i)
		}
	}
	for i := range tx.Outputs {
		if IsDust(&tx.Outputs[i], opts.DustRelayFee) {
			return ruleErrorf(ErrDust, "output %d value %d below threshold %d", i, tx.Outputs[i].Value,
				DustThreshold(&tx.Outputs[i], opts.DustRelayFee))
		}
	}
	if dataOuts > 1 {
		return ruleErrorf(ErrMultiOpReturn, "%d OP_RETURN outputs", dataOuts)
	}
	return nil
}

// lastPush returns the last element a push-only scriptSig leaves on the
// stack, and false when it leaves none or is not push-only.
func lastPush(scriptSig []byte) ([]byte, bool) {
	var last []byte
	found := false
	t := txscript.MakeTokenizer(scriptSig)
	for t.Next() {
		op := t.Opcode()
		switch {
		case op == txscript.OP_0:
			last = nil
		case op <= txscript.OP_PUSHDATA4:
			if len(t.Data()) > txscript.MaxScriptElementSize {
				return nil, false // EvalScript fails on oversized pushes
			}
			last = t.Data()
		case op == txscript.OP_1NEGATE:
			last = []byte{0x81}
		case op >= txscript.OP_1 && op <= txscript.OP_16:
			last = []byte{op - txscript.OP_1 + 1}
		default:
			return nil, false
		}
		found = true
	}
	if t.Err() != nil {
		return nil, false
	}
	return last, found
}

// AreInputsStandard applies Core's AreInputsStandard: every spent output
// must be a standard template other than an unknown witness version, and a
// P2SH redeem script may hold at most MaxP2SHSigOps sigops. prevOuts are
// the spent outputs in input order. Failures are
// "bad-txns-nonstandard-inputs".
//
// This function is safe for concurrent access.
func AreInputsStandard(tx *primitives.Tx, prevOuts []primitives.TxOut) error {
	if tx.IsCoinBase() {
		return nil
	}
	for i := range tx.Inputs {
		pk := prevOuts[i].ScriptPubKey
		switch txscript.ClassifyScript(pk) {
		case txscript.NonStandardTy, txscript.WitnessUnknownTy:
			return ruleErrorf(ErrNonstandardInputs, "input %d spends a non-standard script", i)
		case txscript.ScriptHashTy:
			redeem, ok := lastPush(tx.Inputs[i].ScriptSig)
			if !ok {
				return ruleErrorf(ErrNonstandardInputs, "input %d: P2SH spend without redeem script", i)
			}
			if n := txscript.GetSigOpCount(redeem, true); n > MaxP2SHSigOps {
				return ruleErrorf(ErrNonstandardInputs, "input %d: P2SH redeem script has %d sigops", i, n)
			}
		}
	}
	return nil
}

// IsWitnessStandard applies Core's IsWitnessStandard: witnesses only on
// witness-program spends (native or P2SH-wrapped); P2WSH scripts of at most
// 3,600 bytes with at most 100 items of at most 80 bytes; no taproot annex;
// tapscript (leaf 0xc0) items of at most 80 bytes. Failures are
// "bad-witness-nonstandard".
//
// This function is safe for concurrent access.
func IsWitnessStandard(tx *primitives.Tx, prevOuts []primitives.TxOut) error {
	if tx.IsCoinBase() {
		return nil
	}
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		if len(in.Witness) == 0 {
			continue
		}
		pk := prevOuts[i].ScriptPubKey
		if txscript.IsPayToAnchor(pk) {
			return ruleErrorf(ErrWitnessNonstandard, "input %d: witness stuffing on a pay-to-anchor spend", i)
		}
		p2sh := false
		if txscript.IsPayToScriptHash(pk) {
			redeem, ok := lastPush(in.ScriptSig)
			if !ok {
				return ruleErrorf(ErrWitnessNonstandard, "input %d: P2SH without redeem script", i)
			}
			pk, p2sh = redeem, true
		}
		version, program, ok := txscript.ExtractWitnessProgram(pk)
		if !ok {
			return ruleErrorf(ErrWitnessNonstandard, "input %d: witness on a non-witness spend", i)
		}
		w := in.Witness
		switch {
		case version == 0 && len(program) == 32:
			script := w[len(w)-1]
			if len(script) > MaxStandardP2WSHScriptSize {
				return ruleErrorf(ErrWitnessNonstandard, "input %d: witness script of %d bytes", i, len(script))
			}
			if len(w)-1 > MaxStandardP2WSHStackItems {
				return ruleErrorf(ErrWitnessNonstandard, "input %d: %d witness items", i, len(w)-1)
			}
			for _, item := range w[:len(w)-1] {
				if len(item) > MaxStandardP2WSHStackItemSize {
					return ruleErrorf(ErrWitnessNonstandard, "input %d: witness item of %d bytes", i, len(item))
				}
			}
		case version == 1 && len(program) == 32 && !p2sh:
			if len(w) >= 2 && len(w[len(w)-1]) > 0 && w[len(w)-1][0] == 0x50 {
				return ruleErrorf(ErrWitnessNonstandard, "input %d: taproot annex", i)
			}
			if len(w) >= 2 {
				control := w[len(w)-1]
				if len(control) == 0 {
					return ruleErrorf(ErrWitnessNonstandard, "input %d: empty control block", i)
				}
				if control[0]&0xfe == 0xc0 {
					for _, item := range w[:len(w)-2] {
						if len(item) > MaxStandardTapscriptStackItemSize {
							return ruleErrorf(ErrWitnessNonstandard, "input %d: tapscript item of %d bytes", i, len(item))
						}
					}
				}
			}
		}
	}
	return nil
}
