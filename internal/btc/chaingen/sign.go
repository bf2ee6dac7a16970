package chaingen

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// SpendPath selects how an output with more than one way to spend it is
// spent.
type SpendPath uint8

// The spend paths.
const (
	// PathDefault is the natural path: the only one for P2PKH, P2WPKH and
	// P2TRKeyPath, LeafCheckSig for P2TRScriptPath and the two keys other
	// than SpendOptions.Skip for P2WSHMultisig.
	PathDefault SpendPath = iota
	// PathLeafCheckSig spends a P2TRScriptPath output through its CHECKSIG
	// leaf.
	PathLeafCheckSig
	// PathLeafMultiSig spends a P2TRScriptPath output through its 2-of-2
	// CHECKSIGADD leaf.
	PathLeafMultiSig
	// PathKey spends a taproot output through the key path (the tweaked
	// internal key).
	PathKey
)

// SpendOptions choose the signature hash type and the path of one input.
// The zero value signs with SIGHASH_ALL (ECDSA) or SIGHASH_DEFAULT
// (Schnorr) along the default path.
type SpendOptions struct {
	// Path is the spend path (see SpendPath).
	Path SpendPath
	// HashType is the signature hash type. Zero means SIGHASH_ALL for
	// ECDSA signatures and SIGHASH_DEFAULT (a 64-byte signature) for
	// Schnorr signatures; any other value is appended to the signature.
	// SIGHASH_SINGLE needs an output at the input's index for Schnorr
	// signatures (and gives Core's "one" hash for ECDSA without one).
	HashType txscript.SigHashType
	// Skip is, for P2WSHMultisig, the index (0-2) of the key that does
	// not sign.
	Skip uint8
}

// Spend pairs an input with the destination of the output it spends and
// the options to sign it with.
type Spend struct {
	Dest    *Destination
	Options SpendOptions
}

// SignTx signs every input of tx: input i spends prevOuts[i], an output
// paying to spends[i].Dest. It computes the signature-hash midstates once
// and fills each input's ScriptSig and Witness (replacing what was there).
// The outpoints, sequences, outputs, version and lock time must be final.
//
// This function is safe for concurrent access on distinct transactions.
func SignTx(tx *primitives.Tx, prevOuts []primitives.TxOut, spends []Spend) error {
	if len(prevOuts) != len(tx.Inputs) || len(spends) != len(tx.Inputs) {
		return makeError(ErrBadSpend, "%d inputs, %d spent outputs, %d spends", len(tx.Inputs), len(prevOuts), len(spends))
	}
	var sh *txscript.SigHashes
	for i := range spends {
		if spends[i].Dest.Type != P2PKH {
			sh = txscript.NewSigHashes(tx, prevOuts)
			break
		}
	}
	for i := range spends {
		if err := spends[i].Dest.SignInput(tx, i, prevOuts, sh, spends[i].Options); err != nil {
			return err
		}
	}
	return nil
}

// SignInput signs input idx of tx, which spends prevOuts[idx], an output
// paying to d, and sets the input's ScriptSig and Witness. prevOuts holds
// every spent output of tx in input order (taproot signature hashes commit
// to all of them; other types only read prevOuts[idx].Value). sh are tx's
// midstates from txscript.NewSigHashes(tx, prevOuts); nil computes them.
//
// ECDSA signatures are RFC6979-deterministic, low-S and strict DER;
// Schnorr signatures use BIP340 with all-zero auxiliary randomness, so the
// result depends only on the inputs. Legacy signature hashes do not cover
// other inputs' scriptSigs, so the inputs of a transaction may be signed in
// any order.
//
// This function is safe for concurrent access on distinct transactions.
func (d *Destination) SignInput(tx *primitives.Tx, idx int, prevOuts []primitives.TxOut, sh *txscript.SigHashes, opts SpendOptions) error {
	if idx < 0 || idx >= len(tx.Inputs) || idx >= len(prevOuts) {
		return makeError(ErrBadSpend, "input %d out of range", idx)
	}
	in := &tx.Inputs[idx]
	ht := opts.HashType
	switch d.Type {
	case P2PKH:
		if ht == 0 {
			ht = txscript.SigHashAll
		}
		h := txscript.LegacySignatureHash(d.p2pkhCode, tx, idx, uint32(ht))
		sig := signECDSA(d.Keys[0], h, ht)
		pub := d.Keys[0].pub
		ss := make([]byte, 0, 2+len(sig)+len(pub))
		ss = txscript.AppendPushData(ss, sig)
		in.ScriptSig = txscript.AppendPushData(ss, pub[:])
		in.Witness = nil
		return nil

	case P2WPKH:
		if ht == 0 {
			ht = txscript.SigHashAll
		}
		if sh == nil {
			sh = txscript.NewSigHashes(tx, prevOuts)
		}
		h := txscript.WitnessV0SignatureHash(d.p2pkhCode, sh, uint32(ht), tx, idx, prevOuts[idx].Value)
		pub := d.Keys[0].pub
		in.ScriptSig = nil
		in.Witness = [][]byte{signECDSA(d.Keys[0], h, ht), pub[:]}
		return nil

	case P2WSHMultisig:
		if ht == 0 {
			ht = txscript.SigHashAll
		}
		if opts.Skip > 2 {
			return makeError(ErrBadSpend, "multisig skip index %d", opts.Skip)
		}
		if sh == nil {
			sh = txscript.NewSigHashes(tx, prevOuts)
		}
		h := txscript.WitnessV0SignatureHash(d.WitnessScript, sh, uint32(ht), tx, idx, prevOuts[idx].Value)
		w := make([][]byte, 1, 4)
		w[0] = []byte{} // CHECKMULTISIG's dummy element (NULLDUMMY)
		for i, k := range d.Keys {
			if i != int(opts.Skip) {
				w = append(w, signECDSA(k, h, ht))
			}
		}
		in.ScriptSig = nil
		in.Witness = append(w, d.WitnessScript)
		return nil

	case P2TRKeyPath, P2TRScriptPath:
		if sh == nil || !sh.HasPrevOuts() {
			sh = txscript.NewSigHashes(tx, prevOuts)
		}
		path := opts.Path
		if d.Type == P2TRKeyPath || path == PathKey {
			h, err := txscript.TaprootSignatureHash(sh, uint8(ht), tx, idx, nil, nil)
			if err != nil {
				return makeError(ErrBadSpend, "input %d: %v", idx, err)
			}
			sig, err := signSchnorr(d.tweaked, h, ht)
			if err != nil {
				return err
			}
			in.ScriptSig = nil
			in.Witness = [][]byte{sig}
			return nil
		}
		leafIdx := LeafCheckSig
		switch path {
		case PathDefault, PathLeafCheckSig:
		case PathLeafMultiSig:
			leafIdx = LeafMultiSig
		default:
			return makeError(ErrBadSpend, "spend path %d for a taproot script-path output", path)
		}
		leaf := &d.Taproot.Leaves[leafIdx]
		info := txscript.TapscriptInfo{LeafHash: leaf.LeafHash, CodeSepPos: txscript.NoCodeSeparator}
		h, err := txscript.TaprootSignatureHash(sh, uint8(ht), tx, idx, nil, &info)
		if err != nil {
			return makeError(ErrBadSpend, "input %d: %v", idx, err)
		}
		sigA, err := signSchnorr(d.Keys[1], h, ht)
		if err != nil {
			return err
		}
		w := make([][]byte, 0, 4)
		if leafIdx == LeafMultiSig {
			// The script checks key a first, so sig a is on top of the
			// stack: the witness lists sig b, then sig a.
			sigB, err := signSchnorr(d.Keys[2], h, ht)
			if err != nil {
				return err
			}
			w = append(w, sigB)
		}
		w = append(w, sigA, leaf.Script, leaf.ControlBlock)
		in.ScriptSig = nil
		in.Witness = w
		return nil
	}
	return makeError(ErrBadSpend, "unknown output type %d", d.Type)
}

// signECDSA signs h and appends the hash type byte.
func signECDSA(k *Key, h chainhash.Hash, ht txscript.SigHashType) []byte {
	return append(k.SignECDSA(h), byte(ht))
}

// signSchnorr signs h and appends the hash type byte unless it is
// SIGHASH_DEFAULT.
func signSchnorr(k *Key, h chainhash.Hash, ht txscript.SigHashType) ([]byte, error) {
	sig, err := k.SignSchnorr(h)
	if err != nil {
		return nil, err
	}
	if ht == txscript.SigHashDefault {
		return sig[:], nil
	}
	return append(sig[:], byte(ht)), nil
}
