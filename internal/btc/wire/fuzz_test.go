package wire

import (
	"bytes"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// canonical lists the commands whose decoding is one-to-one: a decoded
// payload re-encodes to the same bytes. The others (version: optional and
// ignored trailing fields; headers: ignored tx counts; sendcmpct: bool byte)
// re-encode canonically, which must then be stable.
var notCanonical = map[string]bool{CmdVersion: true, CmdHeaders: true, CmdSendCmpct: true}

// checkRoundTrip re-encodes a decoded message and checks it decodes to the
// same encoding (and, for canonical commands, to the original payload).
func checkRoundTrip(t *testing.T, m Message, payload []byte) {
	enc := m.Encode(nil)
	if !notCanonical[m.Command()] && !bytes.Equal(enc, payload) {
		t.Fatalf("%s: round trip\n%x\n%x", m.Command(), payload, enc)
	}
	m2, _ := NewMessage(m.Command())
	if err := m2.Decode(enc); err != nil {
		t.Fatalf("%s: re-decode: %v", m.Command(), err)
	}
	if enc2 := m2.Encode(nil); !bytes.Equal(enc, enc2) {
		t.Fatalf("%s: unstable encoding", m.Command())
	}
}

func FuzzReadMessage(f *testing.F) {
	for _, m := range sampleMessages(f) {
		f.Add(AppendMessage(nil, mainMagic, m))
	}
	f.Add(mustHex(f, wikiVersionHex))
	f.Add(mustHex(f, capturedVersionVerackHex))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := bytes.NewReader(b)
		for range 4 {
			m, n, err := ReadMessage(r, mainMagic)
			if n > len(b) {
				t.Fatalf("read %d of %d bytes", n, len(b))
			}
			if err != nil {
				var me *MessageError
				if !errors.As(err, &me) || errors.Is(err, ErrBadMagic) || errors.Is(err, ErrOversized) {
					return // I/O error or a stream out of step
				}
				continue // message dropped, stream in step
			}
			checkRoundTrip(t, m, b[len(b)-r.Len()-n+HeaderSize:len(b)-r.Len()])
		}
	})
}

func FuzzCmpctBlock(f *testing.F) {
	for _, m := range sampleMessages(f) {
		if m.Command() == CmdCmpctBlock {
			f.Add(m.Encode(nil))
		}
	}
	f.Add(NewCmpctBlock(genesis(f), 1).Encode(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m MsgCmpctBlock
		if err := m.Decode(b); err != nil {
			return
		}
		checkRoundTrip(t, &m, b)
		// Reconstruction must not panic either, whatever the indexes.
		pb, err := NewPartialBlock(&m, fakePool{segwitTx(t)}, nil)
		if err != nil {
			return
		}
		missing := pb.MissingIndexes()
		fill := make([]*primitives.Tx, len(missing))
		for i := range fill {
			fill[i] = segwitTx(t)
		}
		_, _ = pb.FillBlock(fill, true)
	})
}

func FuzzAddrV2(f *testing.F) {
	for _, m := range sampleMessages(f) {
		if m.Command() == CmdAddrV2 {
			f.Add(m.Encode(nil))
		}
	}
	f.Add(mustHex(f, "01 5f5e1000 09 04 20 79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f 208d"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m MsgAddrV2
		if err := m.Decode(b); err != nil {
			return
		}
		checkRoundTrip(t, &m, b)
		for _, a := range m.Addrs {
			if n, ok := a.Net.AddrLen(); ok && len(a.Addr) != n {
				t.Fatalf("network %d with %d bytes", a.Net, len(a.Addr))
			}
		}
	})
}

func FuzzVersion(f *testing.F) {
	f.Add(mustHex(f, wikiVersionHex)[HeaderSize:])
	f.Add(mustHex(f, capturedVersionVerackHex)[HeaderSize : HeaderSize+132])
	f.Fuzz(func(t *testing.T, b []byte) {
		var m MsgVersion
		if err := m.Decode(b); err != nil {
			return
		}
		if len(m.UserAgent) > MaxSubversionLength {
			t.Fatal("user agent too long")
		}
		checkRoundTrip(t, &m, b)
	})
}
