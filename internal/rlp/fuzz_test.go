package rlp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// FuzzDecode checks that decoding never panics, that anything Decode accepts
// re-encodes to the same bytes (the decoder is canonical), that the split
// functions agree with Decode, and that ListReader survives any input.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "80", "00", "8100", "c0", "c3c28100", "b838", "f90100",
		"c7c0c1c0c3c0c1c0", "f84c8a0102030405060708090a", "bf0f000000000000021111"} {
		f.Add(unhex(s))
	}
	seedFromVectors(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Decode(b)
		_, _, serr := Single(b)
		if err == nil {
			if enc := v.Encode(); !bytes.Equal(enc, b) {
				t.Fatalf("round trip: %x -> %v -> %x", b, v, enc)
			}
			if serr != nil {
				t.Fatalf("Decode ok but Single: %v", serr)
			}
			n, cerr := CountValues(b)
			if cerr != nil || n != 1 {
				t.Fatalf("CountValues = %d, %v", n, cerr)
			}
		}
		if serr != nil && err == nil {
			t.Fatal("Single failed but Decode did not")
		}
		// Integer decoders re-encode to the same bytes when they accept.
		if x, rest, err := SplitUint64(b); err == nil {
			if enc := AppendUint64(nil, x); !bytes.Equal(append(enc, rest...), b) {
				t.Fatalf("uint64 round trip %x -> %d", b, x)
			}
		}
		if x, rest, err := SplitUint256(b); err == nil {
			if enc := AppendUint256(nil, &x); !bytes.Equal(append(enc, rest...), b) {
				t.Fatalf("uint256 round trip %x -> %v", b, x)
			}
		}
		if x, rest, err := SplitBigInt(b); err == nil {
			if enc := AppendBigInt(nil, x); !bytes.Equal(append(enc, rest...), b) {
				t.Fatalf("bigint round trip %x -> %v", b, x)
			}
		}
		r := NewListReader(b)
		for i := 0; r.More(); i++ {
			switch i % 5 {
			case 0:
				r.Raw()
			case 1:
				r.Uint64()
			case 2:
				r.Bytes()
			case 3:
				inner := r.List()
				inner.Raw()
			case 4:
				r.BigInt()
			}
		}
		_ = r.Finish()
	})
}

// seedFromVectors adds the ethereum-tests RLP vectors to the corpus when
// the shared test data is present (the fuzz target runs without it).
func seedFromVectors(f *testing.F) {
	root, err := testdata.Locate()
	if err != nil {
		return
	}
	for _, file := range []string{"rlptest.json", "invalidRLPTest.json", "RandomRLPTests/example.json"} {
		data, err := os.ReadFile(filepath.Join(root, "ethereum-tests", "RLPTests", file))
		if err != nil {
			continue
		}
		var cases map[string]rlpVector
		if json.Unmarshal(data, &cases) != nil {
			continue
		}
		for _, v := range cases {
			out := strings.TrimPrefix(v.Out, "0x")
			if b, err := hex.DecodeString(out); err == nil {
				f.Add(b)
			}
		}
	}
}
