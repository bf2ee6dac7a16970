package wire

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BlockLocator is a list of block hashes, dense near the tip and sparse
// towards genesis, at most MaxLocatorSize of them.
type BlockLocator []chainhash.Hash

// getBlocksBody is the payload shared by getheaders and getblocks: a version
// (Core writes its protocol version and ignores the received one), the
// locator and the stop hash (zero: as many as allowed).
type getBlocksBody struct {
	Version  uint32
	Locator  BlockLocator
	HashStop chainhash.Hash
}

func (g *getBlocksBody) encode(b []byte) []byte {
	b = appendU32(b, g.Version)
	b = primitives.AppendCompactSize(b, uint64(len(g.Locator)))
	for i := range g.Locator {
		b = append(b, g.Locator[i][:]...)
	}
	return append(b, g.HashStop[:]...)
}

func (g *getBlocksBody) decode(cmd string, p []byte) error {
	d := decoder{cmd: cmd, b: p}
	g.Version = d.u32("version")
	n := d.count("locator", MaxLocatorSize, chainhash.HashSize)
	if d.err != nil {
		return d.err
	}
	g.Locator = make(BlockLocator, n)
	for i := range g.Locator {
		g.Locator[i] = d.hash("locator hash")
	}
	g.HashStop = d.hash("stop hash")
	return d.finish()
}

// MsgGetHeaders asks for up to MaxHeadersResults headers after the first
// locator hash on the peer's best chain, up to HashStop.
type MsgGetHeaders struct {
	Version  uint32
	Locator  BlockLocator
	HashStop chainhash.Hash
}

// Command returns "getheaders".
func (*MsgGetHeaders) Command() string { return CmdGetHeaders }

// Encode appends the payload.
func (m *MsgGetHeaders) Encode(b []byte) []byte { return (*getBlocksBody)(m).encode(b) }

// Decode reads the payload; a locator above MaxLocatorSize is ErrTooMany
// (Core disconnects).
func (m *MsgGetHeaders) Decode(p []byte) error { return (*getBlocksBody)(m).decode(CmdGetHeaders, p) }

// MsgGetBlocks asks for an inv of up to 500 blocks after the first locator
// hash on the peer's best chain, up to HashStop.
type MsgGetBlocks struct {
	Version  uint32
	Locator  BlockLocator
	HashStop chainhash.Hash
}

// Command returns "getblocks".
func (*MsgGetBlocks) Command() string { return CmdGetBlocks }

// Encode appends the payload.
func (m *MsgGetBlocks) Encode(b []byte) []byte { return (*getBlocksBody)(m).encode(b) }

// Decode reads the payload; a locator above MaxLocatorSize is ErrTooMany.
func (m *MsgGetBlocks) Decode(p []byte) error { return (*getBlocksBody)(m).decode(CmdGetBlocks, p) }

// MsgHeaders carries up to MaxHeadersResults block headers. On the wire each
// header is followed by a transaction count, which is written as 0 and, as
// in Core, read and ignored.
type MsgHeaders struct {
	Headers []primitives.Header
}

// Command returns "headers".
func (*MsgHeaders) Command() string { return CmdHeaders }

// Encode appends the payload.
func (m *MsgHeaders) Encode(b []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(m.Headers)))
	b = growBy(b, len(m.Headers)*(primitives.HeaderSize+1))
	for i := range m.Headers {
		b = append(m.Headers[i].AppendTo(b), 0)
	}
	return b
}

// Decode reads the payload, reusing m.Headers' storage when large enough;
// more than MaxHeadersResults headers is ErrTooMany.
func (m *MsgHeaders) Decode(p []byte) error {
	d := decoder{cmd: CmdHeaders, b: p}
	n := d.count("headers", MaxHeadersResults, primitives.HeaderSize+1)
	if d.err != nil {
		return d.err
	}
	if cap(m.Headers) < n {
		m.Headers = make([]primitives.Header, n)
	}
	m.Headers = m.Headers[:n]
	for i := range m.Headers {
		m.Headers[i] = d.header("header")
		d.compactSize("tx count")
	}
	if err := d.finish(); err != nil {
		m.Headers = m.Headers[:0]
		return err
	}
	return nil
}
