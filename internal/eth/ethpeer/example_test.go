package ethpeer_test

import (
	"context"
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethpeer"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// A node wires the account chain's P2P through a connection manager of its
// own: the handler is built first, the manager with the handler, then the
// handler learns how to discourage addresses.
func ExampleHandler() {
	var (
		chain   ethpeer.ChainReader // the node's adapter over ethchain + txpool
		backend ethpeer.Backend     // ethsync
		cfg     = ethpeer.Config{NetworkID: 1337, Chain: chain, Backend: backend}
	)
	// cfg.Genesis = genesis.Hash()
	// cfg.Forks = ethwire.NewForkSchedule(chainConfig, cfg.Genesis, genesis.Time)
	_ = ethwire.NewForkSchedule
	h := ethpeer.NewHandler(cfg)
	m, err := connmgr.New(connmgr.Config{
		Listen:   []string{"127.0.0.1:0"},
		AddrBook: addrmgr.New(addrmgr.Config{}),
		Handler:  h.Handle,
	})
	if err != nil {
		panic(err)
	}
	h.SetDiscourage(func(cp *connmgr.Peer) { m.Discourage(cp.Addr()) })
	if err := m.Start(context.Background()); err != nil {
		panic(err)
	}
	defer m.Stop()
	fmt.Println(len(h.Peers()))
	// Output: 0
}
