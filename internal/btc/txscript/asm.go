package txscript

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// sigHashTypeNames are the names Core's asm output gives the defined hash
// types (mapSigHashTypes). A constant table.
var sigHashTypeNames = map[byte]string{
	0x01: "ALL",
	0x81: "ALL|ANYONECANPAY",
	0x02: "NONE",
	0x82: "NONE|ANYONECANPAY",
	0x03: "SINGLE",
	0x83: "SINGLE|ANYONECANPAY",
}

// DisasmString returns Core's asm form of script (ScriptToAsmStr without
// sighash decoding), as decodescript and decoderawtransaction print
// scriptPubKeys: pushes of up to 4 bytes as decimal numbers, longer pushes
// as hex, opcodes by name ("OP_DUP", "0".."16", "-1"); a truncated push
// ends the output with "[error]".
//
// This function is safe for concurrent access.
func DisasmString(script []byte) string {
	return ScriptToAsm(script, false)
}

// ScriptToAsm is Core's ScriptToAsmStr. With attemptSighashDecode (used for
// scriptSigs), a push that is a strictly encoded signature with a defined
// hash type is printed as hex without its last byte followed by the type
// name in brackets ("3044...[ALL]"), unless the script starts with
// OP_RETURN.
//
// This function is safe for concurrent access.
func ScriptToAsm(script []byte, attemptSighashDecode bool) string {
	var b strings.Builder
	decode := attemptSighashDecode && !isUnspendable(script)
	for pc := 0; pc < len(script); {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		op, data, next, ok := nextOp(script, pc)
		if !ok {
			b.WriteString("[error]")
			break
		}
		pc = next
		if op > OP_PUSHDATA4 {
			b.WriteString(opcodeTable[op].name)
			continue
		}
		if len(data) <= 4 {
			v, _ := parseScriptNum(data, false, defaultScriptNumLen)
			b.WriteString(strconv.FormatInt(v, 10))
			continue
		}
		if decode && checkSignatureEncoding(data, FlagStrictEnc) == ErrOK {
			if name, ok := sigHashTypeNames[data[len(data)-1]]; ok {
				b.WriteString(hex.EncodeToString(data[:len(data)-1]))
				b.WriteByte('[')
				b.WriteString(name)
				b.WriteByte(']')
				continue
			}
		}
		b.WriteString(hex.EncodeToString(data))
	}
	return b.String()
}

// parseNames maps the opcode names ParseCoreScript accepts to opcodes.
// Core's ParseScript accepts the names of OP_NOP and above plus
// OP_RESERVED, with or without "OP_"; this table also accepts OP_NOP2,
// OP_NOP3, OP_0..OP_16, OP_1NEGATE, OP_FALSE and OP_TRUE. Built once.
var parseNames = func() map[string]byte {
	m := make(map[string]byte, 512)
	add := func(name string, op byte) {
		m[name] = op
		if strings.HasPrefix(name, "OP_") {
			m[name[3:]] = op
		}
	}
	for op := int(OP_NOP); op <= int(OP_CHECKSIGADD); op++ {
		add(opcodeTable[op].name, byte(op))
	}
	add("OP_RESERVED", OP_RESERVED)
	add("OP_PUSHDATA1", OP_PUSHDATA1)
	add("OP_PUSHDATA2", OP_PUSHDATA2)
	add("OP_PUSHDATA4", OP_PUSHDATA4)
	add("OP_NOP2", OP_NOP2)
	add("OP_NOP3", OP_NOP3)
	add("OP_INVALIDOPCODE", OP_INVALIDOPCODE)
	// Only with the prefix: "0".."16" and "-1" are numbers.
	m["OP_0"] = OP_0
	m["OP_FALSE"] = OP_FALSE
	m["OP_TRUE"] = OP_TRUE
	m["OP_1NEGATE"] = OP_1NEGATE
	for n := 1; n <= 16; n++ {
		m["OP_"+smallIntNames[n]] = OP_1 + byte(n-1)
	}
	return m
}()

// ErrScriptParse is wrapped by the errors of ParseCoreScript and ParseAsm.
var ErrScriptParse = errors.New("txscript: script parse error")

// ParseCoreScript parses Bitcoin Core's test-script syntax (ParseScript in
// core_read.cpp), the form of script_tests.json and tx_valid.json:
// whitespace-separated tokens, each
//
//   - a decimal number in -0xffffffff..0xffffffff, pushed as CScript's
//     operator<< pushes an int64 (OP_0, OP_1NEGATE, OP_1..OP_16 or a
//     minimal script-number push);
//   - 0x followed by hex digits: raw bytes inserted as they are (the push
//     opcode, if any, is written explicitly);
//   - 'text': the bytes between the quotes, pushed (no spaces inside);
//   - an opcode name, with or without OP_ ("ADD", "OP_ADD").
//
// This function is safe for concurrent access.
func ParseCoreScript(text string) ([]byte, error) {
	var script []byte
	for _, w := range strings.Fields(text) {
		switch {
		case isDecimal(w):
			v, err := strconv.ParseInt(w, 10, 64)
			if err != nil || v > 0xffffffff || v < -0xffffffff {
				return nil, fmt.Errorf("%w: decimal %q outside -0xFFFFFFFF..0xFFFFFFFF", ErrScriptParse, w)
			}
			script = AppendInt64(script, v)
		case len(w) > 2 && strings.HasPrefix(w, "0x"):
			raw, err := hex.DecodeString(w[2:])
			if err != nil {
				return nil, fmt.Errorf("%w: bad hex %q", ErrScriptParse, w)
			}
			script = append(script, raw...)
		case len(w) >= 2 && w[0] == '\'' && w[len(w)-1] == '\'':
			script = AppendPushData(script, []byte(w[1:len(w)-1]))
		default:
			op, ok := parseNames[w]
			if !ok {
				return nil, fmt.Errorf("%w: unknown opcode %q", ErrScriptParse, w)
			}
			script = append(script, op)
		}
	}
	return script, nil
}

// isAsmNumber reports whether w is written like a number DisasmString
// prints: an optional '-' and digits without a leading zero (or "0").
func isAsmNumber(w string) bool {
	d := strings.TrimPrefix(w, "-")
	return isDecimal(w) && len(d) <= 10 && (d == "0" || d[0] != '0')
}

// isDecimal reports whether w is an optional '-' followed by digits.
func isDecimal(w string) bool {
	w = strings.TrimPrefix(w, "-")
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// ParseAsm is the inverse of DisasmString for canonical scripts: opcode
// names as DisasmString prints them ("OP_DUP"), decimal numbers pushed as
// CScript's operator<< pushes integers, and hex strings of more than 4
// bytes pushed with the smallest push opcode. A script that uses only
// minimal pushes disassembles and parses back to the same bytes, except
// for a push of 5+ bytes whose hex reads as a decimal within the 32-bit
// range without a leading zero (Core's asm is ambiguous there; the token
// is taken as a number). The "[error]" and "OP_UNKNOWN" tokens, and
// sighash-decoded signatures, are rejected.
//
// This function is safe for concurrent access.
func ParseAsm(asm string) ([]byte, error) {
	var script []byte
	for _, w := range strings.Fields(asm) {
		if isAsmNumber(w) {
			v, err := strconv.ParseInt(w, 10, 64)
			if err == nil && v <= 0x7fffffff && v >= -0x7fffffff {
				script = AppendInt64(script, v)
				continue
			}
		}
		if strings.HasPrefix(w, "OP_") {
			op, ok := parseNames[w]
			if !ok {
				return nil, fmt.Errorf("%w: unknown opcode %q", ErrScriptParse, w)
			}
			script = append(script, op)
			continue
		}
		data, err := hex.DecodeString(w)
		if err != nil || len(data) <= 4 {
			return nil, fmt.Errorf("%w: bad token %q", ErrScriptParse, w)
		}
		script = AppendPushData(script, data)
	}
	return script, nil
}
