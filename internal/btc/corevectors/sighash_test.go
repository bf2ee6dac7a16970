package corevectors

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

func TestSighashVectors(t *testing.T) {
	var out strings.Builder
	passed, failed, err := RunSighashTests(testdata.Path(t, "bitcoin-core", "sighash.json"), &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sighash.json: %d passed, %d failed", passed, failed)
	if failed != 0 || passed != 500 {
		t.Fatalf("%d passed, %d failed:\n%s", passed, failed, out.String())
	}
}
