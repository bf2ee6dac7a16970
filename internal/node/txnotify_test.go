package node

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func TestClientVersion(t *testing.T) {
	for in, want := range map[string]int{"0.4.0": 400, "1.2.3": 10203, "27.0": 270000, "x": 0} {
		if got := clientVersion(in); got != want {
			t.Errorf("clientVersion(%q) = %d, want %d", in, got, want)
		}
	}
}

type countSink struct{ n int }

func (c *countSink) TxAccepted(*primitives.Tx) { c.n++ }

func TestTxSinks(t *testing.T) {
	n := &Node{}
	a, b := &countSink{}, &countSink{}
	n.addTxSink(a)
	n.addTxSink(b)
	n.txAccepted(&primitives.Tx{})
	if a.n != 1 || b.n != 1 {
		t.Fatalf("sinks saw %d, %d", a.n, b.n)
	}
}
