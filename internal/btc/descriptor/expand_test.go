package descriptor

import (
	"bytes"

	"crypto/sha256"
	"encoding/hex"
	"errors"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"slices"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
)

func mustParse(t testing.TB, s string, params *chaincfg.Params) *Descriptor {
	t.Helper()
	d, err := Parse(s, params)
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return d
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestExpandScriptsAndKeys(t *testing.T) {
	d := mustParse(t, "sh(wsh(pkh("+wifC+")))", chaincfg.MainNet())
	e, err := d.Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	ws := mustHex("76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac")
	wsHash := sha256.Sum256(ws)
	if got := e.Scripts[hex.EncodeToString(wsHash[:])]; !bytes.Equal(got, ws) {
		t.Fatalf("witnessScript: %x", got)
	}
	redeem := append([]byte{0, 32}, wsHash[:]...)
	rh := crypto.Hash160(redeem)
	if got := e.Scripts[hex.EncodeToString(rh[:])]; !bytes.Equal(got, redeem) {
		t.Fatalf("redeemScript: %x", got)
	}
	o, ok := e.PubKeys[pubC]
	if !ok || hex.EncodeToString(o.Fingerprint[:]) != "9a1c78a5" || len(o.Path) != 0 {
		t.Fatalf("origin %+v %v", o, ok)
	}
	if len(e.PrivKeys[pubC]) != 32 {
		t.Fatal("private key missing")
	}
}

func TestExpandTaproot(t *testing.T) {
	desc := "tr(" + xonlyA + ",{pk(" + xprvF + "/0),{{pk(" + xpubA + "),pk(02df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076)},pk(" + wifC + ")}})"
	d := mustParse(t, desc, chaincfg.MainNet())
	e, err := d.Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	spk := e.ScriptPubKeys[0]
	info := e.Taproot[hex.EncodeToString(spk[2:])]
	if info == nil {
		t.Fatal("no taproot info for the output key")
	}
	if hex.EncodeToString(info.InternalKey) != xonlyA || len(info.MerkleRoot) != 32 || len(info.Leaves) != 4 {
		t.Fatalf("info %+v", info)
	}
	for i, l := range info.Leaves {
		if l.LeafVersion != txscript.BaseLeafVersion || len(l.Script) != 34 || l.Script[33] != 0xac {
			t.Fatalf("leaf %d: %x", i, l.Script)
		}
		lh := txscript.TapLeafHash(l.LeafVersion, l.Script)
		if !txscript.VerifyTaprootCommitment(l.ControlBlock, spk[2:], lh) {
			t.Fatalf("leaf %d control block does not commit to the output", i)
		}
		// Keys of leaves are recorded x-only.
		if _, ok := e.PubKeys[hex.EncodeToString(l.Script[1:33])]; !ok {
			t.Fatalf("leaf %d key not recorded", i)
		}
	}
	// Leaves are in the descriptor's order (depth-first).
	if hex.EncodeToString(info.Leaves[2].Script[1:33]) != "df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076" {
		t.Fatalf("leaf order: %x", info.Leaves[2].Script)
	}
	// Private keys: the xprv leaf and the WIF leaf.
	if len(e.PrivKeys) != 2 {
		t.Fatalf("%d private keys", len(e.PrivKeys))
	}
	if _, ok := e.PrivKeys[xonlyA]; !ok {
		t.Fatal("WIF leaf key (x-only) has no private key")
	}
	// Key-path only: no Merkle root, no leaves.
	e2, err := mustParse(t, "tr("+xonlyA+")", chaincfg.MainNet()).Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range e2.Taproot {
		if ti.MerkleRoot != nil || len(ti.Leaves) != 0 {
			t.Fatalf("key-path info %+v", ti)
		}
	}
}

func TestMultiA(t *testing.T) {
	k1 := "669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0"
	k2 := xonlyA
	params := chaincfg.MainNet()
	tests := []struct {
		name, leaf, script string
	}{
		{"multi_a", "multi_a(1," + k1 + "," + k2 + ")", "20" + k1 + "ac20" + k2 + "ba519c"},
		{"sortedmulti_a", "sortedmulti_a(2," + k1 + "," + k2 + ")", "20" + k1 + "ac20" + k2 + "ba529c"},
		{"sortedmulti_a reorders", "sortedmulti_a(2," + k2 + "," + k1 + ")", "20" + k1 + "ac20" + k2 + "ba529c"},
		{"compressed key in multi_a", "multi_a(1," + pubC + ")", "20" + xonlyA + "ac519c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := mustParse(t, "tr("+xonlyA+","+tc.leaf+")", params)
			e, err := d.Expand(0)
			if err != nil {
				t.Fatal(err)
			}
			for _, ti := range e.Taproot {
				if got := hex.EncodeToString(ti.Leaves[0].Script); got != tc.script {
					t.Fatalf("got %s want %s", got, tc.script)
				}
			}
			if d.StringNoChecksum() != "tr("+xonlyA+","+tc.leaf+")" {
				t.Fatalf("string %s", d.StringNoChecksum())
			}
		})
	}
	// 17 keys push the threshold as a number, not OP_n.
	leaf := "multi_a(17"
	seed := sha256.Sum256([]byte("multi_a"))
	for i := 0; i < 17; i++ {
		priv := sha256.Sum256(append(seed[:], byte(i)))
		d := mustParse(t, "rawtr("+address.EncodeWIF(privFromBytes(priv[:]), true, params)+")", params)
		e, _ := d.Expand(0)
		k := e.ScriptPubKeys[0][2:]
		leaf += "," + hex.EncodeToString(k)
	}
	d := mustParse(t, "tr("+xonlyA+","+leaf+"))", params)
	e, err := d.Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range e.Taproot {
		s := ti.Leaves[0].Script
		if len(s) != 17*34+3 || !bytes.HasSuffix(s, []byte{0x01, 17, 0x9c}) {
			t.Fatalf("threshold push: %x", s[len(s)-4:])
		}
	}
}

func TestOutputType(t *testing.T) {
	params := chaincfg.MainNet()
	tests := []struct{ desc, want string }{
		{"pkh(" + pubC + ")", OutputTypeLegacy},
		{"sh(pk(" + pubC + "))", OutputTypeLegacy},
		{"sh(wpkh(" + pubC + "))", OutputTypeP2SHSegwit},
		{"sh(wsh(pk(" + pubC + ")))", OutputTypeP2SHSegwit},
		{"wpkh(" + pubC + ")", OutputTypeBech32},
		{"wsh(pk(" + pubC + "))", OutputTypeBech32},
		{"tr(" + xonlyA + ")", OutputTypeBech32m},
		{"rawtr(" + xonlyA + ")", OutputTypeBech32m},
		{"pk(" + pubC + ")", ""},
		{"combo(" + pubC + ")", ""},
		{"multi(1," + pubC + ")", ""},
		{"addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)", OutputTypeLegacy},
		{"raw(00149a1c78a507689f6f54b847ad1cef1e614ee23f1e)", OutputTypeBech32},
		{"raw(deadbeef)", ""},
	}
	for _, tc := range tests {
		if got := mustParse(t, tc.desc, params).OutputType(); got != tc.want {
			t.Errorf("%s: got %q want %q", tc.desc, got, tc.want)
		}
	}
}

func TestStringForms(t *testing.T) {
	params := chaincfg.MainNet()
	tests := []struct{ name, in, pub string }{
		{"apostrophes kept", "pkh([deadbeef/1/2'/3/4']" + pubC + ")", "pkh([deadbeef/1/2'/3/4']" + pubC + ")"},
		{"h kept", "pkh([deadbeef/1/2h/3/4h]" + pubC + ")", "pkh([deadbeef/1/2h/3/4h]" + pubC + ")"},
		{"mixed: last marker wins", "pk([deadbeef/0'/0h/0']" + pub260 + ")", "pk([deadbeef/0'/0'/0'])" + ""},
		{"path marker after origin", "pk([deadbeef/0'/1']" + xprvA + "/2h/*)", "pk([deadbeef/0h/1h]" + xpubA + "/2h/*)"},
		{"hardened wildcard marker", "wpkh(" + xprvC + "/1/*')", "wpkh(" + xpubC + "/1/*')"},
		{"upper-case hex lowered", "pk(03A34B99F22C790C4E36B2B3C2C35A36DB06226E41C692FC82B8B56AC1C540C5BD)", "pk(" + pubC + ")"},
		{"fingerprint lowered", "pk([DEADBEEF]" + pubC + ")", "pk([deadbeef]" + pubC + ")"},
		{"WIF in tr is x-only", "tr(" + wifC + ")", "tr(" + xonlyA + ")"},
		{"33-byte key in tr kept", "tr(" + pubC + ")", "tr(" + pubC + ")"},
		{"tree", "tr(" + xonlyA + ",{pk(" + xonlyA + "),{pk(" + xonlyA + "),pk(" + xonlyA + ")}})", "tr(" + xonlyA + ",{pk(" + xonlyA + "),{pk(" + xonlyA + "),pk(" + xonlyA + ")}})"},
		{"left-deep tree", "tr(" + xonlyA + ",{{pk(" + xonlyA + "),pk(" + xonlyA + ")},pk(" + xonlyA + ")})", "tr(" + xonlyA + ",{{pk(" + xonlyA + "),pk(" + xonlyA + ")},pk(" + xonlyA + ")})"},
		{"bech32 address lowered", "addr(BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4)", "addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "mixed: last marker wins" {
				tc.pub = "pk([deadbeef/0'/0'/0']" + pub260 + ")"
			}
			d := mustParse(t, tc.in, params)
			if got := d.StringNoChecksum(); got != tc.pub {
				t.Fatalf("got  %s\nwant %s", got, tc.pub)
			}
			sum, _ := Checksum(tc.pub)
			if d.String() != tc.pub+"#"+sum || d.Checksum() != sum {
				t.Fatalf("checksum: %s", d.String())
			}
		})
	}
}

func TestNetworks(t *testing.T) {
	reg := chaincfg.RegTest()
	tpub := "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp"
	d, err := Parse("wpkh("+tpub+"/0/*)", reg)
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Address(0, reg)
	if err != nil || a[:5] != "bcrt1" {
		t.Fatalf("address %s %v", a, err)
	}
	if _, err := Parse("wpkh("+xpubA+"/0/*)", reg); err == nil || err.Error() != "wpkh(): key '"+xpubA+"' is not valid" {
		t.Fatalf("mainnet xpub on regtest: %v", err)
	}
	if _, err := Parse("wpkh("+tpub+")", chaincfg.MainNet()); err == nil {
		t.Fatal("tpub on mainnet parsed")
	}
	seed := sha256.Sum256([]byte("regtest key"))
	if _, err := Parse("wpkh("+address.EncodeWIF(privFromBytes(seed[:]), true, reg)+")", reg); err != nil {
		t.Fatalf("testnet WIF on regtest: %v", err)
	}
	if _, err := Parse("wpkh("+wifC+")", reg); err == nil {
		t.Fatal("mainnet WIF on regtest parsed")
	}
}

func TestGetInfo(t *testing.T) {
	params := chaincfg.MainNet()
	in := "wpkh([d34db33f/84'/0'/0']" + wifC + ")"
	info, err := GetInfo(in, params)
	if err != nil {
		t.Fatal(err)
	}
	wantDesc, _ := AddChecksum("wpkh([d34db33f/84'/0'/0']" + pubC + ")")
	inSum, _ := Checksum(in)
	if info.Descriptor != wantDesc || info.Checksum != inSum || info.IsRange || !info.IsSolvable || !info.HasPrivateKeys {
		t.Fatalf("%+v", info)
	}
	info, err = GetInfo("addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)", params)
	if err != nil || info.IsSolvable || info.HasPrivateKeys || info.IsRange {
		t.Fatalf("%+v %v", info, err)
	}
	info, err = GetInfo("wpkh("+xpubD+"/1/*)", params)
	if err != nil || !info.IsRange {
		t.Fatalf("%+v %v", info, err)
	}
	if _, err := GetInfo("wpkh(", params); !errors.Is(err, ErrInvalidDescriptor) {
		t.Fatalf("bad: %v", err)
	}
}

func TestDeriveAddresses(t *testing.T) {
	params := chaincfg.MainNet()
	d := mustParse(t, "wpkh([ffffffff/13']"+xpubD+"/1/2/*)", params)
	addrs, err := DeriveAddresses(d, &[2]int64{0, 2})
	if err != nil || len(addrs) != 3 {
		t.Fatalf("%v %v", addrs, err)
	}
	for i, want := range []string{"0014326b2249e3a25d5dc60935f044ee835d090ba859", "0014af0bd98abc2f2cae66e36896a39ffe2d32984fb7", "00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27"} {
		a, err := address.Decode(addrs[i], params)
		if err != nil || hex.EncodeToString(a.ScriptPubKey()) != want {
			t.Fatalf("address %d: %s %v", i, addrs[i], err)
		}
	}
	if a, err := d.Address(1, params); err != nil || a != addrs[1] {
		t.Fatalf("Address: %s %v", a, err)
	}
	// combo: P2PK has no address and is skipped.
	c := mustParse(t, "combo("+pubC+")", params)
	if addrs, err := DeriveAddresses(c, nil); err != nil || len(addrs) != 3 {
		t.Fatalf("combo: %v %v", addrs, err)
	}
	errTests := []struct {
		name string
		d    *Descriptor
		rng  *[2]int64
		kind ErrorKind
		msg  string
	}{
		{"range on unranged", c, &[2]int64{0, 1}, ErrInvalidRange, "Range should not be specified for an un-ranged descriptor"},
		{"no range on ranged", d, nil, ErrInvalidRange, "Range must be specified for a ranged descriptor"},
		{"negative", d, &[2]int64{-1, 1}, ErrInvalidRange, "Range should be greater or equal than 0"},
		{"begin after end", d, &[2]int64{2, 1}, ErrInvalidRange, "Range specified as [begin,end] must not have begin after end"},
		{"end too high", d, &[2]int64{0, 1 << 31}, ErrInvalidRange, "End of range is too high"},
		{"too large", d, &[2]int64{0, 1000000}, ErrInvalidRange, "Range is too large"},
		{"no address", mustParse(t, "pk("+pubC+")", params), nil, ErrNoAddress, "Descriptor does not have a corresponding address"},
		{"bare multisig", mustParse(t, "multi(1,"+pubC+")", params), nil, ErrNoAddress, "Descriptor does not have a corresponding address"},
		{"hardened from xpub", mustParse(t, "wpkh("+xpubD+"/1h/*)", params), &[2]int64{0, 0}, ErrCannotDerive, "Cannot derive script without private keys"},
		{"hardened wildcard from xpub", mustParse(t, "wpkh("+xpubD+"/*h)", params), &[2]int64{0, 0}, ErrCannotDerive, "Cannot derive script without private keys"},
	}
	for _, tc := range errTests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DeriveAddresses(tc.d, tc.rng)
			if !errors.Is(err, tc.kind) || err.Error() != tc.msg {
				t.Fatalf("got %v", err)
			}
		})
	}
	if err := CheckRange(0, 999999); err != nil {
		t.Fatal(err)
	}
}

func TestParseWithChecksum(t *testing.T) {
	params := chaincfg.MainNet()
	if _, err := ParseWithChecksum("raw(deadbeef)", params); err == nil || err.Error() != "Missing checksum" {
		t.Fatalf("%v", err)
	}
	d, err := ParseWithChecksum("raw(deadbeef)#89f8spxm", params)
	if err != nil || d.InputChecksum() != "89f8spxm" {
		t.Fatalf("%v", err)
	}
}

func TestSortedMultiSortsDerivedKeys(t *testing.T) {
	params := chaincfg.MainNet()
	a := mustParse(t, "sortedmulti(1,"+xpubA+"/*,"+xpubE+"/*)", params)
	b := mustParse(t, "sortedmulti(1,"+xpubE+"/*,"+xpubA+"/*)", params)
	for i := uint32(0); i < 5; i++ {
		ea, _ := a.Expand(i)
		eb, _ := b.Expand(i)
		if !slices.EqualFunc(ea.ScriptPubKeys, eb.ScriptPubKeys, bytes.Equal) {
			t.Fatalf("index %d differs", i)
		}
	}
}

func privFromBytes(b []byte) *secp256k1.PrivateKey { return secp256k1.PrivKeyFromBytes(b) }

func TestNormalizedString(t *testing.T) {
	params := chaincfg.MainNet()
	const xpubBH = "xpub69H7F5dQzmVd3vPuLKtcXJziMEQByuDidnX3YdwgtNsecY5HRGtAAQC5mXTt4dsv9RzyjgDjAQs9VGVV6ydYCHnprc9vvaA5YtqWyL6hyds"
	tests := []struct{ name, in, want string }{
		{"last hardened step moves into the origin", "pkh(" + xprvB + "/2147483647'/0)", "pkh([bd16bee5/2147483647h]" + xpubBH + "/0)"},
		{"mixed keys", "wsh(multi(2," + xprvB + "/2147483647'/0," + xprvD + "/1/2/*," + xprvC + "/10/20/30/40/*'))",
			"wsh(multi(2,[bd16bee5/2147483647h]" + xpubBH + "/0," + xpubD + "/1/2/*," + xpubC + "/10/20/30/40/*h))"},
		{"explicit origin merged", "pkh([deadbeef/1']" + xprvB + "/2147483647'/0)", "pkh([deadbeef/1h/2147483647h]" + xpubBH + "/0)"},
		{"apostrophes become h", "pkh([deadbeef/1/2'/3/4']" + wifC + ")", "pkh([deadbeef/1/2h/3/4h]" + pubC + ")"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustParse(t, tc.in, params).NormalizedString()
			if err != nil {
				t.Fatal(err)
			}
			if stripChecksum(got) != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
			// Same scripts as the original (a hardened wildcard stays
			// hardened and cannot be derived from the public form).
			if strings.Contains(tc.in, "*'") {
				return
			}
			a, _ := mustParse(t, tc.in, params).Expand(1)
			b, err := mustParse(t, got, params).Expand(1)
			if err != nil || !bytes.Equal(a.ScriptPubKeys[0], b.ScriptPubKeys[0]) {
				t.Fatalf("normalized form expands differently: %v", err)
			}
		})
	}
	if _, err := mustParse(t, "pkh("+xpubB+"/2147483647'/0)", params).NormalizedString(); !errors.Is(err, ErrCannotDerive) {
		t.Fatalf("xpub with hardened step: %v", err)
	}
}

func TestExpandedProvider(t *testing.T) {
	params := chaincfg.MainNet()
	d := mustParse(t, "sh(wsh(pkh("+wifC+")))", params)
	e, _ := d.Expand(0)
	if k, ok := e.PrivKey(mustHex(pubC)); !ok || len(k) != 32 {
		t.Fatal("PrivKey")
	}
	ws := mustHex("76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac")
	h := sha256.Sum256(ws)
	if s, ok := e.Script(h[:]); !ok || !bytes.Equal(s, ws) {
		t.Fatal("Script")
	}
	tr := mustParse(t, "tr("+wifC+")", params)
	e2, _ := tr.Expand(0)
	e.Merge(e2)
	if _, ok := e.PrivKey(mustHex(xonlyA)); !ok || len(e.ScriptPubKeys) != 2 || len(e.Taproot) != 1 {
		t.Fatal("Merge")
	}
	var empty Expanded
	empty.Merge(e)
	if len(empty.PubKeys) != len(e.PubKeys) {
		t.Fatal("Merge into zero value")
	}
}
