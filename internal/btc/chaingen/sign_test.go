package chaingen

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// testDests returns one destination of each type from a fixed keyring.
func testDests(t testing.TB) [NumOutputTypes]*Destination {
	t.Helper()
	r := NewKeyring([]byte("sign-test"), 9)
	var ds [NumOutputTypes]*Destination
	ds[P2PKH] = NewP2PKH(r.Key(0))
	ds[P2WPKH] = NewP2WPKH(r.Key(1))
	var err error
	if ds[P2TRKeyPath], err = NewP2TRKeyPath(r.Key(2)); err != nil {
		t.Fatal(err)
	}
	if ds[P2TRScriptPath], err = NewP2TRScriptPath(r.Key(3), r.Key(4), r.Key(5)); err != nil {
		t.Fatal(err)
	}
	ds[P2WSHMultisig] = NewP2WSHMultisig(r.Key(6), r.Key(7), r.Key(8))
	return ds
}

// spendTx returns a transaction spending one made-up output per spend, with
// nOut outputs.
func spendTx(spends []Spend, nOut int) (*primitives.Tx, []primitives.TxOut) {
	tx := &primitives.Tx{Version: 2}
	prevOuts := make([]primitives.TxOut, len(spends))
	for i, s := range spends {
		tx.Inputs = append(tx.Inputs, primitives.TxIn{
			PrevOut:  primitives.OutPoint{Hash: chainhash.SHA256([]byte{byte(i)}), Index: uint32(i)},
			Sequence: primitives.SequenceFinal - uint32(i),
		})
		prevOuts[i] = primitives.TxOut{Value: int64(100_000 * (i + 1)), ScriptPubKey: s.Dest.ScriptPubKey}
	}
	for i := range nOut {
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: int64(50_000 + i), ScriptPubKey: spends[i%len(spends)].Dest.ScriptPubKey})
	}
	return tx, prevOuts
}

// verifyAll runs every input of tx through the script engine with every
// verification flag, policy rules included.
func verifyAll(tx *primitives.Tx, prevOuts []primitives.TxOut) error {
	sh := txscript.NewSigHashes(tx, prevOuts)
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		ctx := &txscript.TxContext{Tx: tx, Index: i, Amount: prevOuts[i].Value, PrevOuts: prevOuts, SigHashes: sh}
		if err := txscript.VerifyScript(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, txscript.FlagsAll, ctx); err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
	}
	return nil
}

// TestSignEveryPath signs each output type along each of its paths with
// each hash type, in a transaction that also spends the other four types,
// and verifies all inputs with every script flag (consensus and policy).
func TestSignEveryPath(t *testing.T) {
	ds := testDests(t)
	hashTypes := []txscript.SigHashType{
		0, txscript.SigHashAll, txscript.SigHashNone, txscript.SigHashSingle,
		txscript.SigHashAll | txscript.SigHashAnyOneCanPay,
		txscript.SigHashNone | txscript.SigHashAnyOneCanPay,
		txscript.SigHashSingle | txscript.SigHashAnyOneCanPay,
	}
	paths := map[OutputType][]SpendOptions{
		P2PKH:          {{}},
		P2WPKH:         {{}},
		P2TRKeyPath:    {{}, {Path: PathKey}},
		P2TRScriptPath: {{}, {Path: PathLeafCheckSig}, {Path: PathLeafMultiSig}, {Path: PathKey}},
		P2WSHMultisig:  {{Skip: 0}, {Skip: 1}, {Skip: 2}},
	}
	for ty := range OutputType(NumOutputTypes) {
		for _, opts := range paths[ty] {
			for _, ht := range hashTypes {
				opts.HashType = ht
				t.Run(fmt.Sprintf("%s/path%d-skip%d/%#x", ty, opts.Path, opts.Skip, ht), func(t *testing.T) {
					// The input under test first, then one of each type.
					spends := []Spend{{Dest: ds[ty], Options: opts}}
					for _, d := range ds {
						spends = append(spends, Spend{Dest: d})
					}
					tx, prevOuts := spendTx(spends, 3)
					if err := SignTx(tx, prevOuts, spends); err != nil {
						t.Fatal(err)
					}
					if err := verifyAll(tx, prevOuts); err != nil {
						t.Fatal(err)
					}
					drop := 0 // trailing script and control block
					if ty == P2TRScriptPath && opts.Path != PathKey {
						drop = 2
					}
					if got, want := countSigs(&tx.Inputs[0], drop), ds[ty].NumSigs(opts); got != want {
						t.Errorf("%d signatures, NumSigs says %d", got, want)
					}
					// Changing what the first input's signature commits to
					// must break it (NONE does not cover the outputs).
					tx.Inputs[0].PrevOut.Index ^= 1
					if err := verifyAll(tx, prevOuts); err == nil {
						t.Error("signature still valid after changing the outpoint")
					}
				})
			}
		}
	}
}

// countSigs counts the signatures of an input, pushes of 64-73 bytes,
// ignoring the last drop witness items.
func countSigs(in *primitives.TxIn, drop int) int {
	n := 0
	items := in.Witness[:len(in.Witness)-drop]
	if len(in.ScriptSig) > 0 {
		items = [][]byte{in.ScriptSig[1 : 1+in.ScriptSig[0]]}
	}
	for _, it := range items {
		if len(it) >= 64 && len(it) <= 73 {
			n++
		}
	}
	return n
}

func TestSignErrors(t *testing.T) {
	ds := testDests(t)
	tx, prevOuts := spendTx([]Spend{{Dest: ds[P2TRKeyPath]}, {Dest: ds[P2TRKeyPath]}}, 1)
	for _, tc := range []struct {
		name   string
		run    func() error
		wantIs error
	}{
		{"length mismatch", func() error { return SignTx(tx, prevOuts[:1], []Spend{{Dest: ds[P2PKH]}}) }, ErrBadSpend},
		{"index out of range", func() error { return ds[P2PKH].SignInput(tx, 5, prevOuts, nil, SpendOptions{}) }, ErrBadSpend},
		{"taproot single without output", func() error {
			return ds[P2TRKeyPath].SignInput(tx, 1, prevOuts, nil, SpendOptions{HashType: txscript.SigHashSingle})
		}, ErrBadSpend},
		{"bad taproot hash type", func() error {
			return ds[P2TRKeyPath].SignInput(tx, 0, prevOuts, nil, SpendOptions{HashType: 0x04})
		}, ErrBadSpend},
		{"multisig skip out of range", func() error {
			return ds[P2WSHMultisig].SignInput(tx, 0, prevOuts, nil, SpendOptions{Skip: 3})
		}, ErrBadSpend},
		{"leaf path on key-path-only output is the key path", func() error {
			return ds[P2TRKeyPath].SignInput(tx, 0, prevOuts, nil, SpendOptions{Path: PathLeafMultiSig})
		}, nil},
		{"multisig path on script-path output", func() error {
			return ds[P2TRScriptPath].SignInput(tx, 0, prevOuts, nil, SpendOptions{Path: 99})
		}, ErrBadSpend},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if tc.wantIs == nil && err != nil || tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Fatalf("error %v, want %v", err, tc.wantIs)
			}
		})
	}
}

// TestSignSchnorrMatchesCrypto checks the cached-key BIP340 signer against
// crypto.SignSchnorr, which verifies what it returns.
func TestSignSchnorrMatchesCrypto(t *testing.T) {
	r := NewKeyring([]byte("schnorr"), 64)
	for i := range r.Len() {
		k := r.Key(i)
		msg := chainhash.SHA256([]byte{byte(i), 1})
		got, err := k.SignSchnorr(msg)
		if err != nil {
			t.Fatal(err)
		}
		want, err := crypto.SignSchnorr(k.PrivKey(), msg[:], [32]byte{})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("key %d: signature %x, crypto.SignSchnorr %x", i, got, want)
		}
		x := k.XOnly()
		if !crypto.VerifySchnorr(x[:], msg[:], got[:]) {
			t.Fatalf("key %d: signature does not verify", i)
		}
	}
}

func TestKeys(t *testing.T) {
	a := NewKeyring([]byte("seed"), 4)
	b := NewKeyring([]byte("seed"), 4)
	c := NewKeyring([]byte("other"), 4)
	seen := make(map[[33]byte]bool)
	for i := range a.Len() {
		if a.Key(i).PubKey() != b.Key(i).PubKey() {
			t.Fatalf("key %d differs for the same seed", i)
		}
		if a.Key(i).PubKey() == c.Key(i).PubKey() {
			t.Fatalf("key %d equal for different seeds", i)
		}
		pk := a.Key(i).PubKey()
		if seen[pk] {
			t.Fatalf("key %d repeats", i)
		}
		seen[pk] = true
		if h := crypto.Hash160(pk[:]); h != a.Key(i).Hash160() {
			t.Fatalf("key %d: hash160 mismatch", i)
		}
		if x := a.Key(i).XOnly(); !bytes.Equal(x[:], pk[1:]) {
			t.Fatalf("key %d: x-only key mismatch", i)
		}
	}
}

// TestDestinationAddresses checks the script of each destination against
// the address package's encoding of it.
func TestDestinationAddresses(t *testing.T) {
	p := chaincfg.RegTest()
	want := map[OutputType]string{
		P2PKH: "m", P2WPKH: "bcrt1q", P2TRKeyPath: "bcrt1p", P2TRScriptPath: "bcrt1p", P2WSHMultisig: "bcrt1q",
	}
	for ty, d := range testDests(t) {
		a, err := d.Address(p)
		if err != nil {
			t.Fatalf("%s: %v", OutputType(ty), err)
		}
		if s := a.String(); len(s) < 6 || (s[:1] != want[OutputType(ty)][:1] && s[:6] != want[OutputType(ty)]) {
			t.Errorf("%s: address %s", OutputType(ty), s)
		}
		if !bytes.Equal(a.ScriptPubKey(), d.ScriptPubKey) {
			t.Errorf("%s: address script differs", OutputType(ty))
		}
		if OutputType(ty).String() == "" {
			t.Error("empty type name")
		}
	}
	if OutputType(9).String() != "OutputType(9)" {
		t.Error("unknown type name")
	}
}

func BenchmarkSignInput(b *testing.B) {
	ds := testDests(b)
	for ty, d := range ds {
		opts := SpendOptions{}
		if OutputType(ty) == P2TRScriptPath {
			opts.Path = PathLeafMultiSig
		}
		b.Run(OutputType(ty).String(), func(b *testing.B) {
			spends := []Spend{{Dest: d, Options: opts}}
			tx, prevOuts := spendTx(spends, 2)
			sh := txscript.NewSigHashes(tx, prevOuts)
			b.ReportAllocs()
			for b.Loop() {
				if err := d.SignInput(tx, 0, prevOuts, sh, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkKeySignSchnorr(b *testing.B) {
	k := DeriveKey([]byte("bench"), 0)
	msg := chainhash.SHA256([]byte("msg"))
	for b.Loop() {
		if _, err := k.SignSchnorr(msg); err != nil {
			b.Fatal(err)
		}
	}
}
