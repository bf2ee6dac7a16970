package wire

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// hashedPool is a TxSource with precomputed wtxids, as a mempool keeps them.
type hashedPool struct {
	txs    []*primitives.Tx
	wtxids []chainhash.Hash
}

func (p hashedPool) RangeTxs(fn func(*chainhash.Hash, *primitives.Tx) bool) {
	for i, tx := range p.txs {
		if !fn(&p.wtxids[i], tx) {
			return
		}
	}
}

func benchHeaders(b *testing.B) (*MsgHeaders, []byte) {
	gen := genesis(b)
	m := &MsgHeaders{Headers: make([]primitives.Header, MaxHeadersResults)}
	for i := range m.Headers {
		h := gen.Header
		h.Nonce = uint32(i)
		h.PrevBlock = hashN(i)
		m.Headers[i] = h
	}
	return m, m.Encode(nil)
}

// BenchmarkHeadersDecode decodes a full headers message (2,000 headers)
// into a reused message.
func BenchmarkHeadersDecode(b *testing.B) {
	_, p := benchHeaders(b)
	var m MsgHeaders
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Decode(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeadersEncode encodes 2,000 headers into a reused buffer.
func BenchmarkHeadersEncode(b *testing.B) {
	m, p := benchHeaders(b)
	buf := make([]byte, 0, len(p))
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		buf = m.Encode(buf[:0])
	}
}

func benchInv() (*MsgInv, []byte) {
	m := &MsgInv{List: make([]InvVect, MaxInvSize)}
	for i := range m.List {
		m.List[i] = InvVect{Type: InvWTx, Hash: hashN(i)}
	}
	return m, m.Encode(nil)
}

// BenchmarkInvDecode decodes an inv of 50,000 entries into a reused message.
func BenchmarkInvDecode(b *testing.B) {
	_, p := benchInv()
	var m MsgInv
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Decode(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInvEncode encodes an inv of 50,000 entries into a reused buffer.
func BenchmarkInvEncode(b *testing.B) {
	m, p := benchInv()
	buf := make([]byte, 0, len(p))
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		buf = m.Encode(buf[:0])
	}
}

// BenchmarkShortID computes one BIP152 short id (SipHash-2-4 of a wtxid).
func BenchmarkShortID(b *testing.B) {
	key := NewShortIDKey(&genesis(b).Header, 1)
	h := hashN(3)
	b.ReportAllocs()
	var sink uint64
	for b.Loop() {
		sink += key.ShortID(&h)
		h[0]++
	}
	_ = sink
}

// BenchmarkNewCmpctBlock builds the compact block of mainnet block 413567
// (1,557 txs): wtxids and short ids.
func BenchmarkNewCmpctBlock(b *testing.B) {
	blk, _ := loadBlock(b, "bitcoin-core", "block413567.raw")
	b.ReportAllocs()
	for b.Loop() {
		NewCmpctBlock(blk, 1)
	}
}

// BenchmarkPartialBlock starts reconstruction of block 413567 against a
// mempool holding all its transactions (the hot path of block relay).
func BenchmarkPartialBlock(b *testing.B) {
	blk, _ := loadBlock(b, "bitcoin-core", "block413567.raw")
	cb := NewCmpctBlock(blk, 1)
	pool := hashedPool{txs: blk.Txs[1:], wtxids: blk.WitnessHashes()[1:]}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewPartialBlock(cb, pool, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadMessageBlock reads and decodes a framed 1 MB block (mainnet
// 413567) from a reader, as a peer does.
func BenchmarkReadMessageBlock(b *testing.B) {
	blk, raw := loadBlock(b, "bitcoin-core", "block413567.raw")
	framed := AppendMessage(nil, mainMagic, &MsgBlock{Block: blk, Raw: raw})
	r := bytes.NewReader(framed)
	b.SetBytes(int64(len(framed)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(framed)
		if _, _, err := ReadMessage(r, mainMagic); err != nil {
			b.Fatal(err)
		}
	}
}
