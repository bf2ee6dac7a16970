package address

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// segwitString encodes raw 5-bit data with either checksum, bypassing our
// own rules, to build malformed addresses.
func segwitString(t *testing.T, hrp string, m bool, data5 []byte) string {
	t.Helper()
	var s string
	var err error
	if m {
		s, err = bech32.EncodeM(hrp, data5)
	} else {
		s, err = bech32.Encode(hrp, data5)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// program5 returns version || 5-bit groups of a program.
func program5(t *testing.T, version byte, program []byte) []byte {
	t.Helper()
	c, err := bech32.ConvertBits(program, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte{version}, c...)
}

func TestDecodeErrors(t *testing.T) {
	main := chaincfg.MainNet()
	h20 := make([]byte, 20)
	emptyPayload := func() string {
		sum := chainhash.DoubleSHA256(nil)
		return base58.Encode(sum[:4])
	}()
	goodV0 := segwitString(t, "bc", false, program5(t, 0, h20))
	// Replace the last checksum character with another one of the charset.
	repl := "q"
	if strings.HasSuffix(goodV0, "q") {
		repl = "p"
	}
	badCk := goodV0[:len(goodV0)-1] + repl
	overPadded := append(program5(t, 0, h20), 1)

	tests := []struct {
		name string
		s    string
		want ErrorKind
	}{
		{"testnet P2PKH on main", "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ", ErrWrongNetwork},
		{"unknown Base58 prefix", encodeBase58Check(42, h20), ErrUnknownPrefix},
		{"P2PKH prefix, 19 bytes", encodeBase58Check(0, h20[:19]), ErrInvalidLength},
		{"P2SH prefix, 21 bytes", encodeBase58Check(5, make([]byte, 21)), ErrInvalidLength},
		{"empty Base58 payload", emptyPayload, ErrInvalidLength},
		{"Base58 checksum", "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mn", ErrInvalidChecksum},
		{"not Base58, no HRP", "0OIl", ErrInvalidFormat},
		{"empty", "", ErrInvalidFormat},
		{"testnet segwit on main", segwitString(t, "tb", false, program5(t, 0, h20)), ErrWrongNetwork},
		{"unknown HRP", segwitString(t, "xy", false, program5(t, 0, h20)), ErrUnknownPrefix},
		{"mixed case", "bc1Q" + strings.ToLower(goodV0[4:]), ErrMixedCase},
		{"Bech32 checksum", badCk, ErrInvalidChecksum},
		{"v0 with Bech32m", segwitString(t, "bc", true, program5(t, 0, h20)), ErrWrongChecksumVariant},
		{"v1 with Bech32", segwitString(t, "bc", false, program5(t, 1, make([]byte, 32))), ErrWrongChecksumVariant},
		{"v0 of 21 bytes", segwitString(t, "bc", false, program5(t, 0, make([]byte, 21))), ErrInvalidLength},
		{"v1 of 1 byte", segwitString(t, "bc", true, program5(t, 1, []byte{1})), ErrInvalidLength},
		{"v2 of 41 bytes", segwitString(t, "bc", true, program5(t, 2, make([]byte, 41))), ErrInvalidLength},
		{"version 17", segwitString(t, "bc", true, program5(t, 17, h20)), ErrInvalidWitnessVersion},
		{"bad padding", segwitString(t, "bc", false, overPadded), ErrInvalidPadding},
		{"empty data section", segwitString(t, "bc", false, nil), ErrInvalidFormat},
		{"over 90 characters", segwitString(t, "bc", true, program5(t, 1, make([]byte, 40))) + strings.Repeat("q", 20), ErrInvalidLength},
		{"bad Bech32 character", "bc1qb0000000", ErrInvalidFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Decode(tc.s, main)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decode(%q) = %v, %v; want kind %v", tc.s, a, err, tc.want)
			}
			var e Error
			if !errors.As(err, &e) || e.Description == "" {
				t.Fatalf("not an Error with a description: %#v", err)
			}
		})
	}
}

func TestFromScriptPubKey(t *testing.T) {
	main := chaincfg.MainNet()
	g := secp256k1.PrivKeyFromBytes([]byte{1}).PubKey().SerializeCompressed()
	p2pk := append(append([]byte{33}, g...), opCheckSig)
	tests := []struct {
		name   string
		script []byte
		want   string // "" = ErrUnsupportedScript
	}{
		{"P2PKH", mustHex(t, "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac"), "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"},
		{"P2WPKH", mustHex(t, "0014751e76e8199196d454941c45d1b3a323f1433bd6"), "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
		{"pay to anchor", mustHex(t, "51024e73"), "bc1pfeessrawgf"},
		{"v16 of 2 bytes", mustHex(t, "6002751e"), "bc1sw50qgdz25j"},
		{"P2PK", p2pk, ""},
		{"OP_RETURN", mustHex(t, "6a0401020304"), ""},
		{"v0 of 21 bytes", append(mustHex(t, "0015"), make([]byte, 21)...), ""},
		{"v1 of 41 bytes", append(mustHex(t, "5129"), make([]byte, 41)...), ""},
		{"v1 of 1 byte", mustHex(t, "510101"), ""},
		{"push length mismatch", append(mustHex(t, "0015"), make([]byte, 20)...), ""},
		{"OP_1NEGATE version", append(mustHex(t, "4f14"), make([]byte, 20)...), ""},
		{"P2PKH with wrong final opcode", mustHex(t, "76a914751e76e8199196d454941c45d1b3a323f1433bd688ab"), ""},
		{"P2SH with wrong final opcode", mustHex(t, "a914751e76e8199196d454941c45d1b3a323f1433bd688"), ""},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := FromScriptPubKey(tc.script, main)
			if tc.want == "" {
				if !errors.Is(err, ErrUnsupportedScript) {
					t.Fatalf("got %v, %v; want ErrUnsupportedScript", a, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.String() != tc.want {
				t.Fatalf("String = %s, want %s", a, tc.want)
			}
			if !bytes.Equal(a.ScriptPubKey(), tc.script) {
				t.Fatalf("ScriptPubKey = %x", a.ScriptPubKey())
			}
		})
	}
}

func TestConstructors(t *testing.T) {
	main := chaincfg.MainNet()
	g := secp256k1.PrivKeyFromBytes([]byte{1}).PubKey()
	gc := g.SerializeCompressed()

	pkh := NewP2PKHFromPubKey(gc, main)
	if pkh.String() != "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH" || pkh.Hash160() != [20]byte(mustHex(t, "751e76e8199196d454941c45d1b3a323f1433bd6")) {
		t.Fatalf("P2PKH %s", pkh)
	}

	wpkh, err := NewP2WPKHFromPubKey(gc, main)
	if err != nil || wpkh.String() != "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" {
		t.Fatalf("P2WPKH %v %v", wpkh, err)
	}
	if wpkh.WitnessVersion() != 0 || !bytes.Equal(wpkh.WitnessProgram(), mustHex(t, "751e76e8199196d454941c45d1b3a323f1433bd6")) || wpkh.Hash160() != pkh.Hash160() {
		t.Fatal("P2WPKH accessors")
	}
	for _, bad := range [][]byte{g.SerializeUncompressed(), append([]byte{0x02}, make([]byte, 32)...)} {
		if _, err := NewP2WPKHFromPubKey(bad, main); !errors.Is(err, ErrInvalidPubKey) {
			t.Fatalf("P2WPKH of %x: %v", bad, err)
		}
	}

	// BIP173's P2WSH example: <G> OP_CHECKSIG.
	ws := append(append([]byte{33}, gc...), opCheckSig)
	wsh := NewP2WSHFromScript(ws, main)
	if wsh.String() != "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3" {
		t.Fatalf("P2WSH %s", wsh)
	}
	if wsh.WitnessVersion() != 0 || wsh.ScriptHash() != [32]byte(wsh.WitnessProgram()) {
		t.Fatal("P2WSH accessors")
	}

	sh := NewP2SHFromScript(ws, main)
	back, err := Decode(sh.String(), main)
	if err != nil || back.(*P2SH).Hash160() != sh.Hash160() || !strings.HasPrefix(sh.String(), "3") {
		t.Fatalf("P2SH round trip %s: %v", sh, err)
	}

	tr := NewP2TR([32]byte(gc[1:]), main)
	if tr.WitnessVersion() != 1 || tr.OutputKey() != [32]byte(gc[1:]) || !bytes.Equal(tr.WitnessProgram(), gc[1:]) {
		t.Fatal("P2TR accessors")
	}

	wu, err := NewWitnessUnknown(2, []byte{1, 2, 3}, main)
	if err != nil || wu.WitnessVersion() != 2 || !bytes.Equal(wu.WitnessProgram(), []byte{1, 2, 3}) {
		t.Fatalf("WitnessUnknown %v %v", wu, err)
	}
	if back, err := Decode(wu.String(), main); err != nil || !bytes.Equal(back.ScriptPubKey(), wu.ScriptPubKey()) {
		t.Fatalf("WitnessUnknown round trip: %v", err)
	}
	badUnknown := []struct {
		name    string
		version byte
		program []byte
		want    ErrorKind
	}{
		{"version 0", 0, make([]byte, 20), ErrInvalidWitnessVersion},
		{"version 17", 17, make([]byte, 20), ErrInvalidWitnessVersion},
		{"1 byte", 1, []byte{1}, ErrInvalidLength},
		{"41 bytes", 1, make([]byte, 41), ErrInvalidLength},
		{"taproot", 1, make([]byte, 32), ErrInvalidWitnessVersion},
	}
	for _, tc := range badUnknown {
		if _, err := NewWitnessUnknown(tc.version, tc.program, main); !errors.Is(err, tc.want) {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	if _, err := NewWitness(0, make([]byte, 33), main); !errors.Is(err, ErrInvalidLength) {
		t.Fatalf("NewWitness v0 33 bytes: %v", err)
	}
}

// TestP2TRFromInternalKey checks the BIP341 wallet vectors' addresses.
func TestP2TRFromInternalKey(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "bip341_wallet_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		ScriptPubKey []struct {
			Given struct {
				InternalPubkey string `json:"internalPubkey"`
			} `json:"given"`
			Intermediary struct {
				MerkleRoot *string `json:"merkleRoot"`
			} `json:"intermediary"`
			Expected struct {
				ScriptPubKey  string `json:"scriptPubKey"`
				Bip350Address string `json:"bip350Address"`
			} `json:"expected"`
		} `json:"scriptPubKey"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	main := chaincfg.MainNet()
	for i, v := range f.ScriptPubKey {
		var root []byte
		if v.Intermediary.MerkleRoot != nil {
			root = mustHex(t, *v.Intermediary.MerkleRoot)
		}
		a, err := NewP2TRFromInternalKey([32]byte(mustHex(t, v.Given.InternalPubkey)), root, main)
		if err != nil {
			t.Fatal(err)
		}
		if a.String() != v.Expected.Bip350Address || hex.EncodeToString(a.ScriptPubKey()) != v.Expected.ScriptPubKey {
			t.Fatalf("vector %d: %s %x", i, a, a.ScriptPubKey())
		}
	}
	var notOnCurve [32]byte
	notOnCurve[31] = 5
	if _, err := NewP2TRFromInternalKey(notOnCurve, nil, main); !errors.Is(err, ErrInvalidPubKey) {
		t.Fatalf("invalid internal key: %v", err)
	}
	t.Logf("BIP341 addresses: %d", len(f.ScriptPubKey))
}

func TestWIFErrors(t *testing.T) {
	main := chaincfg.MainNet()
	key := make([]byte, 32)
	key[31] = 1
	n := secp256k1.Params().N.Bytes()
	tests := []struct {
		name string
		s    string
		want ErrorKind
	}{
		{"testnet key on main", encodeBase58Check(239, key), ErrWrongNetwork},
		{"unknown prefix", encodeBase58Check(1, key), ErrUnknownPrefix},
		{"bad compression flag", encodeBase58Check(128, append(bytes.Clone(key), 2)), ErrInvalidPrivKey},
		{"31-byte key", encodeBase58Check(128, key[1:]), ErrInvalidLength},
		{"zero key", encodeBase58Check(128, make([]byte, 32)), ErrInvalidPrivKey},
		{"key = N", encodeBase58Check(128, n), ErrInvalidPrivKey},
		{"35-byte payload", encodeBase58Check(128, append(bytes.Clone(key), 1, 1)), ErrInvalidLength},
		{"not Base58", "0", ErrInvalidFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := DecodeWIF(tc.s, main); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	priv := secp256k1.PrivKeyFromBytes(key)
	for _, compressed := range []bool{false, true} {
		s := EncodeWIF(priv, compressed, main)
		got, c, err := DecodeWIF(s, main)
		if err != nil || c != compressed || !got.Key.Equals(&priv.Key) {
			t.Fatalf("round trip compressed=%v: %v", compressed, err)
		}
	}
}
