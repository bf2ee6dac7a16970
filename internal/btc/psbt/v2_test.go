package psbt

import (
	"bytes"
	"errors"
	"testing"
)

func u32p(v uint32) *uint32 { return &v }

func TestV2RoundTripAndSign(t *testing.T) {
	c := spendCases(t)[2] // p2wpkh
	funding, spend := spendTx(c.spk)
	p, err := NewVersion(spend, 2)
	if err != nil {
		t.Fatal(err)
	}
	_ = p.AddWitnessUTXO(0, funding.Outputs[1])
	mod := uint8(3)
	p.TxModifiable = &mod
	raw := p.Encode()
	q, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if q.Version != 2 || !bytes.Equal(q.Encode(), raw) {
		t.Fatal("v2 round trip")
	}
	if q.Tx == nil || q.Tx.TxHash() != spend.TxHash() {
		t.Fatal("v2 unsigned tx differs")
	}
	if ok, err := q.Sign(providerFor(t, c, c.keys), SigHashAll); !ok || err != nil {
		t.Fatalf("sign: %v %v", ok, err)
	}
	if !q.Finalize() {
		t.Fatal("finalize")
	}
	verifyExtracted(t, q, funding)
	res := DecodeView(q, nil)
	if res.TxVersion == nil || *res.InputCount != 1 || res.Inputs[0].PreviousVout == nil || res.Outputs[0].Amount == nil {
		t.Fatalf("v2 view: %+v", res)
	}

	// Combining v2 PSBTs that differ only in sequences works (the unique
	// ID zeroes them); a v0 and a v2 of the same tx do not combine.
	a, _ := NewVersion(spend, 2)
	b, _ := NewVersion(spend, 2)
	b.Inputs[0].Sequence = u32p(1)
	if _, err := Combine(a, b); err != nil {
		t.Fatalf("combine v2: %v", err)
	}
	v0, _ := New(spend)
	if _, err := Combine(a, v0); !errors.Is(err, ErrNotCompatible) {
		t.Fatalf("combine v0+v2: %v", err)
	}
}

func TestV2LockTime(t *testing.T) {
	_, spend := spendTx(p2wpkh(newTestKey(1).pub))
	spend.Inputs = append(spend.Inputs, spend.Inputs[0])
	spend.Inputs[1].PrevOut.Index = 9
	tests := []struct {
		name           string
		time0, height0 *uint32
		time1, height1 *uint32
		want           uint32
		ok             bool
	}{
		{"none", nil, nil, nil, nil, 0, true},
		{"height", nil, u32p(100), nil, u32p(200), 200, true},
		{"time", u32p(500000001), nil, u32p(500000009), nil, 500000009, true},
		{"both allowed prefers height", u32p(500000001), u32p(10), nil, u32p(20), 20, true},
		{"time and height conflict", u32p(500000001), nil, nil, u32p(20), 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := NewVersion(spend, 2)
			p.FallbackLockTime = nil
			p.Inputs[0].RequiredTimeLock, p.Inputs[0].RequiredHeightLock = tc.time0, tc.height0
			p.Inputs[1].RequiredTimeLock, p.Inputs[1].RequiredHeightLock = tc.time1, tc.height1
			tx, err := p.UnsignedTx()
			if !tc.ok {
				if err == nil {
					t.Fatal("want error")
				}
				return
			}
			if err != nil || tx.LockTime != tc.want {
				t.Fatalf("got %v %v, want %d", tx, err, tc.want)
			}
			q, err := Decode(p.Encode())
			if err != nil || q.Tx.LockTime != tc.want {
				t.Fatalf("decoded: %v", err)
			}
		})
	}
}

// TestV2Errors builds malformed PSBTv2 maps and checks Core's messages.
func TestV2Errors(t *testing.T) {
	_, spend := spendTx(p2wpkh(newTestKey(1).pub))
	base, _ := NewVersion(spend, 2)
	good := base.Encode()
	// Drop one field (key type t in the map that starts after skip
	// separators) from the encoding.
	drop := func(sepIndex int, typ byte) []byte {
		r := &reader{b: good}
		r.take(5)
		seps := 0
		var out []byte
		out = append(out, good[:5]...)
		for !r.empty() {
			start := r.off
			key, _ := r.vec()
			if len(key) == 0 {
				seps++
				out = append(out, 0)
				continue
			}
			r.vec()
			if seps == sepIndex && key[0] == typ && len(key) == 1 {
				continue
			}
			out = append(out, good[start:r.off]...)
		}
		return out
	}
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"no tx version", drop(0, GlobalTxVersion), "PSBT_GLOBAL_TX_VERSION is required in PSBTv2"},
		{"no input count", drop(0, GlobalInputCount), "PSBT_GLOBAL_INPUT_COUNT is required in PSBTv2"},
		{"no output count", drop(0, GlobalOutputCount), "PSBT_GLOBAL_OUTPUT_COUNT is required in PSBTv2"},
		{"no prev txid", drop(1, InPreviousTxID), "Previous TXID is required in PSBTv2"},
		{"no prev index", drop(1, InOutputIndex), "Previous output's index is required in PSBTv2"},
		{"no amount", drop(2, OutAmount), "Output amount is required in PSBTv2"},
		{"no script", drop(2, OutScript), "Output script is required in PSBTv2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if bytes.Equal(tc.b, good) {
				t.Fatal("nothing dropped")
			}
			_, err := Decode(tc.b)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Decode(good); err != nil {
		t.Fatal(err)
	}
	// Version 1 and 3.
	for v, want := range map[byte]string{1: "There is no PSBT version 1", 3: "Unsupported version number"} {
		b := append([]byte("psbt\xff\x01\xfb\x04"), v, 0, 0, 0, 0)
		if _, err := Decode(b); err == nil || err.Error() != want {
			t.Fatalf("version %d: %v", v, err)
		}
	}
}
