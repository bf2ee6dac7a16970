package descriptor

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// TestInferRoundTrip infers a descriptor from every script the Core and BIP
// cases produce (with the expansion's keys and scripts), and checks that it
// expands back to the same script and has the solvability Core expects.
func TestInferRoundTrip(t *testing.T) {
	params := chaincfg.MainNet()
	n := 0
	var descs []string
	for _, c := range coreCases {
		descs = append(descs, c.prv)
	}
	for _, v := range bipValid {
		descs = append(descs, v.desc)
	}
	for _, s := range descs {
		d := mustParse(t, s, params)
		e, err := d.Expand(0)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		for _, spk := range e.ScriptPubKeys {
			inf := InferDescriptor(spk, e, params)
			ie, err := inf.Expand(0)
			if err != nil {
				t.Fatalf("%s: inferred %s: %v", s, inf, err)
			}
			if len(ie.ScriptPubKeys) != 1 || !bytes.Equal(ie.ScriptPubKeys[0], spk) {
				t.Fatalf("%s: inferred %s expands to %x, want %x", s, inf, ie.ScriptPubKeys, spk)
			}
			if d.IsSolvable() && !inf.IsSolvable() {
				t.Fatalf("%s: inferred %s solvable %v", s, inf, inf.IsSolvable())
			}
			if _, err := Parse(inf.String(), params); err != nil {
				t.Fatalf("inferred %s does not parse: %v", inf, err)
			}
			n++
		}
	}
	t.Logf("%d scripts inferred and round-tripped", n)
}

func TestInferForms(t *testing.T) {
	params := chaincfg.MainNet()
	tests := []struct{ name, desc, want string }{
		{"wpkh with origin", "wpkh([d34db33f/84h/0h/0h]" + xpubD + "/0/*)", "wpkh([d34db33f/84h/0h/0h/0/0]02"},
		{"single key gets its own fingerprint", "pkh(" + pubC + ")", "pkh([9a1c78a5]" + pubC + ")"},
		{"sh(wpkh)", "sh(wpkh(" + pubC + "))", "sh(wpkh([9a1c78a5]" + pubC + "))"},
		{"tr key path", "tr(" + xonlyA + ")", "tr([c6581aca]" + xonlyA + ")"},
		{"tr key path from WIF", "tr(" + wifC + ")", "tr([9a1c78a5]" + xonlyA + ")"},
		{"rawtr", "rawtr(" + xonlyA + ")", "rawtr([c6581aca]" + xonlyA + ")"},
		{"tr tree", "tr(" + xonlyA + ",{pk(" + xonlyA + "),{pk(" + xonlyA + "),multi_a(1," + xonlyA + ")}})", "tr([c6581aca]" + xonlyA + ",{pk([c6581aca]" + xonlyA + "),{pk([c6581aca]" + xonlyA + "),multi_a(1,[c6581aca]" + xonlyA + ")}})"},
		{"raw", "raw(deadbeef)", "raw(deadbeef)"},
		{"addr", "addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)", "addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := mustParse(t, tc.desc, params)
			e, err := d.Expand(0)
			if err != nil {
				t.Fatal(err)
			}
			got := InferDescriptor(e.ScriptPubKeys[0], e, params).StringNoChecksum()
			if len(got) < len(tc.want) || got[:len(tc.want)] != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	// Unknown P2SH and P2WPKH scripts become addr().
	d := mustParse(t, "sh(wpkh("+pubC+"))", params)
	e, _ := d.Expand(0)
	if got := InferDescriptor(e.ScriptPubKeys[0], nil, params).StringNoChecksum(); got[:5] != "addr(" {
		t.Fatalf("unknown: %s", got)
	}
}

func TestValidDepths(t *testing.T) {
	tests := []struct {
		d    []int
		want bool
	}{
		{[]int{0}, true},
		{[]int{1, 1}, true},
		{[]int{1, 2, 2}, true},
		{[]int{2, 2, 1}, true},
		{[]int{1, 2, 3, 3}, true},
		{[]int{1}, false},
		{[]int{0, 0}, false},
		{[]int{1, 1, 1}, false},
		{[]int{2, 1}, false},
		{[]int{}, false},
	}
	for _, tc := range tests {
		if got := validDepths(tc.d); got != tc.want {
			t.Errorf("%v: got %v", tc.d, got)
		}
	}
}
