package crypto

import (
	"bytes"
	"errors"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func TestParsePubKey(t *testing.T) {
	// G has an even y; -G has the same x and an odd y.
	g := secp256k1.PrivKeyFromBytes([]byte{1}).PubKey()
	var nm1 secp256k1.ModNScalar
	nm1.SetInt(1).Negate()
	negG := secp256k1.NewPrivateKey(&nm1).PubKey()

	gu, nu := g.SerializeUncompressed(), negG.SerializeUncompressed()
	hybrid := func(u []byte, prefix byte) []byte {
		h := bytes.Clone(u)
		h[0] = prefix
		return h
	}
	offCurve := bytes.Clone(gu)
	offCurve[64] ^= 1
	xTooBig := bytes.Repeat([]byte{0xff}, 33)
	xTooBig[0] = 0x02

	tests := []struct {
		name string
		b    []byte
		want *secp256k1.PublicKey // nil: must fail
	}{
		{"compressed even", g.SerializeCompressed(), g},
		{"compressed odd", negG.SerializeCompressed(), negG},
		{"uncompressed", gu, g},
		{"uncompressed odd", nu, negG},
		{"hybrid 06 even y", hybrid(gu, 0x06), g},
		{"hybrid 07 odd y", hybrid(nu, 0x07), negG},
		{"hybrid 07 with even y", hybrid(gu, 0x07), nil},
		{"hybrid 06 with odd y", hybrid(nu, 0x06), nil},
		{"prefix 05", hybrid(gu, 0x05), nil},
		{"prefix 04 on 33 bytes", hybrid(g.SerializeCompressed(), 0x04), nil},
		{"prefix 02 on 65 bytes", hybrid(gu, 0x02), nil},
		{"off curve", offCurve, nil},
		{"x not below p", xTooBig, nil},
		{"empty", nil, nil},
		{"32 bytes", gu[1:33], nil},
		{"64 bytes", gu[1:], nil},
		{"66 bytes", append(bytes.Clone(gu), 0), nil},
		{"34 bytes", append(g.SerializeCompressed(), 0), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, err := ParsePubKey(tc.b)
			if tc.want == nil {
				if err == nil {
					t.Fatalf("accepted %x", tc.b)
				}
				if !errors.Is(err, ErrInvalidPubKey) {
					t.Fatalf("error %v does not wrap ErrInvalidPubKey", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !pk.IsEqual(tc.want) {
				t.Fatalf("parsed %x, want %x", pk.SerializeCompressed(), tc.want.SerializeCompressed())
			}
		})
	}
}

func TestHybridKeyVerifies(t *testing.T) {
	priv := privFromHex(t, "c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b14e5c9")
	u := priv.PubKey().SerializeUncompressed()
	h := bytes.Clone(u)
	h[0] = 0x06 | u[64]&1
	pub, err := ParsePubKey(h)
	if err != nil {
		t.Fatal(err)
	}
	hash := Keccak256([]byte("hybrid"))
	if !VerifyECDSA(pub, SignECDSA(priv, hash[:]), hash[:]) {
		t.Fatal("signature does not verify under the hybrid encoding")
	}
}

func TestHash160AndKeccak(t *testing.T) {
	// HASH160 of the compressed generator (the P2PKH of private key 1).
	g := secp256k1.PrivKeyFromBytes([]byte{1}).PubKey().SerializeCompressed()
	if h := Hash160(g); !bytes.Equal(h[:], mustHex(t, "751e76e8199196d454941c45d1b3a323f1433bd6")) {
		t.Fatalf("Hash160 = %x", h)
	}
	tests := []struct {
		name string
		in   [][]byte
		want string
	}{
		{"empty", nil, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
		{"abc", [][]byte{[]byte("abc")}, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
		{"abc in parts", [][]byte{[]byte("a"), nil, []byte("bc")}, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if h := Keccak256(tc.in...); !bytes.Equal(h[:], mustHex(t, tc.want)) {
				t.Fatalf("Keccak256 = %x", h)
			}
		})
	}
	// A reused state gives the same digest after Reset.
	st := NewKeccakState()
	var out [32]byte
	for range 3 {
		st.Reset()
		st.Write([]byte("abc"))
		st.Read(out[:])
		if !bytes.Equal(out[:], mustHex(t, tests[1].want)) {
			t.Fatalf("reused state = %x", out)
		}
	}
}
