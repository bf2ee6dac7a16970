package wallet

import "testing"

func TestRescanProgress(t *testing.T) {
	n := newTestNode(t)
	var got []RescanStatus
	n.mgr.cfg.RescanProgress = func(s RescanStatus) { got = append(got, s) }
	w, err := n.mgr.Create("r", CreateOptions{Blank: true})
	if err != nil {
		t.Fatal(err)
	}
	n.mine([]byte{0x51}, 6) // OP_TRUE outputs: not the wallet's
	tip := n.chain.BestHeight()
	got = nil
	from, to, err := w.Rescan(2, -1)
	if err != nil {
		t.Fatal(err)
	}
	if from != 2 || to != tip {
		t.Fatalf("rescanned [%d, %d], want [2, %d]", from, to, tip)
	}
	if len(got) != int(tip-1) {
		t.Fatalf("%d reports for %d blocks: %+v", len(got), tip-1, got)
	}
	for i, s := range got {
		if s.Wallet != "r" || s.Height != int32(2+i) || s.From != 2 || s.To != tip {
			t.Errorf("report %d: %+v", i, s)
		}
	}
	// Without the hook a rescan runs as before.
	n.mgr.cfg.RescanProgress = nil
	if _, _, err := w.Rescan(0, -1); err != nil {
		t.Fatal(err)
	}
}
