// Package ethsync keeps the account chain in step with its peers and
// propagates blocks and transactions, as geth's downloader, block fetcher
// and transaction broadcaster do, over the Peer interface that
// internal/eth/ethpeer implements.
//
// # Sync
//
// A Syncer syncs whenever a registered peer's head total difficulty is
// above ours (on AddPeer, on a propagated block with an unknown parent and
// every Config.ForceSync). A sync from peer p:
//
//  1. asks p for its head header by hash (its number is the target);
//  2. finds the common ancestor: the 64 headers below min(our head, the
//     target), then a binary search with single headers below them;
//  3. downloads the headers above the ancestor from p in batches of
//     HeaderBatch (192), checking that their numbers and parent links form
//     one chain (a broken chain penalises p and ends the sync);
//  4. downloads the bodies of the blocks whose headers say they are not
//     empty in tasks of at most BodyBatch (128) blocks from every peer at
//     once: each peer's worker takes the lowest waiting task; each body is
//     checked against its header (uncle hash, transactions root,
//     withdrawals root: ethchain.ValidateBody) and a bad one penalises the
//     peer and puts the task back for the others; a request that times out
//     (RequestTimeout) penalises the peer lightly and reassigns its task;
//     an empty answer marks the task as one that peer cannot serve;
//  5. inserts the blocks in order while the download goes on
//     (InsertChain of each completed run); a block the chain rejects
//     penalises p, whose headers committed to it.
//
// At most MaxAhead blocks wait for insertion, so memory stays bounded on a
// long sync. Progress reports the sync for eth_syncing. After a sync the new
// head's hash is announced to the peers that do not know it.
//
// # Propagation
//
// BroadcastBlock sends a new block whole to the square root of the peers
// that do not know it and its hash to the others. HandleNewBlock imports a
// propagated block whose parent we have (side blocks too: they are uncle
// candidates) and relays it; with an unknown parent it starts a sync if the
// peer is heavier. HandleNewBlockHashes fetches announced blocks (header
// by hash, then body) from the announcing peer. BroadcastTxs sends each
// transaction whole to the square root of the peers that do not know it
// and announces it to the others; HandleTransactions adds to the pool;
// HandleTxHashes requests the announced transactions the pool lacks, in
// bounded requests.
//
// # Misbehaviour
//
// Scores follow ethpeer's scale, where 100 disconnects and discourages: 100
// for invalid data (bad header chain, bad body, invalid block, unrequested
// transactions), 20 for a timed-out request, 5 for a useless answer.
//
// # Concurrency
//
// A Syncer is safe for concurrent use; the handlers may be called from
// the peers' read loops (they do not block on the network: fetches run on
// the syncer's goroutines). Stop ends every goroutine it started.
package ethsync
