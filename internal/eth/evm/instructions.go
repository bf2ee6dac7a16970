package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Instruction implementations used by the exact loop and, for the
// instructions the fast loop does not inline, by the fast loop too. Stack
// bounds and gas have been checked and memory expanded before they run.

func opStop(*Frame) error { return errStopToken }

func opUndefined(f *Frame) error {
	return &InvalidOpCodeError{Op: OpCode(f.code[f.pc])}
}

func opAdd(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Add(x, y)
	return nil
}

func opSub(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Sub(x, y)
	return nil
}

func opMul(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Mul(x, y)
	return nil
}

func opDiv(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Div(x, y)
	return nil
}

func opSdiv(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.SDiv(x, y)
	return nil
}

func opMod(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Mod(x, y)
	return nil
}

func opSmod(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.SMod(x, y)
	return nil
}

func opExp(f *Frame) error {
	base, exponent := f.pop(), f.peek()
	exponent.Exp(base, exponent)
	return nil
}

func opSignExtend(f *Frame) error {
	back, num := f.pop(), f.peek()
	num.ExtendSign(num, back)
	return nil
}

func opAddmod(f *Frame) error {
	x, y, z := f.pop(), f.pop(), f.peek()
	z.AddMod(x, y, z)
	return nil
}

func opMulmod(f *Frame) error {
	x, y, z := f.pop(), f.pop(), f.peek()
	z.MulMod(x, y, z)
	return nil
}

func setBool(z *uint256.Int, b bool) {
	if b {
		z.SetOne()
	} else {
		z.Clear()
	}
}

func opLt(f *Frame) error {
	x, y := f.pop(), f.peek()
	setBool(y, x.Lt(y))
	return nil
}

func opGt(f *Frame) error {
	x, y := f.pop(), f.peek()
	setBool(y, x.Gt(y))
	return nil
}

func opSlt(f *Frame) error {
	x, y := f.pop(), f.peek()
	setBool(y, x.Slt(y))
	return nil
}

func opSgt(f *Frame) error {
	x, y := f.pop(), f.peek()
	setBool(y, x.Sgt(y))
	return nil
}

func opEq(f *Frame) error {
	x, y := f.pop(), f.peek()
	setBool(y, x.Eq(y))
	return nil
}

func opIszero(f *Frame) error {
	x := f.peek()
	setBool(x, x.IsZero())
	return nil
}

func opAnd(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.And(x, y)
	return nil
}

func opOr(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Or(x, y)
	return nil
}

func opXor(f *Frame) error {
	x, y := f.pop(), f.peek()
	y.Xor(x, y)
	return nil
}

func opNot(f *Frame) error {
	x := f.peek()
	x.Not(x)
	return nil
}

func opByte(f *Frame) error {
	th, val := f.pop(), f.peek()
	val.Byte(th)
	return nil
}

func opSHL(f *Frame) error {
	shift, value := f.pop(), f.peek()
	shl(shift, value)
	return nil
}

func opSHR(f *Frame) error {
	shift, value := f.pop(), f.peek()
	shr(shift, value)
	return nil
}

func opSAR(f *Frame) error {
	shift, value := f.pop(), f.peek()
	sar(shift, value)
	return nil
}

// shl, shr and sar shift value in place by shift (EIP-145).
func shl(shift, value *uint256.Int) {
	if shift.LtUint64(256) {
		value.Lsh(value, uint(shift.Uint64()))
	} else {
		value.Clear()
	}
}

func shr(shift, value *uint256.Int) {
	if shift.LtUint64(256) {
		value.Rsh(value, uint(shift.Uint64()))
	} else {
		value.Clear()
	}
}

func sar(shift, value *uint256.Int) {
	if shift.GtUint64(255) {
		if value.Sign() >= 0 {
			value.Clear()
		} else {
			value.SetAllOne()
		}
		return
	}
	value.SRsh(value, uint(shift.Uint64()))
}

func opKeccak256(f *Frame) error {
	offset, size := f.pop(), f.peek()
	data := f.mem.getPtr(offset.Uint64(), size.Uint64())
	h := f.evm.keccak(data)
	size.SetBytes32(h[:])
	return nil
}

func opAddress(f *Frame) error {
	f.push().SetBytes20(f.address[:])
	return nil
}

func opBalance(f *Frame) error {
	slot := f.peek()
	bal := f.evm.StateDB.GetBalance(ethtypes.Address(slot.Bytes20()))
	slot.Set(&bal)
	return nil
}

func opOrigin(f *Frame) error {
	f.push().SetBytes20(f.evm.TxContext.Origin[:])
	return nil
}

func opCaller(f *Frame) error {
	f.push().SetBytes20(f.caller[:])
	return nil
}

func opCallValue(f *Frame) error {
	f.push().Set(&f.value)
	return nil
}

func opCallDataLoad(f *Frame) error {
	x := f.peek()
	callDataLoad(x, f.input)
	return nil
}

// callDataLoad replaces x with the 32 bytes of input at offset x, padded
// with zeros past the end.
func callDataLoad(x *uint256.Int, input []byte) {
	off, overflow := x.Uint64WithOverflow()
	if overflow || off >= uint64(len(input)) {
		x.Clear()
		return
	}
	if rest := input[off:]; len(rest) >= 32 {
		x.SetBytes32(rest[:32])
	} else {
		var buf [32]byte
		copy(buf[:], rest)
		x.SetBytes32(buf[:])
	}
}

func opCallDataSize(f *Frame) error {
	f.push().SetUint64(uint64(len(f.input)))
	return nil
}

// copyPadded copies size bytes of src starting at srcOff into memory at
// memOff, zero-filling what lies past the end of src. srcOff saturates: an
// offset beyond 64 bits reads nothing.
func (m *memory) copyPadded(memOff, size uint64, src []byte, srcOff *uint256.Int) {
	if size == 0 {
		return
	}
	dst := m.store[memOff : memOff+size]
	off, overflow := srcOff.Uint64WithOverflow()
	n := 0
	if !overflow && off < uint64(len(src)) {
		n = copy(dst, src[off:])
	}
	clear(dst[n:])
}

func opCallDataCopy(f *Frame) error {
	memOff, dataOff, length := f.pop(), f.pop(), f.pop()
	f.mem.copyPadded(memOff.Uint64(), length.Uint64(), f.input, dataOff)
	return nil
}

func opReturnDataSize(f *Frame) error {
	f.push().SetUint64(uint64(len(f.returnData)))
	return nil
}

func opReturnDataCopy(f *Frame) error {
	memOff, dataOff, length := f.pop(), f.pop(), f.pop()
	off, overflow := dataOff.Uint64WithOverflow()
	if overflow {
		return ErrReturnDataOutOfBounds
	}
	var end uint256.Int
	end.Add(dataOff, length)
	end64, overflow := end.Uint64WithOverflow()
	if overflow || uint64(len(f.returnData)) < end64 {
		return ErrReturnDataOutOfBounds
	}
	f.mem.set(memOff.Uint64(), length.Uint64(), f.returnData[off:end64])
	return nil
}

func opExtCodeSize(f *Frame) error {
	slot := f.peek()
	slot.SetUint64(uint64(f.evm.StateDB.GetCodeSize(ethtypes.Address(slot.Bytes20()))))
	return nil
}

func opCodeSize(f *Frame) error {
	f.push().SetUint64(uint64(len(f.code)))
	return nil
}

func opCodeCopy(f *Frame) error {
	memOff, codeOff, length := f.pop(), f.pop(), f.pop()
	f.mem.copyPadded(memOff.Uint64(), length.Uint64(), f.code, codeOff)
	return nil
}

func opExtCodeCopy(f *Frame) error {
	a, memOff, codeOff, length := f.pop(), f.pop(), f.pop(), f.pop()
	code := f.evm.StateDB.GetCode(ethtypes.Address(a.Bytes20()))
	f.mem.copyPadded(memOff.Uint64(), length.Uint64(), code, codeOff)
	return nil
}

func opExtCodeHash(f *Frame) error {
	slot := f.peek()
	addr := ethtypes.Address(slot.Bytes20())
	db := f.evm.StateDB
	if db.Empty(addr) {
		slot.Clear()
	} else {
		h := db.GetCodeHash(addr)
		slot.SetBytes32(h[:])
	}
	return nil
}

func opGasPrice(f *Frame) error {
	f.push().Set(&f.evm.TxContext.GasPrice)
	return nil
}

func opBlockhash(f *Frame) error {
	num := f.peek()
	n, overflow := num.Uint64WithOverflow()
	if overflow {
		num.Clear()
		return nil
	}
	ctx := &f.evm.Context
	upper := ctx.BlockNumber
	var lower uint64
	if upper > 256 {
		lower = upper - 256
	}
	if n >= lower && n < upper && ctx.GetHash != nil {
		h := ctx.GetHash(n)
		num.SetBytes32(h[:])
	} else {
		num.Clear()
	}
	return nil
}

func opCoinbase(f *Frame) error {
	f.push().SetBytes20(f.evm.Context.Coinbase[:])
	return nil
}

func opTimestamp(f *Frame) error {
	f.push().SetUint64(f.evm.Context.Time)
	return nil
}

func opNumber(f *Frame) error {
	f.push().SetUint64(f.evm.Context.BlockNumber)
	return nil
}

func opDifficulty(f *Frame) error {
	f.push().Set(&f.evm.Context.Difficulty)
	return nil
}

func opRandom(f *Frame) error {
	f.push().SetBytes32(f.evm.Context.Random[:])
	return nil
}

func opGasLimit(f *Frame) error {
	f.push().SetUint64(f.evm.Context.GasLimit)
	return nil
}

func opChainID(f *Frame) error {
	f.push().Set(&f.evm.Context.ChainID)
	return nil
}

func opSelfBalance(f *Frame) error {
	bal := f.evm.StateDB.GetBalance(f.address)
	f.push().Set(&bal)
	return nil
}

func opBaseFee(f *Frame) error {
	f.push().Set(&f.evm.Context.BaseFee)
	return nil
}

func opBlobHash(f *Frame) error {
	index := f.peek()
	hashes := f.evm.TxContext.BlobHashes
	if index.LtUint64(uint64(len(hashes))) {
		h := hashes[index.Uint64()]
		index.SetBytes32(h[:])
	} else {
		index.Clear()
	}
	return nil
}

func opBlobBaseFee(f *Frame) error {
	f.push().Set(&f.evm.Context.BlobBaseFee)
	return nil
}

func opPop(f *Frame) error {
	f.sp--
	return nil
}

func opMload(f *Frame) error {
	v := f.peek()
	off := v.Uint64()
	v.SetBytes32(f.mem.store[off : off+32])
	return nil
}

func opMstore(f *Frame) error {
	off, val := f.pop(), f.pop()
	o := off.Uint64()
	val.PutUint256(f.mem.store[o : o+32])
	return nil
}

func opMstore8(f *Frame) error {
	off, val := f.pop(), f.pop()
	f.mem.store[off.Uint64()] = byte(val.Uint64())
	return nil
}

func opMcopy(f *Frame) error {
	dst, src, length := f.pop(), f.pop(), f.pop()
	if n := length.Uint64(); n > 0 {
		d, s := dst.Uint64(), src.Uint64()
		copy(f.mem.store[d:d+n], f.mem.store[s:s+n])
	}
	return nil
}

func opSload(f *Frame) error {
	loc := f.peek()
	v := f.evm.StateDB.GetState(f.address, loc.Bytes32())
	loc.SetBytes32(v[:])
	return nil
}

func opSstore(f *Frame) error {
	if f.evm.readOnly {
		return ErrWriteProtection
	}
	loc, val := f.pop(), f.pop()
	f.evm.StateDB.SetState(f.address, loc.Bytes32(), val.Bytes32())
	return nil
}

func opTload(f *Frame) error {
	loc := f.peek()
	v := f.evm.StateDB.GetTransientState(f.address, loc.Bytes32())
	loc.SetBytes32(v[:])
	return nil
}

func opTstore(f *Frame) error {
	if f.evm.readOnly {
		return ErrWriteProtection
	}
	loc, val := f.pop(), f.pop()
	f.evm.StateDB.SetTransientState(f.address, loc.Bytes32(), val.Bytes32())
	return nil
}

// validJump reports whether dest is a JUMPDEST instruction of f's code.
func (f *Frame) validJump(dest *uint256.Int) (uint64, bool) {
	d, overflow := dest.Uint64WithOverflow()
	if overflow || d >= uint64(len(f.code)) || !f.an.isJumpdest(d) {
		return 0, false
	}
	return d, true
}

func opJump(f *Frame) error {
	if f.evm.abort.Load() {
		return errStopToken
	}
	d, ok := f.validJump(f.pop())
	if !ok {
		return ErrInvalidJump
	}
	f.pc = d - 1 // the loop adds one
	return nil
}

func opJumpi(f *Frame) error {
	if f.evm.abort.Load() {
		return errStopToken
	}
	dest, cond := f.pop(), f.pop()
	if cond.IsZero() {
		return nil
	}
	d, ok := f.validJump(dest)
	if !ok {
		return ErrInvalidJump
	}
	f.pc = d - 1
	return nil
}

func opJumpdest(*Frame) error { return nil }

func opPc(f *Frame) error {
	f.push().SetUint64(f.pc)
	return nil
}

func opMsize(f *Frame) error {
	f.push().SetUint64(uint64(len(f.mem.store)))
	return nil
}

func opGas(f *Frame) error {
	f.push().SetUint64(f.gas)
	return nil
}

func opPush0(f *Frame) error {
	f.push().Clear()
	return nil
}

func opPush1(f *Frame) error {
	z := f.push()
	if p := f.pc + 1; p < uint64(len(f.code)) {
		z.SetUint64(uint64(f.code[p]))
	} else {
		z.Clear()
	}
	f.pc++
	return nil
}

func opPush(f *Frame) error {
	n := uint64(pushSize(OpCode(f.code[f.pc])))
	pushImmediate(f.push(), f.code, f.pc+1, n)
	f.pc += n
	return nil
}

// pushImmediate sets z to the n bytes of code at start, right-padded with
// zeros where the code ends early.
func pushImmediate(z *uint256.Int, code []byte, start, n uint64) {
	if end := start + n; end <= uint64(len(code)) {
		z.SetBytes(code[start:end])
		return
	}
	var buf [32]byte
	if start < uint64(len(code)) {
		copy(buf[:], code[start:])
	}
	z.SetBytes(buf[:n])
}

func opDup(f *Frame) error {
	n := uint(OpCode(f.code[f.pc])-DUP1) + 1
	v := *f.back(n - 1)
	*f.push() = v
	return nil
}

func opSwap(f *Frame) error {
	n := uint(OpCode(f.code[f.pc])-SWAP1) + 1
	top, other := f.peek(), f.back(n)
	*top, *other = *other, *top
	return nil
}

func opReturn(f *Frame) error {
	offset, size := f.pop(), f.pop()
	f.ret = f.mem.getCopy(offset.Uint64(), size.Uint64())
	return errStopToken
}

func opRevert(f *Frame) error {
	offset, size := f.pop(), f.pop()
	f.ret = f.mem.getCopy(offset.Uint64(), size.Uint64())
	return ErrExecutionReverted
}

func opLog(f *Frame) error {
	evm := f.evm
	if evm.readOnly {
		return ErrWriteProtection
	}
	n := int(OpCode(f.code[f.pc]) - LOG0)
	mStart, mSize := f.pop(), f.pop()
	var topics []ethtypes.Hash
	if n > 0 {
		topics = make([]ethtypes.Hash, n)
		for i := range topics {
			topics[i] = f.pop().Bytes32()
		}
	}
	data := f.mem.getCopy(mStart.Uint64(), mSize.Uint64())
	evm.StateDB.AddLog(f.address, topics, data)
	if t := evm.Config.Tracer; t != nil && t.OnLog != nil {
		t.OnLog(f.address, topics, data)
	}
	return nil
}
