package psbt

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Key types of the global map (BIP174/BIP370).
const (
	GlobalUnsignedTx          = 0x00
	GlobalXPub                = 0x01
	GlobalTxVersion           = 0x02
	GlobalFallbackLock        = 0x03
	GlobalInputCount          = 0x04
	GlobalOutputCount         = 0x05
	GlobalTxModifiable        = 0x06
	GlobalVersion             = 0xfb
	GlobalProprietary         = 0xfc
	highestVersion     uint32 = 2
)

// Key types of an input map.
const (
	InNonWitnessUTXO      = 0x00
	InWitnessUTXO         = 0x01
	InPartialSig          = 0x02
	InSighashType         = 0x03
	InRedeemScript        = 0x04
	InWitnessScript       = 0x05
	InBIP32Derivation     = 0x06
	InFinalScriptSig      = 0x07
	InFinalScriptWitness  = 0x08
	InRIPEMD160           = 0x0a
	InSHA256              = 0x0b
	InHASH160             = 0x0c
	InHASH256             = 0x0d
	InPreviousTxID        = 0x0e
	InOutputIndex         = 0x0f
	InSequence            = 0x10
	InRequiredTimeLock    = 0x11
	InRequiredHeightLock  = 0x12
	InTapKeySig           = 0x13
	InTapScriptSig        = 0x14
	InTapLeafScript       = 0x15
	InTapBIP32Derivation  = 0x16
	InTapInternalKey      = 0x17
	InTapMerkleRoot       = 0x18
	InMuSig2Participants  = 0x1a
	InMuSig2PubNonce      = 0x1b
	InMuSig2PartialSig    = 0x1c
	InProprietary         = 0xfc
	OutRedeemScript       = 0x00
	OutWitnessScript      = 0x01
	OutBIP32Derivation    = 0x02
	OutAmount             = 0x03
	OutScript             = 0x04
	OutTapInternalKey     = 0x05
	OutTapTree            = 0x06
	OutTapBIP32Derivation = 0x07
	OutMuSig2Participants = 0x08
	OutProprietary        = 0xfc
)

// magic is the PSBT prefix "psbt" 0xff.
var magic = [5]byte{'p', 's', 'b', 't', 0xff}

// Packet is a partially signed Bitcoin transaction, version 0 (BIP174) or 2
// (BIP370).
//
// For version 0 Tx is the unsigned transaction, the source of truth for the
// outpoints, sequences, outputs and lock time. For version 2 the transaction
// is spread over the global TxVersion/FallbackLockTime and the per-input and
// per-output fields; Decode still sets Tx to the computed unsigned transaction
// for convenience (nil when the lock time cannot be computed), but Encode
// ignores it. Use UnsignedTx to get the transaction for either version.
type Packet struct {
	Version uint32
	Tx      *primitives.Tx
	Inputs  []Input
	Outputs []Output

	XPubs []XPub

	// PSBTv2 globals (TxVersion and FallbackLockTime are also filled from Tx
	// for version 0, as Core does).
	TxVersion        uint32
	FallbackLockTime *uint32
	TxModifiable     *uint8

	Proprietary []Proprietary
	Unknown     []Unknown
}

// XPub is a PSBT_GLOBAL_XPUB entry: a 78-byte serialized extended public key
// (with its version bytes) and its key origin.
type XPub struct {
	ExtendedKey []byte // 78 bytes
	Origin      KeyOrigin
}

// KeyOrigin is a BIP32 key origin: master key fingerprint and derivation path.
type KeyOrigin struct {
	Fingerprint [4]byte
	Path        []uint32
}

// Bip32Derivation maps a public key (33 or 65 bytes) to its origin.
type Bip32Derivation struct {
	PubKey []byte
	KeyOrigin
}

// TapBip32Derivation maps an x-only key to the leaves it appears in and its
// origin.
type TapBip32Derivation struct {
	XOnlyPubKey [32]byte
	LeafHashes  []chainhash.Hash
	KeyOrigin
}

// PartialSig is an ECDSA signature (DER plus sighash byte) by PubKey.
type PartialSig struct {
	PubKey    []byte
	Signature []byte
}

// Preimage is a hash preimage (the hash is 20 or 32 bytes).
type Preimage struct {
	Hash     []byte
	Preimage []byte
}

// TapScriptSig is a BIP340 signature (64 or 65 bytes) for a leaf.
type TapScriptSig struct {
	XOnlyPubKey [32]byte
	LeafHash    chainhash.Hash
	Signature   []byte
}

// TapLeafScript is a PSBT_IN_TAP_LEAF_SCRIPT entry.
type TapLeafScript struct {
	ControlBlock []byte
	Script       []byte
	LeafVersion  byte
}

// TapTreeLeaf is one leaf of PSBT_OUT_TAP_TREE, in depth-first order.
type TapTreeLeaf struct {
	Depth       uint8
	LeafVersion uint8
	Script      []byte
}

// MuSig2Participants lists the participant keys of an aggregate key.
type MuSig2Participants struct {
	AggregateKey []byte   // 33 bytes
	Participants [][]byte // 33 bytes each
}

// MuSig2PubNonce is a participant's public nonce (66 bytes).
type MuSig2PubNonce struct {
	ParticipantKey []byte
	AggregateKey   []byte
	LeafHash       chainhash.Hash // zero for a key-path spend
	PubNonce       []byte
}

// MuSig2PartialSig is a participant's partial signature.
type MuSig2PartialSig struct {
	ParticipantKey []byte
	AggregateKey   []byte
	LeafHash       chainhash.Hash // zero for a key-path spend
	PartialSig     [32]byte
}

// Proprietary is a proprietary-use field (key type 0xfc). Key is the whole
// key including the type byte.
type Proprietary struct {
	Identifier []byte
	Subtype    uint64
	Key        []byte
	Value      []byte
}

// Unknown is a field of a type this package does not interpret; it is kept
// and serialized back. Key includes the type.
type Unknown struct {
	Key   []byte
	Value []byte
}

// Input holds the per-input fields.
type Input struct {
	NonWitnessUTXO     *primitives.Tx
	WitnessUTXO        *primitives.TxOut
	PartialSigs        []PartialSig
	SighashType        *uint32
	RedeemScript       []byte
	WitnessScript      []byte
	Bip32Derivation    []Bip32Derivation
	FinalScriptSig     []byte
	FinalScriptWitness [][]byte
	RIPEMD160Preimages []Preimage
	SHA256Preimages    []Preimage
	HASH160Preimages   []Preimage
	HASH256Preimages   []Preimage

	// PSBTv2 fields. For version 0 PreviousTxID/OutputIndex/Sequence are
	// copied from the unsigned transaction by Decode and New (not
	// serialized).
	PreviousTxID       chainhash.Hash
	OutputIndex        uint32
	Sequence           *uint32
	RequiredTimeLock   *uint32
	RequiredHeightLock *uint32

	TapKeySig          []byte
	TapScriptSigs      []TapScriptSig
	TapLeafScripts     []TapLeafScript
	TapBip32Derivation []TapBip32Derivation
	TapInternalKey     [32]byte // zero when absent
	TapMerkleRoot      [32]byte // zero when absent

	MuSig2Participants []MuSig2Participants
	MuSig2PubNonces    []MuSig2PubNonce
	MuSig2PartialSigs  []MuSig2PartialSig

	Proprietary []Proprietary
	Unknown     []Unknown
}

// Output holds the per-output fields.
type Output struct {
	RedeemScript       []byte
	WitnessScript      []byte
	Bip32Derivation    []Bip32Derivation
	TapInternalKey     [32]byte // zero when absent
	TapTree            []TapTreeLeaf
	TapBip32Derivation []TapBip32Derivation
	MuSig2Participants []MuSig2Participants

	// PSBTv2 fields (copied from the unsigned transaction for version 0).
	Amount int64
	Script []byte

	Proprietary []Proprietary
	Unknown     []Unknown
}

// IsFinalized reports whether the input has a final scriptSig or witness
// (Core's PSBTInputSigned).
func (in *Input) IsFinalized() bool {
	return len(in.FinalScriptSig) != 0 || len(in.FinalScriptWitness) != 0
}

// HasSignatures reports whether the input carries any signature, partial or
// final (Core's PSBTInput::HasSignatures).
func (in *Input) HasSignatures() bool {
	return in.IsFinalized() || len(in.PartialSigs) != 0 || len(in.TapKeySig) != 0 ||
		len(in.TapScriptSigs) != 0 || len(in.MuSig2PartialSigs) != 0
}
