package evm

import (
	"math/bits"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Gas parameters of the dynamic costs (yellow paper and EIPs).
const (
	expByteFrontier = 10 // per byte of the exponent, before EIP-160
	expByteEIP158   = 50 // from Spurious Dragon (EIP-160)

	keccak256WordGas = 6
	copyWordGas      = 3
	logDataGas       = 8
	initCodeWordGas  = ethtypes.InitCodeWordGas // EIP-3860
	createDataGas    = 200                      // per byte of deployed code

	callValueTransferGas = 9000
	callNewAccountGas    = 25000
	callStipend          = 2300

	selfdestructNewAccountGas = 25000
	selfdestructRefundGas     = 24000 // before London

	// SSTORE before Constantinople and in Petersburg.
	sstoreSetGas    = 20000
	sstoreResetGas  = 5000
	sstoreRefundGas = 15000

	// EIP-1283 (Constantinople only).
	netSstoreNoopGas          = 200
	netSstoreInitGas          = 20000
	netSstoreCleanGas         = 5000
	netSstoreDirtyGas         = 200
	netSstoreClearRefund      = 15000
	netSstoreResetRefund      = 4800
	netSstoreResetClearRefund = 19800

	// EIP-2200 (Istanbul) and its EIP-2929/3529 revisions.
	sstoreSentryGasEIP2200      = 2300
	sloadGasEIP2200             = 800
	sstoreSetGasEIP2200         = 20000
	sstoreResetGasEIP2200       = 5000
	sstoreClearsScheduleEIP2200 = 15000
	// EIP-3529: SSTORE_RESET_GAS - COLD_SLOAD_COST + ACCESS_LIST_STORAGE_KEY_COST.
	sstoreClearsScheduleEIP3529 = sstoreResetGasEIP2200 - coldSloadCost + ethtypes.TxAccessListStorageKeyGas
)

// Memory sizes. Each returns the byte size an instruction touches (offset
// plus length, zero for a zero length whatever the offset) and whether it
// overflows 64 bits.

func calcMemSize64(off, l *uint256.Int) (uint64, bool) {
	if !l.IsUint64() {
		return 0, true
	}
	return calcMemSize64WithUint(off, l.Uint64())
}

func calcMemSize64WithUint(off *uint256.Int, length uint64) (uint64, bool) {
	if length == 0 {
		return 0, false
	}
	o, overflow := off.Uint64WithOverflow()
	if overflow {
		return 0, true
	}
	v, carry := bits.Add64(o, length, 0)
	return v, carry != 0
}

func maxMemSize(a uint64, aOvf bool, b uint64, bOvf bool) (uint64, bool) {
	if aOvf || bOvf {
		return 0, true
	}
	return max(a, b), false
}

func memoryKeccak256(f *Frame) (uint64, bool) { return calcMemSize64(f.back(0), f.back(1)) }
func memoryCopy(f *Frame) (uint64, bool)      { return calcMemSize64(f.back(0), f.back(2)) }
func memoryExtCodeCopy(f *Frame) (uint64, bool) {
	return calcMemSize64(f.back(1), f.back(3))
}
func memoryMload(f *Frame) (uint64, bool)   { return calcMemSize64WithUint(f.back(0), 32) }
func memoryMstore(f *Frame) (uint64, bool)  { return calcMemSize64WithUint(f.back(0), 32) }
func memoryMstore8(f *Frame) (uint64, bool) { return calcMemSize64WithUint(f.back(0), 1) }
func memoryCreate(f *Frame) (uint64, bool)  { return calcMemSize64(f.back(1), f.back(2)) }
func memoryReturn(f *Frame) (uint64, bool)  { return calcMemSize64(f.back(0), f.back(1)) }
func memoryLog(f *Frame) (uint64, bool)     { return calcMemSize64(f.back(0), f.back(1)) }

func memoryCall(f *Frame) (uint64, bool) {
	ret, retOvf := calcMemSize64(f.back(5), f.back(6))
	in, inOvf := calcMemSize64(f.back(3), f.back(4))
	return maxMemSize(ret, retOvf, in, inOvf)
}

func memoryDelegateOrStaticCall(f *Frame) (uint64, bool) {
	ret, retOvf := calcMemSize64(f.back(4), f.back(5))
	in, inOvf := calcMemSize64(f.back(2), f.back(3))
	return maxMemSize(ret, retOvf, in, inOvf)
}

func memoryMcopy(f *Frame) (uint64, bool) {
	dst, dstOvf := calcMemSize64(f.back(0), f.back(2))
	src, srcOvf := calcMemSize64(f.back(1), f.back(2))
	return maxMemSize(dst, dstOvf, src, srcOvf)
}

// safeAdd and safeMul report overflow instead of wrapping.
func safeAdd(a, b uint64) (uint64, bool) {
	s, c := bits.Add64(a, b, 0)
	return s, c != 0
}

func safeMul(a, b uint64) (uint64, bool) {
	hi, lo := bits.Mul64(a, b)
	return lo, hi != 0
}

// gasMemory charges memory expansion only.
func gasMemory(f *Frame, memSize uint64) (uint64, error) {
	return f.mem.expansionCost(memSize)
}

// memoryAndWords charges memory expansion plus perWord gas for every 32-byte
// word of the length at stack position lenPos.
func memoryAndWords(f *Frame, memSize uint64, lenPos uint, perWord uint64) (uint64, error) {
	gas, err := f.mem.expansionCost(memSize)
	if err != nil {
		return 0, err
	}
	n, overflow := f.back(lenPos).Uint64WithOverflow()
	if overflow {
		return 0, ErrGasUintOverflow
	}
	w, overflow := safeMul(toWordSize(n), perWord)
	if overflow {
		return 0, ErrGasUintOverflow
	}
	if gas, overflow = safeAdd(gas, w); overflow {
		return 0, ErrGasUintOverflow
	}
	return gas, nil
}

func gasKeccak256(f *Frame, memSize uint64) (uint64, error) {
	return memoryAndWords(f, memSize, 1, keccak256WordGas)
}

// gasCopy3 is CALLDATACOPY, CODECOPY, RETURNDATACOPY and MCOPY (length at
// stack position 2); gasCopy4 is EXTCODECOPY (position 3).
func gasCopy3(f *Frame, memSize uint64) (uint64, error) {
	return memoryAndWords(f, memSize, 2, copyWordGas)
}

func gasCopy4(f *Frame, memSize uint64) (uint64, error) {
	return memoryAndWords(f, memSize, 3, copyWordGas)
}

func gasCreate2(f *Frame, memSize uint64) (uint64, error) {
	return memoryAndWords(f, memSize, 2, keccak256WordGas)
}

// gasCreateEIP3860 and gasCreate2EIP3860 add the init-code limit and its
// per-word cost (EIP-3860).
func gasCreateEIP3860(f *Frame, memSize uint64) (uint64, error) {
	return gasInitCode(f, memSize, initCodeWordGas)
}

func gasCreate2EIP3860(f *Frame, memSize uint64) (uint64, error) {
	return gasInitCode(f, memSize, initCodeWordGas+keccak256WordGas)
}

func gasInitCode(f *Frame, memSize uint64, perWord uint64) (uint64, error) {
	gas, err := f.mem.expansionCost(memSize)
	if err != nil {
		return 0, err
	}
	size, overflow := f.back(2).Uint64WithOverflow()
	if overflow {
		return 0, ErrGasUintOverflow
	}
	if size > ethtypes.MaxInitCodeSize {
		return 0, &InitCodeSizeError{Size: size}
	}
	// size is bounded, so the product cannot overflow.
	if gas, overflow = safeAdd(gas, perWord*toWordSize(size)); overflow {
		return 0, ErrGasUintOverflow
	}
	return gas, nil
}

func gasLog(f *Frame, memSize uint64) (uint64, error) {
	size, overflow := f.back(1).Uint64WithOverflow()
	if overflow {
		return 0, ErrGasUintOverflow
	}
	gas, err := f.mem.expansionCost(memSize)
	if err != nil {
		return 0, err
	}
	d, overflow := safeMul(size, logDataGas)
	if overflow {
		return 0, ErrGasUintOverflow
	}
	if gas, overflow = safeAdd(gas, d); overflow {
		return 0, ErrGasUintOverflow
	}
	return gas, nil
}

func gasExpFrontier(f *Frame, _ uint64) (uint64, error) {
	return uint64((f.back(1).BitLen()+7)/8) * expByteFrontier, nil
}

func gasExpEIP158(f *Frame, _ uint64) (uint64, error) {
	return uint64((f.back(1).BitLen()+7)/8) * expByteEIP158, nil
}

// gasSStoreLegacy prices SSTORE by the current value only (Frontier to
// Byzantium, and Petersburg).
func gasSStoreLegacy(f *Frame, _ uint64) (uint64, error) {
	db := f.evm.StateDB
	current := db.GetState(f.address, f.back(0).Bytes32())
	y := f.back(1)
	switch {
	case current == (ethtypes.Hash{}) && !y.IsZero():
		return sstoreSetGas, nil
	case current != (ethtypes.Hash{}) && y.IsZero():
		db.AddRefund(sstoreRefundGas)
		return sstoreResetGas, nil
	default:
		return sstoreResetGas, nil
	}
}

// sstoreSchedule is the price list of net gas metering for SSTORE. EIP-1283
// (Constantinople), EIP-2200 (Istanbul) and EIP-2929/3529 (Berlin, London)
// share one algorithm and differ only in these values and two switches.
type sstoreSchedule struct {
	sentry bool // EIP-2200: fail when gas left ≤ the 2300 call stipend
	access bool // EIP-2929: add the cold-slot surcharge and warm the slot

	noop  uint64 // value == current
	init  uint64 // clean slot, 0 -> non-zero
	clean uint64 // clean slot, non-zero -> other
	dirty uint64 // slot already written in this transaction

	clearRefund      uint64 // a non-zero slot is cleared
	resetClearRefund uint64 // a dirty slot returns to its original zero
	resetRefund      uint64 // a dirty slot returns to its original non-zero value
}

// The schedules of the forks that meter SSTORE by net change.
var (
	scheduleEIP1283 = sstoreSchedule{
		noop: netSstoreNoopGas, init: netSstoreInitGas, clean: netSstoreCleanGas, dirty: netSstoreDirtyGas,
		clearRefund: netSstoreClearRefund, resetClearRefund: netSstoreResetClearRefund, resetRefund: netSstoreResetRefund,
	}
	scheduleEIP2200 = sstoreSchedule{
		sentry: true,
		noop:   sloadGasEIP2200, init: sstoreSetGasEIP2200, clean: sstoreResetGasEIP2200, dirty: sloadGasEIP2200,
		clearRefund:      sstoreClearsScheduleEIP2200,
		resetClearRefund: sstoreSetGasEIP2200 - sloadGasEIP2200,
		resetRefund:      sstoreResetGasEIP2200 - sloadGasEIP2200,
	}
)

// scheduleEIP2929 is EIP-2200 with EIP-2929's warm/cold pricing and the
// clearing refund of Berlin (15000) or London (4800, EIP-3529).
func scheduleEIP2929(clearingRefund uint64) sstoreSchedule {
	return sstoreSchedule{
		sentry: true, access: true,
		noop: warmAccessCost, init: sstoreSetGasEIP2200, clean: sstoreResetGasEIP2200 - coldSloadCost, dirty: warmAccessCost,
		clearRefund:      clearingRefund,
		resetClearRefund: sstoreSetGasEIP2200 - warmAccessCost,
		resetRefund:      (sstoreResetGasEIP2200 - coldSloadCost) - warmAccessCost,
	}
}

// makeGasSStore returns SSTORE's dynamic gas under net metering with the
// schedule s (EIP-1283, EIP-2200, EIP-2929).
func makeGasSStore(s sstoreSchedule) gasFunc {
	return func(f *Frame, _ uint64) (uint64, error) {
		if s.sentry && f.gas <= sstoreSentryGasEIP2200 {
			return 0, ErrSStoreSentry
		}
		db := f.evm.StateDB
		key := ethtypes.Hash(f.back(0).Bytes32())
		value := ethtypes.Hash(f.back(1).Bytes32())
		var cost uint64
		if s.access {
			if _, warm := db.SlotInAccessList(f.address, key); !warm {
				cost = coldSloadCost
				db.AddSlotToAccessList(f.address, key)
			}
		}
		current := db.GetState(f.address, key)
		if current == value {
			return cost + s.noop, nil
		}
		original := db.GetCommittedState(f.address, key)
		if original == current {
			if original == (ethtypes.Hash{}) {
				return cost + s.init, nil
			}
			if value == (ethtypes.Hash{}) {
				db.AddRefund(s.clearRefund)
			}
			return cost + s.clean, nil
		}
		if original != (ethtypes.Hash{}) {
			if current == (ethtypes.Hash{}) {
				db.SubRefund(s.clearRefund)
			} else if value == (ethtypes.Hash{}) {
				db.AddRefund(s.clearRefund)
			}
		}
		if original == value {
			if original == (ethtypes.Hash{}) {
				db.AddRefund(s.resetClearRefund)
			} else {
				db.AddRefund(s.resetRefund)
			}
		}
		return cost + s.dirty, nil
	}
}

// gasSLoadEIP2929 charges 2100 for a cold slot and 100 for a warm one.
func gasSLoadEIP2929(f *Frame, _ uint64) (uint64, error) {
	db := f.evm.StateDB
	key := ethtypes.Hash(f.back(0).Bytes32())
	if _, warm := db.SlotInAccessList(f.address, key); warm {
		return warmAccessCost, nil
	}
	db.AddSlotToAccessList(f.address, key)
	return coldSloadCost, nil
}

// accessAccount warms addr and returns the cold surcharge (the warm cost is
// the constant part).
func accessAccount(db StateDB, addr ethtypes.Address) uint64 {
	if db.AddressInAccessList(addr) {
		return 0
	}
	db.AddAddressToAccessList(addr)
	return coldAccountAccessCost - warmAccessCost
}

// gasAccountAccessEIP2929 is BALANCE, EXTCODESIZE and EXTCODEHASH.
func gasAccountAccessEIP2929(f *Frame, _ uint64) (uint64, error) {
	return accessAccount(f.evm.StateDB, ethtypes.Address(f.back(0).Bytes20())), nil
}

func gasExtCodeCopyEIP2929(f *Frame, memSize uint64) (uint64, error) {
	gas, err := gasCopy4(f, memSize)
	if err != nil {
		return 0, err
	}
	var overflow bool
	if gas, overflow = safeAdd(gas, accessAccount(f.evm.StateDB, ethtypes.Address(f.back(0).Bytes20()))); overflow {
		return 0, ErrGasUintOverflow
	}
	return gas, nil
}

// callGas returns the gas a call passes on: what the stack asks for,
// capped from Tangerine Whistle at all but one 64th of what is left after
// the call's other costs (EIP-150).
func callGas(isEIP150 bool, available, base uint64, requested *uint256.Int) (uint64, error) {
	if isEIP150 {
		if base > available {
			return 0, ErrOutOfGas
		}
		available -= base
		gas := available - available/64
		if !requested.IsUint64() || gas < requested.Uint64() {
			return gas, nil
		}
	}
	if !requested.IsUint64() {
		return 0, ErrGasUintOverflow
	}
	return requested.Uint64(), nil
}

// finishCallGas adds the gas passed on to the call's own costs and records
// it for the instruction.
func finishCallGas(f *Frame, gas uint64) (uint64, error) {
	evm := f.evm
	passed, err := callGas(evm.rules.IsEIP150, f.gas, gas, f.back(0))
	if err != nil {
		return 0, err
	}
	evm.callGasTemp = passed
	total, overflow := safeAdd(gas, passed)
	if overflow {
		return 0, ErrGasUintOverflow
	}
	return total, nil
}

// gasCall prices CALL: value transfer, a new account, memory, gas passed.
func gasCall(f *Frame, memSize uint64) (uint64, error) {
	evm := f.evm
	var gas uint64
	transfersValue := !f.back(2).IsZero()
	addr := ethtypes.Address(f.back(1).Bytes20())
	if evm.rules.IsEIP158 {
		if transfersValue && evm.StateDB.Empty(addr) {
			gas += callNewAccountGas
		}
	} else if !evm.StateDB.Exist(addr) {
		gas += callNewAccountGas
	}
	if transfersValue {
		gas += callValueTransferGas
	}
	mem, err := f.mem.expansionCost(memSize)
	if err != nil {
		return 0, err
	}
	var overflow bool
	if gas, overflow = safeAdd(gas, mem); overflow {
		return 0, ErrGasUintOverflow
	}
	return finishCallGas(f, gas)
}

// gasCallCode prices CALLCODE: value transfer, memory, gas passed.
func gasCallCode(f *Frame, memSize uint64) (uint64, error) {
	var gas uint64
	if !f.back(2).IsZero() {
		gas += callValueTransferGas
	}
	mem, err := f.mem.expansionCost(memSize)
	if err != nil {
		return 0, err
	}
	var overflow bool
	if gas, overflow = safeAdd(gas, mem); overflow {
		return 0, ErrGasUintOverflow
	}
	return finishCallGas(f, gas)
}

// gasDelegateOrStaticCall prices DELEGATECALL and STATICCALL: memory and
// gas passed.
func gasDelegateOrStaticCall(f *Frame, memSize uint64) (uint64, error) {
	mem, err := f.mem.expansionCost(memSize)
	if err != nil {
		return 0, err
	}
	return finishCallGas(f, mem)
}

// withColdAccount wraps a call's gas function with EIP-2929's cold-account
// surcharge. The surcharge is taken from the frame before the gas passed on
// is computed (it lowers the 63/64 cap) and reported as part of the
// instruction's cost.
func withColdAccount(inner gasFunc) gasFunc {
	return func(f *Frame, memSize uint64) (uint64, error) {
		db := f.evm.StateDB
		addr := ethtypes.Address(f.back(1).Bytes20())
		if db.AddressInAccessList(addr) {
			return inner(f, memSize)
		}
		db.AddAddressToAccessList(addr)
		const cold = coldAccountAccessCost - warmAccessCost
		if f.gas < cold {
			return 0, ErrOutOfGas
		}
		f.gas -= cold
		gas, err := inner(f, memSize)
		f.gas += cold
		if err != nil {
			return 0, err
		}
		var overflow bool
		if gas, overflow = safeAdd(gas, cold); overflow {
			return 0, ErrGasUintOverflow
		}
		return gas, nil
	}
}

var (
	gasCallEIP2929                 = withColdAccount(gasCall)
	gasCallCodeEIP2929             = withColdAccount(gasCallCode)
	gasDelegateOrStaticCallEIP2929 = withColdAccount(gasDelegateOrStaticCall)
)

// gasSelfdestructFrontier only records the refund.
func gasSelfdestructFrontier(f *Frame, _ uint64) (uint64, error) {
	db := f.evm.StateDB
	if !db.HasSelfDestructed(f.address) {
		db.AddRefund(selfdestructRefundGas)
	}
	return 0, nil
}

// gasSelfdestructEIP150 adds the new-account charge (the 5000 base is the
// constant part): when the beneficiary does not exist (Tangerine Whistle)
// or, from Spurious Dragon, is empty and receives a balance.
func gasSelfdestructEIP150(f *Frame, _ uint64) (uint64, error) {
	evm := f.evm
	db := evm.StateDB
	var gas uint64
	addr := ethtypes.Address(f.back(0).Bytes20())
	if evm.rules.IsEIP158 {
		if db.Empty(addr) {
			if bal := db.GetBalance(f.address); !bal.IsZero() {
				gas += selfdestructNewAccountGas
			}
		}
	} else if !db.Exist(addr) {
		gas += selfdestructNewAccountGas
	}
	if !db.HasSelfDestructed(f.address) {
		db.AddRefund(selfdestructRefundGas)
	}
	return gas, nil
}

func makeGasSelfdestructEIP2929(refunds bool) gasFunc {
	return func(f *Frame, _ uint64) (uint64, error) {
		db := f.evm.StateDB
		addr := ethtypes.Address(f.back(0).Bytes20())
		var gas uint64
		if !db.AddressInAccessList(addr) {
			db.AddAddressToAccessList(addr)
			gas = coldAccountAccessCost
		}
		if db.Empty(addr) {
			if bal := db.GetBalance(f.address); !bal.IsZero() {
				gas += selfdestructNewAccountGas
			}
		}
		if refunds && !db.HasSelfDestructed(f.address) {
			db.AddRefund(selfdestructRefundGas)
		}
		return gas, nil
	}
}

var (
	gasSelfdestructEIP2929 = makeGasSelfdestructEIP2929(true)
	gasSelfdestructEIP3529 = makeGasSelfdestructEIP2929(false)
)
