package psbt

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Encode serializes the PSBT exactly as Bitcoin Core does: fields in Core's
// order (map fields sorted by Core's key order, which Encode establishes in
// place), and, for an input with a final scriptSig or witness, without the
// partial-signing fields Core drops from finalized inputs.
//
// Encode sorts p's list fields; it must not run concurrently with other uses
// of p.
func (p *Packet) Encode() []byte {
	p.sortFields()
	b := make([]byte, 0, p.sizeHint())
	b = append(b, magic[:]...)
	if p.Version < 2 && p.Tx != nil {
		b = appendKey(b, GlobalUnsignedTx, nil)
		b = primitives.AppendCompactSize(b, uint64(p.Tx.StrippedSize()))
		b = p.Tx.AppendStripped(b)
	}
	for _, x := range p.XPubs {
		b = appendKey(b, GlobalXPub, x.ExtendedKey)
		b = appendOrigin(b, x.Origin)
	}
	if p.Version >= 2 {
		b = appendKey(b, GlobalTxVersion, nil)
		b = appendU32Value(b, p.TxVersion)
		if p.FallbackLockTime != nil {
			b = appendKey(b, GlobalFallbackLock, nil)
			b = appendU32Value(b, *p.FallbackLockTime)
		}
		b = appendKey(b, GlobalInputCount, nil)
		b = appendCompactValue(b, uint64(len(p.Inputs)))
		b = appendKey(b, GlobalOutputCount, nil)
		b = appendCompactValue(b, uint64(len(p.Outputs)))
		if p.TxModifiable != nil {
			b = appendKey(b, GlobalTxModifiable, nil)
			b = append(b, 1, *p.TxModifiable)
		}
	}
	if p.Version > 0 {
		b = appendKey(b, GlobalVersion, nil)
		b = appendU32Value(b, p.Version)
	}
	b = appendPropUnknown(b, p.Proprietary, p.Unknown)
	b = append(b, 0)
	for i := range p.Inputs {
		b = p.Inputs[i].appendTo(b, p.Version)
	}
	for i := range p.Outputs {
		b = p.Outputs[i].appendTo(b, p.Version)
	}
	return b
}

// Base64 returns the Base64 text of Encode (Core's EncodeBase64).
//
// Like Encode, it sorts p's list fields in place.
func (p *Packet) Base64() string {
	return base64.StdEncoding.EncodeToString(p.Encode())
}

func (p *Packet) sizeHint() int {
	n := 64
	if p.Tx != nil {
		n += p.Tx.SerializeSize()
	}
	for i := range p.Inputs {
		if u := p.Inputs[i].NonWitnessUTXO; u != nil {
			n += u.SerializeSize()
		}
		n += 256
	}
	return n + 128*len(p.Outputs)
}

func appendKey(b []byte, typ byte, data []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(1+len(data)))
	b = append(b, typ)
	return append(b, data...)
}

func appendVec(b, v []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(v)))
	return append(b, v...)
}

func appendU32Value(b []byte, v uint32) []byte {
	b = append(b, 4)
	return binary.LittleEndian.AppendUint32(b, v)
}

func appendCompactValue(b []byte, v uint64) []byte {
	b = primitives.AppendCompactSize(b, uint64(primitives.CompactSizeLen(v)))
	return primitives.AppendCompactSize(b, v)
}

func appendOriginRaw(b []byte, ko KeyOrigin) []byte {
	b = append(b, ko.Fingerprint[:]...)
	for _, x := range ko.Path {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

func appendOrigin(b []byte, ko KeyOrigin) []byte {
	b = primitives.AppendCompactSize(b, uint64(4*(len(ko.Path)+1)))
	return appendOriginRaw(b, ko)
}

func appendPropUnknown(b []byte, props []Proprietary, unk []Unknown) []byte {
	for _, pr := range props {
		b = appendVec(b, pr.Key)
		b = appendVec(b, pr.Value)
	}
	for _, u := range unk {
		b = appendVec(b, u.Key)
		b = appendVec(b, u.Value)
	}
	return b
}

func appendTapBip32(b []byte, typ byte, d TapBip32Derivation) []byte {
	b = appendKey(b, typ, d.XOnlyPubKey[:])
	n := primitives.CompactSizeLen(uint64(len(d.LeafHashes))) + 32*len(d.LeafHashes) + 4*(len(d.Path)+1)
	b = primitives.AppendCompactSize(b, uint64(n))
	b = primitives.AppendCompactSize(b, uint64(len(d.LeafHashes)))
	for _, h := range d.LeafHashes {
		b = append(b, h[:]...)
	}
	return appendOriginRaw(b, d.KeyOrigin)
}

func appendMuSigParticipants(b []byte, typ byte, mps []MuSig2Participants) []byte {
	for _, mp := range mps {
		b = appendKey(b, typ, mp.AggregateKey)
		b = primitives.AppendCompactSize(b, uint64(33*len(mp.Participants)))
		for _, pk := range mp.Participants {
			b = append(b, pk...)
		}
	}
	return b
}

func appendMuSigKey(b []byte, typ byte, part, agg []byte, leaf chainhash.Hash) []byte {
	n := 1 + len(part) + len(agg)
	if !leaf.IsZero() {
		n += 32
	}
	b = primitives.AppendCompactSize(b, uint64(n))
	b = append(b, typ)
	b = append(b, part...)
	b = append(b, agg...)
	if !leaf.IsZero() {
		b = append(b, leaf[:]...)
	}
	return b
}

func (in *Input) appendTo(b []byte, version uint32) []byte {
	if in.NonWitnessUTXO != nil {
		b = appendKey(b, InNonWitnessUTXO, nil)
		b = primitives.AppendCompactSize(b, uint64(in.NonWitnessUTXO.StrippedSize()))
		b = in.NonWitnessUTXO.AppendStripped(b)
	}
	if u := in.WitnessUTXO; u != nil && !isNullTxOut(u) {
		b = appendKey(b, InWitnessUTXO, nil)
		b = primitives.AppendCompactSize(b, uint64(8+primitives.CompactSizeLen(uint64(len(u.ScriptPubKey)))+len(u.ScriptPubKey)))
		b = binary.LittleEndian.AppendUint64(b, uint64(u.Value))
		b = appendVec(b, u.ScriptPubKey)
	}
	if !in.IsFinalized() {
		for _, ps := range in.PartialSigs {
			b = appendKey(b, InPartialSig, ps.PubKey)
			b = appendVec(b, ps.Signature)
		}
		if in.SighashType != nil {
			b = appendKey(b, InSighashType, nil)
			b = appendU32Value(b, *in.SighashType)
		}
		if len(in.RedeemScript) != 0 {
			b = appendKey(b, InRedeemScript, nil)
			b = appendVec(b, in.RedeemScript)
		}
		if len(in.WitnessScript) != 0 {
			b = appendKey(b, InWitnessScript, nil)
			b = appendVec(b, in.WitnessScript)
		}
		for _, d := range in.Bip32Derivation {
			b = appendKey(b, InBIP32Derivation, d.PubKey)
			b = appendOrigin(b, d.KeyOrigin)
		}
		for _, l := range []struct {
			typ  byte
			list []Preimage
		}{{InRIPEMD160, in.RIPEMD160Preimages}, {InSHA256, in.SHA256Preimages},
			{InHASH160, in.HASH160Preimages}, {InHASH256, in.HASH256Preimages}} {
			for _, pi := range l.list {
				b = appendKey(b, l.typ, pi.Hash)
				b = appendVec(b, pi.Preimage)
			}
		}
		if len(in.TapKeySig) != 0 {
			b = appendKey(b, InTapKeySig, nil)
			b = appendVec(b, in.TapKeySig)
		}
		for _, ts := range in.TapScriptSigs {
			b = primitives.AppendCompactSize(b, 65)
			b = append(b, InTapScriptSig)
			b = append(b, ts.XOnlyPubKey[:]...)
			b = append(b, ts.LeafHash[:]...)
			b = appendVec(b, ts.Signature)
		}
		for _, ls := range in.TapLeafScripts {
			b = appendKey(b, InTapLeafScript, ls.ControlBlock)
			b = primitives.AppendCompactSize(b, uint64(len(ls.Script)+1))
			b = append(b, ls.Script...)
			b = append(b, ls.LeafVersion)
		}
		for _, d := range in.TapBip32Derivation {
			b = appendTapBip32(b, InTapBIP32Derivation, d)
		}
		if in.TapInternalKey != ([32]byte{}) {
			b = appendKey(b, InTapInternalKey, nil)
			b = appendVec(b, in.TapInternalKey[:])
		}
		if in.TapMerkleRoot != ([32]byte{}) {
			b = appendKey(b, InTapMerkleRoot, nil)
			b = appendVec(b, in.TapMerkleRoot[:])
		}
		b = appendMuSigParticipants(b, InMuSig2Participants, in.MuSig2Participants)
		for _, n := range in.MuSig2PubNonces {
			b = appendMuSigKey(b, InMuSig2PubNonce, n.ParticipantKey, n.AggregateKey, n.LeafHash)
			b = appendVec(b, n.PubNonce)
		}
		for _, s := range in.MuSig2PartialSigs {
			b = appendMuSigKey(b, InMuSig2PartialSig, s.ParticipantKey, s.AggregateKey, s.LeafHash)
			b = appendVec(b, s.PartialSig[:])
		}
	}
	if len(in.FinalScriptSig) != 0 {
		b = appendKey(b, InFinalScriptSig, nil)
		b = appendVec(b, in.FinalScriptSig)
	}
	if len(in.FinalScriptWitness) != 0 {
		b = appendKey(b, InFinalScriptWitness, nil)
		n := primitives.CompactSizeLen(uint64(len(in.FinalScriptWitness)))
		for _, it := range in.FinalScriptWitness {
			n += primitives.CompactSizeLen(uint64(len(it))) + len(it)
		}
		b = primitives.AppendCompactSize(b, uint64(n))
		b = primitives.AppendCompactSize(b, uint64(len(in.FinalScriptWitness)))
		for _, it := range in.FinalScriptWitness {
			b = appendVec(b, it)
		}
	}
	if version >= 2 {
		b = appendKey(b, InPreviousTxID, nil)
		b = appendVec(b, in.PreviousTxID[:])
		b = appendKey(b, InOutputIndex, nil)
		b = appendU32Value(b, in.OutputIndex)
		if in.Sequence != nil {
			b = appendKey(b, InSequence, nil)
			b = appendU32Value(b, *in.Sequence)
		}
		if in.RequiredTimeLock != nil {
			b = appendKey(b, InRequiredTimeLock, nil)
			b = appendU32Value(b, *in.RequiredTimeLock)
		}
		if in.RequiredHeightLock != nil {
			b = appendKey(b, InRequiredHeightLock, nil)
			b = appendU32Value(b, *in.RequiredHeightLock)
		}
	}
	b = appendPropUnknown(b, in.Proprietary, in.Unknown)
	return append(b, 0)
}

// isNullTxOut is Core's CTxOut::IsNull (value -1), the "absent" marker.
func isNullTxOut(o *primitives.TxOut) bool { return o.Value == -1 }

func (out *Output) appendTo(b []byte, version uint32) []byte {
	if len(out.RedeemScript) != 0 {
		b = appendKey(b, OutRedeemScript, nil)
		b = appendVec(b, out.RedeemScript)
	}
	if len(out.WitnessScript) != 0 {
		b = appendKey(b, OutWitnessScript, nil)
		b = appendVec(b, out.WitnessScript)
	}
	for _, d := range out.Bip32Derivation {
		b = appendKey(b, OutBIP32Derivation, d.PubKey)
		b = appendOrigin(b, d.KeyOrigin)
	}
	if version >= 2 {
		b = appendKey(b, OutAmount, nil)
		b = append(b, 8)
		b = binary.LittleEndian.AppendUint64(b, uint64(out.Amount))
		b = appendKey(b, OutScript, nil)
		b = appendVec(b, out.Script)
	}
	for _, pr := range out.Proprietary {
		b = appendVec(b, pr.Key)
		b = appendVec(b, pr.Value)
	}
	if out.TapInternalKey != ([32]byte{}) {
		b = appendKey(b, OutTapInternalKey, nil)
		b = appendVec(b, out.TapInternalKey[:])
	}
	if len(out.TapTree) != 0 {
		b = appendKey(b, OutTapTree, nil)
		n := 0
		for _, l := range out.TapTree {
			n += 2 + primitives.CompactSizeLen(uint64(len(l.Script))) + len(l.Script)
		}
		b = primitives.AppendCompactSize(b, uint64(n))
		for _, l := range out.TapTree {
			b = append(b, l.Depth, l.LeafVersion)
			b = appendVec(b, l.Script)
		}
	}
	for _, d := range out.TapBip32Derivation {
		b = appendTapBip32(b, OutTapBIP32Derivation, d)
	}
	b = appendMuSigParticipants(b, OutMuSig2Participants, out.MuSig2Participants)
	for _, u := range out.Unknown {
		b = appendVec(b, u.Key)
		b = appendVec(b, u.Value)
	}
	return append(b, 0)
}

// sortFields puts every list field in the order of Core's std::map/std::set
// keys, dropping entries Core's containers would merge.
func (p *Packet) sortFields() {
	slices.SortStableFunc(p.XPubs, func(a, b XPub) int {
		if c := compareOrigin(a.Origin, b.Origin); c != 0 {
			return c
		}
		// CExtPubKey order: pubkey, then chain code.
		if c := bytes.Compare(a.ExtendedKey[45:], b.ExtendedKey[45:]); c != 0 {
			return c
		}
		return bytes.Compare(a.ExtendedKey[13:45], b.ExtendedKey[13:45])
	})
	p.Proprietary = sortProps(p.Proprietary)
	p.Unknown = sortUnknown(p.Unknown)
	for i := range p.Inputs {
		in := &p.Inputs[i]
		in.PartialSigs = sortDedup(in.PartialSigs, func(a, b PartialSig) int {
			ha, hb := crypto.Hash160(a.PubKey), crypto.Hash160(b.PubKey)
			return bytes.Compare(ha[:], hb[:])
		})
		in.Bip32Derivation = sortDedup(in.Bip32Derivation, func(a, b Bip32Derivation) int { return bytes.Compare(a.PubKey, b.PubKey) })
		cmpPre := func(a, b Preimage) int { return bytes.Compare(a.Hash, b.Hash) }
		in.RIPEMD160Preimages = sortDedup(in.RIPEMD160Preimages, cmpPre)
		in.SHA256Preimages = sortDedup(in.SHA256Preimages, cmpPre)
		in.HASH160Preimages = sortDedup(in.HASH160Preimages, cmpPre)
		in.HASH256Preimages = sortDedup(in.HASH256Preimages, cmpPre)
		in.TapScriptSigs = sortDedup(in.TapScriptSigs, func(a, b TapScriptSig) int {
			if c := bytes.Compare(a.XOnlyPubKey[:], b.XOnlyPubKey[:]); c != 0 {
				return c
			}
			return bytes.Compare(a.LeafHash[:], b.LeafHash[:])
		})
		in.TapLeafScripts = sortDedup(in.TapLeafScripts, func(a, b TapLeafScript) int {
			if c := bytes.Compare(a.Script, b.Script); c != 0 {
				return c
			}
			if a.LeafVersion != b.LeafVersion {
				return int(a.LeafVersion) - int(b.LeafVersion)
			}
			if len(a.ControlBlock) != len(b.ControlBlock) {
				return len(a.ControlBlock) - len(b.ControlBlock)
			}
			return bytes.Compare(a.ControlBlock, b.ControlBlock)
		})
		in.TapBip32Derivation = sortDedup(in.TapBip32Derivation, cmpTapBip32)
		in.MuSig2Participants = sortDedup(in.MuSig2Participants, func(a, b MuSig2Participants) int { return bytes.Compare(a.AggregateKey, b.AggregateKey) })
		in.MuSig2PubNonces = sortDedup(in.MuSig2PubNonces, func(a, b MuSig2PubNonce) int {
			return cmpMuSigID(a.AggregateKey, b.AggregateKey, a.LeafHash, b.LeafHash, a.ParticipantKey, b.ParticipantKey)
		})
		in.MuSig2PartialSigs = sortDedup(in.MuSig2PartialSigs, func(a, b MuSig2PartialSig) int {
			return cmpMuSigID(a.AggregateKey, b.AggregateKey, a.LeafHash, b.LeafHash, a.ParticipantKey, b.ParticipantKey)
		})
		in.Proprietary = sortProps(in.Proprietary)
		in.Unknown = sortUnknown(in.Unknown)
	}
	for i := range p.Outputs {
		out := &p.Outputs[i]
		out.Bip32Derivation = sortDedup(out.Bip32Derivation, func(a, b Bip32Derivation) int { return bytes.Compare(a.PubKey, b.PubKey) })
		out.TapBip32Derivation = sortDedup(out.TapBip32Derivation, cmpTapBip32)
		out.MuSig2Participants = sortDedup(out.MuSig2Participants, func(a, b MuSig2Participants) int { return bytes.Compare(a.AggregateKey, b.AggregateKey) })
		out.Proprietary = sortProps(out.Proprietary)
		out.Unknown = sortUnknown(out.Unknown)
	}
}

func cmpMuSigID(aAgg, bAgg []byte, aLeaf, bLeaf chainhash.Hash, aPart, bPart []byte) int {
	if c := bytes.Compare(aAgg, bAgg); c != 0 {
		return c
	}
	if c := bytes.Compare(aLeaf[:], bLeaf[:]); c != 0 {
		return c
	}
	return bytes.Compare(aPart, bPart)
}

func cmpTapBip32(a, b TapBip32Derivation) int {
	return bytes.Compare(a.XOnlyPubKey[:], b.XOnlyPubKey[:])
}

// compareOrigin is Core's KeyOriginInfo order: fingerprint bytes, then path
// length, then path.
func compareOrigin(a, b KeyOrigin) int {
	if c := bytes.Compare(a.Fingerprint[:], b.Fingerprint[:]); c != 0 {
		return c
	}
	if len(a.Path) != len(b.Path) {
		return len(a.Path) - len(b.Path)
	}
	return slices.Compare(a.Path, b.Path)
}

// sortDedup sorts s stably by cmp and keeps the first of equal elements (a
// std::map keeps the first inserted entry).
func sortDedup[T any](s []T, cmp func(a, b T) int) []T {
	if len(s) < 2 {
		return s
	}
	slices.SortStableFunc(s, cmp)
	return slices.CompactFunc(s, func(a, b T) bool { return cmp(a, b) == 0 })
}

func sortProps(s []Proprietary) []Proprietary {
	return sortDedup(s, func(a, b Proprietary) int { return bytes.Compare(a.Key, b.Key) })
}

func sortUnknown(s []Unknown) []Unknown {
	return sortDedup(s, func(a, b Unknown) int { return bytes.Compare(a.Key, b.Key) })
}

func sortDedupHashes(h []chainhash.Hash) []chainhash.Hash {
	return sortDedup(h, func(a, b chainhash.Hash) int { return bytes.Compare(a[:], b[:]) })
}
