package btcjson

import (
	"encoding/hex"
	"math/big"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Difficulty returns the proof-of-work difficulty of compact bits the way
// Core's GetDifficulty computes it: 0xffff divided by the 24-bit mantissa,
// scaled by 256 for each step the exponent is below 29 (divided above).
// Bits with a zero mantissa give +Inf, as in Core.
//
// This function is safe for concurrent access.
func Difficulty(bits uint32) float64 {
	shift := int(bits>>24) & 0xff
	diff := float64(0x0000ffff) / float64(bits&0x00ffffff)
	for ; shift < 29; shift++ {
		diff *= 256.0
	}
	for ; shift > 29; shift-- {
		diff /= 256.0
	}
	return diff
}

// CompactToTarget expands compact bits into a 256-bit target as Core's
// arith_uint256::SetCompact does, reporting the sign bit and overflow.
//
// This function is safe for concurrent access.
func CompactToTarget(bits uint32) (target *big.Int, negative, overflow bool) {
	size := bits >> 24
	word := bits & 0x007fffff
	target = new(big.Int)
	if size <= 3 {
		word >>= 8 * (3 - size)
		target.SetUint64(uint64(word))
	} else {
		target.SetUint64(uint64(word))
		target.Lsh(target, uint(8*(size-3)))
	}
	negative = word != 0 && bits&0x00800000 != 0
	overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32))
	if overflow {
		// arith_uint256 keeps only the low 256 bits.
		target.And(target, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	}
	return target, negative, overflow
}

// TargetHex returns the 64-digit hex of the target encoded by bits, as
// getblock's "target" prints it, and ok=false when the bits do not encode a
// usable target (Core's DeriveTarget: negative, zero, overflowing, or above
// powLimit when powLimit is non-nil).
//
// This function is safe for concurrent access.
func TargetHex(bits uint32, powLimit *big.Int) (string, bool) {
	t, neg, over := CompactToTarget(bits)
	if neg || over || t.Sign() == 0 || (powLimit != nil && t.Cmp(powLimit) > 0) {
		return "", false
	}
	return uint256Hex(t), true
}

// uint256Hex formats a non-negative integer below 2^256 as 64 hex digits,
// the way Core's arith_uint256::GetHex does.
func uint256Hex(v *big.Int) string {
	var b [32]byte
	v.FillBytes(b[:])
	return hex.EncodeToString(b[:])
}

// CoinbaseHeight returns the block height a block's coinbase commits to
// under BIP34: the number the coinbase scriptSig begins with, which must be
// encoded exactly as Core's CScript() << nHeight would (OP_0, OP_1..OP_16,
// or a minimal positive push of up to four bytes). ok is false for a block
// of version below 2, without transactions, or whose coinbase does not
// begin that way. The height is what the block claims, not a position in
// any chain.
//
// This function is safe for concurrent access.
func CoinbaseHeight(b *primitives.Block) (height int64, ok bool) {
	if b.Header.Version < 2 || len(b.Txs) == 0 || len(b.Txs[0].Inputs) == 0 {
		return 0, false
	}
	s := b.Txs[0].Inputs[0].ScriptSig
	if len(s) == 0 {
		return 0, false
	}
	switch op := s[0]; {
	case op == 0x00: // OP_0
		return 0, true
	case op >= 0x51 && op <= 0x60: // OP_1..OP_16
		return int64(op - 0x50), true
	case op >= 1 && op <= 4:
		n := int(op)
		if len(s) < 1+n {
			return 0, false
		}
		data := s[1 : 1+n]
		last := data[n-1]
		if last&0x80 != 0 {
			return 0, false // negative
		}
		if last == 0 && (n == 1 || data[n-2]&0x80 == 0) {
			return 0, false // not minimal
		}
		var v int64
		for i := n - 1; i >= 0; i-- {
			v = v<<8 | int64(data[i])
		}
		if v <= 16 {
			return 0, false // Core pushes these as OP_N
		}
		return v, true
	}
	return 0, false
}
