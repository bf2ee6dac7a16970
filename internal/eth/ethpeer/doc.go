// Package ethpeer runs one account-chain peer connection: our own protocol
// between twinchain nodes over plain TCP, with ethwire's framing and eth/68's
// messages (see package ethwire), and the glue that lets the shared
// connection manager (internal/p2p/connmgr) run it on every connection.
//
// # Model
//
// New wraps a net.Conn; Start runs two goroutines and returns once the
// handshake is done (or failed):
//
//   - the reader sends our Status (protocol version 68, network id, total
//     difficulty, head, genesis, EIP-2124 fork id from ChainReader and
//     Config.Forks) and expects the remote's Status as the first message
//     within Config.HandshakeTimeout (5 s). Another protocol version,
//     network id, genesis, or a fork id that ethwire.ForkSchedule.Validate
//     rejects ends the connection with ErrIncompatible, after a Disconnect
//     message whose reason and text say why. Backend.PeerReady is then
//     called; an error disconnects. Afterwards the reader decodes messages
//     with the size limits (Config.MaxMessageSize, ethwire's list caps),
//     answers requests from the ChainReader with geth's serving limits
//     (1024 headers, about 2 MiB per answer), matches answers to our
//     requests, and passes announcements to the Backend, one message at a
//     time.
//   - the writer sends queued frames (control frames first, several frames
//     per write), pings every Config.PingInterval (15 s) and drops the peer
//     when a ping stays unanswered for Config.PongTimeout (20 s) or a write
//     takes longer than Config.WriteTimeout.
//
// The send queue is bounded (Config.SendQueueSize messages): the Send
// methods never block, and a peer whose queue is full is dropped
// (ErrSlowPeer) instead of being buffered for.
//
// # Requests
//
// RequestHeadersByNumber, RequestHeadersByHash, RequestBodies,
// RequestPooledTransactions and RequestReceipts send a request with a fresh
// eth/66 request id and block until the answer, the end of ctx, the
// request timeout (ErrRequestTimeout) or the peer's end (ErrDisconnected).
// The answer's shape is checked here: no more items than asked for, header
// numbers as asked and in order, the first header of a by-hash query being
// the origin, only requested pooled transactions. The content (links, PoW,
// body roots) is the sync's to check. An answer for an id that is not
// outstanding — never asked, already answered, or timed out — is
// misbehaviour; the late answer to a request whose ctx ended is dropped
// quietly.
//
// *Peer implements the ethsync.Peer interface of the contract between
// ethpeer and ethsync (interface_test.go keeps a copy to assert it).
//
// # Misbehaviour
//
// Misbehaving adds to a score; at MisbehaviorThreshold (100) the peer is
// disconnected (ErrMisbehaving) and, unless Config.NoBan, marked for
// discouragement (ShouldDiscourage). Malformed messages, wrongly shaped
// and unrequested answers score 100. Framing errors (bad magic, bad
// checksum, oversized frame) disconnect with ErrProtocol without
// discouraging.
//
// Known-block and known-transaction sets (Config.KnownBlocks,
// Config.KnownTxs; geth's 1024 and 32768) are bounded two-generation sets:
// what the peer announced or sent, and what we sent it.
//
// # Connection manager
//
// Handler.Handle is a connmgr.Handler: it builds a Peer per connection from
// a template Config (ID = the connmgr peer id in decimal; NoBan for manual
// connections; no transaction relay on block-relay-only ones), calls
// Established after the handshake, ends feelers at once (without telling
// the Backend), and, when the peer ended misbehaving, calls the function
// given to SetDiscourage (normally the manager's Discourage).
//
// # Errors
//
// Errors are *Error values (or ctx's error) whose ErrorKind is matched with
// errors.Is; Err tells why a peer ended.
//
// # Concurrency
//
// A Peer and a Handler are safe for concurrent use. Backend methods run on
// the peer's read goroutine; ChainReader methods on the read goroutines of
// all peers at once.
package ethpeer
