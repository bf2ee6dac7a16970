package corevectors

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

func TestTxValidVectors(t *testing.T) {
	var out strings.Builder
	passed, failed, err := RunTxTests(testdata.Path(t, "bitcoin-core", "tx_valid.json"), true, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tx_valid.json: %d passed, %d failed", passed, failed)
	if failed != 0 || passed != 121 { // every non-comment row
		t.Fatalf("%d passed, %d failed:\n%s", passed, failed, out.String())
	}
}

func TestTxInvalidVectors(t *testing.T) {
	var out strings.Builder
	passed, failed, err := RunTxTests(testdata.Path(t, "bitcoin-core", "tx_invalid.json"), false, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tx_invalid.json: %d passed, %d failed", passed, failed)
	if failed != 0 || passed != 93 { // every non-comment row
		t.Fatalf("%d passed, %d failed:\n%s", passed, failed, out.String())
	}
}
