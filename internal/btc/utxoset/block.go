package utxoset

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// ApplyBlock updates c with block at height, as Core's ConnectBlock does
// through UpdateCoins: transaction by transaction, it spends the inputs
// (except the coinbase's) and then adds the outputs, skipping unspendable
// ones (OP_RETURN, or scripts over 10,000 bytes). Coinbase outputs are added
// with possibleOverwrite, which is how Core lets the two pre-BIP30 duplicate
// coinbases (mainnet blocks 91842 and 91880) replace the earlier ones;
// other outputs are FRESH. It sets c's best block to the block's hash and
// returns the undo data: every spent coin, in input order.
//
// ApplyBlock checks no consensus rule beyond the existence of the spent
// coins and the coinbase being first and alone (ErrBadBlock otherwise): the caller checks amounts, maturity, scripts and BIP30 (HaveCoin on
// each output before applying) from the block and the returned undo data.
// The genesis block must not be applied (its coinbase is not spendable and
// Core never adds it).
//
// A missing or spent input fails with an error wrapping ErrMissingCoin
// (Core's "bad-txns-inputs-missingorspent"); an output over an unspent coin
// without possibleOverwrite fails with ErrOverwriteUnspent. On any error
// the changes already made are reverted, so c holds the same coins as before
// (some entries may be left DIRTY, which only costs a redundant write).
//
// This function MUST be called with the chain lock held.
func ApplyBlock(c *Cache, block *primitives.Block, height uint32) (*BlockUndo, error) {
	nin := 0
	for i, tx := range block.Txs {
		if tx.IsCoinBase() != (i == 0) {
			what := "the first transaction is not a coinbase"
			if i > 0 {
				what = fmt.Sprintf("transaction %d is a second coinbase", i)
			}
			return nil, makeError(ErrBadBlock, "block %s: %s", block.BlockHash(), what)
		}
		if i > 0 {
			nin += len(tx.Inputs)
		}
	}
	if len(block.Txs) == 0 {
		return nil, makeError(ErrBadBlock, "block %s has no transactions", block.BlockHash())
	}
	txids := block.TxHashes()
	undo := &BlockUndo{Txs: make([]TxUndo, len(block.Txs)-1)}
	coins := make([]primitives.Coin, nin)
	scripts := make([]byte, 0, nin*26) // a P2PKH/P2WPKH-sized guess
	k := 0
	for i, tx := range block.Txs {
		coinbase := i == 0
		if !coinbase {
			prev := coins[k : k+len(tx.Inputs) : k+len(tx.Inputs)]
			for j := range tx.Inputs {
				var err error
				prev[j], scripts, err = c.SpendCoin(tx.Inputs[j].PrevOut, scripts)
				if err != nil {
					revertPartial(c, block, txids, undo, i, prev[:j], 0)
					if errors.Is(err, ErrMissingCoin) {
						return nil, makeError(ErrMissingCoin, "block %s tx %s input %d spends %v, which is missing or spent",
							block.BlockHash(), txids[i], j, tx.Inputs[j].PrevOut)
					}
					return nil, err
				}
			}
			undo.Txs[i-1].PrevOuts = prev
			k += len(tx.Inputs)
		}
		for o := range tx.Outputs {
			coin := primitives.Coin{Out: tx.Outputs[o], Height: height, IsCoinBase: coinbase}
			op := primitives.OutPoint{Hash: txids[i], Index: uint32(o)}
			if err := c.AddCoin(op, &coin, coinbase); err != nil {
				var spent []primitives.Coin
				if !coinbase {
					spent = undo.Txs[i-1].PrevOuts
				}
				revertPartial(c, block, txids, undo, i, spent, o)
				return nil, fmt.Errorf("block %s tx %s: %w", block.BlockHash(), txids[i], err)
			}
		}
	}
	c.SetBestBlock(block.BlockHash())
	return undo, nil
}

// revertPartial undoes an interrupted ApplyBlock: the first nout outputs and
// the spends in spent of transaction i, then transactions i-1 .. 0 entirely.
func revertPartial(c *Cache, block *primitives.Block, txids []chainhash.Hash, undo *BlockUndo, i int, spent []primitives.Coin, nout int) {
	revertTx(c, block.Txs[i], txids[i], spent, nout)
	for t := i - 1; t >= 0; t-- {
		var prev []primitives.Coin
		if t > 0 {
			prev = undo.Txs[t-1].PrevOuts
		}
		revertTx(c, block.Txs[t], txids[t], prev, len(block.Txs[t].Outputs))
	}
}

// revertTx removes the first nout outputs of tx and restores the coins its
// first len(spent) inputs spent. Errors cannot occur for coins this call
// sequence just wrote, so they are ignored.
func revertTx(c *Cache, tx *primitives.Tx, txid chainhash.Hash, spent []primitives.Coin, nout int) {
	for o := nout - 1; o >= 0; o-- {
		_, _, _ = c.SpendCoin(primitives.OutPoint{Hash: txid, Index: uint32(o)}, nil)
	}
	for j := len(spent) - 1; j >= 0; j-- {
		_ = c.AddCoin(tx.Inputs[j].PrevOut, &spent[j], true)
	}
}

// DisconnectResult is the outcome of DisconnectBlock, Core's
// DisconnectResult.
type DisconnectResult int

const (
	// DisconnectOK: the block's effects were undone exactly.
	DisconnectOK DisconnectResult = iota
	// DisconnectUnclean: the undo succeeded but found the UTXO set not
	// matching the block (an output already missing or different, or a
	// restored coin already present). Writing and deleting coins are
	// idempotent, so the result is still the set before the block; Core
	// accepts this while replaying an interrupted flush.
	DisconnectUnclean
	// DisconnectFailed: the undo data does not fit the block, or a coin
	// could not be restored; the view must be discarded.
	DisconnectFailed
)

// String returns Core's name of the result.
func (r DisconnectResult) String() string {
	switch r {
	case DisconnectOK:
		return "DISCONNECT_OK"
	case DisconnectUnclean:
		return "DISCONNECT_UNCLEAN"
	default:
		return "DISCONNECT_FAILED"
	}
}

// bip30Exceptions are the two mainnet blocks whose coinbases were later
// duplicated (by blocks 91842 and 91880) before BIP30. When one of them is
// disconnected its coinbase outputs may already be gone, which is not
// unclean.
var bip30Exceptions = [...]struct {
	height uint32
	hash   string
}{
	{91722, "00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e"},
	{91812, "00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f"},
}

func isBIP30Exception(block *primitives.Block, height uint32) bool {
	for _, ex := range bip30Exceptions {
		if ex.height == height {
			return block.BlockHash().String() == ex.hash
		}
	}
	return false
}

// DisconnectBlock undoes block at height in c with its undo data, Core's
// DisconnectBlock: transactions in reverse order, each output spent (and
// compared with the block's: amount, script, height, coinbase flag), then
// each input's coin restored from undo, in reverse. It sets c's best block
// to the block's parent.
//
// The result is DisconnectOK, DisconnectUnclean (see its doc; the error is
// nil) or DisconnectFailed with an error: ErrUndoMismatch when the undo data
// does not fit the block (checked before anything changes), or a read error.
//
// Undo coins with height zero (written by releases before 0.15 for all but
// the last spend of a transaction) take their height and coinbase flag from
// another unspent output of the same transaction, as Core does.
//
// This function MUST be called with the chain lock held.
func DisconnectBlock(c *Cache, block *primitives.Block, undo *BlockUndo, height uint32) (DisconnectResult, error) {
	if len(undo.Txs)+1 != len(block.Txs) {
		return DisconnectFailed, makeError(ErrUndoMismatch, "block %s and undo data inconsistent: %d transactions, %d undo records",
			block.BlockHash(), len(block.Txs), len(undo.Txs))
	}
	for i := 1; i < len(block.Txs); i++ {
		if len(undo.Txs[i-1].PrevOuts) != len(block.Txs[i].Inputs) {
			return DisconnectFailed, makeError(ErrUndoMismatch, "block %s tx %d and undo data inconsistent: %d inputs, %d undo coins",
				block.BlockHash(), i, len(block.Txs[i].Inputs), len(undo.Txs[i-1].PrevOuts))
		}
	}
	bip30Exception := isBIP30Exception(block, height)
	txids := block.TxHashes()
	clean := true
	var buf []byte
	for i := len(block.Txs) - 1; i >= 0; i-- {
		tx := block.Txs[i]
		coinbase := tx.IsCoinBase()
		for o := range tx.Outputs {
			out := &tx.Outputs[o]
			if isUnspendable(out.ScriptPubKey) {
				continue
			}
			coin, b, err := c.SpendCoin(primitives.OutPoint{Hash: txids[i], Index: uint32(o)}, buf[:0])
			buf = b
			if err != nil && !errors.Is(err, ErrMissingCoin) {
				return DisconnectFailed, err
			}
			if err != nil || coin.Out.Value != out.Value || !bytes.Equal(coin.Out.ScriptPubKey, out.ScriptPubKey) ||
				coin.Height != height || coin.IsCoinBase != coinbase {
				if !(coinbase && bip30Exception) {
					clean = false
				}
			}
		}
		if i == 0 {
			break
		}
		prev := undo.Txs[i-1].PrevOuts
		for j := len(tx.Inputs) - 1; j >= 0; j-- {
			res, err := applyTxInUndo(c, prev[j], tx.Inputs[j].PrevOut)
			if res == DisconnectFailed {
				return DisconnectFailed, err
			}
			if res == DisconnectUnclean {
				clean = false
			}
		}
	}
	c.SetBestBlock(block.Header.PrevBlock)
	if !clean {
		return DisconnectUnclean, nil
	}
	return DisconnectOK, nil
}

// maxOutputsPerBlock is Core's MAX_BLOCK_WEIGHT / (WITNESS_SCALE_FACTOR *
// minimum output size): the most outputs a transaction can have.
const maxOutputsPerBlock = 4_000_000 / (4 * 9)

// applyTxInUndo restores the coin spent by one input, Core's ApplyTxInUndo.
func applyTxInUndo(c *Cache, undo primitives.Coin, op primitives.OutPoint) (DisconnectResult, error) {
	have, err := c.HaveCoin(op)
	if err != nil {
		return DisconnectFailed, err
	}
	res := DisconnectOK
	if have {
		res = DisconnectUnclean // overwriting an unspent output
	}
	if undo.Height == 0 {
		found := false
		for n := uint32(0); n < maxOutputsPerBlock; n++ {
			alt, _, err := c.AccessCoin(primitives.OutPoint{Hash: op.Hash, Index: n}, nil)
			if err == nil {
				undo.Height, undo.IsCoinBase = alt.Height, alt.IsCoinBase
				found = true
				break
			}
			if !errors.Is(err, ErrMissingCoin) {
				return DisconnectFailed, err
			}
		}
		if !found {
			return DisconnectFailed, makeError(ErrUndoMismatch, "undo coin for %v has no height and no other output of its transaction is unspent", op)
		}
	}
	if err := c.AddCoin(op, &undo, have); err != nil {
		return DisconnectFailed, err
	}
	return res, nil
}

// RollforwardBlock re-applies block at height during a replay (Core's
// RollforwardBlock): inputs are spent when present, and every output is
// added allowing an overwrite where a coin exists, because part of the block
// may already be in the database. It does not change the best block.
//
// This function MUST be called with the chain lock held.
func RollforwardBlock(c *Cache, block *primitives.Block, height uint32) error {
	txids := block.TxHashes()
	for i, tx := range block.Txs {
		coinbase := tx.IsCoinBase()
		if !coinbase {
			for j := range tx.Inputs {
				if _, _, err := c.SpendCoin(tx.Inputs[j].PrevOut, nil); err != nil && !errors.Is(err, ErrMissingCoin) {
					return err
				}
			}
		}
		for o := range tx.Outputs {
			op := primitives.OutPoint{Hash: txids[i], Index: uint32(o)}
			have, err := c.HaveCoin(op)
			if err != nil {
				return err
			}
			coin := primitives.Coin{Out: tx.Outputs[o], Height: height, IsCoinBase: coinbase}
			if err := c.AddCoin(op, &coin, have); err != nil {
				return err
			}
		}
	}
	return nil
}
