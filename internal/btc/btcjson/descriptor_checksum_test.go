package btcjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/testdata"
)

func TestDescriptorChecksumKnown(t *testing.T) {
	tests := []struct {
		name, desc, sum string
	}{
		// BIP380's example.
		{"bip380 raw", "raw(deadbeef)", "89f8spxm"},
		// Printed by Bitcoin Core (test/functional/data).
		{"empty raw", "raw()", "58lrscpx"},
		{"addr p2pkh", "addr(193P6LtvS4nCnkDvM9uXn1gsSRqh4aDAz7)", "nw04wh58"},
		{"rawtr", "rawtr(eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee)", "jk7c6kys"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := DescriptorChecksum(tc.desc)
			if !ok || got != tc.sum {
				t.Fatalf("DescriptorChecksum(%q) = %q, %v; want %q", tc.desc, got, ok, tc.sum)
			}
			full := AddDescriptorChecksum(tc.desc)
			if full != tc.desc+"#"+tc.sum {
				t.Errorf("AddDescriptorChecksum = %q", full)
			}
			if d, ok := VerifyDescriptorChecksum(full); !ok || d != tc.desc {
				t.Errorf("VerifyDescriptorChecksum(%q) = %q, %v", full, d, ok)
			}
		})
	}
}

func TestDescriptorChecksumRejects(t *testing.T) {
	if _, ok := DescriptorChecksum("raw(\u00e9)"); ok {
		t.Error("non-charset character accepted")
	}
	if got := AddDescriptorChecksum("raw(\n)"); got != "raw(\n)#" {
		t.Errorf("AddDescriptorChecksum with bad char = %q", got)
	}
	bad := []string{
		"raw(deadbeef)",           // missing
		"raw(deadbeef)#89f8spx",   // short
		"raw(deadbeef)#89f8spxmx", // long
		"raw(deadbeef)#89f8spxn",  // wrong
		"raw(deadbeef)#89#f8spxm", // two '#'
		"raw(deadbeeF)#89f8spxm",  // case error
		"raw(deadbeef)#89F8SPXM",  // checksum case
	}
	for _, s := range bad {
		if _, ok := VerifyDescriptorChecksum(s); ok {
			t.Errorf("VerifyDescriptorChecksum(%q) accepted", s)
		}
	}
}

// TestDescriptorChecksumCoreOutputs checks the checksum of every "desc"
// Bitcoin Core printed in the functional-test data.
func TestDescriptorChecksumCoreOutputs(t *testing.T) {
	dir := testdata.Path(t, "bitcoin-core", "util")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, testdata.Path(t, "bitcoin-core", "rpc_decodescript.json"))
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walkDescs(v, func(desc string) {
			n++
			if _, ok := VerifyDescriptorChecksum(desc); !ok {
				t.Errorf("%s: checksum of %q does not verify", filepath.Base(f), desc)
			}
		})
	}
	if n < 30 {
		t.Fatalf("only %d descriptors found", n)
	}
	t.Logf("%d Core descriptors verified", n)
}

func walkDescs(v any, fn func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "desc" {
				fn(s)
				continue
			}
			walkDescs(e, fn)
		}
	case []any:
		for _, e := range x {
			walkDescs(e, fn)
		}
	}
}

func FuzzDescriptorChecksum(f *testing.F) {
	for _, s := range []string{"raw(deadbeef)", "addr(193P6LtvS4nCnkDvM9uXn1gsSRqh4aDAz7)", "", "pk(02aa)", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sum, ok := DescriptorChecksum(s)
		valid := true
		for i := 0; i < len(s); i++ {
			if !strings.ContainsRune(descInputCharset, rune(s[i])) || s[i] >= 0x80 {
				valid = false
			}
		}
		if ok != valid {
			t.Fatalf("ok = %v for %q", ok, s)
		}
		if !ok {
			return
		}
		if len(sum) != DescriptorChecksumLen {
			t.Fatalf("checksum %q", sum)
		}
		full := AddDescriptorChecksum(s)
		if d, ok := VerifyDescriptorChecksum(full); (strings.Contains(s, "#") && ok) || (!strings.Contains(s, "#") && (!ok || d != s)) {
			t.Fatalf("round trip of %q: %q %v", s, d, ok)
		}
		// Any single-character substitution within the charset is detected.
		if len(s) > 0 && !strings.Contains(s, "#") {
			b := []byte(s)
			i := int(sum[0]) % len(b)
			p := strings.IndexByte(descInputCharset, b[i])
			b[i] = descInputCharset[(p+1)%len(descInputCharset)]
			if b[i] != '#' {
				if s2, _ := DescriptorChecksum(string(b)); s2 == sum {
					t.Fatalf("substitution at %d of %q not detected", i, s)
				}
			}
		}
	})
}

func BenchmarkDescriptorChecksum(b *testing.B) {
	desc := "addr(bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq)"
	b.ReportAllocs()
	buf := make([]byte, 0, 8)
	for range b.N {
		buf, _ = descriptor.AppendChecksum(buf[:0], desc)
	}
}

// descInputCharset is BIP380's input character set, for the fuzz oracle.
const descInputCharset = "0123456789()[],'/*abcdefgh@:$%{}" +
	"IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~" +
	"ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "
