package descriptor

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// Flags of Core's descriptor_tests.cpp Check().
const (
	flagRange      = 1 // ranged descriptor
	flagHardened   = 2 // derivation needs the private keys
	flagUnsolvable = 4 // not solvable
)

const (
	xpubB  = "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB"
	xpubC  = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
	xpubF  = "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV"
	wifs16 = "KzoAz5CanayRKex3fSLQ2BwJpN7U52gZvxMyk78nDMHuqrUxuSJy,KwGNz6YCCQtYvFzMtrC6D3tKTKdBBboMrLTsjr2NYVBwapCkn7Mr,KxogYhiNfwxuswvXV66eFyKcCpm7dZ7TqHVqujHAVUjJxyivxQ9X,L2BUNduTSyZwZjwNHynQTF14mv2uz2NRq5n5sYWTb4FkkmqgEE9f,L1okJGHGn1kFjdXHKxXjwVVtmCMR2JA5QsbKCSpSb7ReQjezKeoD,KxDCNSST75HFPaW5QKpzHtAyaCQC7p9Vo3FYfi2u4dXD1vgMiboK,L5edQjFtnkcf5UWURn6UuuoFrabgDQUHdheKCziwN42aLwS3KizU,KzF8UWFcEC7BYTq8Go1xVimMkDmyNYVmXV5PV7RuDicvAocoPB8i,L3nHUboKG2w4VSJ5jYZ5CBM97oeK6YuKvfZxrefdShECcjEYKMWZ,KyjHo36dWkYhimKmVVmQTq3gERv3pnqA4xFCpvUgbGDJad7eS8WE,KwsfyHKRUTZPQtysN7M3tZ4GXTnuov5XRgjdF2XCG8faAPmFruRF,KzCUbGhN9LJhdeFfL9zQgTJMjqxdBKEekRGZX24hXdgCNCijkkap,KzgpMBwwsDLwkaC5UrmBgCYaBD2WgZ7PBoGYXR8KT7gCA9UTN5a3,KyBXTPy4T7YG4q9tcAM3LkvfRpD1ybHMvcJ2ehaWXaSqeGUxEdkP,KzJDe9iwJRPtKP2F2AoN6zBgzS7uiuAwhWCfGdNeYJ3PC1HNJ8M8,L1xbHrxynrqLKkoYc4qtoQPx6uy5qYXR5ZDYVYBSRmCV5piU3JG9"
)

// coreCase is one Check() of Core's descriptor_tests.cpp: the private and
// public forms, flags, the scripts per index, and the key paths that must
// appear among the expanded keys' origins.
type coreCase struct {
	prv, pub string
	flags    int
	scripts  [][]string
	paths    [][]uint32
}

var coreCases = []coreCase{
	// Basic single-key compressed.
	{"combo(" + wifC + ")", "combo(" + pubC + ")", 0, [][]string{{"2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac", "76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac", "00149a1c78a507689f6f54b847ad1cef1e614ee23f1e", "a91484ab21b1b2fd065d4504ff693d832434b6108d7b87"}}, [][]uint32{{}}},
	{"pk(" + wifC + ")", "pk(" + pubC + ")", 0, [][]string{{"2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac"}}, [][]uint32{{}}},
	{"pkh([deadbeef/1/2'/3/4']" + wifC + ")", "pkh([deadbeef/1/2'/3/4']" + pubC + ")", 0, [][]string{{"76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac"}}, [][]uint32{{1, 0x80000002, 3, 0x80000004}}},
	{"wpkh(" + wifC + ")", "wpkh(" + pubC + ")", 0, [][]string{{"00149a1c78a507689f6f54b847ad1cef1e614ee23f1e"}}, [][]uint32{{}}},
	{"sh(wpkh(" + wifC + "))", "sh(wpkh(" + pubC + "))", 0, [][]string{{"a91484ab21b1b2fd065d4504ff693d832434b6108d7b87"}}, [][]uint32{{}}},
	// Basic single-key uncompressed.
	{"combo(" + wifU + ")", "combo(" + pubU + ")", 0, [][]string{{"41" + pubU + "ac", "76a914b5bd079c4d57cc7fc28ecf8213a6b791625b818388ac"}}, [][]uint32{{}}},
	{"pk(" + wifU + ")", "pk(" + pubU + ")", 0, [][]string{{"41" + pubU + "ac"}}, [][]uint32{{}}},
	{"pkh(" + wifU + ")", "pkh(" + pubU + ")", 0, [][]string{{"76a914b5bd079c4d57cc7fc28ecf8213a6b791625b818388ac"}}, [][]uint32{{}}},
	// Unconventional single-key constructions.
	{"sh(pk(" + wifC + "))", "sh(pk(" + pubC + "))", 0, [][]string{{"a9141857af51a5e516552b3086430fd8ce55f7c1a52487"}}, [][]uint32{{}}},
	{"sh(pkh(" + wifC + "))", "sh(pkh(" + pubC + "))", 0, [][]string{{"a9141a31ad23bf49c247dd531a623c2ef57da3c400c587"}}, [][]uint32{{}}},
	{"wsh(pk(" + wifC + "))", "wsh(pk(" + pubC + "))", 0, [][]string{{"00202e271faa2325c199d25d22e1ead982e45b64eeb4f31e73dbdf41bd4b5fec23fa"}}, [][]uint32{{}}},
	{"wsh(pkh(" + wifC + "))", "wsh(pkh(" + pubC + "))", 0, [][]string{{"0020338e023079b91c58571b20e602d7805fb808c22473cbc391a41b1bd3a192e75b"}}, [][]uint32{{}}},
	{"sh(wsh(pk(" + wifC + ")))", "sh(wsh(pk(" + pubC + ")))", 0, [][]string{{"a91472d0c5a3bfad8c3e7bd5303a72b94240e80b6f1787"}}, [][]uint32{{}}},
	{"sh(wsh(pkh(" + wifC + ")))", "sh(wsh(pkh(" + pubC + ")))", 0, [][]string{{"a914b61b92e2ca21bac1e72a3ab859a742982bea960a87"}}, [][]uint32{{}}},
	// BIP32 derivations.
	{"combo([01234567]" + xprvA + ")", "combo([01234567]" + xpubA + ")", 0, [][]string{{"2102d2b36900396c9282fa14628566582f206a5dd0bcc8d5e892611806cafb0301f0ac", "76a91431a507b815593dfc51ffc7245ae7e5aee304246e88ac", "001431a507b815593dfc51ffc7245ae7e5aee304246e", "a9142aafb926eb247cb18240a7f4c07983ad1f37922687"}}, [][]uint32{{}}},
	{"pk(" + xprvE + "/0)", "pk(" + xpubE + "/0)", 0, [][]string{{"210379e45b3cf75f9c5f9befd8e9506fb962f6a9d185ac87001ec44a8d3df8d4a9e3ac"}}, [][]uint32{{0}}},
	{"pkh(" + xprvB + "/2147483647'/0)", "pkh(" + xpubB + "/2147483647'/0)", flagHardened, [][]string{{"76a914ebdc90806a9c4356c1c88e42216611e1cb4c1c1788ac"}}, [][]uint32{{0xFFFFFFFF, 0}}},
	{"wpkh([ffffffff/13']" + xprvD + "/1/2/*)", "wpkh([ffffffff/13']" + xpubD + "/1/2/*)", flagRange, [][]string{{"0014326b2249e3a25d5dc60935f044ee835d090ba859"}, {"0014af0bd98abc2f2cae66e36896a39ffe2d32984fb7"}, {"00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27"}}, [][]uint32{{0x8000000D, 1, 2, 0}, {0x8000000D, 1, 2, 1}, {0x8000000D, 1, 2, 2}}},
	{"sh(wpkh(" + xprvC + "/10/20/30/40/*'))", "sh(wpkh(" + xpubC + "/10/20/30/40/*'))", flagRange | flagHardened, [][]string{{"a9149a4d9901d6af519b2a23d4a2f51650fcba87ce7b87"}, {"a914bed59fc0024fae941d6e20a3b44a109ae740129287"}, {"a9148483aa1116eb9c05c482a72bada4b1db24af654387"}}, [][]uint32{{10, 20, 30, 40, 0x80000000}, {10, 20, 30, 40, 0x80000001}, {10, 20, 30, 40, 0x80000002}}},
	{"combo(" + xprvF + "/*)", "combo(" + xpubF + "/*)", flagRange, [][]string{
		{"2102df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076ac", "76a914f90e3178ca25f2c808dc76624032d352fdbdfaf288ac", "0014f90e3178ca25f2c808dc76624032d352fdbdfaf2", "a91408f3ea8c68d4a7585bf9e8bda226723f70e445f087"},
		{"21032869a233c9adff9a994e4966e5b821fd5bac066da6c3112488dc52383b4a98ecac", "76a914a8409d1b6dfb1ed2a3e8aa5e0ef2ff26b15b75b788ac", "0014a8409d1b6dfb1ed2a3e8aa5e0ef2ff26b15b75b7", "a91473e39884cb71ae4e5ac9739e9225026c99763e6687"}}, [][]uint32{{0}, {1}}},
	// Multisig.
	{"multi(1," + wifC + "," + wifU + ")", "multi(1," + pubC + "," + pubU + ")", 0, [][]string{{"5121" + pubC + "41" + pubU + "52ae"}}, [][]uint32{{}}},
	{"sortedmulti(1," + wifC + "," + wifU + ")", "sortedmulti(1," + pubC + "," + pubU + ")", 0, [][]string{{"5121" + pubC + "41" + pubU + "52ae"}}, [][]uint32{{}}},
	{"sortedmulti(1," + wifU + "," + wifC + ")", "sortedmulti(1," + pubU + "," + pubC + ")", 0, [][]string{{"5121" + pubC + "41" + pubU + "52ae"}}, [][]uint32{{}}},
	{"sh(multi(2,[00000000/111'/222]" + xprvA + "," + xprvE + "/0))", "sh(multi(2,[00000000/111'/222]" + xpubA + "," + xpubE + "/0))", 0, [][]string{{"a91445a9a622a8b0a1269944be477640eedc447bbd8487"}}, [][]uint32{{0x8000006F, 222}, {0}}},
	{"sortedmulti(2," + xprvA + "/*," + xprvE + "/0/0/*)", "sortedmulti(2," + xpubA + "/*," + xpubE + "/0/0/*)", flagRange, [][]string{
		{"5221025d5fc65ebb8d44a5274b53bac21ff8307fec2334a32df05553459f8b1f7fe1b62102fbd47cc8034098f0e6a94c6aeee8528abf0a2153a5d8e46d325b7284c046784652ae"},
		{"52210264fd4d1f5dea8ded94c61e9641309349b62f27fbffe807291f664e286bfbe6472103f4ece6dfccfa37b211eb3d0af4d0c61dba9ef698622dc17eecdf764beeb005a652ae"},
		{"5221022ccabda84c30bad578b13c89eb3b9544ce149787e5b538175b1d1ba259cbb83321024d902e1a2fc7a8755ab5b694c575fce742c48d9ff192e63df5193e4c7afe1f9c52ae"}}, [][]uint32{{0}, {1}, {2}, {0, 0, 0}, {0, 0, 1}, {0, 0, 2}}},
	{"wsh(multi(2," + xprvB + "/2147483647'/0," + xprvD + "/1/2/*," + xprvC + "/10/20/30/40/*'))", "wsh(multi(2," + xpubB + "/2147483647'/0," + xpubD + "/1/2/*," + xpubC + "/10/20/30/40/*'))", flagHardened | flagRange, [][]string{
		{"0020b92623201f3bb7c3771d45b2ad1d0351ea8fbf8cfe0a0e570264e1075fa1948f"},
		{"002036a08bbe4923af41cf4316817c93b8d37e2f635dd25cfff06bd50df6ae7ea203"},
		{"0020a96e7ab4607ca6b261bfe3245ffda9c746b28d3f59e83d34820ec0e2b36c139c"}}, [][]uint32{{0xFFFFFFFF, 0}, {1, 2, 0}, {1, 2, 1}, {1, 2, 2}, {10, 20, 30, 40, 0x80000000}, {10, 20, 30, 40, 0x80000001}, {10, 20, 30, 40, 0x80000002}}},
	{"sh(wsh(multi(16," + wifs16 + ")))", "sh(wsh(multi(16," + multi16Keys + ")))", 0, [][]string{{"a9147fc63e13dc25e8a95a3cee3d9a714ac3afd96f1e87"}}, [][]uint32{{}}},
	// Checksums.
	{"sh(multi(2,[00000000/111'/222]" + xprvA + "," + xprvE + "/0))#ggrsrxfy", "sh(multi(2,[00000000/111'/222]" + xpubA + "," + xpubE + "/0))#tjg09x5t", 0, [][]string{{"a91445a9a622a8b0a1269944be477640eedc447bbd8487"}}, [][]uint32{{0x8000006F, 222}, {0}}},
	// Taproot (BIP386 cases checked the Core way).
	{"tr(" + wifC + ")", "tr(" + xonlyA + ")", 0, [][]string{{"512077aab6e066f8a7419c5ab714c12c67d25007ed55a43cadcacb4d7a970a093f11"}}, [][]uint32{{}}},
}

// stripChecksum removes a "#checksum" suffix.
func stripChecksum(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[:i]
	}
	return s
}

// runCoreCase is Core's DoCheck for one spelling of a case.
func runCoreCase(t *testing.T, c coreCase) {
	t.Helper()
	params := chaincfg.MainNet()
	prv, err := Parse(c.prv, params)
	if err != nil {
		t.Fatalf("parse %s: %v", c.prv, err)
	}
	pub, err := Parse(c.pub, params)
	if err != nil {
		t.Fatalf("parse %s: %v", c.pub, err)
	}
	if !prv.HasPrivateKeys() || pub.HasPrivateKeys() {
		t.Fatalf("HasPrivateKeys: prv %v pub %v", prv.HasPrivateKeys(), pub.HasPrivateKeys())
	}
	for _, d := range []*Descriptor{prv, pub} {
		if got := d.StringNoChecksum(); got != stripChecksum(c.pub) {
			t.Errorf("public string:\n got %s\nwant %s", got, stripChecksum(c.pub))
		}
		if strings.Contains(c.pub, "#") && d.String() != c.pub {
			t.Errorf("public string with checksum: got %s want %s", d.String(), c.pub)
		}
		if d.IsRange() != (c.flags&flagRange != 0) {
			t.Errorf("IsRange %v", d.IsRange())
		}
		if d.IsSolvable() != (c.flags&flagUnsolvable == 0) {
			t.Errorf("IsSolvable %v", d.IsSolvable())
		}
	}
	ps, err := prv.PrivateString()
	if err != nil || stripChecksum(ps) != stripChecksum(c.prv) {
		t.Errorf("private string:\n got %s (%v)\nwant %s", ps, err, c.prv)
	}
	if _, err := pub.PrivateString(); !errors.Is(err, ErrNoPrivateKeys) {
		t.Errorf("public PrivateString: %v", err)
	}
	n := 3
	if c.flags&flagRange != 0 {
		n = len(c.scripts)
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		ref := c.scripts[0]
		if c.flags&flagRange != 0 {
			ref = c.scripts[i]
		}
		for _, d := range []*Descriptor{prv, pub} {
			e, err := d.Expand(uint32(i))
			if d == pub && c.flags&flagHardened != 0 {
				if !errors.Is(err, ErrCannotDerive) {
					t.Errorf("hardened public Expand(%d): %v", i, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("Expand(%d): %v", i, err)
			}
			got := make([]string, len(e.ScriptPubKeys))
			for j, s := range e.ScriptPubKeys {
				got[j] = hex.EncodeToString(s)
			}
			if !slices.Equal(got, ref) {
				t.Errorf("Expand(%d):\n got %v\nwant %v", i, got, ref)
			}
			for _, o := range e.PubKeys {
				key := pathKey(o.Path)
				if !containsPath(c.paths, o.Path) {
					t.Errorf("unexpected key path %v", o.Path)
				}
				seen[key] = true
			}
			if d == prv && len(e.PrivKeys) == 0 {
				t.Errorf("no private keys expanded")
			}
			if d == pub && len(e.PrivKeys) != 0 {
				t.Errorf("private keys from public descriptor")
			}
		}
	}
	for _, p := range c.paths {
		if !seen[pathKey(p)] {
			t.Errorf("key path %v not seen", p)
		}
	}
}

func pathKey(p []uint32) string {
	var b []byte
	for _, i := range p {
		b = appendUint(b, uint64(i))
		b = append(b, '/')
	}
	return string(b)
}

func containsPath(paths [][]uint32, p []uint32) bool {
	for _, q := range paths {
		if slices.Equal(q, p) {
			return true
		}
	}
	return false
}

// withH replaces apostrophes by "h" and recomputes a checksum.
func withH(s string) string {
	had := strings.Contains(s, "#")
	s = strings.ReplaceAll(stripChecksum(s), "'", "h")
	if had {
		s, _ = AddChecksum(s)
	}
	return s
}

// TestCoreDescriptorCases runs Core's descriptor_tests.cpp Check() cases,
// also with every "'" spelled "h" (Core keeps the marker the input used).
func TestCoreDescriptorCases(t *testing.T) {
	runs := 0
	for _, c := range coreCases {
		t.Run(stripChecksum(c.pub), func(t *testing.T) {
			runCoreCase(t, c)
			runs++
			if strings.Contains(c.prv, "'") {
				h := c
				h.prv, h.pub = withH(c.prv), withH(c.pub)
				runCoreCase(t, h)
				runs++
			}
		})
	}
	t.Logf("%d Core Check() cases (%d runs with both hardened markers) passed", len(coreCases), runs)
}

// TestCoreUnparsable runs Core's CheckUnparsable cases: both spellings
// fail, with Core's current message (prefixes like "wpkh(): " are Core's
// since it names the function).
func TestCoreUnparsable(t *testing.T) {
	tests := []struct{ prv, pub, msg string }{
		{"sh(wpkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY2))", "sh(wpkh(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5))", "wpkh(): Pubkey '03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5' is invalid"},
		{"pkh(deadbeef/1/2'/3/4']" + wifC + ")", "pkh(deadbeef/1/2'/3/4']" + pubC + ")", "pkh(): Key origin start '[ character expected but not found, got 'd' instead"},
		{"pkh([deadbeef]/1/2'/3/4']" + wifC + ")", "pkh([deadbeef]/1/2'/3/4']" + pubC + ")", "pkh(): Multiple ']' characters found for a single pubkey"},
		{"wpkh(" + wifU + ")", "wpkh(" + pubU + ")", "wpkh(): Uncompressed keys are not allowed"},
		{"wsh(pk(" + wifU + "))", "wsh(pk(" + pubU + "))", "pk(): Uncompressed keys are not allowed"},
		{"sh(wpkh(" + wifU + "))", "sh(wpkh(" + pubU + "))", "wpkh(): Uncompressed keys are not allowed"},
		{"combo([012345678]" + xprvA + ")", "combo([012345678]" + xpubA + ")", "combo(): Fingerprint is not 4 bytes (9 characters instead of 8 characters)"},
		{"pkh(" + xprvB + "/2147483648)", "pkh(" + xpubB + "/2147483648)", "pkh(): Key path value 2147483648 is out of range"},
		{"pkh(" + xprvB + "/1aa)", "pkh(" + xpubB + "/1aa)", "pkh(): Key path value '1aa' is not a valid uint32"},
		{"sh(multi(16," + wifs16 + "))", "sh(multi(16," + multi16Keys + "))", "P2SH script is too large, 547 bytes is larger than 520 bytes"},
		{"wsh(multi(2,[aaaaaaaa][aaaaaaaa]" + xprvB + "/2147483647'/0," + xprvD + "/1/2/*)", "wsh(multi(2,[aaaaaaaa][aaaaaaaa]" + xpubB + "/2147483647'/0," + xpubD + "/1/2/*))", "Multi: Multiple ']' characters found for a single pubkey"},
		{"wsh(multi(2,[aaaagaaa]" + xprvB + "/2147483647'/0," + xprvD + "/1/2/*))", "wsh(multi(2,[aaagaaaa]" + xpubB + "/2147483647'/0," + xpubD + "/1/2/*))", ""},
		{"wsh(multi(2,[aaaaaaaa]," + xprvD + "/1/2/*))", "wsh(multi(2,[aaaaaaaa]," + xpubD + "/1/2/*))", "Multi: No key provided"},
		{"wsh(multi(2,[aaaaaaa]" + xprvB + "/2147483647'/0," + xprvD + "/1/2/*))", "wsh(multi(2,[aaaaaaa]" + xpubB + "/2147483647'/0," + xpubD + "/1/2/*))", "Multi: Fingerprint is not 4 bytes (7 characters instead of 8 characters)"},
		{"wsh(multi(2,[aaaaaaaaa]" + xprvB + "/2147483647'/0," + xprvD + "/1/2/*))", "wsh(multi(2,[aaaaaaaaa]" + xpubB + "/2147483647'/0," + xpubD + "/1/2/*))", "Multi: Fingerprint is not 4 bytes (9 characters instead of 8 characters)"},
		{"multi(a," + wifC + "," + wifU + ")", "multi(a," + pubC + "," + pubU + ")", "Multi threshold 'a' is not valid"},
		{"multi(0," + wifC + "," + wifU + ")", "multi(0," + pubC + "," + pubU + ")", "Multisig threshold cannot be 0, must be at least 1"},
		{"multi(3," + wifC + "," + wifU + ")", "multi(3," + pubC + "," + pubU + ")", "Multisig threshold cannot be larger than the number of keys; threshold is 3 but only 2 keys specified"},
		{"multi(3,KzoAz5CanayRKex3fSLQ2BwJpN7U52gZvxMyk78nDMHuqrUxuSJy,KwGNz6YCCQtYvFzMtrC6D3tKTKdBBboMrLTsjr2NYVBwapCkn7Mr,KxogYhiNfwxuswvXV66eFyKcCpm7dZ7TqHVqujHAVUjJxyivxQ9X,L2BUNduTSyZwZjwNHynQTF14mv2uz2NRq5n5sYWTb4FkkmqgEE9f)", "multi(3,03669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0,0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600,0362a74e399c39ed5593852a30147f2959b56bb827dfa3e60e464b02ccf87dc5e8,0261345b53de74a4d721ef877c255429961b7e43714171ac06168d7e08c542a8b8)", "Cannot have 4 pubkeys in bare multisig; only at most 3 pubkeys"},
		{"sh(multi(16," + wifs16 + "," + wifC + "))", "sh(multi(16," + multi16Keys + "," + pubC + "))", "P2SH script is too large, 581 bytes is larger than 520 bytes"},
		{"sh(" + wifC + ")", "sh(" + pubC + ")", "A function is needed within P2SH"},
		{"sh(combo(" + wifC + "))", "sh(combo(" + pubC + "))", "Can only have combo() at top level"},
		{"wsh(" + wifC + ")", "wsh(" + pubC + ")", "A function is needed within P2WSH"},
		{"wsh(wpkh(" + wifC + "))", "wsh(wpkh(" + pubC + "))", "Can only have wpkh() at top level or inside sh()"},
		{"wsh(sh(pk(" + wifC + ")))", "wsh(sh(pk(" + pubC + ")))", "Can only have sh() at top level"},
		{"sh(sh(pk(" + wifC + ")))", "sh(sh(pk(" + pubC + ")))", "Can only have sh() at top level"},
		{"wsh(wsh(pk(" + wifC + ")))", "wsh(wsh(pk(" + pubC + ")))", "Can only have wsh() at top level or inside sh()"},
		{"pk(" + pubC + ")#", "pk(" + pubC + ")#", "Expected 8 character checksum, not 0 characters"},
		{"sh(multi(3,[00000000/111'/222]" + xprvA + "," + xprvE + "/0))#ggrsrxfy", "sh(multi(3,[00000000/111'/222]" + xpubA + "," + xpubE + "/0))#tjg09x5t", "Provided checksum 'tjg09x5t' does not match computed checksum 'd4x0uxyv'"},
		{"sh(multi(2,[00000000/111'/222]" + xprvA + "," + xprvE + "/0))##ggssrxfy", "sh(multi(2,[00000000/111'/222]" + xpubA + "," + xpubE + "/0))##tjq09x4t", "Multiple '#' symbols"},
		{"sh(multi(2,[00000000/111'/222]" + xprvA + "," + xprvE + "/0))#ggssrxfy", "sh(multi(2,[00000000/111'/222]" + xpubA + "," + xpubE + "/0))#tjq09x4t", "Provided checksum 'tjq09x4t' does not match computed checksum 'tjg09x5t'"},
		{"addr(asdf)", "addr(asdf)", "Address is not valid"},
		{"raw(asdf)", "raw(asdf)", "Raw script is not hex"},
		{"raw(Ü)#00000000", "raw(Ü)#00000000", "Invalid characters in payload"},
		{"pk(" + xprvA + "/<0;1>/*)", "pk(" + xpubA + "/<0;1>/*)", ""},
		{"tr(" + xonlyA + ",multi(1," + pubC + "))", "tr(" + xonlyA + ",multi(1," + pubC + "))", "Can only have multi/sortedmulti at top level, in sh(), or in wsh()"},
		{"wsh(multi_a(1," + pubC + "))", "wsh(multi_a(1," + pubC + "))", "Can only have multi_a/sortedmulti_a inside tr()"},
		{"tr(" + xonlyA + ",{pk(" + xonlyA + ")})", "tr(" + xonlyA + ",{pk(" + xonlyA + ")})", "tr(): expected ',' after script expression"},
		{"tr(" + xonlyA + ",{pk(" + xonlyA + "),pk(" + xonlyA + "))", "tr(" + xonlyA + ",{pk(" + xonlyA + "),pk(" + xonlyA + "))", "tr(): expected '}' after script expression"},
		{"rawtr(" + xonlyA + "," + xonlyA + ")", "rawtr(" + xonlyA + "," + xonlyA + ")", "rawtr(): only one key expected."},
		{"pk(" + pubC + " )", "pk( " + pubC + ")", "pk(): Key ' " + pubC + "' is invalid due to whitespace"},
		{"pk(06a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235)", "pk(07a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235)", "pk(): Hybrid public keys are not allowed"},
		{"foo(" + pubC + ")", "foo(" + pubC + ")", "'foo(" + pubC + ")' is not a valid descriptor function"},
	}
	params := chaincfg.MainNet()
	for _, tc := range tests {
		_, errPrv := Parse(tc.prv, params)
		_, errPub := Parse(tc.pub, params)
		if errPrv == nil || errPub == nil {
			t.Errorf("parsed: %s / %s", tc.prv, tc.pub)
			continue
		}
		if tc.msg != "" && errPub.Error() != tc.msg {
			t.Errorf("%s:\n got %q\nwant %q", tc.pub, errPub.Error(), tc.msg)
		}
	}
	t.Logf("%d Core CheckUnparsable cases rejected", len(tests))
}
