package chaingen

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// validator is the tests' independent check of generated blocks: Core's
// block validation order (header, CheckBlock, ContextualCheckBlock, the
// ConnectBlock transaction loop and reward, then scripts) built from the
// consensus and txscript packages over an in-memory UTXO map. It shares
// nothing with the generator but the header-chain helper.
type validator struct {
	p      *chaincfg.Params
	chain  headerChain
	utxo   consensus.CoinMap
	now    int64
	inputs int // inputs whose scripts were verified
	// scriptEvery > 1 verifies the scripts of only the blocks whose height
	// is a multiple of it (every other check runs on every block).
	scriptEvery int32
}

func newValidator(p *chaincfg.Params) *validator {
	v := &validator{p: p, utxo: make(consensus.CoinMap), now: time.Now().Unix()}
	v.chain.add(&p.GenesisBlock.Header)
	return v
}

// overlay is the UTXO view inside a block: the base set with the block's
// earlier transactions applied.
type overlay struct {
	base    consensus.CoinMap
	created map[primitives.OutPoint]primitives.Coin
	spent   map[primitives.OutPoint]bool
}

func (o *overlay) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	if o.spent[op] {
		return primitives.Coin{}, false
	}
	if c, ok := o.created[op]; ok {
		return c, true
	}
	return o.base.LookupCoin(op)
}

type scriptJob struct {
	tx       *primitives.Tx
	idx      int
	prevOuts []primitives.TxOut
	sh       *txscript.SigHashes
}

// check validates blk as the child of the validator's tip and returns the
// stage that rejects it with its error, or the overlay to apply.
func (v *validator) check(blk *primitives.Block) (Stage, *overlay, error) {
	tip := v.chain.node(v.chain.tip())
	height := tip.Height() + 1
	if blk.Header.PrevBlock != v.chain.hashes[tip.Height()] {
		return StageHeader, nil, fmt.Errorf("block at height %d does not build on the tip", height)
	}
	if err := consensus.CheckBlockHeader(&blk.Header, v.p); err != nil {
		return StageHeader, nil, err
	}
	if err := consensus.ContextualCheckBlockHeader(&blk.Header, tip, v.p, v.now); err != nil {
		return StageHeader, nil, err
	}
	if err := consensus.CheckBlock(blk, v.p, consensus.BFNone); err != nil {
		return StageCheckBlock, nil, err
	}
	if err := consensus.ContextualCheckBlock(blk, tip, v.p); err != nil {
		return StageContextual, nil, err
	}

	flags := consensus.GetBlockScriptFlags(v.p, height, blk.BlockHash())
	enforceBIP68 := v.p.DeploymentActiveAt(chaincfg.DeploymentCSV, height)
	o := &overlay{base: v.utxo, created: make(map[primitives.OutPoint]primitives.Coin), spent: make(map[primitives.OutPoint]bool)}
	var fees, sigOps int64
	var jobs []scriptJob
	txids := blk.TxHashes()
	for i, tx := range blk.Txs {
		if i > 0 {
			fee, err := consensus.CheckTxInputs(tx, o, height, v.p.CoinbaseMaturity)
			if err != nil {
				return StageConnect, nil, err
			}
			if fees, err = consensus.AccumulateFees(fees, fee); err != nil {
				return StageConnect, nil, err
			}
			prevHeights := make([]int32, len(tx.Inputs))
			prevOuts := make([]primitives.TxOut, len(tx.Inputs))
			for k := range tx.Inputs {
				c, _ := o.LookupCoin(tx.Inputs[k].PrevOut)
				prevHeights[k] = int32(c.Height)
				prevOuts[k] = c.Out
			}
			if err := consensus.CheckSequenceLocks(tx, enforceBIP68, prevHeights, tip); err != nil {
				return StageConnect, nil, err
			}
			sigOps += consensus.GetTransactionSigOpCost(tx, prevOuts, flags)
			if err := consensus.CheckBlockSigOpCost(sigOps); err != nil {
				return StageConnect, nil, err
			}
			var sh *txscript.SigHashes
			if tx.HasWitness() {
				sh = txscript.NewSigHashes(tx, prevOuts)
			}
			for k := range tx.Inputs {
				jobs = append(jobs, scriptJob{tx: tx, idx: k, prevOuts: prevOuts, sh: sh})
				o.spent[tx.Inputs[k].PrevOut] = true
				delete(o.created, tx.Inputs[k].PrevOut)
			}
		} else {
			sigOps += consensus.GetTransactionSigOpCost(tx, nil, flags)
		}
		for k := range tx.Outputs {
			op := primitives.OutPoint{Hash: txids[i], Index: uint32(k)}
			o.created[op] = primitives.Coin{Out: tx.Outputs[k], Height: uint32(height), IsCoinBase: i == 0}
			delete(o.spent, op)
		}
	}
	if err := consensus.CheckCoinbaseAmount(blk.Txs[0], height, fees, v.p); err != nil {
		return StageConnect, nil, err
	}
	if v.scriptEvery <= 1 || height%v.scriptEvery == 0 {
		if err := v.verifyScripts(jobs, flags); err != nil {
			return StageScript, nil, err
		}
	}
	return 0, o, nil
}

// connect validates blk and applies it.
func (v *validator) connect(blk *primitives.Block) error {
	stage, o, err := v.check(blk)
	if err != nil {
		return fmt.Errorf("height %d, stage %s: %w", v.chain.tip()+1, stage, err)
	}
	for op := range o.spent {
		delete(v.utxo, op)
	}
	for op, c := range o.created {
		if len(c.Out.ScriptPubKey) > 0 && c.Out.ScriptPubKey[0] == txscript.OP_RETURN {
			continue // unspendable, as Core leaves it out of the UTXO set
		}
		v.utxo[op] = c
	}
	v.chain.add(&blk.Header)
	return nil
}

// verifyScripts runs the script checks on all cores and returns the first
// failure found.
func (v *validator) verifyScripts(jobs []scriptJob, flags txscript.Flags) error {
	v.inputs += len(jobs)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	ch := make(chan *scriptJob, len(jobs))
	for i := range jobs {
		ch <- &jobs[i]
	}
	close(ch)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			en := txscript.NewEngine()
			for j := range ch {
				in := &j.tx.Inputs[j.idx]
				ctx := &txscript.TxContext{Tx: j.tx, Index: j.idx, Amount: j.prevOuts[j.idx].Value, PrevOuts: j.prevOuts, SigHashes: j.sh}
				if err := en.Verify(in.ScriptSig, j.prevOuts[j.idx].ScriptPubKey, in.Witness, flags, ctx); err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("tx %s input %d: %w", j.tx.TxHash(), j.idx, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return first
}
