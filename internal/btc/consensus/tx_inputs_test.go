package consensus

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestCheckTxInputs(t *testing.T) {
	op := func(n byte) primitives.OutPoint {
		return primitives.OutPoint{Hash: chainhash.Hash{n}, Index: uint32(n)}
	}
	coin := func(value int64, height uint32, cb bool) primitives.Coin {
		return primitives.Coin{Out: primitives.TxOut{Value: value, ScriptPubKey: opTrue}, Height: height, IsCoinBase: cb}
	}
	tx := func(out int64, ops ...primitives.OutPoint) *primitives.Tx {
		t := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: out, ScriptPubKey: opTrue}}}
		for _, o := range ops {
			t.Inputs = append(t.Inputs, primitives.TxIn{PrevOut: o})
		}
		return t
	}
	view := CoinMap{
		op(1): coin(5000, 10, false),
		op(2): coin(7000, 20, false),
		op(3): coin(50*COIN, 100, true), // coinbase at height 100
		op(4): coin(MaxMoney, 1, false),
		op(5): coin(-1, 1, false),
		op(6): coin(MaxMoney+1, 1, false),
	}
	tests := []struct {
		name        string
		tx          *primitives.Tx
		spendHeight int32
		maturity    int32
		fee         int64
		want        ErrorKind
	}{
		{"fee", tx(9000, op(1), op(2)), 300, 100, 3000, ""},
		{"zero fee", tx(12000, op(1), op(2)), 300, 100, 0, ""},
		{"bad-txns-inputs-missingorspent", tx(1, op(1), op(9)), 300, 100, 0, ErrBadTxnsInputsMissingOrSpent},
		{"missing reported before an immature coinbase", tx(1, op(3), op(9)), 150, 100, 0, ErrBadTxnsInputsMissingOrSpent},
		{"bad-txns-premature-spend-of-coinbase", tx(1, op(3)), 199, 100, 0, ErrBadTxnsPrematureSpendOfCoinbase},
		{"mature coinbase", tx(1, op(3)), 200, 100, 50*COIN - 1, ""},
		{"maturity override 1", tx(1, op(3)), 101, 1, 50*COIN - 1, ""},
		{"maturity override 1, same block", tx(1, op(3)), 100, 1, 0, ErrBadTxnsPrematureSpendOfCoinbase},
		{"bad-txns-inputvalues-outofrange: negative", tx(0, op(5)), 300, 100, 0, ErrBadTxnsInputValuesOutOfRange},
		{"bad-txns-inputvalues-outofrange: too large", tx(0, op(6)), 300, 100, 0, ErrBadTxnsInputValuesOutOfRange},
		{"bad-txns-inputvalues-outofrange: sum", tx(0, op(4), op(1)), 300, 100, 0, ErrBadTxnsInputValuesOutOfRange},
		{"bad-txns-in-belowout", tx(12001, op(1), op(2)), 300, 100, 0, ErrBadTxnsInBelowOut},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fee, err := CheckTxInputs(tc.tx, view, tc.spendHeight, tc.maturity)
			wantRule(t, err, tc.want)
			if err == nil && fee != tc.fee {
				t.Fatalf("fee %d, want %d", fee, tc.fee)
			}
		})
	}
	// bad-txns-fee-outofrange needs outputs that CheckTransactionSanity
	// would reject: a negative output total.
	neg := tx(-5, op(1))
	_, err := CheckTxInputs(neg, view, 300, 100)
	wantRule(t, err, "")
	big := tx(0, op(4))
	big.Outputs[0].Value = -1
	_, err = CheckTxInputs(big, view, 300, 100)
	wantRule(t, err, ErrBadTxnsFeeOutOfRange)
}

func TestGetTransactionSigOpCost(t *testing.T) {
	pub := bytes.Repeat([]byte{2}, 33)
	p2pkh := append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 20}, append(make([]byte, 20), txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)...)
	multisig := []byte{txscript.OP_2}
	for range 3 {
		multisig = txscript.AppendPushData(multisig, pub)
	}
	multisig = append(multisig, txscript.OP_3, txscript.OP_CHECKMULTISIG)
	p2sh := append([]byte{txscript.OP_HASH160, 20}, append(make([]byte, 20), txscript.OP_EQUAL)...)
	p2wpkh := append([]byte{txscript.OP_0, 20}, make([]byte, 20)...)
	p2wsh := append([]byte{txscript.OP_0, 32}, make([]byte, 32)...)
	p2tr := append([]byte{txscript.OP_1, 32}, make([]byte, 32)...)
	redeemSig := txscript.AppendPushData([]byte{txscript.OP_0}, multisig)
	nested := txscript.AppendPushData(nil, p2wpkh)

	spend := func(scriptSig []byte, witness [][]byte, outScript []byte) *primitives.Tx {
		return &primitives.Tx{
			Version: 2,
			Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: chainhash.Hash{1}}, ScriptSig: scriptSig, Witness: witness}},
			Outputs: []primitives.TxOut{{Value: 1, ScriptPubKey: outScript}},
		}
	}
	all := txscript.FlagP2SH | txscript.FlagWitness
	tests := []struct {
		name    string
		tx      *primitives.Tx
		prevOut []byte
		flags   txscript.Flags
		want    int64
	}{
		{"p2pkh output counts 4", spend(nil, nil, p2pkh), opTrue, all, 4},
		{"bare multisig output counts 80", spend(nil, nil, multisig), opTrue, all, 80},
		{"p2sh multisig spend", spend(redeemSig, nil, opTrue), p2sh, all, 3 * 4},
		{"p2sh without the flag", spend(redeemSig, nil, opTrue), p2sh, txscript.FlagWitness, 0},
		{"p2wpkh spend", spend(nil, [][]byte{{1}, pub}, opTrue), p2wpkh, all, 1},
		{"p2wpkh without witness flag", spend(nil, [][]byte{{1}, pub}, opTrue), p2wpkh, txscript.FlagP2SH, 0},
		{"p2wsh multisig spend", spend(nil, [][]byte{nil, {1}, multisig}, opTrue), p2wsh, all, 3},
		{"p2sh-p2wpkh spend", spend(nested, [][]byte{{1}, pub}, opTrue), p2sh, all, 1},
		{"taproot spend counts 0", spend(nil, [][]byte{make([]byte, 64)}, opTrue), p2tr, all, 0},
		{"legacy scriptSig sigops count", spend([]byte{txscript.OP_CHECKSIG}, nil, opTrue), opTrue, all, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prev := []primitives.TxOut{{Value: 1, ScriptPubKey: tc.prevOut}}
			if got := GetTransactionSigOpCost(tc.tx, prev, tc.flags); got != tc.want {
				t.Fatalf("cost %d, want %d", got, tc.want)
			}
			view := CoinMap{tc.tx.Inputs[0].PrevOut: {Out: prev[0]}}
			if got, err := GetTransactionSigOpCostView(tc.tx, view, tc.flags); err != nil || got != tc.want {
				t.Fatalf("view cost %d, %v", got, err)
			}
		})
	}
	cb := coinbaseTx(1, 1)
	cb.Outputs[0].ScriptPubKey = multisig
	if got := GetTransactionSigOpCost(cb, nil, all); got != 80 {
		t.Fatalf("coinbase cost %d", got)
	}
	if got, err := GetTransactionSigOpCostView(cb, CoinMap{}, all); err != nil || got != 80 {
		t.Fatalf("coinbase view cost %d %v", got, err)
	}
	_, err := GetTransactionSigOpCostView(spend(nil, nil, opTrue), CoinMap{}, all)
	wantRule(t, err, ErrBadTxnsInputsMissingOrSpent)
	wantRule(t, CheckBlockSigOpCost(MaxBlockSigOpsCost), "")
	wantRule(t, CheckBlockSigOpCost(MaxBlockSigOpsCost+1), ErrBadBlkSigops)
}
