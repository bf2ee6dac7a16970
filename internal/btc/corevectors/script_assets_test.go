package corevectors

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/sigcache"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// TestOwnScriptAssets runs the runner on our own generated taproot cases.
func TestOwnScriptAssets(t *testing.T) {
	var out strings.Builder
	passed, failed, err := RunScriptAssets([]string{ownAssetsDir}, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d passed, %d failed", ownAssetsDir, passed, failed)
	if failed != 0 || passed == 0 {
		t.Fatalf("%d passed, %d failed:\n%s", passed, failed, out.String())
	}
}

// TestOwnScriptAssetsSwapped checks that the runner catches a wrong
// outcome: with success and failure swapped, every object must fail.
func TestOwnScriptAssetsSwapped(t *testing.T) {
	files, err := expandPaths([]string{ownAssetsDir})
	if err != nil {
		t.Fatal(err)
	}
	cache := sigcache.New(1000)
	n := 0
	for _, f := range files {
		assets, err := ReadScriptAssets(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range assets {
			if a.Success == nil || a.Failure == nil {
				continue
			}
			a.Success, a.Failure = a.Failure, a.Success
			a.FailureError = ""
			if msg := a.run(cache); msg == "" {
				t.Errorf("%s: %s: swapped object passes", f, a.Comment)
			}
			n++
		}
	}
	if n < 50 {
		t.Fatalf("only %d objects with both outcomes", n)
	}
}

func TestParseScriptAssets(t *testing.T) {
	const obj = `{"tx":"00","prevouts":["00"],"index":0,"flags":"P2SH","success":{"scriptSig":"","witness":[]}}`
	tests := []struct {
		name    string
		in      string
		want    int
		wantErr bool
	}{
		{"array", "[" + obj + "," + obj + "]", 2, false},
		{"one object with comma (qa-assets file)", obj + ",\n", 1, false},
		{"concatenated files", obj + ",\n" + obj + ",\n", 2, false},
		{"bare object", obj, 1, false},
		{"empty", " \n", 0, false},
		{"garbage", "{nope", 0, true},
		{"wrong type", `{"index":"x"}`, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseScriptAssets([]byte(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if len(got) != tc.want {
				t.Fatalf("%d objects, want %d", len(got), tc.want)
			}
		})
	}
}

func TestAllConsensusFlags(t *testing.T) {
	if len(allConsensusFlags) != 64 {
		t.Fatalf("%d combinations, want 64", len(allConsensusFlags))
	}
	for _, f := range allConsensusFlags {
		if f.Has(txscript.FlagWitness) && !f.Has(txscript.FlagP2SH) || f.Has(txscript.FlagTaproot) && !f.Has(txscript.FlagWitness) {
			t.Errorf("invalid combination %s", f)
		}
	}
}

func FuzzParseScriptAssets(f *testing.F) {
	f.Add([]byte(`[{"tx":"00","prevouts":[],"index":0,"flags":""}]`))
	f.Add([]byte(`{"tx":"00"},` + "\n"))
	f.Add([]byte(",,,["))
	f.Fuzz(func(t *testing.T, data []byte) {
		assets, err := ParseScriptAssets(data)
		if err != nil {
			return
		}
		cache := sigcache.New(10)
		for i := range assets {
			if i > 4 {
				break
			}
			_ = assets[i].run(cache) // must not panic
		}
	})
}
