package ethminer

import (
	"context"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// MineCredits mines one block on the current head that carries no
// transactions and the withdrawals credits returns: the dev chain's way to
// raise a balance (anvil_setBalance) with a block that every node
// validates, since Process credits withdrawals (gwei) like any other part
// of the block. credits is called under the miner's build lock with the
// head's state, which it must only read, so the amounts it computes
// cannot be overtaken by another block. Before Shanghai, whose blocks
// have no withdrawals, it fails with ErrNoWithdrawals. It returns the
// inserted block and its (empty) receipts.
//
// This method is safe for concurrent access.
func (m *Miner) MineCredits(ctx context.Context, credits func(head *statedb.StateDB) (ethtypes.Withdrawals, error)) (*ethtypes.Block, ethtypes.Receipts, error) {
	m.mineMu.Lock()
	defer m.mineMu.Unlock()
	parent := m.chain.CurrentHeader()
	if parent == nil {
		return nil, nil, &Error{Err: ErrNoParent}
	}
	res, err := m.buildWith(parent, 0, m.timestamp(parent), credits, true)
	if err != nil {
		return nil, nil, err
	}
	return m.sealAndInsert(ctx, parent, res)
}
