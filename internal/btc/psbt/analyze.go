package psbt

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Role is a BIP174 role, ordered as Core's PSBTRole.
type Role int

// The roles.
const (
	RoleCreator Role = iota
	RoleUpdater
	RoleSigner
	RoleFinalizer
	RoleExtractor
)

// String returns Core's role name ("creator", ..., "extractor").
func (r Role) String() string {
	switch r {
	case RoleCreator:
		return "creator"
	case RoleUpdater:
		return "updater"
	case RoleSigner:
		return "signer"
	case RoleFinalizer:
		return "finalizer"
	case RoleExtractor:
		return "extractor"
	}
	return "unknown"
}

// InputAnalysis is analyzepsbt's per-input result.
type InputAnalysis struct {
	HasUTXO bool
	IsFinal bool
	// What is missing (analyzepsbt's "missing" object): HASH160 key IDs of
	// public keys and signatures, the HASH160 of the redeemScript and the
	// SHA256 of the witnessScript (nil when not missing).
	MissingPubKeys       [][]byte
	MissingSigs          [][]byte
	MissingRedeemScript  []byte
	MissingWitnessScript []byte
	Next                 Role
}

// HasMissing reports whether analyzepsbt prints a "missing" object.
func (a *InputAnalysis) HasMissing() bool {
	return len(a.MissingPubKeys) != 0 || len(a.MissingSigs) != 0 ||
		a.MissingRedeemScript != nil || a.MissingWitnessScript != nil
}

// AnalyzeResult is Core's PSBTAnalysis (the analyzepsbt RPC result). The
// optional figures are set only when known, as Core omits them otherwise.
type AnalyzeResult struct {
	Inputs []InputAnalysis
	// EstimatedVSize is the virtual size of the signed transaction (with
	// maximal-size placeholder signatures for inputs not signed yet), taking
	// the sigop-adjusted size as Core does.
	EstimatedVSize *int64
	// EstimatedFeeRate is in satoshis per 1000 virtual bytes.
	EstimatedFeeRate *int64
	// Fee is in satoshis.
	Fee  *int64
	Next Role
	// Error is set when the PSBT is invalid; then only Next (creator) is
	// meaningful.
	Error string
}

const (
	maxMoney       = 21_000_000 * 100_000_000
	bytesPerSigOp  = 20
	witnessScaling = 4
)

func moneyRange(v int64) bool { return v >= 0 && v <= maxMoney }

func (r *AnalyzeResult) setInvalid(msg string) {
	*r = AnalyzeResult{Next: RoleCreator, Error: msg}
}

// Analyze is Core's AnalyzePSBT (the analyzepsbt RPC): for each input whether
// its UTXO is known, whether it is final, what is missing and which role acts
// next; and, when every UTXO is known, the fee, and when every input can be
// completed, the estimated virtual size and fee rate. p is not modified.
//
// This function is safe for concurrent access as long as p is not modified.
func (p *Packet) Analyze() AnalyzeResult {
	var res AnalyzeResult
	q := p.clone()
	mtx, err := q.UnsignedTx()
	if err != nil {
		res.setInvalid("PSBT cannot be made into a valid transaction")
		return res
	}
	mtx = mtx.Copy()
	pre, _ := q.precompute()
	calcFee := true
	var inAmt int64
	res.Inputs = make([]InputAnalysis, len(q.Inputs))
	for i := range q.Inputs {
		in := &q.Inputs[i]
		ia := &res.Inputs[i]
		ia.Next = RoleExtractor
		utxo, ok := q.UTXO(i)
		if ok {
			if !moneyRange(utxo.Value) || !moneyRange(inAmt+utxo.Value) {
				res.setInvalid(fmt.Sprintf("PSBT is not valid. Input %d has invalid value", i))
				return res
			}
			inAmt += utxo.Value
			ia.HasUTXO = true
		} else {
			if in.NonWitnessUTXO != nil && int(q.outpoint(i).Index) >= len(in.NonWitnessUTXO.Outputs) {
				res.setInvalid(fmt.Sprintf("PSBT is not valid. Input %d specifies invalid prevout", i))
				return res
			}
			ia.Next = RoleUpdater
			calcFee = false
		}
		if ok && len(utxo.ScriptPubKey) > 0 && (utxo.ScriptPubKey[0] == txscript.OP_RETURN || len(utxo.ScriptPubKey) > txscript.MaxScriptSize) {
			res.setInvalid(fmt.Sprintf("PSBT is not valid. Input %d spends unspendable output", i))
			return res
		}
		if !q.inputVerified(i, pre) {
			ia.IsFinal = false
			sr, err := q.signInput(i, nil, SigHashUnspecified, true, pre)
			if err != nil || !sr.complete {
				if sr.sd != nil && err == nil {
					ia.MissingPubKeys = sr.sd.missingPubKeys
					ia.MissingSigs = sr.sd.missingSigs
					ia.MissingRedeemScript = sr.sd.missingRedeem
					ia.MissingWitnessScript = sr.sd.missingWitness
				}
				if len(ia.MissingPubKeys) == 0 && ia.MissingRedeemScript == nil && ia.MissingWitnessScript == nil && len(ia.MissingSigs) != 0 {
					ia.Next = RoleSigner
				} else {
					ia.Next = RoleUpdater
				}
			} else {
				ia.Next = RoleFinalizer
			}
		} else if ok {
			ia.IsFinal = true
		}
	}
	res.Next = RoleExtractor
	for i := range res.Inputs {
		res.Next = min(res.Next, res.Inputs[i].Next)
	}
	if !calcFee {
		return res
	}
	var outAmt int64
	for i := range q.Outputs {
		a := q.Outputs[i].Amount
		if q.Version < 2 && q.Tx != nil {
			a = q.Tx.Outputs[i].Value
		}
		if !moneyRange(outAmt) || !moneyRange(a) || !moneyRange(outAmt+a) {
			outAmt = -1
			break
		}
		outAmt += a
	}
	if !moneyRange(outAmt) {
		res.setInvalid("PSBT is not valid. Output amount invalid")
		return res
	}
	fee := inAmt - outAmt
	res.Fee = &fee

	prevOuts := make([]primitives.TxOut, len(q.Inputs))
	for i := range q.Inputs {
		sr, err := q.signInputMode(i, nil, SigHashUnspecified, true, pre, true)
		u, ok := q.UTXO(i)
		if err != nil || !sr.complete || !ok {
			return res
		}
		mtx.Inputs[i].ScriptSig = q.Inputs[i].FinalScriptSig
		mtx.Inputs[i].Witness = q.Inputs[i].FinalScriptWitness
		prevOuts[i] = u
	}
	vsize := virtualSize(mtx, prevOuts)
	res.EstimatedVSize = &vsize
	rate := feePerK(fee, vsize)
	res.EstimatedFeeRate = &rate
	return res
}

// virtualSize is Core's GetVirtualTransactionSize(tx, sigop cost, 20).
func virtualSize(tx *primitives.Tx, prevOuts []primitives.TxOut) int64 {
	cost := 0
	for i := range tx.Inputs {
		cost += txscript.GetSigOpCount(tx.Inputs[i].ScriptSig, false) * witnessScaling
	}
	for i := range tx.Outputs {
		cost += txscript.GetSigOpCount(tx.Outputs[i].ScriptPubKey, false) * witnessScaling
	}
	for i := range tx.Inputs {
		spk := prevOuts[i].ScriptPubKey
		if txscript.IsPayToScriptHash(spk) {
			cost += txscript.GetP2SHSigOpCount(tx.Inputs[i].ScriptSig, spk) * witnessScaling
		}
		cost += txscript.GetWitnessSigOpCount(tx.Inputs[i].ScriptSig, spk, tx.Inputs[i].Witness, standardFlags)
	}
	w := int64(max(tx.Weight(), cost*bytesPerSigOp))
	return (w + witnessScaling - 1) / witnessScaling
}

// feePerK is the fee rate in sat/kvB, rounded down (Core's CFeeRate).
func feePerK(fee, vsize int64) int64 {
	if vsize <= 0 {
		return 0
	}
	n := fee * 1000
	q := n / vsize
	if n%vsize != 0 && (n < 0) != (vsize < 0) {
		q--
	}
	return q
}
