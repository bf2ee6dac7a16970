package wire

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// The version message of the Bitcoin wiki's protocol documentation: protocol
// 60002, "/Satoshi:0.7.2/", height 212672, no relay flag.
const wikiVersionHex = "f9beb4d976657273696f6e0000000000640000003b648d5a" +
	"62ea0000010000000000000011b2d05000000000010000000000000000000000000000000000ffff000000000000" +
	"010000000000000000000000000000000000ffff0000000000003b2eb35d8ce617650f2f5361746f7368693a302e372e322fc03e0300"

// A version and verack captured from a mainnet Core 0.14.2 node (protocol
// 70015, services NETWORK|BLOOM|WITNESS, peer 60.248.131.78, relay 1).
const capturedVersionVerackHex = "f9beb4d976657273696f6e000000000084000000afa25c0e" +
	"7f1101000d00000000000000c3c4655900000000000000000000000000000000000000000000ffff3cf8834ef922" +
	"0d00000000000000000000000000000000000000000000000000b6e6f476b18c9c72" +
	"2e2f5361746f7368693a302e31342e32286e6f2d737962696c2d7369676e616c2d646572706167652d6b746878292f" +
	"2341070001" +
	"f9beb4d976657261636b000000000000000000005df6e0e2"

func TestWikiVersionVector(t *testing.T) {
	raw := mustHex(t, wikiVersionHex)
	msg, n, err := ReadMessage(bytes.NewReader(raw), mainMagic)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(raw) {
		t.Fatalf("n = %d", n)
	}
	v := msg.(*MsgVersion)
	want := MsgVersion{ProtocolVersion: 60002, Services: NodeNetwork, Timestamp: 0x50d0b211,
		AddrRecv: NetAddr{Services: NodeNetwork, IP: IPv4Mapped([4]byte{})},
		AddrFrom: NetAddr{Services: NodeNetwork, IP: IPv4Mapped([4]byte{})},
		Nonce:    0x6517e68c5db32e3b, UserAgent: "/Satoshi:0.7.2/", StartHeight: 212672, Relay: true}
	if *v != want {
		t.Fatalf("got %+v\nwant %+v", *v, want)
	}
	// Re-encoding adds the relay byte Core always sends.
	if got := AppendMessage(nil, mainMagic, v); !bytes.Equal(got[HeaderSize:len(got)-1], raw[HeaderSize:]) || got[len(got)-1] != 1 {
		t.Fatalf("re-encoded %x", got)
	}
}

func TestCapturedVersionVerack(t *testing.T) {
	params := chaincfg.MainNet()
	raw := mustHex(t, capturedVersionVerackHex)
	r := bytes.NewReader(raw)
	msg, n1, err := ReadMessage(r, params.NetMagic)
	if err != nil {
		t.Fatal(err)
	}
	v := msg.(*MsgVersion)
	want := MsgVersion{ProtocolVersion: 70015, Services: NodeNetwork | NodeBloom | NodeWitness, Timestamp: 1499841731,
		AddrRecv: NetAddr{IP: IPv4Mapped([4]byte{60, 248, 131, 78}), Port: 0xf922},
		AddrFrom: NetAddr{Services: NodeNetwork | NodeBloom | NodeWitness},
		Nonce:    0x729c8cb176f4e6b6, UserAgent: "/Satoshi:0.14.2(no-sybil-signal-derpage-kthx)/",
		StartHeight: 475427, Relay: true}
	if *v != want {
		t.Fatalf("got %+v\nwant %+v", *v, want)
	}
	// Byte-exact re-encoding of a full version message.
	if got := AppendMessage(nil, params.NetMagic, v); !bytes.Equal(got, raw[:n1]) {
		t.Fatalf("re-encoded:\n%x\n%x", got, raw[:n1])
	}
	msg, n2, err := ReadMessage(r, params.NetMagic)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := msg.(*MsgVerAck); !ok || n1+n2 != len(raw) {
		t.Fatalf("second message %T, %d+%d of %d", msg, n1, n2, len(raw))
	}
	if _, _, err := ReadMessage(r, params.NetMagic); err != io.EOF {
		t.Fatalf("at end: %v", err)
	}
}

func TestVerackBytes(t *testing.T) {
	got := AppendMessage(nil, mainMagic, &MsgVerAck{})
	if want := mustHex(t, "f9beb4d976657261636b000000000000000000005df6e0e2"); !bytes.Equal(got, want) {
		t.Fatalf("%x", got)
	}
	var buf bytes.Buffer
	n, err := WriteMessage(&buf, mainMagic, &MsgVerAck{})
	if err != nil || n != HeaderSize || !bytes.Equal(buf.Bytes(), got) {
		t.Fatal("WriteMessage")
	}
}

// frame builds a message by hand: any command field, length and checksum.
func frame(magic [4]byte, cmd []byte, payload []byte, length int, sum []byte) []byte {
	b := append([]byte{}, magic[:]...)
	var field [CommandSize]byte
	copy(field[:], cmd)
	b = append(b, field[:]...)
	b = appendU32(b, uint32(length))
	if sum == nil {
		c := Checksum(payload)
		sum = c[:]
	}
	b = append(b, sum...)
	return append(b, payload...)
}

func TestFramingErrors(t *testing.T) {
	ping := (&MsgPing{Nonce: 7}).Encode(nil)
	good := AppendMessage(nil, mainMagic, &MsgPong{Nonce: 8})
	bigInv := (&MsgInv{List: make([]InvVect, MaxInvSize+1)}).Encode(nil)
	tests := []struct {
		name      string
		raw       []byte
		kind      ErrorKind
		ioErr     error
		inStep    bool // the following message can be read
		command   string
		readLimit uint32
	}{
		{name: "bad magic", raw: frame([4]byte{0x0b, 0x11, 0x09, 0x07}, []byte("ping"), ping, 8, nil), kind: ErrBadMagic},
		{name: "oversized", raw: frame(mainMagic, []byte("block"), nil, MaxProtocolMessageLength+1, nil), kind: ErrOversized, command: "block"},
		{name: "at limit accepted, truncated", raw: frame(mainMagic, []byte("block"), nil, MaxProtocolMessageLength, nil), ioErr: io.ErrUnexpectedEOF},
		{name: "custom limit", raw: frame(mainMagic, []byte("ping"), ping, 8, nil), kind: ErrOversized, command: "ping", readLimit: 7},
		{name: "bad checksum", raw: frame(mainMagic, []byte("ping"), ping, 8, []byte{1, 2, 3, 4}), kind: ErrBadChecksum, inStep: true, command: "ping"},
		{name: "unknown command", raw: frame(mainMagic, []byte("filterload"), []byte{1, 2}, 2, nil), kind: ErrUnknownCommand, inStep: true, command: "filterload"},
		{name: "reject not known", raw: frame(mainMagic, []byte("reject"), nil, 0, nil), kind: ErrUnknownCommand, inStep: true, command: "reject"},
		{name: "empty command", raw: frame(mainMagic, nil, nil, 0, nil), kind: ErrUnknownCommand, inStep: true},
		{name: "NUL inside command", raw: frame(mainMagic, []byte("pi\x00ng"), ping, 8, nil), kind: ErrBadCommand, inStep: true},
		{name: "non-printable command", raw: frame(mainMagic, []byte("ping\x01"), ping, 8, nil), kind: ErrBadCommand, inStep: true},
		{name: "DEL in command", raw: frame(mainMagic, []byte("ping\x7f"), ping, 8, nil), kind: ErrBadCommand, inStep: true},
		{name: "malformed payload", raw: frame(mainMagic, []byte("ping"), ping[:7], 7, nil), kind: ErrMalformed, inStep: true, command: "ping"},
		{name: "too many", raw: frame(mainMagic, []byte("inv"), bigInv, len(bigInv), nil), kind: ErrTooMany, inStep: true, command: "inv"},
		{name: "truncated header", raw: good[:10], ioErr: io.ErrUnexpectedEOF},
		{name: "truncated payload", raw: good[:HeaderSize+3], ioErr: io.ErrUnexpectedEOF},
		{name: "header only", raw: good[:HeaderSize], ioErr: io.ErrUnexpectedEOF},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			limit := tc.readLimit
			if limit == 0 {
				limit = MaxProtocolMessageLength
			}
			r := bytes.NewReader(append(append([]byte{}, tc.raw...), good...))
			if tc.ioErr != nil {
				r = bytes.NewReader(tc.raw)
			}
			_, _, err := ReadMessageLimit(r, mainMagic, limit)
			if tc.ioErr != nil {
				if !errors.Is(err, tc.ioErr) {
					t.Fatalf("error %v, want %v", err, tc.ioErr)
				}
				return
			}
			wantKind(t, err, tc.kind)
			var me *MessageError
			if !errors.As(err, &me) || me.Command != tc.command {
				t.Fatalf("command in error %+v, want %q", me, tc.command)
			}
			if tc.inStep {
				msg, _, err := ReadMessage(r, mainMagic)
				if err != nil || msg.(*MsgPong).Nonce != 8 {
					t.Fatalf("next message: %v", err)
				}
			}
		})
	}
}

func TestValidCommand(t *testing.T) {
	tests := []struct {
		field string
		ok    bool
	}{
		{"version\x00\x00\x00\x00\x00", true},
		{"sendaddrv2\x00\x00", true},
		{"getcfcheckpt", true},
		{"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", true},
		{" ~~~~~~~~~~~", true},
		{"ver\x00ion\x00\x00\x00\x00\x00", false},
		{"version\x00\x00\x00\x00x", false},
		{"versi\x1fn\x00\x00\x00\x00\x00", false},
		{"version\x80\x00\x00\x00\x00", false},
		{"short", false},
	}
	for _, tc := range tests {
		if got := ValidCommand([]byte(tc.field)); got != tc.ok {
			t.Errorf("%q: %v", tc.field, got)
		}
	}
}

// TestReadGrowsWithData checks that a header announcing 4 MB makes the
// reader allocate in step with the bytes that actually arrive.
func TestReadGrowsWithData(t *testing.T) {
	raw := frame(mainMagic, []byte("block"), make([]byte, 100), MaxProtocolMessageLength, nil)
	ms := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _, _ = ReadMessage(bytes.NewReader(raw), mainMagic)
		}
	})
	if per := ms.AllocedBytesPerOp(); per > 2*readAhead {
		t.Fatalf("allocated %d bytes for a 100-byte truncated payload", per)
	}
}

func TestChecksum(t *testing.T) {
	// SHA256d of the empty string starts 5df6e0e2, the checksum of every
	// empty payload.
	if c := Checksum(nil); c != [4]byte{0x5d, 0xf6, 0xe0, 0xe2} {
		t.Fatalf("%x", c)
	}
}
