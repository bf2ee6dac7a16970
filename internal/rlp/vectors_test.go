package rlp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// loadJSON reads one ethereum-tests RLP file as a map of raw test cases.
func loadJSON(t *testing.T, elems ...string) map[string]json.RawMessage {
	t.Helper()
	path := testdata.Path(t, append([]string{"ethereum-tests", "RLPTests"}, elems...)...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

type rlpVector struct {
	In  json.RawMessage `json:"in"`
	Out string          `json:"out"`
}

func decodeHexOut(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// jsonToValue converts a test "in" value: strings are raw bytes unless they
// start with '#', which marks a decimal big integer; numbers are integers;
// arrays are lists.
func jsonToValue(t *testing.T, raw json.RawMessage) Value {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		t.Fatal(err)
	}
	return anyToValue(t, x)
}

func anyToValue(t *testing.T, x any) Value {
	t.Helper()
	switch x := x.(type) {
	case string:
		if strings.HasPrefix(x, "#") {
			n, ok := new(big.Int).SetString(x[1:], 10)
			if !ok {
				t.Fatalf("bad bigint %q", x)
			}
			return BigIntValue(n)
		}
		return StringValue([]byte(x))
	case json.Number:
		n, ok := new(big.Int).SetString(x.String(), 10)
		if !ok {
			t.Fatalf("bad number %q", x)
		}
		return BigIntValue(n)
	case []any:
		elems := make([]Value, len(x))
		for i, e := range x {
			elems[i] = anyToValue(t, e)
		}
		return ListValue(elems...)
	default:
		t.Fatalf("unexpected JSON value %T", x)
		return Value{}
	}
}

func TestRLPTestsValid(t *testing.T) {
	cases := loadJSON(t, "rlptest.json")
	passed := 0
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			var v rlpVector
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatal(err)
			}
			want := decodeHexOut(t, v.Out)
			in := jsonToValue(t, v.In)
			if got := in.Encode(); !bytes.Equal(got, want) {
				t.Fatalf("encode %v:\n got %x\nwant %x", in, got, want)
			}
			if in.Size() != len(want) {
				t.Fatalf("Size = %d, want %d", in.Size(), len(want))
			}
			dec, err := Decode(want)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !dec.Equal(in) {
				t.Fatalf("decode = %v, want %v", dec, in)
			}
			passed++
		})
	}
	t.Logf("rlptest.json: %d/%d vectors passed", passed, len(cases))
	if len(cases) != 28 {
		t.Errorf("rlptest.json has %d vectors, SOURCES.md says 28", len(cases))
	}
}

// invalidKinds is the error each invalidRLPTest.json vector must produce.
var invalidKinds = map[string]error{
	"int32Overflow":                  ErrValueTooLarge,
	"int32Overflow2":                 ErrValueTooLarge,
	"wrongSizeList":                  ErrCanonSize,
	"wrongSizeList2":                 ErrCanonSize,
	"incorrectLengthInArray":         ErrCanonSize,
	"randomRLP":                      ErrCanonSize,
	"bytesShouldBeSingleByte00":      ErrCanonSize,
	"bytesShouldBeSingleByte01":      ErrCanonSize,
	"bytesShouldBeSingleByte7F":      ErrCanonSize,
	"leadingZerosInLongLengthArray1": ErrCanonSize,
	"leadingZerosInLongLengthArray2": ErrCanonSize,
	"leadingZerosInLongLengthList1":  ErrCanonSize,
	"leadingZerosInLongLengthList2":  ErrCanonSize,
	"nonOptimalLongLengthArray1":     ErrCanonSize,
	"nonOptimalLongLengthArray2":     ErrCanonSize,
	"nonOptimalLongLengthList1":      ErrCanonSize,
	"nonOptimalLongLengthList2":      ErrCanonSize,
	"emptyEncoding":                  ErrUnexpectedEnd,
	"lessThanShortLengthArray1":      ErrValueTooLarge,
	"lessThanShortLengthArray2":      ErrValueTooLarge,
	"lessThanShortLengthList1":       ErrValueTooLarge,
	"lessThanShortLengthList2":       ErrValueTooLarge,
	"lessThanLongLengthArray1":       ErrValueTooLarge,
	"lessThanLongLengthArray2":       ErrValueTooLarge,
	"lessThanLongLengthList1":        ErrValueTooLarge,
	"lessThanLongLengthList2":        ErrValueTooLarge,
}

func TestRLPTestsInvalid(t *testing.T) {
	cases := loadJSON(t, "invalidRLPTest.json")
	rejected := 0
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			var v rlpVector
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatal(err)
			}
			if string(v.In) != `"INVALID"` {
				t.Fatalf("unexpected in %s", v.In)
			}
			b := decodeHexOut(t, v.Out)
			got, err := Decode(b)
			if err == nil {
				t.Fatalf("Decode(%x) = %v, want error", b, got)
			}
			if want, ok := invalidKinds[name]; !ok {
				t.Errorf("no expected kind listed; got %v", err)
			} else if !errors.Is(err, want) {
				t.Errorf("Decode(%x) error = %v, want %v", b, err, want)
			}
			rejected++
		})
	}
	t.Logf("invalidRLPTest.json: %d/%d vectors rejected", rejected, len(cases))
	if len(cases) != 26 {
		t.Errorf("invalidRLPTest.json has %d vectors, SOURCES.md says 26", len(cases))
	}
}

func TestRLPTestsRandom(t *testing.T) {
	cases := loadJSON(t, "RandomRLPTests", "example.json")
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			var v rlpVector
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatal(err)
			}
			if string(v.In) != `"VALID"` {
				t.Fatalf("unexpected in %s", v.In)
			}
			b := decodeHexOut(t, v.Out)
			dec, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode(%x): %v", b, err)
			}
			if got := dec.Encode(); !bytes.Equal(got, b) {
				t.Fatalf("re-encode = %x, want %x", got, b)
			}
		})
	}
	t.Logf("RandomRLPTests/example.json: %d vectors round-tripped", len(cases))
}
