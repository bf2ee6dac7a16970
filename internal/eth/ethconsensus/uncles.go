package ethconsensus

import "github.com/twinchain/twinchain/internal/eth/ethtypes"

// Uncle limits.
const (
	// MaxUncles is the most uncles a block may include.
	MaxUncles = 2
	// uncleAncestry is how many ancestors are searched for uncles' parents
	// and for uncles already included: an uncle is at most six generations
	// below the block.
	uncleAncestry = 7
)

// headerVerifier checks a header against its parent; uncle is set when the
// header is an uncle (no future-time check applies).
type headerVerifier func(chain ChainHeaderReader, h, parent *ethtypes.Header, uncle bool) error

// verifyUncles applies geth's uncle rules to b: at most MaxUncles; each
// uncle not included before (by b or one of its seven previous ancestors),
// not b itself, not an ancestor, a child of one of the ancestors other
// than b's parent, and valid on that parent under verify.
func verifyUncles(chain ChainReader, b *ethtypes.Block, verify headerVerifier) error {
	if len(b.Uncles) > MaxUncles {
		return ruleErrorf(ErrTooManyUncles, "%d > %d", len(b.Uncles), MaxUncles)
	}
	if len(b.Uncles) == 0 {
		return nil
	}
	// Collect the ancestors and the uncles they included.
	seen := make(map[ethtypes.Hash]struct{}, 2*uncleAncestry+4)
	ancestors := make(map[ethtypes.Hash]*ethtypes.Header, uncleAncestry+1)
	hash, number := b.Header.ParentHash, b.Header.Number-1
	for i := 0; i < uncleAncestry && b.Header.Number > uint64(i); i++ {
		ancestor, ok := chain.GetHeader(hash, number)
		if !ok {
			break
		}
		ancestors[hash] = ancestor
		if ancestor.UncleHash != ethtypes.EmptyUncleHash {
			blk, ok := chain.GetBlock(hash, number)
			if !ok {
				break
			}
			for _, u := range blk.Uncles {
				seen[u.Hash()] = struct{}{}
			}
		}
		hash, number = ancestor.ParentHash, number-1
	}
	ancestors[b.Hash()] = b.Header
	seen[b.Hash()] = struct{}{}

	for _, u := range b.Uncles {
		uh := u.Hash()
		if _, dup := seen[uh]; dup {
			return ruleErrorf(ErrDuplicateUncle, "%x", uh)
		}
		seen[uh] = struct{}{}
		if _, anc := ancestors[uh]; anc {
			return ruleErrorf(ErrUncleIsAncestor, "%x", uh)
		}
		parent, ok := ancestors[u.ParentHash]
		if !ok || u.ParentHash == b.Header.ParentHash {
			return ruleErrorf(ErrDanglingUncle, "uncle %x, parent %x", uh, u.ParentHash)
		}
		if err := verify(chain, u, parent, true); err != nil {
			return err
		}
	}
	return nil
}
