package kvtest

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/kv"
)

// NewStore opens a fresh, empty store for one test. The suite closes it
// (tolerating ErrClosed); the function may register its own clean-up.
type NewStore func(t *testing.T) kv.Store

// TestStore runs the conformance suite against the backend that newStore
// opens.
func TestStore(t *testing.T, newStore NewStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s kv.Store)
	}{
		{"NotFound", testNotFound},
		{"PutGetOverwriteDelete", testPutGetOverwriteDelete},
		{"EmptyValue", testEmptyValue},
		{"EmptyKey", testEmptyKey},
		{"CopySemantics", testCopySemantics},
		{"LargeValue", testLargeValue},
		{"Ordering", testOrdering},
		{"PrefixIteration", testPrefixIteration},
		{"StartKey", testStartKey},
		{"IteratorSnapshot", testIteratorSnapshot},
		{"IteratorReleaseTwice", testIteratorReleaseTwice},
		{"Batch", testBatch},
		{"BatchLastOpWins", testBatchLastOpWins},
		{"BatchReuse", testBatchReuse},
		{"BatchSync", testBatchSync},
		{"Concurrent", testConcurrent},
		{"Closed", testClosed},
		{"ClosedWithOpenIterator", testClosedWithOpenIterator},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			defer func() {
				if err := s.Close(); err != nil && !errors.Is(err, kv.ErrClosed) {
					t.Errorf("Close: %v", err)
				}
			}()
			tc.fn(t, s)
		})
	}
}

func mustPut(t *testing.T, s kv.Writer, k, v string) {
	t.Helper()
	if err := s.Put([]byte(k), []byte(v)); err != nil {
		t.Fatalf("Put(%q): %v", k, err)
	}
}

func mustGet(t *testing.T, s kv.Reader, k string) []byte {
	t.Helper()
	v, err := s.Get([]byte(k))
	if err != nil {
		t.Fatalf("Get(%q): %v", k, err)
	}
	return v
}

func wantAbsent(t *testing.T, s kv.Reader, k string) {
	t.Helper()
	v, err := s.Get([]byte(k))
	if !errors.Is(err, kv.ErrNotFound) {
		t.Fatalf("Get(%q) = %q, %v; want ErrNotFound", k, v, err)
	}
	if ok, err := s.Has([]byte(k)); err != nil || ok {
		t.Fatalf("Has(%q) = %v, %v; want false, nil", k, ok, err)
	}
}

// collect drains an iterator into "key=value" strings.
func collect(t *testing.T, it kv.Iterator) []string {
	t.Helper()
	defer it.Release()
	var out []string
	for it.Next() {
		out = append(out, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Error(); err != nil {
		t.Fatalf("iterator: %v", err)
	}
	return out
}

func testNotFound(t *testing.T, s kv.Store) {
	wantAbsent(t, s, "missing")
	mustPut(t, s, "a", "1")
	wantAbsent(t, s, "b")
	wantAbsent(t, s, "a\x00")
	if err := s.Delete([]byte("never-written")); err != nil {
		t.Fatalf("Delete of an absent key: %v", err)
	}
}

func testPutGetOverwriteDelete(t *testing.T, s kv.Store) {
	mustPut(t, s, "k", "v1")
	if got := mustGet(t, s, "k"); string(got) != "v1" {
		t.Fatalf("Get = %q, want v1", got)
	}
	if ok, err := s.Has([]byte("k")); err != nil || !ok {
		t.Fatalf("Has = %v, %v", ok, err)
	}
	mustPut(t, s, "k", "value-2-longer")
	if got := mustGet(t, s, "k"); string(got) != "value-2-longer" {
		t.Fatalf("after overwrite Get = %q", got)
	}
	mustPut(t, s, "k", "s")
	if got := mustGet(t, s, "k"); string(got) != "s" {
		t.Fatalf("after shorter overwrite Get = %q", got)
	}
	if err := s.Delete([]byte("k")); err != nil {
		t.Fatal(err)
	}
	wantAbsent(t, s, "k")
	mustPut(t, s, "k", "again")
	if got := mustGet(t, s, "k"); string(got) != "again" {
		t.Fatalf("after re-put Get = %q", got)
	}
}

func testEmptyValue(t *testing.T, s kv.Store) {
	if err := s.Put([]byte("nil"), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Put([]byte("empty"), []byte{}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"nil", "empty"} {
		v, err := s.Get([]byte(k))
		if err != nil {
			t.Fatalf("Get(%q): %v", k, err)
		}
		if v == nil || len(v) != 0 {
			t.Fatalf("Get(%q) = %#v, want empty non-nil", k, v)
		}
		if ok, err := s.Has([]byte(k)); err != nil || !ok {
			t.Fatalf("Has(%q) = %v, %v", k, ok, err)
		}
	}
	if got := collect(t, s.NewIterator(nil, nil)); !slices.Equal(got, []string{"empty=", "nil="}) {
		t.Fatalf("iteration = %q", got)
	}
}

func testEmptyKey(t *testing.T, s kv.Store) {
	mustPut(t, s, "", "root")
	mustPut(t, s, "a", "1")
	if got := mustGet(t, s, ""); string(got) != "root" {
		t.Fatalf("Get(empty key) = %q", got)
	}
	if got := collect(t, s.NewIterator(nil, nil)); !slices.Equal(got, []string{"=root", "a=1"}) {
		t.Fatalf("iteration = %q", got)
	}
	if err := s.Delete([]byte{}); err != nil {
		t.Fatal(err)
	}
	wantAbsent(t, s, "")
}

func testCopySemantics(t *testing.T, s kv.Store) {
	k, v := []byte("key"), []byte("value")
	if err := s.Put(k, v); err != nil {
		t.Fatal(err)
	}
	k[0], v[0] = 'X', 'X' // the store must have copied both
	if got := mustGet(t, s, "key"); string(got) != "value" {
		t.Fatalf("stored value changed with the caller's slice: %q", got)
	}
	wantAbsent(t, s, "Xey")
	got := mustGet(t, s, "key")
	got[0] = 'Y' // the caller owns returned values
	if again := mustGet(t, s, "key"); string(again) != "value" {
		t.Fatalf("stored value changed through a returned slice: %q", again)
	}
	b := s.NewBatch()
	bk, bv := []byte("bkey"), []byte("bval")
	if err := b.Put(bk, bv); err != nil {
		t.Fatal(err)
	}
	bk[0], bv[0] = 'X', 'X'
	if err := b.Write(false); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "bkey"); string(got) != "bval" {
		t.Fatalf("batch value changed with the caller's slice: %q", got)
	}
}

func testLargeValue(t *testing.T, s kv.Store) {
	big := make([]byte, 4<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := s.Put([]byte("big"), big); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "big"); !bytes.Equal(got, big) {
		t.Fatal("large value round trip differs")
	}
}

func testOrdering(t *testing.T, s kv.Store) {
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[string]string{}
	for range 500 {
		k := make([]byte, 1+rng.IntN(6))
		for i := range k {
			// Favour the edge bytes 0x00, 0x7f, 0x80, 0xff.
			switch rng.IntN(5) {
			case 0:
				k[i] = 0
			case 1:
				k[i] = 0xff
			case 2:
				k[i] = 0x7f + byte(rng.IntN(2))
			default:
				k[i] = byte(rng.IntN(256))
			}
		}
		v := fmt.Sprint(rng.Uint64())
		want[string(k)] = v
		mustPut(t, s, string(k), v)
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys) // Go string order is byte-wise, like the stores'
	it := s.NewIterator(nil, nil)
	defer it.Release()
	i := 0
	for it.Next() {
		if i >= len(keys) {
			t.Fatalf("iterator returned extra key %x", it.Key())
		}
		if string(it.Key()) != keys[i] || string(it.Value()) != want[keys[i]] {
			t.Fatalf("position %d: got %x=%q, want %x=%q", i, it.Key(), it.Value(), keys[i], want[keys[i]])
		}
		i++
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	if i != len(keys) {
		t.Fatalf("iterated %d keys, want %d", i, len(keys))
	}
}

func testPrefixIteration(t *testing.T, s kv.Store) {
	for _, k := range []string{"a", "a\x00", "ab", "abc", "ac", "b", "b\x00", "\xff", "\xff\x00", "\xff\xff", "\xff\xff\x01", "\xfe\xff"} {
		mustPut(t, s, k, "v")
	}
	tests := []struct {
		name   string
		prefix string
		want   []string
	}{
		{"whole store", "", []string{"a", "a\x00", "ab", "abc", "ac", "b", "b\x00", "\xfe\xff", "\xff", "\xff\x00", "\xff\xff", "\xff\xff\x01"}},
		{"single byte", "a", []string{"a", "a\x00", "ab", "abc", "ac"}},
		{"two bytes", "ab", []string{"ab", "abc"}},
		{"no match", "z", nil},
		{"longer than keys", "abcd", nil},
		{"0xff prefix", "\xff", []string{"\xff", "\xff\x00", "\xff\xff", "\xff\xff\x01"}},
		{"0xffff prefix", "\xff\xff", []string{"\xff\xff", "\xff\xff\x01"}},
		{"0xfe prefix", "\xfe", []string{"\xfe\xff"}},
	}
	for _, tc := range tests {
		var prefix []byte
		if tc.prefix != "" {
			prefix = []byte(tc.prefix)
		}
		got := collect(t, s.NewIterator(prefix, nil))
		var keys []string
		for _, kv := range got {
			keys = append(keys, kv[:len(kv)-2])
		}
		if !slices.Equal(keys, tc.want) {
			t.Errorf("%s: prefix %x: got %q, want %q", tc.name, tc.prefix, keys, tc.want)
		}
	}
}

func testStartKey(t *testing.T, s kv.Store) {
	for _, k := range []string{"p1", "p2", "p3", "p30", "p4", "q1"} {
		mustPut(t, s, k, "v")
	}
	tests := []struct {
		name          string
		prefix, start string
		want          []string
	}{
		{"start inside", "p", "2", []string{"p2", "p3", "p30", "p4"}},
		{"start between keys", "p", "25", []string{"p3", "p30", "p4"}},
		{"start past the end", "p", "5", nil},
		{"start before all", "p", "0", []string{"p1", "p2", "p3", "p30", "p4"}},
		{"no prefix, start", "", "p4", []string{"p4", "q1"}},
		{"start that extends a key", "p", "30", []string{"p30", "p4"}},
	}
	for _, tc := range tests {
		got := collect(t, s.NewIterator([]byte(tc.prefix), []byte(tc.start)))
		var keys []string
		for _, kv := range got {
			keys = append(keys, kv[:len(kv)-2])
		}
		if !slices.Equal(keys, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, keys, tc.want)
		}
	}
}

func testIteratorSnapshot(t *testing.T, s kv.Store) {
	mustPut(t, s, "k1", "old")
	mustPut(t, s, "k2", "old")
	it := s.NewIterator([]byte("k"), nil)
	mustPut(t, s, "k1", "new")
	mustPut(t, s, "k3", "new")
	if err := s.Delete([]byte("k2")); err != nil {
		t.Fatal(err)
	}
	got := collect(t, it)
	if !slices.Equal(got, []string{"k1=old", "k2=old"}) {
		t.Fatalf("iterator saw later writes: %q", got)
	}
}

func testIteratorReleaseTwice(t *testing.T, s kv.Store) {
	mustPut(t, s, "a", "1")
	it := s.NewIterator(nil, nil)
	if !it.Next() {
		t.Fatal("Next = false")
	}
	it.Release()
	it.Release()
	if it.Next() {
		t.Fatal("Next after Release = true")
	}
}

func testBatch(t *testing.T, s kv.Store) {
	mustPut(t, s, "del", "x")
	b := s.NewBatch()
	if b.Len() != 0 || b.ValueSize() != 0 {
		t.Fatalf("new batch Len=%d ValueSize=%d", b.Len(), b.ValueSize())
	}
	if err := b.Put([]byte("k1"), []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if err := b.Put([]byte("k2"), []byte("value2")); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete([]byte("del")); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 {
		t.Fatalf("Len = %d, want 3", b.Len())
	}
	if got, want := b.ValueSize(), len("k1v1k2value2del"); got != want {
		t.Fatalf("ValueSize = %d, want %d", got, want)
	}
	wantAbsent(t, s, "k1") // nothing applied before Write
	if got := mustGet(t, s, "del"); string(got) != "x" {
		t.Fatalf("batch delete applied before Write")
	}
	if err := b.Write(false); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "k1"); string(got) != "v1" {
		t.Fatalf("k1 = %q", got)
	}
	if got := mustGet(t, s, "k2"); string(got) != "value2" {
		t.Fatalf("k2 = %q", got)
	}
	wantAbsent(t, s, "del")
	b.Reset()
	if b.Len() != 0 || b.ValueSize() != 0 {
		t.Fatalf("after Reset Len=%d ValueSize=%d", b.Len(), b.ValueSize())
	}
	if err := b.Write(true); err != nil { // an empty batch is fine
		t.Fatal(err)
	}
}

func testBatchLastOpWins(t *testing.T, s kv.Store) {
	b := s.NewBatch()
	_ = b.Put([]byte("a"), []byte("1"))
	_ = b.Delete([]byte("a"))
	_ = b.Delete([]byte("b"))
	_ = b.Put([]byte("b"), []byte("2"))
	_ = b.Put([]byte("c"), []byte("3"))
	_ = b.Put([]byte("c"), []byte("4"))
	if err := b.Write(false); err != nil {
		t.Fatal(err)
	}
	wantAbsent(t, s, "a")
	if got := mustGet(t, s, "b"); string(got) != "2" {
		t.Fatalf("b = %q", got)
	}
	if got := mustGet(t, s, "c"); string(got) != "4" {
		t.Fatalf("c = %q", got)
	}
}

func testBatchReuse(t *testing.T, s kv.Store) {
	b := s.NewBatch()
	_ = b.Put([]byte("x"), []byte("1"))
	if err := b.Write(false); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete([]byte("x")); err != nil {
		t.Fatal(err)
	}
	// Without Reset, a second Write applies the same operations again.
	if err := b.Write(false); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "x"); string(got) != "1" {
		t.Fatalf("x after rewrite = %q", got)
	}
	b.Reset()
	_ = b.Put([]byte("y"), []byte("2"))
	if err := b.Write(false); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, s.NewIterator(nil, nil)); !slices.Equal(got, []string{"x=1", "y=2"}) {
		t.Fatalf("store = %q", got)
	}
}

func testBatchSync(t *testing.T, s kv.Store) {
	b := s.NewBatch()
	for i := range 100 {
		_ = b.Put(fmt.Appendf(nil, "key%03d", i), fmt.Appendf(nil, "val%d", i))
	}
	if err := b.Write(true); err != nil {
		t.Fatal(err)
	}
	if got := len(collect(t, s.NewIterator([]byte("key"), nil))); got != 100 {
		t.Fatalf("%d keys after synced batch", got)
	}
}

func testConcurrent(t *testing.T, s kv.Store) {
	const workers, per = 4, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers*2)
	for w := range workers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range per {
				k := fmt.Appendf(nil, "w%d-%04d", w, i)
				if err := s.Put(k, k); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range per {
				k := fmt.Appendf(nil, "w%d-%04d", w, i)
				v, err := s.Get(k)
				if err != nil && !errors.Is(err, kv.ErrNotFound) {
					errs <- err
					return
				}
				if err == nil && !bytes.Equal(v, k) {
					errs <- fmt.Errorf("Get(%s) = %q", k, v)
					return
				}
				it := s.NewIterator(fmt.Appendf(nil, "w%d-", w), nil)
				for it.Next() {
				}
				if err := it.Error(); err != nil {
					errs <- err
				}
				it.Release()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := len(collect(t, s.NewIterator([]byte("w"), nil))); got != workers*per {
		t.Fatalf("%d keys, want %d", got, workers*per)
	}
}

func testClosed(t *testing.T, s kv.Store) {
	mustPut(t, s, "a", "1")
	b := s.NewBatch()
	_ = b.Put([]byte("b"), []byte("2"))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.Get([]byte("a")); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("Get after Close: %v", err)
	}
	if _, err := s.Has([]byte("a")); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("Has after Close: %v", err)
	}
	if err := s.Put([]byte("a"), []byte("2")); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("Put after Close: %v", err)
	}
	if err := s.Delete([]byte("a")); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("Delete after Close: %v", err)
	}
	if err := b.Write(true); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("Batch.Write after Close: %v", err)
	}
	nb := s.NewBatch()
	_ = nb.Put([]byte("c"), []byte("3"))
	if err := nb.Write(false); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("new Batch.Write after Close: %v", err)
	}
	it := s.NewIterator(nil, nil)
	if it.Next() {
		t.Error("iterator after Close: Next = true")
	}
	if err := it.Error(); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("iterator after Close: Error = %v", err)
	}
	it.Release()
	if err := s.Close(); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
}

func testClosedWithOpenIterator(t *testing.T, s kv.Store) {
	for i := range 10 {
		mustPut(t, s, fmt.Sprintf("k%d", i), "v")
	}
	it := s.NewIterator(nil, nil)
	if !it.Next() {
		t.Fatal("Next = false")
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close with an open iterator: %v", err)
	}
	if it.Next() {
		t.Error("Next after Close = true")
	}
	if err := it.Error(); !errors.Is(err, kv.ErrClosed) {
		t.Errorf("Error after Close = %v", err)
	}
	it.Release()
}
