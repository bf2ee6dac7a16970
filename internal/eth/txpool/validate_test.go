package txpool

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestRejections checks every rejection the pool makes: the error kind
// (errors.Is) and geth's message at the start of the text.
func TestRejections(t *testing.T) {
	k0, _ := key(0)
	k1, a1 := key(1)
	unfunded, _ := key(99)
	otherChain := ethtypes.LatestSigner(1)
	dyn := func(mod func(*ethtypes.DynamicFeeTx)) func(t *testing.T) *ethtypes.Transaction {
		return func(t *testing.T) *ethtypes.Transaction {
			d := &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), GasTipCap: *uint256.NewInt(gwei),
				GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 21000, To: &recipient}
			mod(d)
			return signTx(t, k0, d)
		}
	}
	istanbul, _ := ethparams.ForkConfig("Istanbul")
	istanbul.ChainID = testChainID
	shanghai, _ := ethparams.ForkConfig("Shanghai")
	shanghai.ChainID = testChainID

	tests := []struct {
		name  string
		cfg   Config
		setup func(t *testing.T, p *Pool, st *testState)
		tx    func(t *testing.T) *ethtypes.Transaction
		local bool
		kind  error
		msg   string
	}{
		{name: "blob transaction", kind: ErrTxTypeNotSupported, msg: "transaction type not supported",
			tx: func(t *testing.T) *ethtypes.Transaction {
				return signTx(t, k0, &ethtypes.BlobTx{ChainID: *uint256.NewInt(testChainID), GasTipCap: *uint256.NewInt(gwei),
					GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 21000, To: recipient, BlobFeeCap: *uint256.NewInt(1),
					BlobHashes: []ethtypes.Hash{{0x01}}})
			}},
		{name: "type not enabled by fork", cfg: Config{ChainConfig: istanbul}, kind: ErrTxTypeNotSupported,
			msg: "transaction type not supported", tx: dyn(func(*ethtypes.DynamicFeeTx) {})},
		{name: "oversized data", kind: ErrOversizedData, msg: "oversized data",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.Data = make([]byte, TxMaxSize); d.Gas = 10_000_000 })},
		{name: "gas above block gas limit", kind: ErrGasLimit, msg: "exceeds block gas limit",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.Gas = 30_000_001 })},
		{name: "intrinsic gas too low", kind: ErrIntrinsicGas, msg: "intrinsic gas too low",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.Gas = 20_999 })},
		{name: "intrinsic gas of calldata", kind: ErrIntrinsicGas, msg: "intrinsic gas too low",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.Data = []byte{1}; d.Gas = 21_015 })},
		{name: "init code too large", cfg: Config{ChainConfig: shanghai}, kind: ErrMaxInitCodeSizeExceeded,
			msg: "max initcode size exceeded",
			tx:  dyn(func(d *ethtypes.DynamicFeeTx) { d.To = nil; d.Data = make([]byte, 49153); d.Gas = 1_000_000 })},
		{name: "tip above fee cap", kind: ErrTipAboveFeeCap, msg: "max priority fee per gas higher than max fee per gas",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.GasTipCap = *uint256.NewInt(11 * gwei) })},
		{name: "nonce max", kind: ErrNonceMax, msg: "nonce has max value",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.Nonce = math.MaxUint64 })},
		{name: "wrong chain id", kind: ErrInvalidSender, msg: "invalid sender: invalid chain id for signer",
			tx: func(t *testing.T) *ethtypes.Transaction {
				tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(1),
					GasTipCap: *uint256.NewInt(gwei), GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 21000, To: &recipient}), otherChain, k0)
				if err != nil {
					t.Fatal(err)
				}
				return tx
			}},
		{name: "legacy signed for another chain", kind: ErrInvalidChainID, msg: "invalid sender: invalid chain id for signer",
			tx: func(t *testing.T) *ethtypes.Transaction {
				tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.LegacyTx{GasPrice: *uint256.NewInt(10 * gwei), Gas: 21000,
					To: &recipient}), otherChain, k0)
				if err != nil {
					t.Fatal(err)
				}
				return tx
			}},
		{name: "unsigned", kind: ErrInvalidSender, msg: "invalid sender",
			tx: func(t *testing.T) *ethtypes.Transaction {
				return ethtypes.NewTx(&ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), GasTipCap: *uint256.NewInt(gwei),
					GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 21000, To: &recipient})
			}},
		{name: "tip below price limit", cfg: Config{PriceLimit: 2}, kind: ErrUnderpriced, msg: "transaction underpriced",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) { d.GasTipCap = *uint256.NewInt(1) })},
		{name: "fee cap below base fee when rejecting", cfg: Config{RejectBelowBaseFee: true}, kind: ErrFeeCapTooLow,
			msg: "max fee per gas less than block base fee",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) {
				d.GasFeeCap = *uint256.NewInt(gwei - 1)
				d.GasTipCap = *uint256.NewInt(1)
			})},
		{name: "nonce too low", kind: ErrNonceTooLow, msg: "nonce too low: next nonce 5, tx nonce 4",
			setup: func(t *testing.T, p *Pool, st *testState) { _, a := key(0); st.nonces[a] = 5 },
			tx:    dyn(func(d *ethtypes.DynamicFeeTx) { d.Nonce = 4 })},
		{name: "insufficient funds", kind: ErrInsufficientFunds, msg: "insufficient funds for gas * price + value",
			tx: func(t *testing.T) *ethtypes.Transaction { return dynTx(t, unfunded, 0, gwei, 10*gwei) }},
		{name: "insufficient funds for value", kind: ErrInsufficientFunds, msg: "insufficient funds for gas * price + value",
			setup: func(t *testing.T, p *Pool, st *testState) { st.balances[a1] = uint256.NewInt(21000 * 10 * gwei) },
			tx: func(t *testing.T) *ethtypes.Transaction {
				return dynTx(t, k1, 0, gwei, 10*gwei) // value 1 wei over the balance
			}},
		{name: "pending total overdraws", kind: ErrInsufficientFunds,
			msg: "insufficient funds for gas * price + value: balance 500000000000000, queued cost 420000000000002",
			setup: func(t *testing.T, p *Pool, st *testState) {
				st.balances[a1] = uint256.NewInt(500_000_000_000_000) // 2.38 transfers at 10 gwei
				if err := p.AddRemote(dynTx(t, k1, 0, gwei, 10*gwei)); err != nil {
					t.Fatal(err)
				}
				if err := p.AddRemote(dynTx(t, k1, 1, gwei, 10*gwei)); err != nil {
					t.Fatal(err)
				}
			},
			tx: func(t *testing.T) *ethtypes.Transaction { return dynTx(t, k1, 2, gwei, 10*gwei) }},
		{name: "replacement overdraws", kind: ErrInsufficientFunds,
			msg: "insufficient funds for gas * price + value: balance 500000000000000, queued cost 420000000000002",
			setup: func(t *testing.T, p *Pool, st *testState) {
				st.balances[a1] = uint256.NewInt(500_000_000_000_000)
				if err := p.AddRemote(dynTx(t, k1, 0, gwei, 10*gwei)); err != nil {
					t.Fatal(err)
				}
				if err := p.AddRemote(dynTx(t, k1, 1, gwei, 10*gwei)); err != nil {
					t.Fatal(err)
				}
			},
			tx: func(t *testing.T) *ethtypes.Transaction { return dynTx(t, k1, 1, 2*gwei, 20*gwei) }},
		{name: "cost overflows 256 bits", kind: ErrInsufficientFunds, msg: "insufficient funds for gas * price + value",
			tx: dyn(func(d *ethtypes.DynamicFeeTx) {
				d.GasFeeCap.SetAllOne()
				d.Value.SetAllOne()
				d.GasFeeCap.Rsh(&d.GasFeeCap, 16)
			})},
		{name: "already known", kind: ErrAlreadyKnown, msg: "already known",
			setup: func(t *testing.T, p *Pool, st *testState) {
				if err := p.AddRemote(dynTx(t, k0, 0, gwei, 10*gwei)); err != nil {
					t.Fatal(err)
				}
			},
			tx: func(t *testing.T) *ethtypes.Transaction { return dynTx(t, k0, 0, gwei, 10*gwei) }},
		{name: "replacement underpriced", kind: ErrReplaceUnderpriced, msg: "replacement transaction underpriced",
			setup: func(t *testing.T, p *Pool, st *testState) {
				if err := p.AddRemote(dynTx(t, k0, 0, gwei, 10*gwei)); err != nil {
					t.Fatal(err)
				}
			},
			tx: func(t *testing.T) *ethtypes.Transaction { return dynTx(t, k0, 0, gwei+gwei/20, 11*gwei) }},
		{name: "account queue limit", cfg: Config{AccountQueue: 2}, kind: ErrAccountLimitExceeded, msg: "account limit exceeded",
			setup: func(t *testing.T, p *Pool, st *testState) {
				for n := uint64(1); n <= 2; n++ {
					if err := p.AddRemote(dynTx(t, k0, n, gwei, 10*gwei)); err != nil {
						t.Fatal(err)
					}
				}
			},
			tx: func(t *testing.T) *ethtypes.Transaction { return dynTx(t, k0, 3, gwei, 10*gwei) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _, st := newTestPool(t, tc.cfg, 1)
			if tc.setup != nil {
				tc.setup(t, p, st)
			}
			err := p.Add([]*ethtypes.Transaction{tc.tx(t)}, tc.local)[0]
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want kind %q", err, tc.kind)
			}
			if !strings.HasPrefix(err.Error(), tc.msg) {
				t.Fatalf("message %q, want prefix %q", err.Error(), tc.msg)
			}
			var re *RuleError
			var te *ethtypes.RuleError
			if !errors.As(err, &re) && !errors.As(err, &te) {
				t.Fatalf("error %T is not a RuleError", err)
			}
			checkInvariants(t, p)
		})
	}
}

// TestLocalExemptFromPriceLimit checks that a local zero-tip transaction is
// accepted while a remote one is not.
func TestLocalExemptFromPriceLimit(t *testing.T) {
	p, _, _ := newTestPool(t, Config{}, 2)
	k0, _ := key(0)
	k1, _ := key(1)
	if err := p.AddRemote(dynTx(t, k0, 0, 0, 10*gwei)); !errors.Is(err, ErrUnderpriced) {
		t.Fatalf("remote zero tip: %v", err)
	}
	if err := p.AddLocal(dynTx(t, k1, 0, 0, 10*gwei)); err != nil {
		t.Fatalf("local zero tip: %v", err)
	}
	checkInvariants(t, p)
}

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrAlreadyKnown, ErrInvalidSender, ErrUnderpriced, ErrReplaceUnderpriced, ErrTxPoolOverflow,
		ErrFutureReplacePending, ErrAccountLimitExceeded, ErrGasLimit, ErrOversizedData, ErrNonceTooLow,
		ErrInsufficientFunds, ErrFeeCapTooLow, ErrJournal}
	cause := errors.New("cause")
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			err := error(&RuleError{Err: k, Description: "d", Cause: cause})
			if !errors.Is(err, k) || !errors.Is(err, cause) {
				t.Fatalf("errors.Is fails for %v", err)
			}
			var re *RuleError
			if !errors.As(err, &re) || re.Err != k {
				t.Fatalf("errors.As fails")
			}
			if want := string(k) + ": cause: d"; err.Error() != want {
				t.Fatalf("text %q, want %q", err.Error(), want)
			}
			if ruleError(k, "").Error() != string(k) {
				t.Fatalf("bare text")
			}
		})
	}
}
