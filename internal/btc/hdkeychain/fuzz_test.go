package hdkeychain

import (
	"testing"
)

func FuzzParseExtendedKey(f *testing.F) {
	for _, v := range bip32Vectors {
		for _, s := range v.steps {
			f.Add(s.priv)
			f.Add(s.pub)
		}
	}
	f.Add("tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseExtendedKey(s)
		if err != nil {
			return
		}
		if got := k.String(); got != s {
			t.Fatalf("round trip: %s -> %s", s, got)
		}
		if _, err := k.Child(1); err != nil && k.Depth() != MaxDepth {
			t.Fatalf("child: %v", err)
		}
	})
}

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"m/84'/1'/0'/0/5", "84h/1h/0h", "m", "", "m/2147483647H", "1//2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePath(s)
		if err != nil {
			return
		}
		q, err := ParsePath(FormatPath(p))
		if err != nil || len(q) != len(p) {
			t.Fatalf("round trip of %q: %v", s, err)
		}
		for i := range p {
			if p[i] != q[i] {
				t.Fatalf("round trip of %q", s)
			}
		}
	})
}

func FuzzMnemonicToEntropy(f *testing.F) {
	for _, v := range bip39Vectors {
		f.Add(v.mnemonic)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ent, err := MnemonicToEntropy(s)
		if err != nil {
			return
		}
		m, err := NewMnemonic(ent)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := MnemonicToEntropy(m); err != nil {
			t.Fatal(err)
		}
	})
}
