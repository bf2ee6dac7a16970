package consensus

import (
	"encoding/binary"
	"math/big"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Proof of work: the compact target encoding ("bits"), the hash-versus-target
// check and the work a target represents. The arithmetic follows Core's
// arith_uint256 (SetCompact, GetCompact, GetBlockProof) on 256-bit values;
// the hot paths use github.com/holiman/uint256 and allocate nothing, the
// *big.Int forms are for callers that want them.

// CompactToTarget decodes compact bits into a 256-bit target as Core's
// arith_uint256::SetCompact: the low 23 bits are the mantissa, bit 23 the
// sign and the top byte the size in bytes. negative reports a set sign bit
// with a non-zero mantissa; overflow reports a value that does not fit in
// 256 bits, in which case target holds the value truncated to 256 bits, as
// Core's does.
//
// This function is safe for concurrent access.
func CompactToTarget(bits uint32) (target uint256.Int, negative, overflow bool) {
	size := bits >> 24
	word := uint64(bits & 0x007fffff)
	if size <= 3 {
		word >>= 8 * (3 - size)
		target.SetUint64(word)
	} else {
		target.SetUint64(word)
		target.Lsh(&target, uint(8*(size-3)))
	}
	negative = word != 0 && bits&0x00800000 != 0
	overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32))
	return target, negative, overflow
}

// TargetToCompact encodes a non-negative 256-bit value in compact form as
// Core's arith_uint256::GetCompact(false). The result never has the sign
// bit set and decodes to the value rounded down to its 3 most significant
// bytes.
//
// This function is safe for concurrent access.
func TargetToCompact(target *uint256.Int) uint32 {
	return getCompact(target, false)
}

func getCompact(n *uint256.Int, negative bool) uint32 {
	size := uint32((n.BitLen() + 7) / 8)
	var compact uint32
	if size <= 3 {
		compact = uint32(n.Uint64() << (8 * (3 - size)))
	} else {
		var t uint256.Int
		t.Rsh(n, uint(8*(size-3)))
		compact = uint32(t.Uint64())
	}
	// Bit 23 is the sign: a mantissa with it set moves one byte down.
	if compact&0x00800000 != 0 {
		compact >>= 8
		size++
	}
	compact |= size << 24
	if negative && compact&0x007fffff != 0 {
		compact |= 0x00800000
	}
	return compact
}

// CompactToBig decodes compact bits as CompactToTarget, returning the
// magnitude as a *big.Int (never negative; the sign is reported in
// negative). On overflow the value is the exact one, not truncated.
//
// This function is safe for concurrent access.
func CompactToBig(bits uint32) (target *big.Int, negative, overflow bool) {
	size := bits >> 24
	word := uint64(bits & 0x007fffff)
	target = new(big.Int)
	if size <= 3 {
		word >>= 8 * (3 - size)
		target.SetUint64(word)
	} else {
		target.SetUint64(word)
		target.Lsh(target, uint(8*(size-3)))
	}
	negative = word != 0 && bits&0x00800000 != 0
	overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32))
	return target, negative, overflow
}

// BigToCompact encodes n in compact form as Core's GetCompact, setting the
// sign bit for a negative n (with a non-zero mantissa). The magnitude must be
// below 2^2032 (a size byte of at most 254); larger magnitudes give the
// largest encodable value.
//
// This function is safe for concurrent access.
func BigToCompact(n *big.Int) uint32 {
	mag := new(big.Int).Abs(n)
	size := uint32((mag.BitLen() + 7) / 8)
	if size > 254 {
		return 0xff7fffff
	}
	var compact uint32
	if size <= 3 {
		compact = uint32(mag.Uint64() << (8 * (3 - size)))
	} else {
		compact = uint32(new(big.Int).Rsh(mag, uint(8*(size-3))).Uint64())
	}
	if compact&0x00800000 != 0 {
		compact >>= 8
		size++
	}
	compact |= size << 24
	if n.Sign() < 0 && compact&0x007fffff != 0 {
		compact |= 0x00800000
	}
	return compact
}

// DeriveTarget decodes bits and checks the range Core's DeriveTarget does:
// not negative, not zero, no overflow, and not above powLimit. ok is false
// otherwise.
//
// This function is safe for concurrent access.
func DeriveTarget(bits uint32, powLimit *uint256.Int) (target uint256.Int, ok bool) {
	target, negative, overflow := CompactToTarget(bits)
	if negative || overflow || target.IsZero() || target.Gt(powLimit) {
		return target, false
	}
	return target, true
}

// HashToUint256 interprets a block hash (internal byte order, that is, little
// endian) as a 256-bit number, as Core's UintToArith256.
//
// This function is safe for concurrent access.
func HashToUint256(h *chainhash.Hash) uint256.Int {
	return uint256.Int{
		binary.LittleEndian.Uint64(h[0:8]),
		binary.LittleEndian.Uint64(h[8:16]),
		binary.LittleEndian.Uint64(h[16:24]),
		binary.LittleEndian.Uint64(h[24:32]),
	}
}

// CheckProofOfWork reports whether hash satisfies bits on network p (Core's
// CheckProofOfWork): the target must be valid (DeriveTarget) and the hash,
// as a number, at most the target.
//
// This function is safe for concurrent access.
func CheckProofOfWork(hash chainhash.Hash, bits uint32, p *chaincfg.Params) bool {
	target, ok := DeriveTarget(bits, &p.PowLimit)
	if !ok {
		return false
	}
	h := HashToUint256(&hash)
	return !h.Gt(&target)
}

// CheckBlockHeader is Core's CheckBlockHeader: the header's hash must satisfy
// its bits. It returns a *RuleError of kind ErrHighHash otherwise.
//
// This function is safe for concurrent access.
func CheckBlockHeader(h *primitives.Header, p *chaincfg.Params) error {
	return checkHeaderPoW(h.BlockHash(), h.Bits, p)
}

func checkHeaderPoW(hash chainhash.Hash, bits uint32, p *chaincfg.Params) error {
	if !CheckProofOfWork(hash, bits, p) {
		return ruleErrorf(ErrHighHash, "proof of work failed: hash %s, bits %08x", hash, bits)
	}
	return nil
}

// CalcWork returns the expected number of hashes needed to find a block with
// the given bits, 2^256 / (target + 1) (Core's GetBlockProof); zero for bits
// that are negative, zero or overflow. Chain work is the sum over a chain.
//
// This function is safe for concurrent access.
func CalcWork(bits uint32) uint256.Int {
	target, negative, overflow := CompactToTarget(bits)
	var work uint256.Int
	if negative || overflow || target.IsZero() {
		return work
	}
	// 2^256 does not fit; 2^256 / (t+1) = (2^256 - t - 1) / (t+1) + 1 and
	// 2^256 - t - 1 = ^t.
	var notT, tPlus1 uint256.Int
	notT.Not(&target)
	tPlus1.AddUint64(&target, 1)
	if tPlus1.IsZero() { // target = 2^256-1
		return *work.SetOne()
	}
	work.Div(&notT, &tPlus1)
	work.AddUint64(&work, 1)
	return work
}

// CalcWorkBig is CalcWork as a *big.Int.
//
// This function is safe for concurrent access.
func CalcWorkBig(bits uint32) *big.Int {
	w := CalcWork(bits)
	return w.ToBig()
}
