package ethtypes

import (
	"errors"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Signer holds the signature rules of a fork: whether S must be low
// (EIP-2, from Homestead), whether legacy transactions may carry an EIP-155
// chain id, which typed transactions are accepted, and the chain id. It is a
// small comparable value; build it with MakeSigner or one of the NewXxx
// constructors.
//
// A Signer is safe for concurrent use.
type Signer struct {
	chainID   uint256.Int
	homestead bool  // EIP-2: S <= N/2
	eip155    bool  // accept replay-protected legacy transactions
	types     uint8 // bit t set: typed transactions of type t are accepted
}

const (
	typesBerlin = 1 << AccessListTxType
	typesLondon = typesBerlin | 1<<DynamicFeeTxType
	typesCancun = typesLondon | 1<<BlobTxType
)

// NewFrontierSigner returns the original signer: legacy transactions with
// V = 27/28 and any S.
func NewFrontierSigner() Signer { return Signer{} }

// NewHomesteadSigner returns the Homestead signer: as Frontier, with S at
// most N/2 (EIP-2).
func NewHomesteadSigner() Signer { return Signer{homestead: true} }

// NewEIP155Signer returns the Spurious Dragon signer: Homestead rules, and
// legacy transactions may be replay protected for chainID (EIP-155).
func NewEIP155Signer(chainID uint64) Signer {
	return Signer{chainID: *uint256.NewInt(chainID), homestead: true, eip155: true}
}

// NewBerlinSigner returns the EIP-155 signer that also accepts EIP-2930
// access-list transactions.
func NewBerlinSigner(chainID uint64) Signer {
	s := NewEIP155Signer(chainID)
	s.types = typesBerlin
	return s
}

// NewLondonSigner returns the Berlin signer that also accepts EIP-1559
// dynamic-fee transactions.
func NewLondonSigner(chainID uint64) Signer {
	s := NewEIP155Signer(chainID)
	s.types = typesLondon
	return s
}

// NewCancunSigner returns the London signer that also accepts EIP-4844 blob
// transactions.
func NewCancunSigner(chainID uint64) Signer {
	s := NewEIP155Signer(chainID)
	s.types = typesCancun
	return s
}

// LatestSigner returns the signer accepting every transaction type this
// package knows, for chainID.
func LatestSigner(chainID uint64) Signer { return NewCancunSigner(chainID) }

// MakeSigner returns the signer for a block under rules on chain chainID.
func MakeSigner(rules Rules, chainID uint64) Signer {
	switch {
	case rules.IsCancun:
		return NewCancunSigner(chainID)
	case rules.IsLondon:
		return NewLondonSigner(chainID)
	case rules.IsBerlin:
		return NewBerlinSigner(chainID)
	case rules.IsEIP155:
		return NewEIP155Signer(chainID)
	case rules.IsHomestead:
		return NewHomesteadSigner()
	}
	return NewFrontierSigner()
}

// ChainID returns the signer's chain id (zero for Frontier and Homestead).
func (s Signer) ChainID() uint256.Int { return s.chainID }

// Supports reports whether the signer accepts transactions of type typ.
func (s Signer) Supports(typ uint8) bool {
	if typ == LegacyTxType {
		return true
	}
	return typ < 8 && s.types&(1<<typ) != 0
}

// SigningHash returns the hash the sender signs:
//
//   - legacy without EIP-155: keccak256(rlp([nonce, gasPrice, gas, to,
//     value, data]));
//   - legacy with EIP-155: the same list followed by chainId, 0, 0;
//   - typed: keccak256(type || rlp([the payload fields up to, not
//     including, the signature])).
//
// A legacy transaction is hashed the EIP-155 way when the signer has
// EIP-155 and the transaction is protected (for a new transaction being
// signed: when the signer has EIP-155). It fails with ErrTxTypeNotSupported
// for a type the signer does not accept.
//
// This method is safe for concurrent access.
func (s Signer) SigningHash(tx *Transaction) (Hash, error) {
	if !s.Supports(tx.typ) {
		return Hash{}, ruleErrorf(ErrTxTypeNotSupported, "type %d with this signer", tx.typ)
	}
	eip155 := s.eip155 && (tx.typ != LegacyTxType || tx.Protected() || tx.isUnsigned())
	return tx.signingHash(eip155, &s.chainID), nil
}

// isUnsigned reports whether V, R and S are all zero.
func (tx *Transaction) isUnsigned() bool {
	return tx.v.IsZero() && tx.r.IsZero() && tx.s.IsZero()
}

// signingHash hashes the fields before V (kept in tx.enc) under a new list
// header; for an EIP-155 legacy hash chainId, 0, 0 are appended.
func (tx *Transaction) signingHash(eip155 bool, chainID *uint256.Int) Hash {
	fields := tx.enc[tx.bodyStart:tx.sigStart]
	var tail [40]byte
	t := tail[:0]
	if tx.typ == LegacyTxType && eip155 {
		t = rlp.AppendUint256(t, u256(chainID))
		t = append(t, 0x80, 0x80)
	}
	var head [16]byte
	h := head[:0]
	if tx.typ != LegacyTxType {
		h = append(h, tx.typ)
	}
	h = rlp.AppendListHeader(h, len(fields)+len(t))
	k := crypto.NewKeccakState()
	k.Write(h)
	k.Write(fields)
	k.Write(t)
	var out Hash
	k.Read(out[:])
	return out
}

// recoveryID checks V against the signer's rules and returns the recovery
// id (0 or 1).
func (s Signer) recoveryID(tx *Transaction) (byte, error) {
	if tx.typ != LegacyTxType {
		if !s.Supports(tx.typ) {
			return 0, ruleErrorf(ErrTxTypeNotSupported, "type %d with this signer", tx.typ)
		}
		if tx.chainID != s.chainID {
			return 0, ruleErrorf(ErrInvalidChainID, "have %s, want %s", tx.chainID.Dec(), s.chainID.Dec())
		}
		if !tx.v.IsUint64() || tx.v.Uint64() > 1 {
			return 0, ruleErrorf(ErrInvalidSig, "y parity %s is not 0 or 1", tx.v.Dec())
		}
		return byte(tx.v.Uint64()), nil
	}
	if s.eip155 && tx.Protected() {
		// V = chainID*2 + 35 + recid; any other protected V names another
		// chain (or none).
		if tx.v.LtUint64(35) || tx.chainID != s.chainID {
			return 0, ruleErrorf(ErrInvalidChainID, "v %s does not encode chain id %s", tx.v.Dec(), s.chainID.Dec())
		}
		var rec uint256.Int
		rec.Lsh(&s.chainID, 1)
		rec.Sub(&tx.v, &rec)
		return byte(rec.Uint64() - 35), nil
	}
	if !tx.v.IsUint64() || (tx.v.Uint64() != 27 && tx.v.Uint64() != 28) {
		return 0, ruleErrorf(ErrInvalidSig, "v %s is not 27 or 28", tx.v.Dec())
	}
	return byte(tx.v.Uint64() - 27), nil
}

// Sender recovers the address that signed tx under the signer's rules,
// without caching (see the package function Sender). Errors:
// ErrTxTypeNotSupported, ErrInvalidChainID, ErrInvalidSig (V, R or S out of
// range, including high S from Homestead) and ErrRecoveryFailed.
//
// This method is safe for concurrent access.
func (s Signer) Sender(tx *Transaction) (Address, error) {
	recid, err := s.recoveryID(tx)
	if err != nil {
		return Address{}, err
	}
	var sig [crypto.RecoverableSigLen]byte
	tx.r.PutUint256(sig[0:32])
	tx.s.PutUint256(sig[32:64])
	sig[64] = recid
	if !crypto.ValidateSignatureValues(recid, sig[0:32], sig[32:64], s.homestead) {
		return Address{}, ruleErrorf(ErrInvalidSig, "r or s out of range")
	}
	eip155 := s.eip155 && (tx.typ != LegacyTxType || tx.Protected())
	h := tx.signingHash(eip155, &s.chainID)
	pub, err := crypto.RecoverPubKey(h[:], sig[:])
	if err != nil {
		return Address{}, &RuleError{Err: ErrRecoveryFailed, Description: err.Error(), Cause: err}
	}
	return PubkeyToAddress(pub), nil
}

// Sender returns the address that signed tx, recovering it with signer the
// first time and caching it in tx for later calls with an equal signer.
// Errors are those of Signer.Sender and are not cached.
//
// This function is safe for concurrent access.
func Sender(signer Signer, tx *Transaction) (Address, error) {
	if c := tx.sender.Load(); c != nil && c.signer == signer {
		return c.from, nil
	}
	from, err := signer.Sender(tx)
	if err != nil {
		return Address{}, err
	}
	tx.sender.Store(&senderCache{signer: signer, from: from})
	return from, nil
}

// WithSignature returns a copy of tx carrying sig, a 65-byte R || S || V
// signature with V the recovery id (0 or 1) as crypto.SignRecoverable
// returns it. V is stored as the signer requires: recid+27 for a legacy
// transaction without EIP-155, chainID*2+35+recid with EIP-155, and the
// y parity itself for typed transactions.
//
// This method is safe for concurrent access.
func (s Signer) WithSignature(tx *Transaction, sig [crypto.RecoverableSigLen]byte) (*Transaction, error) {
	if !s.Supports(tx.typ) {
		return nil, ruleErrorf(ErrTxTypeNotSupported, "type %d with this signer", tx.typ)
	}
	if sig[64] > 1 {
		return nil, ruleErrorf(ErrInvalidSig, "recovery id %d", sig[64])
	}
	out := new(Transaction)
	tx.copyFieldsTo(out)
	out.r.SetBytes32(sig[0:32])
	out.s.SetBytes32(sig[32:64])
	recid := uint64(sig[64])
	switch {
	case tx.typ != LegacyTxType:
		if out.chainID != s.chainID {
			return nil, ruleErrorf(ErrInvalidChainID, "have %s, want %s", out.chainID.Dec(), s.chainID.Dec())
		}
		out.v.SetUint64(recid)
	case s.eip155:
		out.v.Lsh(&s.chainID, 1)
		out.v.AddUint64(&out.v, 35+recid)
		out.chainID = s.chainID
	default:
		out.v.SetUint64(27 + recid)
		out.chainID.Clear()
	}
	out.encode()
	return out, nil
}

// copyFieldsTo copies the fields (not the encoding or caches) of tx to out.
// Slices are shared: both transactions are immutable.
func (tx *Transaction) copyFieldsTo(out *Transaction) {
	out.typ, out.hasTo, out.to = tx.typ, tx.hasTo, tx.to
	out.chainID, out.nonce, out.gas = tx.chainID, tx.nonce, tx.gas
	out.gasTipCap, out.gasFeeCap, out.value, out.blobFeeCap = tx.gasTipCap, tx.gasFeeCap, tx.value, tx.blobFeeCap
	out.v, out.r, out.s = tx.v, tx.r, tx.s
	out.data, out.accessList, out.blobHashes = tx.data, tx.accessList, tx.blobHashes
}

// SignTx signs tx with priv under signer and returns the signed copy. For
// a legacy transaction the signer decides replay protection: an EIP-155
// signer always signs with the chain id.
//
// This function is safe for concurrent access.
func SignTx(tx *Transaction, signer Signer, priv *secp256k1.PrivateKey) (*Transaction, error) {
	if !signer.Supports(tx.typ) {
		return nil, ruleErrorf(ErrTxTypeNotSupported, "type %d with this signer", tx.typ)
	}
	if tx.typ != LegacyTxType && tx.chainID != signer.chainID {
		return nil, ruleErrorf(ErrInvalidChainID, "have %s, want %s", tx.chainID.Dec(), signer.chainID.Dec())
	}
	h := tx.signingHash(signer.eip155, &signer.chainID)
	sig, err := crypto.SignRecoverable(priv, h[:])
	if err != nil {
		return nil, err
	}
	if sig[64] > 1 {
		// Only possible if the nonce point's x overflowed the group order,
		// which has negligible probability; Ethereum cannot express it.
		return nil, errors.New("ethtypes: signature recovery id out of range")
	}
	return signer.WithSignature(tx, sig)
}
