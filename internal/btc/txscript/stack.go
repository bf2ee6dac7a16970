package txscript

// The interpreter's stacks are plain [][]byte slices owned by the engine.
// Elements are immutable: a push aliases the script, the witness, a
// constant, or a fresh slice from the engine's arena, and no opcode writes
// into an element in place. Duplicating an element therefore copies only
// the slice header.

// push appends v to the main stack.
func (e *engine) push(v []byte) { e.stack = append(e.stack, v) }

// pop removes and returns the top element. The caller has checked depth.
func (e *engine) pop() []byte {
	n := len(e.stack) - 1
	v := e.stack[n]
	e.stack[n] = nil
	e.stack = e.stack[:n]
	return v
}

// top returns the element i positions from the top (top(1) is the top).
// The caller has checked depth.
func (e *engine) top(i int) []byte { return e.stack[len(e.stack)-i] }

// dropN removes n elements. The caller has checked depth.
func (e *engine) dropN(n int) {
	l := len(e.stack)
	clear(e.stack[l-n:])
	e.stack = e.stack[:l-n]
}

// pushBool pushes Core's true (0x01) or false (empty).
func (e *engine) pushBool(b bool) {
	if b {
		e.push(vchTrue)
	} else {
		e.push(vchFalse)
	}
}

// pushNum pushes the script-number encoding of v, without allocating for
// -1..16.
func (e *engine) pushNum(v int64) {
	if v >= -1 && v <= 16 {
		e.push(smallNums[v+1])
		return
	}
	var buf [9]byte
	enc := appendScriptNum(buf[:0], v)
	out := e.alloc(len(enc))
	copy(out, enc)
	e.push(out)
}

// arenaChunk is the size of a fresh arena chunk.
const arenaChunk = 4096

// alloc returns n fresh bytes from the arena for a new stack element. The
// result has capacity n, so appending to it cannot overwrite a neighbour.
// Chunks are never reused while the verification that filled them runs.
func (e *engine) alloc(n int) []byte {
	if n > arenaChunk/4 {
		return make([]byte, n)
	}
	if cap(e.arena)-len(e.arena) < n {
		e.arena = make([]byte, 0, arenaChunk)
	}
	s := len(e.arena)
	e.arena = e.arena[:s+n]
	return e.arena[s : s+n : s+n]
}
