package descriptor

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// FuzzParse checks that Parse never panics and that a parsed descriptor's
// public and private strings parse back to the same public string, and that
// Expand does not panic.
func FuzzParse(f *testing.F) {
	for _, v := range bipValid {
		f.Add(v.desc)
	}
	for _, v := range bipInvalid {
		f.Add(v.desc)
	}
	for _, c := range coreCases {
		f.Add(c.prv)
		f.Add(c.pub)
	}
	f.Add("wsh(multi(1," + xpubA + "/<0;1>/*," + xpubE + "/<2;3>/*))")
	params := chaincfg.MainNet()
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		if ds, err := ParseMultipath(s, params); err == nil {
			for _, d := range ds {
				if _, err := Parse(d.String(), params); err != nil {
					t.Fatalf("multipath expansion %q does not parse: %v", d, err)
				}
			}
		}
		d, err := Parse(s, params)
		if err != nil {
			return
		}
		pub := d.String()
		d2, err := Parse(pub, params)
		if err != nil {
			t.Fatalf("public form %q of %q does not parse: %v", pub, s, err)
		}
		if d2.String() != pub {
			t.Fatalf("public form not stable: %q -> %q", pub, d2.String())
		}
		if ps, err := d.PrivateString(); err == nil {
			d3, err := Parse(ps, params)
			if err != nil || d3.String() != pub {
				t.Fatalf("private form %q: %v", ps, err)
			}
		}
		if ns, err := d.NormalizedString(); err == nil {
			if _, err := Parse(ns, params); err != nil {
				t.Fatalf("normalized form %q does not parse: %v", ns, err)
			}
		}
		if e, err := d.Expand(0); err == nil {
			for _, spk := range e.ScriptPubKeys {
				_ = InferDescriptor(spk, e, params)
			}
		}
		_, _ = d.Expand(1 << 31)
	})
}

// FuzzChecksum checks SplitChecksum against Checksum.
func FuzzChecksum(f *testing.F) {
	f.Add("raw(deadbeef)#89f8spxm")
	f.Add("raw(deadbeef)")
	f.Add("raw(Ü)#00000000")
	f.Fuzz(func(t *testing.T, s string) {
		payload, sum, err := SplitChecksum(s, false)
		if err != nil {
			return
		}
		if c, err := Checksum(payload); err != nil || c != sum {
			t.Fatalf("checksum mismatch for %q", s)
		}
		withSum, _ := AddChecksum(payload)
		if _, _, err := SplitChecksum(withSum, true); err != nil {
			t.Fatalf("AddChecksum(%q) does not verify: %v", payload, err)
		}
	})
}

// FuzzInferDescriptor checks that inferring a descriptor from any script
// never panics and gives a descriptor that parses and expands back to the
// script.
func FuzzInferDescriptor(f *testing.F) {
	for _, v := range bipValid {
		for _, s := range v.scripts {
			f.Add(mustHex(s))
		}
	}
	f.Add([]byte{})
	params := chaincfg.MainNet()
	f.Fuzz(func(t *testing.T, script []byte) {
		d := InferDescriptor(script, nil, params)
		if len(script) == 0 {
			// raw() of an empty script does not parse, in Core too.
			return
		}
		p, err := Parse(d.String(), params)
		if err != nil {
			t.Fatalf("inferred %s does not parse: %v", d, err)
		}
		e, err := p.Expand(0)
		if err != nil || len(e.ScriptPubKeys) != 1 || string(e.ScriptPubKeys[0]) != string(script) {
			t.Fatalf("inferred %s does not give back %x", d, script)
		}
	})
}
