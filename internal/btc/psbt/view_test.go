package psbt

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func TestDecodeView(t *testing.T) {
	v := loadVectors(t)
	for i, s := range v.Valid {
		p, err := DecodeBase64(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(DecodeView(p, chaincfg.RegTest())); err != nil {
			t.Fatalf("valid[%d]: %v", i, err)
		}
	}
	p, _ := DecodeBase64(v.Signer[0].Result)
	res := DecodeView(p, chaincfg.RegTest())
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	// Core's key order at the top level and in an input.
	order := []string{`"tx":`, `"global_xpubs":[]`, `"psbt_version":0`, `"proprietary":[]`, `"unknown":{}`, `"inputs":`, `"outputs":`, `"fee":`}
	last := -1
	for _, k := range order {
		i := strings.Index(js, k)
		if i <= last {
			t.Fatalf("%s out of order in %s", k, js)
		}
		last = i
	}
	in0 := res.Inputs[0]
	if in0.NonWitnessUTXO == nil || in0.PartialSignatures == nil || *in0.Sighash != "ALL" || in0.RedeemScript == nil || len(in0.Bip32Derivs) != 2 {
		t.Fatalf("input 0: %+v", in0)
	}
	if in0.Bip32Derivs[0].Path != "m/0h/0h/0h" || in0.Bip32Derivs[0].MasterFingerprint != "d90c6a4f" {
		t.Fatalf("bip32: %+v", in0.Bip32Derivs[0])
	}
	if res.Fee == nil || *res.Fee != 10000 {
		t.Fatalf("fee %v", res.Fee)
	}
	fee, _ := json.Marshal(res.Fee)
	if string(fee) != "0.00010000" {
		t.Fatalf("fee json %s", fee)
	}
	i0 := strings.Index(js, `"witness_utxo"`)
	i1 := strings.Index(js, `"partial_signatures"`)
	if i0 < 0 || i1 < 0 {
		t.Fatalf("missing fields in %s", js)
	}
}

func TestFormatPath(t *testing.T) {
	if got := FormatPath([]uint32{0x80000054, 1 | 0x80000000, 0, 5}); got != "m/84h/1h/0/5" {
		t.Fatal(got)
	}
	if got := FormatPath(nil); got != "m" {
		t.Fatal(got)
	}
}
