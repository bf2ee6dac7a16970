package blockchain

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/scriptcheck"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrPrevBlockNotFound, ErrBadPrevBlock, ErrDuplicate, ErrScriptVerifyFailed, ErrBlockDecode,
		ErrNotFound, ErrBlockPruned, ErrCorrupt, ErrNeedReindex, ErrInvalidOptions, ErrClosed, ErrNotStarted,
		ErrInterrupted, ErrBadMagic, ErrTruncated, ErrBadRecordSize, ErrTooManyOrphans,
		ErrNotBestPrevBlock, ErrCorruptBlockDB, ErrVerifySkipped,
	}
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			re := ruleError(k, chainhash.Hash{1}, "detail %d", 1)
			if !errors.Is(re, k) || !IsRuleError(re) || Reason(re) != string(k) {
				t.Errorf("rule error %v: Is %v, IsRuleError %v, Reason %q", re, errors.Is(re, k), IsRuleError(re), Reason(re))
			}
			e := wrapError(k, fs.ErrNotExist, "wrapped")
			if !errors.Is(e, k) || !errors.Is(e, fs.ErrNotExist) || IsRuleError(e) {
				t.Errorf("error %v does not unwrap to its kind and cause", e)
			}
			var ee *Error
			if !errors.As(e, &ee) || ee.Err != k {
				t.Errorf("errors.As(*Error) failed for %v", e)
			}
		})
	}
}

func TestRuleErrorWrapping(t *testing.T) {
	hash := chainhash.Hash{2}
	t.Run("consensus", func(t *testing.T) {
		ce := &consensus.RuleError{Err: consensus.ErrBadCbAmount, Description: "coinbase pays too much"}
		err := fromConsensus(ce, hash, " in block")
		var re *RuleError
		if !errors.As(err, &re) || re.Reason != "bad-cb-amount" || re.Hash != hash || re.Description != "coinbase pays too much in block" {
			t.Fatalf("got %#v", err)
		}
		if !errors.Is(err, consensus.ErrBadCbAmount) {
			t.Error("errors.Is(consensus kind) fails")
		}
		var back *consensus.RuleError
		if !errors.As(err, &back) || back != ce {
			t.Error("errors.As(*consensus.RuleError) fails")
		}
		if other := errors.New("disk"); fromConsensus(other, hash, "") != other {
			t.Error("a non-consensus error was rewrapped")
		}
	})
	t.Run("script", func(t *testing.T) {
		se := &txscript.Error{Code: txscript.ErrEvalFalse, Description: txscript.ErrEvalFalse.Description()}
		err := fromScript(&scriptcheck.InputError{TxIndex: 1, InputIndex: 2, Err: se}, hash)
		want := "mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)"
		if Reason(err) != want {
			t.Errorf("reason %q, want %q", Reason(err), want)
		}
		if !errors.Is(err, ErrScriptVerifyFailed) || !errors.Is(err, txscript.ErrEvalFalse) {
			t.Error("errors.Is fails on the script error")
		}
	})
	t.Run("mutation", func(t *testing.T) {
		for _, k := range []consensus.ErrorKind{consensus.ErrBadTxnMrklRoot, consensus.ErrBadWitnessMerkleMatch} {
			if !isMutation(fromConsensus(&consensus.RuleError{Err: k}, hash, "")) {
				t.Errorf("%s is a mutation", k)
			}
		}
		if isMutation(fromConsensus(&consensus.RuleError{Err: consensus.ErrBadCbAmount}, hash, "")) {
			t.Error("bad-cb-amount is not a mutation")
		}
	})
}
