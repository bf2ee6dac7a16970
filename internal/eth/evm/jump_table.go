package evm

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

type (
	// executionFunc runs an instruction on f. The interpreter advances
	// f.pc by one afterwards (PUSH adds its immediate size, jumps set
	// f.pc to the destination minus one).
	executionFunc func(f *Frame) error
	// gasFunc returns the dynamic part of an instruction's cost. memSize is
	// the memory size the instruction needs (a multiple of 32).
	gasFunc func(f *Frame, memSize uint64) (uint64, error)
	// memorySizeFunc returns the memory an instruction touches, and whether
	// that size overflows 64 bits.
	memorySizeFunc func(f *Frame) (uint64, bool)
)

// Flags of an operation that the code analysis needs.
const (
	// flagEndsBlock: nothing after the instruction runs in the same basic
	// block (it halts, jumps, or may not fall through).
	flagEndsBlock uint8 = 1 << iota
	// flagReadsGas: the instruction observes the exact gas left (GAS, the
	// calls and creations, SSTORE's stipend check), so the constant gas of
	// the instructions after it must not have been charged yet.
	flagReadsGas
	// flagUndefined: the fork does not define the byte.
	flagUndefined
	// flagJumpdest: JUMPDEST, where a block starts.
	flagJumpdest
)

// operation is one entry of a fork's instruction table.
type operation struct {
	execute     executionFunc
	constantGas uint64
	dynamicGas  gasFunc        // nil when the cost is constant
	memorySize  memorySizeFunc // nil when no memory is touched
	minStack    uint           // items needed
	maxStack    uint           // largest stack length that leaves room for the pushes
	pops        uint8
	pushes      uint8
	flags       uint8
}

// jumpTable is a fork's instruction set.
type jumpTable struct {
	ops  [256]operation
	fork Fork
	// info is what code analysis needs of each instruction, packed small.
	info [256]opInfo
}

// opInfo is the part of an operation the code analysis reads.
type opInfo struct {
	gas       uint32 // constant gas (every constant cost fits 32 bits)
	pops      uint8
	pushes    uint8
	flags     uint8
	immediate uint8 // PUSH data bytes that follow the instruction
}

// Fork names an instruction set.
type Fork uint8

// Instruction sets in order. Petersburg is Constantinople without EIP-1283;
// Paris (the merge) turns DIFFICULTY into PREVRANDAO.
const (
	Frontier Fork = iota
	Homestead
	TangerineWhistle
	SpuriousDragon
	Byzantium
	Constantinople
	Petersburg
	Istanbul
	Berlin
	London
	Paris
	Shanghai
	Cancun
	numForks
)

var forkNames = [numForks]string{"Frontier", "Homestead", "TangerineWhistle", "SpuriousDragon",
	"Byzantium", "Constantinople", "Petersburg", "Istanbul", "Berlin", "London", "Paris", "Shanghai", "Cancun"}

// String returns the fork's name.
func (f Fork) String() string {
	if f < numForks {
		return forkNames[f]
	}
	return fmt.Sprintf("Fork(%d)", uint8(f))
}

// ForkOf returns the latest instruction set that rules enable.
//
// This function is safe for concurrent access.
func ForkOf(r ethtypes.Rules) Fork {
	switch {
	case r.IsCancun:
		return Cancun
	case r.IsShanghai:
		return Shanghai
	case r.IsMerge:
		return Paris
	case r.IsLondon:
		return London
	case r.IsBerlin:
		return Berlin
	case r.IsIstanbul:
		return Istanbul
	case r.IsPetersburg:
		return Petersburg
	case r.IsConstantinople:
		return Constantinople
	case r.IsByzantium:
		return Byzantium
	case r.IsEIP158:
		return SpuriousDragon
	case r.IsEIP150:
		return TangerineWhistle
	case r.IsHomestead:
		return Homestead
	}
	return Frontier
}

// jumpTables holds the instruction set of every fork, built once from the
// previous fork's and the EIPs that changed it.
var jumpTables [numForks]*jumpTable

func init() {
	jt := newFrontierTable()
	steps := [numForks]func(*jumpTable){
		Frontier:         func(*jumpTable) {},
		Homestead:        enableHomestead,
		TangerineWhistle: enable150,
		SpuriousDragon:   enable158,
		Byzantium:        enableByzantium,
		Constantinople:   enableConstantinople,
		Petersburg:       enablePetersburg,
		Istanbul:         enableIstanbul,
		Berlin:           enable2929,
		London:           enableLondon,
		Paris:            enableMerge,
		Shanghai:         enableShanghai,
		Cancun:           enableCancun,
	}
	for f := Frontier; f < numForks; f++ {
		steps[f](jt)
		c := *jt
		c.fork = f
		c.finish()
		jumpTables[f] = &c
	}
}

// finish derives the stack bounds and checks that every entry is usable.
func (jt *jumpTable) finish() {
	for i := range jt.ops {
		o := &jt.ops[i]
		if o.execute == nil {
			panic(fmt.Sprintf("evm: %v: no implementation for %v", jt.fork, OpCode(i)))
		}
		if o.memorySize != nil && o.dynamicGas == nil {
			panic(fmt.Sprintf("evm: %v: %v has a memory size but no dynamic gas", jt.fork, OpCode(i)))
		}
		o.minStack = uint(o.pops)
		o.maxStack = stackLimit + uint(o.pops) - uint(o.pushes)
		jt.info[i] = opInfo{gas: uint32(o.constantGas), pops: o.pops, pushes: o.pushes, flags: o.flags,
			immediate: uint8(pushSize(OpCode(i)))}
	}
}

// undefinedOp is the entry of a byte the fork does not define.
var undefinedOp = operation{execute: opUndefined, flags: flagUndefined | flagEndsBlock}

func def(exec executionFunc, gas uint64, pops, pushes uint8) operation {
	return operation{execute: exec, constantGas: gas, pops: pops, pushes: pushes}
}

// Constant gas tiers of the yellow paper.
const (
	gasQuick   = 2
	gasFastest = 3
	gasFast    = 5
	gasMid     = 8
	gasSlow    = 10
	gasExt     = 20
)

func newFrontierTable() *jumpTable {
	jt := &jumpTable{}
	for i := range jt.ops {
		jt.ops[i] = undefinedOp
	}
	o := &jt.ops
	o[STOP] = def(opStop, 0, 0, 0)
	o[STOP].flags = flagEndsBlock
	o[ADD] = def(opAdd, gasFastest, 2, 1)
	o[MUL] = def(opMul, gasFast, 2, 1)
	o[SUB] = def(opSub, gasFastest, 2, 1)
	o[DIV] = def(opDiv, gasFast, 2, 1)
	o[SDIV] = def(opSdiv, gasFast, 2, 1)
	o[MOD] = def(opMod, gasFast, 2, 1)
	o[SMOD] = def(opSmod, gasFast, 2, 1)
	o[ADDMOD] = def(opAddmod, gasMid, 3, 1)
	o[MULMOD] = def(opMulmod, gasMid, 3, 1)
	o[EXP] = def(opExp, gasSlow, 2, 1)
	o[EXP].dynamicGas = gasExpFrontier
	o[SIGNEXTEND] = def(opSignExtend, gasFast, 2, 1)

	o[LT] = def(opLt, gasFastest, 2, 1)
	o[GT] = def(opGt, gasFastest, 2, 1)
	o[SLT] = def(opSlt, gasFastest, 2, 1)
	o[SGT] = def(opSgt, gasFastest, 2, 1)
	o[EQ] = def(opEq, gasFastest, 2, 1)
	o[ISZERO] = def(opIszero, gasFastest, 1, 1)
	o[AND] = def(opAnd, gasFastest, 2, 1)
	o[OR] = def(opOr, gasFastest, 2, 1)
	o[XOR] = def(opXor, gasFastest, 2, 1)
	o[NOT] = def(opNot, gasFastest, 1, 1)
	o[BYTE] = def(opByte, gasFastest, 2, 1)

	o[KECCAK256] = def(opKeccak256, 30, 2, 1)
	o[KECCAK256].dynamicGas = gasKeccak256
	o[KECCAK256].memorySize = memoryKeccak256

	o[ADDRESS] = def(opAddress, gasQuick, 0, 1)
	o[BALANCE] = def(opBalance, 20, 1, 1)
	o[ORIGIN] = def(opOrigin, gasQuick, 0, 1)
	o[CALLER] = def(opCaller, gasQuick, 0, 1)
	o[CALLVALUE] = def(opCallValue, gasQuick, 0, 1)
	o[CALLDATALOAD] = def(opCallDataLoad, gasFastest, 1, 1)
	o[CALLDATASIZE] = def(opCallDataSize, gasQuick, 0, 1)
	o[CALLDATACOPY] = def(opCallDataCopy, gasFastest, 3, 0)
	o[CALLDATACOPY].dynamicGas = gasCopy3
	o[CALLDATACOPY].memorySize = memoryCopy
	o[CODESIZE] = def(opCodeSize, gasQuick, 0, 1)
	o[CODECOPY] = def(opCodeCopy, gasFastest, 3, 0)
	o[CODECOPY].dynamicGas = gasCopy3
	o[CODECOPY].memorySize = memoryCopy
	o[GASPRICE] = def(opGasPrice, gasQuick, 0, 1)
	o[EXTCODESIZE] = def(opExtCodeSize, 20, 1, 1)
	o[EXTCODECOPY] = def(opExtCodeCopy, 20, 4, 0)
	o[EXTCODECOPY].dynamicGas = gasCopy4
	o[EXTCODECOPY].memorySize = memoryExtCodeCopy

	o[BLOCKHASH] = def(opBlockhash, gasExt, 1, 1)
	o[COINBASE] = def(opCoinbase, gasQuick, 0, 1)
	o[TIMESTAMP] = def(opTimestamp, gasQuick, 0, 1)
	o[NUMBER] = def(opNumber, gasQuick, 0, 1)
	o[DIFFICULTY] = def(opDifficulty, gasQuick, 0, 1)
	o[GASLIMIT] = def(opGasLimit, gasQuick, 0, 1)

	o[POP] = def(opPop, gasQuick, 1, 0)
	o[MLOAD] = def(opMload, gasFastest, 1, 1)
	o[MLOAD].dynamicGas = gasMemory
	o[MLOAD].memorySize = memoryMload
	o[MSTORE] = def(opMstore, gasFastest, 2, 0)
	o[MSTORE].dynamicGas = gasMemory
	o[MSTORE].memorySize = memoryMstore
	o[MSTORE8] = def(opMstore8, gasFastest, 2, 0)
	o[MSTORE8].dynamicGas = gasMemory
	o[MSTORE8].memorySize = memoryMstore8
	o[SLOAD] = def(opSload, 50, 1, 1)
	o[SSTORE] = def(opSstore, 0, 2, 0)
	o[SSTORE].dynamicGas = gasSStoreLegacy
	o[SSTORE].flags = flagReadsGas | flagEndsBlock
	o[JUMP] = def(opJump, gasMid, 1, 0)
	o[JUMP].flags = flagEndsBlock
	o[JUMPI] = def(opJumpi, gasSlow, 2, 0)
	o[JUMPI].flags = flagEndsBlock
	o[PC] = def(opPc, gasQuick, 0, 1)
	o[MSIZE] = def(opMsize, gasQuick, 0, 1)
	o[GAS] = def(opGas, gasQuick, 0, 1)
	o[GAS].flags = flagReadsGas | flagEndsBlock
	o[JUMPDEST] = def(opJumpdest, 1, 0, 0)
	o[JUMPDEST].flags = flagJumpdest

	for i := 0; i < 32; i++ {
		o[int(PUSH1)+i] = def(opPush, gasFastest, 0, 1)
	}
	o[PUSH1].execute = opPush1
	for i := 0; i < 16; i++ {
		o[int(DUP1)+i] = def(opDup, gasFastest, uint8(i+1), uint8(i+2))
		o[int(SWAP1)+i] = def(opSwap, gasFastest, uint8(i+2), uint8(i+2))
	}
	for i := 0; i <= 4; i++ {
		o[int(LOG0)+i] = def(opLog, 375+375*uint64(i), uint8(2+i), 0)
		o[int(LOG0)+i].dynamicGas = gasLog
		o[int(LOG0)+i].memorySize = memoryLog
	}

	o[CREATE] = def(opCreate, 32000, 3, 1)
	o[CREATE].dynamicGas = gasMemory
	o[CREATE].memorySize = memoryCreate
	o[CREATE].flags = flagReadsGas | flagEndsBlock
	o[CALL] = def(opCall, 40, 7, 1)
	o[CALL].dynamicGas = gasCall
	o[CALL].memorySize = memoryCall
	o[CALL].flags = flagReadsGas | flagEndsBlock
	o[CALLCODE] = def(opCallCode, 40, 7, 1)
	o[CALLCODE].dynamicGas = gasCallCode
	o[CALLCODE].memorySize = memoryCall
	o[CALLCODE].flags = flagReadsGas | flagEndsBlock
	o[RETURN] = def(opReturn, 0, 2, 0)
	o[RETURN].dynamicGas = gasMemory
	o[RETURN].memorySize = memoryReturn
	o[RETURN].flags = flagEndsBlock
	o[SELFDESTRUCT] = def(opSelfdestruct, 0, 1, 0)
	o[SELFDESTRUCT].dynamicGas = gasSelfdestructFrontier
	o[SELFDESTRUCT].flags = flagEndsBlock
	return jt
}

// enableHomestead adds DELEGATECALL (EIP-7).
func enableHomestead(jt *jumpTable) {
	o := &jt.ops
	o[DELEGATECALL] = def(opDelegateCall, 40, 6, 1)
	o[DELEGATECALL].dynamicGas = gasDelegateOrStaticCall
	o[DELEGATECALL].memorySize = memoryDelegateOrStaticCall
	o[DELEGATECALL].flags = flagReadsGas | flagEndsBlock
}

// enable150 reprices state access (EIP-150, Tangerine Whistle); the 63/64
// rule and SELFDESTRUCT's new-account charge are checked by the rules.
func enable150(jt *jumpTable) {
	o := &jt.ops
	o[BALANCE].constantGas = 400
	o[EXTCODESIZE].constantGas = 700
	o[SLOAD].constantGas = 200
	o[EXTCODECOPY].constantGas = 700
	o[CALL].constantGas = 700
	o[CALLCODE].constantGas = 700
	o[DELEGATECALL].constantGas = 700
	o[SELFDESTRUCT].constantGas = 5000
	o[SELFDESTRUCT].dynamicGas = gasSelfdestructEIP150
}

// enable158 raises EXP's per-byte cost (EIP-160, Spurious Dragon).
func enable158(jt *jumpTable) {
	jt.ops[EXP].dynamicGas = gasExpEIP158
}

// enableByzantium adds STATICCALL (EIP-214), RETURNDATASIZE and
// RETURNDATACOPY (EIP-211) and REVERT (EIP-140).
func enableByzantium(jt *jumpTable) {
	o := &jt.ops
	o[STATICCALL] = def(opStaticCall, 700, 6, 1)
	o[STATICCALL].dynamicGas = gasDelegateOrStaticCall
	o[STATICCALL].memorySize = memoryDelegateOrStaticCall
	o[STATICCALL].flags = flagReadsGas | flagEndsBlock
	o[RETURNDATASIZE] = def(opReturnDataSize, gasQuick, 0, 1)
	o[RETURNDATACOPY] = def(opReturnDataCopy, gasFastest, 3, 0)
	o[RETURNDATACOPY].dynamicGas = gasCopy3
	o[RETURNDATACOPY].memorySize = memoryCopy
	o[REVERT] = def(opRevert, 0, 2, 0)
	o[REVERT].dynamicGas = gasMemory
	o[REVERT].memorySize = memoryReturn
	o[REVERT].flags = flagEndsBlock
}

// enableConstantinople adds the shifts (EIP-145), EXTCODEHASH (EIP-1052),
// CREATE2 (EIP-1014) and net gas metering for SSTORE (EIP-1283).
func enableConstantinople(jt *jumpTable) {
	o := &jt.ops
	o[SHL] = def(opSHL, gasFastest, 2, 1)
	o[SHR] = def(opSHR, gasFastest, 2, 1)
	o[SAR] = def(opSAR, gasFastest, 2, 1)
	o[EXTCODEHASH] = def(opExtCodeHash, 400, 1, 1)
	o[CREATE2] = def(opCreate2, 32000, 4, 1)
	o[CREATE2].dynamicGas = gasCreate2
	o[CREATE2].memorySize = memoryCreate
	o[CREATE2].flags = flagReadsGas | flagEndsBlock
	o[SSTORE].dynamicGas = makeGasSStore(scheduleEIP1283)
}

// enablePetersburg removes EIP-1283.
func enablePetersburg(jt *jumpTable) {
	jt.ops[SSTORE].dynamicGas = gasSStoreLegacy
}

// enableIstanbul adds CHAINID (EIP-1344) and SELFBALANCE (EIP-1884),
// reprices trie-size dependent reads (EIP-1884) and SSTORE (EIP-2200).
func enableIstanbul(jt *jumpTable) {
	o := &jt.ops
	o[CHAINID] = def(opChainID, gasQuick, 0, 1)
	o[SELFBALANCE] = def(opSelfBalance, gasFast, 0, 1)
	o[BALANCE].constantGas = 700
	o[EXTCODEHASH].constantGas = 700
	o[SLOAD].constantGas = 800
	o[SSTORE].dynamicGas = makeGasSStore(scheduleEIP2200)
}

// Warm and cold access costs of EIP-2929.
const (
	warmAccessCost        = 100
	coldAccountAccessCost = 2600
	coldSloadCost         = 2100
)

// enable2929 charges state access by access-list warmth (EIP-2929, Berlin).
func enable2929(jt *jumpTable) {
	o := &jt.ops
	o[SLOAD].constantGas = 0
	o[SLOAD].dynamicGas = gasSLoadEIP2929
	o[SSTORE].dynamicGas = makeGasSStore(scheduleEIP2929(sstoreClearsScheduleEIP2200))
	for _, op := range []OpCode{BALANCE, EXTCODESIZE, EXTCODEHASH} {
		o[op].constantGas = warmAccessCost
		o[op].dynamicGas = gasAccountAccessEIP2929
	}
	o[EXTCODECOPY].constantGas = warmAccessCost
	o[EXTCODECOPY].dynamicGas = gasExtCodeCopyEIP2929
	o[CALL].constantGas = warmAccessCost
	o[CALL].dynamicGas = gasCallEIP2929
	o[CALLCODE].constantGas = warmAccessCost
	o[CALLCODE].dynamicGas = gasCallCodeEIP2929
	o[DELEGATECALL].constantGas = warmAccessCost
	o[DELEGATECALL].dynamicGas = gasDelegateOrStaticCallEIP2929
	o[STATICCALL].constantGas = warmAccessCost
	o[STATICCALL].dynamicGas = gasDelegateOrStaticCallEIP2929
	o[SELFDESTRUCT].dynamicGas = gasSelfdestructEIP2929
}

// enableLondon adds BASEFEE (EIP-3198) and reduces refunds (EIP-3529).
func enableLondon(jt *jumpTable) {
	o := &jt.ops
	o[BASEFEE] = def(opBaseFee, gasQuick, 0, 1)
	o[SSTORE].dynamicGas = makeGasSStore(scheduleEIP2929(sstoreClearsScheduleEIP3529))
	o[SELFDESTRUCT].dynamicGas = gasSelfdestructEIP3529
}

// enableMerge turns DIFFICULTY into PREVRANDAO (EIP-4399).
func enableMerge(jt *jumpTable) {
	jt.ops[PREVRANDAO].execute = opRandom
}

// enableShanghai adds PUSH0 (EIP-3855) and limits and meters init code
// (EIP-3860).
func enableShanghai(jt *jumpTable) {
	o := &jt.ops
	o[PUSH0] = def(opPush0, gasQuick, 0, 1)
	o[CREATE].dynamicGas = gasCreateEIP3860
	o[CREATE2].dynamicGas = gasCreate2EIP3860
}

// enableCancun adds TLOAD and TSTORE (EIP-1153), MCOPY (EIP-5656),
// BLOBHASH (EIP-4844) and BLOBBASEFEE (EIP-7516), and restricts
// SELFDESTRUCT (EIP-6780).
func enableCancun(jt *jumpTable) {
	o := &jt.ops
	o[TLOAD] = def(opTload, warmAccessCost, 1, 1)
	o[TSTORE] = def(opTstore, warmAccessCost, 2, 0)
	o[MCOPY] = def(opMcopy, gasFastest, 3, 0)
	o[MCOPY].dynamicGas = gasCopy3
	o[MCOPY].memorySize = memoryMcopy
	o[BLOBHASH] = def(opBlobHash, gasFastest, 1, 1)
	o[BLOBBASEFEE] = def(opBlobBaseFee, gasQuick, 0, 1)
	o[SELFDESTRUCT].execute = opSelfdestruct6780
}
