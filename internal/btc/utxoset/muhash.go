package utxoset

import (
	"crypto/sha256"
	"encoding/binary"
	"math/big"
	"math/bits"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// This file implements MuHash3072, the multiset hash behind gettxoutsetinfo's
// "muhash" (Bitcoin Core's crypto/muhash.h). An element (any byte string) is
// mapped to a number modulo the prime p = 2^3072 - 1103717 by hashing it with
// SHA-256 and expanding the digest with ChaCha20 into 384 bytes, read as a
// little-endian integer. The set's state is a fraction numerator/denominator
// of such numbers: insertion multiplies the numerator, removal the
// denominator, so the result does not depend on the order of operations.
// Finalize reduces the fraction to one number and returns the SHA-256 of its
// 384-byte little-endian encoding.

const (
	num3072Limbs = 48               // 64-bit limbs
	num3072Bytes = num3072Limbs * 8 // 384
	muHashBytes  = 2 * num3072Bytes // serialized numerator and denominator
	maxPrimeDiff = 1103717          // p = 2^3072 - maxPrimeDiff
	maxLimb      = ^uint64(0)
)

// num3072 is a 3072-bit number in little-endian 64-bit limbs. Values produced
// by mul are fully reduced modulo p; values read from bytes may be up to
// 2^3072 - 1.
type num3072 [num3072Limbs]uint64

func (x *num3072) setOne() {
	*x = num3072{}
	x[0] = 1
}

// isOverflow reports whether x >= p.
func (x *num3072) isOverflow() bool {
	if x[0] <= maxLimb-maxPrimeDiff {
		return false
	}
	for i := 1; i < num3072Limbs; i++ {
		if x[i] != maxLimb {
			return false
		}
	}
	return true
}

// fullReduce subtracts p from x, which must be in [p, 2^3072): adding
// maxPrimeDiff and dropping the carry out of bit 3072 is the same thing.
func (x *num3072) fullReduce() {
	var c uint64
	x[0], c = bits.Add64(x[0], maxPrimeDiff, 0)
	for i := 1; i < num3072Limbs && c != 0; i++ {
		x[i], c = bits.Add64(x[i], 0, c)
	}
}

// mul sets x = x*a mod p, fully reduced.
func (x *num3072) mul(a *num3072) {
	var t [2 * num3072Limbs]uint64
	// Schoolbook product, one row per limb of x.
	for i := 0; i < num3072Limbs; i++ {
		xi := x[i]
		if xi == 0 {
			continue
		}
		var carry uint64
		for j := 0; j < num3072Limbs; j++ {
			hi, lo := bits.Mul64(xi, a[j])
			var c uint64
			lo, c = bits.Add64(lo, t[i+j], 0)
			hi += c
			lo, c = bits.Add64(lo, carry, 0)
			hi += c
			t[i+j] = lo
			carry = hi
		}
		t[i+num3072Limbs] = carry
	}
	// 2^3072 = maxPrimeDiff (mod p): fold the high half onto the low half.
	var carry uint64
	for i := 0; i < num3072Limbs; i++ {
		hi, lo := bits.Mul64(t[num3072Limbs+i], maxPrimeDiff)
		var c uint64
		lo, c = bits.Add64(lo, t[i], 0)
		hi += c
		lo, c = bits.Add64(lo, carry, 0)
		hi += c
		x[i] = lo
		carry = hi
	}
	// carry < 2^22: fold it once more; a further carry out leaves a tiny
	// value, folded a last time.
	for carry != 0 {
		hi, lo := bits.Mul64(carry, maxPrimeDiff)
		var c uint64
		x[0], c = bits.Add64(x[0], lo, 0)
		c += hi
		for i := 1; i < num3072Limbs && c != 0; i++ {
			x[i], c = bits.Add64(x[i], 0, c)
		}
		carry = c
	}
	if x.isOverflow() {
		x.fullReduce()
	}
}

func (x *num3072) toBig() *big.Int {
	var b [num3072Bytes]byte
	for i := 0; i < num3072Limbs; i++ {
		binary.BigEndian.PutUint64(b[num3072Bytes-8-8*i:], x[i])
	}
	return new(big.Int).SetBytes(b[:])
}

func (x *num3072) setBig(v *big.Int) {
	var b [num3072Bytes]byte
	v.FillBytes(b[:])
	for i := 0; i < num3072Limbs; i++ {
		x[i] = binary.BigEndian.Uint64(b[num3072Bytes-8-8*i:])
	}
}

// muHashPrime is p as a big.Int, built once (a constant table).
var muHashPrime = func() *big.Int {
	p := new(big.Int).Lsh(big.NewInt(1), 3072)
	return p.Sub(p, big.NewInt(maxPrimeDiff))
}()

// divide sets x = x/a mod p. A denominator of zero (mod p), which no set of
// hashed elements produces, gives zero.
func (x *num3072) divide(a *num3072) {
	if x.isOverflow() {
		x.fullReduce()
	}
	d := *a
	if d.isOverflow() {
		d.fullReduce()
	}
	inv := new(big.Int).ModInverse(d.toBig(), muHashPrime)
	if inv == nil {
		*x = num3072{}
		return
	}
	var n num3072
	n.setBig(inv)
	x.mul(&n)
}

func (x *num3072) putBytes(b []byte) {
	for i := 0; i < num3072Limbs; i++ {
		binary.LittleEndian.PutUint64(b[8*i:], x[i])
	}
}

func (x *num3072) setBytes(b []byte) {
	for i := 0; i < num3072Limbs; i++ {
		x[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
}

// muHashElement maps data to its number: SHA-256, then 384 bytes of ChaCha20
// keystream under that key (zero nonce, counter from zero).
func muHashElement(data []byte, out *num3072) {
	key := sha256.Sum256(data)
	var ks [num3072Bytes]byte
	chacha20Keystream(&key, ks[:])
	out.setBytes(ks[:])
}

// MuHash3072 is a running multiset hash. The zero value is not ready for use;
// call NewMuHash3072.
type MuHash3072 struct {
	num, den num3072
	tmp      num3072
}

// NewMuHash3072 returns the hash of the empty set.
func NewMuHash3072() *MuHash3072 {
	m := new(MuHash3072)
	m.num.setOne()
	m.den.setOne()
	return m
}

// Insert adds data to the set.
func (m *MuHash3072) Insert(data []byte) {
	muHashElement(data, &m.tmp)
	m.num.mul(&m.tmp)
}

// Remove removes data from the set. Removing an element that was never
// inserted is allowed: the state then holds a negative multiplicity.
func (m *MuHash3072) Remove(data []byte) {
	muHashElement(data, &m.tmp)
	m.den.mul(&m.tmp)
}

// Combine adds every element of o to m (Core's operator*=).
func (m *MuHash3072) Combine(o *MuHash3072) {
	m.num.mul(&o.num)
	m.den.mul(&o.den)
}

// Subtract removes every element of o from m (Core's operator/=).
func (m *MuHash3072) Subtract(o *MuHash3072) {
	m.num.mul(&o.den)
	m.den.mul(&o.num)
}

// Finalize returns the 256-bit digest of the set: SHA-256 of the 384-byte
// little-endian encoding of numerator/denominator mod p. It reduces the state
// to that single number (denominator one), which does not change the set m
// represents. The digest is in internal byte order; its String form is what
// gettxoutsetinfo prints as "muhash".
func (m *MuHash3072) Finalize() chainhash.Hash {
	m.num.divide(&m.den)
	m.den.setOne()
	var b [num3072Bytes]byte
	m.num.putBytes(b[:])
	return sha256.Sum256(b[:])
}

// AppendTo appends Core's serialization of the state: the numerator then the
// denominator, each 384 bytes little-endian.
func (m *MuHash3072) AppendTo(b []byte) []byte {
	var buf [muHashBytes]byte
	m.num.putBytes(buf[:num3072Bytes])
	m.den.putBytes(buf[num3072Bytes:])
	return append(b, buf[:]...)
}

// DecodeMuHash3072 decodes a state serialized by AppendTo. Any 768 bytes are
// accepted, including numbers at or above the modulus, as in Core.
func DecodeMuHash3072(b []byte) (*MuHash3072, error) {
	if len(b) != muHashBytes {
		return nil, makeError(ErrMuHashSize, "muhash: serialization of %d bytes, want %d", len(b), muHashBytes)
	}
	m := new(MuHash3072)
	m.num.setBytes(b[:num3072Bytes])
	m.den.setBytes(b[num3072Bytes:])
	return m, nil
}
