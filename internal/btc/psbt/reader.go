package psbt

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Messages Core uses for generic stream failures.
const (
	msgEndOfData     = "SpanReader::read(): end of data"
	msgValueSize     = "Size of value was not the stated size"
	msgInvalidPubKey = "Invalid pubkey"
)

// reader walks a serialized PSBT. Slices it returns alias the input and are
// capped so that appending to them never writes into the input.
type reader struct {
	b   []byte
	off int
}

func (r *reader) empty() bool    { return r.off >= len(r.b) }
func (r *reader) remaining() int { return len(r.b) - r.off }

func (r *reader) compact() (uint64, error) {
	n, used, err := primitives.ReadCompactSize(r.b[r.off:])
	if err != nil {
		return 0, streamErr(err)
	}
	r.off += used
	return n, nil
}

func (r *reader) take(n uint64) ([]byte, error) {
	if n > uint64(r.remaining()) {
		r.off = len(r.b)
		return nil, decodeErr(msgEndOfData)
	}
	end := r.off + int(n)
	s := r.b[r.off:end:end]
	r.off = end
	return s, nil
}

// vec reads a compact-size-prefixed byte vector.
func (r *reader) vec() ([]byte, error) {
	n, err := r.compact()
	if err != nil {
		return nil, err
	}
	return r.take(n)
}

func (r *reader) u32() (uint32, error) {
	b, err := r.take(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

// sized runs read on the stream after a compact-size length and checks that
// it consumed exactly that many bytes (Core's UnserializeFromVector; the
// inner read is not bounded by the stated size, as in Core).
func (r *reader) sized(read func() error) error {
	n, err := r.compact()
	if err != nil {
		return err
	}
	before := r.remaining()
	if err := read(); err != nil {
		return err
	}
	if uint64(before-r.remaining()) != n {
		return decodeErr(msgValueSize)
	}
	return nil
}

// sizedU32 reads a 4-byte little-endian value in a sized vector.
func (r *reader) sizedU32() (uint32, error) {
	var v uint32
	err := r.sized(func() error {
		var err error
		v, err = r.u32()
		return err
	})
	return v, err
}

// streamErr maps an error of the primitives decoders to Core's message.
func streamErr(err error) error {
	var pe Error
	if errors.As(err, &pe) {
		return err
	}
	for _, s := range []error{
		primitives.ErrNonCanonicalCompactSize, primitives.ErrCompactSizeTooLarge,
		primitives.ErrUnknownOptionalData, primitives.ErrSuperfluousWitness,
	} {
		if errors.Is(err, s) {
			return decodeErr(s.Error())
		}
	}
	if errors.Is(err, primitives.ErrUnexpectedEOF) || errors.Is(err, primitives.ErrTooMany) {
		return decodeErr(msgEndOfData)
	}
	return decodeErr(fmt.Sprint(err))
}

// keyOrigin reads a fingerprint and path of length bytes (Core's
// DeserializeKeyOrigin).
func (r *reader) keyOrigin(length uint64) (KeyOrigin, error) {
	var ko KeyOrigin
	if length%4 != 0 || length == 0 {
		return ko, decodeErr("Invalid length for HD key path")
	}
	b, err := r.take(length)
	if err != nil {
		return ko, err
	}
	copy(ko.Fingerprint[:], b)
	if n := len(b)/4 - 1; n > 0 {
		ko.Path = make([]uint32, n)
		for i := range ko.Path {
			ko.Path[i] = binary.LittleEndian.Uint32(b[4+4*i:])
		}
	}
	return ko, nil
}

// hdKeyPath reads a compact-size-prefixed key origin.
func (r *reader) hdKeyPath() (KeyOrigin, error) {
	n, err := r.compact()
	if err != nil {
		return KeyOrigin{}, err
	}
	return r.keyOrigin(n)
}
