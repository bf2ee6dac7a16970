package ethrpc

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// callTimeout bounds one simulated call (geth's --rpc.evmtimeout).
const callTimeout = 5 * time.Second

// OverrideAccount is one account of an eth_call state override.
type OverrideAccount struct {
	Nonce     *Quantity     `json:"nonce"`
	Code      *Bytes        `json:"code"`
	Balance   *Big          `json:"balance"`
	State     map[Hash]Hash `json:"state"`
	StateDiff map[Hash]Hash `json:"stateDiff"`
}

// StateOverride maps addresses to their overrides.
type StateOverride map[Address]OverrideAccount

// UnmarshalText lets Hash be a JSON object key.
func (h *Hash) UnmarshalText(b []byte) error {
	v, err := parseFixed(string(b), 32)
	if err != nil {
		return err
	}
	copy(h[:], v)
	return nil
}

// UnmarshalText lets Address be a JSON object key.
func (a *Address) UnmarshalText(b []byte) error {
	v, err := parseFixed(string(b), 20)
	if err != nil {
		return err
	}
	copy(a[:], v)
	return nil
}

// apply writes the overrides into st.
func (o StateOverride) apply(st *statedb.StateDB) error {
	for addr, acc := range o {
		a := ethtypes.Address(addr)
		if acc.Nonce != nil {
			st.SetNonce(a, uint64(*acc.Nonce))
		}
		if acc.Code != nil {
			st.SetCode(a, *acc.Code)
		}
		if acc.Balance != nil {
			b := uint256.Int(*acc.Balance)
			st.SetBalance(a, &b)
		}
		if acc.State != nil && acc.StateDiff != nil {
			return invalidParams("account %s has both 'state' and 'stateDiff'", hexAddr(a))
		}
		if acc.State != nil {
			// Replace the whole storage: wipe by recreating the account
			// while keeping its other fields.
			bal, nonce, code := st.GetBalance(a), st.GetNonce(a), st.GetCode(a)
			st.CreateAccount(a)
			st.SetBalance(a, &bal)
			st.SetNonce(a, nonce)
			st.SetCode(a, code)
			for k, v := range acc.State {
				st.SetState(a, ethtypes.Hash(k), ethtypes.Hash(v))
			}
		}
		for k, v := range acc.StateDiff {
			st.SetState(a, ethtypes.Hash(k), ethtypes.Hash(v))
		}
	}
	st.Finalise(false)
	return nil
}

// blockContext is the EVM context of a call on top of block b.
func (s *Service) blockContext(b *ethtypes.Block) evm.BlockContext {
	h := b.Header
	cfg := s.chain.Config()
	bctx := evm.BlockContext{
		GetHash: func(n uint64) ethtypes.Hash {
			hh, _ := s.chain.GetCanonicalHash(n)
			return hh
		},
		Coinbase:    h.Coinbase,
		GasLimit:    h.GasLimit,
		BlockNumber: h.Number,
		Time:        h.Time,
		Difficulty:  h.Difficulty,
	}
	bctx.ChainID.SetUint64(cfg.ChainID)
	if h.BaseFee != nil {
		bctx.BaseFee = *h.BaseFee
	}
	if ethchain.HeaderRules(cfg, h).IsMerge {
		bctx.Random = ethchain.PrevRandao(cfg, h)
	}
	return bctx
}

// doCall runs args on st (modified) on top of block b with gas limit gas.
func (s *Service) doCall(ctx context.Context, args *TransactionArgs, st *statedb.StateDB, b *ethtypes.Block, gas uint64, vmCfg evm.Config) (*ethchain.ExecutionResult, error) {
	bctx := s.blockContext(b)
	var baseFee *uint256.Int
	if b.Header.BaseFee != nil {
		baseFee = b.Header.BaseFee
	}
	if args.noFees() {
		// As geth's NoBaseFee: a call without prices runs at price zero.
		bctx.BaseFee.Clear()
		baseFee = nil
	}
	msg := args.toMessage(gas, baseFee)
	rules := ethchain.HeaderRules(s.chain.Config(), b.Header)
	vm := evm.NewEVM(bctx, evm.TxContext{}, st, rules, vmCfg)
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, vm.Cancel)
	defer stop()
	gp := ethchain.GasPool(^uint64(0))
	res, err := ethchain.ApplyMessage(vm, msg, &gp)
	if err != nil {
		return nil, serverError("%v", err)
	}
	if vm.Cancelled() {
		return nil, serverError("execution aborted (timeout = %v)", callTimeout)
	}
	return res, nil
}

// callGas is the gas of a call: the args' gas capped by the gas cap, or
// the cap.
func (s *Service) callGas(args *TransactionArgs) uint64 {
	gas := s.gasCap
	if args.Gas != nil && uint64(*args.Gas) < gas && *args.Gas != 0 {
		gas = uint64(*args.Gas)
	}
	return gas
}

// revertError returns geth's revert error for data.
func revertError(data []byte) *jsonrpc.Error {
	msg := "execution reverted"
	if reason, ok := evm.UnpackRevert(data); ok {
		msg += ": " + reason
	}
	return &jsonrpc.Error{Code: CodeReverted, Message: msg, Data: hexBytes(data)}
}

func txArgs(p []json.RawMessage, i int) (*TransactionArgs, error) {
	if !present(p, i) {
		return nil, invalidParams("missing value for required argument %d", i)
	}
	a, err := DecodeTransactionArgs(p[i])
	if err != nil {
		return nil, invalidParams("invalid argument %d: %v", i, err)
	}
	return a, nil
}

func (s *Service) call(ctx context.Context, p []json.RawMessage) (any, error) {
	args, err := txArgs(p, 0)
	if err != nil {
		return nil, err
	}
	bp, err := blockArg(p, 1, false)
	if err != nil {
		return nil, err
	}
	var ov StateOverride
	if err := arg(p, 2, &ov, false); err != nil {
		return nil, err
	}
	st, b, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	if err := ov.apply(st); err != nil {
		return nil, err
	}
	res, err := s.doCall(ctx, args, st, b, s.callGas(args), s.cfg.VMConfig)
	if err != nil {
		return nil, err
	}
	if errors.Is(res.Err, evm.ErrExecutionReverted) {
		return nil, revertError(res.ReturnData)
	}
	if res.Err != nil {
		return nil, serverError("%v", res.Err)
	}
	return hexBytes(res.ReturnData), nil
}

func (s *Service) estimateGas(ctx context.Context, p []json.RawMessage) (any, error) {
	args, err := txArgs(p, 0)
	if err != nil {
		return nil, err
	}
	bp := BlockNumberOrHash{Number: LatestBlock}
	if present(p, 1) {
		if err := arg(p, 1, &bp, false); err != nil {
			return nil, err
		}
	}
	var ov StateOverride
	if err := arg(p, 2, &ov, false); err != nil {
		return nil, err
	}
	st, b, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	if err := ov.apply(st); err != nil {
		return nil, err
	}
	gas, err := s.estimate(ctx, args, st, b)
	if err != nil {
		return nil, err
	}
	return hexUint(gas), nil
}

// estimate runs geth's binary search for the lowest gas limit with which
// args succeed.
func (s *Service) estimate(ctx context.Context, args *TransactionArgs, st *statedb.StateDB, b *ethtypes.Block) (uint64, error) {
	hi := b.Header.GasLimit
	if args.Gas != nil && uint64(*args.Gas) >= 21000 {
		hi = uint64(*args.Gas)
	}
	// Cap by what the sender can pay when a price is given.
	var feeCap uint256.Int
	switch {
	case args.GasPrice != nil:
		feeCap = uint256.Int(*args.GasPrice)
	case args.MaxFeePerGas != nil:
		feeCap = uint256.Int(*args.MaxFeePerGas)
	}
	if !feeCap.IsZero() {
		bal := st.GetBalance(args.from())
		if args.Value != nil {
			v := uint256.Int(*args.Value)
			// As geth: a value of the whole balance leaves nothing for gas.
			if !v.Lt(&bal) {
				return 0, serverError("insufficient funds for transfer")
			}
			bal.Sub(&bal, &v)
		}
		var allowance uint256.Int
		allowance.Div(&bal, &feeCap)
		if allowance.IsUint64() && allowance.Uint64() < hi {
			hi = allowance.Uint64()
		}
	}
	if hi > s.gasCap {
		hi = s.gasCap
	}
	run := func(gas uint64) (*ethchain.ExecutionResult, error) {
		snap := st.Snapshot()
		defer st.RevertToSnapshot(snap)
		return s.doCall(ctx, args, st, b, gas, s.cfg.VMConfig)
	}
	// geth's shortcut: a plain transfer to an account without code is tried
	// at 21,000 gas, and answered with it only when it runs (a transfer the
	// sender cannot pay falls through to the full run, which reports why).
	if args.To != nil && len(args.data()) == 0 && st.GetCodeSize(ethtypes.Address(*args.To)) == 0 && hi >= 21000 {
		if args.AccessList == nil || len(*args.AccessList) == 0 {
			if r, err := run(21000); err == nil && !r.Failed() {
				return 21000, nil
			}
		}
	}
	rules := ethchain.HeaderRules(s.chain.Config(), b.Header)
	intrinsic, ierr := ethtypes.IntrinsicGas(args.data(), args.accessList(), args.To == nil, rules)
	if ierr != nil {
		return 0, serverError("%v", ierr)
	}
	lo := intrinsic - 1
	// First run at the cap: a failure there is final.
	res, err := run(hi)
	if err != nil {
		return 0, err
	}
	if res.Failed() {
		if errors.Is(res.Err, evm.ErrExecutionReverted) {
			return 0, revertError(res.ReturnData)
		}
		if errors.Is(res.Err, evm.ErrOutOfGas) {
			return 0, serverError("gas required exceeds allowance (%d)", hi)
		}
		return 0, serverError("%v", res.Err)
	}
	// geth's optimistic first guess: the gas used plus the call stipend
	// margin, times 64/63.
	if opt := (res.PeakGas + 2300) * 64 / 63; opt > lo && opt < hi {
		r, err := run(opt)
		if err != nil {
			return 0, err
		}
		if !r.Failed() {
			hi = opt
		} else {
			lo = opt
		}
	}
	if res.PeakGas-1 > lo && res.PeakGas-1 < hi {
		lo = res.PeakGas - 1
	}
	for lo+1 < hi {
		if ctx.Err() != nil {
			return 0, serverError("%v", ctx.Err())
		}
		// geth stops when the interval is within 1.5% of hi.
		if float64(hi-lo)/float64(hi) < 0.015 {
			break
		}
		mid := lo + (hi-lo)/2
		if mid > lo*2 && lo > 0 {
			mid = lo * 2
		}
		r, err := run(mid)
		if err != nil {
			return 0, err
		}
		if r.Failed() {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, nil
}
