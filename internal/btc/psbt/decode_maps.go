package psbt

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// unknownType is a key type no map defines (types are at most 2^25).
const unknownType = ^uint64(0)

func errorsIsTrailing(err error) bool { return errors.Is(err, primitives.ErrTrailingData) }

// isValidSigEncoding is Core's CheckSignatureEncoding under DERSIG|STRICTENC
// for a non-empty signature: strict DER and a defined sighash type.
func isValidSigEncoding(sig []byte) bool {
	if len(sig) == 0 || !crypto.IsStrictDER(sig[:len(sig)-1]) {
		return false
	}
	ht := sig[len(sig)-1] &^ 0x80
	return ht >= 1 && ht <= 3
}

func (r *reader) hash32() (chainhash.Hash, error) {
	var h chainhash.Hash
	b, err := r.take(32)
	if err == nil {
		copy(h[:], b)
	}
	return h, err
}

// tapBip32 reads the value of a PSBT_{IN,OUT}_TAP_BIP32_DERIVATION field.
func (r *reader) tapBip32(side string) ([]chainhash.Hash, KeyOrigin, error) {
	valueLen, err := r.compact()
	if err != nil {
		return nil, KeyOrigin{}, err
	}
	before := r.remaining()
	n, err := r.compact()
	if err != nil {
		return nil, KeyOrigin{}, err
	}
	if n > uint64(r.remaining())/32 {
		r.off = len(r.b)
		return nil, KeyOrigin{}, decodeErr(msgEndOfData)
	}
	var hashes []chainhash.Hash
	if n > 0 {
		hashes = make([]chainhash.Hash, n)
		for i := range hashes {
			hashes[i], _ = r.hash32()
		}
	}
	hashesLen := uint64(before - r.remaining())
	if hashesLen > valueLen {
		return nil, KeyOrigin{}, decodeErr(side + " Taproot BIP32 keypath has an invalid length")
	}
	ko, err := r.keyOrigin(valueLen - hashesLen)
	if err != nil {
		return nil, KeyOrigin{}, err
	}
	return sortDedupHashes(hashes), ko, nil
}

// musig2Participants reads PSBT_{IN,OUT}_MUSIG2_PARTICIPANT_PUBKEYS.
func (r *reader) musig2Participants(side string, key, keyData []byte) (MuSig2Participants, error) {
	var mp MuSig2Participants
	if len(key) != 34 {
		return mp, decodeErr(side + " musig2 participants pubkeys aggregate key is not 34 bytes")
	}
	if !validCompressed(keyData) {
		return mp, decodeErr(side + " musig2 aggregate pubkey is invalid")
	}
	val, err := r.vec()
	if err != nil {
		return mp, err
	}
	mp.AggregateKey = keyData
	for len(val) >= 33 {
		pk := val[:33:33]
		if !validCompressed(pk) {
			return mp, decodeErr(side + " musig2 participant pubkey is invalid")
		}
		mp.Participants = append(mp.Participants, pk)
		val = val[33:]
	}
	if len(val) != 0 {
		return mp, decodeErr(side + " musig2 participants pubkeys value size is not a multiple of 33")
	}
	return mp, nil
}

// musig2Identifier splits participant || aggregate || [leaf hash].
func musig2Identifier(keyData []byte) (part, agg []byte, leaf chainhash.Hash, err error) {
	part, agg = keyData[:33:33], keyData[33:66:66]
	if !validCompressed(agg) {
		return nil, nil, leaf, decodeErr("musig2 aggregate pubkey is invalid")
	}
	if !validCompressed(part) {
		return nil, nil, leaf, decodeErr("musig2 participant pubkey is invalid")
	}
	if len(keyData) == 98 {
		copy(leaf[:], keyData[66:])
	}
	return part, agg, leaf, nil
}

func decodeInput(r *reader, in *Input, version uint32) error {
	keys := keySet{}
	foundTxID, foundIndex, foundSep := false, false, false
	for !r.empty() {
		key, err := r.vec()
		if err != nil {
			return err
		}
		if len(key) == 0 {
			foundSep = true
			break
		}
		if !keys.add(key) {
			return decodeErr(fmt.Sprintf("Duplicate Key, input key %q already provided", hex.EncodeToString(key)))
		}
		typ, keyData, err := keyType(key)
		if err != nil {
			return err
		}
		if version < 2 && typ >= InPreviousTxID && typ <= InRequiredHeightLock && len(key) != 1 {
			// Not the BIP370 field (which has no key data): an unknown
			// field, as for Core's v0 parser.
			typ = unknownType
		}
		switch typ {
		case InNonWitnessUTXO:
			if err := expectKeySize("Input Non-witness UTXO", key, 1); err != nil {
				return err
			}
			n, err := r.compact()
			if err != nil {
				return err
			}
			tx, used, err := primitives.DecodeTxPrefix(r.b[r.off:])
			if err != nil {
				return streamErr(err)
			}
			r.off += used
			if uint64(used) != n {
				return decodeErr(msgValueSize)
			}
			in.NonWitnessUTXO = tx
		case InWitnessUTXO:
			if err := expectKeySize("Input Witness UTXO", key, 1); err != nil {
				return err
			}
			var out primitives.TxOut
			if err := r.sized(func() error {
				b, err := r.take(8)
				if err != nil {
					return err
				}
				out.Value = int64(leU64(b))
				out.ScriptPubKey, err = r.vec()
				return err
			}); err != nil {
				return err
			}
			in.WitnessUTXO = &out
		case InPartialSig:
			if len(key) != 34 && len(key) != 66 {
				return decodeErr("Size of key was not the expected size for the type partial signature pubkey")
			}
			if !validPubKey(keyData) {
				return decodeErr(msgInvalidPubKey)
			}
			sig, err := r.vec()
			if err != nil {
				return err
			}
			if !isValidSigEncoding(sig) {
				return decodeErr("Signature is not a valid encoding")
			}
			in.PartialSigs = append(in.PartialSigs, PartialSig{PubKey: keyData, Signature: sig})
		case InSighashType:
			if err := expectKeySize("Input Sighash Type", key, 1); err != nil {
				return err
			}
			v, err := r.sizedU32()
			if err != nil {
				return err
			}
			in.SighashType = &v
		case InRedeemScript:
			if err := expectKeySize("Input redeemScript", key, 1); err != nil {
				return err
			}
			if in.RedeemScript, err = r.vec(); err != nil {
				return err
			}
		case InWitnessScript:
			if err := expectKeySize("Input witnessScript", key, 1); err != nil {
				return err
			}
			if in.WitnessScript, err = r.vec(); err != nil {
				return err
			}
		case InBIP32Derivation:
			d, err := readBip32(r, key, keyData)
			if err != nil {
				return err
			}
			in.Bip32Derivation = append(in.Bip32Derivation, d)
		case InFinalScriptSig:
			if err := expectKeySize("Input Final scriptSig", key, 1); err != nil {
				return err
			}
			if in.FinalScriptSig, err = r.vec(); err != nil {
				return err
			}
		case InFinalScriptWitness:
			if err := expectKeySize("Input Final scriptWitness", key, 1); err != nil {
				return err
			}
			var stack [][]byte
			if err := r.sized(func() error {
				n, err := r.compact()
				if err != nil {
					return err
				}
				if n > uint64(r.remaining()) {
					return decodeErr(msgEndOfData)
				}
				stack = make([][]byte, 0, n)
				for i := uint64(0); i < n; i++ {
					item, err := r.vec()
					if err != nil {
						return err
					}
					stack = append(stack, item)
				}
				return nil
			}); err != nil {
				return err
			}
			if len(stack) == 0 {
				stack = nil
			}
			in.FinalScriptWitness = stack
		case InRIPEMD160, InSHA256, InHASH160, InHASH256:
			name, size, list := "Input RIPEMD160 Preimage", 21, &in.RIPEMD160Preimages
			switch typ {
			case InSHA256:
				name, size, list = "Input SHA256 Preimage", 33, &in.SHA256Preimages
			case InHASH160:
				name, size, list = "Input Hash160 Preimage", 21, &in.HASH160Preimages
			case InHASH256:
				name, size, list = "Input Hash256 Preimage", 33, &in.HASH256Preimages
			}
			if err := expectKeySize(name, key, size); err != nil {
				return err
			}
			pre, err := r.vec()
			if err != nil {
				return err
			}
			*list = append(*list, Preimage{Hash: keyData, Preimage: pre})
		case InPreviousTxID:
			if err := expectKeySize("Input Previous TXID", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Previous txid is not allowed in PSBTv0")
			}
			if err := r.sized(func() error { var e error; in.PreviousTxID, e = r.hash32(); return e }); err != nil {
				return err
			}
			foundTxID = true
		case InOutputIndex:
			if err := expectKeySize("Input Previous Output's Index", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Previous output's index is not allowed in PSBTv0")
			}
			if in.OutputIndex, err = r.sizedU32(); err != nil {
				return err
			}
			foundIndex = true
		case InSequence:
			if err := expectKeySize("Input Sequence", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Sequence is not allowed in PSBTv0")
			}
			v, err := r.sizedU32()
			if err != nil {
				return err
			}
			in.Sequence = &v
		case InRequiredTimeLock:
			if err := expectKeySize("Input Required Time Based Locktime", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Required time based locktime is not allowed in PSBTv0")
			}
			v, err := r.sizedU32()
			if err != nil {
				return err
			}
			if v < lockTimeThreshold {
				return decodeErr("Required time based locktime is invalid (less than 500000000)")
			}
			in.RequiredTimeLock = &v
		case InRequiredHeightLock:
			if err := expectKeySize("Input Required Height Based Locktime", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Required height based locktime is not allowed in PSBTv0")
			}
			v, err := r.sizedU32()
			if err != nil {
				return err
			}
			if v >= lockTimeThreshold {
				return decodeErr("Required height based locktime is invalid (greater than or equal to 500000000)")
			} else if v == 0 {
				return decodeErr("Required height based locktime is invalid (0)")
			}
			in.RequiredHeightLock = &v
		case InTapKeySig:
			if err := expectKeySize("Input Taproot Key Path Signature", key, 1); err != nil {
				return err
			}
			sig, err := r.vec()
			if err != nil {
				return err
			}
			if len(sig) < 64 {
				return decodeErr("Input Taproot key path signature is shorter than 64 bytes")
			} else if len(sig) > 65 {
				return decodeErr("Input Taproot key path signature is longer than 65 bytes")
			}
			in.TapKeySig = sig
		case InTapScriptSig:
			if err := expectKeySize("Input Taproot Script Path Signature", key, 65); err != nil {
				return err
			}
			var ts TapScriptSig
			copy(ts.XOnlyPubKey[:], keyData[:32])
			copy(ts.LeafHash[:], keyData[32:])
			sig, err := r.vec()
			if err != nil {
				return err
			}
			if len(sig) < 64 {
				return decodeErr("Input Taproot script path signature is shorter than 64 bytes")
			} else if len(sig) > 65 {
				return decodeErr("Input Taproot script path signature is longer than 65 bytes")
			}
			ts.Signature = sig
			in.TapScriptSigs = append(in.TapScriptSigs, ts)
		case InTapLeafScript:
			if len(key) < 34 {
				return decodeErr("Input Taproot leaf script key is not at least 34 bytes")
			} else if (len(key)-2)%32 != 0 {
				return decodeErr("Input Taproot leaf script key's control block size is not valid")
			}
			v, err := r.vec()
			if err != nil {
				return err
			}
			if len(v) == 0 {
				return decodeErr("Input Taproot leaf script must be at least 1 byte")
			}
			in.TapLeafScripts = append(in.TapLeafScripts, TapLeafScript{
				ControlBlock: keyData, Script: v[: len(v)-1 : len(v)-1], LeafVersion: v[len(v)-1],
			})
		case InTapBIP32Derivation:
			if err := expectKeySize("Input Taproot BIP32 Keypath", key, 33); err != nil {
				return err
			}
			hashes, ko, err := r.tapBip32("Input")
			if err != nil {
				return err
			}
			var d TapBip32Derivation
			copy(d.XOnlyPubKey[:], keyData)
			d.LeafHashes, d.KeyOrigin = hashes, ko
			in.TapBip32Derivation = append(in.TapBip32Derivation, d)
		case InTapInternalKey:
			if err := expectKeySize("Input Taproot Internal Key", key, 1); err != nil {
				return err
			}
			if err := r.sized(func() error { h, e := r.hash32(); in.TapInternalKey = h; return e }); err != nil {
				return err
			}
		case InTapMerkleRoot:
			if err := expectKeySize("Input Taproot Merkle Root", key, 1); err != nil {
				return err
			}
			if err := r.sized(func() error { h, e := r.hash32(); in.TapMerkleRoot = h; return e }); err != nil {
				return err
			}
		case InMuSig2Participants:
			mp, err := r.musig2Participants("Input", key, keyData)
			if err != nil {
				return err
			}
			in.MuSig2Participants = append(in.MuSig2Participants, mp)
		case InMuSig2PubNonce:
			if len(key) != 67 && len(key) != 99 {
				return decodeErr("Input musig2 pubnonce key is not expected size of 67 or 99 bytes")
			}
			part, agg, leaf, err := musig2Identifier(keyData)
			if err != nil {
				return err
			}
			nonce, err := r.vec()
			if err != nil {
				return err
			}
			if len(nonce) != 66 {
				return decodeErr("Input musig2 pubnonce value is not 66 bytes")
			}
			in.MuSig2PubNonces = append(in.MuSig2PubNonces, MuSig2PubNonce{
				ParticipantKey: part, AggregateKey: agg, LeafHash: leaf, PubNonce: nonce,
			})
		case InMuSig2PartialSig:
			if len(key) != 67 && len(key) != 99 {
				return decodeErr("Input musig2 partial sig key is not expected size of 67 or 99 bytes")
			}
			part, agg, leaf, err := musig2Identifier(keyData)
			if err != nil {
				return err
			}
			ps := MuSig2PartialSig{ParticipantKey: part, AggregateKey: agg, LeafHash: leaf}
			if err := r.sized(func() error { h, e := r.hash32(); ps.PartialSig = h; return e }); err != nil {
				return err
			}
			in.MuSig2PartialSigs = append(in.MuSig2PartialSigs, ps)
		case InProprietary:
			prop, err := readProprietary(key, keyData, r)
			if err != nil {
				return err
			}
			in.Proprietary = append(in.Proprietary, prop)
		default:
			val, err := r.vec()
			if err != nil {
				return err
			}
			in.Unknown = append(in.Unknown, Unknown{Key: key, Value: val})
		}
	}
	if !foundSep {
		return decodeErr("Separator is missing at the end of an input map")
	}
	if version >= 2 {
		if !foundTxID {
			return decodeErr("Previous TXID is required in PSBTv2")
		}
		if !foundIndex {
			return decodeErr("Previous output's index is required in PSBTv2")
		}
	}
	return nil
}

func readBip32(r *reader, key, keyData []byte) (Bip32Derivation, error) {
	if len(key) != 34 && len(key) != 66 {
		return Bip32Derivation{}, decodeErr("Size of key was not the expected size for the type BIP32 keypath")
	}
	if !validPubKey(keyData) {
		return Bip32Derivation{}, decodeErr(msgInvalidPubKey)
	}
	ko, err := r.hdKeyPath()
	if err != nil {
		return Bip32Derivation{}, err
	}
	return Bip32Derivation{PubKey: keyData, KeyOrigin: ko}, nil
}

func leU64(b []byte) uint64 {
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// tapTreeComplete replays Core's TaprootBuilder on leaf depths: the leaves
// must be a depth-first walk of a complete binary tree.
func tapTreeComplete(depths []uint8) bool {
	var branch []bool // has a node at depth i
	for _, d0 := range depths {
		depth := int(d0)
		if depth+1 < len(branch) {
			return false
		}
		for len(branch) > depth && branch[depth] {
			branch = branch[:len(branch)-1]
			if depth == 0 {
				return false
			}
			depth--
		}
		for len(branch) <= depth {
			branch = append(branch, false)
		}
		branch[depth] = true
	}
	return len(branch) == 0 || (len(branch) == 1 && branch[0])
}

func decodeOutput(r *reader, out *Output, version uint32) error {
	keys := keySet{}
	foundAmount, foundScript, foundSep := false, false, false
	for !r.empty() {
		key, err := r.vec()
		if err != nil {
			return err
		}
		if len(key) == 0 {
			foundSep = true
			break
		}
		if !keys.add(key) {
			return decodeErr(fmt.Sprintf("Duplicate Key, output key %q already provided", hex.EncodeToString(key)))
		}
		typ, keyData, err := keyType(key)
		if err != nil {
			return err
		}
		if version < 2 && (typ == OutAmount || typ == OutScript) && len(key) != 1 {
			typ = unknownType // see decodeInput
		}
		switch typ {
		case OutRedeemScript:
			if err := expectKeySize("Output redeemScript", key, 1); err != nil {
				return err
			}
			if out.RedeemScript, err = r.vec(); err != nil {
				return err
			}
		case OutWitnessScript:
			if err := expectKeySize("Output witnessScript", key, 1); err != nil {
				return err
			}
			if out.WitnessScript, err = r.vec(); err != nil {
				return err
			}
		case OutBIP32Derivation:
			d, err := readBip32(r, key, keyData)
			if err != nil {
				return err
			}
			out.Bip32Derivation = append(out.Bip32Derivation, d)
		case OutAmount:
			if err := expectKeySize("Output Amount", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Output amount is not allowed in PSBTv0")
			}
			if err := r.sized(func() error {
				b, e := r.take(8)
				if e == nil {
					out.Amount = int64(leU64(b))
				}
				return e
			}); err != nil {
				return err
			}
			foundAmount = true
		case OutScript:
			if err := expectKeySize("Output Script", key, 1); err != nil {
				return err
			}
			if version < 2 {
				return decodeErr("Output script is not allowed in PSBTv0")
			}
			if out.Script, err = r.vec(); err != nil {
				return err
			}
			foundScript = true
		case OutTapInternalKey:
			if err := expectKeySize("Output Taproot Internal Key", key, 1); err != nil {
				return err
			}
			if err := r.sized(func() error { h, e := r.hash32(); out.TapInternalKey = h; return e }); err != nil {
				return err
			}
		case OutTapTree:
			if err := expectKeySize("Output Taproot Tree Key", key, 1); err != nil {
				return err
			}
			v, err := r.vec()
			if err != nil {
				return err
			}
			if len(v) == 0 {
				return decodeErr("Output Taproot tree must not be empty")
			}
			tr := &reader{b: v}
			var leaves []TapTreeLeaf
			var depths []uint8
			for !tr.empty() {
				hdr, err := tr.take(2)
				if err != nil {
					return err
				}
				script, err := tr.vec()
				if err != nil {
					return err
				}
				if hdr[0] > 128 {
					return decodeErr("Output Taproot tree has as leaf greater than Taproot maximum depth")
				}
				if hdr[1]&^txscript.TaprootLeafMask != 0 {
					return decodeErr("Output Taproot tree has a leaf with an invalid leaf version")
				}
				leaves = append(leaves, TapTreeLeaf{Depth: hdr[0], LeafVersion: hdr[1], Script: script})
				depths = append(depths, hdr[0])
			}
			if !tapTreeComplete(depths) {
				return decodeErr("Output Taproot tree is malformed")
			}
			out.TapTree = leaves
		case OutTapBIP32Derivation:
			if err := expectKeySize("Output Taproot BIP32 Keypath", key, 33); err != nil {
				return err
			}
			hashes, ko, err := r.tapBip32("Output")
			if err != nil {
				return err
			}
			var d TapBip32Derivation
			copy(d.XOnlyPubKey[:], keyData)
			d.LeafHashes, d.KeyOrigin = hashes, ko
			out.TapBip32Derivation = append(out.TapBip32Derivation, d)
		case OutMuSig2Participants:
			mp, err := r.musig2Participants("Output", key, keyData)
			if err != nil {
				return err
			}
			out.MuSig2Participants = append(out.MuSig2Participants, mp)
		case OutProprietary:
			prop, err := readProprietary(key, keyData, r)
			if err != nil {
				return err
			}
			out.Proprietary = append(out.Proprietary, prop)
		default:
			val, err := r.vec()
			if err != nil {
				return err
			}
			out.Unknown = append(out.Unknown, Unknown{Key: key, Value: val})
		}
	}
	if !foundSep {
		return decodeErr("Separator is missing at the end of an output map")
	}
	if version >= 2 {
		if !foundAmount {
			return decodeErr("Output amount is required in PSBTv2")
		}
		if !foundScript {
			return decodeErr("Output script is required in PSBTv2")
		}
	}
	return nil
}
