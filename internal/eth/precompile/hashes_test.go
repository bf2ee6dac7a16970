package precompile

import (
	"bytes"
	"testing"
)

// Digests of "" and "abc" are the standard test vectors: FIPS 180-2
// (SHA-256) and the RIPEMD-160 authors' page (Dobbertin, Bosselaers,
// Preneel), left-padded to 32 bytes as the EVM returns them.
func TestSHA256(t *testing.T) {
	runVectors(t, SHA256{}, []vector{
		{name: "empty", input: "", gas: 60,
			want: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{name: "abc", input: "616263", gas: 72,
			want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{name: "abcdbcde...", gas: 84,
			input: "6162636462636465636465666465666765666768666768696768696a68696a6b696a6b6c6a6b6c6d6b6c6d6e6c6d6e6f6d6e6f706e6f7071",
			want:  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	})
}

func TestRIPEMD160(t *testing.T) {
	runVectors(t, RIPEMD160{}, []vector{
		{name: "empty", input: "", gas: 600,
			want: zeros(12) + "9c1185a5c5e9fc54612808977ee8f548b2258d31"},
		{name: "a", input: "61", gas: 720,
			want: zeros(12) + "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"},
		{name: "abc", input: "616263", gas: 720,
			want: zeros(12) + "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"},
		{name: "message digest", input: "6d65737361676520646967657374", gas: 720,
			want: zeros(12) + "5d0689ef49d2fae572b881b123a85ffa21595f36"},
	})
}

func TestIdentity(t *testing.T) {
	runVectors(t, Identity{}, []vector{
		{name: "empty", input: "", want: "", gas: 15},
		{name: "one byte", input: "ff", want: "ff", gas: 18},
		{name: "32 bytes", input: zeros(31) + "01", want: zeros(31) + "01", gas: 18},
		{name: "33 bytes", input: zeros(32) + "01", want: zeros(32) + "01", gas: 21},
	})
}

func TestIdentityReturnsCopy(t *testing.T) {
	in := []byte{1, 2, 3}
	out, _ := Identity{}.Run(in)
	out[0] = 9
	if in[0] != 1 {
		t.Fatal("Identity output aliases its input")
	}
	if out, _ := (Identity{}).Run(nil); out == nil || len(out) != 0 {
		t.Fatalf("Identity(nil) = %#v, want an empty non-nil slice", out)
	}
}

func TestWordGas(t *testing.T) {
	tests := []struct {
		n                        int
		sha, ripemd, identityGas uint64
	}{
		{0, 60, 600, 15},
		{1, 72, 720, 18},
		{32, 72, 720, 18},
		{33, 84, 840, 21},
		{64, 84, 840, 21},
		{1024, 60 + 12*32, 600 + 120*32, 15 + 3*32},
	}
	for _, tt := range tests {
		in := bytes.Repeat([]byte{0xab}, tt.n)
		if g := (SHA256{}).RequiredGas(in); g != tt.sha {
			t.Errorf("sha256 %d bytes: gas %d, want %d", tt.n, g, tt.sha)
		}
		if g := (RIPEMD160{}).RequiredGas(in); g != tt.ripemd {
			t.Errorf("ripemd160 %d bytes: gas %d, want %d", tt.n, g, tt.ripemd)
		}
		if g := (Identity{}).RequiredGas(in); g != tt.identityGas {
			t.Errorf("identity %d bytes: gas %d, want %d", tt.n, g, tt.identityGas)
		}
	}
}
