package evm

// The interpreter has two loops over the same instruction table.
//
// The fast loop (runFast) works block by block (see analysis.go): it
// charges a basic block's constant gas and checks its stack bounds on
// entry, keeps the stack pointer, pc and gas in locals, runs the most
// common instructions inline and the others through the table. When an
// instruction's dynamic cost is not covered by the gas left after the
// block's advance charge, it adds back what was charged in advance for the
// rest of the block and finishes the frame in the exact loop, so that every
// error is the one an instruction-by-instruction interpreter reports.
//
// The exact loop (runExact) checks and charges every instruction on its
// own, as the yellow paper describes, and calls the tracer's OnOpcode,
// OnFault and OnGasChange hooks.

// haltFast turns the error that ended a frame into its result.
func haltFast(f *Frame, err error) ([]byte, error) {
	switch err {
	case errStopToken:
		return f.ret, nil
	case ErrExecutionReverted:
		return f.ret, err
	}
	return nil, err
}

// execFast runs op, whose constant gas and stack bounds the fast loop has
// checked, through the table: memory size, dynamic gas, memory growth and
// the implementation.
func (evm *EVM) execFast(f *Frame, op OpCode) error {
	o := &evm.table.ops[op]
	if o.dynamicGas != nil {
		var memSize uint64
		if o.memorySize != nil {
			size, overflow := o.memorySize(f)
			if overflow {
				return ErrGasUintOverflow
			}
			w := toWordSize(size)
			if w > maxMemoryWords {
				return ErrGasUintOverflow
			}
			memSize = w * 32
		}
		cost, err := o.dynamicGas(f, memSize)
		if err != nil {
			return &GasError{Cause: err}
		}
		if cost > f.gas {
			rest := f.an.restGas(f.code, evm.table, f.pc)
			if cost-f.gas > rest {
				return ErrOutOfGas
			}
			// An instruction-by-instruction run would have had the gas:
			// undo the advance charge and finish in the exact loop.
			f.gas += rest
			f.exact = true
		}
		f.gas -= cost
		if memSize > 0 {
			f.mem.resize(memSize)
		}
	}
	return o.execute(f)
}

// maxMemoryWords is the largest word count whose byte size fits 64 bits.
const maxMemoryWords = ^uint64(0) / 32

// memFits returns the offset in x when [x, x+size) lies inside memory of
// length n.
func memFits(x *[4]uint64, size, n uint64) (uint64, bool) {
	o := x[0]
	return o, x[1]|x[2]|x[3] == 0 && o <= n && n-o >= size
}

// runFast executes f's code from the start. See the comment at the top of
// the file.
func (evm *EVM) runFast(f *Frame) ([]byte, error) {
	var (
		code    = f.code
		codeLen = uint64(len(code))
		an      = f.an
		blocks  = an.blocks
		st      = &f.stack
		sp      = f.sp
		gas     = f.gas
		pc      = f.pc
		bi      uint
	)
outer:
	for {
		if bi >= uint(len(blocks)) {
			f.gas = gas
			return nil, nil
		}
		b := &blocks[bi]
		if gas < b.gas || sp < uint(b.stackMin) || sp > uint(b.stackMax) {
			// Let the exact loop find which instruction fails, and how.
			f.pc, f.sp, f.gas = pc, sp, gas
			f.exact = true
			return evm.runExact(f)
		}
		gas -= b.gas
		end := uint64(b.end)
		for pc < end {
			op := OpCode(code[pc])
			switch op {
			case STOP:
				f.gas = gas
				return nil, nil
			case ADD:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Add(&st[sp&stackMask], y)
				pc++
				continue
			case MUL:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Mul(&st[sp&stackMask], y)
				pc++
				continue
			case SUB:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Sub(&st[sp&stackMask], y)
				pc++
				continue
			case DIV:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Div(&st[sp&stackMask], y)
				pc++
				continue
			case SDIV:
				sp--
				y := &st[(sp-1)&stackMask]
				y.SDiv(&st[sp&stackMask], y)
				pc++
				continue
			case MOD:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Mod(&st[sp&stackMask], y)
				pc++
				continue
			case SMOD:
				sp--
				y := &st[(sp-1)&stackMask]
				y.SMod(&st[sp&stackMask], y)
				pc++
				continue
			case ADDMOD:
				sp -= 2
				z := &st[(sp-1)&stackMask]
				z.AddMod(&st[(sp+1)&stackMask], &st[sp&stackMask], z)
				pc++
				continue
			case MULMOD:
				sp -= 2
				z := &st[(sp-1)&stackMask]
				z.MulMod(&st[(sp+1)&stackMask], &st[sp&stackMask], z)
				pc++
				continue
			case SIGNEXTEND:
				sp--
				y := &st[(sp-1)&stackMask]
				y.ExtendSign(y, &st[sp&stackMask])
				pc++
				continue
			case LT:
				sp--
				y := &st[(sp-1)&stackMask]
				setBool(y, st[sp&stackMask].Lt(y))
				pc++
				continue
			case GT:
				sp--
				y := &st[(sp-1)&stackMask]
				setBool(y, st[sp&stackMask].Gt(y))
				pc++
				continue
			case SLT:
				sp--
				y := &st[(sp-1)&stackMask]
				setBool(y, st[sp&stackMask].Slt(y))
				pc++
				continue
			case SGT:
				sp--
				y := &st[(sp-1)&stackMask]
				setBool(y, st[sp&stackMask].Sgt(y))
				pc++
				continue
			case EQ:
				sp--
				y := &st[(sp-1)&stackMask]
				setBool(y, st[sp&stackMask].Eq(y))
				pc++
				continue
			case ISZERO:
				y := &st[(sp-1)&stackMask]
				setBool(y, y.IsZero())
				pc++
				continue
			case AND:
				sp--
				y := &st[(sp-1)&stackMask]
				y.And(&st[sp&stackMask], y)
				pc++
				continue
			case OR:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Or(&st[sp&stackMask], y)
				pc++
				continue
			case XOR:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Xor(&st[sp&stackMask], y)
				pc++
				continue
			case NOT:
				y := &st[(sp-1)&stackMask]
				y.Not(y)
				pc++
				continue
			case BYTE:
				sp--
				y := &st[(sp-1)&stackMask]
				y.Byte(&st[sp&stackMask])
				pc++
				continue
			case SHL:
				sp--
				shl(&st[sp&stackMask], &st[(sp-1)&stackMask])
				pc++
				continue
			case SHR:
				sp--
				shr(&st[sp&stackMask], &st[(sp-1)&stackMask])
				pc++
				continue
			case SAR:
				sp--
				sar(&st[sp&stackMask], &st[(sp-1)&stackMask])
				pc++
				continue
			case ADDRESS:
				st[sp&stackMask].SetBytes20(f.address[:])
				sp++
				pc++
				continue
			case CALLER:
				st[sp&stackMask].SetBytes20(f.caller[:])
				sp++
				pc++
				continue
			case CALLVALUE:
				st[sp&stackMask] = f.value
				sp++
				pc++
				continue
			case CALLDATALOAD:
				callDataLoad(&st[(sp-1)&stackMask], f.input)
				pc++
				continue
			case CALLDATASIZE:
				st[sp&stackMask].SetUint64(uint64(len(f.input)))
				sp++
				pc++
				continue
			case POP:
				sp--
				pc++
				continue
			case MLOAD:
				x := &st[(sp-1)&stackMask]
				if o, ok := memFits((*[4]uint64)(x), 32, uint64(len(f.mem.store))); ok {
					x.SetBytes32(f.mem.store[o : o+32])
					pc++
					continue
				}
			case MSTORE:
				if o, ok := memFits((*[4]uint64)(&st[(sp-1)&stackMask]), 32, uint64(len(f.mem.store))); ok {
					st[(sp-2)&stackMask].PutUint256(f.mem.store[o : o+32])
					sp -= 2
					pc++
					continue
				}
			case MSTORE8:
				if o, ok := memFits((*[4]uint64)(&st[(sp-1)&stackMask]), 1, uint64(len(f.mem.store))); ok {
					f.mem.store[o] = byte(st[(sp-2)&stackMask][0])
					sp -= 2
					pc++
					continue
				}
			case JUMP:
				sp--
				d, ok := f.validJump(&st[sp&stackMask])
				if !ok {
					f.gas = gas
					return nil, ErrInvalidJump
				}
				if evm.abort.Load() {
					f.gas = gas
					return nil, nil
				}
				pc = d
				bi = an.blockIndex(d)
				continue outer
			case JUMPI:
				sp -= 2
				if st[sp&stackMask].IsZero() {
					pc++
					continue
				}
				d, ok := f.validJump(&st[(sp+1)&stackMask])
				if !ok {
					f.gas = gas
					return nil, ErrInvalidJump
				}
				if evm.abort.Load() {
					f.gas = gas
					return nil, nil
				}
				pc = d
				bi = an.blockIndex(d)
				continue outer
			case JUMPDEST:
				// Runs of JUMPDESTs are one block (see analyse): skip them.
				for pc++; pc < end && code[pc] == byte(JUMPDEST); pc++ {
				}
				continue
			case PC:
				st[sp&stackMask].SetUint64(pc)
				sp++
				pc++
				continue
			case MSIZE:
				st[sp&stackMask].SetUint64(uint64(len(f.mem.store)))
				sp++
				pc++
				continue
			case GAS:
				st[sp&stackMask].SetUint64(gas)
				sp++
				pc++
				continue
			case PUSH0:
				st[sp&stackMask].Clear()
				sp++
				pc++
				continue
			case PUSH1:
				z := &st[sp&stackMask]
				if pc+1 < codeLen {
					z.SetUint64(uint64(code[pc+1]))
				} else {
					z.Clear()
				}
				sp++
				pc += 2
				continue
			case PUSH2:
				if pc+3 <= codeLen {
					st[sp&stackMask].SetBytes2(code[pc+1 : pc+3])
				} else {
					pushImmediate(&st[sp&stackMask], code, pc+1, 2)
				}
				sp++
				pc += 3
				continue
			case PUSH4:
				if pc+5 <= codeLen {
					st[sp&stackMask].SetBytes4(code[pc+1 : pc+5])
				} else {
					pushImmediate(&st[sp&stackMask], code, pc+1, 4)
				}
				sp++
				pc += 5
				continue
			case PUSH20:
				if pc+21 <= codeLen {
					st[sp&stackMask].SetBytes20(code[pc+1 : pc+21])
				} else {
					pushImmediate(&st[sp&stackMask], code, pc+1, 20)
				}
				sp++
				pc += 21
				continue
			case PUSH32:
				if pc+33 <= codeLen {
					st[sp&stackMask].SetBytes32(code[pc+1 : pc+33])
				} else {
					pushImmediate(&st[sp&stackMask], code, pc+1, 32)
				}
				sp++
				pc += 33
				continue
			case PUSH3, PUSH5, PUSH6, PUSH7, PUSH8, PUSH9, PUSH10, PUSH11, PUSH12, PUSH13, PUSH14,
				PUSH15, PUSH16, PUSH17, PUSH18, PUSH19, PUSH21, PUSH22, PUSH23, PUSH24, PUSH25, PUSH26,
				PUSH27, PUSH28, PUSH29, PUSH30, PUSH31:
				n := uint64(op-PUSH1) + 1
				pushImmediate(&st[sp&stackMask], code, pc+1, n)
				sp++
				pc += n + 1
				continue
			case DUP1, DUP2, DUP3, DUP4, DUP5, DUP6, DUP7, DUP8, DUP9, DUP10, DUP11, DUP12, DUP13,
				DUP14, DUP15, DUP16:
				n := uint(op-DUP1) + 1
				st[sp&stackMask] = st[(sp-n)&stackMask]
				sp++
				pc++
				continue
			case SWAP1, SWAP2, SWAP3, SWAP4, SWAP5, SWAP6, SWAP7, SWAP8, SWAP9, SWAP10, SWAP11,
				SWAP12, SWAP13, SWAP14, SWAP15, SWAP16:
				n := uint(op-SWAP1) + 1
				a, c := &st[(sp-1)&stackMask], &st[(sp-1-n)&stackMask]
				*a, *c = *c, *a
				pc++
				continue
			}
			// Everything else, and the inline cases that need more memory.
			f.pc, f.sp, f.gas = pc, sp, gas
			if err := evm.execFast(f, op); err != nil {
				return haltFast(f, err)
			}
			pc, sp, gas = f.pc+1, f.sp, f.gas
			if f.exact {
				f.pc = pc
				return evm.runExact(f)
			}
		}
		if b.invalid {
			f.gas = gas
			return nil, &InvalidOpCodeError{Op: OpCode(code[pc])}
		}
		bi = uint(b.next)
	}
}

// runExact executes f's code from f.pc, one instruction at a time, with
// tracing.
func (evm *EVM) runExact(f *Frame) ([]byte, error) {
	var (
		code    = f.code
		table   = &evm.table.ops
		onOp    func(uint64, OpCode, uint64, uint64, *Frame, []byte, int, error)
		onFault func(uint64, OpCode, uint64, uint64, *Frame, int, error)
		onGas   func(uint64, uint64, GasChangeReason)
	)
	if t := evm.Config.Tracer; t != nil {
		onOp, onFault, onGas = t.OnOpcode, t.OnFault, t.OnGasChange
	}
	for {
		pc := f.pc
		op := STOP
		if pc < uint64(len(code)) {
			op = OpCode(code[pc])
		}
		o := &table[op]
		gasBefore := f.gas
		cost := o.constantGas
		var (
			err     error
			memSize uint64
		)
		switch {
		case f.sp < o.minStack:
			err = &StackError{Kind: ErrStackUnderflow, StackLen: int(f.sp), Bound: int(o.minStack)}
		case f.sp > o.maxStack:
			err = &StackError{Kind: ErrStackOverflow, StackLen: int(f.sp), Bound: int(o.maxStack)}
		case f.gas < cost:
			err = ErrOutOfGas
		default:
			f.gas -= cost
			if o.dynamicGas != nil {
				err = evm.dynamicGasExact(f, o, &cost, &memSize)
			}
		}
		if err == nil && onGas != nil && cost != 0 {
			onGas(gasBefore, f.gas, GasChangeCallOpCode)
		}
		if onOp != nil {
			onOp(pc, op, gasBefore, cost, f, f.returnData, evm.depth, err)
		}
		if err != nil {
			return nil, err
		}
		if memSize > 0 {
			f.mem.resize(memSize)
		}
		if err = o.execute(f); err != nil {
			if err == errStopToken {
				return f.ret, nil
			}
			if onFault != nil {
				onFault(pc, op, gasBefore, cost, f, evm.depth, err)
			}
			if err == ErrExecutionReverted {
				return f.ret, err
			}
			return nil, err
		}
		f.pc++
	}
}

// dynamicGasExact computes the memory size and charges the dynamic gas of
// an instruction, adding it to *cost for the tracer.
func (evm *EVM) dynamicGasExact(f *Frame, o *operation, cost *uint64, memSize *uint64) error {
	if o.memorySize != nil {
		size, overflow := o.memorySize(f)
		if overflow {
			return ErrGasUintOverflow
		}
		w := toWordSize(size)
		if w > maxMemoryWords {
			return ErrGasUintOverflow
		}
		*memSize = w * 32
	}
	dyn, err := o.dynamicGas(f, *memSize)
	*cost += dyn
	if err != nil {
		return &GasError{Cause: err}
	}
	if f.gas < dyn {
		return ErrOutOfGas
	}
	f.gas -= dyn
	return nil
}
