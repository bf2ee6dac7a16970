package descriptor

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// Keys used across the BIP380-386 test vectors.
const (
	wifC   = "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1"
	wifU   = "5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss"
	pubC   = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	pubU   = "04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235"
	pub260 = "0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600"
	xpubA  = "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL"
	xprvA  = "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc"
	xprvB  = "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"
	xprvC  = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
	xprvD  = "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt"
	xpubD  = "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH"
	xprvE  = "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L"
	xpubE  = "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y"
	xprvF  = "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"
	xonlyA = "a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
)

const multi16Keys = "03669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0,0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600,0362a74e399c39ed5593852a30147f2959b56bb827dfa3e60e464b02ccf87dc5e8,0261345b53de74a4d721ef877c255429961b7e43714171ac06168d7e08c542a8b8,02da72e8b46901a65d4374fe6315538d8f368557dda3a1dcf9ea903f3afe7314c8,0318c82dd0b53fd3a932d16e0ba9e278fcc937c582d5781be626ff16e201f72286,0297ccef1ef99f9d73dec9ad37476ddb232f1238aff877af19e72ba04493361009,02e502cfd5c3f972fe9a3e2a18827820638f96b6f347e54d63deb839011fd5765d,03e687710f0e3ebe81c1037074da939d409c0025f17eb86adb9427d28f0f7ae0e9,02c04d3a5274952acdbc76987f3184b346a483d43be40874624b29e3692c1df5af,02ed06e0f418b5b43a7ec01d1d7d27290fa15f75771cb69b642a51471c29c84acd,036d46073cbb9ffee90473f3da429abc8de7f8751199da44485682a989a4bebb24,02f5d1ff7c9029a80a4e36b9a5497027ef7f3e73384a4a94fbfe7c4e9164eec8bc,02e41deffd1b7cce11cde209a781adcffdabd1b91c0ba0375857a2bfd9302419f3,02d76625f7956a7fc505ab02556c23ee72d832f1bac391bcd2d3abce5710a13d06,0399eb0a5487515802dc14544cf10b3666623762fbed2ec38a3975716e2c29c232"

const multi20WIFs = "KzoAz5CanayRKex3fSLQ2BwJpN7U52gZvxMyk78nDMHuqrUxuSJy,KwGNz6YCCQtYvFzMtrC6D3tKTKdBBboMrLTsjr2NYVBwapCkn7Mr,KxogYhiNfwxuswvXV66eFyKcCpm7dZ7TqHVqujHAVUjJxyivxQ9X,L2BUNduTSyZwZjwNHynQTF14mv2uz2NRq5n5sYWTb4FkkmqgEE9f,L1okJGHGn1kFjdXHKxXjwVVtmCMR2JA5QsbKCSpSb7ReQjezKeoD,KxDCNSST75HFPaW5QKpzHtAyaCQC7p9Vo3FYfi2u4dXD1vgMiboK,L5edQjFtnkcf5UWURn6UuuoFrabgDQUHdheKCziwN42aLwS3KizU,KzF8UWFcEC7BYTq8Go1xVimMkDmyNYVmXV5PV7RuDicvAocoPB8i,L3nHUboKG2w4VSJ5jYZ5CBM97oeK6YuKvfZxrefdShECcjEYKMWZ,KyjHo36dWkYhimKmVVmQTq3gERv3pnqA4xFCpvUgbGDJad7eS8WE,KwsfyHKRUTZPQtysN7M3tZ4GXTnuov5XRgjdF2XCG8faAPmFruRF,KzCUbGhN9LJhdeFfL9zQgTJMjqxdBKEekRGZX24hXdgCNCijkkap,KzgpMBwwsDLwkaC5UrmBgCYaBD2WgZ7PBoGYXR8KT7gCA9UTN5a3,KyBXTPy4T7YG4q9tcAM3LkvfRpD1ybHMvcJ2ehaWXaSqeGUxEdkP,KzJDe9iwJRPtKP2F2AoN6zBgzS7uiuAwhWCfGdNeYJ3PC1HNJ8M8,L1xbHrxynrqLKkoYc4qtoQPx6uy5qYXR5ZDYVYBSRmCV5piU3JG9,KzRedjSwMggebB3VufhbzpYJnvHfHe9kPJSjCU5QpJdAW3NSZxYS,Kyjtp5858xL7JfeV4PNRCKy2t6XvgqNNepArGY9F9F1SSPqNEMs3,L2D4RLHPiHBidkHS8ftx11jJk1hGFELvxh8LoxNQheaGT58dKenW,KyLPZdwY4td98bKkXqEXTEBX3vwEYTQo1yyLjX2jKXA63GBpmSjv"

// bipValid are the valid descriptors of BIP381-386 with the scripts they
// produce at indices 0, 1, 2 (one script for unranged descriptors).
var bipValid = []struct {
	bip     int
	desc    string
	scripts []string
}{
	// BIP381
	{381, "pk(" + wifC + ")", []string{"2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac"}},
	{381, "pk(" + pubC + ")", []string{"2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac"}},
	{381, "pkh([deadbeef/1/2'/3/4']" + wifC + ")", []string{"76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac"}},
	{381, "pkh([deadbeef/1/2'/3/4']" + pubC + ")", []string{"76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac"}},
	{381, "pkh([deadbeef/1/2h/3/4h]" + pubC + ")", []string{"76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac"}},
	{381, "pk(" + wifU + ")", []string{"41" + pubU + "ac"}},
	{381, "pk(" + pubU + ")", []string{"41" + pubU + "ac"}},
	{381, "pkh(" + wifU + ")", []string{"76a914b5bd079c4d57cc7fc28ecf8213a6b791625b818388ac"}},
	{381, "pkh(" + pubU + ")", []string{"76a914b5bd079c4d57cc7fc28ecf8213a6b791625b818388ac"}},
	{381, "sh(pk(" + wifC + "))", []string{"a9141857af51a5e516552b3086430fd8ce55f7c1a52487"}},
	{381, "sh(pk(" + pubC + "))", []string{"a9141857af51a5e516552b3086430fd8ce55f7c1a52487"}},
	{381, "sh(pkh(" + wifC + "))", []string{"a9141a31ad23bf49c247dd531a623c2ef57da3c400c587"}},
	{381, "sh(pkh(" + pubC + "))", []string{"a9141a31ad23bf49c247dd531a623c2ef57da3c400c587"}},
	{381, "pkh(" + xprvB + "/2147483647'/0)", []string{"76a914ebdc90806a9c4356c1c88e42216611e1cb4c1c1788ac"}},
	{381, "pkh([bd16bee5/2147483647h]xpub69H7F5dQzmVd3vPuLKtcXJziMEQByuDidnX3YdwgtNsecY5HRGtAAQC5mXTt4dsv9RzyjgDjAQs9VGVV6ydYCHnprc9vvaA5YtqWyL6hyds/0)", []string{"76a914ebdc90806a9c4356c1c88e42216611e1cb4c1c1788ac"}},
	{381, "pk(" + xprvE + "/0)", []string{"210379e45b3cf75f9c5f9befd8e9506fb962f6a9d185ac87001ec44a8d3df8d4a9e3ac"}},
	{381, "pk(" + xpubE + "/0)", []string{"210379e45b3cf75f9c5f9befd8e9506fb962f6a9d185ac87001ec44a8d3df8d4a9e3ac"}},
	// BIP382
	{382, "wpkh(" + wifC + ")", []string{"00149a1c78a507689f6f54b847ad1cef1e614ee23f1e"}},
	{382, "wpkh(" + pubC + ")", []string{"00149a1c78a507689f6f54b847ad1cef1e614ee23f1e"}},
	{382, "wpkh([ffffffff/13']" + xprvD + "/1/2/0)", []string{"0014326b2249e3a25d5dc60935f044ee835d090ba859"}},
	{382, "wpkh([ffffffff/13']" + xpubD + "/1/2/*)", []string{"0014326b2249e3a25d5dc60935f044ee835d090ba859", "0014af0bd98abc2f2cae66e36896a39ffe2d32984fb7", "00141fa798efd1cbf95cebf912c031b8a4a6e9fb9f27"}},
	{382, "sh(wpkh(" + xprvC + "/10/20/30/40/*'))", []string{"a9149a4d9901d6af519b2a23d4a2f51650fcba87ce7b87", "a914bed59fc0024fae941d6e20a3b44a109ae740129287", "a9148483aa1116eb9c05c482a72bada4b1db24af654387"}},
	{382, "sh(wpkh(" + xprvC + "/10/20/30/40/*h))", []string{"a9149a4d9901d6af519b2a23d4a2f51650fcba87ce7b87", "a914bed59fc0024fae941d6e20a3b44a109ae740129287", "a9148483aa1116eb9c05c482a72bada4b1db24af654387"}},
	{382, "wsh(pkh(" + wifC + "))", []string{"0020338e023079b91c58571b20e602d7805fb808c22473cbc391a41b1bd3a192e75b"}},
	{382, "wsh(pkh(" + pubC + "))", []string{"0020338e023079b91c58571b20e602d7805fb808c22473cbc391a41b1bd3a192e75b"}},
	{382, "wsh(pk(" + wifC + "))", []string{"00202e271faa2325c199d25d22e1ead982e45b64eeb4f31e73dbdf41bd4b5fec23fa"}},
	{382, "wsh(pk(" + pubC + "))", []string{"00202e271faa2325c199d25d22e1ead982e45b64eeb4f31e73dbdf41bd4b5fec23fa"}},
	{382, "sh(wsh(pkh(" + wifC + ")))", []string{"a914b61b92e2ca21bac1e72a3ab859a742982bea960a87"}},
	{382, "sh(wsh(pkh(" + pubC + ")))", []string{"a914b61b92e2ca21bac1e72a3ab859a742982bea960a87"}},
	// BIP383
	{383, "multi(1," + wifC + "," + wifU + ")", []string{"5121" + pubC + "41" + pubU + "52ae"}},
	{383, "multi(1," + pubC + "," + pubU + ")", []string{"5121" + pubC + "41" + pubU + "52ae"}},
	{383, "sortedmulti(1," + pubU + "," + pubC + ")", []string{"5121" + pubC + "41" + pubU + "52ae"}},
	{383, "sh(multi(2,[00000000/111'/222]" + xprvA + "," + xprvE + "/0))", []string{"a91445a9a622a8b0a1269944be477640eedc447bbd8487"}},
	{383, "sortedmulti(2," + xpubA + "/*," + xpubE + "/0/0/*)", []string{
		"5221025d5fc65ebb8d44a5274b53bac21ff8307fec2334a32df05553459f8b1f7fe1b62102fbd47cc8034098f0e6a94c6aeee8528abf0a2153a5d8e46d325b7284c046784652ae",
		"52210264fd4d1f5dea8ded94c61e9641309349b62f27fbffe807291f664e286bfbe6472103f4ece6dfccfa37b211eb3d0af4d0c61dba9ef698622dc17eecdf764beeb005a652ae",
		"5221022ccabda84c30bad578b13c89eb3b9544ce149787e5b538175b1d1ba259cbb83321024d902e1a2fc7a8755ab5b694c575fce742c48d9ff192e63df5193e4c7afe1f9c52ae"}},
	{383, "wsh(multi(2," + xprvB + "/2147483647'/0," + xprvD + "/1/2/*," + xprvC + "/10/20/30/40/*'))", []string{
		"0020b92623201f3bb7c3771d45b2ad1d0351ea8fbf8cfe0a0e570264e1075fa1948f",
		"002036a08bbe4923af41cf4316817c93b8d37e2f635dd25cfff06bd50df6ae7ea203",
		"0020a96e7ab4607ca6b261bfe3245ffda9c746b28d3f59e83d34820ec0e2b36c139c"}},
	{383, "sh(wsh(multi(16," + multi16Keys + ")))", []string{"a9147fc63e13dc25e8a95a3cee3d9a714ac3afd96f1e87"}},
	{383, "wsh(multi(20," + multi20WIFs + "))", []string{"0020376bd8344b8b6ebe504ff85ef743eaa1aa9272178223bcb6887e9378efb341ac"}},
	{383, "sh(wsh(multi(20," + multi20WIFs + ")))", []string{"a914c2c9c510e9d7f92fd6131e94803a8d34a8ef675e87"}},
	// BIP385
	{385, "raw(deadbeef)", []string{"deadbeef"}},
	{385, "raw(5121" + pubC + "41" + pubU + "52ae)", []string{"5121" + pubC + "41" + pubU + "52ae"}},
	{385, "raw(a9149a4d9901d6af519b2a23d4a2f51650fcba87ce7b87)", []string{"a9149a4d9901d6af519b2a23d4a2f51650fcba87ce7b87"}},
	{385, "addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)", []string{"a914eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee87"}},
	// BIP386
	{386, "tr(" + xonlyA + ")", []string{"512077aab6e066f8a7419c5ab714c12c67d25007ed55a43cadcacb4d7a970a093f11"}},
	{386, "tr(" + wifC + ")", []string{"512077aab6e066f8a7419c5ab714c12c67d25007ed55a43cadcacb4d7a970a093f11"}},
	{386, "tr(" + xprvA + "/0/*,pk(" + xprvA + "/1/*))", []string{
		"512078bc707124daa551b65af74de2ec128b7525e10f374dc67b64e00ce0ab8b3e12",
		"512001f0a02a17808c20134b78faab80ef93ffba82261ccef0a2314f5d62b6438f11",
		"512021024954fcec88237a9386fce80ef2ced5f1e91b422b26c59ccfc174c8d1ad25"}},
	{386, "tr(" + xonlyA + ",pk(669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0))", []string{"512017cf18db381d836d8923b1bdb246cfcd818da1a9f0e6e7907f187f0b2f937754"}},
	{386, "tr(" + xonlyA + ",{pk(" + xprvF + "/0),{{pk(" + xpubA + "),pk(02df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076)},pk(" + wifC + ")}})", []string{"512071fff39599a7b78bc02623cbe814efebf1a404f5d8ad34ea80f213bd8943f574"}},
}

// TestBIPVectors parses every valid descriptor of BIP381-386, expands it at
// indices 0..2 and compares the scripts; it also re-parses the public and
// private strings and checks they give the same scripts.
func TestBIPVectors(t *testing.T) {
	params := chaincfg.MainNet()
	passed := 0
	for _, v := range bipValid {
		d, err := Parse(v.desc, params)
		if err != nil {
			t.Errorf("BIP%d %s: %v", v.bip, v.desc, err)
			continue
		}
		if d.IsRange() != (len(v.scripts) > 1) {
			t.Errorf("BIP%d %s: IsRange %v", v.bip, v.desc, d.IsRange())
		}
		ok := true
		for i, want := range v.scripts {
			e, err := d.Expand(uint32(i))
			if err != nil {
				t.Errorf("BIP%d %s [%d]: %v", v.bip, v.desc, i, err)
				ok = false
				continue
			}
			if got := hex.EncodeToString(e.ScriptPubKeys[0]); got != want {
				t.Errorf("BIP%d %s [%d]: got %s want %s", v.bip, v.desc, i, got, want)
				ok = false
			}
		}
		// The private form round-trips exactly (minus checksum) and the
		// public form parses to the same scripts when it can derive.
		if d.HasPrivateKeys() {
			ps, err := d.PrivateString()
			if err != nil {
				t.Errorf("BIP%d %s: PrivateString: %v", v.bip, v.desc, err)
			} else if want, _ := AddChecksum(v.desc); ps != want {
				t.Errorf("BIP%d PrivateString:\n got %s\nwant %s", v.bip, ps, want)
			}
		}
		pub, err := Parse(d.String(), params)
		if err != nil {
			t.Errorf("BIP%d reparse %s: %v", v.bip, d.String(), err)
			continue
		}
		if pub.String() != d.String() {
			t.Errorf("BIP%d public string not stable: %s vs %s", v.bip, pub.String(), d.String())
		}
		if e, err := pub.Expand(0); err == nil && hex.EncodeToString(e.ScriptPubKeys[0]) != v.scripts[0] {
			t.Errorf("BIP%d public form %s gives %x", v.bip, pub.String(), e.ScriptPubKeys[0])
		}
		if ok {
			passed++
		}
	}
	t.Logf("%d/%d BIP381-386 valid descriptors passed", passed, len(bipValid))
}

// bipInvalid are the invalid descriptors of BIP380-386 (key expressions of
// BIP380 wrapped in pk()).
var bipInvalid = []struct {
	bip  int
	name string
	desc string
	msg  string // Core's message, when checked
}{
	{380, "children indicator in key origin", "pk([deadbeef/0h/0h/0h/*]" + pub260 + ")", "pk(): Key path value '*' is not a valid uint32"},
	{380, "trailing slash in key origin", "pk([deadbeef/0h/0h/0h/]" + pub260 + ")", "pk(): Key path value '' is not a valid uint32"},
	{380, "too short fingerprint", "pk([deadbef/0h/0h/0h]" + pub260 + ")", "pk(): Fingerprint is not 4 bytes (7 characters instead of 8 characters)"},
	{380, "too long fingerprint", "pk([deadbeeef/0h/0h/0h]" + pub260 + ")", "pk(): Fingerprint is not 4 bytes (9 characters instead of 8 characters)"},
	{380, "invalid hardened indicator f", "pk([deadbeef/0f/0f/0f]" + pub260 + ")", "pk(): Key path value '0f' is not a valid uint32"},
	{380, "invalid hardened indicator H", "pk([deadbeef/0H/0H/0H]" + pub260 + ")", "pk(): Key path value '0H' is not a valid uint32"},
	{380, "invalid hardened indicator -", "pk([deadbeef/-0/-0/-0]" + pub260 + ")", "pk(): Key path value '-0' is not a valid uint32"},
	{380, "private key with derivation", "pk(" + wifC + "/0)", "pk(): key '" + wifC + "' is not valid"},
	{380, "private key with derivation children", "pk(" + wifC + "/*)", "pk(): key '" + wifC + "' is not valid"},
	{380, "derivation index out of range", "pk(" + xprvB + "/2147483648)", "pk(): Key path value 2147483648 is out of range"},
	{380, "invalid derivation index", "pk(" + xprvB + "/1aa)", "pk(): Key path value '1aa' is not a valid uint32"},
	{380, "multiple key origins", "pk([aaaaaaaa][aaaaaaaa]" + xprvB + "/2147483647'/0)", "pk(): Multiple ']' characters found for a single pubkey"},
	{380, "missing key origin start", "pk(aaaaaaaa]" + xprvB + "/2147483647'/0)", "pk(): Key origin start '[ character expected but not found, got 'a' instead"},
	{380, "non hex fingerprint", "pk([gaaaaaaa]" + xprvB + "/2147483647'/0)", "pk(): Fingerprint 'gaaaaaaa' is not hex"},
	{380, "key origin with no public key", "pk([deadbeef])", "pk(): No key provided"},
	{381, "pk() only accepts key expressions", "pk(pk(" + pubC + "))", ""},
	{381, "pkh() only accepts key expressions", "pkh(pk(" + pubC + "))", ""},
	{381, "sh() only accepts script expressions", "sh(" + pubC + ")", "A function is needed within P2SH"},
	{381, "sh() is top level only", "sh(sh(pkh(" + pubC + ")))", "Can only have sh() at top level"},
	{382, "uncompressed WIF in wpkh", "wpkh(" + wifU + ")", "wpkh(): Uncompressed keys are not allowed"},
	{382, "uncompressed WIF in sh(wpkh)", "sh(wpkh(" + wifU + "))", "wpkh(): Uncompressed keys are not allowed"},
	{382, "uncompressed key in wpkh", "wpkh(" + pubU + ")", "wpkh(): Uncompressed keys are not allowed"},
	{382, "uncompressed key in sh(wpkh)", "sh(wpkh(" + pubU + "))", "wpkh(): Uncompressed keys are not allowed"},
	{382, "uncompressed WIF under wsh", "wsh(pk(" + wifU + "))", "pk(): Uncompressed keys are not allowed"},
	{382, "uncompressed key under wsh", "wsh(pk(" + pubU + "))", "pk(): Uncompressed keys are not allowed"},
	{382, "wpkh nested in wsh", "wsh(wpkh(" + pubC + "))", "Can only have wpkh() at top level or inside sh()"},
	{382, "wsh nested in wsh", "wsh(wsh(pkh(" + pubC + ")))", "Can only have wsh() at top level or inside sh()"},
	{382, "wsh nested in sh(wsh)", "sh(wsh(wsh(pkh(" + pubC + "))))", "Can only have wsh() at top level or inside sh()"},
	{382, "script in wpkh", "wpkh(wsh(pkh(" + pubC + ")))", ""},
	{382, "key in wsh", "wsh(" + pubC + ")", "A function is needed within P2WSH"},
	{383, "more than 15 keys in P2SH multisig", "sh(multi(16," + multi16Keys + "))", "P2SH script is too large, 547 bytes is larger than 520 bytes"},
	{383, "invalid threshold", "multi(a," + pubC + "," + pubU + ")", "Multi threshold 'a' is not valid"},
	{383, "threshold of 0", "multi(0," + pubC + "," + pubU + ")", "Multisig threshold cannot be 0, must be at least 1"},
	{383, "threshold larger than keys", "multi(3," + wifC + "," + wifU + ")", "Multisig threshold cannot be larger than the number of keys; threshold is 3 but only 2 keys specified"},
	{385, "non-hex script", "raw(asdf)", "Raw script is not hex"},
	{385, "invalid address", "addr(asdf)", "Address is not valid"},
	{385, "raw nested in sh", "sh(raw(deadbeef))", "Can only have raw() at top level"},
	{385, "raw nested in wsh", "wsh(raw(deadbeef))", "Can only have raw() at top level"},
	{385, "addr nested in sh", "sh(addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j))", "Can only have addr() at top level"},
	{385, "addr nested in wsh", "wsh(addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j))", "Can only have addr() at top level"},
	{386, "uncompressed private key", "tr(" + wifU + ")", "tr(): Uncompressed keys are not allowed"},
	{386, "uncompressed public key", "tr(" + pubU + ")", "tr(): Uncompressed keys are not allowed"},
	{386, "tr nested in wsh", "wsh(tr(" + xonlyA + "))", "Can only have tr at top level"},
	{386, "tr nested in sh", "sh(tr(" + xonlyA + "))", "Can only have tr at top level"},
	{386, "pkh nested in tr", "tr(" + xonlyA + ", pkh(" + wifC + "))", ""},
}

func TestBIPInvalidVectors(t *testing.T) {
	params := chaincfg.MainNet()
	for _, v := range bipInvalid {
		t.Run(v.name, func(t *testing.T) {
			_, err := Parse(v.desc, params)
			if err == nil {
				t.Fatalf("BIP%d: %s parsed", v.bip, v.desc)
			}
			if !errors.Is(err, ErrInvalidDescriptor) {
				t.Fatalf("kind: %v", err)
			}
			if v.msg != "" && err.Error() != v.msg {
				t.Fatalf("message:\n got %q\nwant %q", err.Error(), v.msg)
			}
		})
	}
	t.Logf("%d BIP380-386 invalid descriptors rejected", len(bipInvalid))
}

// TestBIP380Keys parses BIP380's valid key expressions inside pk().
func TestBIP380Keys(t *testing.T) {
	keys := []string{
		pub260,
		"04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235",
		"[deadbeef/0h/0h/0h]" + pub260,
		"[deadbeef/0'/0'/0']" + pub260,
		"[deadbeef/0'/0h/0']" + pub260,
		wifU,
		wifC,
		xpubA,
		"[deadbeef/0h/1h/2h]" + xpubA,
		"[deadbeef/0h/1h/2h]" + xpubA + "/3/4/5",
		"[deadbeef/0h/1h/2h]" + xpubA + "/3/4/5/*",
		xpubA + "/3h/4h/5h/*",
		xpubA + "/3h/4h/5h/*h",
		"[deadbeef/0h/1h/2]" + xpubA + "/3h/4h/5h/*h",
		xprvA,
		"[deadbeef/0h/1h/2h]" + xprvA,
		"[deadbeef/0h/1h/2h]" + xprvA + "/3/4/5",
		"[deadbeef/0h/1h/2h]" + xprvA + "/3/4/5/*",
		xprvA + "/3h/4h/5h/*",
		xprvA + "/3h/4h/5h/*h",
		"[deadbeef/0h/1h/2]" + xprvA + "/3h/4h/5h/*h",
	}
	params := chaincfg.MainNet()
	for _, k := range keys {
		d, err := Parse("pk("+k+")", params)
		if err != nil {
			t.Errorf("%s: %v", k, err)
			continue
		}
		// Hardened steps below an xpub cannot be derived without the
		// private key; everything else expands.
		_, err = d.Expand(0)
		needsPriv := k[len(k)-1] == 'h' && !d.HasPrivateKeys() || (!d.HasPrivateKeys() && len(k) > 4 && k[len(k)-4:] == "5h/*")
		if needsPriv != (err != nil) {
			t.Errorf("%s: Expand error %v", k, err)
		}
		if needsPriv && !errors.Is(err, ErrCannotDerive) {
			t.Errorf("%s: %v", k, err)
		}
	}
	t.Logf("%d BIP380 key expressions parsed", len(keys))
}

// TestBIP380Checksums runs BIP380's checksum vectors.
func TestBIP380Checksums(t *testing.T) {
	params := chaincfg.MainNet()
	if _, err := ParseWithChecksum("raw(deadbeef)#89f8spxm", params); err != nil {
		t.Fatalf("valid checksum: %v", err)
	}
	if _, err := Parse("raw(deadbeef)", params); err != nil {
		t.Fatalf("no checksum: %v", err)
	}
	tests := []struct {
		name, desc, msg string
		require         bool
	}{
		{"no checksum when required", "raw(deadbeef)", "Missing checksum", true},
		{"missing checksum", "raw(deadbeef)#", "Expected 8 character checksum, not 0 characters", false},
		{"too long checksum", "raw(deadbeef)#89f8spxmx", "Expected 8 character checksum, not 9 characters", false},
		{"too short checksum", "raw(deadbeef)#89f8spx", "Expected 8 character checksum, not 7 characters", false},
		{"error in payload", "raw(deedbeef)#89f8spxm", "Provided checksum '89f8spxm' does not match computed checksum 'xj8ljs75'", false},
		{"error in checksum", "raw(deedbeef)##9f8spxm", "Multiple '#' symbols", false},
		{"invalid characters in payload", "raw(Ü)#00000000", "Invalid characters in payload", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.require {
				_, err = ParseWithChecksum(tc.desc, params)
			} else {
				_, err = Parse(tc.desc, params)
			}
			if !errors.Is(err, ErrInvalidChecksum) {
				t.Fatalf("got %v", err)
			}
			if err.Error() != tc.msg {
				t.Fatalf("message %q, want %q", err.Error(), tc.msg)
			}
		})
	}
}
