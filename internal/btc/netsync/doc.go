// Package netsync synchronises the UTXO chain with its peers and relays
// blocks and transactions, the essentials of Bitcoin Core's
// net_processing.cpp on top of package peer's connections.
//
// # Model
//
// A Manager is built with New(Config{Params, Chain, Mempool, ...}) and
// runs from Start to Stop. The node builds each peer.Peer with the manager
// as its peer.Handler, calls NewPeer once the handshake is done and
// DonePeer once the peer has ended. The chain and the mempool come in
// through two small interfaces, Chain and Mempool, which
// *blockchain.Chain and *mempool.Pool satisfy directly.
//
// # Initial sync: headers first, blocks in parallel
//
// Headers are fetched first with getheaders (a locator from the best
// header's parent, so that a peer always answers with at least one header),
// from one sync peer (an outbound one when there is any) while the best
// header is older than a day, then from every peer, as Core's SendMessages:
// that is how the best block of each peer becomes known. A sync peer that
// leaves the best header old for Config.HeadersSyncTimeout (15 min) hands
// the sync to another peer. A full headers
// message (2,000) is followed by the next getheaders. Headers are
// validated by Chain.ProcessHeaders; an invalid one, or a non-continuous
// sequence, is misbehaviour (peer.Misbehaving discourages and disconnects);
// headers that do not connect are answered with a getheaders, and more
// than ten such messages in a row are punished.
//
// Blocks are downloaded from every peer that has them (outbound peers only
// during IBD while there is any, as Core's preferred download): the
// manager keeps the download path, the best header chain above the fork
// with the active chain, and for each peer with free slots (at most
// MaxBlocksInTransitPerPeer = 16 in flight) requests the earliest blocks
// of the path that the peer has, that are not stored and not in flight,
// within a moving window of BlockDownloadWindow (1,024) blocks past the
// tip. Blocks are handed to Chain.ProcessBlock on the delivering peer's
// read goroutine as they arrive, in any order: the chain stores a block
// whose parent's data is still missing and connects it once the gap is
// filled, so validation is pipelined with the download and the window
// moves as soon as the tip does.
//
// When a peer is idle because the whole window is in flight or stored and
// the window waits for a block in flight from another peer, that peer is
// stalling; if it still holds the window after Config.StallTimeout (2 s,
// Core's BLOCK_STALLING_TIMEOUT) it is disconnected. A peer that delivers
// nothing for Config.BlockDownloadTimeout (the target spacing, plus half of
// it per other downloading peer, as Core) is disconnected too. The blocks
// in flight from a disconnected peer go back to the pool and are requested
// from the others at once. BlocksServed counts, per peer, the blocks it
// delivered.
//
// # Relay
//
// Out of IBD every new tip is announced to each peer that does not know it
// (Core's UpdatedBlockTip and SendMessages): with headers (up to eight,
// connecting to a block the peer has) to peers that sent sendheaders, as a
// compact block to BIP152 high-bandwidth peers when only the tip is new,
// with an inv otherwise. A peer providing compact blocks that gives us a
// new tip becomes one of our three high-bandwidth peers (Core's
// MaybeSetPeerAsAnnouncingHeaderAndIDs; the oldest is demoted), and then
// pushes new blocks as cmpctblock. An announced header or inv of an unknown block
// leads to the block: by getheaders first when the header is unknown, then
// through the same scheduler; when only the tip's child is missing and the
// peer provides compact blocks, it is requested as a cmpctblock, rebuilt
// from the mempool (wire.NewPartialBlock) with getblocktxn for the missing
// transactions, and fetched whole if reconstruction fails. An unrequested
// block is processed only when its chain has at least the tip's work and
// it is at most MinBlocksToKeep blocks ahead (Core's AcceptBlock without
// fRequested). Invalid blocks are misbehaviour except "time-too-new".
//
// Transactions received go to Mempool.ProcessTransaction; what it accepts
// (released orphans included) is announced with peer.QueueInventory, by
// wtxid to wtxidrelay peers and by txid to the others, and the peer trickles
// the announcements and applies fee filters (TxFeeRate serves as the
// peers' peer.Config.FeeRate). Announced transactions we lack are
// requested (at most 100 in flight per peer, each from one peer at a time,
// re-requested after 60 s); the missing parents of an orphan are requested
// from its sender. Nothing is requested or accepted during IBD. With
// Config.BlocksOnly, or on a block-relay-only connection, a peer sending a
// transaction or its inv is disconnected, as in Core. Rejected transactions
// are remembered until the next tip change; only context-free consensus
// violations are punished.
//
// getdata is served for blocks (witness or stripped serialization as the
// inventory type asks; compact blocks for the last five), and for mempool
// transactions; getheaders (not while in IBD, as Core), getblocks and
// getblocktxn are answered from the active chain.
//
// # Progress
//
// Progress reports the header and block heights, the peers downloading,
// the blocks in flight, the recent rate and an ETA; while blocks are behind
// headers the manager logs it every Config.ProgressInterval (10 s).
//
// # Not implemented
//
// Core's headers pre-sync (anti-DoS minimum-work headers), the
// transaction request preference for outbound peers and its per-peer
// announcement limits beyond the in-flight bound, serving transactions
// only after announcing them (Core's privacy rule), eviction of peers
// with a worse chain, the noban/download permissions (getheaders is never
// answered in IBD), and the BIP157 filter messages.
//
// # Concurrency
//
// Every exported method is safe for concurrent use. OnMessage runs on each
// peer's read goroutine; one mutex guards the manager's state and is never
// held while calling the chain's writers or queueing to a peer. Chain
// notifications only wake the manager's goroutine, which announces tips.
package netsync
