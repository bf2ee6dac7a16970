package ethconsensus

import (
	"context"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/parallel"
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
	parallel.For(len(headers), max(1, threads), func(i int) {
		if err := ctx.Err(); err != nil {
			errs[i] = err
			return
		}
		h := headers[i]
		var parent *ethtypes.Header
		if i == 0 {
			p, err := parentOf(chain, h)
			if err != nil {
				errs[i] = err
				return
			}
			parent = p
		} else if headers[i-1].Hash() == h.ParentHash {
			parent = headers[i-1]
		} else {
			errs[i] = ruleErrorf(ErrUnknownAncestor, "parent %x", h.ParentHash)
			return
		}
		errs[i] = verify(chain, h, parent, false)
	})
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
