package txpool

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestJournalAcrossRestart journals local transactions, restarts the pool
// on the same file and finds them again; remote ones are not journalled;
// a torn tail is ignored; Reset rotates out mined transactions.
func TestJournalAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "transactions.rlp")
	st := newTestState()
	fund(st, 2)
	chain := newTestChain(st)
	clock := &testClock{t: time.Unix(1_700_000_000, 0)}
	cfg := Config{ChainConfig: londonConfig(t), Journal: path, Now: clock.now}
	p, err := New(cfg, chain)
	if err != nil {
		t.Fatal(err)
	}
	k0, a0 := key(0)
	k1, _ := key(1)
	local := []*ethtypes.Transaction{dynTx(t, k0, 0, gwei, 10*gwei), legacyTx(t, k0, 1, 10*gwei), dynTx(t, k0, 5, gwei, 10*gwei)}
	mustAdd(t, p, true, local...)
	remote := dynTx(t, k1, 0, gwei, 10*gwei)
	mustAdd(t, p, false, remote)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	// A crash in the middle of an append leaves a torn record.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	torn := dynTx(t, k0, 2, gwei, 10*gwei).AppendRLP(nil)
	if _, err := f.Write(torn[:len(torn)/2]); err != nil {
		t.Fatal(err)
	}
	f.Close()

	p2, err := New(cfg, chain)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p2)
	checkStatus(t, p2, 2, 1)
	for _, tx := range local {
		if !p2.Has(tx.Hash()) {
			t.Fatalf("local tx nonce %d lost", tx.Nonce())
		}
	}
	if p2.Has(remote.Hash()) {
		t.Fatal("remote transaction journalled")
	}
	if locals := p2.Locals(); len(locals) != 1 || locals[0] != a0 {
		t.Fatalf("locals %v", locals)
	}

	// The journal was rewritten without the torn tail.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	txs, n, err := DecodeJournal(b)
	if err != nil || n != len(b) || len(txs) != 3 {
		t.Fatalf("rewritten journal: %d txs, %d/%d bytes, %v", len(txs), n, len(b), err)
	}

	// Mine nonce 0: a Reset before Rejournal keeps the file, the first
	// one after it rotates the mined transaction out.
	st2 := st.copy()
	st2.nonces[a0] = 1
	head := chain.CurrentHeader()
	h1 := chain.extend(head, []*ethtypes.Transaction{local[0]}, st2, 0)
	if err := p2.Reset(head, h1); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	if txs, _, _ = DecodeJournal(b); len(txs) != 3 {
		t.Fatalf("journal rewritten before Rejournal: %d txs", len(txs))
	}
	clock.t = clock.t.Add(time.Hour)
	h2 := chain.extend(h1, nil, st2, 0)
	if err := p2.Reset(h1, h2); err != nil {
		t.Fatal(err)
	}
	p2.Close()
	b, _ = os.ReadFile(path)
	txs, _, err = DecodeJournal(b)
	if err != nil || !equalU64(nonces(txs), []uint64{1, 5}) {
		t.Fatalf("rotated journal nonces %v, %v", nonces(txs), err)
	}
	if _, err := os.Stat(path + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temporary journal left behind: %v", err)
	}
	p3, err := New(cfg, chain)
	if err != nil {
		t.Fatal(err)
	}
	defer p3.Close()
	checkStatus(t, p3, 1, 1)
}

// TestJournalNoLocals checks that NoLocals disables journalling.
func TestJournalNoLocals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.rlp")
	p, _, _ := newTestPool(t, Config{Journal: path, NoLocals: true}, 1)
	k, _ := key(0)
	mustAdd(t, p, true, dynTx(t, k, 0, gwei, 10*gwei))
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("journal written with NoLocals: %v", err)
	}
	if len(p.Locals()) != 0 {
		t.Fatal("local account recorded with NoLocals")
	}
}

// TestJournalUnwritable reports a journal in a missing directory.
func TestJournalUnwritable(t *testing.T) {
	st := newTestState()
	chain := newTestChain(st)
	_, err := New(Config{ChainConfig: londonConfig(t), Journal: filepath.Join(t.TempDir(), "no", "such", "dir", "j.rlp")}, chain)
	if !errors.Is(err, ErrJournal) {
		t.Fatalf("error %v, want ErrJournal", err)
	}
}

func TestDecodeJournal(t *testing.T) {
	k, _ := key(0)
	good := append(dynTx(t, k, 0, gwei, 10*gwei).AppendRLP(nil), legacyTx(t, k, 1, gwei).AppendRLP(nil)...)
	tests := []struct {
		name    string
		in      []byte
		wantN   int
		wantLen int
		wantErr bool
	}{
		{name: "empty", in: nil},
		{name: "two", in: good, wantN: 2, wantLen: len(good)},
		{name: "torn", in: good[:len(good)-1], wantN: 1, wantLen: len(dynTx(t, k, 0, gwei, 10*gwei).AppendRLP(nil)), wantErr: true},
		{name: "garbage", in: []byte{0xff, 0x00}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			txs, n, err := DecodeJournal(tc.in)
			if len(txs) != tc.wantN || n != tc.wantLen || (err != nil) != tc.wantErr {
				t.Fatalf("got %d txs, %d bytes, err %v", len(txs), n, err)
			}
		})
	}
}

// FuzzDecodeJournal checks that any input decodes without panicking and
// that the decoded prefix re-encodes to exactly the bytes it came from.
func FuzzDecodeJournal(f *testing.F) {
	k, _ := key(0)
	to := ethtypes.Address{1}
	seeds := []ethtypes.TxData{
		&ethtypes.LegacyTx{Nonce: 1, GasPrice: *uint256.NewInt(gwei), Gas: 21000, To: &to, Value: *uint256.NewInt(5)},
		&ethtypes.AccessListTx{ChainID: *uint256.NewInt(testChainID), Gas: 30000, Data: []byte{1, 2, 3},
			AccessList: ethtypes.AccessList{{Address: to, StorageKeys: []ethtypes.Hash{{1}}}}},
		&ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), Gas: 21000, GasFeeCap: *uint256.NewInt(gwei)},
	}
	var all []byte
	for _, d := range seeds {
		tx, err := ethtypes.SignTx(ethtypes.NewTx(d), testSigner, k)
		if err != nil {
			f.Fatal(err)
		}
		b := tx.AppendRLP(nil)
		f.Add(b)
		all = append(all, b...)
	}
	f.Add(all)
	f.Add(all[:len(all)-3])
	f.Add([]byte{0xc0})
	f.Add([]byte{0xb8, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		txs, n, err := DecodeJournal(b)
		if n > len(b) || (err == nil && n != len(b)) {
			t.Fatalf("consumed %d of %d bytes, err %v", n, len(b), err)
		}
		var re []byte
		for _, tx := range txs {
			re = tx.AppendRLP(re)
		}
		if !bytes.Equal(re, b[:n]) {
			t.Fatalf("re-encoding differs")
		}
	})
}

func TestJournalDue(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name    string
		j       journal
		now     time.Time
		wantDue bool
	}{
		{name: "fresh", j: journal{rotated: t0, size: 100}, now: t0.Add(time.Minute)},
		{name: "interval passed", j: journal{rotated: t0}, now: t0.Add(time.Hour), wantDue: true},
		{name: "small growth", j: journal{rotated: t0, size: 100, appended: 1 << 19}, now: t0},
		{name: "grew past 1 MiB", j: journal{rotated: t0, size: 100, appended: 1<<20 + 1}, now: t0, wantDue: true},
		{name: "large journal grew less than its size", j: journal{rotated: t0, size: 8 << 20, appended: 4 << 20}, now: t0},
		{name: "large journal doubled", j: journal{rotated: t0, size: 8 << 20, appended: 8<<20 + 1}, now: t0, wantDue: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.j.due(tc.now, time.Hour); got != tc.wantDue {
				t.Fatalf("due %v, want %v", got, tc.wantDue)
			}
		})
	}
}
