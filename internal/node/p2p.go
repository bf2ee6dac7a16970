package node

import (
	"context"
	"errors"
	"hash/maphash"
	"log/slog"
	"net"
	"net/netip"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/netsync"
	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// PeersFileName is the address manager's file inside the network's data
// directory (Core's peers.dat).
const PeersFileName = "peers.dat"

// BanlistFileName is the ban list's file (Core's banlist.json).
const BanlistFileName = "banlist.json"

// peersSaveInterval is Core's DUMP_PEERS_INTERVAL.
const peersSaveInterval = 15 * time.Minute

// p2pService runs the Bitcoin P2P network: the address manager (peers.dat),
// the connection manager (listeners, outbound connections, bans) and the
// block and transaction sync manager. Each connection is a peer.Peer whose
// messages go to netsync, except the address messages handled here.
type p2pService struct {
	n   *Node
	log *slog.Logger

	addrs   *addrmgr.Manager
	cm      *connmgr.Manager
	sync    *netsync.Manager
	nonces  peer.LocalNonces
	magic   [4]byte
	peersDB string

	mu    sync.Mutex
	peers map[int64]*p2pPeer

	stopSave chan struct{}
	saveDone chan struct{}
	stopOnce sync.Once

	relaySeed maphash.Seed  // key of the address-relay peer choice
	addrMean  atomic.Int64  // mean of the per-peer address send timer (ns); tests shorten it
	stopRelay chan struct{} // ends addrLoop
	relayDone chan struct{}
}

// p2pPeer is the node's state of one connection: the protocol peer and the
// address-relay bookkeeping (Core's Peer::m_addr_* fields).
type p2pPeer struct {
	p  *peer.Peer
	cp *connmgr.Peer

	mu             sync.Mutex
	getAddrAnswer  bool      // an inbound getaddr was answered
	addrTokens     float64   // Core's m_addr_token_bucket
	addrTokensTime time.Time // last refill
	gotAddr        chan struct{}
	gotAddrOnce    sync.Once
	relay          addrRelayState
}

// Core's address rate limit (net_processing.cpp).
const (
	maxAddrRatePerSecond = 0.1
	maxAddrTokenBucket   = 1000 // MAX_ADDR_PROCESSING_TOKEN_BUCKET
	addrFetchTimeout     = 2 * time.Minute
)

func newP2PService(n *Node) *p2pService {
	s := &p2pService{n: n, log: n.logs.For("net"), peers: make(map[int64]*p2pPeer)}
	s.addrMean.Store(int64(avgAddrBroadcast))
	return s
}

func (s *p2pService) name() string { return "p2p" }

// p2pListen returns the addresses to listen on: -bind as given (the network
// port added when missing), otherwise every interface on -port, except on
// regtest (the dev setup), where only loopback is bound. -listen=0 gives none.
func p2pListen(cfg *config.Config) []string {
	if !cfg.Listen && len(cfg.Bind) == 0 {
		return nil
	}
	port := strconv.Itoa(cfg.Port)
	if len(cfg.Bind) > 0 {
		out := make([]string, 0, len(cfg.Bind))
		for _, b := range cfg.Bind {
			if _, _, err := net.SplitHostPort(b); err == nil {
				out = append(out, b)
			} else {
				out = append(out, net.JoinHostPort(b, port))
			}
		}
		return out
	}
	if cfg.Chain == config.ChainRegTest {
		return []string{net.JoinHostPort("127.0.0.1", port)}
	}
	return []string{net.JoinHostPort("0.0.0.0", port), net.JoinHostPort("::", port)}
}

// nodeNames drops Core's "0" (as -connect=0) from a list of peer names.
func nodeNames(in []string) []string {
	var out []string
	for _, v := range in {
		if v != "" && v != "0" {
			out = append(out, v)
		}
	}
	return out
}

// fixedSeeds parses the network's fixed seeds.
func fixedSeeds(p *chaincfg.Params) []addrmgr.Address {
	out := make([]addrmgr.Address, 0, len(p.FixedSeeds))
	for _, s := range p.FixedSeeds {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			continue
		}
		out = append(out, addrmgr.Address{Addr: addrmgr.AddrFromAddrPort(ap),
			Services: uint64(wire.NodeNetwork | wire.NodeWitness)})
	}
	return out
}

func (s *p2pService) start(ctx context.Context) error {
	n := s.n
	cfg := n.cfg
	s.magic = n.params.NetMagic
	s.peersDB = filepath.Join(cfg.BTCDataDir, PeersFileName)
	am, err := addrmgr.LoadFile(s.peersDB, s.magic, addrmgr.Config{})
	if am == nil {
		return err
	}
	if err != nil {
		s.log.Warn("Invalid or corrupt peers.dat; recreating it", "err", err)
	}
	s.addrs = am
	s.log.Info("Loaded addresses from peers.dat", "count", am.Size(0, addrmgr.TableAll))

	scfg := netsync.Config{
		Params:     n.params,
		Chain:      n.btc.chain,
		Mempool:    peerPool{Pool: n.btc.pool, n: n, relay: s},
		BlocksOnly: cfg.BlocksOnly,
		Logger:     n.logs.For("net"),
	}
	if cfg.PeerBlockFilters && n.btc.filters != nil {
		scfg.FilterIndex = n.btc.filters
	}
	sm, err := netsync.New(scfg)
	if err != nil {
		return err
	}
	if err := sm.Start(ctx); err != nil {
		return err
	}
	s.sync = sm

	connect := nodeNames(cfg.Connect)
	ccfg := connmgr.Config{
		Listen:         p2pListen(cfg),
		MaxConnections: cfg.MaxConnections,
		AddNodes:       nodeNames(cfg.AddNode),
		Connect:        connect,
		SeedNodes:      nodeNames(cfg.SeedNode),
		DefaultPort:    n.params.DefaultPort,
		SeedServices:   uint64(wire.NodeNetwork | wire.NodeWitness),
		AddrBook:       am,
		Handler:        s.handle,
		Stats:          s,
		BanFile:        filepath.Join(cfg.BTCDataDir, BanlistFileName),
		Log:            n.logs.For("net"),
	}
	if cfg.MaxConnections == 0 {
		ccfg.MaxConnections = -1
	}
	noAuto := len(cfg.Connect) > 0 && len(connect) == 0 // -connect=0: no automatic connections
	if cfg.DNSSeed && len(connect) == 0 && !noAuto {
		ccfg.DNSSeeds = n.params.DNSSeeds
	}
	if len(connect) == 0 && !noAuto {
		ccfg.FixedSeeds = fixedSeeds(n.params)
	}
	if noAuto {
		ccfg.MaxOutboundFull, ccfg.MaxBlockRelay = -1, -1
	}
	cm, err := connmgr.New(ccfg)
	if err == nil {
		err = cm.Start(ctx)
		if err != nil && len(cfg.Bind) == 0 && len(ccfg.Listen) > 0 {
			// The default port is taken (another node on this host): carry
			// on without accepting connections rather than fail to start.
			s.log.Warn("Unable to listen on the default address; not accepting connections", "err", err)
			_ = cm.Stop()
			ccfg.Listen = nil
			if cm, err = connmgr.New(ccfg); err == nil {
				err = cm.Start(ctx)
			}
		}
	}
	if err != nil {
		_ = sm.Stop()
		s.sync = nil
		return err
	}
	s.cm = cm // connmgr logs the addresses it bound
	n.addTxSink(s)

	s.stopSave = make(chan struct{})
	s.saveDone = make(chan struct{})
	go s.saveLoop()
	s.relaySeed = maphash.MakeSeed()
	s.stopRelay = make(chan struct{})
	s.relayDone = make(chan struct{})
	go s.addrLoop()
	return nil
}

// saveLoop writes peers.dat every 15 minutes.
func (s *p2pService) saveLoop() {
	defer close(s.saveDone)
	t := time.NewTicker(peersSaveInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stopSave:
			return
		case <-t.C:
			s.savePeers()
		}
	}
}

func (s *p2pService) savePeers() {
	if err := s.addrs.SaveFile(s.peersDB, s.magic); err != nil {
		s.log.Error("Failed to write peers.dat", "err", err)
	}
}

func (s *p2pService) register(*jsonrpc.Server) error { return nil }

// stopP2P stops the P2P service among services before the mempool is dumped
// and the chain notifications end, so no block or transaction arrives after.
func stopP2P(services []service) error {
	for _, sv := range services {
		if s, ok := sv.(*p2pService); ok {
			return s.stop()
		}
	}
	return nil
}

// stop disconnects every peer, stops the sync manager and writes peers.dat;
// the chain is still open. Later calls do nothing.
func (s *p2pService) stop() error {
	var err error
	s.stopOnce.Do(func() { err = s.stopNow() })
	return err
}

func (s *p2pService) stopNow() error {
	var errs []error
	if s.cm != nil {
		if err := s.cm.Stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if s.sync != nil {
		if err := s.sync.Stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if s.stopRelay != nil {
		close(s.stopRelay)
		<-s.relayDone
		s.stopRelay = nil
	}
	if s.stopSave != nil {
		close(s.stopSave)
		<-s.saveDone
		s.stopSave = nil
	}
	if s.addrs != nil {
		if err := s.addrs.SaveFile(s.peersDB, s.magic); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// TxAccepted relays a transaction accepted by RPC or a wallet.
func (s *p2pService) TxAccepted(tx *primitives.Tx) {
	if d, ok := s.n.btc.pool.Get(tx.TxHash()); ok {
		s.sync.RelayTransactions([]mempool.TxDesc{d})
	}
}

// EvictionStats implements connmgr.StatsSource from the peer's statistics.
func (s *p2pService) EvictionStats(id connmgr.PeerID) connmgr.EvictionStats {
	s.mu.Lock()
	pp := s.peers[int64(id)]
	s.mu.Unlock()
	if pp == nil {
		return connmgr.EvictionStats{}
	}
	st := pp.p.Stats()
	return connmgr.EvictionStats{
		MinPing:          st.MinPing,
		RelevantServices: st.Services&(wire.NodeNetwork|wire.NodeWitness) == wire.NodeNetwork|wire.NodeWitness,
		RelayTxs:         st.RelayTxes,
	}
}

func peerConnType(t connmgr.ConnType) peer.ConnectionType {
	switch t {
	case connmgr.BlockRelay:
		return peer.BlockRelayOnly
	case connmgr.Manual:
		return peer.Manual
	case connmgr.Feeler:
		return peer.Feeler
	case connmgr.AddrFetch:
		return peer.AddrFetch
	case connmgr.Inbound:
		return peer.Inbound
	}
	return peer.OutboundFullRelay
}

// localServices are the services we announce.
func (s *p2pService) localServices() wire.ServiceFlag { return nodeServices(s.n) }

// nodeServices are the service bits the node announces (version messages)
// and reports (getnetworkinfo's localservices): NETWORK, or only
// NETWORK_LIMITED when pruning, WITNESS, and COMPACT_FILTERS with
// -peerblockfilters and the filter index.
func nodeServices(n *Node) wire.ServiceFlag {
	var f wire.ServiceFlag
	if n.cfg.PeerBlockFilters && n.btc.filters != nil {
		f = wire.NodeCompactFilters // BIP157 (-peerblockfilters)
	}
	if n.cfg.Prune > 0 {
		return f | wire.NodeNetworkLimited | wire.NodeWitness
	}
	return f | wire.NodeNetwork | wire.NodeWitness | wire.NodeNetworkLimited
}

// handle is the connection manager's Handler: the handshake, then netsync
// until the connection ends.
func (s *p2pService) handle(ctx context.Context, cp *connmgr.Peer) connmgr.Outcome {
	n := s.n
	chain := n.btc.chain
	pp := &p2pPeer{cp: cp, addrTokens: 1, addrTokensTime: time.Now(), gotAddr: make(chan struct{})}
	pc := peer.Config{
		ID:               int64(cp.ID()),
		Magic:            s.magic,
		Services:         s.localServices(),
		UserAgent:        "/twinchain:" + Version + "/",
		RequiredServices: wire.NodeNetwork | wire.NodeWitness,
		StartHeight:      func() int32 { return chain.BestHeight() },
		ConnType:         peerConnType(cp.Type()),
		BlocksOnly:       n.cfg.BlocksOnly,
		Nonces:           &s.nonces,
		Handler:          peer.HandlerFunc(func(p *peer.Peer, msg wire.Message) { s.onMessage(pp, msg) }),
		FeeRate:          s.sync.TxFeeRate,
		Logger:           n.logs.For("net"),
	}
	if minRelay, _ := feeRateOption(n.cfg.MinRelayTxFee, "minrelaytxfee"); minRelay > 0 {
		pc.FeeFilter = int64(minRelay)
	} else {
		pc.FeeFilter = 1000
	}
	p := peer.New(cp.Conn(), pc, cp.Inbound())
	pp.p = p
	if err := p.Start(ctx); err != nil {
		<-p.Done()
		return connmgr.Outcome{Reason: err.Error(), CountFailure: !cp.Inbound()}
	}
	cp.Established()
	if cp.Type() == connmgr.Feeler {
		p.Disconnect("feeler connection completed")
		<-p.Done()
		return connmgr.Outcome{Reason: "feeler connection completed"}
	}
	s.mu.Lock()
	s.peers[p.ID()] = pp
	s.mu.Unlock()
	s.sync.NewPeer(p)

	// Core asks outbound full-relay and addr-fetch peers for addresses.
	switch cp.Type() {
	case connmgr.OutboundFullRelay, connmgr.Manual, connmgr.AddrFetch:
		pp.mu.Lock()
		pp.addrTokens += wire.MaxAddrToSend
		pp.mu.Unlock()
		_ = p.QueueMessage(&wire.MsgGetAddr{})
	}
	var fetchTimer <-chan time.Time
	if cp.Type() == connmgr.AddrFetch {
		t := time.NewTimer(addrFetchTimeout)
		defer t.Stop()
		fetchTimer = t.C
	}
	select {
	case <-p.Done():
	case <-ctx.Done():
		p.Disconnect("disconnected")
	case <-pp.gotAddr:
		p.Disconnect("addr-fetch connection completed")
	case <-fetchTimer:
		p.Disconnect("addr-fetch connection timeout")
	}
	<-p.Done()
	s.sync.DonePeer(p)
	s.mu.Lock()
	delete(s.peers, p.ID())
	s.mu.Unlock()
	if p.ShouldDiscourage() {
		s.cm.Discourage(cp.Addr())
	}
	return connmgr.Outcome{Reason: errString(p.Err())}
}

func errString(err error) string {
	if err == nil {
		return "disconnected"
	}
	return err.Error()
}

// onMessage handles the address messages and passes the rest to netsync.
func (s *p2pService) onMessage(pp *p2pPeer, msg wire.Message) {
	switch m := msg.(type) {
	case *wire.MsgAddrV2:
		s.onAddr(pp, m)
	case *wire.MsgGetAddr:
		s.onGetAddr(pp)
	default:
		s.sync.OnMessage(pp.p, msg)
	}
}
