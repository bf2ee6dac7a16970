package consensus

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func validTx() *primitives.Tx {
	return &primitives.Tx{
		Version: 2,
		Inputs: []primitives.TxIn{
			{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{1}, Index: 0}, Sequence: primitives.SequenceFinal},
			{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{1}, Index: 1}, Sequence: primitives.SequenceFinal},
		},
		Outputs: []primitives.TxOut{{Value: 1000, ScriptPubKey: []byte{0x51}}},
	}
}

func TestCheckTransactionSanity(t *testing.T) {
	coinbase := func(scriptLen int) *primitives.Tx {
		tx := validTx()
		tx.Inputs = []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: make([]byte, scriptLen)}}
		return tx
	}
	manyInputs := func(dup bool) *primitives.Tx {
		tx := validTx()
		tx.Inputs = nil
		for i := range 40 {
			tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{2}, Index: uint32(i)}})
		}
		if dup {
			tx.Inputs[39].PrevOut.Index = 3
		}
		return tx
	}
	tests := []struct {
		name   string
		mutate func() *primitives.Tx
		want   error
	}{
		{"valid", validTx, nil},
		{"valid coinbase", func() *primitives.Tx { return coinbase(2) }, nil},
		{"many inputs", func() *primitives.Tx { return manyInputs(false) }, nil},
		{"no inputs", func() *primitives.Tx { tx := validTx(); tx.Inputs = nil; return tx }, ErrBadTxnsVinEmpty},
		{"no outputs", func() *primitives.Tx { tx := validTx(); tx.Outputs = nil; return tx }, ErrBadTxnsVoutEmpty},
		{"oversize", func() *primitives.Tx {
			tx := validTx()
			tx.Outputs[0].ScriptPubKey = make([]byte, MaxBlockWeight/4)
			return tx
		}, ErrBadTxnsOversize},
		{"negative", func() *primitives.Tx { tx := validTx(); tx.Outputs[0].Value = -1; return tx }, ErrBadTxnsVoutNegative},
		{"too large", func() *primitives.Tx { tx := validTx(); tx.Outputs[0].Value = MaxMoney + 1; return tx }, ErrBadTxnsVoutTooLarge},
		{"total too large", func() *primitives.Tx {
			tx := validTx()
			tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: MaxMoney})
			return tx
		}, ErrBadTxnsTxoutTotalTooLarge},
		{"duplicate small", func() *primitives.Tx { tx := validTx(); tx.Inputs[1].PrevOut.Index = 0; return tx }, ErrBadTxnsInputsDuplicate},
		{"duplicate large", func() *primitives.Tx { return manyInputs(true) }, ErrBadTxnsInputsDuplicate},
		{"coinbase short", func() *primitives.Tx { return coinbase(1) }, ErrBadCbLength},
		{"coinbase long", func() *primitives.Tx { return coinbase(101) }, ErrBadCbLength},
		{"null prevout", func() *primitives.Tx {
			tx := validTx()
			tx.Inputs[1].PrevOut = primitives.OutPoint{Index: 0xffffffff}
			return tx
		}, ErrBadTxnsPrevoutNull},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTransactionSanity(tc.mutate())
			if tc.want == nil {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Reason() != tc.want.Error() {
				t.Fatalf("not a RuleError with reason %q: %v", tc.want, err)
			}
		})
	}
}
