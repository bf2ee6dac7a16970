// Package wire is Bitcoin's peer-to-peer message layer at protocol version
// 70016: the message framing and every message a modern Bitcoin Core peer
// exchanges for block and transaction relay, with Core's limits.
//
// # Framing
//
// A message is a 24-byte header — network magic (chaincfg.Params.NetMagic),
// a 12-byte NUL-padded command, the payload length and the first four bytes
// of SHA256d(payload) — followed by the payload. ReadMessage reads and
// decodes one message from an io.Reader; WriteMessage and AppendMessage
// frame one. Core accepts payloads of at most MaxProtocolMessageLength
// (4,000,000 bytes) for every command — a block fits, the largest serialized
// block being 4,000,000 bytes — and so does ReadMessage; ReadMessageLimit
// takes another limit, capped at MaxMessagePayload (32 MiB). The payload
// buffer grows with the data actually received, so a header cannot make the
// reader allocate megabytes in advance.
//
// # Messages
//
// Each message is a struct implementing Message: Command, Encode (append
// style: Encode(b) appends the payload to b) and Decode. NewMessage maps a
// command to an empty message. Implemented: version, verack, ping, pong,
// addr, addrv2 and sendaddrv2 (BIP155), getaddr, inv, getdata, notfound,
// getheaders, getblocks, headers, block, tx, mempool, sendheaders (BIP130),
// feefilter (BIP133), wtxidrelay (BIP339), sendcmpct, cmpctblock, getblocktxn
// and blocktxn (BIP152), getcfilters, cfilter, getcfheaders, cfheaders,
// getcfcheckpt and cfcheckpt (BIP157). Not implemented, because Core no
// longer serves or uses them by default: the BIP37 bloom messages (filterload,
// filteradd, filterclear, merkleblock) and reject (removed from Core in
// 0.20); an unknown command decodes as ErrUnknownCommand, which a peer
// ignores, as Core does.
//
// Decoders use the byte-exact, zero-copy codec of package primitives for
// headers, transactions and blocks: decoded values alias the payload. Every
// count is checked against Core's MAX_* limit (ErrTooMany) and against the
// bytes that remain before anything is allocated (ErrMalformed), so hostile
// input cannot cause a panic or an allocation larger than the payload.
// Decoders reject trailing bytes, except version's (Core reads its optional
// fields only while bytes remain and ignores the rest). Where Core is lenient
// on a value — the transaction count after each header in headers, a bool
// byte other than 0 or 1 — so is this package, so such messages re-encode in
// canonical form rather than byte for byte; every other message round-trips
// exactly.
//
// # Compact blocks
//
// BIP152 short ids are the low 48 bits of SipHash-2-4 of a wtxid keyed by
// SHA256(header || nonce) (NewShortIDKey, ShortIDKey.ShortID; SipHash24 is
// the plain function). NewCmpctBlock builds the compact block Core sends;
// NewPartialBlock and PartialBlock.FillBlock rebuild a block from a
// cmpctblock, a mempool (the TxSource interface) and a blocktxn, as Core's
// PartiallyDownloadedBlock, with its ErrCmpctInvalid/ErrCmpctFailed outcomes.
//
// # Errors
//
// Every error is a *MessageError whose Kind is an ErrorKind; test it with
// errors.Is(err, wire.ErrBadChecksum) and read the command with errors.As.
// See the ErrorKind constants for which errors leave the stream in step.
//
// The package is pure: no network, clock, randomness or global state; times
// and nonces are values supplied by the caller. Functions are safe for
// concurrent use on distinct values.
package wire
