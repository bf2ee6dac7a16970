package wallet

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func FuzzDecodeTxRecord(f *testing.F) {
	gen := chaincfg.RegTest().GenesisBlock.Txs[0]
	wtx := &walletTx{tx: gen, raw: gen.Bytes(), txid: gen.TxHash(), height: 7, blockTime: 9, orderPos: 3, abandoned: true}
	f.Add(encodeTxRecord(wtx))
	wtx.height = -1
	f.Add(encodeTxRecord(wtx))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := decodeTxRecord(b)
		if err != nil {
			return
		}
		// Round trip: the record re-encodes to a record decoding the same.
		w2, err := decodeTxRecord(encodeTxRecord(w))
		if err != nil || w2.txid != w.txid || w2.height != w.height || w2.abandoned != w.abandoned || w2.orderPos != w.orderPos {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func FuzzDecodeMasterKeyRecord(f *testing.F) {
	rec, _ := sealMasterKey(make([]byte, 32), "pw", 1<<4)
	f.Add(rec.encode())
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeMasterKeyRecord(b)
		if err != nil {
			return
		}
		if !bytes.Equal(m.encode(), b) {
			t.Fatalf("round trip differs")
		}
	})
}

func TestCrypterRoundTrip(t *testing.T) {
	key, rec, err := newMasterKey("correct horse", 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rec.open("correct horse")
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("open: %v", err)
	}
	if _, err := rec.open("wrong"); err == nil {
		t.Fatal("wrong passphrase opened the master key")
	}
	s, err := seal(key, []byte("secret"), []byte("ad1"))
	if err != nil {
		t.Fatal(err)
	}
	if p, err := unseal(key, s, []byte("ad1")); err != nil || string(p) != "secret" {
		t.Fatalf("unseal: %q %v", p, err)
	}
	if _, err := unseal(key, s, []byte("ad2")); err == nil {
		t.Fatal("record moved to another key still opens")
	}
	s[len(s)-1] ^= 1
	if _, err := unseal(key, s, []byte("ad1")); err == nil {
		t.Fatal("tampered record opens")
	}
}
