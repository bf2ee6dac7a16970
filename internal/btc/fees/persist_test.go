package fees

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPersistRoundTrip(t *testing.T) {
	f := newFlow()
	f.run(120, 30, []int64{20_000, 30_000, 2_000}, 10_000, 20, rand.New(rand.NewPCG(5, 6)))
	if f.e.FlushUnconfirmed() == 0 || f.e.Tracked() != 0 {
		t.Fatal("nothing was waiting")
	}
	want2, _, _ := f.e.EstimateSmartFee(2, false)
	want40, b40, _ := f.e.EstimateSmartFee(40, true)
	b := f.e.Encode()

	e := New()
	if err := e.Decode(b); err != nil {
		t.Fatal(err)
	}
	if string(e.Encode()) != string(b) {
		t.Fatal("encode(decode(b)) != b")
	}
	got2, _, ok := e.EstimateSmartFee(2, false)
	got40, gb40, _ := e.EstimateSmartFee(40, true)
	if !ok || got2 != want2 || got40 != want40 || gb40 != b40 {
		t.Fatalf("after load: %d/%d (%d), want %d/%d (%d)", got2, got40, gb40, want2, want40, b40)
	}
	// The loaded span keeps long targets usable after a restart.
	if _, blocks, _ := e.EstimateSmartFee(1008, false); blocks != (120-1)/2 {
		t.Fatalf("loaded span answers %d", blocks)
	}

	path := filepath.Join(t.TempDir(), "fee_estimates.dat")
	if err := f.e.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	if ok, err := New().ReadFile(path, time.Now()); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if ok, err := New().ReadFile(path, time.Now().Add(MaxFileAge+time.Minute)); ok || err != nil {
		t.Fatal("stale file loaded", err)
	}
	if ok, err := New().ReadFile(path+".missing", time.Now()); ok || err != nil {
		t.Fatal(ok, err)
	}
	_ = os.Remove(path)
}

func TestDecodeRejects(t *testing.T) {
	good := New().Encode()
	tests := []struct {
		name string
		mut  func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }},
		{"empty", func([]byte) []byte { return nil }},
		{"future version", func(b []byte) []byte { b[0], b[1], b[2], b[3] = 0xff, 0xff, 0xff, 0x0f; return b }},
		{"bad span", func(b []byte) []byte { b[12] = 9; return b }},
		{"huge count", func(b []byte) []byte { b[20] = 0xff; return b }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := New()
			err := e.Decode(tc.mut(append([]byte(nil), good...)))
			if !errors.Is(err, ErrBadFile) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(New().Encode())
	fl := newFlow()
	fl.run(20, 10, []int64{5_000, 50_000}, 10_000, 3, rand.New(rand.NewPCG(1, 1)))
	f.Add(fl.e.Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		e := New()
		if e.Decode(b) != nil {
			return
		}
		// Whatever loaded must answer without panicking and re-encode to
		// something that loads again.
		e.EstimateSmartFee(6, true)
		e.EstimateRawFee(2, .95, HorizonShort)
		if err := New().Decode(e.Encode()); err != nil {
			t.Fatalf("re-encoded state does not load: %v", err)
		}
	})
}
