package ethchain

import (
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/kv/pebble"
)

// benchBlocks generates n dev blocks of 200 value transfers each.
func benchBlocks(b *testing.B, n int) ([]*ethtypes.Block, uint64) {
	b.Helper()
	bc := newTestChain(b, memdb.New(), nil)
	g := newBlockGen(b, bc)
	blocks := g.chain(bc.Genesis(), ethtypes.Address{0xa}, n, 200)
	var gas uint64
	for _, blk := range blocks {
		gas += blk.Header.GasUsed
	}
	return blocks, gas
}

// benchInsert measures InsertChain of the generated blocks (decoded anew,
// so senders are recovered) on fresh stores from open and reports Mgas/s.
func benchInsert(b *testing.B, open func(b *testing.B) kv.Store) {
	blocks, gas := benchBlocks(b, 10)
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		bc := newTestChain(b, open(b), nil)
		fresh := make([]*ethtypes.Block, len(blocks)) // no cached senders
		for i, blk := range blocks {
			d, err := ethtypes.DecodeBlock(blk.AppendRLP(nil))
			if err != nil {
				b.Fatal(err)
			}
			fresh[i] = d
		}
		b.StartTimer()
		start := time.Now()
		if _, err := bc.InsertChain(fresh); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		bc.Stop()
		b.StartTimer()
	}
	b.ReportMetric(float64(gas)*float64(b.N)/elapsed.Seconds()/1e6, "Mgas/s")
	b.ReportMetric(float64(len(blocks)*200*b.N)/elapsed.Seconds(), "tx/s")
}

// BenchmarkInsertChainMemdb imports blocks of 200 transfers on memdb.
func BenchmarkInsertChainMemdb(b *testing.B) {
	benchInsert(b, func(*testing.B) kv.Store { return memdb.New() })
}

// BenchmarkInsertChainPebble imports blocks of 200 transfers on Pebble.
func BenchmarkInsertChainPebble(b *testing.B) {
	benchInsert(b, func(b *testing.B) kv.Store {
		db, err := pebble.Open(b.TempDir(), pebble.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return db
	})
}

// BenchmarkInsertAutomined measures storing an automined block (two value
// transfers, the dev node's shape under concurrent senders) on Pebble
// without a sync per block: executed again by InsertBlock, or stored with
// its builder's state by InsertMined.
func BenchmarkInsertAutomined(b *testing.B) {
	for _, mined := range []bool{false, true} {
		name := "InsertBlock"
		if mined {
			name = "InsertMined"
		}
		b.Run(name, func(b *testing.B) {
			db, err := pebble.Open(b.TempDir(), pebble.Options{})
			if err != nil {
				b.Fatal(err)
			}
			bc := newTestChain(b, db, func(c *Config) { c.DeferSync = true })
			defer bc.Stop()
			g := newBlockGen(b, bc)
			for b.Loop() {
				b.StopTimer()
				blk, rs, st := g.makeWithState(bc.CurrentBlock(), ethtypes.Address{0xa}, 2, nil)
				b.StartTimer()
				if mined {
					err = bc.InsertMined(blk, rs, st)
				} else {
					err = bc.InsertBlock(blk)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
