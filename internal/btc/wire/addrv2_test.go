package wire

import (
	"bytes"
	"crypto/sha3"
	"encoding/base32"
	"strings"
	"testing"
)

// onionV3 returns the Tor v3 address of a 32-byte public key (rend-spec-v3:
// base32(pubkey || checksum || version), checksum = SHA3-256(".onion
// checksum" || pubkey || version)[:2]), the text form BIP155 refers to.
func onionV3(pub []byte) string {
	h := sha3.New256()
	h.Write([]byte(".onion checksum"))
	h.Write(pub)
	h.Write([]byte{3})
	sum := h.Sum(nil)
	raw := append(append(append([]byte{}, pub...), sum[:2]...), 3)
	return strings.ToLower(base32.StdEncoding.EncodeToString(raw)) + ".onion"
}

func i2pB32(addr []byte) string {
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(addr)) + ".b32.i2p"
}

// TestAddrV2Networks decodes one addrv2 entry per BIP155 network, with
// addresses whose text forms are known (Core's net_tests / NBitcoin).
func TestAddrV2Networks(t *testing.T) {
	tests := []struct {
		name   string
		net    string // network id, length, address, hex
		known  bool
		kind   ErrorKind
		render func(a []byte) string
		want   string
	}{
		{name: "IPv4", net: "01 04 01020304", known: true},
		{name: "IPv6", net: "02 10 20010db8000000000000000000000001", known: true},
		{name: "TorV3", net: "04 20 79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f", known: true,
			render: onionV3, want: "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"},
		{name: "I2P", net: "05 20 a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87", known: true,
			render: i2pB32, want: "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p"},
		{name: "CJDNS", net: "06 10 fc000001000200030004000500060007", known: true},
		{name: "TorV2 ignored", net: "03 0a f1f2f3f4f5f6f7f8f9fa", known: false},
		{name: "unknown network ignored", net: "aa 02 bbcc", known: false},
		{name: "IPv4 length 5", net: "01 05 0102030405", kind: ErrMalformed},
		{name: "IPv6 length 4", net: "02 04 01020304", kind: ErrMalformed},
		{name: "TorV3 length 33", net: "04 21 " + strings.Repeat("00", 33), kind: ErrMalformed},
		{name: "I2P length 0", net: "05 00", kind: ErrMalformed},
		{name: "CJDNS length 1", net: "06 01 fc", kind: ErrMalformed},
		{name: "address 513 bytes", net: "aa fd0102 " + strings.Repeat("00", 513), kind: ErrMalformed},
		{name: "address truncated", net: "01 04 0102", kind: ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// count 1, time, services compact (NODE_NETWORK|NODE_WITNESS), entry, port 8333.
			payload := mustHex(t, "01 5f5e1000 09 "+tc.net+" 208d")
			var m MsgAddrV2
			err := m.Decode(payload)
			if tc.kind != "" {
				wantKind(t, err, tc.kind)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a := m.Addrs[0]
			if a.Time != 0x00105e5f || a.Services != NodeNetwork|NodeWitness || a.Port != 8333 || a.Known() != tc.known {
				t.Fatalf("entry %+v", a)
			}
			if tc.render != nil {
				if got := tc.render(a.Addr); got != tc.want {
					t.Fatalf("address %s, want %s", got, tc.want)
				}
			}
			if !bytes.Equal(m.Encode(nil), payload) {
				t.Fatal("round trip")
			}
		})
	}
}

func TestAddrV2ServicesCompactSize(t *testing.T) {
	// BIP155 service bits are a compact size without Core's MAX_SIZE range
	// check: bit 63 is acceptable.
	m := MsgAddrV2{Addrs: []NetAddressV2{{Services: 1 << 63, Net: NetIPv4, Addr: []byte{1, 2, 3, 4}}}}
	p := m.Encode(nil)
	if !bytes.Equal(p[5:14], mustHex(t, "ff0000000000000080")) {
		t.Fatalf("services %x", p[5:14])
	}
	var got MsgAddrV2
	if err := got.Decode(p); err != nil || got.Addrs[0].Services != 1<<63 {
		t.Fatalf("%v %+v", err, got.Addrs)
	}
}
