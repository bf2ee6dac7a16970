package precompile

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// The execution-spec-tests fillers behind some GeneralStateTests put a
// precompile's raw input in the transaction data and encode the expected
// outcome in the test name. These tests read those files from the shared
// ethereum-tests folder (never copied here) and run the contract directly.

// stateTestInputs returns test name -> transaction data (first entry) of a
// GeneralStateTests file.
func stateTestInputs(t *testing.T, elems ...string) map[string][]byte {
	t.Helper()
	path := testdata.Path(t, append([]string{"ethereum-tests", "GeneralStateTests"}, elems...)...)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]struct {
		Transaction struct {
			Data []string `json:"data"`
		} `json:"transaction"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make(map[string][]byte, len(file))
	for name, st := range file {
		if len(st.Transaction.Data) != 1 {
			t.Fatalf("%s: %d data entries, want 1", name, len(st.Transaction.Data))
		}
		b, err := hex.DecodeString(strings.TrimPrefix(st.Transaction.Data[0], "0x"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b
	}
	return out
}

// TestPointEvaluationStateTestVectors runs the inputs of
// Pyspecs/cancun/eip4844_blobs/point_evaluation_precompile_external_vectors
// (go-kzg-4844's verify_kzg_proof vectors: names "..._case_correct_proof_..."
// must verify, every other case must fail) and of
// {valid,invalid}_precompile_calls (names "success_True"/"success_False").
func TestPointEvaluationStateTestVectors(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the KZG trusted setup")
	}
	const dir = "Pyspecs/cancun/eip4844_blobs"
	ok := unhex(t, pointEvaluationOK)
	passed := 0
	check := func(name string, in []byte, wantOK bool) {
		out, err := PointEvaluation{}.Run(in)
		switch {
		case wantOK && (err != nil || !bytes.Equal(out, ok)):
			t.Errorf("%s: Run = %x, %v; want success", name, out, err)
		case !wantOK && err == nil:
			t.Errorf("%s: Run succeeded, want failure", name)
		default:
			passed++
		}
	}
	external := stateTestInputs(t, dir, "point_evaluation_precompile_external_vectors.json")
	correct := regexp.MustCompile(`verify_kzg_proof_case_correct_proof_`)
	for name, in := range external {
		check(name, in, correct.MatchString(name))
	}
	calls := 0
	for _, f := range []string{"valid_precompile_calls.json", "invalid_precompile_calls.json"} {
		for name, in := range stateTestInputs(t, dir, f) {
			switch {
			case strings.Contains(name, "success_True"):
				check(name, in, true)
			case strings.Contains(name, "success_False"):
				check(name, in, false)
			default:
				t.Fatalf("%s: no expected outcome in the name", name)
			}
			calls++
		}
	}
	if len(external) != 122 || calls != 13 {
		t.Errorf("read %d external vectors and %d call vectors, want 122 and 13", len(external), calls)
	}
	t.Logf("%d point-evaluation vectors passed", passed)
}

// TestModExpStateTestVectors runs the ModExpInput cases of
// Pyspecs/byzantium/eip198_modexp_precompile/modexp.json, whose names carry
// the operands and the expected output.
func TestModExpStateTestVectors(t *testing.T) {
	name := regexp.MustCompile(`fork_Cancun-state_test-ModExpInput_base_([0-9a-f]*)-exponent_([0-9a-f]*)-modulus_([0-9a-f]*)-ExpectedOutput_call_return_code_0x01-returned_data_0x([0-9a-f]*)\]$`)
	n := 0
	for test, in := range stateTestInputs(t, "Pyspecs/byzantium/eip198_modexp_precompile", "modexp.json") {
		m := name.FindStringSubmatch(test)
		if m == nil {
			continue
		}
		want := modexpInput(uint64(len(m[1])/2), uint64(len(m[2])/2), uint64(len(m[3])/2), m[1]+m[2]+m[3])
		if !bytes.Equal(in, unhex(t, want)) {
			t.Errorf("%s: transaction data %x is not the operands in the name", test, in)
		}
		for _, c := range []ModExp{{}, {EIP2565: true}} {
			out, err := c.Run(in)
			if err != nil || !bytes.Equal(out, unhex(t, m[4])) {
				t.Errorf("%s %+v: Run = %x, %v; want %s", test, c, out, err, m[4])
			}
		}
		n++
	}
	if n != 11 {
		t.Errorf("found %d ModExpInput cases for Cancun, want 11", n)
	}
}
