package utxoset

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TxUndo holds the coins a transaction's inputs spent, in input order
// (Core's CTxUndo).
type TxUndo struct {
	PrevOuts []primitives.Coin
}

// BlockUndo holds the undo data of a block: one TxUndo per transaction after
// the coinbase (Core's CBlockUndo). It is what rev files store.
type BlockUndo struct {
	Txs []TxUndo
}

// minUndoCoinSize is the smallest serialized undo coin: a one-byte code
// (height zero, so no version byte), a one-byte amount and a one-byte script
// type with an empty raw script.
const minUndoCoinSize = 3

// AppendTo appends Core's serialization of the block undo data, as written
// to rev files (before the checksum): a compact-size count of transaction
// records, each a compact-size count of coins, each coin in Core's
// TxInUndoFormatter form: VARINT(height*2+coinbase), a zero byte (the
// version placeholder older releases read) when the height is not zero, then
// VARINT(compressed amount) and the compressed script.
func (u *BlockUndo) AppendTo(b []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(u.Txs)))
	for i := range u.Txs {
		b = primitives.AppendCompactSize(b, uint64(len(u.Txs[i].PrevOuts)))
		for j := range u.Txs[i].PrevOuts {
			b = appendUndoCoin(b, &u.Txs[i].PrevOuts[j])
		}
	}
	return b
}

// SerializeSize returns the length of AppendTo's output.
func (u *BlockUndo) SerializeSize() int {
	return len(u.AppendTo(nil))
}

func appendUndoCoin(b []byte, c *primitives.Coin) []byte {
	code := uint64(c.Height) << 1
	if c.IsCoinBase {
		code |= 1
	}
	b = primitives.AppendVarInt(b, code)
	if c.Height > 0 {
		b = append(b, 0)
	}
	b = primitives.AppendVarInt(b, primitives.CompressAmount(uint64(c.Out.Value)))
	return primitives.AppendCompressedScript(b, c.Out.ScriptPubKey)
}

// DecodeBlockUndo decodes a block's undo data serialized by AppendTo. Every
// count is checked against the bytes that remain before anything is
// allocated; the scripts are copied into one buffer, so the result does not
// alias b. Trailing bytes are an error.
func DecodeBlockUndo(b []byte) (*BlockUndo, error) {
	ntx, n, err := primitives.ReadCompactSize(b)
	if err != nil {
		return nil, makeError(ErrCorrupt, "undo: transaction count: %v", err)
	}
	b = b[n:]
	if ntx > uint64(len(b)) {
		return nil, makeError(ErrCorrupt, "undo: %d transaction records in %d bytes", ntx, len(b))
	}
	u := &BlockUndo{Txs: make([]TxUndo, ntx)}
	var (
		coins   []primitives.Coin
		scripts []byte
		a       scriptArena
		e       entry
	)
	for i := range u.Txs {
		nin, n, err := primitives.ReadCompactSize(b)
		if err != nil {
			return nil, makeError(ErrCorrupt, "undo: tx %d: input count: %v", i, err)
		}
		b = b[n:]
		if nin > uint64(len(b)/minUndoCoinSize) {
			return nil, makeError(ErrCorrupt, "undo: tx %d: %d coins in %d bytes", i, nin, len(b))
		}
		if uint64(cap(coins)-len(coins)) < nin {
			// One allocation for the rest of the block where possible.
			coins = make([]primitives.Coin, 0, max(nin, uint64(len(b)/minUndoCoinSize/4)))
		}
		start := len(coins)
		for j := uint64(0); j < nin; j++ {
			used, err := decodeUndoCoin(b, &e, &a)
			if err != nil {
				return nil, makeError(ErrCorrupt, "undo: tx %d coin %d: %v", i, j, err)
			}
			b = b[used:]
			var c primitives.Coin
			c, scripts, err = e.appendCoin(scripts, &a)
			if err != nil {
				return nil, makeError(ErrCorrupt, "undo: tx %d coin %d: %v", i, j, err)
			}
			a.reset()
			coins = append(coins, c)
		}
		u.Txs[i].PrevOuts = coins[start:len(coins):len(coins)]
	}
	if len(b) != 0 {
		return nil, makeError(ErrCorrupt, "undo: %d trailing bytes", len(b))
	}
	return u, nil
}

// decodeUndoCoin reads one TxInUndoFormatter coin into e and returns the
// bytes used.
func decodeUndoCoin(b []byte, e *entry, a *scriptArena) (int, error) {
	code, used, err := primitives.ReadVarInt(b)
	if err != nil {
		return 0, err
	}
	if err := e.setCode(code); err != nil {
		return 0, err
	}
	if e.height > 0 {
		// The version placeholder: any VARINT, ignored.
		_, n, err := primitives.ReadVarInt(b[used:])
		if err != nil {
			return 0, err
		}
		used += n
	}
	n, err := e.decodeOut(b[used:], a)
	return used + n, err
}
