package mempool

import (
	"errors"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrVersion, ErrTxSize, ErrTxSizeSmall, ErrScriptSigSize, ErrScriptSigNotPushOnly, ErrScriptPubKey,
		ErrBareMultisig, ErrDust, ErrMultiOpReturn, ErrNonstandardInputs, ErrWitnessNonstandard, ErrTooManySigops,
		ErrCoinbase, ErrNonFinal, ErrNonBIP68Final, ErrAlreadyInMempool, ErrSameNonWitnessData, ErrAlreadyKnown,
		ErrMissingInputs, ErrMempoolConflict, ErrMinRelayFee, ErrMempoolMinFee, ErrTooLongMempoolChain,
		ErrMempoolFull, ErrMandatoryScript, ErrNonMandatoryScript, ErrInsufficientFee, ErrTooManyReplacements,
		ErrReplacementAddsUnconfirmed, ErrSpendsConflictingTx,
	}
	seen := make(map[ErrorKind]bool)
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			if seen[k] {
				t.Fatal("duplicate kind")
			}
			seen[k] = true
			err := error(ruleErrorf(k, "case"))
			if !errors.Is(err, k) {
				t.Fatal("errors.Is fails")
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Reason() != string(k) || err.Error() != string(k)+": case" {
				t.Fatalf("errors.As / text: %v", err)
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("matches %s", other)
				}
			}
		})
	}
}
