package mempool

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestMempoolDatLayout(t *testing.T) {
	h := newHarness(t, nil)
	tx := h.spend([]utxo{h.fund(100_000)}, 90_000)
	d := &MempoolDat{Version: 2, Txs: []PersistedTx{{Tx: tx, Time: 1234, FeeDelta: -5}},
		FeeDeltas: map[chainhash.Hash]int64{{1}: 7}, Unbroadcast: []chainhash.Hash{{2}}}
	key := [8]byte{1, 2, 3, 4, 5, 6, 7, 8}
	b := AppendMempoolDat(nil, d, key)
	// Header in clear: version 2, compact size 8, the key.
	if binary.LittleEndian.Uint64(b) != 2 || b[8] != 8 || !bytes.Equal(b[9:17], key[:]) {
		t.Fatalf("header %x", b[:17])
	}
	// The body is XORed with the key by absolute file offset: the count
	// (1) starts at offset 17, so its first byte is 1 ^ key[17 % 8].
	if b[17] != 1^key[1] || b[18] != key[2] {
		t.Fatalf("count bytes %x", b[17:25])
	}
	raw := tx.Bytes()
	for i := range raw {
		if b[25+i] != raw[i]^key[(25+i)%8] {
			t.Fatalf("transaction byte %d not obfuscated by file offset", i)
		}
	}
	got, err := ReadMempoolDat(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Txs) != 1 || got.Txs[0].Tx.TxHash() != tx.TxHash() || got.Txs[0].Time != 1234 || got.Txs[0].FeeDelta != -5 ||
		got.FeeDeltas[chainhash.Hash{1}] != 7 || len(got.Unbroadcast) != 1 || got.Unbroadcast[0] != (chainhash.Hash{2}) {
		t.Fatalf("round trip: %+v", got)
	}
	// Version 1: no key, no obfuscation.
	d.Version = 1
	b1 := AppendMempoolDat(nil, d, key)
	if binary.LittleEndian.Uint64(b1) != 1 || binary.LittleEndian.Uint64(b1[8:]) != 1 || !bytes.Equal(b1[16:16+len(raw)], raw) {
		t.Fatal("version 1 layout")
	}
	if _, err := ReadMempoolDat(b1); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, b[:16], b[:len(b)-1], append(bytes.Clone(b), 0), {3, 0, 0, 0, 0, 0, 0, 0}} {
		if _, err := ReadMempoolDat(bad); !errors.Is(err, ErrBadMempoolFile) {
			t.Fatalf("malformed file accepted: %v", err)
		}
	}
}

func TestDumpAndLoad(t *testing.T) {
	h := newHarness(t, nil)
	txs := h.chainOf(3)
	h.clock = h.clock.Add(time.Minute)
	lone := h.spend([]utxo{h.fund(100_000)}, 90_000)
	h.mustAccept(lone)
	path := filepath.Join(t.TempDir(), "mempool.dat")
	if err := h.pool.DumpFile(path); err != nil {
		t.Fatal(err)
	}
	want, _ := h.pool.Get(txs[0].TxHash())

	// A fresh pool on the same chain, an hour later.
	h2 := newHarness(t, nil)
	h2.chain = h.chain
	h2.pool.cfg.Chain = h.chain
	h2.clock = h.clock.Add(time.Hour)
	st, err := h2.pool.LoadFile(path)
	if err != nil || st.Accepted != 4 || st.Failed != 0 {
		t.Fatalf("load: %+v %v", st, err)
	}
	got, ok := h2.pool.Get(txs[0].TxHash())
	if !ok || !got.Time.Equal(want.Time) || got.DescendantCount != 3 {
		t.Fatalf("loaded entry %+v, want time %v", got, want.Time)
	}
	checkAggregates(t, h2.pool)

	// Past the expiry everything is skipped; a missing file is no error.
	h3 := newHarness(t, nil)
	h3.pool.cfg.Chain = h.chain
	h3.clock = h.clock.Add(DefaultExpiry + time.Hour)
	st, _ = h3.pool.LoadFile(path)
	if st.Expired != 4 {
		t.Fatalf("expired %+v", st)
	}
	if st, err := h3.pool.LoadFile(path + ".missing"); err != nil || st != (LoadStats{}) {
		t.Fatal(st, err)
	}
}

func FuzzReadMempoolDat(f *testing.F) {
	tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{Sequence: 1, Witness: [][]byte{{1}}}},
		Outputs: []primitives.TxOut{{Value: 5, ScriptPubKey: []byte{0x51}}}}
	d := &MempoolDat{Version: 2, Txs: []PersistedTx{{Tx: tx, Time: 9}}, FeeDeltas: map[chainhash.Hash]int64{{3}: 1}}
	f.Add(AppendMempoolDat(nil, d, [8]byte{9, 8, 7, 6, 5, 4, 3, 2}))
	d.Version = 1
	f.Add(AppendMempoolDat(nil, d, [8]byte{}))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ReadMempoolDat(b)
		if err != nil {
			return
		}
		var key [8]byte
		if got.Version == 2 {
			copy(key[:], b[9:17])
		}
		again, err := ReadMempoolDat(AppendMempoolDat(nil, got, key))
		if err != nil || len(again.Txs) != len(got.Txs) || len(again.FeeDeltas) != len(got.FeeDeltas) ||
			len(again.Unbroadcast) != len(got.Unbroadcast) {
			t.Fatalf("round trip: %v", err)
		}
		for i := range got.Txs {
			if again.Txs[i].Tx.WitnessHash() != got.Txs[i].Tx.WitnessHash() || again.Txs[i].Time != got.Txs[i].Time {
				t.Fatal("entry changed")
			}
		}
	})
}
