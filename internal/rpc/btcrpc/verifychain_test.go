package btcrpc

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
)

// verifySpy is the chain with VerifyChain recorded and its result forced.
type verifySpy struct {
	*blockchain.Chain
	level, nblocks int
	err            error
}

func (v *verifySpy) VerifyChain(level, nblocks int) error {
	v.level, v.nblocks = level, nblocks
	return v.err
}

// TestVerifyChain checks that verifychain hands the level and depth to the
// chain (Core's defaults 3 and 6) and answers true only on success, and
// runs every level for real on a small chain.
func TestVerifyChain(t *testing.T) {
	env, _ := genEnv(t, false)
	for _, level := range []int{0, 1, 2, 3, 4} {
		for _, n := range []int{1, 6, 0} {
			if !unmarshal[bool](t, env.mustCall(t, "verifychain", level, n)) {
				t.Errorf("verifychain %d %d: false", level, n)
			}
		}
	}
	spy := &verifySpy{Chain: env.chain}
	env.svc.cfg.Control = spy
	cases := []struct {
		name           string
		params         []any
		err            error
		level, nblocks int
		want           bool
	}{
		{"defaults", nil, nil, 3, 6, true},
		{"explicit", []any{4, 0}, nil, 4, 0, true},
		{"corrupt", []any{2, 10}, &blockchain.Error{Err: blockchain.ErrCorruptBlockDB}, 2, 10, false},
		{"skipped", []any{3}, &blockchain.Error{Err: blockchain.ErrVerifySkipped}, 3, 6, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spy.err = tc.err
			got := unmarshal[bool](t, env.mustCall(t, "verifychain", tc.params...))
			if got != tc.want || spy.level != tc.level || spy.nblocks != tc.nblocks {
				t.Errorf("got %v with level %d nblocks %d, want %v %d %d", got, spy.level, spy.nblocks, tc.want, tc.level, tc.nblocks)
			}
		})
	}
}
