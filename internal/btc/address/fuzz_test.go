package address

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/testdata"
)

// fuzzSeeds returns the key_io strings as seeds (nothing when the shared
// test data is absent).
func fuzzSeeds() []string {
	dir, err := testdata.Locate()
	if err != nil {
		return nil
	}
	var seeds []string
	for _, name := range []string{"key_io_valid.json", "key_io_invalid.json"} {
		raw, err := os.ReadFile(filepath.Join(dir, "bitcoin-core", name))
		if err != nil {
			continue
		}
		var rows [][]json.RawMessage
		if json.Unmarshal(raw, &rows) != nil {
			continue
		}
		for _, r := range rows {
			var s string
			if len(r) > 0 && json.Unmarshal(r[0], &s) == nil {
				seeds = append(seeds, s)
			}
		}
	}
	return seeds
}

// FuzzDecode checks that Decode and DecodeWIF never panic, and that every
// accepted address re-encodes to its input (lower-cased for Bech32), decodes
// again to the same script, and is recovered by FromScriptPubKey.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Add("bc1pfeessrawgf")
	f.Add("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH")
	nets := make([]*chaincfg.Params, 0, len(chaincfg.Names()))
	for _, n := range chaincfg.Names() {
		p, err := chaincfg.ByName(n)
		if err != nil {
			f.Fatal(err)
		}
		nets = append(nets, p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range nets {
			if priv, compressed, err := DecodeWIF(s, p); err == nil {
				if EncodeWIF(priv, compressed, p) != s {
					t.Fatalf("%s: WIF %q does not re-encode", p.Name, s)
				}
			}
			a, err := Decode(s, p)
			if err != nil {
				continue
			}
			enc := a.String()
			if enc != s && enc != strings.ToLower(s) {
				t.Fatalf("%s: %q re-encodes as %q", p.Name, s, enc)
			}
			script := a.ScriptPubKey()
			b, err := Decode(enc, p)
			if err != nil || !bytes.Equal(b.ScriptPubKey(), script) {
				t.Fatalf("%s: %q does not decode again: %v", p.Name, enc, err)
			}
			c, err := FromScriptPubKey(script, p)
			if err != nil || c.String() != enc {
				t.Fatalf("%s: FromScriptPubKey(%x) = %v, %v", p.Name, script, c, err)
			}
		}
	})
}
