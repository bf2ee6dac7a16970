package ethchain

import (
	"errors"
	"math"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

var (
	sender   = ethtypes.Address{0x5e}
	receiver = ethtypes.Address{0x7e}
	coinbase = ethtypes.Address{0xc0}
	contract = ethtypes.Address{0xcc}
	kzgHash  = ethtypes.Hash{0: ethtypes.BlobHashVersionKZG, 1: 1}
)

func u(v uint64) uint256.Int { return *uint256.NewInt(v) }

// env is a state and an EVM to apply messages with.
type env struct {
	state *statedb.StateDB
	evm   *evm.EVM
}

// newEnv returns a state where sender holds 10^18 wei and contract has
// code clearing its slot 1 (which holds 1), and an EVM for fork with a
// base fee of 10 and a blob base fee of 1.
func newEnv(t testing.TB, fork string) *env {
	t.Helper()
	db := statedb.NewMemoryDatabase()
	s, err := statedb.New(ethtypes.Hash{}, db)
	if err != nil {
		t.Fatal(err)
	}
	bal := u(1e18)
	s.SetBalance(sender, &bal)
	// PUSH1 0 PUSH1 1 SSTORE STOP
	s.SetCode(contract, []byte{0x60, 0x00, 0x60, 0x01, 0x55, 0x00})
	s.SetState(contract, ethtypes.Hash{31: 1}, ethtypes.Hash{31: 1})
	s.SetNonce(contract, 1)
	root, err := s.Commit(false)
	if err != nil {
		t.Fatal(err)
	}
	if s, err = statedb.New(root, db); err != nil {
		t.Fatal(err)
	}
	cfg, err := ethparams.ForkConfig(fork)
	if err != nil {
		t.Fatal(err)
	}
	isMerge := cfg.IsLondon(1)
	rules := cfg.Rules(1, isMerge, 1)
	bctx := evm.BlockContext{Coinbase: coinbase, GasLimit: 30_000_000, BlockNumber: 1, Time: 1}
	if rules.IsLondon {
		bctx.BaseFee = u(10)
	}
	if rules.IsCancun {
		bctx.BlobBaseFee = u(1)
	}
	return &env{state: s, evm: evm.NewEVM(bctx, evm.TxContext{}, s, rules, evm.Config{})}
}

// transfer returns a legacy-style message sending value to receiver.
func transfer(value uint64) *Message {
	to := receiver
	return &Message{From: sender, To: &to, Value: u(value), GasLimit: 21000,
		GasPrice: u(12), GasFeeCap: u(12), GasTipCap: u(12)}
}

func TestApplyMessageErrors(t *testing.T) {
	tests := []struct {
		name  string
		fork  string
		setup func(e *env)
		msg   func() *Message
		pool  uint64
		want  error
	}{
		{name: "nonce too high", msg: func() *Message { m := transfer(1); m.Nonce = 1; return m }, want: ErrNonceTooHigh},
		{name: "nonce too low", setup: func(e *env) { e.state.SetNonce(sender, 2) }, msg: func() *Message { m := transfer(1); m.Nonce = 1; return m }, want: ErrNonceTooLow},
		{name: "nonce max", setup: func(e *env) { e.state.SetNonce(sender, math.MaxUint64) },
			msg: func() *Message { m := transfer(1); m.Nonce = math.MaxUint64; return m }, want: ErrNonceMax},
		{name: "sender has code", msg: func() *Message { m := transfer(1); m.From = contract; m.Nonce = 1; return m }, want: ErrSenderNoEOA},
		{name: "tip above fee cap", msg: func() *Message { m := transfer(1); m.GasTipCap = u(13); return m }, want: ErrTipAboveFeeCap},
		{name: "fee cap below base fee", msg: func() *Message {
			m := transfer(1)
			m.GasFeeCap, m.GasTipCap, m.GasPrice = u(9), u(1), u(9)
			return m
		}, want: ErrFeeCapTooLow},
		{name: "blob create", msg: func() *Message {
			m := transfer(0)
			m.To, m.BlobTx, m.BlobHashes = nil, true, []ethtypes.Hash{kzgHash}
			return m
		}, want: ErrBlobTxCreate},
		{name: "blob without hashes", msg: func() *Message { m := transfer(0); m.BlobTx = true; return m }, want: ErrMissingBlobHashes},
		{name: "too many blobs", msg: func() *Message {
			m := transfer(0)
			m.BlobTx, m.BlobHashes = true, make([]ethtypes.Hash, 7)
			for i := range m.BlobHashes {
				m.BlobHashes[i] = kzgHash
			}
			return m
		}, want: ErrTooManyBlobs},
		{name: "blob hash version", msg: func() *Message {
			m := transfer(0)
			m.BlobTx, m.BlobHashes = true, []ethtypes.Hash{{0: 2}}
			return m
		}, want: ErrBlobHashVersion},
		{name: "blob fee cap too low", setup: func(e *env) { e.evm.Context.BlobBaseFee = u(5) }, msg: func() *Message {
			m := transfer(0)
			m.BlobTx, m.BlobHashes, m.BlobGasFeeCap = true, []ethtypes.Hash{kzgHash}, u(4)
			return m
		}, want: ErrBlobFeeCapTooLow},
		{name: "insufficient funds", msg: func() *Message { return transfer(1e18) }, want: ErrInsufficientFunds},
		{name: "insufficient funds for blob gas", msg: func() *Message {
			m := transfer(1e18 - 21000*12)
			m.BlobTx, m.BlobHashes, m.BlobGasFeeCap = true, []ethtypes.Hash{kzgHash}, u(1)
			return m
		}, want: ErrInsufficientFunds},
		{name: "cost exceeds 256 bits", msg: func() *Message {
			m := transfer(0)
			var big uint256.Int
			big.SetAllOne()
			m.GasFeeCap, m.GasTipCap = big, big
			return m
		}, want: ErrInsufficientFunds},
		{name: "block gas limit", pool: 20999, msg: func() *Message { return transfer(1) }, want: ErrGasLimitReached},
		{name: "intrinsic gas", msg: func() *Message { m := transfer(1); m.Data = []byte{1}; return m }, want: ErrIntrinsicGas},
		{name: "init code too large", msg: func() *Message {
			m := transfer(0)
			m.To, m.Data, m.GasLimit = nil, make([]byte, ethtypes.MaxInitCodeSize+1), 10_000_000
			return m
		}, want: ErrMaxInitCodeSizeExceeded},
		// Before London the fee caps are not checked.
		{name: "berlin ignores fee caps", fork: "Berlin", msg: func() *Message { m := transfer(1); m.GasTipCap = u(13); return m }},
		{name: "ok", msg: func() *Message { return transfer(1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fork := tt.fork
			if fork == "" {
				fork = "Cancun"
			}
			e := newEnv(t, fork)
			if tt.setup != nil {
				tt.setup(e)
			}
			pool := tt.pool
			if pool == 0 {
				pool = 30_000_000
			}
			gp := GasPool(pool)
			before := e.state.GetBalance(sender)
			snap := e.state.Snapshot()
			res, err := ApplyMessage(e.evm, tt.msg(), &gp)
			if tt.want == nil {
				if err != nil || res == nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("want a *RuleError, got %T", err)
			}
			e.state.RevertToSnapshot(snap)
			if after := e.state.GetBalance(sender); after != before {
				t.Fatal("state changed by a rejected message")
			}
		})
	}
}

func TestApplyMessageAccounting(t *testing.T) {
	tests := []struct {
		name     string
		fork     string
		msg      *Message
		wantUsed uint64
		wantTip  uint64 // per gas, to the coinbase
		wantErr  error  // EVM error in the result
	}{
		{name: "transfer cancun", fork: "Cancun", msg: transfer(5), wantUsed: 21000, wantTip: 2},
		{name: "transfer berlin", fork: "Berlin", msg: transfer(5), wantUsed: 21000, wantTip: 12},
		{name: "dynamic fee tip capped", fork: "London", msg: func() *Message {
			m := transfer(5)
			m.GasFeeCap, m.GasTipCap, m.GasPrice = u(15), u(3), u(13)
			return m
		}(), wantUsed: 21000, wantTip: 3},
		// 21000 + 2*3 (PUSH1) + 2100 (cold slot) + 2900 (reset) = 26006;
		// refund 4800 (EIP-3529 clear), under the 26006/5 cap.
		{name: "refund london", fork: "Cancun", msg: func() *Message {
			m := transfer(0)
			m.To, m.GasLimit = &contract, 100000
			return m
		}(), wantUsed: 26006 - 4800, wantTip: 2},
		// Berlin: the same costs, refund 15000 capped at 26006/2 = 13003.
		{name: "refund cap berlin", fork: "Berlin", msg: func() *Message {
			m := transfer(0)
			m.To, m.GasLimit = &contract, 100000
			return m
		}(), wantUsed: 26006 - 13003, wantTip: 12},
		{name: "out of gas", fork: "Cancun", msg: func() *Message {
			m := transfer(0)
			m.To, m.GasLimit = &contract, 21010
			return m
		}(), wantUsed: 21010, wantTip: 2, wantErr: evm.ErrOutOfGas},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.fork)
			gp := GasPool(30_000_000)
			before := e.state.GetBalance(sender)
			res, err := ApplyMessage(e.evm, tt.msg, &gp)
			if err != nil {
				t.Fatal(err)
			}
			if res.UsedGas != tt.wantUsed {
				t.Errorf("used %d, want %d", res.UsedGas, tt.wantUsed)
			}
			if !errors.Is(res.Err, tt.wantErr) || (tt.wantErr == nil && res.Err != nil) {
				t.Errorf("vm error %v, want %v", res.Err, tt.wantErr)
			}
			if res.Failed() != (tt.wantErr != nil) {
				t.Error("Failed()")
			}
			if gp.Gas() != 30_000_000-res.UsedGas {
				t.Errorf("pool %d", gp.Gas())
			}
			var wantSpent uint256.Int
			wantSpent.Mul(uint256.NewInt(res.UsedGas), &tt.msg.GasPrice)
			if res.Err == nil {
				wantSpent.Add(&wantSpent, &tt.msg.Value)
			}
			after := e.state.GetBalance(sender)
			var spent uint256.Int
			spent.Sub(&before, &after)
			if spent != wantSpent {
				t.Errorf("sender paid %s, want %s", spent.Dec(), wantSpent.Dec())
			}
			if cb := e.state.GetBalance(coinbase); cb.Uint64() != res.UsedGas*tt.wantTip {
				t.Errorf("coinbase got %s, want %d", cb.Dec(), res.UsedGas*tt.wantTip)
			}
			if e.state.GetNonce(sender) != 1 {
				t.Errorf("nonce %d", e.state.GetNonce(sender))
			}
		})
	}
}

func TestApplyMessageCreate(t *testing.T) {
	e := newEnv(t, "Cancun")
	// Init code returning the one-byte code 0x00: PUSH1 0 PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN.
	init := []byte{0x60, 0x00, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xf3}
	m := &Message{From: sender, Data: init, GasLimit: 100000, GasPrice: u(10), GasFeeCap: u(10), GasTipCap: u(0)}
	gp := GasPool(1e6)
	res, err := ApplyMessage(e.evm, m, &gp)
	if err != nil || res.Err != nil {
		t.Fatalf("%v %v", err, res.Err)
	}
	addr := ethtypes.CreateAddress(sender, 0)
	if code := e.state.GetCode(addr); len(code) != 1 || e.state.GetNonce(addr) != 1 || e.state.GetNonce(sender) != 1 {
		t.Fatalf("code %x nonce %d sender nonce %d", code, e.state.GetNonce(addr), e.state.GetNonce(sender))
	}
	if res.PeakGas < res.UsedGas {
		t.Error("peak below used")
	}
}

func TestApplyMessageSkipChecks(t *testing.T) {
	e := newEnv(t, "Cancun")
	m := transfer(1)
	m.From, m.Nonce = contract, 7
	m.SkipNonceChecks, m.SkipFromEOACheck = true, true
	bal := u(1e18)
	e.state.SetBalance(contract, &bal)
	gp := GasPool(1e6)
	if _, err := ApplyMessage(e.evm, m, &gp); err != nil {
		t.Fatal(err)
	}
}

// noPrepare hides statedb's Prepare.
type noPrepare struct{ evm.StateDB }

func TestApplyMessageNeedsPrepare(t *testing.T) {
	e := newEnv(t, "Cancun")
	e.evm.StateDB = noPrepare{e.state}
	gp := GasPool(1e6)
	if _, err := ApplyMessage(e.evm, transfer(1), &gp); !errors.Is(err, ErrNoStatePrepare) {
		t.Fatalf("got %v", err)
	}
}

func TestTransactionToMessage(t *testing.T) {
	key := secp256k1.PrivKeyFromBytes([]byte{31: 1})
	from := ethtypes.PubkeyToAddress(key.PubKey())
	signer := ethtypes.NewCancunSigner(1)
	to := receiver
	tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID: u(1), Nonce: 3, GasTipCap: u(2), GasFeeCap: u(30), Gas: 50000, To: &to, Value: u(9), Data: []byte{1, 2},
	}), signer, key)
	if err != nil {
		t.Fatal(err)
	}
	base := u(20)
	m, err := TransactionToMessage(tx, signer, &base)
	if err != nil {
		t.Fatal(err)
	}
	if m.From != from || *m.To != to || m.Nonce != 3 || m.GasLimit != 50000 || m.Value != u(9) || m.BlobTx {
		t.Fatalf("message %+v", m)
	}
	if m.GasPrice != u(22) {
		t.Errorf("effective price %s", m.GasPrice.Dec())
	}
	if m, _ = TransactionToMessage(tx, signer, nil); m.GasPrice != u(30) {
		t.Errorf("price without base fee %s", m.GasPrice.Dec())
	}
	if _, err := TransactionToMessage(tx, ethtypes.NewEIP155Signer(1), &base); !errors.Is(err, ethtypes.ErrTxTypeNotSupported) {
		t.Errorf("old signer: %v", err)
	}
}

func TestEffectiveGasPrice(t *testing.T) {
	var maxU uint256.Int
	maxU.SetAllOne()
	tests := []struct {
		name                 string
		feeCap, tipCap, base uint256.Int
		noBase               bool
		want                 uint256.Int
	}{
		{name: "tip binds", feeCap: u(100), tipCap: u(2), base: u(10), want: u(12)},
		{name: "cap binds", feeCap: u(11), tipCap: u(2), base: u(10), want: u(11)},
		{name: "no base fee", feeCap: u(11), tipCap: u(2), noBase: true, want: u(11)},
		{name: "overflow", feeCap: maxU, tipCap: maxU, base: u(1), want: maxU},
	}
	for _, tt := range tests {
		base := &tt.base
		if tt.noBase {
			base = nil
		}
		if got := EffectiveGasPrice(&tt.feeCap, &tt.tipCap, base); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got.Dec(), tt.want.Dec())
		}
	}
}

func TestGasPool(t *testing.T) {
	gp := GasPool(100)
	if err := gp.SubGas(101); !errors.Is(err, ErrGasLimitReached) || gp.Gas() != 100 {
		t.Fatalf("overdraw: %v, %d left", err, gp.Gas())
	}
	if err := gp.SubGas(60); err != nil || gp.Gas() != 40 {
		t.Fatalf("sub: %v, %d left", err, gp.Gas())
	}
	gp.AddGas(10)
	if gp.Gas() != 50 {
		t.Fatalf("add: %d", gp.Gas())
	}
	gp.AddGas(math.MaxUint64)
	if gp.Gas() != math.MaxUint64 {
		t.Fatalf("saturate: %d", gp.Gas())
	}
}

func TestErrorKinds(t *testing.T) {
	kinds := []error{ErrNonceTooLow, ErrNonceTooHigh, ErrSenderNoEOA, ErrFeeCapTooLow, ErrBlobFeeCapTooLow,
		ErrBlobHashVersion, ErrInsufficientFunds, ErrInsufficientFundsForTransfer, ErrGasLimitReached,
		ErrNoStatePrepare, ErrNonceMax, ErrIntrinsicGas, ErrGasUintOverflow,
		ErrTipAboveFeeCap, ErrMaxInitCodeSizeExceeded, ErrBlobTxCreate, ErrMissingBlobHashes, ErrTooManyBlobs}
	for _, k := range kinds {
		err := error(&RuleError{Err: k, Description: "x"})
		if !errors.Is(err, k) {
			t.Errorf("%v: errors.Is", k)
		}
		var re *RuleError
		if !errors.As(err, &re) || re.Err != k {
			t.Errorf("%v: errors.As", k)
		}
		if (&RuleError{Err: k}).Error() != k.Error() || err.Error() != k.Error()+": x" {
			t.Errorf("%v: text", k)
		}
	}
	// geth's texts.
	if ErrInsufficientFunds.Error() != "insufficient funds for gas * price + value" ||
		ErrIntrinsicGas.Error() != "intrinsic gas too low" || ErrNonceTooLow.Error() != "nonce too low" {
		t.Error("texts differ from geth")
	}
}
