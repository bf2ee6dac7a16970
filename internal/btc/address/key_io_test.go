package address

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/testdata"
)

// keyIOValid is one row of key_io_valid.json.
type keyIOValid struct {
	str     string
	payload []byte
	meta    struct {
		Chain        string `json:"chain"`
		IsPrivkey    bool   `json:"isPrivkey"`
		IsCompressed bool   `json:"isCompressed"`
		TryCaseFlip  bool   `json:"tryCaseFlip"`
	}
}

func loadKeyIOValid(tb testing.TB, path string) []keyIOValid {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var rows [][]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		tb.Fatal(err)
	}
	out := make([]keyIOValid, 0, len(rows))
	for i, r := range rows {
		if len(r) != 3 {
			tb.Fatalf("row %d: %d fields", i, len(r))
		}
		var v keyIOValid
		var payload string
		if err := json.Unmarshal(r[0], &v.str); err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(r[1], &payload); err != nil {
			tb.Fatal(err)
		}
		if v.payload, err = hex.DecodeString(payload); err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(r[2], &v.meta); err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func loadKeyIOInvalid(tb testing.TB, path string) []string {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var rows [][]string
	if err := json.Unmarshal(raw, &rows); err != nil {
		tb.Fatal(err)
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r[0])
	}
	return out
}

// flipCase swaps the case of every ASCII letter, as Core's key_io test does.
func flipCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// TestKeyIOValid mirrors Core's key_io_valid_parse and key_io_valid_gen:
// each string decodes to its script (or key) on its chain, is not valid as
// the other kind, decodes after a case flip exactly when tryCaseFlip says
// so, and the script (or key) encodes back to the exact string.
func TestKeyIOValid(t *testing.T) {
	rows := loadKeyIOValid(t, testdata.Path(t, "bitcoin-core", "key_io_valid.json"))
	var addrs, keys int
	for _, v := range rows {
		t.Run(v.meta.Chain+"/"+v.str, func(t *testing.T) {
			p, err := chaincfg.ByName(v.meta.Chain)
			if err != nil {
				t.Fatal(err)
			}
			if v.meta.IsPrivkey {
				priv, compressed, err := DecodeWIF(v.str, p)
				if err != nil {
					t.Fatalf("DecodeWIF: %v", err)
				}
				if got := priv.Key.Bytes(); !bytes.Equal(got[:], v.payload) || compressed != v.meta.IsCompressed {
					t.Fatalf("key %x compressed=%v, want %x %v", got, compressed, v.payload, v.meta.IsCompressed)
				}
				if _, err := Decode(v.str, p); err == nil {
					t.Fatal("private key decodes as an address")
				}
				if got := EncodeWIF(priv, compressed, p); got != v.str {
					t.Fatalf("EncodeWIF = %s", got)
				}
				keys++
				return
			}
			addr, err := Decode(v.str, p)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !bytes.Equal(addr.ScriptPubKey(), v.payload) {
				t.Fatalf("script %x, want %x", addr.ScriptPubKey(), v.payload)
			}
			if _, _, err := DecodeWIF(v.str, p); err == nil {
				t.Fatal("address decodes as a private key")
			}
			flipped, err := Decode(flipCase(v.str), p)
			if (err == nil) != v.meta.TryCaseFlip {
				t.Fatalf("case-flipped decode err = %v, tryCaseFlip = %v", err, v.meta.TryCaseFlip)
			}
			if err == nil && !bytes.Equal(flipped.ScriptPubKey(), v.payload) {
				t.Fatalf("case-flipped script %x", flipped.ScriptPubKey())
			}
			gen, err := FromScriptPubKey(v.payload, p)
			if err != nil {
				t.Fatalf("FromScriptPubKey: %v", err)
			}
			if gen.String() != v.str {
				t.Fatalf("encodes to %s", gen.String())
			}
			if addr.String() != v.str {
				t.Fatalf("decoded address prints as %s", addr.String())
			}
			addrs++
		})
	}
	t.Logf("key_io_valid: %d rows (%d addresses, %d WIF keys)", len(rows), addrs, keys)
	if addrs+keys != len(rows) {
		t.Fatalf("passed %d of %d", addrs+keys, len(rows))
	}
}

// TestKeyIOInvalid: every string must fail as an address and as a WIF key
// on every network.
func TestKeyIOInvalid(t *testing.T) {
	rows := loadKeyIOInvalid(t, testdata.Path(t, "bitcoin-core", "key_io_invalid.json"))
	var checks int
	for _, s := range rows {
		for _, name := range chaincfg.Names() {
			p, err := chaincfg.ByName(name)
			if err != nil {
				t.Fatal(err)
			}
			if a, err := Decode(s, p); err == nil {
				t.Errorf("%s: %q decodes as %T %s", name, s, a, a)
			}
			if _, _, err := DecodeWIF(s, p); err == nil {
				t.Errorf("%s: %q decodes as a WIF key", name, s)
			}
			checks++
		}
	}
	t.Logf("key_io_invalid: %d strings x %d networks rejected", len(rows), len(chaincfg.Names()))
	if checks != len(rows)*len(chaincfg.Names()) {
		t.Fatal("not every string was checked")
	}
}
