package blockstore

import (
	"crypto/sha256"
	"fmt"
	"math"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TxUndo holds the coins a transaction spent, one per input in input order
// (Core's CTxUndo).
type TxUndo struct {
	Coins []primitives.Coin
}

// BlockUndo holds the undo data of a block: one TxUndo per transaction
// except the coinbase, in block order (Core's CBlockUndo).
type BlockUndo struct {
	Txs []TxUndo
}

// minCoinUndoSize is the smallest TxInUndo: a one-byte code, amount and
// script size (the dummy version is absent at height 0).
const minCoinUndoSize = 3

// SerializeSize returns the length of u's serialization.
func (u *BlockUndo) SerializeSize() int {
	n := primitives.CompactSizeLen(uint64(len(u.Txs)))
	for i := range u.Txs {
		n += primitives.CompactSizeLen(uint64(len(u.Txs[i].Coins)))
		for j := range u.Txs[i].Coins {
			n += coinUndoSize(&u.Txs[i].Coins[j])
		}
	}
	return n
}

func varIntLen(n uint64) int {
	l := 1
	for n > 0x7f {
		n = (n >> 7) - 1
		l++
	}
	return l
}

func coinUndoSize(c *primitives.Coin) int {
	n := varIntLen(coinCode(c))
	if c.Height > 0 {
		n++
	}
	n += varIntLen(primitives.CompressAmount(uint64(c.Out.Value)))
	// Only scripts of 23, 25, 35 and 67 bytes can take a special form;
	// size those by encoding into a stack buffer.
	if l := len(c.Out.ScriptPubKey); l <= 67 {
		var tmp [80]byte
		return n + len(primitives.AppendCompressedScript(tmp[:0], c.Out.ScriptPubKey))
	}
	return n + varIntLen(uint64(len(c.Out.ScriptPubKey))+6) + len(c.Out.ScriptPubKey)
}

func coinCode(c *primitives.Coin) uint64 {
	code := uint64(c.Height) << 1
	if c.IsCoinBase {
		code |= 1
	}
	return code
}

// appendCoinUndo appends Core's TxInUndoFormatter serialization of c.
func appendCoinUndo(b []byte, c *primitives.Coin) []byte {
	b = primitives.AppendVarInt(b, coinCode(c))
	if c.Height > 0 {
		b = append(b, 0) // legacy dummy version, VARINT(0)
	}
	b = primitives.AppendVarInt(b, primitives.CompressAmount(uint64(c.Out.Value)))
	return primitives.AppendCompressedScript(b, c.Out.ScriptPubKey)
}

// AppendTo appends the CBlockUndo serialization of u (see schema.go).
func (u *BlockUndo) AppendTo(b []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(u.Txs)))
	for i := range u.Txs {
		coins := u.Txs[i].Coins
		b = primitives.AppendCompactSize(b, uint64(len(coins)))
		for j := range coins {
			b = appendCoinUndo(b, &coins[j])
		}
	}
	return b
}

// DecodeBlockUndo decodes a CBlockUndo that fills b exactly. Counts are
// checked against the bytes that remain before anything is allocated.
func DecodeBlockUndo(b []byte) (*BlockUndo, error) {
	u, n, err := decodeBlockUndo(b)
	if err != nil {
		return nil, err
	}
	if n != len(b) {
		return nil, makeError(ErrMalformed, "CBlockUndo: %d bytes after the record", len(b)-n)
	}
	return u, nil
}

func decodeBlockUndo(b []byte) (*BlockUndo, int, error) {
	d := decoder{b: b}
	ntx := d.compactSize("undo tx count")
	// Every CTxUndo takes at least one byte.
	if d.err == nil && ntx > uint64(d.remaining()) {
		d.err = fmt.Errorf("undo tx count %d: %w", ntx, primitives.ErrTooMany)
	}
	if d.err != nil {
		return nil, 0, wrapError(ErrMalformed, d.err, "CBlockUndo")
	}
	u := &BlockUndo{Txs: make([]TxUndo, ntx)}
	for i := range u.Txs {
		ncoins := d.compactSize("undo coin count")
		if d.err == nil && ncoins > uint64(d.remaining()/minCoinUndoSize) {
			d.err = fmt.Errorf("undo coin count %d: %w", ncoins, primitives.ErrTooMany)
		}
		if d.err != nil {
			return nil, 0, wrapError(ErrMalformed, d.err, "CBlockUndo tx %d", i)
		}
		coins := make([]primitives.Coin, ncoins)
		for j := range coins {
			if err := decodeCoinUndo(&d, &coins[j]); err != nil {
				return nil, 0, wrapError(ErrMalformed, err, "CBlockUndo tx %d coin %d", i, j)
			}
		}
		u.Txs[i].Coins = coins
	}
	return u, d.off, nil
}

// decodeCoinUndo reads one TxInUndo as Core's TxInUndoFormatter::Unser.
func decodeCoinUndo(d *decoder, c *primitives.Coin) error {
	code := d.varint(maxUint32, "undo coin code")
	c.Height, c.IsCoinBase = uint32(code>>1), code&1 == 1
	if c.Height > 0 {
		d.varint(maxUint32, "undo coin dummy version")
	}
	camount := d.varint(maxUint64, "undo coin amount")
	if d.err != nil {
		return d.err
	}
	amount, ok := decompressAmount(camount)
	if !ok {
		return primitives.ErrBadCompressedAmount
	}
	c.Out.Value = int64(amount)
	script, n, err := primitives.ReadCompressedScript(d.b[d.off:])
	if err != nil {
		return err
	}
	d.off += n
	c.Out.ScriptPubKey = script
	return nil
}

// decompressAmount inverts primitives.CompressAmount and reports whether the
// amount fits in an int64 (only corrupt data does not).
func decompressAmount(x uint64) (uint64, bool) {
	if x == 0 {
		return 0, true
	}
	x--
	e := x % 10
	x /= 10
	var n uint64
	if e < 9 {
		d := x%9 + 1
		x /= 9
		if x > (math.MaxInt64-9)/10 {
			return 0, false
		}
		n = x*10 + d
	} else {
		if x >= math.MaxInt64 {
			return 0, false
		}
		n = x + 1
	}
	for ; e > 0; e-- {
		if n > math.MaxInt64/10 {
			return 0, false
		}
		n *= 10
	}
	return n, true
}

// UndoChecksum returns the checksum Core stores after undo data:
// SHA256d(prevHash || undo), where prevHash is the hash of the parent of
// the block the undo data belongs to.
func UndoChecksum(prevHash chainhash.Hash, undo []byte) chainhash.Hash {
	h := sha256.New()
	h.Write(prevHash[:])
	h.Write(undo)
	var first [sha256.Size]byte
	h.Sum(first[:0])
	return sha256.Sum256(first[:])
}
