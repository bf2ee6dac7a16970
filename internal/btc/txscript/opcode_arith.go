package txscript

import (
	"crypto/sha1"
	"crypto/sha256"

	"github.com/decred/dcrd/crypto/ripemd160"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Numeric handlers. Operands are 4-byte script numbers; results may be up
// to 5 bytes.

func boolNum(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func opUnaryNum(e *engine, op byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	v, c := e.topNum(1)
	if c != ErrOK {
		return c
	}
	switch op {
	case OP_1ADD:
		v++
	case OP_1SUB:
		v--
	case OP_NEGATE:
		v = -v
	case OP_ABS:
		if v < 0 {
			v = -v
		}
	case OP_NOT:
		v = boolNum(v == 0)
	case OP_0NOTEQUAL:
		v = boolNum(v != 0)
	}
	e.pop()
	e.pushNum(v)
	return ErrOK
}

func opBinaryNum(e *engine, op byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	a, c := e.topNum(2)
	if c != ErrOK {
		return c
	}
	b, c := e.topNum(1)
	if c != ErrOK {
		return c
	}
	var r int64
	switch op {
	case OP_ADD:
		r = a + b
	case OP_SUB:
		r = a - b
	case OP_BOOLAND:
		r = boolNum(a != 0 && b != 0)
	case OP_BOOLOR:
		r = boolNum(a != 0 || b != 0)
	case OP_NUMEQUAL, OP_NUMEQUALVERIFY:
		r = boolNum(a == b)
	case OP_NUMNOTEQUAL:
		r = boolNum(a != b)
	case OP_LESSTHAN:
		r = boolNum(a < b)
	case OP_GREATERTHAN:
		r = boolNum(a > b)
	case OP_LESSTHANOREQUAL:
		r = boolNum(a <= b)
	case OP_GREATERTHANOREQUAL:
		r = boolNum(a >= b)
	case OP_MIN:
		r = min(a, b)
	case OP_MAX:
		r = max(a, b)
	}
	e.dropN(2)
	if op == OP_NUMEQUALVERIFY {
		if r == 0 {
			return ErrNumEqualVerify
		}
		return ErrOK
	}
	e.pushNum(r)
	return ErrOK
}

func opWithin(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 3 {
		return ErrInvalidStackOperation
	}
	x, c := e.topNum(3)
	if c != ErrOK {
		return c
	}
	lo, c := e.topNum(2)
	if c != ErrOK {
		return c
	}
	hi, c := e.topNum(1)
	if c != ErrOK {
		return c
	}
	e.dropN(3)
	e.pushBool(lo <= x && x < hi)
	return ErrOK
}

// opHash handles RIPEMD160, SHA1, SHA256, HASH160 and HASH256.
func opHash(e *engine, op byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	v := e.top(1)
	var out []byte
	switch op {
	case OP_RIPEMD160:
		out = e.alloc(ripemd160.Size)
		h := ripemd160.New()
		h.Write(v)
		h.Sum(out[:0])
	case OP_SHA1:
		out = e.alloc(sha1.Size)
		s := sha1.Sum(v)
		copy(out, s[:])
	case OP_SHA256:
		out = e.alloc(sha256.Size)
		s := sha256.Sum256(v)
		copy(out, s[:])
	case OP_HASH160:
		out = e.alloc(crypto.Hash160Size)
		s := crypto.Hash160(v)
		copy(out, s[:])
	case OP_HASH256:
		out = e.alloc(chainhash.HashSize)
		s := chainhash.DoubleSHA256(v)
		copy(out, s[:])
	}
	e.stack[len(e.stack)-1] = out
	return ErrOK
}
