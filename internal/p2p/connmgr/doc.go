// Package connmgr is the connection manager shared by both chains: a
// behavioural port of Bitcoin Core's CConnman (net.cpp), BanMan (banman.cpp)
// and inbound eviction (node/eviction.cpp). It knows nothing about any
// chain's messages: the node hands it a Handler that runs a protocol on
// each established net.Conn.
//
// # Model
//
// A Manager owns listeners, the set of connections (Peer) and four loops:
//
//   - accept, one per listener: an inbound connection is dropped when the
//     network is inactive or its address is banned; a discouraged address
//     is accepted only while at least two inbound slots are free (and is
//     then the first to be evicted). With every slot taken, an inbound peer
//     is evicted first (SelectNodeToEvict) or the newcomer is dropped.
//     Inbound slots are MaxConnections minus the automatic outbound ones
//     (8 full-relay + 2 block-relay-only + 1 feeler), 114 by default;
//     manual connections (at most 8) come on top, as in Core.
//   - outbound (Core's ThreadOpenConnections): every 500 ms it opens one
//     connection when the full-relay (8) or block-relay-only (2) target is
//     not met, or when the Poisson feeler timer (mean 2 min) fires. The
//     address comes from the AddrBook (the addrmgr): one outbound
//     connection per network group (NetGroup: /16 for IPv4, injectable),
//     no address tried in the last ten minutes for the first 30 draws, none
//     that is ours (Config.IsLocal), banned, discouraged, an added node or
//     already connected. Feelers test new-table addresses (or the incumbent
//     of a tried-table collision) and the handler ends them after the
//     handshake. Queued -seednode names become addr-fetch connections.
//     Fixed seeds are added when the book is still empty after a minute
//     (at once without DNS seeds, seed nodes or added nodes). With
//     Config.Connect only those names are connected (as manual
//     connections), with a growing back-off, and nothing automatic runs.
//   - added nodes (ThreadOpenAddedConnections): -addnode and addnode "add"
//     names are connected as manual connections, retried 60 s after an
//     attempt.
//   - DNS seeds (ThreadDNSAddressSeed): queried at once when the book is
//     empty, otherwise after 11 s (5 min with 1000 addresses) per batch of
//     three unless two full-relay peers are up by then.
//
// Each connection runs Config.Handler in its own goroutine with a context
// cancelled on disconnection (the conn is closed too). The handler calls
// Peer.Established after the handshake: for outbound peers the address is
// then marked good in the book (moved to tried); when the connection ends,
// its last-seen time is refreshed (except block-relay-only peers). The
// handler returns an Outcome with a reason and whether to count a failure.
// Dials record an attempt in the book; failures count only when at least
// two outbound groups are connected, so our own outage spares the book.
//
// # Bans and discouragement
//
// BanList holds subnet bans with creation and end times (setban, listbanned,
// clearbanned) and a bounded two-generation set of discouraged addresses
// (misbehaviour). Bans are persisted in banlist.json, Core ≥ 22's JSON
// format ({"banned_nets": [{"version", "ban_created", "banned_until",
// "address"}]}), written atomically on every change, every 15 minutes when
// dirty, and at Stop. The file is read as hostile input: entries of an
// unknown version or with an unparseable subnet are dropped; a file that is
// not such JSON is reported as ErrBanlistCorrupt and the list starts empty,
// as Core's "Recreating the banlist database".
//
// # RPC support
//
// ConnectionCount, Peers, AddNode (add/remove/onetry), AddedNodes,
// DisconnectNode/DisconnectNodeByID, Ban/Unban/ListBanned/ClearBanned,
// SetNetworkActive and NetTotals back the getconnectioncount, getpeerinfo,
// addnode, getaddednodeinfo, disconnectnode, setban, listbanned,
// clearbanned, setnetworkactive and getnettotals RPCs; errors carry Core's
// messages and their RPC codes (ErrorKind.RPCCode).
//
// # Errors
//
// Errors are *Error values whose kind (ErrNodeAlreadyAdded,
// ErrNodeNotAdded, ErrNodeNotConnected, ErrInvalidSubnet,
// ErrAlreadyBanned, ErrNotBanned, ErrInvalidParameter, ErrInvalidAddress,
// ErrBanlistCorrupt, ErrNotRunning) is matched with errors.Is.
//
// # Concurrency
//
// A Manager and a BanList are safe for concurrent use. Stop closes the
// listeners, cancels dials, disconnects every peer and waits for every
// goroutine the manager started, handlers included.
//
// Not implemented: anchors.dat (block-relay-only peers kept across
// restarts), extra outbound peers on stale tips and the extra
// block-relay-only rotation, bad-port avoidance, -whitebind permissions
// (other than the NoBan eviction statistic), proxies (the Dialer may
// provide one), non-IP subnets in bans, and Core's non-CIDR netmasks.
package connmgr
