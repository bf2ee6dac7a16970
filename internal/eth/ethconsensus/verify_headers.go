package ethconsensus

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// verifyHeaders checks a batch of consecutive headers (as sync downloads
// them) on threads goroutines: headers[0]'s parent is read from chain, the
// parent of each later header is the header before it in the batch when
// it links to it. It returns one error per header (nil when valid);
// headers not checked because ctx ended get ctx's error.
func verifyHeaders(ctx context.Context, chain ChainHeaderReader, headers []*ethtypes.Header, verify headerVerifier, threads int) []error {
	errs := make([]error, len(headers))
	if len(headers) == 0 {
		return errs
	}
	threads = max(1, min(threads, len(headers)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(headers) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				h := headers[i]
				var parent *ethtypes.Header
				if i == 0 {
					p, err := parentOf(chain, h)
					if err != nil {
						errs[i] = err
						continue
					}
					parent = p
				} else if headers[i-1].Hash() == h.ParentHash {
					parent = headers[i-1]
				} else {
					errs[i] = ruleErrorf(ErrUnknownAncestor, "parent %x", h.ParentHash)
					continue
				}
				errs[i] = verify(chain, h, parent, false)
			}
		}()
	}
	wg.Wait()
	return errs
}

// VerifyHeaders checks a batch of consecutive headers, as VerifyHeader
// does, on Config.Threads goroutines (the seal checks dominate and run in
// parallel). headers[0]'s parent is read from chain; each later header's
// parent must be the header before it. It returns one error per header,
// nil for a valid one; those left unchecked because ctx ended get ctx's
// error.
//
// This method is safe for concurrent access.
func (e *Ethash) VerifyHeaders(ctx context.Context, chain ChainHeaderReader, headers []*ethtypes.Header) []error {
	return verifyHeaders(ctx, chain, headers, e.verifyHeader, e.cfg.Threads)
}

// VerifyHeaders checks a batch of consecutive headers as VerifyHeader
// does (see Ethash.VerifyHeaders), on one goroutine: there is no seal to
// check.
//
// This method is safe for concurrent access.
func (d *Dev) VerifyHeaders(ctx context.Context, chain ChainHeaderReader, headers []*ethtypes.Header) []error {
	return verifyHeaders(ctx, chain, headers, d.verifyHeader, 1)
}
