package wallet

import (
	"bytes"
	"crypto/rand"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Input weights with maximum-size signatures (72-byte DER + hash type), as
// Core's dummy signer counts them.
const (
	weightP2PKH       = (36 + 4 + 1 + 1 + 72 + 1 + 33) * 4  // 592
	weightP2SHP2WPKH  = (36+4+1+23)*4 + 1 + 1 + 72 + 1 + 33 // 364
	weightP2WPKH      = (36+4+1)*4 + 1 + 1 + 72 + 1 + 33    // 272
	weightP2TR        = (36+4+1)*4 + 1 + 1 + 64             // 230
	weightP2PKHUnc    = (36 + 4 + 1 + 1 + 72 + 1 + 65) * 4  // uncompressed key
	maxStandardWeight = 400_000
)

// scriptKind classifies the standard single-key output scripts the wallet
// signs.
type scriptKind int

const (
	kindUnknown scriptKind = iota
	kindP2PKH
	kindP2SH
	kindP2WPKH
	kindP2TR
)

func classify(spk []byte) scriptKind {
	switch {
	case len(spk) == 25 && spk[0] == 0x76 && spk[1] == 0xa9 && spk[2] == 0x14 && spk[23] == 0x88 && spk[24] == 0xac:
		return kindP2PKH
	case len(spk) == 23 && spk[0] == 0xa9 && spk[1] == 0x14 && spk[22] == 0x87:
		return kindP2SH
	case len(spk) == 22 && spk[0] == 0x00 && spk[1] == 0x14:
		return kindP2WPKH
	case len(spk) == 34 && spk[0] == 0x51 && spk[1] == 0x20:
		return kindP2TR
	}
	return kindUnknown
}

// inputWeight is the estimated weight of an input spending spk (0: not a
// kind the wallet can estimate).
func inputWeight(spk []byte) int {
	switch classify(spk) {
	case kindP2PKH:
		return weightP2PKH
	case kindP2SH:
		return weightP2SHP2WPKH
	case kindP2WPKH:
		return weightP2WPKH
	case kindP2TR:
		return weightP2TR
	}
	return 0
}

// outputSize is the serialized size of an output paying spk.
func outputSize(spk []byte) int {
	return 8 + primitives.CompactSizeLen(uint64(len(spk))) + len(spk)
}

// dustThreshold is Core's GetDustThreshold at the 3,000 sat/kvB dust relay
// fee: the cost of an output plus the input spending it.
func dustThreshold(spk []byte) int64 {
	if len(spk) > 0 && spk[0] == 0x6a {
		return 0
	}
	spend := int64(32 + 4 + 1 + 107 + 4)
	if txscript.IsWitnessProgram(spk) {
		spend = 32 + 4 + 1 + 107/4 + 4
	}
	return (int64(outputSize(spk)) + spend) * 3000 / 1000
}

// keyring holds the keys of the inputs being signed, by HASH160 of the
// public key (compressed and uncompressed) and by x-only key.
type keyring struct {
	byHash  map[[20]byte]keyEntry
	byXOnly map[[32]byte]*secp256k1.PrivateKey
}

type keyEntry struct {
	priv       *secp256k1.PrivateKey
	pub        []byte
	compressed bool
}

func newKeyring() *keyring {
	return &keyring{byHash: make(map[[20]byte]keyEntry), byXOnly: make(map[[32]byte]*secp256k1.PrivateKey)}
}

func (k *keyring) add(secret []byte) {
	if len(secret) != 32 {
		return
	}
	priv := secp256k1.PrivKeyFromBytes(secret)
	pub := priv.PubKey()
	c := pub.SerializeCompressed()
	k.byHash[crypto.Hash160(c)] = keyEntry{priv, c, true}
	u := pub.SerializeUncompressed()
	k.byHash[crypto.Hash160(u)] = keyEntry{priv, u, false}
	var x [32]byte
	copy(x[:], c[1:])
	k.byXOnly[x] = priv
}

// keysFor fills kr with the private keys of the wallet script spk. It
// reports false when the wallet does not know spk or holds no key for it.
// Precondition: w.mu held.
func (w *Wallet) keysFor(kr *keyring, spk []byte) (bool, error) {
	ref, ok := w.scripts[string(spk)]
	if !ok || ref.d.rec.Priv == nil {
		return false, nil
	}
	if ref.d.priv == nil {
		if w.mkey != nil && w.masterKey == nil {
			return false, lockedError()
		}
		if err := w.openPrivate(ref.d); err != nil {
			return false, err
		}
	}
	exp, err := ref.d.priv.Expand(ref.index)
	if err != nil {
		return false, err
	}
	for _, s := range exp.PrivKeys {
		kr.add(s)
	}
	return len(exp.PrivKeys) > 0, nil
}

// signInput signs input idx of tx spending prev with a key of kr (SIGHASH_ALL,
// or the default type for taproot). It reports whether it signed.
func signInput(tx *primitives.Tx, idx int, prevOuts []primitives.TxOut, sh *txscript.SigHashes, kr *keyring) (bool, error) {
	prev := prevOuts[idx]
	spk := prev.ScriptPubKey
	in := &tx.Inputs[idx]
	switch classify(spk) {
	case kindP2PKH:
		var h [20]byte
		copy(h[:], spk[3:23])
		e, ok := kr.byHash[h]
		if !ok {
			return false, nil
		}
		hash := txscript.LegacySignatureHash(spk, tx, idx, uint32(txscript.SigHashAll))
		sig := append(crypto.SignECDSA(e.priv, hash[:]), byte(txscript.SigHashAll))
		in.ScriptSig = txscript.AppendPushData(txscript.AppendPushData(nil, sig), e.pub)
		in.Witness = nil
		return true, nil
	case kindP2WPKH, kindP2SH:
		var h [20]byte
		if classify(spk) == kindP2WPKH {
			copy(h[:], spk[2:22])
		} else {
			// Only P2SH-P2WPKH: find the key whose wpkh program hashes to
			// the script hash.
			found := false
			for kh, e := range kr.byHash {
				if !e.compressed {
					continue
				}
				redeem := append([]byte{0x00, 0x14}, kh[:]...)
				if rh := crypto.Hash160(redeem); bytes.Equal(rh[:], spk[2:22]) {
					h, found = kh, true
					break
				}
			}
			if !found {
				return false, nil
			}
		}
		e, ok := kr.byHash[h]
		if !ok || !e.compressed {
			return false, nil
		}
		scriptCode := append(append([]byte{0x76, 0xa9, 0x14}, h[:]...), 0x88, 0xac)
		hash := txscript.WitnessV0SignatureHash(scriptCode, sh, uint32(txscript.SigHashAll), tx, idx, prev.Value)
		sig := append(crypto.SignECDSA(e.priv, hash[:]), byte(txscript.SigHashAll))
		in.Witness = [][]byte{sig, e.pub}
		in.ScriptSig = nil
		if classify(spk) == kindP2SH {
			in.ScriptSig = txscript.AppendPushData(nil, append([]byte{0x00, 0x14}, h[:]...))
		}
		return true, nil
	case kindP2TR:
		var out [32]byte
		copy(out[:], spk[2:])
		for x, priv := range kr.byXOnly {
			// BIP86: the output key is the internal key tweaked with no
			// script tree.
			ok, err := func() (bool, error) {
				tweak := crypto.TapTweakHash(x, nil)
				o, _, err := crypto.TweakXOnly(x, tweak)
				if err != nil || o != out {
					return false, nil
				}
				tweaked, err := crypto.TweakPrivKeyTaproot(priv, tweak)
				if err != nil {
					return false, err
				}
				hash, err := txscript.TaprootSignatureHash(sh, uint8(txscript.SigHashDefault), tx, idx, nil, nil)
				if err != nil {
					return false, err
				}
				var aux [32]byte
				_, _ = rand.Read(aux[:])
				sig, err := crypto.SignSchnorr(tweaked, hash[:], aux)
				if err != nil {
					return false, err
				}
				in.Witness = [][]byte{sig[:]}
				in.ScriptSig = nil
				return true, nil
			}()
			if ok || err != nil {
				return ok, err
			}
		}
	}
	return false, nil
}

// InputError describes an input signrawtransactionwithwallet could not sign.
type InputError struct {
	Index int
	Error string
}

// SignTransaction signs every input of tx whose spent output the wallet can
// sign for. prevOuts gives the spent outputs in input order; a zero-value
// entry is looked up in the wallet. It returns the inputs left unsigned or
// failing verification; complete is true when every input verifies.
//
// This function is safe for concurrent access.
func (w *Wallet) SignTransaction(tx *primitives.Tx, prevOuts []primitives.TxOut) (complete bool, errs []InputError, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.signLocked(tx, prevOuts)
}

func (w *Wallet) signLocked(tx *primitives.Tx, prevOuts []primitives.TxOut) (bool, []InputError, error) {
	if len(prevOuts) != len(tx.Inputs) {
		p := make([]primitives.TxOut, len(tx.Inputs))
		copy(p, prevOuts)
		prevOuts = p
	}
	for i, in := range tx.Inputs {
		if prevOuts[i].ScriptPubKey == nil {
			if wtx, ok := w.txs[in.PrevOut.Hash]; ok && int(in.PrevOut.Index) < len(wtx.tx.Outputs) {
				prevOuts[i] = wtx.tx.Outputs[in.PrevOut.Index]
			}
		}
	}
	kr := newKeyring()
	for i := range tx.Inputs {
		if prevOuts[i].ScriptPubKey == nil {
			continue
		}
		if _, err := w.keysFor(kr, prevOuts[i].ScriptPubKey); err != nil {
			return false, nil, err
		}
	}
	missing := false
	for i := range prevOuts {
		if prevOuts[i].ScriptPubKey == nil {
			missing = true
		}
	}
	var sh *txscript.SigHashes
	if !missing {
		sh = txscript.NewSigHashes(tx, prevOuts)
	} else {
		sh = txscript.NewSigHashes(tx, nil)
	}
	var errs []InputError
	complete := true
	for i := range tx.Inputs {
		if prevOuts[i].ScriptPubKey == nil {
			errs = append(errs, InputError{i, "Input not found or already spent"})
			complete = false
			continue
		}
		// Keep inputs that already verify (signed by someone else).
		if verifyInput(tx, i, prevOuts, sh) == nil {
			continue
		}
		if classify(prevOuts[i].ScriptPubKey) == kindP2TR && missing {
			errs = append(errs, InputError{i, "Missing amount or script of a spent output (taproot signing needs every one)"})
			complete = false
			continue
		}
		if _, err := signInput(tx, i, prevOuts, sh, kr); err != nil {
			return false, nil, makeError(ErrSigning, "Signing transaction failed: %v", err)
		}
		if err := verifyInput(tx, i, prevOuts, sh); err != nil {
			msg := err.Error()
			if len(tx.Inputs[i].ScriptSig) == 0 && len(tx.Inputs[i].Witness) == 0 {
				msg = "Unable to sign input, invalid stack size (possibly missing key)"
			}
			errs = append(errs, InputError{i, msg})
			complete = false
		}
	}
	return complete, errs, nil
}

// standardFlags are the script flags Core's wallet verifies its own
// signatures with (the consensus ones plus the policy ones that matter).
const standardFlags = txscript.FlagP2SH | txscript.FlagDERSig | txscript.FlagNullDummy |
	txscript.FlagCheckLockTimeVerify | txscript.FlagCheckSequenceVerify | txscript.FlagWitness |
	txscript.FlagTaproot | txscript.FlagStrictEnc | txscript.FlagLowS

func verifyInput(tx *primitives.Tx, i int, prevOuts []primitives.TxOut, sh *txscript.SigHashes) error {
	in := &tx.Inputs[i]
	ctx := &txscript.TxContext{Tx: tx, Index: i, Amount: prevOuts[i].Value, PrevOuts: prevOuts, SigHashes: sh}
	return txscript.VerifyScript(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, standardFlags, ctx)
}

// DumpPrivKey returns the WIF-ready private key of a single-key wallet
// script (dumpprivkey): the 32-byte secret and whether the key is
// compressed.
//
// This function is safe for concurrent access.
func (w *Wallet) DumpPrivKey(spk []byte) ([]byte, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.PrivateKeysDisabled() {
		return nil, false, makeError(ErrPrivateKeysDisabled, "Private keys are disabled for this wallet")
	}
	kr := newKeyring()
	ok, err := w.keysFor(kr, spk)
	if err != nil {
		return nil, false, err
	}
	if !ok {
		return nil, false, makeError(ErrInvalidAddressOrKey, "Private key for address is not known")
	}
	var want [20]byte
	switch classify(spk) {
	case kindP2PKH:
		copy(want[:], spk[3:23])
	case kindP2WPKH:
		copy(want[:], spk[2:22])
	case kindP2SH:
		for kh, e := range kr.byHash {
			redeem := append([]byte{0x00, 0x14}, kh[:]...)
			if rh := crypto.Hash160(redeem); e.compressed && bytes.Equal(rh[:], spk[2:22]) {
				want = kh
			}
		}
	case kindP2TR:
		for x, priv := range kr.byXOnly {
			o, _, _ := crypto.TweakXOnly(x, crypto.TapTweakHash(x, nil))
			if bytes.Equal(o[:], spk[2:]) {
				return priv.Serialize(), true, nil
			}
		}
		return nil, false, makeError(ErrInvalidAddressOrKey, "Private key for address is not known")
	default:
		return nil, false, makeError(ErrInvalidAddressOrKey, "Address does not refer to a key")
	}
	e, ok := kr.byHash[want]
	if !ok {
		return nil, false, makeError(ErrInvalidAddressOrKey, "Private key for address is not known")
	}
	return e.priv.Serialize(), e.compressed, nil
}

// messageMagic is Core's MESSAGE_MAGIC prefix of signed messages.
const messageMagic = "Bitcoin Signed Message:\n"

// MessageHash is the hash Core's signmessage signs: SHA256d of the
// compact-size-prefixed magic and message.
func MessageHash(msg string) chainhash.Hash {
	b := primitives.AppendCompactSize(nil, uint64(len(messageMagic)))
	b = append(b, messageMagic...)
	b = primitives.AppendCompactSize(b, uint64(len(msg)))
	b = append(b, msg...)
	return chainhash.DoubleSHA256(b)
}

// SignMessage signs msg with the key of a P2PKH wallet address (Core's
// signmessage) and returns the 65-byte compact signature: header byte
// 27+recid (+4 for a compressed key), R, S.
//
// This function is safe for concurrent access.
func (w *Wallet) SignMessage(spk []byte, msg string) ([]byte, error) {
	if classify(spk) != kindP2PKH {
		return nil, makeError(ErrInvalidAddressOrKey, "Address does not refer to key")
	}
	secret, compressed, err := w.DumpPrivKey(spk)
	if err != nil {
		return nil, err
	}
	priv := secp256k1.PrivKeyFromBytes(secret)
	wipe(secret)
	h := MessageHash(msg)
	sig, err := crypto.SignRecoverable(priv, h[:])
	if err != nil {
		return nil, makeError(ErrSigning, "Sign failed")
	}
	out := make([]byte, 65)
	out[0] = 27 + sig[64]
	if compressed {
		out[0] += 4
	}
	copy(out[1:], sig[:64])
	return out, nil
}
