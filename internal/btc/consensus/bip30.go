package consensus

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BIP30 forbids a transaction whose txid equals that of an earlier
// transaction with unspent outputs. Two mainnet blocks violated it before the
// rule existed (their coinbases duplicate earlier ones); once BIP34 put the
// height in coinbases, duplicates became impossible on the chain that
// contains the BIP34 activation block, until coinbases of old blocks that
// encode larger heights become valid again at height 1,983,702.

// BIP34ImpliesBIP30Limit is the first height at which BIP30 must be checked
// again on the BIP34 chain (Core's BIP34_IMPLIES_BIP30_LIMIT).
const BIP34ImpliesBIP30Limit = 1_983_702

var (
	bip30RepeatHash91842     = mustHash("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec")
	bip30RepeatHash91880     = mustHash("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721")
	bip30UnspendableHash9172 = mustHash("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e")
	bip30UnspendableHash9181 = mustHash("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f")
)

// IsBIP30Repeat reports whether the block at height with hash is one of the
// two mainnet blocks whose coinbase duplicates an earlier one (heights 91842
// and 91880); they are exempt from BIP30 (Core's IsBIP30Repeat).
//
// This function is safe for concurrent access.
func IsBIP30Repeat(height int32, hash chainhash.Hash) bool {
	return (height == 91842 && hash == bip30RepeatHash91842) || (height == 91880 && hash == bip30RepeatHash91880)
}

// IsBIP30Unspendable reports whether the block at height with hash is one of
// the two mainnet blocks (91722 and 91812) whose coinbase outputs were
// overwritten by the duplicates: their coinbase is not in the UTXO set, and a
// disconnect must not expect it there (Core's IsBIP30Unspendable).
//
// This function is safe for concurrent access.
func IsBIP30Unspendable(height int32, hash chainhash.Hash) bool {
	return (height == 91722 && hash == bip30UnspendableHash9172) || (height == 91812 && hash == bip30UnspendableHash9181)
}

// EnforceBIP30 reports whether the block at height with hash must be checked
// against BIP30 (ConnectBlock's rule): always from BIP34ImpliesBIP30Limit on;
// below it, unless the block is a BIP30 repeat or its chain contains the
// network's BIP34 activation block — that is, the block's ancestor at
// p.BIP34Height (below the block) has hash p.BIP34Hash. bip34Ancestor is
// that ancestor's hash; it is ignored when height <= p.BIP34Height (no such
// ancestor) and when p.BIP34Hash is zero (regtest, testnet4, signet: always
// enforce).
//
// This function is safe for concurrent access.
func EnforceBIP30(p *chaincfg.Params, height int32, hash, bip34Ancestor chainhash.Hash) bool {
	if height >= BIP34ImpliesBIP30Limit {
		return true
	}
	if IsBIP30Repeat(height, hash) {
		return false
	}
	if height-1 >= p.BIP34Height && !p.BIP34Hash.IsZero() && bip34Ancestor == p.BIP34Hash {
		return false
	}
	return true
}

// UnspentChecker reports whether an outpoint is an unspent output.
type UnspentChecker interface {
	HaveCoin(op primitives.OutPoint) bool
}

// CheckBIP30 fails with ErrBadTxnsBIP30 when any output of blk's
// transactions already exists unspent in view (ConnectBlock's BIP30 check;
// call it when EnforceBIP30 says so, before applying the block).
//
// This function is safe for concurrent access if view is.
func CheckBIP30(blk *primitives.Block, view UnspentChecker) error {
	txids := blk.TxHashes()
	for i, tx := range blk.Txs {
		for o := range tx.Outputs {
			op := primitives.OutPoint{Hash: txids[i], Index: uint32(o)}
			if view.HaveCoin(op) {
				return ruleErrorf(ErrBadTxnsBIP30, "tried to overwrite transaction %s", op)
			}
		}
	}
	return nil
}

// mustHash parses a constant hash; a malformed constant is a programming
// error caught by the tests.
func mustHash(s string) chainhash.Hash {
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		panic("consensus: bad hash constant " + s)
	}
	return h
}
