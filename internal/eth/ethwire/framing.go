package ethwire

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/twinchain/twinchain/internal/crypto"
)

// FrameHeader is the 13-byte header before every payload.
type FrameHeader struct {
	Code     Code
	Length   uint32
	Checksum [4]byte
}

// Checksum returns the first four bytes of keccak256(payload).
//
// This function is safe for concurrent access.
func Checksum(payload []byte) (c [4]byte) {
	h := crypto.Keccak256(payload)
	copy(c[:], h[:4])
	return c
}

// DecodeFrameHeader decodes a frame header from the first FrameHeaderSize
// bytes of b. It fails with ErrBadMagic (or ErrMalformed when b is short);
// the length is checked by ReadFrame.
//
// This function is safe for concurrent access.
func DecodeFrameHeader(b []byte) (FrameHeader, error) {
	var h FrameHeader
	if len(b) < FrameHeaderSize {
		return h, &MessageError{Kind: ErrMalformed, Description: "short frame header"}
	}
	if [4]byte(b[0:4]) != Magic {
		return h, &MessageError{Kind: ErrBadMagic, Description: fmt.Sprintf("got %x", b[0:4])}
	}
	h.Code = Code(b[4])
	h.Length = binary.BigEndian.Uint32(b[5:9])
	copy(h.Checksum[:], b[9:13])
	return h, nil
}

// AppendFrame appends a frame holding payload with code to dst.
//
// This function is safe for concurrent access.
func AppendFrame(dst []byte, code Code, payload []byte) []byte {
	dst = appendFrameHeader(dst, code, payload)
	return append(dst, payload...)
}

func appendFrameHeader(dst []byte, code Code, payload []byte) []byte {
	sum := Checksum(payload)
	dst = append(dst, Magic[:]...)
	dst = append(dst, byte(code))
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(payload)))
	return append(dst, sum[:]...)
}

// AppendMessage appends msg framed: the header, then its RLP payload. The
// payload is encoded in place after room for the header, so nothing is
// copied.
//
// This function is safe for concurrent access.
func AppendMessage(dst []byte, msg Message) []byte {
	start := len(dst)
	dst = append(dst, make([]byte, FrameHeaderSize)...)
	dst = msg.AppendRLP(dst)
	payload := dst[start+FrameHeaderSize:]
	sum := Checksum(payload)
	copy(dst[start:], Magic[:])
	dst[start+4] = byte(msg.Code())
	binary.BigEndian.PutUint32(dst[start+5:], uint32(len(payload)))
	copy(dst[start+9:], sum[:])
	return dst
}

// ReadFrame reads one frame from r and returns its code, its payload and
// the number of bytes read. maxSize bounds the payload (0 means
// MaxMessageSize; larger values are clamped to it).
//
// A wrong magic (ErrBadMagic) or a length above maxSize (ErrOversized)
// leaves the stream out of step. ErrBadChecksum comes after the whole
// payload was read. I/O errors from r are returned as they are (io.EOF
// before any byte, io.ErrUnexpectedEOF inside a frame).
//
// The payload buffer grows as data arrives (readAhead bytes ahead at most,
// then doubling), so a header alone cannot make the reader allocate
// megabytes.
//
// This function is safe for concurrent access (to distinct readers).
func ReadFrame(r io.Reader, maxSize uint32) (Code, []byte, int, error) {
	var hb [FrameHeaderSize]byte
	n, err := io.ReadFull(r, hb[:])
	if err != nil {
		return 0, nil, n, err
	}
	h, err := DecodeFrameHeader(hb[:])
	if err != nil {
		return 0, nil, n, err
	}
	if maxSize == 0 || maxSize > MaxMessageSize {
		maxSize = MaxMessageSize
	}
	if h.Length > maxSize {
		return h.Code, nil, n, &MessageError{Kind: ErrOversized, Code: h.Code, HasCode: true,
			Description: fmt.Sprintf("payload of %d bytes exceeds %d", h.Length, maxSize)}
	}
	payload, m, err := readPayload(r, int(h.Length))
	n += m
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return h.Code, nil, n, err
	}
	if Checksum(payload) != h.Checksum {
		return h.Code, nil, n, &MessageError{Kind: ErrBadChecksum, Code: h.Code, HasCode: true}
	}
	return h.Code, payload, n, nil
}

// ReadMessage reads one frame from r with ReadFrame and decodes it with
// DecodeMessage. For ErrUnknownCode, ErrMalformed and ErrTooMany the frame
// was consumed and the stream is still in step.
//
// This function is safe for concurrent access (to distinct readers).
func ReadMessage(r io.Reader, maxSize uint32) (Message, int, error) {
	code, payload, n, err := ReadFrame(r, maxSize)
	if err != nil {
		return nil, n, err
	}
	msg, err := DecodeMessage(code, payload)
	return msg, n, err
}

// readAhead is how far the payload buffer may run ahead of the data
// received.
const readAhead = 256 << 10

// readPayload reads length bytes into a buffer that starts at readAhead and
// doubles as data arrives.
func readPayload(r io.Reader, length int) ([]byte, int, error) {
	buf := make([]byte, 0, min(length, readAhead))
	for len(buf) < length {
		if len(buf) == cap(buf) {
			nb := make([]byte, len(buf), min(length, max(2*cap(buf), len(buf)+readAhead)))
			copy(nb, buf)
			buf = nb
		}
		k, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return nil, len(buf), err
		}
	}
	return buf, len(buf), nil
}
