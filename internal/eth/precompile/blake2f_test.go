package precompile

import (
	"strings"
	"testing"
)

// EIP-152 test vectors 0-7, and go-ethereum's variant of vector 8
// (core/vm/testdata/precompiles/blake2F.json: 8,000,000 rounds instead of
// the EIP's 2^32-1, which takes minutes). All share h (BLAKE2b-512's
// initial state with the parameter block for a 64-byte digest), m = "abc"
// padded to 128 bytes and t = 3.
const (
	blake2H = "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5" +
		"d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b"
	blake2T = "03000000000000000000000000000000"
)

var blake2M = "616263" + strings.Repeat("00", 125)

func TestBlake2F(t *testing.T) {
	runVectors(t, Blake2F{}, []vector{
		{name: "vector 0: empty input", input: "", gas: 0, wantErr: ErrInvalidInputLength},
		{name: "vector 1: 212 bytes", input: "00000c" + blake2H + blake2M + blake2T + "01",
			gas: 0, wantErr: ErrInvalidInputLength},
		{name: "vector 2: 214 bytes", input: "000000000c" + blake2H + blake2M + blake2T + "01",
			gas: 0, wantErr: ErrInvalidInputLength},
		{name: "vector 3: final flag 2", input: "0000000c" + blake2H + blake2M + blake2T + "02",
			gas: 12, wantErr: ErrInvalidFinalFlag},
		{name: "final flag ff", input: "0000000c" + blake2H + blake2M + blake2T + "ff",
			gas: 12, wantErr: ErrInvalidFinalFlag},
		{name: "vector 4: 0 rounds", input: "00000000" + blake2H + blake2M + blake2T + "01", gas: 0,
			want: "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5" +
				"d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b"},
		// Vector 5 is BLAKE2b-512("abc") of RFC 7693, appendix A.
		{name: "vector 5: 12 rounds", input: "0000000c" + blake2H + blake2M + blake2T + "01", gas: 12,
			want: "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1" +
				"7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"},
		{name: "vector 6: not final", input: "0000000c" + blake2H + blake2M + blake2T + "00", gas: 12,
			want: "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d28752" +
				"98743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735"},
		{name: "vector 7: 1 round", input: "00000001" + blake2H + blake2M + blake2T + "01", gas: 1,
			want: "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fb" +
				"a551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421"},
	})
}

func TestBlake2FManyRounds(t *testing.T) {
	if testing.Short() {
		t.Skip("8,000,000 rounds")
	}
	runVectors(t, Blake2F{}, []vector{
		{name: "geth vector 8: 8e6 rounds", input: "007a1200" + blake2H + blake2M + blake2T + "01", gas: 8000000,
			want: "6d2ce9e534d50e18ff866ae92d70cceba79bbcd14c63819fe48752c8aca87a4b" +
				"b7dcc230d22a4047f0486cfcfb50a17b24b2899eb8fca370f22240adb5170189"},
	})
}
