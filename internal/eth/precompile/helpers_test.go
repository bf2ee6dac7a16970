package precompile

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// vector is one precompile case: input, expected output (or error kind) and
// price.
type vector struct {
	name    string
	input   string // hex
	want    string // hex; ignored when wantErr is set
	gas     uint64
	wantErr error
}

// unhex decodes s, which may contain spaces and newlines for readability.
func unhex(tb testing.TB, s string) []byte {
	tb.Helper()
	s = strings.Join(strings.Fields(s), "")
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatalf("bad hex in test table: %v", err)
	}
	return b
}

// zeros returns n zero bytes as hex.
func zeros(n int) string { return strings.Repeat("00", n) }

// runVectors checks RequiredGas and Run of c against vs.
func runVectors(t *testing.T, c Contract, vs []vector) {
	t.Helper()
	for _, v := range vs {
		t.Run(v.name, func(t *testing.T) {
			in := unhex(t, v.input)
			orig := bytes.Clone(in)
			if got := c.RequiredGas(in); got != v.gas {
				t.Errorf("RequiredGas = %d, want %d", got, v.gas)
			}
			out, err := c.Run(in)
			if !bytes.Equal(in, orig) {
				t.Errorf("Run modified its input")
			}
			if v.wantErr != nil {
				if !errors.Is(err, v.wantErr) {
					t.Fatalf("Run error = %v, want %v", err, v.wantErr)
				}
				if out != nil {
					t.Errorf("Run returned output %x with an error", out)
				}
				return
			}
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if want := unhex(t, v.want); !bytes.Equal(out, want) {
				t.Errorf("Run =\n%x\nwant\n%x", out, want)
			}
		})
	}
}
