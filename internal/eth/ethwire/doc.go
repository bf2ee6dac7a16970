// Package ethwire is the account chain's peer-to-peer message layer: eth/68's
// message set and RLP shapes, carried in twinchain's own framing over plain
// TCP (not devp2p/RLPx), and the EIP-2124 fork identifier.
//
// # Framing
//
// A frame is a 13-byte header — the magic "TCE1", a one-byte message code,
// the big-endian payload length and the first four bytes of
// keccak256(payload) — followed by the RLP payload. Payloads are limited to
// MaxMessageSize (10 MiB, geth's limit). ReadFrame reads one frame from an
// io.Reader, growing its buffer only as data arrives, so a header cannot
// make the reader allocate megabytes; AppendFrame and AppendMessage write
// one. A bad magic or an oversized length leaves the stream out of step
// (ErrBadMagic, ErrOversized); a bad checksum (ErrBadChecksum) comes after
// the payload was read.
//
// # Messages
//
// Each message is a struct implementing Message (Code, AppendRLP,
// DecodeRLP); NewMessage maps a code to an empty message and DecodeMessage
// decodes a payload by its code. The codes and shapes are eth/68's: Status,
// NewBlockHashes, Transactions, GetBlockHeaders/BlockHeaders,
// GetBlockBodies/BlockBodies, NewBlock, NewPooledTransactionHashes (types,
// sizes, hashes), GetPooledTransactions/PooledTransactions and
// GetReceipts/Receipts, requests and responses carrying eth/66 request ids.
// Ping, Pong and Disconnect (a devp2p reason code and a short text) replace
// devp2p's base protocol. Transactions travel in their block-body form (a
// typed transaction as an RLP string holding its EIP-2718 envelope), and so
// do typed receipts. Bodies are ethtypes.Body values; BlockBodies can also
// encode bodies kept as RLP (BlockBodies.Raw) so a server sends the stored
// bytes without re-encoding them.
//
// Decoding is strict (canonical RLP, no trailing bytes: whatever decodes
// re-encodes to the same bytes) and bounded: lists are counted before
// anything is allocated and capped at geth's soft limits — MaxHeaders
// (1024) headers, MaxBodies (256) bodies, MaxReceipts (256) receipt lists,
// MaxHashes (4096) announced or requested hashes — beyond which decoding
// fails with ErrTooMany. Decoded values never alias the payload.
//
// # Fork identifier (EIP-2124)
//
// A ForkSchedule gathers a chain configuration's fork points (block numbers,
// then timestamps; forks active at genesis are not forks) and their CRC32
// checksums once. ID returns the fork id at a head (FORK_HASH: CRC32 of the
// genesis hash and every passed fork point as a big-endian uint64;
// FORK_NEXT: the next fork point or 0), and Validate applies EIP-2124's
// rules to a remote fork id, failing with ErrRemoteStale or
// ErrLocalIncompatibleOrStale. NewForkID is the one-shot form.
//
// # Errors
//
// Errors are *MessageError values whose Kind (ErrBadMagic, ErrOversized,
// ErrBadChecksum, ErrUnknownCode, ErrMalformed, ErrTooMany) is matched with
// errors.Is; the underlying rlp or ethtypes error is reachable too. Fork id
// validation returns the kinds ErrRemoteStale and
// ErrLocalIncompatibleOrStale directly.
//
// # Concurrency
//
// The package is pure: no goroutines, clocks or I/O of its own (ReadFrame
// reads from the reader it is given). Messages are plain values; a
// ForkSchedule is immutable.
package ethwire
