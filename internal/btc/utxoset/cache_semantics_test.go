package utxoset

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// These tables reproduce the behaviour Bitcoin Core's coins_tests check for
// one outpoint in a cache over a base cache over an empty root
// (ccoins_access, ccoins_spend, ccoins_add, ccoins_write): every combination
// of the base's value, the cache's entry (value and DIRTY/FRESH state) and
// the operation, with the entry expected afterwards or the error.

const (
	spentV  int64 = -1
	absentV int64 = -2
	value1  int64 = 100
	value2  int64 = 200
	value3  int64 = 300
)

type state uint8

const (
	clean state = iota
	dirty
	fresh
	dirtyFresh
)

func (s state) flags() uint8 {
	return [...]uint8{0, flagDirty, flagFresh, flagDirty | flagFresh}[s]
}

func (s state) String() string { return [...]string{"CLEAN", "DIRTY", "FRESH", "DIRTY_FRESH"}[s] }

// maybeCoin is an entry in the test's cache map, or none.
type maybeCoin struct {
	present bool
	value   int64 // spentV for a spent entry
	st      state
}

func (m maybeCoin) String() string {
	if !m.present {
		return "MISSING"
	}
	v := fmt.Sprint(m.value)
	if m.value == spentV {
		v = "SPENT"
	}
	return v + "_" + m.st.String()
}

var (
	missing          = maybeCoin{}
	spentClean       = maybeCoin{true, spentV, clean}
	spentDirty       = maybeCoin{true, spentV, dirty}
	spentFresh       = maybeCoin{true, spentV, fresh}
	spentDirtyFresh  = maybeCoin{true, spentV, dirtyFresh}
	value1Clean      = maybeCoin{true, value1, clean}
	value1Dirty      = maybeCoin{true, value1, dirty}
	value1Fresh      = maybeCoin{true, value1, fresh}
	value1DirtyFresh = maybeCoin{true, value1, dirtyFresh}
	value2Clean      = maybeCoin{true, value2, clean}
	value2Dirty      = maybeCoin{true, value2, dirty}
	value2Fresh      = maybeCoin{true, value2, fresh}
	value2DirtyFresh = maybeCoin{true, value2, dirtyFresh}
	value3Dirty      = maybeCoin{true, value3, dirty}
	value3DirtyFresh = maybeCoin{true, value3, dirtyFresh}
)

var testOutPoint primitives.OutPoint

func putEntry(c *Cache, m maybeCoin) {
	if !m.present {
		return
	}
	var e entry
	if m.value == spentV {
		e = entry{flags: flagSpent, kind: kindRaw}
	} else {
		coin := primitives.Coin{Out: primitives.TxOut{Value: m.value}, Height: 1}
		e.setCoin(&coin, &c.arena)
	}
	e.flags |= m.st.flags()
	p, _ := c.coins.upsert(&testOutPoint)
	*p = e
	p.flags |= flagUsed
}

func getEntry(c *Cache) maybeCoin {
	e, ok := entryAt(c, testOutPoint)
	if !ok {
		return missing
	}
	m := maybeCoin{present: true, value: e.value()}
	if e.spent() {
		m.value = spentV
	}
	switch {
	case e.dirty() && e.fresh():
		m.st = dirtyFresh
	case e.dirty():
		m.st = dirty
	case e.fresh():
		m.st = fresh
	}
	return m
}

// singleEntry builds root (empty DB) <- base <- cache.
func singleEntry(t *testing.T, baseValue int64, cacheCoin maybeCoin) (*Cache, *Cache) {
	t.Helper()
	root, _ := newTestDB(t, DBOptions{})
	base := NewCache(root, 0)
	if baseValue != absentV {
		putEntry(base, maybeCoin{true, baseValue, dirty})
	}
	cache := NewCache(base, 0)
	putEntry(cache, cacheCoin)
	return base, cache
}

var baseValues = []int64{absentV, spentV, value1}

func baseName(v int64) string {
	switch v {
	case absentV:
		return "ABSENT"
	case spentV:
		return "SPENT"
	}
	return fmt.Sprint(v)
}

func TestCacheAccessTable(t *testing.T) {
	for _, bv := range baseValues {
		fromBase := missing
		if bv == value1 {
			fromBase = value1Clean
		}
		cases := []struct{ cache, want maybeCoin }{
			{missing, fromBase},
			{spentClean, spentClean},
			{spentFresh, spentFresh},
			{spentDirty, spentDirty},
			{spentDirtyFresh, spentDirtyFresh},
			{value2Clean, value2Clean},
			{value2Fresh, value2Fresh},
			{value2Dirty, value2Dirty},
			{value2DirtyFresh, value2DirtyFresh},
		}
		for _, tc := range cases {
			t.Run(baseName(bv)+"/"+tc.cache.String(), func(t *testing.T) {
				_, cache := singleEntry(t, bv, tc.cache)
				coin, _, err := cache.AccessCoin(testOutPoint, nil)
				have, _ := cache.HaveCoin(testOutPoint)
				if (err == nil) != have {
					t.Fatalf("AccessCoin err %v but HaveCoin %v", err, have)
				}
				if err == nil && coin.Out.Value != getEntry(cache).value {
					t.Fatalf("value %d", coin.Out.Value)
				}
				if got := getEntry(cache); got != tc.want {
					t.Fatalf("entry %v, want %v", got, tc.want)
				}
			})
		}
	}
}

func TestCacheSpendTable(t *testing.T) {
	for _, bv := range baseValues {
		fromBase := missing
		if bv == value1 {
			fromBase = spentDirty
		}
		cases := []struct{ cache, want maybeCoin }{
			{missing, fromBase},
			{spentClean, spentDirty},
			{spentFresh, missing},
			{spentDirty, spentDirty},
			{spentDirtyFresh, missing},
			{value2Clean, spentDirty},
			{value2Fresh, missing},
			{value2Dirty, spentDirty},
			{value2DirtyFresh, missing},
		}
		for _, tc := range cases {
			t.Run(baseName(bv)+"/"+tc.cache.String(), func(t *testing.T) {
				_, cache := singleEntry(t, bv, tc.cache)
				before := tc.cache
				if !before.present && bv == value1 {
					before = value1Clean
				}
				coin, _, err := cache.SpendCoin(testOutPoint, nil)
				unspentBefore := before.present && before.value != spentV
				if unspentBefore != (err == nil) {
					t.Fatalf("SpendCoin err %v, coin was unspent: %v", err, unspentBefore)
				}
				if err != nil && !errors.Is(err, ErrMissingCoin) {
					t.Fatalf("err %v", err)
				}
				if err == nil && coin.Out.Value != before.value {
					t.Fatalf("spent value %d, want %d", coin.Out.Value, before.value)
				}
				if got := getEntry(cache); got != tc.want {
					t.Fatalf("entry %v, want %v", got, tc.want)
				}
			})
		}
	}
}

func TestCacheAddTable(t *testing.T) {
	overwrite := maybeCoin{value: -100} // marks "ErrOverwriteUnspent expected"
	for _, bv := range baseValues {
		cases := []struct {
			cache    maybeCoin
			want     maybeCoin
			coinbase bool
		}{
			{missing, value3DirtyFresh, false},
			{missing, value3Dirty, true},
			{spentClean, value3DirtyFresh, false},
			{spentClean, value3Dirty, true},
			{spentFresh, value3DirtyFresh, false},
			{spentFresh, value3DirtyFresh, true},
			{spentDirty, value3Dirty, false},
			{spentDirty, value3Dirty, true},
			{spentDirtyFresh, value3DirtyFresh, false},
			{spentDirtyFresh, value3DirtyFresh, true},
			{value2Clean, overwrite, false},
			{value2Clean, value3Dirty, true},
			{value2Fresh, overwrite, false},
			{value2Fresh, value3DirtyFresh, true},
			{value2Dirty, overwrite, false},
			{value2Dirty, value3Dirty, true},
			{value2DirtyFresh, overwrite, false},
			{value2DirtyFresh, value3DirtyFresh, true},
		}
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/%v/coinbase=%v", baseName(bv), tc.cache, tc.coinbase), func(t *testing.T) {
				_, cache := singleEntry(t, bv, tc.cache)
				coin := primitives.Coin{Out: primitives.TxOut{Value: value3}, Height: 1, IsCoinBase: tc.coinbase}
				err := cache.AddCoin(testOutPoint, &coin, tc.coinbase)
				if tc.want == overwrite {
					if !errors.Is(err, ErrOverwriteUnspent) {
						t.Fatalf("err %v, want ErrOverwriteUnspent", err)
					}
					if got := getEntry(cache); got != tc.cache {
						t.Fatalf("entry changed to %v on error", got)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := getEntry(cache); got != tc.want {
					t.Fatalf("entry %v, want %v", got, tc.want)
				}
			})
		}
	}
}

func TestCacheWriteTable(t *testing.T) {
	misapplied := maybeCoin{value: -100} // marks "ErrFreshMisapplied expected"
	cases := []struct{ parent, child, want maybeCoin }{
		{missing, missing, missing},
		{missing, spentDirty, spentDirty},
		{missing, spentDirtyFresh, missing},
		{missing, value2Dirty, value2Dirty},
		{missing, value2DirtyFresh, value2DirtyFresh},
		{spentClean, missing, spentClean},
		{spentFresh, missing, spentFresh},
		{spentDirty, missing, spentDirty},
		{spentDirtyFresh, missing, spentDirtyFresh},

		{spentClean, spentDirty, spentDirty},
		{spentClean, spentDirtyFresh, spentDirty},
		{spentFresh, spentDirty, missing},
		{spentFresh, spentDirtyFresh, missing},
		{spentDirty, spentDirty, spentDirty},
		{spentDirty, spentDirtyFresh, spentDirty},
		{spentDirtyFresh, spentDirty, missing},
		{spentDirtyFresh, spentDirtyFresh, missing},

		{spentClean, value2Dirty, value2Dirty},
		{spentClean, value2DirtyFresh, value2Dirty},
		{spentFresh, value2Dirty, value2DirtyFresh},
		{spentFresh, value2DirtyFresh, value2DirtyFresh},
		{spentDirty, value2Dirty, value2Dirty},
		{spentDirty, value2DirtyFresh, value2Dirty},
		{spentDirtyFresh, value2Dirty, value2DirtyFresh},
		{spentDirtyFresh, value2DirtyFresh, value2DirtyFresh},

		{value1Clean, missing, value1Clean},
		{value1Fresh, missing, value1Fresh},
		{value1Dirty, missing, value1Dirty},
		{value1DirtyFresh, missing, value1DirtyFresh},
		{value1Clean, spentDirty, spentDirty},
		{value1Clean, spentDirtyFresh, misapplied},
		{value1Fresh, spentDirty, missing},
		{value1Fresh, spentDirtyFresh, misapplied},
		{value1Dirty, spentDirty, spentDirty},
		{value1Dirty, spentDirtyFresh, misapplied},
		{value1DirtyFresh, spentDirty, missing},
		{value1DirtyFresh, spentDirtyFresh, misapplied},

		{value1Clean, value2Dirty, value2Dirty},
		{value1Clean, value2DirtyFresh, misapplied},
		{value1Fresh, value2Dirty, value2DirtyFresh},
		{value1Fresh, value2DirtyFresh, misapplied},
		{value1Dirty, value2Dirty, value2Dirty},
		{value1Dirty, value2DirtyFresh, misapplied},
		{value1DirtyFresh, value2Dirty, value2DirtyFresh},
		{value1DirtyFresh, value2DirtyFresh, misapplied},
	}
	// A child entry that is not DIRTY never changes the parent.
	for _, p := range []maybeCoin{missing, spentClean, spentDirty, spentFresh, spentDirtyFresh,
		value1Clean, value1Dirty, value1Fresh, value1DirtyFresh} {
		for _, c := range []maybeCoin{missing, spentClean, spentFresh, value2Clean, value2Fresh} {
			cases = append(cases, struct{ parent, child, want maybeCoin }{p, c, p})
		}
	}
	for _, tc := range cases {
		t.Run(tc.parent.String()+"/"+tc.child.String(), func(t *testing.T) {
			_, parent := singleEntry(t, absentV, tc.parent)
			child := NewCache(parent, 0)
			putEntry(child, tc.child)
			err := parent.batchWrite(child, hashOf(1))
			if tc.want == misapplied {
				if !errors.Is(err, ErrFreshMisapplied) {
					t.Fatalf("err %v, want ErrFreshMisapplied", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := getEntry(parent); got != tc.want {
				t.Fatalf("entry %v, want %v", got, tc.want)
			}
		})
	}
}

// TestFlushBehavior follows Core's ccoins_flush_behavior: two caches over a
// database, a coin added to one of them, flushed with and without erasing,
// then spent.
func TestFlushBehavior(t *testing.T) {
	for _, which := range []int{0, 1} {
		for _, erase := range []bool{false, true} {
			t.Run(fmt.Sprintf("view%d/erase=%v", which, erase), func(t *testing.T) {
				base, _ := newTestDB(t, DBOptions{})
				caches := []*Cache{NewCache(base, 0)}
				caches = append(caches, NewCache(caches[0], 0))
				view := caches[which]
				best := uint64(0)
				flushAll := func(erase bool) {
					t.Helper()
					for i := len(caches) - 1; i >= 0; i-- {
						best++
						caches[i].SetBestBlock(hashOf(best))
						var err error
						if erase {
							err = caches[i].Flush()
						} else {
							err = caches[i].Sync()
						}
						if err != nil {
							t.Fatal(err)
						}
					}
				}
				baseHas := func(op primitives.OutPoint) bool {
					t.Helper()
					ok, err := base.HaveCoin(op)
					if err != nil {
						t.Fatal(err)
					}
					return ok
				}
				have := func(c *Cache, op primitives.OutPoint) bool {
					t.Helper()
					ok, err := c.HaveCoin(op)
					if err != nil {
						t.Fatal(err)
					}
					return ok
				}
				op := primitives.OutPoint{Hash: hashOf(100), Index: 0}
				coin := primitives.Coin{Out: primitives.TxOut{Value: 1234}, Height: 77}
				if baseHas(op) || have(view, op) {
					t.Fatal("coin seen before it was added")
				}
				if err := view.AddCoin(op, &coin, false); err != nil {
					t.Fatal(err)
				}
				size := view.Len()
				if baseHas(op) || !have(view, op) {
					t.Fatal("after add")
				}
				if e, _ := entryAt(view, op); e.flags&(flagDirty|flagFresh) != flagDirty|flagFresh {
					t.Fatalf("flags %b, want DIRTY|FRESH", e.flags)
				}
				flushAll(false)
				if view.Len() != size {
					t.Fatal("Sync changed the cache size")
				}
				if e, _ := entryAt(view, op); e.flags&(flagDirty|flagFresh) != 0 {
					t.Fatalf("flags %b after Sync, want clean", e.flags)
				}
				if !baseHas(op) || !have(view, op) {
					t.Fatal("after Sync")
				}
				if erase {
					flushAll(true)
					if _, ok := entryAt(view, op); ok {
						t.Fatal("entry survived Flush")
					}
					if _, _, err := view.AccessCoin(op, nil); err != nil {
						t.Fatal(err)
					}
					if e, _ := entryAt(view, op); e.flags&(flagDirty|flagFresh) != 0 {
						t.Fatal("reloaded entry not clean")
					}
				}
				if err := view.AddCoin(op, &coin, false); !errors.Is(err, ErrOverwriteUnspent) {
					t.Fatalf("overwrite: %v", err)
				}
				if _, _, err := view.SpendCoin(op, nil); err != nil {
					t.Fatal(err)
				}
				if e, _ := entryAt(view, op); !e.spent() || e.flags&(flagDirty|flagFresh) != flagDirty {
					t.Fatal("spent entry should be SPENT_DIRTY")
				}
				if have(view, op) || !baseHas(op) {
					t.Fatal("after spend")
				}
				flushAll(false)
				if have(view, op) || baseHas(op) {
					t.Fatal("spend not flushed")
				}
				if _, _, err := view.SpendCoin(op, nil); !errors.Is(err, ErrMissingCoin) {
					t.Fatalf("second spend: %v", err)
				}

				// A coin added through one cache is spendable by another
				// that never saw it.
				op2 := primitives.OutPoint{Hash: hashOf(101)}
				if err := caches[0].AddCoin(op2, &coin, false); err != nil {
					t.Fatal(err)
				}
				best++
				caches[0].SetBestBlock(hashOf(best))
				if err := caches[0].Sync(); err != nil {
					t.Fatal(err)
				}
				if !baseHas(op2) || caches[1].HaveCoinInCache(op2) {
					t.Fatal("bonus 1 setup")
				}
				if _, _, err := caches[1].SpendCoin(op2, nil); err != nil {
					t.Fatal(err)
				}
				flushAll(false)
				if baseHas(op2) || have(caches[0], op2) || have(caches[1], op2) {
					t.Fatal("bonus 1: spend not propagated")
				}
				flushAll(true)

				// A FRESH coin spent before Sync leaves no trace.
				op3 := primitives.OutPoint{Hash: hashOf(102)}
				if err := caches[0].AddCoin(op3, &coin, false); err != nil {
					t.Fatal(err)
				}
				if _, _, err := caches[0].SpendCoin(op3, nil); err != nil {
					t.Fatal(err)
				}
				if err := caches[0].Sync(); err != nil {
					t.Fatal(err)
				}
				if _, ok := entryAt(caches[0], op3); ok || baseHas(op3) {
					t.Fatal("bonus 2: FRESH spent coin left a trace")
				}
			})
		}
	}
}

// TestLongScriptsAndCompaction keeps many coins with scripts too long to
// inline, spends most of them, syncs (which compacts the script arena) and
// checks the survivors, then uncaches clean ones.
func TestLongScriptsAndCompaction(t *testing.T) {
	db, _ := newTestDB(t, DBOptions{})
	c := NewCache(db, 0)
	type kept struct {
		op     primitives.OutPoint
		script []byte
	}
	var survivors []kept
	for i := 0; i < 6000; i++ {
		op := primitives.OutPoint{Hash: hashOf(uint64(i) + 1000)}
		script := make([]byte, 100+i%50)
		for j := range script {
			script[j] = byte(i + j)
		}
		script[0] = 0x51
		coin := primitives.Coin{Out: primitives.TxOut{Value: int64(i), ScriptPubKey: script}, Height: 9}
		if err := c.AddCoin(op, &coin, false); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			survivors = append(survivors, kept{op, script})
		} else if _, _, err := c.SpendCoin(op, nil); err != nil {
			t.Fatal(err)
		}
	}
	used := c.arena.used
	c.SetBestBlock(hashOf(1))
	if err := c.Sync(); err != nil {
		t.Fatal(err)
	}
	if c.arena.used >= used/5 {
		t.Fatalf("arena not compacted: %d bytes used, was %d", c.arena.used, used)
	}
	for _, s := range survivors {
		coin, _, err := c.AccessCoin(s.op, nil)
		if err != nil || !bytes.Equal(coin.Out.ScriptPubKey, s.script) {
			t.Fatalf("coin %v after compaction: %v", s.op, err)
		}
		c.Uncache(s.op)
		if c.HaveCoinInCache(s.op) {
			t.Fatal("Uncache kept a clean coin")
		}
	}
	if c.Len() != 0 {
		t.Fatalf("%d entries left", c.Len())
	}
	// Dirty coins are not uncached.
	op := primitives.OutPoint{Hash: hashOf(5)}
	coin := primitives.Coin{Out: primitives.TxOut{Value: 1, ScriptPubKey: []byte{0x51}}}
	_ = c.AddCoin(op, &coin, false)
	c.Uncache(op)
	if !c.HaveCoinInCache(op) {
		t.Fatal("Uncache dropped a dirty coin")
	}
	got := dbCoins(t, db)
	if len(got) != len(survivors) {
		t.Fatalf("database holds %d coins, want %d", len(got), len(survivors))
	}
}
