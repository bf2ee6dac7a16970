package node

import (
	"context"
	"net/http"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/btcrpc"
)

// btcrpcService serves the blockchain, rawtransactions, util, control and
// network methods (package btcrpc) and, with -rest, Core's REST interface.
type btcrpcService struct {
	n   *Node
	net btcrpc.Net // the P2P network (nil: none)
	svc *btcrpc.Service
}

func (s *btcrpcService) name() string { return "btcrpc" }

func (s *btcrpcService) start(context.Context) error {
	n := s.n
	b := n.btc
	minRelay, _ := feeRateOption(n.cfg.MinRelayTxFee, "minrelaytxfee")
	cfg := btcrpc.Config{
		Params:  n.params,
		Chain:   b.chain,
		Control: b.chain,
		Scanner: b.chain,
		Mempool: b.pool,
		Policy: btcrpc.MempoolPolicy{
			MaxSize:     n.cfg.MaxMempool * 1_000_000,
			MinRelayFee: minRelay,
			FullRBF:     true,
		},
		TxIndex:      n.cfg.TxIndex,
		Shutdown:     n.RequestShutdown,
		StartTime:    n.start,
		Logging:      n.logs,
		LogPath:      n.cfg.DebugLogFile,
		UserAgent:    "/twinchain:" + Version + "/",
		Version:      clientVersion(Version),
		OnTxAccepted: n.txAccepted,
		Net:          s.net,
		// getnetworkinfo reports what the P2P side announces.
		LocalServices: uint64(nodeServices(n)),
		// savemempool writes here even with -persistmempool=0, as Core.
		MempoolFile: filepath.Join(b.cfg.BTCDataDir, MempoolFileName),
	}
	if b.filters != nil {
		cfg.FilterIndex = b.filters
	}
	svc, err := btcrpc.New(cfg)
	if err != nil {
		return err
	}
	s.svc = svc
	return nil
}

func (s *btcrpcService) register(srv *jsonrpc.Server) error { return s.svc.Register(srv) }

func (s *btcrpcService) stop() error { return nil }

// restHandler is Core's REST interface, mounted on /rest/ with -rest.
func (s *btcrpcService) restHandler() http.Handler { return s.svc.RESTHandler() }
