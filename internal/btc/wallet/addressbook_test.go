package wallet

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestDestinationOrder(t *testing.T) {
	h20 := bytes.Repeat([]byte{7}, 20)
	h32 := bytes.Repeat([]byte{7}, 32)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		name string
		spk  []byte
		rank int
	}{
		{"p2pkh", cat([]byte{0x76, 0xa9, 0x14}, h20, []byte{0x88, 0xac}), 2},
		{"p2sh", cat([]byte{0xa9, 0x14}, h20, []byte{0x87}), 3},
		{"p2wsh", cat([]byte{0x00, 0x20}, h32), 4},
		{"p2wpkh", cat([]byte{0x00, 0x14}, h20), 5},
		{"p2tr", cat([]byte{0x51, 0x20}, h32), 6},
		{"witness v2", cat([]byte{0x52, 0x02}, []byte{1, 2}), 7},
		{"bare OP_TRUE", []byte{0x51}, -1},
		{"op_return", []byte{0x6a, 0x01, 0x01}, -1},
		{"truncated p2pkh", cat([]byte{0x76, 0xa9, 0x14}, h20), -1},
	} {
		if got, _ := destinationOrder(tc.spk); got != tc.rank {
			t.Errorf("%s: rank %d, want %d", tc.name, got, tc.rank)
		}
	}
	low := cat([]byte{0x00, 0x14}, bytes.Repeat([]byte{1}, 20))
	high := cat([]byte{0x00, 0x14}, bytes.Repeat([]byte{2}, 20))
	p2pkh := cat([]byte{0x76, 0xa9, 0x14}, bytes.Repeat([]byte{9}, 20), []byte{0x88, 0xac})
	bare := []byte{0x51}
	list := [][]byte{bare, high, low, p2pkh}
	slices.SortFunc(list, compareDestination)
	if !bytes.Equal(list[0], p2pkh) || !bytes.Equal(list[1], low) || !bytes.Equal(list[2], high) || !bytes.Equal(list[3], bare) {
		t.Fatalf("order %x", list)
	}
}

func TestAddressBook(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	own, err := w.NewAddress(TypeBech32, "rent")
	if err != nil {
		t.Fatal(err)
	}
	foreign := []byte{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	if err := w.SetLabel(foreign, "shop"); err != nil {
		t.Fatal(err)
	}
	change, err := w.NewChangeAddress(TypeBech32)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetLabel(change.ScriptPubKey(), "oops"); err != nil {
		t.Fatal(err)
	}
	book := w.AddressBook()
	got := make(map[string]AddressBookEntry)
	for _, e := range book {
		got[e.Label] = e
	}
	if len(book) != 3 ||
		got["rent"].Purpose != PurposeReceive || !bytes.Equal(got["rent"].ScriptPubKey, own.ScriptPubKey()) || got["rent"].Change ||
		got["shop"].Purpose != PurposeSend || got["shop"].Change ||
		got["oops"].Purpose != PurposeReceive || !got["oops"].Change {
		t.Fatalf("address book %+v", book)
	}
	if !slices.IsSortedFunc(book, func(a, b AddressBookEntry) int { return compareDestination(a.ScriptPubKey, b.ScriptPubKey) }) {
		t.Fatal("address book not sorted")
	}
}

func TestAddressGroupings(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAddr(t, w, TypeBech32)
	b := mustAddr(t, w, TypeLegacy)
	n.mine(a.ScriptPubKey(), 1)
	n.mine(b.ScriptPubKey(), 100)
	if g := w.AddressGroupings(); len(g) != 2 {
		t.Fatalf("two lone addresses: %+v", g)
	}
	// Spending a's coin links a with the change; b stays alone.
	res, err := w.Send([]Recipient{{Script: []byte{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, Amount: btc(1)}}, DefaultFundOptions())
	if err != nil {
		t.Fatal(err)
	}
	g := w.AddressGroupings()
	if len(g) != 2 {
		t.Fatalf("groupings %+v", g)
	}
	// P2PKH sorts first.
	if len(g[0]) != 1 || !bytes.Equal(g[0][0].ScriptPubKey, b.ScriptPubKey()) || g[0][0].Amount != 0 || !g[0][0].HasLabel {
		t.Fatalf("lone b %+v", g[0])
	}
	if len(g[1]) != 2 {
		t.Fatalf("a with change %+v", g[1])
	}
	var sum int64
	for _, e := range g[1] {
		sum += e.Amount
		if !bytes.Equal(e.ScriptPubKey, a.ScriptPubKey()) && e.HasLabel {
			t.Fatalf("change has a label: %+v", e)
		}
	}
	if sum != btc(49)-res.Fee {
		t.Fatalf("group balance %d, want %d", sum, btc(49)-res.Fee)
	}
}

func TestAbortRescan(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w", CreateOptions{Blank: true})
	if err != nil {
		t.Fatal(err)
	}
	n.mine([]byte{0x51}, 8)
	if w.AbortRescan() || w.IsScanning() {
		t.Fatal("abort with no rescan running")
	}
	var during []bool
	var last int32
	n.mgr.cfg.RescanProgress = func(s RescanStatus) {
		last = s.Height
		if s.Height == 4 {
			during = append(during, w.IsScanning(), w.AbortRescan(), w.AbortRescan())
		}
	}
	_, _, err = w.Rescan(0, -1)
	if !errors.Is(err, ErrRescanAborted) {
		t.Fatalf("aborted rescan: %v", err)
	}
	if !slices.Equal(during, []bool{true, true, false}) || last != 4 {
		t.Fatalf("during %v, last height %d", during, last)
	}
	if w.IsScanning() || w.AbortRescan() {
		t.Fatal("still scanning after the abort")
	}
	n.mgr.cfg.RescanProgress = nil
	if _, to, err := w.Rescan(0, -1); err != nil || to != 8 {
		t.Fatalf("rescan after abort: %d %v", to, err)
	}
}

func TestBackup(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.NewAddress(TypeBech32, "kept")
	if err != nil {
		t.Fatal(err)
	}
	n.mine(a.ScriptPubKey(), 101)
	dest := filepath.Join(t.TempDir(), "copy")
	if err := w.Backup(dest); err != nil {
		t.Fatal(err)
	}
	if err := w.Backup(dest); err != nil { // replaces the old copy
		t.Fatal(err)
	}
	c, err := n.mgr.Load(dest)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := c.Label(a.ScriptPubKey()); !ok || l != "kept" {
		t.Fatalf("label in copy %q %v", l, ok)
	}
	if got, want := c.Balances(), w.Balances(); got != want {
		t.Fatalf("copy balances %+v, want %+v", got, want)
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(n.dir, "w"), dest, file, ""} {
		if err := w.Backup(d); !errors.Is(err, ErrBackupFailed) {
			t.Errorf("backup to %q: %v", d, err)
		}
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal("refused backup removed the file")
	}
}

func TestSendAll(t *testing.T) {
	n := newTestNode(t)
	w, err := n.mgr.Create("w", CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustAddr(t, w, TypeBech32)
	n.mine(a.ScriptPubKey(), 102)
	dest1 := []byte{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	dest2 := []byte{0x51, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}
	req := SendAllRequest{
		Outputs:   []primitives.TxOut{{ScriptPubKey: dest1}, {ScriptPubKey: dest2}},
		Remainder: []bool{true, true},
		MaxConf:   -1,
		Fee:       FundOptions{FeeRate: 3000},
	}
	fr, err := w.BuildSendAll(req)
	if err != nil {
		t.Fatal(err)
	}
	tx := fr.Tx
	if len(tx.Inputs) != 2 || len(tx.Outputs) != 2 {
		t.Fatalf("%d inputs %d outputs", len(tx.Inputs), len(tx.Outputs))
	}
	// The first remainder output gets the odd satoshi.
	if d := tx.Outputs[0].Value - tx.Outputs[1].Value; d < 0 || d > 1 {
		t.Fatalf("shares %d %d", tx.Outputs[0].Value, tx.Outputs[1].Value)
	}
	if fr.Fee+tx.Outputs[0].Value+tx.Outputs[1].Value != btc(100) || fr.Fee <= 0 {
		t.Fatalf("fee %d", fr.Fee)
	}
	// maxconf 1 leaves only the newest mature coinbase out: none qualify.
	req.MaxConf = 1
	if _, err := w.BuildSendAll(req); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("maxconf 1: %v", err)
	}
	req.MaxConf = -1
	req.Remainder = []bool{false, false}
	if _, err := w.BuildSendAll(req); !errors.Is(err, ErrInvalidParameter) {
		t.Fatalf("no remainder output: %v", err)
	}
	req.Remainder = []bool{true, false}
	req.Outputs[1].Value = btc(30)
	req.LockUnspents = true
	res, err := w.SendAll(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Tx.Outputs[1].Value != btc(30) || len(w.LockedCoins()) != 2 {
		t.Fatalf("sendall %+v, locked %v", res.Tx.Outputs, w.LockedCoins())
	}
	if b := w.Balances(); b.Trusted != 0 {
		t.Fatalf("balance left %+v", b)
	}
}
