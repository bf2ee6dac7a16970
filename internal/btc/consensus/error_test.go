package consensus

import (
	"errors"
	"testing"
)

// TestErrorKinds checks errors.Is/As and Core's reason for every kind.
func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrBadTxnsVinEmpty, ErrBadTxnsVoutEmpty, ErrBadTxnsOversize, ErrBadTxnsVoutNegative, ErrBadTxnsVoutTooLarge,
		ErrBadTxnsTxoutTotalTooLarge, ErrBadTxnsInputsDuplicate, ErrBadCbLength, ErrBadTxnsPrevoutNull,
		ErrHighHash, ErrBadDiffBits, ErrTimeTooOld, ErrTimeTooNew, ErrTimewarpAttack, ErrBadVersion,
		ErrBadTxnMrklRoot, ErrBadTxnsDuplicate, ErrBadBlkLength, ErrBadCbMissing, ErrBadCbMultiple, ErrBadBlkSigops,
		ErrBadSignetBlksig, ErrBadTxnsNonFinal, ErrBadCbHeight, ErrBadWitnessNonceSize, ErrBadWitnessMerkleMatch,
		ErrUnexpectedWitness, ErrBadBlkWeight, ErrBadTxnsBIP30, ErrBadCbAmount, ErrBadTxnsAccumulatedFeeOutOfRange,
		ErrBadTxnsInputsMissingOrSpent, ErrBadTxnsPrematureSpendOfCoinbase, ErrBadTxnsInputValuesOutOfRange,
		ErrBadTxnsInBelowOut, ErrBadTxnsFeeOutOfRange,
	}
	seen := map[ErrorKind]bool{}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			if seen[k] {
				t.Fatal("duplicate kind")
			}
			seen[k] = true
			var err error = ruleErrorf(k, "detail %d", 1)
			if !errors.Is(err, k) {
				t.Fatal("errors.Is fails")
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Err != k || re.Reason() != string(k) {
				t.Fatal("errors.As fails")
			}
			if err.Error() != string(k)+": detail 1" || ruleError(k, "").Error() != string(k) {
				t.Fatalf("messages %q", err.Error())
			}
			for _, other := range kinds {
				if other != k && errors.Is(err, other) {
					t.Fatalf("also matches %s", other)
				}
			}
		})
	}
}
