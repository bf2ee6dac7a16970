package corevectors

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// scriptTestRows is the number of non-comment rows in script_tests.json.
const scriptTestRows = 1222

func TestScriptTests(t *testing.T) {
	var out strings.Builder
	passed, failed, err := RunScriptTests(testdata.Path(t, "bitcoin-core", "script_tests.json"), &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("script_tests.json: %d passed, %d failed", passed, failed)
	if failed != 0 || passed != scriptTestRows {
		t.Fatalf("%d passed, %d failed:\n%s", passed, failed, out.String())
	}
}
