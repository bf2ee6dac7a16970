package psbt

import (
	"encoding/hex"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// MaxMoney is 21 million bitcoin in satoshis. A PrevOut amount of MaxMoney
// means "not given" (Core's ParsePrevouts default).
const MaxMoney int64 = maxMoney

// PrevOut is an output a transaction input spends, with optional scripts
// (signrawtransactionwithkey's prevtxs entries merged with the UTXO set).
type PrevOut struct {
	OutPoint      primitives.OutPoint
	ScriptPubKey  []byte
	Amount        int64 // MaxMoney when unknown
	RedeemScript  []byte
	WitnessScript []byte
}

// InputError is one entry of signrawtransactionwithkey's "errors", in Core's
// field order.
type InputError struct {
	TxID      string   `json:"txid"`
	Vout      uint32   `json:"vout"`
	Witness   []string `json:"witness"`
	ScriptSig string   `json:"scriptSig"`
	Sequence  uint32   `json:"sequence"`
	Error     string   `json:"error"`
	// Index is the input's position (not part of Core's JSON).
	Index int `json:"-"`
}

// Messages of SignTransaction's input errors (Core's).
const (
	MsgInputNotFound = "Input not found or already spent"
	MsgMissingAmount = "Missing amount"
	msgInvalidStack  = "Unable to sign input, invalid stack size (possibly missing key)"
	msgNullFailMaybe = "CHECK(MULTI)SIG failing with non-zero signature (possibly need more signatures)"
)

// scriptsProvider adds prevtxs scripts to a Provider.
type scriptsProvider struct {
	Provider
	scripts *SimpleProvider
}

func (s scriptsProvider) Script(hash []byte) ([]byte, bool) {
	if sc, ok := s.scripts.Script(hash); ok {
		return sc, true
	}
	if s.Provider != nil {
		return s.Provider.Script(hash)
	}
	return nil, false
}

func (s scriptsProvider) PrivKey(pub []byte) ([]byte, bool) {
	if s.Provider != nil {
		return s.Provider.PrivKey(pub)
	}
	return nil, false
}

func (s scriptsProvider) Taproot(out []byte) ([]byte, []byte, []TapLeaf, bool) {
	if s.Provider != nil {
		return s.Provider.Taproot(out)
	}
	return nil, nil, nil, false
}

func (s scriptsProvider) PubKey(id []byte) ([]byte, bool) {
	if pp, ok := s.Provider.(PubKeyProvider); ok {
		return pp.PubKey(id)
	}
	return nil, false
}

// SignTransaction signs what it can of tx, as Core's SignTransaction behind
// signrawtransactionwithkey: each input whose spent output is in prevOuts is
// signed with prov's keys (existing signatures in its scriptSig/witness are
// kept and combined), then verified with the standard flags; failures are
// reported per input with Core's messages ("Input not found or already
// spent", "Unable to sign input, invalid stack size (possibly missing key)",
// "CHECK(MULTI)SIG failing with non-zero signature (possibly need more
// signatures)", "Missing amount", or the script error). sighashType is a
// SIGHASH_* value (SigHashDefault signs ECDSA with ALL). SIGHASH_SINGLE
// inputs without a matching output are not signed. tx is not modified; the
// returned transaction carries the new scriptSigs and witnesses, and complete
// reports whether every input verifies.
//
// This function is safe for concurrent access.
func SignTransaction(tx *primitives.Tx, prevOuts []PrevOut, prov Provider, sighashType uint32) (signed *primitives.Tx, complete bool, errs []InputError) {
	mtx := tx.Copy()
	byOutPoint := make(map[primitives.OutPoint]*PrevOut, len(prevOuts))
	scripts := NewSimpleProvider()
	for i := range prevOuts {
		po := &prevOuts[i]
		byOutPoint[po.OutPoint] = po
		if len(po.RedeemScript) != 0 {
			scripts.AddScript(po.RedeemScript)
		}
		if len(po.WitnessScript) != 0 {
			scripts.AddScript(po.WitnessScript)
		}
	}
	sp := scriptsProvider{Provider: prov, scripts: scripts}

	spent := make([]primitives.TxOut, len(mtx.Inputs))
	for i := range mtx.Inputs {
		po, ok := byOutPoint[mtx.Inputs[i].PrevOut]
		if !ok {
			spent = nil
			break
		}
		spent[i] = primitives.TxOut{Value: po.Amount, ScriptPubKey: po.ScriptPubKey}
	}
	unsigned := tx.Copy() // the sighash transaction: constant across inputs
	sh := txscript.NewSigHashes(unsigned, spent)
	hashSingle := sighashType&^SigHashAnyoneCanPay == SigHashSingle

	for i := range mtx.Inputs {
		txin := &mtx.Inputs[i]
		po, ok := byOutPoint[txin.PrevOut]
		if !ok {
			errs = append(errs, inputError(i, txin, MsgInputNotFound))
			continue
		}
		c := &creator{prov: sp, tx: unsigned, idx: i, amount: po.Amount, hashType: sighashType, sh: sh, prevOuts: spent}
		sd := dataFromTransaction(c, txin, po)
		if !hashSingle || i < len(mtx.Outputs) {
			c.produce(sd, po.ScriptPubKey)
		}
		txin.ScriptSig = sd.scriptSig
		txin.Witness = sd.witness
		if po.Amount == MaxMoney && len(txin.Witness) != 0 {
			errs = append(errs, inputError(i, txin, MsgMissingAmount))
			continue
		}
		if sd.complete {
			continue
		}
		err := txscript.VerifyScript(txin.ScriptSig, po.ScriptPubKey, txin.Witness, standardFlags, &txscript.TxContext{
			Tx: unsigned, Index: i, Amount: po.Amount, PrevOuts: spent, SigHashes: sh,
		})
		if err == nil {
			continue
		}
		msg := err.Error()
		var se *txscript.Error
		if errors.As(err, &se) {
			msg = se.Description
			switch se.Code {
			case txscript.ErrInvalidStackOperation:
				msg = msgInvalidStack
			case txscript.ErrNullFail:
				msg = msgNullFailMaybe
			}
		}
		errs = append(errs, inputError(i, txin, msg))
	}
	return mtx, len(errs) == 0, errs
}

func inputError(i int, txin *primitives.TxIn, msg string) InputError {
	w := make([]string, 0, len(txin.Witness))
	for _, it := range txin.Witness {
		w = append(w, hex.EncodeToString(it))
	}
	return InputError{
		TxID: txin.PrevOut.Hash.String(), Vout: txin.PrevOut.Index, Witness: w,
		ScriptSig: hex.EncodeToString(txin.ScriptSig), Sequence: txin.Sequence, Error: msg, Index: i,
	}
}

// dataFromTransaction is Core's DataFromTransaction for the standard forms:
// a spend that already verifies is complete; otherwise the redeem and witness
// scripts are taken from it and the ECDSA signatures that verify for its
// keys (p2pk, p2pkh, p2wpkh, multisig, also nested) are kept for combining.
func dataFromTransaction(c *creator, txin *primitives.TxIn, po *PrevOut) *sigData {
	sd := &sigData{}
	if len(txin.ScriptSig) == 0 && len(txin.Witness) == 0 {
		return sd
	}
	if txscript.VerifyScript(txin.ScriptSig, po.ScriptPubKey, txin.Witness, standardFlags, &txscript.TxContext{
		Tx: c.tx, Index: c.idx, Amount: c.amount, PrevOuts: c.prevOuts, SigHashes: c.sh,
	}) == nil {
		sd.complete = true
		sd.scriptSig = txin.ScriptSig
		sd.witness = txin.Witness
		return sd
	}
	stack := pushes(txin.ScriptSig)
	witness := txin.Witness
	script := po.ScriptPubKey
	class := txscript.ClassifyScript(script)
	sv := sigBase
	if class == txscript.ScriptHashTy && len(stack) > 0 && len(stack[len(stack)-1]) > 0 {
		script = stack[len(stack)-1]
		sd.redeem = script
		stack = stack[:len(stack)-1]
		class = txscript.ClassifyScript(script)
	}
	if class == txscript.WitnessV0KeyHashTy && len(witness) == 2 {
		code := append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 0x14}, script[2:22]...)
		code = append(code, txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
		c.harvest(sd, witness[0], witness[1], code, sigWitnessV0)
		return sd
	}
	if class == txscript.WitnessV0ScriptHashTy && len(witness) > 0 && len(witness[len(witness)-1]) > 0 {
		script = witness[len(witness)-1]
		sd.wscript = script
		stack = witness[:len(witness)-1]
		class = txscript.ClassifyScript(script)
		sv = sigWitnessV0
	}
	switch class {
	case txscript.PubKeyTy:
		if len(stack) >= 1 {
			c.harvest(sd, stack[0], script[1:len(script)-1], script, sv)
		}
	case txscript.PubKeyHashTy:
		if len(stack) >= 2 {
			c.harvest(sd, stack[0], stack[1], script, sv)
		}
	case txscript.MultiSigTy:
		_, keys, ok := multisig(script)
		if !ok {
			break
		}
		last := 0
		for _, sig := range stack {
			for k := last; k < len(keys); k++ {
				if findPartialSig(sd.sigs, keys[k]) != nil || c.harvest(sd, sig, keys[k], script, sv) {
					last = k + 1
					break
				}
			}
		}
	}
	return sd
}

// harvest keeps sig when it is a valid signature by pub over the input.
func (c *creator) harvest(sd *sigData, sig, pub, scriptCode []byte, sv sigVersion) bool {
	if len(sig) == 0 || len(pub) == 0 {
		return false
	}
	key, err := crypto.ParsePubKey(pub)
	if err != nil {
		return false
	}
	ht := uint32(sig[len(sig)-1])
	var h chainhash.Hash
	if sv == sigWitnessV0 {
		h = txscript.WitnessV0SignatureHash(scriptCode, c.sh, ht, c.tx, c.idx, c.amount)
	} else {
		h = txscript.LegacySignatureHash(txscript.FindAndDeleteSig(scriptCode, sig), c.tx, c.idx, ht)
	}
	if !crypto.VerifyECDSA(key, sig[:len(sig)-1], h[:]) {
		return false
	}
	if findPartialSig(sd.sigs, pub) == nil {
		sd.sigs = append(sd.sigs, PartialSig{PubKey: pub, Signature: sig})
	}
	return true
}

// pushes returns the data pushes of a push-only script (nil otherwise).
func pushes(script []byte) [][]byte {
	var out [][]byte
	t := txscript.MakeTokenizer(script)
	for t.Next() {
		op := t.Opcode()
		switch {
		case op == txscript.OP_0:
			out = append(out, []byte{})
		case op <= txscript.OP_PUSHDATA4:
			out = append(out, t.Data())
		case op >= txscript.OP_1 && op <= txscript.OP_16:
			out = append(out, []byte{op - txscript.OP_1 + 1})
		case op == txscript.OP_1NEGATE:
			out = append(out, []byte{0x81})
		default:
			return nil
		}
	}
	if t.Err() != nil {
		return nil
	}
	return out
}
