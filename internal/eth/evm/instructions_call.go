package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Calls, creations and SELFDESTRUCT. The gas function of a call has put the
// gas to pass on in evm.callGasTemp (the 63/64 rule applied).

// finishCall pushes the call's status, copies its output to memory, takes
// back the gas it left and keeps its output as return data.
func (f *Frame) finishCall(status *uint256.Int, retOff, retSize uint64, ret []byte, returnGas uint64, err error) {
	if err != nil {
		status.Clear()
	} else {
		status.SetOne()
	}
	if err == nil || err == ErrExecutionReverted {
		f.mem.set(retOff, retSize, ret)
	}
	f.refundGas(returnGas)
	f.returnData = ret
}

// refundGas gives a sub-call's or creation's gas left back to the frame.
func (f *Frame) refundGas(gas uint64) {
	if gas == 0 {
		return
	}
	if t := f.evm.Config.Tracer; t != nil && t.OnGasChange != nil {
		t.OnGasChange(f.gas, f.gas+gas, GasChangeCallLeftOverRefunded)
	}
	f.gas += gas
}

func opCall(f *Frame) error {
	evm := f.evm
	gas := evm.callGasTemp
	f.sp-- // requested gas, already accounted in callGasTemp
	addr, value, inOff, inSize, retOff, retSize := f.pop(), f.pop(), f.pop(), f.pop(), f.pop(), f.pop()
	if evm.readOnly && !value.IsZero() {
		return ErrWriteProtection
	}
	if !value.IsZero() {
		gas += callStipend
	}
	v := *value
	ro, rs := retOff.Uint64(), retSize.Uint64()
	args := f.mem.getPtr(inOff.Uint64(), inSize.Uint64())
	ret, returnGas, err := evm.Call(f.address, ethtypes.Address(addr.Bytes20()), args, gas, &v)
	f.finishCall(f.push(), ro, rs, ret, returnGas, err)
	return nil
}

func opCallCode(f *Frame) error {
	evm := f.evm
	gas := evm.callGasTemp
	f.sp--
	addr, value, inOff, inSize, retOff, retSize := f.pop(), f.pop(), f.pop(), f.pop(), f.pop(), f.pop()
	if !value.IsZero() {
		gas += callStipend
	}
	v := *value
	ro, rs := retOff.Uint64(), retSize.Uint64()
	args := f.mem.getPtr(inOff.Uint64(), inSize.Uint64())
	ret, returnGas, err := evm.CallCode(f.address, ethtypes.Address(addr.Bytes20()), args, gas, &v)
	f.finishCall(f.push(), ro, rs, ret, returnGas, err)
	return nil
}

func opDelegateCall(f *Frame) error {
	evm := f.evm
	gas := evm.callGasTemp
	f.sp--
	addr, inOff, inSize, retOff, retSize := f.pop(), f.pop(), f.pop(), f.pop(), f.pop()
	ro, rs := retOff.Uint64(), retSize.Uint64()
	args := f.mem.getPtr(inOff.Uint64(), inSize.Uint64())
	ret, returnGas, err := evm.DelegateCall(f.caller, f.address, ethtypes.Address(addr.Bytes20()), args, gas, &f.value)
	f.finishCall(f.push(), ro, rs, ret, returnGas, err)
	return nil
}

func opStaticCall(f *Frame) error {
	evm := f.evm
	gas := evm.callGasTemp
	f.sp--
	addr, inOff, inSize, retOff, retSize := f.pop(), f.pop(), f.pop(), f.pop(), f.pop()
	ro, rs := retOff.Uint64(), retSize.Uint64()
	args := f.mem.getPtr(inOff.Uint64(), inSize.Uint64())
	ret, returnGas, err := evm.StaticCall(f.address, ethtypes.Address(addr.Bytes20()), args, gas)
	f.finishCall(f.push(), ro, rs, ret, returnGas, err)
	return nil
}

// createGas takes the gas a creation passes on from the frame: everything
// left, less one 64th from Tangerine Whistle.
func (f *Frame) createGas(reason GasChangeReason) uint64 {
	gas := f.gas
	if f.evm.rules.IsEIP150 {
		gas -= gas / 64
	}
	if t := f.evm.Config.Tracer; t != nil && t.OnGasChange != nil && gas != 0 {
		t.OnGasChange(f.gas, f.gas-gas, reason)
	}
	f.gas -= gas
	return gas
}

// finishCreate pushes the new address (zero on failure; before Homestead a
// code-storage failure still counts as success), takes back the gas left
// and keeps revert data as return data.
func (f *Frame) finishCreate(res []byte, addr ethtypes.Address, returnGas uint64, err error) {
	z := f.push()
	switch {
	case err == ErrCodeStoreOutOfGas && f.evm.rules.IsHomestead:
		z.Clear()
	case err != nil && err != ErrCodeStoreOutOfGas:
		z.Clear()
	default:
		z.SetBytes20(addr[:])
	}
	f.refundGas(returnGas)
	if err == ErrExecutionReverted {
		f.returnData = res
	} else {
		f.returnData = nil
	}
}

func opCreate(f *Frame) error {
	evm := f.evm
	if evm.readOnly {
		return ErrWriteProtection
	}
	value, offset, size := f.pop(), f.pop(), f.pop()
	v := *value
	input := f.mem.getCopy(offset.Uint64(), size.Uint64())
	gas := f.createGas(GasChangeCallContractCreation)
	res, addr, returnGas, err := evm.Create(f.address, input, gas, &v)
	f.finishCreate(res, addr, returnGas, err)
	return nil
}

func opCreate2(f *Frame) error {
	evm := f.evm
	if evm.readOnly {
		return ErrWriteProtection
	}
	value, offset, size, salt := f.pop(), f.pop(), f.pop(), f.pop()
	v, s := *value, *salt
	input := f.mem.getCopy(offset.Uint64(), size.Uint64())
	gas := f.createGas(GasChangeCallContractCreation2)
	res, addr, returnGas, err := evm.Create2(f.address, input, gas, &v, &s)
	f.finishCreate(res, addr, returnGas, err)
	return nil
}

// opSelfdestruct sends the balance to the beneficiary and marks the
// account for deletion (before Cancun). With the beneficiary being the
// account itself the balance is burnt.
func opSelfdestruct(f *Frame) error {
	evm := f.evm
	if evm.readOnly {
		return ErrWriteProtection
	}
	beneficiary := ethtypes.Address(f.pop().Bytes20())
	db := evm.StateDB
	balance := db.GetBalance(f.address)
	db.AddBalance(beneficiary, &balance)
	db.SelfDestruct(f.address)
	evm.traceSelfdestruct(f, beneficiary, &balance)
	return errStopToken
}

// opSelfdestruct6780 moves the balance to the beneficiary; the account is
// deleted only if it was created in the same transaction (EIP-6780).
func opSelfdestruct6780(f *Frame) error {
	evm := f.evm
	if evm.readOnly {
		return ErrWriteProtection
	}
	beneficiary := ethtypes.Address(f.pop().Bytes20())
	db := evm.StateDB
	balance := db.GetBalance(f.address)
	db.SubBalance(f.address, &balance)
	db.AddBalance(beneficiary, &balance)
	db.SelfDestruct6780(f.address)
	evm.traceSelfdestruct(f, beneficiary, &balance)
	return errStopToken
}

func (evm *EVM) traceSelfdestruct(f *Frame, beneficiary ethtypes.Address, balance *uint256.Int) {
	t := evm.Config.Tracer
	if t == nil {
		return
	}
	if t.OnEnter != nil {
		t.OnEnter(evm.depth, SELFDESTRUCT, f.address, beneficiary, []byte{}, 0, balance)
	}
	if t.OnExit != nil {
		t.OnExit(evm.depth, []byte{}, 0, nil, false)
	}
}
