// Package node is twinchaind's composition root: it builds the UTXO ledger
// (chain, mempool, wallets, miner, P2P network), the account ledger, the
// JSON-RPC servers in front of them, and runs them with an order of start and
// stop that keeps the data directory consistent.
//
// # Lifecycle
//
//	n, err := node.New(cfg, logs)   // checks the configuration, opens nothing
//	err = n.Start(ctx)              // lock, chain, mempool, services, RPC
//	fmt.Print(n.Banner())
//	err = n.Wait()                  // until ctx is cancelled, stop RPC or Stop
//
// Start takes an exclusive flock on <btcdatadir>/.lock (a second daemon fails
// with ErrLocked and Core's "Cannot obtain a lock on data directory"
// message), opens package blockchain with -dbcache, -prune, -txindex,
// -reindex and -assumevalid, connects its best chain, builds the mempool on an
// adapter of the chain (mempool.Chain) and loads mempool.dat (-persistmempool),
// then starts the services (btcrpc, miningrpc, and the wallet manager with
// walletrpc: the -wallet names are loaded, and on regtest without -wallet the
// dev wallet "default" is loaded or created; -disablewallet leaves the wallet
// out), and finally the
// RPC server (-server) on the -rpcbind/-rpcport addresses with -rpcuser/
// -rpcpassword, -rpcauth, or the cookie file.
//
// Stop (or RequestShutdown, which the stop RPC calls, or cancelling Start's
// context: SIGINT/SIGTERM in twinchaind) runs once: the RPC server stops
// taking requests (and the cookie file is deleted), the mempool is written to
// mempool.dat, the services stop in reverse order (wallets flush and close),
// the chain writes its block index and UTXO cache and closes, and the lock is
// released. The chain recovers from a crash at any point by itself, so a kill
// instead of a clean stop only loses the mempool and recent wallet state.
//
// # Notifications
//
// The chain's BlockConnected/BlockDisconnected notifications (delivered
// synchronously on the writer's goroutine) go through one dispatcher: the
// mempool's RemoveForBlock for each connected block, UpdateForReorg once a
// reorganisation has reached the chain's tip (or, for invalidateblock, once the
// disconnections stop at the parent), then every BlockSink (the wallet
// manager, the fee estimator) in order. Transactions added through RPC or a
// wallet go to the TxSinks.
//
// # P2P network (p2p.go)
//
// The P2P service is the last service started and the first stopped (before
// the mempool is dumped, so nothing arrives after mempool.dat is written). It
// loads the address manager from <btcdatadir>/peers.dat (saved every 15
// minutes and at stop), runs a connmgr.Manager (outbound targets, -connect,
// -addnode, -seednode, inbound limits and eviction, bans in banlist.json) whose
// handler wraps each connection in a peer.Peer and, after the handshake, hands
// it to the netsync.Manager (headers-first sync, block and transaction relay).
// addr/addrv2/getaddr are handled here (p2p_addr.go) with Core's rate limits;
// transactions accepted through RPC or a wallet are relayed through netsync.
// The network RPCs (getpeerinfo, addnode, setban, ...) reach it through
// btcrpc's Net interface (p2p_rpc.go). On regtest the node listens on
// 127.0.0.1 only unless -bind says otherwise.
//
// # RPC binding
//
// As Bitcoin Core since 0.18, RPC listens on 127.0.0.1 and ::1 unless both
// -rpcbind and -rpcallowip are given; either alone is ignored with Core's
// warning in debug.log.
//
// # A second chain
//
// The UTXO ledger lives in btcNode (btc.go) with its own start and stop
// steps; Node holds it beside the lock and the RPC server. The account chain
// is the sibling ethNode (eth.go), started after the UTXO side's RPC server
// when cfg.ETH is set (-eth, default 1) and stopped before everything else.
// It keeps a Pebble database at <ETHDataDir>/chaindata (ETHDataDir is
// <datadir>/eth/<network>) holding an ethchain.BlockChain on the built-in dev
// network (chain id 1337, 20 accounts of the test mnemonic with 10,000 ether
// each) or on -ethgenesis's geth genesis JSON, with the dev engine (no block
// rewards); a txpool.Pool journalling local transactions to
// <ETHDataDir>/transactions.rlp and reset to every new head (a chain-event
// subscription feeds a goroutine, so the chain's writer never waits); an
// ethminer.Miner that automines (each eth_sendRawTransaction or
// eth_sendTransaction is mined before it is answered, as anvil and Hardhat)
// or, with -ethblocktime=N, mines a block every N seconds; and an ethrpc
// service with the 20 dev accounts unlocked. Its JSON-RPC server (HTTP and
// WebSocket on one port, -ethrpcbind:-ethrpcport, default 127.0.0.1:8545)
// has no authentication, as geth --dev, anvil and Hardhat, unlike the UTXO
// side's cookie; binding it to a non-loopback address accepts every client.
// evm_revert rewinds the chain (BlockChain.SetHead) and resets the pool
// dropping the removed blocks' transactions. anvil_setBalance and
// hardhat_setBalance (dev network, chain id 1337, only) keep the head state
// the state of a valid block: the node mines at once a block without
// transactions whose withdrawals (EIP-4895, which the dev chain's Shanghai
// rules carry on proof-of-work blocks) credit the difference, so every
// re-validation (restart, repair, reorg) reproduces it and the balance is
// visible at "latest" when the call returns. A withdrawal credits whole
// gwei and never debits: lowering a balance, an increase that is not a
// whole number of gwei and the miner's coinbase are refused with an error
// that says so. Stop closes
// the RPC server, the miner, the pool (its journal) and the chain (its
// database); a restart resumes the head, the state and the journalled
// transactions. Nothing in btcNode knows about it; only Node and the banner
// see both.
//
// # Concurrency
//
// A Node is safe for concurrent use. Start must be called once; Stop may be
// called any number of times from any goroutine.
package node
