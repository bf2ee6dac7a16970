package crypto

import (
	"bytes"
	"errors"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func TestRecoverRoundTrip(t *testing.T) {
	for i := 1; i <= 32; i++ {
		var kb [32]byte
		kb[0], kb[31] = byte(i), byte(i*3)
		priv := secp256k1.PrivKeyFromBytes(kb[:])
		hash := Keccak256(kb[:])
		sig, err := SignRecoverable(priv, hash[:])
		if err != nil {
			t.Fatal(err)
		}
		if sig[64] > 1 {
			t.Fatalf("v = %d", sig[64])
		}
		if !ValidateSignatureValues(sig[64], sig[:32], sig[32:64], true) {
			t.Fatal("own signature fails Homestead range rules")
		}
		pub, err := RecoverPubKey(hash[:], sig[:])
		if err != nil {
			t.Fatal(err)
		}
		if !pub.IsEqual(priv.PubKey()) {
			t.Fatalf("key %d: recovered a different key", i)
		}
		// The other parity recovers some other key (or none).
		sig[64] ^= 1
		if other, err := RecoverPubKey(hash[:], sig[:]); err == nil && other.IsEqual(priv.PubKey()) {
			t.Fatalf("key %d: flipped v recovered the same key", i)
		}
	}
}

// TestRecoverKnownVector checks a signature whose key and address are
// well known (go-ethereum's crypto test key).
func TestRecoverKnownVector(t *testing.T) {
	priv := privFromHex(t, "289c2857d4598e37fb9647507e47a309d6133539bf21a8b9cb6df88fd5232032")
	hash := Keccak256([]byte("foo"))
	want := mustHex(t, "d155e94305af7e07dd8c32873e5c03cb95c9e05960ef85be9c07f671da58c73718c19adc397a211aa9e87e519e2038c5a3b658618db335f74f800b8e0cfeef4401")
	sig, err := SignRecoverable(priv, hash[:])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sig[:], want) {
		t.Fatalf("signature\n got %x\nwant %x", sig, want)
	}
	pub, err := RecoverPubKey(hash[:], want)
	if err != nil {
		t.Fatal(err)
	}
	addr := Keccak256(pub.SerializeUncompressed()[1:])
	if !bytes.Equal(addr[12:], mustHex(t, "970e8128ab834e8eac17ab8e3812f010678cf791")) {
		t.Fatalf("address %x", addr[12:])
	}
}

func TestRecoverErrors(t *testing.T) {
	priv := privFromHex(t, "289c2857d4598e37fb9647507e47a309d6133539bf21a8b9cb6df88fd5232032")
	hash := Keccak256([]byte("foo"))
	good, _ := SignRecoverable(priv, hash[:])
	with := func(f func(s []byte)) []byte {
		s := bytes.Clone(good[:])
		f(s)
		return s
	}
	n := secp256k1.Params().N.Bytes()
	tests := []struct {
		name string
		hash []byte
		sig  []byte
		want error
	}{
		{"short hash", hash[:31], good[:], ErrInvalidHashLength},
		{"short sig", hash[:], good[:64], ErrInvalidSignature},
		{"v = 4", hash[:], with(func(s []byte) { s[64] = 4 }), ErrInvalidRecoveryID},
		{"v = 27", hash[:], with(func(s []byte) { s[64] = 27 }), ErrInvalidRecoveryID},
		{"zero R", hash[:], with(func(s []byte) { clear(s[:32]) }), ErrInvalidSignature},
		{"zero S", hash[:], with(func(s []byte) { clear(s[32:64]) }), ErrInvalidSignature},
		{"R = N", hash[:], with(func(s []byte) { copy(s[:32], n) }), ErrInvalidSignature},
		{"S = N", hash[:], with(func(s []byte) { copy(s[32:64], n) }), ErrInvalidSignature},
		{"R not an x coordinate", hash[:], with(func(s []byte) { clear(s[:32]); s[31] = 5; s[64] = 0 }), ErrRecoveryFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := RecoverPubKey(tc.hash, tc.sig); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := SignRecoverable(priv, hash[:20]); !errors.Is(err, ErrInvalidHashLength) {
		t.Fatalf("SignRecoverable short hash: %v", err)
	}
}

func TestValidateSignatureValues(t *testing.T) {
	n := secp256k1.Params().N.Bytes()
	half := mustHex(t, "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")
	halfPlus1 := mustHex(t, "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1")
	nMinus1 := mustHex(t, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")
	one := []byte{1}
	tests := []struct {
		name      string
		v         byte
		r, s      []byte
		homestead bool
		want      bool
	}{
		{"minimal", 0, one, one, true, true},
		{"v = 1", 1, one, one, true, true},
		{"v = 2", 2, one, one, false, false},
		{"zero r", 0, []byte{0}, one, false, false},
		{"empty s", 0, one, nil, false, false},
		{"r = N", 0, n, one, false, false},
		{"r = N-1", 0, nMinus1, one, false, true},
		{"s = N-1 frontier", 0, one, nMinus1, false, true},
		{"s = N-1 homestead", 0, one, nMinus1, true, false},
		{"s = N/2 homestead", 0, one, half, true, true},
		{"s = N/2+1 homestead", 0, one, halfPlus1, true, false},
		{"s = N/2+1 frontier", 0, one, halfPlus1, false, true},
		{"33-byte r", 0, append([]byte{0}, nMinus1...), one, false, false},
		{"leading zeros", 0, []byte{0, 0, 1}, []byte{0, 1}, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ValidateSignatureValues(tc.v, tc.r, tc.s, tc.homestead); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}
