package descriptor

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func TestParseMultipath(t *testing.T) {
	params := chaincfg.MainNet()
	ds, err := ParseMultipath("wpkh([ffffffff/13']"+xpubD+"/<1;3>/2/*)", params)
	if err != nil || len(ds) != 2 {
		t.Fatalf("%v %v", ds, err)
	}
	if ds[0].StringNoChecksum() != "wpkh([ffffffff/13h]"+xpubD+"/1/2/*)" || ds[1].StringNoChecksum() != "wpkh([ffffffff/13h]"+xpubD+"/3/2/*)" {
		t.Fatalf("%s %s", ds[0], ds[1])
	}
	e, _ := ds[0].Expand(0)
	if got := e.ScriptPubKeys[0]; string(got) != string(mustHex("0014326b2249e3a25d5dc60935f044ee835d090ba859")) {
		t.Fatalf("%x", got)
	}
	addrs, err := DeriveAddressesMultipath(ds, &[2]int64{0, 1})
	if err != nil || len(addrs) != 2 || len(addrs[0]) != 2 {
		t.Fatalf("%v %v", addrs, err)
	}
	// Two keys in lockstep.
	ds, err = ParseMultipath("wsh(multi(1,"+xpubA+"/<0;1>/*,"+xpubE+"/<2;3>/*))", params)
	if err != nil || len(ds) != 2 || ds[1].StringNoChecksum() != "wsh(multi(1,"+xpubA+"/1/*,"+xpubE+"/3/*))" {
		t.Fatalf("%v %v", ds, err)
	}
	// No multipath: one descriptor, checksum checked.
	ds, err = ParseMultipathWithChecksum("raw(deadbeef)#89f8spxm", params)
	if err != nil || len(ds) != 1 {
		t.Fatalf("%v %v", ds, err)
	}
	bad := []struct{ desc, msg string }{
		{"wpkh(" + xpubD + "/<0>/*)", "Multipath key path specifiers must have at least two items"},
		{"wpkh(" + xpubD + "/<0;0>/*)", "Duplicated key path value 0 in multipath specifier"},
		{"wpkh(" + xpubD + "/<0;1>/<2;3>/*)", "Multiple multipath key path specifiers found"},
		{"wpkh([deadbeef/<0;1>]" + xpubD + "/*)", "Key path value '<0;1>' specifies multipath in a section where multipath is not allowed"},
		{"wsh(multi(1," + xpubA + "/<0;1>/*," + xpubE + "/<2;3;4>/*))", "Multipath derivation paths have mismatched lengths"},
		{"wpkh(" + xpubD + "/<0;x>/*)", "Key path value 'x' is not a valid uint32"},
	}
	for _, tc := range bad {
		_, err := ParseMultipath(tc.desc, params)
		if !errors.Is(err, ErrInvalidDescriptor) || err.Error() != tc.msg {
			t.Errorf("%s: got %v want %s", tc.desc, err, tc.msg)
		}
	}
	if _, err := Parse("wpkh("+xpubD+"/<0;1>/*)", params); err == nil {
		t.Fatal("Parse accepted a multipath descriptor")
	}
}
