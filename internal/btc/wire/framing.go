package wire

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// Message is one P2P message payload.
type Message interface {
	// Command returns the message's command ("version", "inv", ...).
	Command() string
	// Encode appends the payload's serialization to b and returns it.
	Encode(b []byte) []byte
	// Decode replaces the message with the payload p. Decoded values may
	// alias p, which must not be modified afterwards. Errors match
	// ErrMalformed or ErrTooMany.
	Decode(p []byte) error
}

// MessageHeader is the 24-byte header before every payload.
type MessageHeader struct {
	Magic    [4]byte
	Command  string
	Length   uint32
	Checksum [4]byte
}

// ValidCommand reports whether a 12-byte command field is acceptable, as
// Core's CMessageHeader::IsMessageTypeValid: printable ASCII (0x20-0x7e)
// followed only by NUL bytes. An all-NUL field is valid (the empty command).
func ValidCommand(field []byte) bool {
	if len(field) != CommandSize {
		return false
	}
	i := 0
	for ; i < CommandSize && field[i] != 0; i++ {
		if field[i] < 0x20 || field[i] > 0x7e {
			return false
		}
	}
	for ; i < CommandSize; i++ {
		if field[i] != 0 {
			return false
		}
	}
	return true
}

// DecodeMessageHeader decodes a 24-byte message header. It checks the
// command field (ErrBadCommand) but neither magic nor length; ReadMessage
// does.
//
// This function is safe for concurrent access.
func DecodeMessageHeader(b []byte) (MessageHeader, error) {
	var h MessageHeader
	if len(b) < HeaderSize {
		return h, &MessageError{Kind: ErrMalformed, Description: "short message header"}
	}
	copy(h.Magic[:], b[0:4])
	field := b[4:16]
	h.Length = binary.LittleEndian.Uint32(b[16:20])
	copy(h.Checksum[:], b[20:24])
	if !ValidCommand(field) {
		return h, &MessageError{Kind: ErrBadCommand, Description: fmt.Sprintf("command field %q", field)}
	}
	if i := bytes.IndexByte(field, 0); i >= 0 {
		field = field[:i]
	}
	h.Command = string(field)
	return h, nil
}

// Checksum returns the first four bytes of SHA256d(payload).
func Checksum(payload []byte) (c [4]byte) {
	h := chainhash.DoubleSHA256(payload)
	copy(c[:], h[:4])
	return c
}

// AppendMessage appends msg framed for the network with magic: header and
// payload. It panics if the command is longer than 12 bytes, which is a
// programming error (every command of this package fits).
//
// This function is safe for concurrent access.
func AppendMessage(dst []byte, magic [4]byte, msg Message) []byte {
	cmd := msg.Command()
	if len(cmd) > CommandSize {
		panic("wire: command too long: " + cmd)
	}
	start := len(dst)
	dst = append(dst, magic[:]...)
	dst = append(dst, cmd...)
	for i := len(cmd); i < CommandSize; i++ {
		dst = append(dst, 0)
	}
	dst = append(dst, 0, 0, 0, 0, 0, 0, 0, 0) // length, checksum
	dst = msg.Encode(dst)
	payload := dst[start+HeaderSize:]
	binary.LittleEndian.PutUint32(dst[start+16:], uint32(len(payload)))
	sum := Checksum(payload)
	copy(dst[start+20:], sum[:])
	return dst
}

// WriteMessage writes msg framed for the network with magic to w in one
// Write call and returns the number of bytes written.
//
// This function is safe for concurrent access (to distinct writers).
func WriteMessage(w io.Writer, magic [4]byte, msg Message) (int, error) {
	return w.Write(AppendMessage(nil, magic, msg))
}

// ReadMessage reads one message from r with the default payload limit,
// MaxProtocolMessageLength. See ReadMessageLimit.
func ReadMessage(r io.Reader, magic [4]byte) (Message, int, error) {
	return ReadMessageLimit(r, magic, MaxProtocolMessageLength)
}

// ReadMessageLimit reads one message from r: the header, then the payload,
// then decodes it. It returns the message and the number of bytes read.
//
// The header is checked in Core's order. A wrong magic (ErrBadMagic) or a
// length above maxPayload (ErrOversized; maxPayload is clamped to
// MaxMessagePayload) leaves the stream unusable. For every other error the
// whole payload has been consumed, so the caller may drop the message and
// keep reading: ErrBadChecksum, ErrBadCommand, ErrUnknownCommand (Core
// ignores unknown messages; the command is in the MessageError), and the
// decoding errors ErrMalformed and ErrTooMany. I/O errors from r are returned
// as they are (io.EOF before any byte, io.ErrUnexpectedEOF inside a message).
//
// The payload buffer grows as data arrives (256 KiB ahead at most, then
// doubling), so a header alone cannot make the reader allocate megabytes. The
// returned message aliases the freshly allocated payload.
//
// This function is safe for concurrent access (to distinct readers).
func ReadMessageLimit(r io.Reader, magic [4]byte, maxPayload uint32) (Message, int, error) {
	var hb [HeaderSize]byte
	n, err := io.ReadFull(r, hb[:])
	if err != nil {
		return nil, n, err
	}
	if [4]byte(hb[0:4]) != magic {
		return nil, n, &MessageError{Kind: ErrBadMagic, Description: fmt.Sprintf("got %x, want %x", hb[0:4], magic)}
	}
	hdr, herr := DecodeMessageHeader(hb[:])
	if maxPayload > MaxMessagePayload {
		maxPayload = MaxMessagePayload
	}
	if hdr.Length > maxPayload {
		return nil, n, &MessageError{Kind: ErrOversized, Command: hdr.Command,
			Description: fmt.Sprintf("payload of %d bytes exceeds %d", hdr.Length, maxPayload)}
	}
	payload, m, err := readPayload(r, int(hdr.Length))
	n += m
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, n, err
	}
	// Core checks the checksum first, then the command; both only drop the
	// message.
	if Checksum(payload) != hdr.Checksum {
		return nil, n, &MessageError{Kind: ErrBadChecksum, Command: hdr.Command}
	}
	if herr != nil {
		return nil, n, herr
	}
	msg, ok := NewMessage(hdr.Command)
	if !ok {
		return nil, n, &MessageError{Kind: ErrUnknownCommand, Command: hdr.Command}
	}
	if err := msg.Decode(payload); err != nil {
		return nil, n, err
	}
	return msg, n, nil
}

// readAhead is how far the payload buffer may run ahead of the data
// received, as Core's V1Transport allocates at most 256 KiB ahead.
const readAhead = 256 << 10

// readPayload reads length bytes into a buffer that starts at readAhead and
// doubles as data arrives, so memory stays within twice what the peer sent
// plus readAhead.
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
