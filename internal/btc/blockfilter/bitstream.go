package blockfilter

import (
	"encoding/binary"
	"math/bits"
)

// bitWriter appends bits most significant first, as Core's BitStreamWriter.
type bitWriter struct {
	buf []byte
	acc uint64 // the low n bits are pending
	n   uint
}

// write appends the low nbits of v; nbits is at most 56.
func (w *bitWriter) write(v uint64, nbits uint) {
	w.acc = w.acc<<nbits | v&(1<<nbits-1)
	w.n += nbits
	for w.n >= 8 {
		w.n -= 8
		w.buf = append(w.buf, byte(w.acc>>w.n))
	}
}

// golombRice writes x as the unary quotient x>>p (ones, then a zero) and the
// p-bit remainder.
func (w *bitWriter) golombRice(x uint64, p uint8) {
	q := x >> p
	for q > 0 {
		k := min(q, 48)
		w.write(1<<k-1, uint(k))
		q -= k
	}
	w.write(0, 1)
	w.write(x, uint(p))
}

// flush pads the pending bits with zeros to a whole byte and returns the
// bytes written.
func (w *bitWriter) flush() []byte {
	if w.n > 0 {
		w.buf = append(w.buf, byte(w.acc<<(8-w.n)))
		w.n = 0
	}
	return w.buf
}

// bitReader reads bits most significant first. acc holds n valid bits at
// its top; the bits below them, if any, are the correct next bits of b's
// predecessor bytes or zero, so refills may OR over them.
type bitReader struct {
	b   []byte
	acc uint64
	n   uint
}

func (r *bitReader) refill() {
	if len(r.b) >= 8 {
		r.acc |= binary.BigEndian.Uint64(r.b) >> r.n
		k := (64 - r.n) >> 3
		r.b = r.b[k:]
		r.n += k << 3
		return
	}
	for r.n <= 56 && len(r.b) > 0 {
		r.acc |= uint64(r.b[0]) << (56 - r.n)
		r.b = r.b[1:]
		r.n += 8
	}
}

// unreadBytes returns the number of whole bytes not yet touched.
func (r *bitReader) unreadBytes() int { return len(r.b) + int(r.n>>3) }

// golombRice reads one Golomb-Rice coded value; ok is false when the data
// ends first. The arithmetic wraps as Core's does.
func (r *bitReader) golombRice(p uint8) (uint64, bool) {
	var q uint64
	for {
		if r.n == 0 {
			r.refill()
			if r.n == 0 {
				return 0, false
			}
		}
		ones := uint(bits.LeadingZeros64(^r.acc))
		if ones < r.n {
			q += uint64(ones)
			r.acc <<= ones + 1
			r.n -= ones + 1
			break
		}
		q += uint64(r.n)
		r.acc <<= r.n
		r.n = 0
	}
	pp := uint(p)
	if r.n < pp {
		r.refill()
		if r.n < pp {
			return 0, false
		}
	}
	var rem uint64
	if pp > 0 {
		rem = r.acc >> (64 - pp)
	}
	r.acc <<= pp
	r.n -= pp
	return q<<pp + rem, true
}
