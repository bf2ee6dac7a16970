package txscript

// The opcodes, named as in Bitcoin Core's script.h.
// Core's spelling is kept on purpose so that scripts read the same here as
// in the BIPs and in Core.
const (
	OP_0                   byte = 0x00
	OP_FALSE               byte = 0x00
	OP_PUSHDATA1           byte = 0x4c
	OP_PUSHDATA2           byte = 0x4d
	OP_PUSHDATA4           byte = 0x4e
	OP_1NEGATE             byte = 0x4f
	OP_RESERVED            byte = 0x50
	OP_1                   byte = 0x51
	OP_TRUE                byte = 0x51
	OP_2                   byte = 0x52
	OP_3                   byte = 0x53
	OP_4                   byte = 0x54
	OP_5                   byte = 0x55
	OP_6                   byte = 0x56
	OP_7                   byte = 0x57
	OP_8                   byte = 0x58
	OP_9                   byte = 0x59
	OP_10                  byte = 0x5a
	OP_11                  byte = 0x5b
	OP_12                  byte = 0x5c
	OP_13                  byte = 0x5d
	OP_14                  byte = 0x5e
	OP_15                  byte = 0x5f
	OP_16                  byte = 0x60
	OP_NOP                 byte = 0x61
	OP_VER                 byte = 0x62
	OP_IF                  byte = 0x63
	OP_NOTIF               byte = 0x64
	OP_VERIF               byte = 0x65
	OP_VERNOTIF            byte = 0x66
	OP_ELSE                byte = 0x67
	OP_ENDIF               byte = 0x68
	OP_VERIFY              byte = 0x69
	OP_RETURN              byte = 0x6a
	OP_TOALTSTACK          byte = 0x6b
	OP_FROMALTSTACK        byte = 0x6c
	OP_2DROP               byte = 0x6d
	OP_2DUP                byte = 0x6e
	OP_3DUP                byte = 0x6f
	OP_2OVER               byte = 0x70
	OP_2ROT                byte = 0x71
	OP_2SWAP               byte = 0x72
	OP_IFDUP               byte = 0x73
	OP_DEPTH               byte = 0x74
	OP_DROP                byte = 0x75
	OP_DUP                 byte = 0x76
	OP_NIP                 byte = 0x77
	OP_OVER                byte = 0x78
	OP_PICK                byte = 0x79
	OP_ROLL                byte = 0x7a
	OP_ROT                 byte = 0x7b
	OP_SWAP                byte = 0x7c
	OP_TUCK                byte = 0x7d
	OP_CAT                 byte = 0x7e
	OP_SUBSTR              byte = 0x7f
	OP_LEFT                byte = 0x80
	OP_RIGHT               byte = 0x81
	OP_SIZE                byte = 0x82
	OP_INVERT              byte = 0x83
	OP_AND                 byte = 0x84
	OP_OR                  byte = 0x85
	OP_XOR                 byte = 0x86
	OP_EQUAL               byte = 0x87
	OP_EQUALVERIFY         byte = 0x88
	OP_RESERVED1           byte = 0x89
	OP_RESERVED2           byte = 0x8a
	OP_1ADD                byte = 0x8b
	OP_1SUB                byte = 0x8c
	OP_2MUL                byte = 0x8d
	OP_2DIV                byte = 0x8e
	OP_NEGATE              byte = 0x8f
	OP_ABS                 byte = 0x90
	OP_NOT                 byte = 0x91
	OP_0NOTEQUAL           byte = 0x92
	OP_ADD                 byte = 0x93
	OP_SUB                 byte = 0x94
	OP_MUL                 byte = 0x95
	OP_DIV                 byte = 0x96
	OP_MOD                 byte = 0x97
	OP_LSHIFT              byte = 0x98
	OP_RSHIFT              byte = 0x99
	OP_BOOLAND             byte = 0x9a
	OP_BOOLOR              byte = 0x9b
	OP_NUMEQUAL            byte = 0x9c
	OP_NUMEQUALVERIFY      byte = 0x9d
	OP_NUMNOTEQUAL         byte = 0x9e
	OP_LESSTHAN            byte = 0x9f
	OP_GREATERTHAN         byte = 0xa0
	OP_LESSTHANOREQUAL     byte = 0xa1
	OP_GREATERTHANOREQUAL  byte = 0xa2
	OP_MIN                 byte = 0xa3
	OP_MAX                 byte = 0xa4
	OP_WITHIN              byte = 0xa5
	OP_RIPEMD160           byte = 0xa6
	OP_SHA1                byte = 0xa7
	OP_SHA256              byte = 0xa8
	OP_HASH160             byte = 0xa9
	OP_HASH256             byte = 0xaa
	OP_CODESEPARATOR       byte = 0xab
	OP_CHECKSIG            byte = 0xac
	OP_CHECKSIGVERIFY      byte = 0xad
	OP_CHECKMULTISIG       byte = 0xae
	OP_CHECKMULTISIGVERIFY byte = 0xaf
	OP_NOP1                byte = 0xb0
	OP_CHECKLOCKTIMEVERIFY byte = 0xb1
	OP_NOP2                byte = 0xb1
	OP_CHECKSEQUENCEVERIFY byte = 0xb2
	OP_NOP3                byte = 0xb2
	OP_NOP4                byte = 0xb3
	OP_NOP5                byte = 0xb4
	OP_NOP6                byte = 0xb5
	OP_NOP7                byte = 0xb6
	OP_NOP8                byte = 0xb7
	OP_NOP9                byte = 0xb8
	OP_NOP10               byte = 0xb9
	OP_CHECKSIGADD         byte = 0xba
	OP_INVALIDOPCODE       byte = 0xff
)

// Consensus limits of the script interpreter.
const (
	// MaxScriptSize is the largest legacy or witness v0 script.
	MaxScriptSize = 10000
	// MaxScriptElementSize is the largest push and stack element.
	MaxScriptElementSize = 520
	// MaxOpsPerScript is the non-push opcode limit of legacy and witness
	// v0 scripts.
	MaxOpsPerScript = 201
	// MaxPubKeysPerMultiSig is the CHECKMULTISIG key limit.
	MaxPubKeysPerMultiSig = 20
	// MaxStackSize is the stack plus altstack element limit.
	MaxStackSize = 1000
	// LockTimeThreshold separates block heights from timestamps in
	// lock times.
	LockTimeThreshold = 500000000
	// ValidationWeightPerSigOp is the tapscript budget one non-empty
	// signature check consumes (BIP342).
	ValidationWeightPerSigOp = 50
	// ValidationWeightOffset is added to the witness size to form the
	// tapscript budget (BIP342).
	ValidationWeightOffset = 50
	// AnnexTag is the first byte of a taproot annex (BIP341).
	AnnexTag = 0x50
)

// opHandler executes one non-push opcode. It returns ErrOK or the reason
// the script fails.
type opHandler func(e *engine, op byte) ErrorCode

// opcodeInfo is one row of the opcode table.
type opcodeInfo struct {
	// name is Core's GetOpName: "OP_DUP", "0", "1".."16", "-1",
	// "OP_UNKNOWN" for undefined bytes.
	name string
	// exec runs the opcode; nil never occurs in a built table.
	exec opHandler
	// disabled marks the opcodes that fail even when not executed.
	disabled bool
	// success marks BIP342's OP_SUCCESSx, which make a tapscript succeed
	// unconditionally.
	success bool
}

// opcodeTable describes every byte value. It is built once and never
// modified.
var opcodeTable = buildOpcodeTable()

func buildOpcodeTable() *[256]opcodeInfo {
	var t [256]opcodeInfo
	for i := range t {
		t[i] = opcodeInfo{name: "OP_UNKNOWN", exec: opBad}
	}
	set := func(op byte, name string, exec opHandler) {
		t[op].name = name
		t[op].exec = exec
	}
	// Pushes are executed by the interpreter loop itself; the handler is
	// only a guard.
	set(OP_0, "0", opBad)
	for op := 1; op < int(OP_PUSHDATA1); op++ {
		t[op].exec = opBad
	}
	set(OP_PUSHDATA1, "OP_PUSHDATA1", opBad)
	set(OP_PUSHDATA2, "OP_PUSHDATA2", opBad)
	set(OP_PUSHDATA4, "OP_PUSHDATA4", opBad)
	set(OP_1NEGATE, "-1", opSmallInt)
	set(OP_RESERVED, "OP_RESERVED", opBad)
	for n := 1; n <= 16; n++ {
		set(OP_1+byte(n-1), smallIntNames[n], opSmallInt)
	}

	set(OP_NOP, "OP_NOP", opNop)
	set(OP_VER, "OP_VER", opBad)
	set(OP_IF, "OP_IF", opIf)
	set(OP_NOTIF, "OP_NOTIF", opIf)
	set(OP_VERIF, "OP_VERIF", opBad)
	set(OP_VERNOTIF, "OP_VERNOTIF", opBad)
	set(OP_ELSE, "OP_ELSE", opElse)
	set(OP_ENDIF, "OP_ENDIF", opEndIf)
	set(OP_VERIFY, "OP_VERIFY", opVerify)
	set(OP_RETURN, "OP_RETURN", opReturn)

	set(OP_TOALTSTACK, "OP_TOALTSTACK", opToAltStack)
	set(OP_FROMALTSTACK, "OP_FROMALTSTACK", opFromAltStack)
	set(OP_2DROP, "OP_2DROP", op2Drop)
	set(OP_2DUP, "OP_2DUP", op2Dup)
	set(OP_3DUP, "OP_3DUP", op3Dup)
	set(OP_2OVER, "OP_2OVER", op2Over)
	set(OP_2ROT, "OP_2ROT", op2Rot)
	set(OP_2SWAP, "OP_2SWAP", op2Swap)
	set(OP_IFDUP, "OP_IFDUP", opIfDup)
	set(OP_DEPTH, "OP_DEPTH", opDepth)
	set(OP_DROP, "OP_DROP", opDrop)
	set(OP_DUP, "OP_DUP", opDup)
	set(OP_NIP, "OP_NIP", opNip)
	set(OP_OVER, "OP_OVER", opOver)
	set(OP_PICK, "OP_PICK", opPickRoll)
	set(OP_ROLL, "OP_ROLL", opPickRoll)
	set(OP_ROT, "OP_ROT", opRot)
	set(OP_SWAP, "OP_SWAP", opSwap)
	set(OP_TUCK, "OP_TUCK", opTuck)

	set(OP_CAT, "OP_CAT", opBad)
	set(OP_SUBSTR, "OP_SUBSTR", opBad)
	set(OP_LEFT, "OP_LEFT", opBad)
	set(OP_RIGHT, "OP_RIGHT", opBad)
	set(OP_SIZE, "OP_SIZE", opSize)

	set(OP_INVERT, "OP_INVERT", opBad)
	set(OP_AND, "OP_AND", opBad)
	set(OP_OR, "OP_OR", opBad)
	set(OP_XOR, "OP_XOR", opBad)
	set(OP_EQUAL, "OP_EQUAL", opEqual)
	set(OP_EQUALVERIFY, "OP_EQUALVERIFY", opEqual)
	set(OP_RESERVED1, "OP_RESERVED1", opBad)
	set(OP_RESERVED2, "OP_RESERVED2", opBad)

	set(OP_1ADD, "OP_1ADD", opUnaryNum)
	set(OP_1SUB, "OP_1SUB", opUnaryNum)
	set(OP_2MUL, "OP_2MUL", opBad)
	set(OP_2DIV, "OP_2DIV", opBad)
	set(OP_NEGATE, "OP_NEGATE", opUnaryNum)
	set(OP_ABS, "OP_ABS", opUnaryNum)
	set(OP_NOT, "OP_NOT", opUnaryNum)
	set(OP_0NOTEQUAL, "OP_0NOTEQUAL", opUnaryNum)
	set(OP_ADD, "OP_ADD", opBinaryNum)
	set(OP_SUB, "OP_SUB", opBinaryNum)
	set(OP_MUL, "OP_MUL", opBad)
	set(OP_DIV, "OP_DIV", opBad)
	set(OP_MOD, "OP_MOD", opBad)
	set(OP_LSHIFT, "OP_LSHIFT", opBad)
	set(OP_RSHIFT, "OP_RSHIFT", opBad)
	set(OP_BOOLAND, "OP_BOOLAND", opBinaryNum)
	set(OP_BOOLOR, "OP_BOOLOR", opBinaryNum)
	set(OP_NUMEQUAL, "OP_NUMEQUAL", opBinaryNum)
	set(OP_NUMEQUALVERIFY, "OP_NUMEQUALVERIFY", opBinaryNum)
	set(OP_NUMNOTEQUAL, "OP_NUMNOTEQUAL", opBinaryNum)
	set(OP_LESSTHAN, "OP_LESSTHAN", opBinaryNum)
	set(OP_GREATERTHAN, "OP_GREATERTHAN", opBinaryNum)
	set(OP_LESSTHANOREQUAL, "OP_LESSTHANOREQUAL", opBinaryNum)
	set(OP_GREATERTHANOREQUAL, "OP_GREATERTHANOREQUAL", opBinaryNum)
	set(OP_MIN, "OP_MIN", opBinaryNum)
	set(OP_MAX, "OP_MAX", opBinaryNum)
	set(OP_WITHIN, "OP_WITHIN", opWithin)

	set(OP_RIPEMD160, "OP_RIPEMD160", opHash)
	set(OP_SHA1, "OP_SHA1", opHash)
	set(OP_SHA256, "OP_SHA256", opHash)
	set(OP_HASH160, "OP_HASH160", opHash)
	set(OP_HASH256, "OP_HASH256", opHash)
	set(OP_CODESEPARATOR, "OP_CODESEPARATOR", opCodeSeparator)
	set(OP_CHECKSIG, "OP_CHECKSIG", opCheckSig)
	set(OP_CHECKSIGVERIFY, "OP_CHECKSIGVERIFY", opCheckSig)
	set(OP_CHECKMULTISIG, "OP_CHECKMULTISIG", opCheckMultiSig)
	set(OP_CHECKMULTISIGVERIFY, "OP_CHECKMULTISIGVERIFY", opCheckMultiSig)

	set(OP_NOP1, "OP_NOP1", opUpgradableNop)
	set(OP_CHECKLOCKTIMEVERIFY, "OP_CHECKLOCKTIMEVERIFY", opCheckLockTimeVerify)
	set(OP_CHECKSEQUENCEVERIFY, "OP_CHECKSEQUENCEVERIFY", opCheckSequenceVerify)
	for op := OP_NOP4; op <= OP_NOP10; op++ {
		set(op, "OP_NOP"+smallIntNames[int(op-OP_NOP1)+1], opUpgradableNop)
	}
	set(OP_CHECKSIGADD, "OP_CHECKSIGADD", opCheckSigAdd)
	set(OP_INVALIDOPCODE, "OP_INVALIDOPCODE", opBad)

	for _, op := range []byte{OP_CAT, OP_SUBSTR, OP_LEFT, OP_RIGHT, OP_INVERT,
		OP_AND, OP_OR, OP_XOR, OP_2MUL, OP_2DIV, OP_MUL, OP_DIV, OP_MOD,
		OP_LSHIFT, OP_RSHIFT} {
		t[op].disabled = true
	}
	for op := range t {
		t[op].success = isOpSuccess(byte(op))
	}
	return &t
}

// smallIntNames are the decimal names of 0..16. A constant table.
var smallIntNames = [17]string{"0", "1", "2", "3", "4", "5", "6", "7", "8",
	"9", "10", "11", "12", "13", "14", "15", "16"}

// isOpSuccess reports whether op is one of BIP342's OP_SUCCESSx: 80, 98,
// 126-129, 131-134, 137-138, 141-142, 149-153 and 187-254.
func isOpSuccess(op byte) bool {
	return op == 80 || op == 98 || (op >= 126 && op <= 129) ||
		(op >= 131 && op <= 134) || (op >= 137 && op <= 138) ||
		(op >= 141 && op <= 142) || (op >= 149 && op <= 153) ||
		(op >= 187 && op <= 254)
}

// IsOpSuccess reports whether op is a BIP342 OP_SUCCESSx opcode.
//
// This function is safe for concurrent access.
func IsOpSuccess(op byte) bool { return opcodeTable[op].success }

// OpcodeName returns Core's name of op as the asm disassembly prints it:
// "OP_CHECKSIG", "0" for OP_0, "1".."16" and "-1" for the small integers,
// "OP_CHECKLOCKTIMEVERIFY" and "OP_CHECKSEQUENCEVERIFY" for OP_NOP2/3, and
// "OP_UNKNOWN" for undefined values (including direct pushes 0x01-0x4b).
//
// This function is safe for concurrent access.
func OpcodeName(op byte) string { return opcodeTable[op].name }

// decodeOpN returns the value of OP_0 and OP_1..OP_16 (0..16), and ok
// false for any other opcode (Core's DecodeOP_N on its valid domain).
func decodeOpN(op byte) (int, bool) {
	if op == OP_0 {
		return 0, true
	}
	if op >= OP_1 && op <= OP_16 {
		return int(op-OP_1) + 1, true
	}
	return 0, false
}
