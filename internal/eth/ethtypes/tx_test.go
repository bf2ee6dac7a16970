package ethtypes

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
)

var testKey = "4646464646464646464646464646464646464646464646464646464646464646"

// sampleTxs returns one unsigned transaction of each shape.
func sampleTxs(t testing.TB) map[string]TxData {
	to := mustAddress(t, "0x3535353535353535353535353535353535353535")
	al := AccessList{
		{Address: to, StorageKeys: []Hash{{1}, {2}}},
		{Address: Address{9}},
	}
	return map[string]TxData{
		"legacy": &LegacyTx{Nonce: 9, GasPrice: *uint256.NewInt(20e9), Gas: 21000, To: &to,
			Value: *uint256.NewInt(1e18)},
		"legacy create": &LegacyTx{Nonce: 0, GasPrice: *uint256.NewInt(1), Gas: 100000,
			Data: bytes.Repeat([]byte{0x60, 0}, 40)},
		"access list": &AccessListTx{ChainID: *uint256.NewInt(1), Nonce: 1, GasPrice: *uint256.NewInt(7), Gas: 50000,
			To: &to, Value: *uint256.NewInt(3), Data: []byte{1, 2, 3}, AccessList: al},
		"access list create": &AccessListTx{ChainID: *uint256.NewInt(1), Gas: 60000, Data: []byte{0}},
		"dynamic fee": &DynamicFeeTx{ChainID: *uint256.NewInt(1), Nonce: 300, GasTipCap: *uint256.NewInt(2),
			GasFeeCap: *uint256.NewInt(1000), Gas: 80000, To: &to, Data: bytes.Repeat([]byte{0xab}, 100), AccessList: al},
		"dynamic fee create": &DynamicFeeTx{ChainID: *uint256.NewInt(1), GasFeeCap: *uint256.NewInt(1), Gas: 60000},
		"blob": &BlobTx{ChainID: *uint256.NewInt(1), Nonce: 5, GasTipCap: *uint256.NewInt(1), GasFeeCap: *uint256.NewInt(10),
			Gas: 21000, To: to, BlobFeeCap: *uint256.NewInt(3), AccessList: al,
			BlobHashes: []Hash{{BlobHashVersionKZG, 1}, {BlobHashVersionKZG, 2}}},
	}
}

// TestEIP155Example checks the worked example of EIP-155.
func TestEIP155Example(t *testing.T) {
	priv := mustPrivKey(t, testKey)
	tx := NewTx(sampleTxs(t)["legacy"])
	signer := NewEIP155Signer(1)
	h, err := signer.SigningHash(tx)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h[:]); got != "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53" {
		t.Fatalf("signing hash %s", got)
	}
	signed, err := SignTx(tx, signer, priv)
	if err != nil {
		t.Fatal(err)
	}
	const want = "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0" +
		"28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800cc" +
		"f555c9f3dc64214b297fb1966a3b6d83"
	enc, _ := signed.MarshalBinary()
	if hex.EncodeToString(enc) != want {
		t.Fatalf("signed tx %x\nwant      %s", enc, want)
	}
	from, err := Sender(signer, signed)
	if err != nil || from != PubkeyToAddress(priv.PubKey()) {
		t.Fatalf("sender %s, %v", from, err)
	}
	if id := signed.ChainID(); id.Uint64() != 1 || !signed.Protected() {
		t.Fatalf("chain id %s protected %v", id.Dec(), signed.Protected())
	}
}

// TestTxRoundTrip builds, signs, encodes and decodes each transaction shape
// with every signer that accepts it.
func TestTxRoundTrip(t *testing.T) {
	priv := mustPrivKey(t, testKey)
	want := PubkeyToAddress(priv.PubKey())
	signers := map[string]Signer{
		"frontier": NewFrontierSigner(), "homestead": NewHomesteadSigner(), "eip155": NewEIP155Signer(1),
		"berlin": NewBerlinSigner(1), "london": NewLondonSigner(1), "cancun": LatestSigner(1),
	}
	for name, d := range sampleTxs(t) {
		for sname, signer := range signers {
			t.Run(name+"/"+sname, func(t *testing.T) {
				tx := NewTx(d)
				signed, err := SignTx(tx, signer, priv)
				if !signer.Supports(tx.Type()) {
					if !errors.Is(err, ErrTxTypeNotSupported) {
						t.Fatalf("SignTx: %v, want ErrTxTypeNotSupported", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				enc, _ := signed.MarshalBinary()
				dec, err := DecodeTx(enc)
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if dec.Hash() != signed.Hash() || dec.Hash() != Keccak256Hash(enc) || dec.Size() != len(enc) {
					t.Fatal("hash or size mismatch")
				}
				if diff := cmp.Diff(signed.TxData(), dec.TxData()); diff != "" {
					t.Fatalf("fields differ (-signed +decoded):\n%s", diff)
				}
				if diff := cmp.Diff(d, NewTx(dec.TxData()).TxData(), cmp.FilterPath(func(p cmp.Path) bool {
					s := p.Last().String()
					return s == ".V" || s == ".R" || s == ".S"
				}, cmp.Ignore())); diff != "" {
					t.Fatalf("fields differ from input (-in +decoded):\n%s", diff)
				}
				from, err := Sender(signer, dec)
				if err != nil || from != want {
					t.Fatalf("sender %s, %v", from, err)
				}
				// Cached: a second call gives the same; another signer
				// recomputes.
				if again, err := Sender(signer, dec); err != nil || again != want {
					t.Fatal("cached sender")
				}
				if dec.Type() == LegacyTxType && sname == "frontier" {
					if _, err := Sender(NewEIP155Signer(1), dec); err != nil {
						t.Fatalf("unprotected tx with EIP-155 signer: %v", err)
					}
				}
				// Block-body form.
				b := dec.AppendRLP([]byte{0xaa})
				if len(b) != 1+dec.RLPSize() {
					t.Fatal("RLPSize")
				}
				back, rest, err := SplitTx(b[1:])
				if err != nil || len(rest) != 0 || back.Hash() != dec.Hash() {
					t.Fatalf("SplitTx: %v", err)
				}
				ab, _ := dec.AppendBinary([]byte{1})
				if !bytes.Equal(ab[1:], enc) || !bytes.Equal(dec.EncodedBytes(), enc) {
					t.Fatal("AppendBinary")
				}
				var u Transaction
				if err := u.UnmarshalBinary(enc); err != nil || u.Hash() != dec.Hash() {
					t.Fatalf("UnmarshalBinary: %v", err)
				}
			})
		}
	}
}

func TestTxAccessors(t *testing.T) {
	d := sampleTxs(t)["blob"].(*BlobTx)
	tx := NewTx(d)
	if tx.Type() != BlobTxType || tx.Nonce() != 5 || tx.Gas() != 21000 || tx.IsCreate() {
		t.Fatal("basic accessors")
	}
	if to, ok := tx.To(); !ok || to != d.To {
		t.Fatal("To")
	}
	if tip, fc := tx.GasTipCap(), tx.GasFeeCap(); tip.Uint64() != 1 || fc.Uint64() != 10 {
		t.Fatal("fee caps")
	}
	if gp := tx.GasPrice(); gp.Uint64() != 10 {
		t.Fatal("GasPrice of a blob tx is its fee cap")
	}
	if bf := tx.BlobGasFeeCap(); bf.Uint64() != 3 || tx.BlobGas() != 2*BlobTxBlobGasPerBlob || len(tx.BlobHashes()) != 2 {
		t.Fatal("blob fields")
	}
	if al := tx.AccessList(); len(al) != 2 || al.StorageKeys() != 2 {
		t.Fatal("access list")
	}
	if v := tx.Value(); !v.IsZero() || tx.Data() != nil || !tx.Protected() {
		t.Fatal("value, data, protected")
	}
	legacy := NewTx(&LegacyTx{V: *uint256.NewInt(27)})
	if legacy.Protected() || !legacy.IsCreate() {
		t.Fatal("legacy V=27 is not protected")
	}
	if _, ok := legacy.To(); ok {
		t.Fatal("legacy create has a recipient")
	}
	big := NewTx(&LegacyTx{V: *new(uint256.Int).Lsh(uint256.NewInt(1), 100)})
	if !big.Protected() {
		t.Fatal("huge V is protected")
	}
	// The caller's slices are copied.
	d.BlobHashes[0][1] = 0xee
	if tx.BlobHashes()[0][1] == 0xee {
		t.Fatal("NewTx aliases the caller's slice")
	}
}

// TestDecodeErrors forces every decoding failure.
func TestDecodeErrors(t *testing.T) {
	to := strings.Repeat("11", 20)
	h32 := strings.Repeat("22", 32)
	// list wraps hex-encoded RLP items in a list.
	list := func(items ...string) string {
		b, _ := hex.DecodeString(strings.Join(items, ""))
		return hex.EncodeToString(rlp.AppendListHeader(nil, len(b))) + hex.EncodeToString(b)
	}
	str := func(h string) string {
		b, _ := hex.DecodeString(h)
		return hex.EncodeToString(rlp.AppendBytes(nil, b))
	}
	sig := "01" + "01" + "01"
	legacyHead := "01" + "01" + "825208" + str(to) + "80" + "80" // nonce, gasPrice, gas, to, value, data
	okAL := list(list(str(to), list(str(h32))))
	typed2 := func(fields ...string) string {
		return "02" + list(append([]string{"01", "01", "01", "01", "825208", str(to), "80", "80"}, fields...)...)
	}
	blob := func(to string, hashes string) string {
		return "03" + list("01", "01", "01", "01", "825208", to, "80", "80", "c0", "01", hashes, sig)
	}
	tests := []struct {
		name  string
		hex   string
		kind  ErrorKind
		cause error
	}{
		{"empty", "", ErrTxDecode, rlp.ErrUnexpectedEnd},
		{"rlp string envelope", str("0102"), ErrTxDecode, nil},
		{"type 0", "00" + list(legacyHead, sig), ErrTxTypeNotSupported, nil},
		{"type 4", "04c0", ErrTxTypeNotSupported, nil},
		{"type 0x7f", "7fc0", ErrTxTypeNotSupported, nil},
		{"typed payload not a list", "0280", ErrTxDecode, rlp.ErrExpectedList},
		{"typed no payload", "02", ErrTxDecode, rlp.ErrUnexpectedEnd},
		{"trailing byte", list(legacyHead, sig) + "00", ErrTxDecode, rlp.ErrMoreThanOneValue},
		{"truncated list", list(legacyHead, sig)[:20], ErrTxDecode, rlp.ErrValueTooLarge},
		{"too few elements", list(legacyHead, "01", "01"), ErrTxDecode, rlp.ErrTooFewElements},
		{"too many elements", list(legacyHead, sig, "01"), ErrTxDecode, rlp.ErrTooManyElements},
		{"nonce non-canonical", list("00", "01", "825208", str(to), "80", "80", sig), ErrTxDecode, rlp.ErrCanonInt},
		{"nonce 9 bytes", list("89010000000000000000", "01", "825208", str(to), "80", "80", sig), ErrTxDecode,
			rlp.ErrUintOverflow},
		{"nonce is a list", list("c0", "01", "825208", str(to), "80", "80", sig), ErrTxDecode, rlp.ErrExpectedString},
		{"value 33 bytes", list("01", "01", "825208", str(to), str("01"+strings.Repeat("00", 32)), "80", sig),
			ErrTxDecode, rlp.ErrUintOverflow},
		{"gas price non-canonical", list("01", "8100", "825208", str(to), "80", "80", sig), ErrTxDecode, rlp.ErrCanonSize},
		{"to 19 bytes", list("01", "01", "825208", str(to[2:]), "80", "80", sig), ErrTxDecode, nil},
		{"to is a list", list("01", "01", "825208", "c0", "80", "80", sig), ErrTxDecode, rlp.ErrExpectedString},
		{"data is a list", list("01", "01", "825208", str(to), "80", "c0", sig), ErrTxDecode, rlp.ErrExpectedString},
		{"r 33 bytes", list(legacyHead, "1b", str("01"+strings.Repeat("00", 32)), "01"), ErrInvalidSig, rlp.ErrUintOverflow},
		{"s non-canonical", list(legacyHead, "1b", "01", "820001"), ErrTxDecode, rlp.ErrCanonInt},
		{"chain id is a list", "01" + list("c0", "01", "01", "825208", str(to), "80", "80", "c0", sig), ErrTxDecode,
			rlp.ErrExpectedString},
		{"access list not a list", typed2("80", sig), ErrTxDecode, rlp.ErrExpectedList},
		{"access list tuple not a list", typed2(list("80"), sig), ErrTxDecode, rlp.ErrExpectedList},
		{"access list address is a list", typed2(list(list("c0", "c0")), sig), ErrTxDecode, rlp.ErrExpectedString},
		{"access list address 21 bytes", typed2(list(list(str(to+"00"), "c0")), sig), ErrTxDecode, nil},
		{"access list keys not a list", typed2(list(list(str(to), "80")), sig), ErrTxDecode, rlp.ErrExpectedList},
		{"access list tuple extra element", typed2(list(list(str(to), "c0", "80")), sig), ErrTxDecode,
			rlp.ErrTooManyElements},
		{"access list key 31 bytes", typed2(list(list(str(to), list(str(h32[2:])))), sig), ErrTxDecode, nil},
		{"access list key is a list", typed2(list(list(str(to), list("c0"))), sig), ErrTxDecode, rlp.ErrExpectedString},
		{"access list bad item", typed2(list("c1"), sig), ErrTxDecode, rlp.ErrValueTooLarge},
		{"missing access list", typed2(), ErrTxDecode, rlp.ErrTooFewElements},
		{"blob create", blob("80", list(str("01"+h32[2:]))), ErrBlobTxCreate, nil},
		{"blob hashes not a list", blob(str(to), "80"), ErrTxDecode, rlp.ErrExpectedList},
		{"blob hash 31 bytes", blob(str(to), list(str(h32[2:]))), ErrTxDecode, nil},
		{"blob hash is a list", blob(str(to), list("c0")), ErrTxDecode, rlp.ErrExpectedString},
	}
	// The fixtures must be well-formed where intended: the okAL variant of
	// typed2 decodes.
	if _, err := DecodeTx(mustHex(t, typed2(okAL, sig))); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTx(mustHex(t, tc.hex))
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want kind %q", err, tc.kind)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Fatalf("error %v, want cause %q", err, tc.cause)
			}
			var re *RuleError
			if !errors.As(err, &re) && !errors.Is(err, ErrTxDecode) {
				t.Fatalf("error %T is not a RuleError", err)
			}
			var tx Transaction
			if tx.UnmarshalBinary(mustHex(t, tc.hex)) == nil || tx.Hash() != (Hash{}) {
				t.Fatal("UnmarshalBinary did not fail or left state behind")
			}
		})
	}
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func TestSplitTxErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		kind ErrorKind
	}{
		{"empty", "", ErrTxDecode},
		{"empty string", "80", ErrTxDecode},
		{"string holding a list", "82c180", ErrTxDecode},
		{"string holding a bad typed tx", "820280", ErrTxDecode},
		{"list not a tx", "c0", ErrTxDecode},
	} {
		if _, _, err := SplitTx(mustHex(t, tc.in)); !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
		}
	}
}

// TestSignerErrors forces the failures of Signer.Sender, SignTx and
// WithSignature.
func TestSignerErrors(t *testing.T) {
	priv := mustPrivKey(t, testKey)
	txs := sampleTxs(t)
	dyn := NewTx(txs["dynamic fee"])
	signedDyn, err := SignTx(dyn, LatestSigner(1), priv)
	if err != nil {
		t.Fatal(err)
	}
	legacy155, err := SignTx(NewTx(txs["legacy"]), NewEIP155Signer(1), priv)
	if err != nil {
		t.Fatal(err)
	}
	withV := func(tx *Transaction, v uint64) *Transaction {
		d := tx.TxData()
		switch x := d.(type) {
		case *LegacyTx:
			x.V = *uint256.NewInt(v)
		case *DynamicFeeTx:
			x.V = *uint256.NewInt(v)
		}
		return NewTx(d)
	}
	withS := func(tx *Transaction, s uint256.Int) *Transaction {
		d := tx.TxData().(*LegacyTx)
		d.S = s
		return NewTx(d)
	}
	// The high-S twin of a valid signature: valid before Homestead only.
	frontierSigned, _ := SignTx(NewTx(txs["legacy"]), NewFrontierSigner(), priv)
	_, _, s0 := frontierSigned.RawSignatureValues()
	var n uint256.Int
	n.SetFromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
	var highS uint256.Int
	highS.Sub(&n, &s0)
	v0, _, _ := frontierSigned.RawSignatureValues()
	flipped := withS(withV(frontierSigned, 55-v0.Uint64()), highS) // 27 <-> 28
	if _, err := NewFrontierSigner().Sender(flipped); err != nil {
		t.Fatalf("high S before Homestead: %v", err)
	}

	tests := []struct {
		name   string
		signer Signer
		tx     *Transaction
		kind   ErrorKind
	}{
		{"typed with EIP-155 signer", NewEIP155Signer(1), signedDyn, ErrTxTypeNotSupported},
		{"typed with Berlin signer", NewBerlinSigner(1), signedDyn, ErrTxTypeNotSupported},
		{"typed wrong chain", NewLondonSigner(5), signedDyn, ErrInvalidChainID},
		{"typed y parity 2", NewLondonSigner(1), withV(signedDyn, 2), ErrInvalidSig},
		{"protected legacy wrong chain", NewEIP155Signer(5), legacy155, ErrInvalidChainID},
		{"protected legacy before EIP-155", NewHomesteadSigner(), legacy155, ErrInvalidSig},
		{"legacy v 29", NewEIP155Signer(1), withV(legacy155, 29), ErrInvalidChainID},
		{"legacy v 0", NewEIP155Signer(1), withV(legacy155, 0), ErrInvalidSig},
		{"legacy v 26 frontier", NewFrontierSigner(), withV(legacy155, 26), ErrInvalidSig},
		{"high S from Homestead", NewHomesteadSigner(), flipped, ErrInvalidSig},
		{"zero S", NewFrontierSigner(), withS(frontierSigned, uint256.Int{}), ErrInvalidSig},
		{"S = N", NewFrontierSigner(), withS(frontierSigned, n), ErrInvalidSig},
		{"unsigned", NewHomesteadSigner(), withV(NewTx(txs["legacy"]), 27), ErrInvalidSig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Sender(tc.signer, tc.tx); !errors.Is(err, tc.kind) {
				t.Fatalf("Sender: %v, want %v", err, tc.kind)
			}
		})
	}

	// R not the x coordinate of a curve point (x = 5 has none on
	// secp256k1).
	d := frontierSigned.TxData().(*LegacyTx)
	d.R = *uint256.NewInt(5)
	if _, err := NewFrontierSigner().Sender(NewTx(d)); !errors.Is(err, ErrRecoveryFailed) {
		t.Fatalf("R=5: %v, want ErrRecoveryFailed", err)
	}

	if _, err := NewEIP155Signer(1).SigningHash(dyn); !errors.Is(err, ErrTxTypeNotSupported) {
		t.Fatalf("SigningHash: %v", err)
	}
	if _, err := SignTx(dyn, NewLondonSigner(5), priv); !errors.Is(err, ErrInvalidChainID) {
		t.Fatalf("SignTx wrong chain: %v", err)
	}
	var sig [crypto.RecoverableSigLen]byte
	sig[64] = 2
	if _, err := LatestSigner(1).WithSignature(dyn, sig); !errors.Is(err, ErrInvalidSig) {
		t.Fatalf("WithSignature recid 2: %v", err)
	}
	if _, err := NewEIP155Signer(1).WithSignature(dyn, [65]byte{}); !errors.Is(err, ErrTxTypeNotSupported) {
		t.Fatalf("WithSignature type: %v", err)
	}
	if _, err := NewLondonSigner(5).WithSignature(dyn, [65]byte{}); !errors.Is(err, ErrInvalidChainID) {
		t.Fatalf("WithSignature chain: %v", err)
	}
}

func TestMakeSigner(t *testing.T) {
	tests := []struct {
		fork  string
		want  Signer
		chain uint64
	}{
		{"Frontier", NewFrontierSigner(), 0},
		{"Homestead", NewHomesteadSigner(), 0},
		{"EIP150", NewHomesteadSigner(), 0},
		{"EIP158", NewEIP155Signer(7), 7},
		{"Istanbul", NewEIP155Signer(7), 7},
		{"Berlin", NewBerlinSigner(7), 7},
		{"London", NewLondonSigner(7), 7},
		{"Shanghai", NewLondonSigner(7), 7},
		{"Cancun", NewCancunSigner(7), 7},
	}
	for _, tc := range tests {
		s := MakeSigner(forkRules(t, tc.fork), 7)
		if s != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.fork, s, tc.want)
		}
		if id := s.ChainID(); id.Uint64() != tc.chain {
			t.Errorf("%s: chain id %s", tc.fork, id.Dec())
		}
		for typ := uint8(0); typ < 10; typ++ {
			if s.Supports(typ) != forkRules(t, tc.fork).SupportsTxType(typ) {
				t.Errorf("%s: signer and rules disagree on type %d", tc.fork, typ)
			}
		}
	}
}

// TestValidateTx forces each stateless rule.
func TestValidateTx(t *testing.T) {
	to := mustAddress(t, "0x3535353535353535353535353535353535353535")
	cancun := forkRules(t, "Cancun")
	maxU256 := *new(uint256.Int).SetAllOne()
	blob := func(mod func(*BlobTx)) *Transaction {
		d := &BlobTx{ChainID: *uint256.NewInt(1), GasFeeCap: *uint256.NewInt(1), Gas: 21000, To: to,
			BlobHashes: []Hash{{BlobHashVersionKZG}}}
		mod(d)
		return NewTx(d)
	}
	tests := []struct {
		name  string
		rules Rules
		tx    *Transaction
		kind  ErrorKind
	}{
		{"ok legacy", cancun, NewTx(&LegacyTx{Gas: 21000, To: &to}), ""},
		{"ok blob", cancun, blob(func(*BlobTx) {}), ""},
		{"blob before Cancun", forkRules(t, "Shanghai"), blob(func(*BlobTx) {}), ErrTxTypeNotSupported},
		{"dynamic before London", forkRules(t, "Berlin"), NewTx(&DynamicFeeTx{Gas: 21000}), ErrTxTypeNotSupported},
		{"access list before Berlin", forkRules(t, "Istanbul"), NewTx(&AccessListTx{Gas: 21000}), ErrTxTypeNotSupported},
		{"nonce max", cancun, NewTx(&LegacyTx{Nonce: math.MaxUint64, Gas: 21000}), ErrNonceMax},
		{"tip above cap", cancun, NewTx(&DynamicFeeTx{GasTipCap: *uint256.NewInt(2), GasFeeCap: *uint256.NewInt(1),
			Gas: 21000}), ErrTipAboveFeeCap},
		{"fee overflow", cancun, NewTx(&LegacyTx{GasPrice: maxU256, Gas: 21000}), ErrFeeOverflow},
		{"blob fee overflow", cancun, blob(func(d *BlobTx) { d.BlobFeeCap = maxU256 }), ErrFeeOverflow},
		{"blob fee sum overflow", cancun, blob(func(d *BlobTx) {
			d.GasFeeCap = *new(uint256.Int).Rsh(&maxU256, 20)
			d.GasTipCap = d.GasFeeCap
			d.Gas = 1 << 19
			d.BlobFeeCap = *new(uint256.Int).Rsh(&maxU256, 17)
		}), ErrFeeOverflow},
		{"no blobs", cancun, blob(func(d *BlobTx) { d.BlobHashes = nil }), ErrMissingBlobHashes},
		{"too many blobs", cancun, blob(func(d *BlobTx) { d.BlobHashes = make([]Hash, 7) }), ErrTooManyBlobs},
		{"bad blob version", cancun, blob(func(d *BlobTx) { d.BlobHashes = []Hash{{0}} }), ErrBlobHashVersion},
		{"init code too big", cancun, NewTx(&LegacyTx{Gas: 1e7, Data: make([]byte, MaxInitCodeSize+1)}),
			ErrMaxInitCodeSizeExceeded},
		{"init code too big before Shanghai", forkRules(t, "Paris"),
			NewTx(&LegacyTx{Gas: 1e7, Data: make([]byte, MaxInitCodeSize+1)}), ""},
		{"intrinsic gas", cancun, NewTx(&LegacyTx{Gas: 20999, To: &to}), ErrIntrinsicGas},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateTx(tc.tx, tc.rules)
			if tc.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want %v", err, tc.kind)
			}
		})
	}
}

func TestIntrinsicGas(t *testing.T) {
	data := []byte{0, 1, 0, 2} // 2 zero, 2 non-zero
	al := AccessList{{StorageKeys: []Hash{{}, {}}}, {}}
	tests := []struct {
		name   string
		fork   string
		data   []byte
		al     AccessList
		create bool
		want   uint64
	}{
		{"frontier call", "Frontier", nil, nil, false, 21000},
		{"frontier create", "Frontier", nil, nil, true, 21000},
		{"homestead create", "Homestead", nil, nil, true, 53000},
		{"frontier data", "Frontier", data, nil, false, 21000 + 2*4 + 2*68},
		{"istanbul data", "Istanbul", data, nil, false, 21000 + 2*4 + 2*16},
		{"berlin access list", "Berlin", nil, al, false, 21000 + 2*2400 + 2*1900},
		{"shanghai create words", "Shanghai", make([]byte, 33), nil, true, 53000 + 33*4 + 2*2},
		{"paris create no words", "Paris", make([]byte, 33), nil, true, 53000 + 33*4},
		{"shanghai call no words", "Shanghai", make([]byte, 33), nil, false, 21000 + 33*4},
	}
	for _, tc := range tests {
		got, err := IntrinsicGas(tc.data, tc.al, tc.create, forkRules(t, tc.fork))
		if err != nil || got != tc.want {
			t.Errorf("%s: %d (%v), want %d", tc.name, got, err, tc.want)
		}
	}
	if _, ok := addMul(1, math.MaxUint64, 2); ok {
		t.Error("addMul product overflow not detected")
	}
	if _, ok := addMul(math.MaxUint64, 1, 1); ok {
		t.Error("addMul sum overflow not detected")
	}
	if v, ok := addMul(1, 2, 3); !ok || v != 7 {
		t.Error("addMul")
	}
}

func TestLegacyChainID(t *testing.T) {
	for _, tc := range []struct{ v, want uint64 }{
		{27, 0}, {28, 0}, {0, 0}, {1, 0}, {29, 0}, {35, 0}, {36, 0}, {37, 1}, {38, 1}, {2*1337 + 36, 1337},
	} {
		v := uint256.NewInt(tc.v)
		if got := legacyChainID(v); got.Uint64() != tc.want {
			t.Errorf("V=%d: chain id %d, want %d", tc.v, got.Uint64(), tc.want)
		}
	}
}

// TestSenderConcurrent recovers the sender of one transaction from several
// goroutines with different signers (run with -race).
func TestSenderConcurrent(t *testing.T) {
	tx, err := SignTx(NewTx(sampleTxs(t)["legacy"]), NewHomesteadSigner(), mustPrivKey(t, testKey))
	if err != nil {
		t.Fatal(err)
	}
	want := PubkeyToAddress(mustPrivKey(t, testKey).PubKey())
	signers := []Signer{NewHomesteadSigner(), NewEIP155Signer(1), NewFrontierSigner(), LatestSigner(1)}
	done := make(chan error)
	for i := range 8 {
		go func() {
			from, err := Sender(signers[i%len(signers)], tx)
			if err == nil && from != want {
				err = errors.New("wrong sender " + from.Hex())
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
