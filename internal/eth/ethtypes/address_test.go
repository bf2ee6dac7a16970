package ethtypes

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
	"github.com/twinchain/twinchain/internal/testdata"
)

func mustAddress(t testing.TB, s string) Address {
	t.Helper()
	a, err := ParseAddress(s)
	if err != nil {
		t.Fatalf("ParseAddress(%q): %v", s, err)
	}
	return a
}

func mustPrivKey(t testing.TB, s string) *secp256k1.PrivateKey {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		t.Fatalf("bad private key %q", s)
	}
	return secp256k1.PrivKeyFromBytes(b)
}

// TestSeedBookExamples checks the worked examples of the seed book's
// Ethereum chapter.
func TestSeedBookExamples(t *testing.T) {
	priv := mustPrivKey(t, "7C7FC7CCECC1FEE3B3E4AC63ADD864BD786696C20CA15683A269AA9AD8639443")
	addr := PubkeyToAddress(priv.PubKey())
	if want := mustAddress(t, "0x238661F085A338F04B0C7C956A796B57018151F0"); addr != want {
		t.Fatalf("address %s, want %s", addr, want)
	}
	created := CreateAddress(addr, 0)
	if got, want := created.Hex(), "0x5499F82BE656085c9636d85b559df2B17d5db33A"; got != want {
		t.Fatalf("CREATE address %s, want %s", got, want)
	}
	if got := Selector("Grow(int256,int256)"); hex.EncodeToString(got[:]) != "ddb774da" {
		t.Fatalf("selector %x, want ddb774da", got)
	}
}

// TestEIP55 checks the examples of EIP-55: Hex must reproduce each exactly.
func TestEIP55(t *testing.T) {
	for _, s := range []string{
		// All caps.
		"0x52908400098527886E0F7030069857D2E4169EE7",
		"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
		// All lower.
		"0xde709f2102306220921060314715629080e2fb77",
		"0x27b1fdb04752bbc536007a920d24acb045561c26",
		// Normal.
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
		"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
		"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
	} {
		a := mustAddress(t, s)
		if a.Hex() != s {
			t.Errorf("Hex() = %s, want %s", a.Hex(), s)
		}
		if err := ValidateChecksum(s); err != nil {
			t.Errorf("ValidateChecksum(%s): %v", s, err)
		}
		if _, err := ParseAddressChecked(s); err != nil {
			t.Errorf("ParseAddressChecked(%s): %v", s, err)
		}
	}
}

func TestParseAddressAndChecksum(t *testing.T) {
	const good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	tests := []struct {
		name      string
		in        string
		parseErr  error // ParseAddress
		checkErr  error // ValidateChecksum / ParseAddressChecked
		wantLower string
	}{
		{name: "checksummed", in: good, wantLower: strings.ToLower(good)},
		{name: "no prefix", in: good[2:], wantLower: strings.ToLower(good)},
		{name: "upper prefix", in: "0X" + good[2:], wantLower: strings.ToLower(good)},
		{name: "all lower", in: strings.ToLower(good), wantLower: strings.ToLower(good)},
		{name: "all upper", in: "0x" + strings.ToUpper(good[2:]), wantLower: strings.ToLower(good)},
		{name: "bad checksum", in: "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", checkErr: ErrBadChecksum,
			wantLower: strings.ToLower(good)},
		{name: "too short", in: good[:41], parseErr: ErrInvalidHex, checkErr: ErrInvalidHex},
		{name: "too long", in: good + "00", parseErr: ErrInvalidHex, checkErr: ErrInvalidHex},
		{name: "not hex", in: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ", parseErr: ErrInvalidHex, checkErr: ErrInvalidHex},
		{name: "empty", in: "", parseErr: ErrInvalidHex, checkErr: ErrInvalidHex},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseAddress(tc.in)
			if !errors.Is(err, tc.parseErr) || (tc.parseErr == nil && err != nil) {
				t.Fatalf("ParseAddress: %v, want %v", err, tc.parseErr)
			}
			if err == nil && "0x"+hex.EncodeToString(a[:]) != tc.wantLower {
				t.Errorf("ParseAddress = %x", a)
			}
			err = ValidateChecksum(tc.in)
			if !errors.Is(err, tc.checkErr) || (tc.checkErr == nil && err != nil) {
				t.Errorf("ValidateChecksum: %v, want %v", err, tc.checkErr)
			}
			_, err = ParseAddressChecked(tc.in)
			if !errors.Is(err, tc.checkErr) || (tc.checkErr == nil && err != nil) {
				t.Errorf("ParseAddressChecked: %v, want %v", err, tc.checkErr)
			}
		})
	}
}

func TestAddressTextAndBytes(t *testing.T) {
	a := mustAddress(t, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")
	j, err := json.Marshal(a)
	if err != nil || string(j) != `"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"` {
		t.Fatalf("json %s, %v", j, err)
	}
	var b Address
	if err := json.Unmarshal([]byte(`"0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"`), &b); err != nil || b != a {
		t.Fatalf("unmarshal %s, %v", b, err)
	}
	if err := json.Unmarshal([]byte(`"0x12"`), &b); !errors.Is(err, ErrInvalidHex) {
		t.Fatalf("short address accepted: %v", err)
	}
	if a.String() != a.Hex() || BytesToAddress(a.Bytes()) != a || a.IsZero() || !(Address{}).IsZero() {
		t.Fatal("accessors")
	}
	// BytesToAddress keeps the last 20 bytes of a longer input and pads a
	// shorter one on the left.
	long := append(make([]byte, 12), a[:]...)
	long[0] = 0xff
	if BytesToAddress(long) != a {
		t.Fatal("BytesToAddress(32 bytes)")
	}
	if got := BytesToAddress([]byte{1, 2}); got[18] != 1 || got[19] != 2 || got[0] != 0 {
		t.Fatalf("BytesToAddress(short) = %x", got)
	}
}

func TestHash(t *testing.T) {
	const s = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
	if Keccak256Hash(nil) != EmptyCodeHash || EmptyCodeHash.Hex() != s || EmptyCodeHash.String() != s {
		t.Fatalf("keccak256(\"\") = %s", Keccak256Hash(nil))
	}
	h, err := HexToHash(strings.ToUpper(s[2:]))
	if err != nil || h != EmptyCodeHash {
		t.Fatalf("HexToHash: %v", err)
	}
	if _, err := HexToHash(s[:10]); !errors.Is(err, ErrInvalidHex) {
		t.Fatalf("short hash accepted: %v", err)
	}
	j, _ := json.Marshal(h)
	var back Hash
	if err := json.Unmarshal(j, &back); err != nil || back != h {
		t.Fatalf("json round trip: %s %v", j, err)
	}
	if err := json.Unmarshal([]byte(`"zz"`), &back); !errors.Is(err, ErrInvalidHex) {
		t.Fatalf("bad hash json accepted: %v", err)
	}
	if BytesToHash([]byte{1})[31] != 1 || BytesToHash(append([]byte{9}, h[:]...)) != h || (Hash{}).IsZero() != true ||
		BytesToHash(h.Bytes()) != h {
		t.Fatal("BytesToHash")
	}
}

// TestCreateAddress compares the hand-rolled RLP of CreateAddress with the
// rlp package across the nonce size boundaries.
func TestCreateAddress(t *testing.T) {
	sender := mustAddress(t, "0x238661F085A338F04B0C7C956A796B57018151F0")
	for _, nonce := range []uint64{0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 1 << 24, 1<<56 - 1, 1 << 56, math.MaxUint64} {
		b, mark := rlp.StartList(nil)
		b = rlp.AppendBytes(b, sender[:])
		b = rlp.AppendUint64(b, nonce)
		b = rlp.EndList(b, mark)
		h := crypto.Keccak256(b)
		if want, got := BytesToAddress(h[12:]), CreateAddress(sender, nonce); got != want {
			t.Errorf("nonce %d: %s, want %s", nonce, got, want)
		}
	}
}

// TestCreateAddress2 checks the examples of EIP-1014.
func TestCreateAddress2(t *testing.T) {
	tests := []struct {
		sender, salt, code, want string
	}{
		{"0x0000000000000000000000000000000000000000", "00", "00", "0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38"},
		{"0xdeadbeef00000000000000000000000000000000", "00", "00", "0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3"},
		{"0xdeadbeef00000000000000000000000000000000", "feed000000000000000000000000000000000000", "00",
			"0xD04116cDd17beBE565EB2422F2497E06cC1C9833"},
		{"0x0000000000000000000000000000000000000000", "00", "deadbeef", "0x70f2b2914A2a4b783FaEFb75f459A580616Fcb5e"},
		{"0x00000000000000000000000000000000deadbeef", "cafebabe", "deadbeef", "0x60f3f640a8508fC6a86d45DF051962668E1e8AC7"},
		{"0x00000000000000000000000000000000deadbeef", "cafebabe",
			"deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
			"0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C"},
		{"0x0000000000000000000000000000000000000000", "00", "", "0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0"},
	}
	for _, tc := range tests {
		var salt [32]byte
		sb, _ := hex.DecodeString(tc.salt)
		copy(salt[32-len(sb):], sb)
		code, _ := hex.DecodeString(tc.code)
		got := CreateAddress2(mustAddress(t, tc.sender), salt, Keccak256Hash(code))
		if got.Hex() != tc.want {
			t.Errorf("CREATE2(%s, %s, %s) = %s, want %s", tc.sender, tc.salt, tc.code, got.Hex(), tc.want)
		}
	}
}

// TestKeyAddrTest runs BasicTests/keyaddrtest.json: each private key must
// give the listed address, and our signature of keccak256("") must recover
// to it. The file's "sig_of_emptystring" values are not checked: they
// recover to neither key over keccak256(""), SHA3-256(""), SHA-256("") or
// 32 zero bytes, and Nethermind's runner ignores them for the same reason
// ("the test values seem wrong").
func TestKeyAddrTest(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "ethereum-tests", "BasicTests", "keyaddrtest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Seed string `json:"seed"`
		Key  string `json:"key"`
		Addr string `json:"addr"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	msg := Keccak256Hash(nil)
	for _, c := range cases {
		priv := mustPrivKey(t, c.Key)
		addr := PubkeyToAddress(priv.PubKey())
		if addr != mustAddress(t, c.Addr) {
			t.Errorf("%s: address %s, want %s", c.Seed, addr, c.Addr)
		}
		sig, err := crypto.SignRecoverable(priv, msg[:])
		if err != nil {
			t.Fatal(err)
		}
		pub, err := crypto.RecoverPubKey(msg[:], sig[:])
		if err != nil || PubkeyToAddress(pub) != addr {
			t.Errorf("%s: signature does not recover (%v)", c.Seed, err)
		}
	}
	t.Logf("keyaddrtest: %d keys -> addresses checked", len(cases))
}
