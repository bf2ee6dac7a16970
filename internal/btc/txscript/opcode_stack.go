package txscript

// Stack-manipulation handlers. Depth checks come first and fail with
// ErrInvalidStackOperation, as in Core.

func opToAltStack(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	e.alt = append(e.alt, e.pop())
	return ErrOK
}

func opFromAltStack(e *engine, _ byte) ErrorCode {
	n := len(e.alt)
	if n < 1 {
		return ErrInvalidAltStackOperation
	}
	v := e.alt[n-1]
	e.alt[n-1] = nil
	e.alt = e.alt[:n-1]
	e.push(v)
	return ErrOK
}

func op2Drop(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	e.dropN(2)
	return ErrOK
}

func op2Dup(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	a, b := e.top(2), e.top(1)
	e.stack = append(e.stack, a, b)
	return ErrOK
}

func op3Dup(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 3 {
		return ErrInvalidStackOperation
	}
	a, b, c := e.top(3), e.top(2), e.top(1)
	e.stack = append(e.stack, a, b, c)
	return ErrOK
}

func op2Over(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 4 {
		return ErrInvalidStackOperation
	}
	a, b := e.top(4), e.top(3)
	e.stack = append(e.stack, a, b)
	return ErrOK
}

func op2Rot(e *engine, _ byte) ErrorCode {
	// (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
	n := len(e.stack)
	if n < 6 {
		return ErrInvalidStackOperation
	}
	s := e.stack[n-6:]
	x1, x2 := s[0], s[1]
	copy(s, s[2:])
	s[4], s[5] = x1, x2
	return ErrOK
}

func op2Swap(e *engine, _ byte) ErrorCode {
	n := len(e.stack)
	if n < 4 {
		return ErrInvalidStackOperation
	}
	s := e.stack
	s[n-4], s[n-2] = s[n-2], s[n-4]
	s[n-3], s[n-1] = s[n-1], s[n-3]
	return ErrOK
}

func opIfDup(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	if v := e.top(1); castToBool(v) {
		e.push(v)
	}
	return ErrOK
}

func opDepth(e *engine, _ byte) ErrorCode {
	e.pushNum(int64(len(e.stack)))
	return ErrOK
}

func opDrop(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	e.pop()
	return ErrOK
}

func opDup(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	e.push(e.top(1))
	return ErrOK
}

func opNip(e *engine, _ byte) ErrorCode {
	n := len(e.stack)
	if n < 2 {
		return ErrInvalidStackOperation
	}
	e.stack[n-2] = e.stack[n-1]
	e.stack[n-1] = nil
	e.stack = e.stack[:n-1]
	return ErrOK
}

func opOver(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	e.push(e.top(2))
	return ErrOK
}

func opPickRoll(e *engine, op byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	v, c := e.topNum(1)
	if c != ErrOK {
		return c
	}
	n := clampInt32(v)
	e.pop()
	if n < 0 || n >= len(e.stack) {
		return ErrInvalidStackOperation
	}
	idx := len(e.stack) - 1 - n
	x := e.stack[idx]
	if op == OP_ROLL {
		copy(e.stack[idx:], e.stack[idx+1:])
		e.stack[len(e.stack)-1] = x
		return ErrOK
	}
	e.push(x)
	return ErrOK
}

func opRot(e *engine, _ byte) ErrorCode {
	// (x1 x2 x3 -- x2 x3 x1)
	n := len(e.stack)
	if n < 3 {
		return ErrInvalidStackOperation
	}
	s := e.stack
	s[n-3], s[n-2], s[n-1] = s[n-2], s[n-1], s[n-3]
	return ErrOK
}

func opSwap(e *engine, _ byte) ErrorCode {
	n := len(e.stack)
	if n < 2 {
		return ErrInvalidStackOperation
	}
	e.stack[n-2], e.stack[n-1] = e.stack[n-1], e.stack[n-2]
	return ErrOK
}

func opTuck(e *engine, _ byte) ErrorCode {
	// (x1 x2 -- x2 x1 x2)
	n := len(e.stack)
	if n < 2 {
		return ErrInvalidStackOperation
	}
	x1, x2 := e.stack[n-2], e.stack[n-1]
	e.stack[n-2], e.stack[n-1] = x2, x1
	e.push(x2)
	return ErrOK
}

func opSize(e *engine, _ byte) ErrorCode {
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	e.pushNum(int64(len(e.top(1))))
	return ErrOK
}

func opEqual(e *engine, op byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	eq := string(e.top(2)) == string(e.top(1))
	e.dropN(2)
	if op == OP_EQUALVERIFY {
		if !eq {
			// Core pushes false before failing; the stack is discarded.
			return ErrEqualVerify
		}
		return ErrOK
	}
	e.pushBool(eq)
	return ErrOK
}
