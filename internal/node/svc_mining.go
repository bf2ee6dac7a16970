package node

import (
	"context"

	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/miningrpc"
)

// miningService serves the mining, generating and fee estimation methods
// (package miningrpc) over the chain, the mempool and the fee estimator.
type miningService struct {
	n   *Node
	svc *miningrpc.Service
}

func (s *miningService) name() string { return "miningrpc" }

func (s *miningService) start(context.Context) error {
	b := s.n.btc
	minRelay, _ := feeRateOption(s.n.cfg.MinRelayTxFee, "minrelaytxfee")
	svc, err := miningrpc.New(miningrpc.Config{
		Params:      s.n.params,
		Chain:       b.chain,
		Mempool:     b.pool,
		Fees:        b.fees,
		MinRelayFee: minRelay,
	})
	if err != nil {
		return err
	}
	s.svc = svc
	return nil
}

func (s *miningService) register(srv *jsonrpc.Server) error { return s.svc.Register(srv) }

func (s *miningService) stop() error { return nil }
