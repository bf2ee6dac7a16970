package precompile

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/crypto"
)

// Cases from go-ethereum core/vm/testdata/precompiles/ecRecover.json
// (LGPL-3.0 repository; the vectors are facts about the precompile).
func TestECRecoverGethVectors(t *testing.T) {
	const (
		hash = "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"
		rs   = "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f" +
			"eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549"
	)
	runVectors(t, ECRecover{}, []vector{
		{name: "CallEcrecoverUnrecoverableKey", gas: 3000, want: "",
			input: "a8b53bdf3306a35a7103ab5504a0c9b492295564b6202b1942a84ef300107281" +
				"000000000000000000000000000000000000000000000000000000000000001b" +
				"3078356531653033663533636531386237373263636230303933666637316633" +
				"6635336635633735623734646362333161383561613862383839326234653862" +
				"1122334455667788991011121314151617181920212223242526272829303132"},
		{name: "ValidKey", gas: 3000, want: "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001c" + rs},
		{name: "InvalidHighV-bits-1", gas: 3000, want: "",
			input: hash + "100000000000000000000000000000000000000000000000000000000000001c" + rs},
		{name: "InvalidHighV-bits-2", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000001000000000000000000000001c" + rs},
		{name: "InvalidHighV-bits-3", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000001000000000000000000000011c" + rs},
	})
	// Our own cases around the same signature.
	runVectors(t, ECRecover{}, []vector{
		{name: "v 29", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001d" + rs},
		{name: "v 1", gas: 3000, want: "",
			input: hash + "0000000000000000000000000000000000000000000000000000000000000001" + rs},
		{name: "v 0", gas: 3000, want: "",
			input: hash + zeros(32) + rs},
		{name: "extra bytes ignored", gas: 3000, want: "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001c" + rs + "ffffffff"},
		{name: "r zero", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001c" + zeros(32) + rs[64:]},
		{name: "s zero", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001c" + rs[:64] + zeros(32)},
		{name: "s equals N", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001c" + rs[:64] +
				"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"},
		{name: "r equals N", gas: 3000, want: "",
			input: hash + "000000000000000000000000000000000000000000000000000000000000001c" +
				"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141" + rs[64:]},
		{name: "empty", gas: 3000, want: "", input: ""},
	})
	// A short input reads as if right-padded with zeros.
	short := hash + "000000000000000000000000000000000000000000000000000000000000001c" + rs[:64+32]
	a, _ := ECRecover{}.Run(unhex(t, short))
	b, _ := ECRecover{}.Run(unhex(t, short+zeros(16)))
	if len(a) != 32 || !bytes.Equal(a, b) {
		t.Errorf("truncated input: Run = %x, padded input: %x", a, b)
	}
	// v = 27 with the same r, s recovers the other candidate key.
	out, err := ECRecover{}.Run(unhex(t, hash+"000000000000000000000000000000000000000000000000000000000000001b"+rs))
	if err != nil || len(out) != 32 || !bytes.Equal(out[:12], make([]byte, 12)) ||
		bytes.Equal(out, unhex(t, "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b")) {
		t.Errorf("v 27: Run = %x, %v; want another 32-byte address", out, err)
	}
}

// TestECRecoverSigned signs with the seed chapter's key and checks the
// precompile recovers its address, for both the low-S signature and its
// high-S twin (which EIP-2 forbids in transactions but the precompile
// accepts), and that malformed variants give an empty output.
func TestECRecoverSigned(t *testing.T) {
	privBytes, _ := hex.DecodeString("7c7fc7ccecc1fee3b3e4ac63add864bd786696c20ca15683a269aa9ad8639443")
	priv := secp256k1.PrivKeyFromBytes(privBytes)
	want, _ := hex.DecodeString("000000000000000000000000238661f085a338f04b0c7c956a796b57018151f0")
	hash := crypto.Keccak256([]byte("twinchain"))
	sig, err := crypto.SignRecoverable(priv, hash[:])
	if err != nil {
		t.Fatal(err)
	}
	input := func(v byte, r, s []byte) []byte {
		in := make([]byte, 128)
		copy(in, hash[:])
		in[63] = v
		copy(in[64:], r)
		copy(in[96:], s)
		return in
	}
	// High-S twin: s' = N - s, recovery id flipped.
	var s secp256k1.ModNScalar
	s.SetByteSlice(sig[32:64])
	s.Negate()
	highS := s.Bytes()

	tests := []struct {
		name string
		in   []byte
		want []byte
	}{
		{"low s", input(27+sig[64], sig[:32], sig[32:64]), want},
		{"high s", input(27+(sig[64]^1), sig[:32], highS[:]), want},
		{"wrong v", input(27+(sig[64]^1), sig[:32], sig[32:64]), nil},
		{"no v offset", input(sig[64], sig[:32], sig[32:64]), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ECRecover{}.Run(tt.in)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tt.want == nil {
				// A wrong v recovers some other key: not our address.
				if bytes.Equal(got, want) {
					t.Fatalf("Run recovered the signer with %s", tt.name)
				}
				return
			}
			if !bytes.Equal(got, tt.want) {
				t.Fatalf("Run = %x, want %x", got, tt.want)
			}
		})
	}
}
