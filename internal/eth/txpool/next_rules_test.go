package txpool

import (
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestNextRules checks that Config.NextRules decides the rules the pool
// validates against: on a chain that schedules Shanghai at time 0 but
// never merges (the dev network), ChainConfig.Rules leaves EIP-3860 off,
// and the node's NextRules (ethchain.RulesAt) turns it on.
func TestNextRules(t *testing.T) {
	k0, _ := key(0)
	create := func(t *testing.T) *ethtypes.Transaction {
		return signTx(t, k0, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), GasTipCap: *uint256.NewInt(gwei),
			GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 1_000_000, Data: make([]byte, ethtypes.MaxInitCodeSize+1)})
	}
	devLike := func(t *testing.T) Config {
		cc := londonConfig(t)
		zero := uint64(0)
		cc.ShanghaiTime = &zero
		return Config{ChainConfig: cc}
	}
	var asked []uint64
	for _, tc := range []struct {
		name      string
		nextRules func(*ethtypes.Header) ethtypes.Rules
		want      error
	}{
		{name: "ChainConfig.Rules (no merge: Shanghai off)"},
		{name: "NextRules with Shanghai", want: ErrMaxInitCodeSizeExceeded,
			nextRules: func(h *ethtypes.Header) ethtypes.Rules {
				asked = append(asked, h.Number)
				r := londonConfig(t).Rules(h.Number+1, false, h.Time)
				r.IsMerge, r.IsShanghai = true, true
				return r
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := devLike(t)
			cfg.NextRules = tc.nextRules
			p, _, _ := newTestPool(t, cfg, 1)
			err := p.AddLocal(create(t))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("AddLocal: %v, want %v", err, tc.want)
			}
		})
	}
	if len(asked) == 0 || asked[0] != 0 {
		t.Errorf("NextRules called with heads %v, want the genesis (0) first", asked)
	}
}
