package psbt

import (
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func btcToSat(t *testing.T, s string) int64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad amount %q", s)
	}
	r.Mul(r, big.NewRat(100_000_000, 1))
	if !r.IsInt() {
		t.Fatalf("amount %q not in satoshis", s)
	}
	return r.Num().Int64()
}

func TestCoreVectorsCreator(t *testing.T) {
	v := loadVectors(t)
	params := chaincfg.RegTest()
	for i, c := range v.Creator {
		tx := &primitives.Tx{Version: 2}
		for _, in := range c.Inputs {
			h, err := chainhash.NewHashFromStr(in.TxID)
			if err != nil {
				t.Fatal(err)
			}
			tx.Inputs = append(tx.Inputs, primitives.TxIn{
				PrevOut: primitives.OutPoint{Hash: h, Index: in.Vout}, Sequence: primitives.SequenceFinal,
			})
		}
		for _, o := range c.Outputs {
			for addr, amt := range o {
				a, err := address.Decode(addr, params)
				if err != nil {
					t.Fatal(err)
				}
				tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: btcToSat(t, amt.String()), ScriptPubKey: a.ScriptPubKey()})
			}
		}
		p, err := New(tx)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Base64(); got != c.Result {
			t.Errorf("creator[%d]:\n got %s\nwant %s", i, got, c.Result)
		}
	}
	t.Logf("creator: %d", len(v.Creator))
}

func TestCoreVectorsSigner(t *testing.T) {
	v := loadVectors(t)
	params := chaincfg.RegTest()
	for i, c := range v.Signer {
		prov := NewSimpleProvider()
		for _, wif := range c.PrivKeys {
			k, compressed, err := address.DecodeWIF(wif, params)
			if err != nil {
				t.Fatal(err)
			}
			b := k.Key.Bytes()
			if err := prov.AddKey(b[:], compressed); err != nil {
				t.Fatal(err)
			}
		}
		p, err := DecodeBase64(c.PSBT)
		if err != nil {
			t.Fatalf("signer[%d]: %v", i, err)
		}
		// walletprocesspsbt(psbt, sign=true, "ALL", bip32derivs, finalize=true)
		if _, err := p.Sign(prov, SigHashAll); err != nil {
			t.Errorf("signer[%d]: %v", i, err)
			continue
		}
		p.Finalize()
		if got := p.Base64(); got != c.Result {
			t.Errorf("signer[%d]:\n got %s\nwant %s", i, got, c.Result)
		}
	}
	t.Logf("signer: %d", len(v.Signer))
}

func TestCoreVectorsCombiner(t *testing.T) {
	v := loadVectors(t)
	for i, c := range v.Combiner {
		var ps []*Packet
		for _, s := range c.Combine {
			p, err := DecodeBase64(s)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		out, err := Combine(ps...)
		if err != nil {
			t.Errorf("combiner[%d]: %v", i, err)
			continue
		}
		if got := out.Base64(); got != c.Result {
			t.Errorf("combiner[%d]:\n got %s\nwant %s", i, got, c.Result)
		}
	}
	t.Logf("combiner: %d", len(v.Combiner))
}

func TestCoreVectorsFinalizerExtractor(t *testing.T) {
	v := loadVectors(t)
	for i, c := range v.Finalizer {
		p, err := DecodeBase64(c.Finalize)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Finalize() {
			t.Errorf("finalizer[%d]: not complete", i)
		}
		if got := p.Base64(); got != c.Result {
			t.Errorf("finalizer[%d]:\n got %s\nwant %s", i, got, c.Result)
		}
	}
	for i, c := range v.Extractor {
		p, err := DecodeBase64(c.Extract)
		if err != nil {
			t.Fatal(err)
		}
		// finalizepsbt with extract=true: finalize, then extract.
		if !p.Finalize() {
			t.Errorf("extractor[%d]: not complete", i)
			continue
		}
		tx, err := p.Extract()
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(tx.Bytes()); got != c.Result {
			t.Errorf("extractor[%d]:\n got %s\nwant %s", i, got, c.Result)
		}
	}
	t.Logf("finalizer: %d, extractor: %d", len(v.Finalizer), len(v.Extractor))
}
