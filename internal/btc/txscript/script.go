package txscript

import "encoding/binary"

// nextOp decodes the instruction at script[pc:] exactly as Core's
// GetScriptOp: the opcode, the pushed data for OP_0..OP_PUSHDATA4 (a
// sub-slice of script, never copied), and the position of the next
// instruction. ok is false when pc is at the end or the push runs past the
// end of the script (Core's "bad opcode").
//
// This function is safe for concurrent access and does not allocate.
func nextOp(script []byte, pc int) (op byte, data []byte, next int, ok bool) {
	if pc >= len(script) {
		return OP_INVALIDOPCODE, nil, pc, false
	}
	op = script[pc]
	pc++
	if op > OP_PUSHDATA4 {
		return op, nil, pc, true
	}
	rest := len(script) - pc
	var n int
	switch op {
	case OP_PUSHDATA1:
		if rest < 1 {
			return OP_INVALIDOPCODE, nil, pc, false
		}
		n = int(script[pc])
		pc++
	case OP_PUSHDATA2:
		if rest < 2 {
			return OP_INVALIDOPCODE, nil, pc, false
		}
		n = int(binary.LittleEndian.Uint16(script[pc:]))
		pc += 2
	case OP_PUSHDATA4:
		if rest < 4 {
			return OP_INVALIDOPCODE, nil, pc, false
		}
		l := binary.LittleEndian.Uint32(script[pc:])
		pc += 4
		if uint64(l) > uint64(len(script)-pc) {
			return OP_INVALIDOPCODE, nil, pc, false
		}
		n = int(l)
	default:
		n = int(op)
	}
	if n > len(script)-pc {
		return OP_INVALIDOPCODE, nil, pc, false
	}
	return op, script[pc : pc+n : pc+n], pc + n, true
}

// Tokenizer walks a script one instruction at a time without allocating:
//
//	t := txscript.MakeTokenizer(script)
//	for t.Next() {
//		op, data := t.Opcode(), t.Data()
//	}
//	if t.Err() != nil { /* truncated push */ }
//
// A Tokenizer is a small value; it is not safe for concurrent use.
type Tokenizer struct {
	script []byte
	offset int
	op     byte
	data   []byte
	err    error
}

// MakeTokenizer returns a Tokenizer positioned before the first
// instruction of script.
func MakeTokenizer(script []byte) Tokenizer {
	return Tokenizer{script: script}
}

// Next decodes the next instruction. It returns false at the end of the
// script or at a truncated push, after which Err tells the two apart.
func (t *Tokenizer) Next() bool {
	if t.err != nil || t.offset >= len(t.script) {
		return false
	}
	op, data, next, ok := nextOp(t.script, t.offset)
	if !ok {
		t.err = ErrBadOpcode
		t.op, t.data = OP_INVALIDOPCODE, nil
		t.offset = len(t.script)
		return false
	}
	t.op, t.data, t.offset = op, data, next
	return true
}

// Opcode returns the current instruction's opcode.
func (t *Tokenizer) Opcode() byte { return t.op }

// Data returns the bytes the current instruction pushes (nil for non-push
// opcodes; empty for OP_0). It aliases the script.
func (t *Tokenizer) Data() []byte { return t.data }

// ByteIndex returns the offset just after the current instruction.
func (t *Tokenizer) ByteIndex() int { return t.offset }

// Done reports whether the whole script has been consumed or failed.
func (t *Tokenizer) Done() bool { return t.err != nil || t.offset >= len(t.script) }

// Err returns ErrBadOpcode after a truncated push, nil otherwise.
func (t *Tokenizer) Err() error { return t.err }

// IsPushOnly reports whether script parses and contains only push opcodes
// (OP_0..OP_16, including OP_1NEGATE and OP_RESERVED, as Core counts them).
//
// This function is safe for concurrent access.
func IsPushOnly(script []byte) bool {
	for pc := 0; pc < len(script); {
		op, _, next, ok := nextOp(script, pc)
		if !ok || op > OP_16 {
			return false
		}
		pc = next
	}
	return true
}

// IsPayToScriptHash reports whether script is the BIP16 template
// OP_HASH160 <20 bytes> OP_EQUAL.
//
// This function is safe for concurrent access.
func IsPayToScriptHash(script []byte) bool {
	return len(script) == 23 && script[0] == OP_HASH160 && script[1] == 0x14 &&
		script[22] == OP_EQUAL
}

// ExtractWitnessProgram returns the version and program of a BIP141
// witness program: a 4-42 byte script of one version opcode (OP_0,
// OP_1..OP_16) followed by one direct push of 2-40 bytes.
//
// This function is safe for concurrent access.
func ExtractWitnessProgram(script []byte) (version int, program []byte, ok bool) {
	if len(script) < 4 || len(script) > 42 {
		return 0, nil, false
	}
	v, isN := decodeOpN(script[0])
	if !isN {
		return 0, nil, false
	}
	if int(script[1])+2 != len(script) {
		return 0, nil, false
	}
	return v, script[2:], true
}

// IsWitnessProgram reports whether script is a BIP141 witness program.
//
// This function is safe for concurrent access.
func IsWitnessProgram(script []byte) bool {
	_, _, ok := ExtractWitnessProgram(script)
	return ok
}

// isUnspendable is Core's CScript::IsUnspendable: starts with OP_RETURN or
// is larger than MaxScriptSize.
func isUnspendable(script []byte) bool {
	return (len(script) > 0 && script[0] == OP_RETURN) || len(script) > MaxScriptSize
}

// checkMinimalPush is Core's CheckMinimalPush: whether data was pushed with
// the smallest possible opcode.
func checkMinimalPush(data []byte, op byte) bool {
	n := len(data)
	switch {
	case n == 0:
		return op == OP_0
	case n == 1 && data[0] >= 1 && data[0] <= 16:
		return op == OP_1+data[0]-1
	case n == 1 && data[0] == 0x81:
		return op == OP_1NEGATE
	case n <= 75:
		return int(op) == n
	case n <= 255:
		return op == OP_PUSHDATA1
	case n <= 65535:
		return op == OP_PUSHDATA2
	}
	return true
}

// pushPrefixLen returns the size of the opcode and length field that
// CScript's operator<< writes before n bytes of data.
func pushPrefixLen(n int) int {
	switch {
	case n < int(OP_PUSHDATA1):
		return 1
	case n <= 0xff:
		return 2
	case n <= 0xffff:
		return 3
	}
	return 5
}

// AppendPushData appends the push of data as CScript's operator<< for byte
// vectors writes it: a direct length byte below 76 bytes (OP_0 for empty
// data; single bytes 1-16 are NOT turned into OP_1..OP_16), then the
// smallest OP_PUSHDATA form.
//
// This function is safe for concurrent access.
func AppendPushData(b, data []byte) []byte {
	n := len(data)
	switch {
	case n < int(OP_PUSHDATA1):
		b = append(b, byte(n))
	case n <= 0xff:
		b = append(b, OP_PUSHDATA1, byte(n))
	case n <= 0xffff:
		b = binary.LittleEndian.AppendUint16(append(b, OP_PUSHDATA2), uint16(n))
	default:
		b = binary.LittleEndian.AppendUint32(append(b, OP_PUSHDATA4), uint32(n))
	}
	return append(b, data...)
}

// PushAll builds a push-only script of the stack items as Core's PushAll
// does: empty items as OP_0, single bytes 1-16 as OP_1..OP_16, the rest
// as minimal data pushes (AppendPushData).
//
// This function is safe for concurrent access.
func PushAll(items [][]byte) []byte {
	var b []byte
	for _, it := range items {
		switch {
		case len(it) == 0:
			b = append(b, OP_0)
		case len(it) == 1 && it[0] >= 1 && it[0] <= 16:
			b = append(b, OP_1+it[0]-1)
		default:
			b = AppendPushData(b, it)
		}
	}
	return b
}

// isSinglePushOf reports whether script equals AppendPushData(nil, data)
// without building it.
func isSinglePushOf(script, data []byte) bool {
	p := pushPrefixLen(len(data))
	if len(script) != p+len(data) {
		return false
	}
	op, d, next, ok := nextOp(script, 0)
	if !ok || next != len(script) || op > OP_PUSHDATA4 {
		return false
	}
	// The prefix length matches, so the push form is the canonical one for
	// this size unless a bigger PUSHDATA was used for a small size, which
	// changes the prefix length; compare the data.
	return string(d) == string(data)
}

// AppendInt64 appends n the way CScript's operator<< for integers writes
// it: OP_0, OP_1NEGATE, OP_1..OP_16, or a minimal script-number push.
//
// This function is safe for concurrent access.
func AppendInt64(b []byte, n int64) []byte {
	switch {
	case n == 0:
		return append(b, OP_0)
	case n == -1 || (n >= 1 && n <= 16):
		return append(b, byte(n+int64(OP_1)-1))
	}
	var buf [9]byte
	return AppendPushData(b, appendScriptNum(buf[:0], n))
}
