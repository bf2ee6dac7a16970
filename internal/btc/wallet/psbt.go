package wallet

import (
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
)

// PSBTOptions control FillPSBT (walletprocesspsbt's arguments).
type PSBTOptions struct {
	Sign        bool
	SighashType uint32 // 0: SIGHASH_DEFAULT for taproot, ALL otherwise
	Bip32Derivs bool
	Finalize    bool
}

// FillPSBT adds what the wallet knows to p (Core's FillPSBT): the spent
// outputs of wallet inputs (non-witness and witness UTXO), redeem scripts,
// BIP32 key origins and taproot internal keys, for inputs and for outputs
// paying the wallet; with Sign it signs every input it has keys for, and
// with Finalize finalizes the complete inputs. An input whose script the
// wallet does not know is signed with the wallet keys its BIP32 derivations
// name; an input known only through a witness UTXO is left alone unless its
// spend is segwit (both as Core does). It reports whether every
// input is finalized (or fully signed when not finalizing).
//
// This function is safe for concurrent access.
func (w *Wallet) FillPSBT(p *psbt.Packet, opts PSBTOptions) (complete bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if opts.Sign && w.mkey != nil && w.masterKey == nil {
		return false, lockedError()
	}
	tx, err := p.UnsignedTx()
	if err != nil {
		return false, makeError(ErrInvalidParameter, "%v", err)
	}
	prov := psbt.NewSimpleProvider()
	for i := range p.Inputs {
		in := &p.Inputs[i]
		op := tx.Inputs[i].PrevOut
		if wtx, ok := w.txs[op.Hash]; ok && int(op.Index) < len(wtx.tx.Outputs) {
			out := wtx.tx.Outputs[op.Index]
			if in.NonWitnessUTXO == nil {
				in.NonWitnessUTXO = wtx.tx
			}
			if in.WitnessUTXO == nil && txscript.IsWitnessProgram(out.ScriptPubKey) || (in.WitnessUTXO == nil && classify(out.ScriptPubKey) == kindP2SH) {
				o := out
				in.WitnessUTXO = &o
			}
		}
		utxo, ok := p.UTXO(i)
		if !ok {
			continue
		}
		ref, mine := w.scripts[string(utxo.ScriptPubKey)]
		if !mine {
			// Core's fallback for scripts the wallet does not know (a
			// multisig the PSBT describes): sign with the wallet keys
			// whose public keys the input lists in its derivations.
			if err := w.addKeysForDerivations(prov, in, opts.Sign); err != nil {
				return false, err
			}
			continue
		}
		exp, err := ref.d.desc.Expand(ref.index)
		if err != nil {
			return false, err
		}
		redeem := in.RedeemScript
		for _, s := range exp.Scripts {
			prov.AddScript(s)
			if classify(utxo.ScriptPubKey) == kindP2SH && redeem == nil {
				h := crypto.Hash160(s)
				if string(h[:]) == string(utxo.ScriptPubKey[2:22]) {
					redeem = append([]byte(nil), s...)
				}
			}
		}
		if classify(utxo.ScriptPubKey) == kindP2SH && redeem == nil {
			// sh(wpkh): the redeem script is the key's wpkh program.
			for k := range exp.PubKeys {
				pub, _ := hex.DecodeString(k)
				if len(pub) == 33 {
					h := crypto.Hash160(pub)
					r := append([]byte{0x00, 0x14}, h[:]...)
					rh := crypto.Hash160(r)
					if string(rh[:]) == string(utxo.ScriptPubKey[2:22]) {
						redeem = r
						prov.AddScript(r)
					}
				}
			}
		}
		if in.NonWitnessUTXO == nil && !segwitSpend(utxo.ScriptPubKey, redeem) {
			// Core's SignPSBTInput: a UTXO known only from a witness UTXO
			// cannot be trusted for a non-segwit spend, so the input is
			// left untouched (no signature, scripts or key origins).
			continue
		}
		if in.RedeemScript == nil && redeem != nil {
			in.RedeemScript = redeem
		}
		if opts.Bip32Derivs {
			addDerivations(in, exp, classify(utxo.ScriptPubKey) == kindP2TR)
		}
		if opts.Sign {
			kr := newKeyring()
			if _, err := w.keysFor(kr, utxo.ScriptPubKey); err != nil {
				return false, err
			}
			for _, e := range kr.byHash {
				_ = prov.AddKey(e.priv.Serialize(), e.compressed)
			}
			if classify(utxo.ScriptPubKey) == kindP2TR {
				for x := range kr.byXOnly {
					o, _, err := crypto.TweakXOnly(x, crypto.TapTweakHash(x, nil))
					if err == nil && string(o[:]) == string(utxo.ScriptPubKey[2:]) {
						if _, err := prov.AddTaproot(x[:], nil, nil); err != nil {
							return false, err
						}
						if in.TapInternalKey == ([32]byte{}) {
							in.TapInternalKey = x
						}
					}
				}
			}
		}
	}
	// Outputs paying the wallet get their origins (Core does this for
	// change so hardware signers can recognise it).
	if opts.Bip32Derivs {
		for i := range p.Outputs {
			if i >= len(tx.Outputs) {
				break
			}
			ref, ok := w.scripts[string(tx.Outputs[i].ScriptPubKey)]
			if !ok {
				continue
			}
			exp, err := ref.d.desc.Expand(ref.index)
			if err != nil {
				continue
			}
			out := &p.Outputs[i]
			isTR := classify(tx.Outputs[i].ScriptPubKey) == kindP2TR
			for k, o := range exp.PubKeys {
				pub, _ := hex.DecodeString(k)
				if isTR && len(pub) == 32 {
					var x [32]byte
					copy(x[:], pub)
					if !hasTapDeriv(out.TapBip32Derivation, x) {
						out.TapBip32Derivation = append(out.TapBip32Derivation, psbt.TapBip32Derivation{XOnlyPubKey: x, KeyOrigin: psbt.KeyOrigin{Fingerprint: o.Fingerprint, Path: o.Path}})
					}
					out.TapInternalKey = x
				} else if !isTR && !hasDeriv(out.Bip32Derivation, pub) {
					out.Bip32Derivation = append(out.Bip32Derivation, psbt.Bip32Derivation{PubKey: pub, KeyOrigin: psbt.KeyOrigin{Fingerprint: o.Fingerprint, Path: o.Path}})
				}
			}
		}
	}
	if opts.Sign {
		sh := opts.SighashType
		complete, err := p.Sign(prov, sh)
		if err != nil {
			return false, makeError(ErrSigning, "%v", err)
		}
		if !opts.Finalize {
			return complete, nil
		}
	}
	if opts.Finalize {
		return p.Finalize(), nil
	}
	for i := range p.Inputs {
		if !p.Inputs[i].IsFinalized() {
			return false, nil
		}
	}
	return true, nil
}

// addDerivations records the key origins of exp's keys in an input.
func addDerivations(in *psbt.Input, exp *descriptor.Expanded, taproot bool) {
	for k, o := range exp.PubKeys {
		pub, err := hex.DecodeString(k)
		if err != nil {
			continue
		}
		origin := psbt.KeyOrigin{Fingerprint: o.Fingerprint, Path: o.Path}
		if taproot && len(pub) == 32 {
			var x [32]byte
			copy(x[:], pub)
			if !hasTapDeriv(in.TapBip32Derivation, x) {
				in.TapBip32Derivation = append(in.TapBip32Derivation, psbt.TapBip32Derivation{XOnlyPubKey: x, KeyOrigin: origin})
			}
			if in.TapInternalKey == ([32]byte{}) {
				in.TapInternalKey = x
			}
		} else if !taproot && !hasDeriv(in.Bip32Derivation, pub) {
			in.Bip32Derivation = append(in.Bip32Derivation, psbt.Bip32Derivation{PubKey: pub, KeyOrigin: origin})
		}
	}
}

func hasDeriv(ds []psbt.Bip32Derivation, pub []byte) bool {
	for _, d := range ds {
		if string(d.PubKey) == string(pub) {
			return true
		}
	}
	return false
}

func hasTapDeriv(ds []psbt.TapBip32Derivation, x [32]byte) bool {
	for _, d := range ds {
		if d.XOnlyPubKey == x {
			return true
		}
	}
	return false
}

// segwitSpend reports whether spending spk (with redeem, the P2SH redeem
// script when known) produces a witness signature.
func segwitSpend(spk, redeem []byte) bool {
	if txscript.IsWitnessProgram(spk) {
		return true
	}
	return classify(spk) == kindP2SH && redeem != nil && txscript.IsWitnessProgram(redeem)
}

// addKeysForDerivations is the fallback of Core's FillPSBT for an input
// whose script the wallet does not know: every ECDSA public key the input
// lists in its BIP32 derivations that belongs to a single-key wallet script
// (pkh, wpkh, sh(wpkh), combo's pk) adds that descriptor's scripts and, with
// sign, its private keys to prov, so multisig inputs described by the PSBT
// itself get the wallet's signatures.
// Precondition: w.mu held.
func (w *Wallet) addKeysForDerivations(prov *psbt.SimpleProvider, in *psbt.Input, sign bool) error {
	for _, d := range in.Bip32Derivation {
		for _, spk := range singleKeyScripts(d.PubKey) {
			ref, ok := w.scripts[string(spk)]
			if !ok {
				continue
			}
			exp, err := ref.d.desc.Expand(ref.index)
			if err != nil {
				return err
			}
			for _, s := range exp.Scripts {
				prov.AddScript(s)
			}
			if sign {
				kr := newKeyring()
				if _, err := w.keysFor(kr, spk); err != nil {
					return err
				}
				for _, e := range kr.byHash {
					_ = prov.AddKey(e.priv.Serialize(), e.compressed)
				}
			}
			break
		}
	}
	return nil
}

// singleKeyScripts lists the output scripts a single-key descriptor of pub
// can have: P2PKH and P2PK, and for a compressed key P2WPKH and
// P2SH-P2WPKH.
func singleKeyScripts(pub []byte) [][]byte {
	if len(pub) != 33 && len(pub) != 65 {
		return nil
	}
	h := crypto.Hash160(pub)
	pkh := append(append([]byte{0x76, 0xa9, 0x14}, h[:]...), 0x88, 0xac)
	pk := append(append([]byte{byte(len(pub))}, pub...), 0xac)
	if len(pub) == 65 {
		return [][]byte{pkh, pk}
	}
	wpkh := append([]byte{0x00, 0x14}, h[:]...)
	rh := crypto.Hash160(wpkh)
	shwpkh := append(append([]byte{0xa9, 0x14}, rh[:]...), 0x87)
	return [][]byte{wpkh, shwpkh, pkh, pk}
}
