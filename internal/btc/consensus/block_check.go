package consensus

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// MaxBlockSigOpsCost is the BIP141 limit on a block's signature-operation
// cost (legacy and P2SH sigops count four, witness sigops one).
const MaxBlockSigOpsCost = 80_000

// BehaviorFlags relax CheckBlock (Core's fCheckPOW and fCheckMerkleRoot).
type BehaviorFlags uint32

const (
	// BFNone runs every check.
	BFNone BehaviorFlags = 0
	// BFNoPoWCheck skips the proof-of-work check (and the signet
	// solution), as for a block template.
	BFNoPoWCheck BehaviorFlags = 1 << iota
	// BFNoMerkleCheck skips the merkle root and mutation checks.
	BFNoMerkleCheck
)

// CheckBlock performs Core's CheckBlock, the checks a block must pass
// independently of the chain: proof of work ("high-hash"), the signet block
// solution on a signet ("bad-signet-blksig"), the merkle root
// ("bad-txnmrklroot") and its mutation ("bad-txns-duplicate"), size limits
// ("bad-blk-length"), exactly one coinbase, first ("bad-cb-missing",
// "bad-cb-multiple"), each transaction's CheckTransactionSanity (Core's
// reasons), and the legacy sigop count times four against
// MaxBlockSigOpsCost ("bad-blk-sigops"). Witness data is not looked at: that
// is ContextualCheckBlock's.
//
// This function is safe for concurrent access if blk is not being modified.
func CheckBlock(blk *primitives.Block, p *chaincfg.Params, flags BehaviorFlags) error {
	if flags&BFNoPoWCheck == 0 {
		hash := blk.BlockHash()
		if err := checkHeaderPoW(hash, blk.Header.Bits, p); err != nil {
			return err
		}
		if p.IsSignet() && hash != p.GenesisHash {
			if err := CheckSignetBlockSolution(blk, p.SignetChallenge); err != nil {
				return err
			}
		}
	}
	if flags&BFNoMerkleCheck == 0 {
		if err := CheckMerkleRoot(blk); err != nil {
			return err
		}
	}

	// Size limits: all potential-corruption checks come first, so that a
	// block with the wrong transactions for its header is not marked invalid.
	n := len(blk.Txs)
	if n == 0 || n*primitives.WitnessScaleFactor > MaxBlockWeight ||
		blk.StrippedSize()*primitives.WitnessScaleFactor > MaxBlockWeight {
		return ruleErrorf(ErrBadBlkLength, "size limits failed (%d transactions)", n)
	}
	if !blk.Txs[0].IsCoinBase() {
		return ruleError(ErrBadCbMissing, "first tx is not coinbase")
	}
	for i := 1; i < n; i++ {
		if blk.Txs[i].IsCoinBase() {
			return ruleErrorf(ErrBadCbMultiple, "more than one coinbase (transaction %d)", i)
		}
	}
	var txids []chainhash.Hash
	for i, tx := range blk.Txs {
		if err := CheckTransactionSanity(tx); err != nil {
			if txids == nil {
				txids = blk.TxHashes()
			}
			re := err.(*RuleError)
			return ruleErrorf(re.Err, "transaction check failed (tx %d, hash %s): %s", i, txids[i], re.Description)
		}
	}
	sigOps := 0
	for _, tx := range blk.Txs {
		sigOps += GetLegacySigOpCount(tx)
		if sigOps*primitives.WitnessScaleFactor > MaxBlockSigOpsCost {
			return ruleErrorf(ErrBadBlkSigops, "out-of-bounds SigOpCount (legacy count above %d)", MaxBlockSigOpsCost/primitives.WitnessScaleFactor)
		}
	}
	return nil
}

// CheckMerkleRoot checks the header's merkle root against the transactions
// ("bad-txnmrklroot") and the transaction list for CVE-2012-2459 mutation
// ("bad-txns-duplicate").
//
// This function is safe for concurrent access if blk is not being modified.
func CheckMerkleRoot(blk *primitives.Block) error {
	root, mutated := blk.MerkleRoot()
	if root != blk.Header.MerkleRoot {
		return ruleErrorf(ErrBadTxnMrklRoot, "hashMerkleRoot mismatch: header %s, computed %s", blk.Header.MerkleRoot, root)
	}
	if mutated {
		return ruleError(ErrBadTxnsDuplicate, "duplicate transaction")
	}
	return nil
}

// GetLegacySigOpCount counts the signature operations of tx's scriptSigs and
// scriptPubKeys the inaccurate legacy way (Core's GetLegacySigOpCount:
// CHECKMULTISIG counts 20).
//
// This function is safe for concurrent access.
func GetLegacySigOpCount(tx *primitives.Tx) int {
	n := 0
	for i := range tx.Inputs {
		n += txscript.GetSigOpCount(tx.Inputs[i].ScriptSig, false)
	}
	for i := range tx.Outputs {
		n += txscript.GetSigOpCount(tx.Outputs[i].ScriptPubKey, false)
	}
	return n
}
