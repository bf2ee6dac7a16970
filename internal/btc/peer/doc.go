// Package peer runs one Bitcoin P2P connection the way Bitcoin Core's
// net.cpp and net_processing.cpp handle a peer: the version handshake,
// feature negotiation, keep-alive pings, timeouts, a bounded send queue and
// trickled inventory announcements. It is given a net.Conn and knows
// nothing about how connections are made, counted or evicted (that is
// package connmgr's job) nor about the chain (the node's Handler).
//
// # Lifecycle
//
// New(conn, cfg, inbound) builds a Peer; Start(ctx) starts a reader and a
// writer goroutine and returns once the handshake is complete, or with the
// error that ended it. The peer then runs until Disconnect, a protocol
// error, a timeout, misbehaviour or the cancellation of ctx; Done is closed
// when both goroutines have exited and Err tells why (an *Error whose kind
// errors.Is matches: ErrRequested, ErrTimeout, ErrMisbehaving, ...).
//
// # Handshake
//
// An outbound peer sends version first; an inbound peer waits for the
// remote's. On the remote's version the peer checks the protocol version
// against Config.MinProtocolVersion (Core's MIN_PEER_PROTO_VERSION, 31800:
// "using obsolete version"), the services of outbound peers against
// Config.RequiredServices, and, for inbound peers, the nonce against the
// node's NonceSet of pending outbound nonces (self-connection). It then
// sends, as Core does, wtxidrelay and sendaddrv2 (only when the common
// version is at least 70016) and verack. The remote's wtxidrelay and
// sendaddrv2 count only between its version and verack; after verack they
// disconnect the peer (Core: "received after verack"). Any other message
// before verack is ignored, as Core does since 0.21. On verack the peer
// sends sendcmpct (version 2, low-bandwidth; choosing high-bandwidth peers
// is the node's business) when the common version is at least 70014, and
// feefilter (Config.FeeFilter) when we relay transactions. sendheaders is
// not sent at verack: Core sends it once its headers chain has the minimum
// chain work, so the node calls MaybeSendSendHeaders at that point; later
// fee filters and the choice of BIP152 high-bandwidth peers are the node's
// too (SetFeeFilter, SetHighBandwidth). The
// whole exchange must finish within Config.HandshakeTimeout (60 s). Our
// version's relay flag is false on block-relay-only connections and with
// Config.BlocksOnly. What the remote negotiated is in Remote (RemoteInfo).
//
// # Reading
//
// Messages are read with wire.ReadMessage (Core's 4,000,000-byte limit). A
// wrong magic or an oversized header disconnects (ErrProtocol), because
// the stream is out of step. A bad checksum or an invalid command field
// drops the message, as Core's V1Transport (v26+) does, and an unknown
// command is ignored. A payload that fails to decode (wire.ErrMalformed) or
// exceeds a count limit (wire.ErrTooMany: inv, getdata, addr, headers,
// locator) is misbehaviour. Core punishes the count violations too but only
// logs and drops a payload whose deserialization throws; we punish both,
// so a peer sending garbage is discouraged rather than left to waste
// bandwidth. The peer handles version, verack, wtxidrelay, sendaddrv2,
// sendheaders, sendcmpct, feefilter, ping and pong itself; everything else
// goes, in order, to Config.Handler's single OnMessage method on the read
// goroutine (the node type-switches on the message; one method keeps the
// interface small and the dispatch table in one place). addr is converted
// to *wire.MsgAddrV2, so the node sees one address type.
//
// # Writing
//
// One writer goroutine owns the connection's write side. It has two lanes:
// a high-priority one for the peer's own control messages (handshake,
// pong, sendcmpct, feefilter, sendheaders), always drained first, and a
// normal lane bounded by Config.SendQueueSize. QueueMessage and
// QueueFramed block while the normal lane is full (back-pressure: a
// handler serving getdata stops reading from a peer that does not read, as
// Core stops processing a peer whose send buffer is full); TryQueueMessage
// fails with ErrQueueFull instead. Whatever is waiting in the lanes is
// coalesced into one write of up to 256 KiB, and a pre-framed message of
// 64 KiB or more (a block from QueueFramed) is written from the caller's
// buffer without a copy; the read side is buffered, so small messages cost
// no system call each. Each write has a deadline of Config.IdleTimeout
// (Core's send timeout).
//
// QueueInventory announces blocks at once and trickles transactions on a
// Poisson timer (mean 5 s for inbound peers, 2 s for outbound, Core's
// INBOUND/OUTBOUND_INVENTORY_BROADCAST_INTERVAL; Core shares one timer
// among all inbound peers, we keep one per peer), at most 35 per trickle
// plus 5 per 1,000 waiting, up to 1,000. A per-peer rolling known-inventory
// set (what the peer announced to us, what we announced to it, and what
// the node records with AddKnownInventory — it should record the txid and
// wtxid of every tx and the hash of every block the peer sends, as Core's
// AddKnownTx does) suppresses duplicates, and the
// peer's feefilter is applied at announcement time through Config.FeeRate.
//
// # Keep-alive and timeouts
//
// After the handshake the writer pings at once and then every
// Config.PingInterval (2 min) with a random nonce, and records the last and
// the minimum round trip; a pong with another nonce is ignored and one with
// nonce zero cancels the ping, as in Core. As Core's InactivityCheck, the
// peer is disconnected (ErrTimeout) when nothing was received or sent for
// Config.IdleTimeout (TIMEOUT_INTERVAL, 20 min) or a ping stays unanswered
// as long.
//
// # Misbehaviour
//
// Misbehaving follows Core since 25.0: no score threshold; the peer is
// marked for discouragement (ShouldDiscourage, read by the node's ban
// manager) and disconnected at once, unless it has the noban permission or
// is a manual connection, which are only logged. The howmuch argument adds
// to MisbehaviorScore for callers that still show a score.
//
// # Statistics
//
// Stats returns what getpeerinfo needs: bytes sent and received in total
// and per command (header included, "*other*" for unknown messages), last
// send and receive, ping times, the remote's version fields, the
// connection type, and the synced_headers/synced_blocks heights the node
// sets with SetSyncedHeaders and SetSyncedBlocks.
//
// # Concurrency
//
// Every exported method is safe for concurrent use. Handler.OnMessage runs
// on the peer's read goroutine and may call any method of the peer,
// including blocking QueueMessage calls.
package peer
