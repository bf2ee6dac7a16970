package blockchain

import (
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/scriptcheck"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// connectBlock validates blk, whose entry is n, against the coins of view
// (positioned at n's parent) and applies it to view (Core's ConnectBlock):
// BIP30, then transaction by transaction the spent coins, the input rules
// (CheckTxInputs), BIP68 sequence locks and the running sigop cost, then
// the coinbase amount and finally every script, in parallel. It writes the
// undo data to the rev files when the block has none yet and raises the
// entry to BlockValidScripts (connectStore only). It returns the undo data
// (nil for the genesis block). On failure view holds a partial block and
// must be discarded.
func (c *Chain) connectBlock(blk *primitives.Block, n *blockNode, view *utxoset.Cache, mode connectMode) (*utxoset.BlockUndo, error) {
	hash := n.hash
	p := c.params
	if n.parent == nil {
		// The genesis block's coinbase is not spendable: Core never adds
		// its outputs to the UTXO set.
		view.SetBestBlock(hash)
		return nil, nil
	}
	height := n.height
	if best, err := view.BestBlock(); err != nil || best != n.parent.hash {
		return nil, makeError(ErrCorrupt, "connecting %s: the UTXO set is at %s, not at its parent (%v)", n.describe(), best, err)
	}
	checkScripts := c.shouldCheckScripts(n)

	var bip34Ancestor chainhash.Hash
	if a := n.parent.ancestor(p.BIP34Height); a != nil {
		bip34Ancestor = a.hash
	}
	if consensus.EnforceBIP30(p, height, hash, bip34Ancestor) {
		hc := haveCoins{view: view}
		err := consensus.CheckBIP30(blk, &hc)
		if hc.err != nil {
			return nil, hc.err
		}
		if err != nil {
			return nil, fromConsensus(err, hash, "")
		}
	}

	flags := consensus.GetBlockScriptFlags(p, height, hash)
	enforceSequence := p.DeploymentActiveAt(chaincfg.DeploymentCSV, height)
	txids := blk.TxHashes()

	nIn := 0
	for _, tx := range blk.Txs[1:] {
		nIn += len(tx.Inputs)
	}
	coins := make([]primitives.Coin, nIn)
	outs := make([]primitives.TxOut, nIn)
	spent := make([][]primitives.TxOut, len(blk.Txs))
	undo := &utxoset.BlockUndo{Txs: make([]utxoset.TxUndo, len(blk.Txs)-1)}
	scripts := make([]byte, 0, nIn*26)
	var prevHeights []int32
	var fees, sigOps int64
	k := 0
	for i, tx := range blk.Txs {
		txid := txids[i]
		if i > 0 {
			ni := len(tx.Inputs)
			prev := coins[k : k+ni : k+ni]
			for j := range tx.Inputs {
				var err error
				prev[j], scripts, err = view.SpendCoin(tx.Inputs[j].PrevOut, scripts)
				if errors.Is(err, utxoset.ErrMissingCoin) {
					return nil, &RuleError{
						Err: consensus.ErrBadTxnsInputsMissingOrSpent, Reason: string(consensus.ErrBadTxnsInputsMissingOrSpent),
						Description: fmt.Sprintf("inputs missing/spent in transaction %s (input %d spends %s)", txid, j, tx.Inputs[j].PrevOut),
						Hash:        hash,
					}
				}
				if err != nil {
					return nil, err
				}
			}
			fee, err := consensus.CheckTxInputs(tx, &spentView{tx: tx, coins: prev}, height, p.CoinbaseMaturity)
			if err != nil {
				return nil, fromConsensus(err, hash, " in transaction "+txid.String())
			}
			if fees, err = consensus.AccumulateFees(fees, fee); err != nil {
				return nil, fromConsensus(err, hash, "")
			}
			prevHeights = prevHeights[:0]
			for j := range prev {
				prevHeights = append(prevHeights, int32(prev[j].Height))
			}
			if err := consensus.CheckSequenceLocks(tx, enforceSequence, prevHeights, n.parent); err != nil {
				return nil, fromConsensus(err, hash, " in transaction "+txid.String())
			}
			txOuts := outs[k : k+ni : k+ni]
			for j := range prev {
				txOuts[j] = prev[j].Out
			}
			spent[i] = txOuts
			undo.Txs[i-1].PrevOuts = prev
			k += ni
		}
		sigOps += consensus.GetTransactionSigOpCost(tx, spent[i], flags)
		if err := consensus.CheckBlockSigOpCost(sigOps); err != nil {
			return nil, fromConsensus(err, hash, "")
		}
		for o := range tx.Outputs {
			coin := primitives.Coin{Out: tx.Outputs[o], Height: uint32(height), IsCoinBase: i == 0}
			if err := view.AddCoin(primitives.OutPoint{Hash: txid, Index: uint32(o)}, &coin, i == 0); err != nil {
				// Core treats this as a logic error: BIP30 or BIP34 rule
				// it out for every block that got this far.
				return nil, wrapError(ErrCorrupt, err, "block %s transaction %s output %d", hash, txid, o)
			}
		}
	}

	if err := consensus.CheckCoinbaseAmount(blk.Txs[0], height, fees, p); err != nil {
		return nil, fromConsensus(err, hash, "")
	}
	if checkScripts {
		var sc txscript.SigCache = lookupOnly{c.sigCache}
		if mode == connectJustCheck {
			sc = c.sigCache
		}
		cfg := scriptcheck.Config{Workers: c.opts.ScriptWorkers, SigCache: sc}
		if err := scriptcheck.VerifyBlock(blk, spent, flags, cfg); err != nil {
			if re := fromScript(err, hash); IsRuleError(re) {
				return nil, re
			}
			return nil, wrapError(ErrCorrupt, err, "verifying the scripts of block %s", hash)
		}
	}

	if mode != connectStore {
		view.SetBestBlock(hash)
		return undo, nil
	}
	if !n.haveUndo() {
		raw := undo.AppendTo(make([]byte, 0, undo.SerializeSize()))
		pos, err := c.files.WriteRawUndo(n.blockPos(), height, n.parent.hash, raw)
		if err != nil {
			return nil, err
		}
		if pos.File != n.file {
			return nil, makeError(ErrCorrupt, "undo data of %s written to rev file %d, its block is in file %d", hash, pos.File, n.file)
		}
		n.undoPos = pos.Pos
		n.status |= blockstore.BlockHaveUndo
		c.index.markDirty(n)
	}
	if n.raiseValidity(blockstore.BlockValidScripts) {
		c.index.markDirty(n)
	}
	if c.opts.TxIndex {
		// Written now, unsynced: the next synced index write makes it
		// durable. An entry left by a crash before that points at a block
		// TxByID checks.
		if err := c.idxdb.WriteTxIndex(blockstore.TxIndexEntries(blk, n.blockPos()), false); err != nil {
			return nil, err
		}
	}
	view.SetBestBlock(hash)
	return undo, nil
}

// connectMode says what connectBlock may change besides its view.
type connectMode int

const (
	// connectStore connects a block of the active chain: the undo data,
	// the index entry's validity and the transaction index are written.
	connectStore connectMode = iota
	// connectJustCheck only validates (Core's fJustCheck, for
	// TestBlockValidity): nothing is written, and the signatures verified
	// are added to the signature cache, since the block is expected to be
	// submitted soon.
	connectJustCheck
	// connectVerify only validates a block already connected once
	// (VerifyChain's level 4): nothing is written, the signature cache is
	// only read.
	connectVerify
)

// readUndo reads and decodes the undo data of n.
func (c *Chain) readUndo(n *blockNode) (*utxoset.BlockUndo, error) {
	if !n.haveUndo() || n.parent == nil {
		return nil, makeError(ErrCorrupt, "no undo data for block %s", n.describe())
	}
	raw, err := c.files.ReadRawUndo(n.undoFilePos(), n.parent.hash)
	if err != nil {
		return nil, err
	}
	u, err := utxoset.DecodeBlockUndo(raw)
	if err != nil {
		return nil, wrapError(ErrCorrupt, err, "undo data of block %s", n.describe())
	}
	return u, nil
}

// shouldCheckScripts reports whether the scripts of n must be verified:
// always, unless n is an ancestor of the -assumevalid block and of the best
// header, the best header has at least the minimum chain work, and n is
// more than two weeks' worth of work below the best header (Core's
// ConnectBlock).
func (c *Chain) shouldCheckScripts(n *blockNode) bool {
	if c.opts.AssumeValid.IsZero() {
		return true
	}
	av := c.index.lookup(c.opts.AssumeValid)
	best := c.index.bestHeader
	if av == nil || best == nil || av.ancestor(n.height) != n || best.ancestor(n.height) != n {
		return true
	}
	if best.chainWork.Cmp(&c.params.MinimumChainWork) < 0 {
		return true
	}
	return blockProofEquivalentTime(best, n, best, c.params.PowTargetSpacing) <= 60*60*24*7*2
}

// blockProofEquivalentTime returns how long, at tip's difficulty, the work
// between from and to would take to produce, in seconds (Core's
// GetBlockProofEquivalentTime), saturating at the int64 range.
func blockProofEquivalentTime(to, from, tip *blockNode, spacing int64) int64 {
	var r uint256.Int
	sign := int64(1)
	if to.chainWork.Cmp(&from.chainWork) > 0 {
		r.Sub(&to.chainWork, &from.chainWork)
	} else {
		r.Sub(&from.chainWork, &to.chainWork)
		sign = -1
	}
	proof := consensus.CalcWork(tip.bits)
	if proof.IsZero() {
		return sign * (1<<63 - 1)
	}
	var sp uint256.Int
	sp.SetUint64(uint64(spacing))
	if _, overflow := r.MulOverflow(&r, &sp); overflow {
		return sign * (1<<63 - 1)
	}
	r.Div(&r, &proof)
	if r.BitLen() > 63 {
		return sign * (1<<63 - 1)
	}
	return sign * int64(r.Uint64())
}

// haveCoins adapts the coins cache to consensus.UnspentChecker, keeping the
// first read error.
type haveCoins struct {
	view *utxoset.Cache
	err  error
}

func (h *haveCoins) HaveCoin(op primitives.OutPoint) bool {
	if h.err != nil {
		return false
	}
	ok, err := h.view.HaveCoin(op)
	if err != nil {
		h.err = err
	}
	return ok
}

// spentView serves consensus.CheckTxInputs the coins a transaction's inputs
// just spent, in input order: lookups come in input order, so a cursor
// answers them in O(1), with a scan as the fallback.
type spentView struct {
	tx    *primitives.Tx
	coins []primitives.Coin
	next  int
}

func (v *spentView) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	if v.next < len(v.coins) && v.tx.Inputs[v.next].PrevOut == op {
		v.next++
		return v.coins[v.next-1], true
	}
	for i := range v.tx.Inputs {
		if v.tx.Inputs[i].PrevOut == op {
			return v.coins[i], true
		}
	}
	return primitives.Coin{}, false
}

// lookupOnly consults a signature cache without filling it: as in Core's
// ConnectBlock, signatures verified for a block are not cached, since they
// will not be seen again, and would evict the mempool's.
type lookupOnly struct{ c txscript.SigCache }

func (l lookupOnly) Exists(sigHash chainhash.Hash, sig, pubKey []byte) bool {
	return l.c.Exists(sigHash, sig, pubKey)
}

func (lookupOnly) Add(chainhash.Hash, []byte, []byte) {}
