package ethchain

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
)

// StateDB is the state a transaction is applied to: what the EVM needs,
// plus Prepare, which resets the per-transaction access list and transient
// storage (statedb.StateDB implements it).
type StateDB interface {
	evm.StateDB
	Prepare(rules ethtypes.Rules, sender, coinbase ethtypes.Address, dest *ethtypes.Address,
		precompiles []ethtypes.Address, list ethtypes.AccessList)
}

// ExecutionResult is the outcome of a transaction that was applied: it was
// valid, its gas was paid, and its execution either succeeded (Err nil) or
// failed inside the EVM (Err is the EVM error, such as
// evm.ErrExecutionReverted or evm.ErrOutOfGas).
type ExecutionResult struct {
	UsedGas    uint64 // gas used after the refund: what the receipt records and the sender pays
	PeakGas    uint64 // gas used before the refund: the gas limit the transaction needs
	Err        error
	ReturnData []byte // the returned data, or the revert reason with ErrExecutionReverted
}

// Failed reports whether the execution failed.
func (r *ExecutionResult) Failed() bool { return r.Err != nil }

// Revert returns the revert data of a reverted execution, nil otherwise.
func (r *ExecutionResult) Revert() []byte {
	if r.Err != evm.ErrExecutionReverted {
		return nil
	}
	return r.ReturnData
}

// NewTxContext returns the EVM transaction context of msg.
//
// This function is safe for concurrent access.
func NewTxContext(msg *Message) evm.TxContext {
	return evm.TxContext{Origin: msg.From, GasPrice: msg.GasPrice, BlobHashes: msg.BlobHashes}
}

// ApplyMessage applies msg to the state of e (whose StateDB must implement
// this package's StateDB) with geth's semantics, taking its gas from gp:
//
//  1. checks: the nonce (unless skipped; ErrNonceTooLow, ErrNonceTooHigh,
//     ErrNonceMax), the sender has no code (EIP-3607, unless skipped), from
//     London the fee caps (ErrTipAboveFeeCap, ErrFeeCapTooLow), a blob
//     transaction's shape (ErrBlobTxCreate, ErrMissingBlobHashes, from
//     Cancun ErrTooManyBlobs for more blobs than a block holds,
//     ErrBlobHashVersion) and from Cancun its blob fee cap
//     (ErrBlobFeeCapTooLow);
//  2. buys gas: the balance must cover gas limit * max fee + value (+ blob
//     gas * max blob fee) (ErrInsufficientFunds), the block must have the
//     gas (ErrGasLimitReached); gas limit * effective price (+ blob gas *
//     blob base fee) is taken from the sender;
//  3. charges intrinsic gas (ErrIntrinsicGas), checks the value can be
//     transferred (ErrInsufficientFundsForTransfer) and from Shanghai the
//     init-code size (ErrMaxInitCodeSizeExceeded);
//  4. prepares the access list and transient storage, increments the
//     sender's nonce for a call (the EVM does it for a creation), runs Call
//     or Create;
//  5. refunds min(refund counter, gas used / 2, or / 5 from London),
//     returns the unused gas to the sender and the pool, and pays the
//     coinbase gas used * tip (the whole price before London; from London
//     min(tip cap, fee cap - base fee), the base fee being burnt). The
//     coinbase is credited even with zero, which touches it.
//
// An error means the transaction is invalid: nothing was changed except
// that failures after step 2 leave the gas bought (callers revert to a
// snapshot taken before the call, as block processing rejects the block
// anyway). EVM errors are in the result, not returned.
//
// e's transaction context is set from msg. This function is not safe for
// concurrent access (it runs on e and its state).
func ApplyMessage(e *evm.EVM, msg *Message, gp *GasPool) (*ExecutionResult, error) {
	st, ok := e.StateDB.(StateDB)
	if !ok {
		return nil, ErrNoStatePrepare
	}
	e.SetTxContext(NewTxContext(msg))
	tracer := e.Config.Tracer
	if tracer != nil && tracer.OnTxStart != nil {
		tracer.OnTxStart(e, &evm.TxStart{From: msg.From, To: msg.To, Gas: msg.GasLimit,
			GasPrice: msg.GasPrice, Value: msg.Value, Input: msg.Data})
	}
	t := transition{evm: e, state: st, msg: msg, gp: gp, rules: e.Rules()}
	res, err := t.execute()
	if tracer != nil && tracer.OnTxEnd != nil {
		end := &evm.TxEnd{Err: err}
		if res != nil {
			end.GasUsed = res.UsedGas
		}
		tracer.OnTxEnd(end)
	}
	return res, err
}

// transition is one application of a message.
type transition struct {
	evm   *evm.EVM
	state StateDB
	msg   *Message
	gp    *GasPool
	rules ethtypes.Rules

	gasRemaining uint64
}

func (t *transition) gasChange(old, new uint64, reason evm.GasChangeReason) {
	if tr := t.evm.Config.Tracer; tr != nil && tr.OnGasChange != nil && old != new {
		tr.OnGasChange(old, new, reason)
	}
}

// preCheck runs the checks of step 1 and buys gas.
func (t *transition) preCheck() error {
	msg := t.msg
	if !msg.SkipNonceChecks {
		stNonce := t.state.GetNonce(msg.From)
		switch {
		case stNonce < msg.Nonce:
			return &RuleError{Err: ErrNonceTooHigh, Description: fmt.Sprintf("address %v, tx: %d state: %d", msg.From.Hex(), msg.Nonce, stNonce)}
		case stNonce > msg.Nonce:
			return &RuleError{Err: ErrNonceTooLow, Description: fmt.Sprintf("address %v, tx: %d state: %d", msg.From.Hex(), msg.Nonce, stNonce)}
		case stNonce+1 < stNonce:
			return &RuleError{Err: ErrNonceMax, Description: fmt.Sprintf("address %v, nonce: %d", msg.From.Hex(), stNonce)}
		}
	}
	if !msg.SkipFromEOACheck {
		if n := t.state.GetCodeSize(msg.From); n > 0 {
			return &RuleError{Err: ErrSenderNoEOA, Description: fmt.Sprintf("address %v, len(code): %d", msg.From.Hex(), n)}
		}
	}
	if t.rules.IsLondon {
		if msg.GasFeeCap.Lt(&msg.GasTipCap) {
			return &RuleError{Err: ErrTipAboveFeeCap, Description: fmt.Sprintf("address %v, maxPriorityFeePerGas: %s, maxFeePerGas: %s",
				msg.From.Hex(), msg.GasTipCap.Dec(), msg.GasFeeCap.Dec())}
		}
		if baseFee := &t.evm.Context.BaseFee; msg.GasFeeCap.Lt(baseFee) {
			return &RuleError{Err: ErrFeeCapTooLow, Description: fmt.Sprintf("address %v, maxFeePerGas: %s, baseFee: %s",
				msg.From.Hex(), msg.GasFeeCap.Dec(), baseFee.Dec())}
		}
	}
	if msg.BlobTx {
		if msg.To == nil {
			return &RuleError{Err: ErrBlobTxCreate}
		}
		if len(msg.BlobHashes) == 0 {
			return &RuleError{Err: ErrMissingBlobHashes}
		}
		if t.rules.IsCancun && len(msg.BlobHashes) > ethtypes.MaxBlobsPerBlockCancun {
			return &RuleError{Err: ErrTooManyBlobs, Description: fmt.Sprintf("%d blobs, a block holds at most %d",
				len(msg.BlobHashes), ethtypes.MaxBlobsPerBlockCancun)}
		}
		for i, h := range msg.BlobHashes {
			if h[0] != ethtypes.BlobHashVersionKZG {
				return &RuleError{Err: ErrBlobHashVersion, Description: fmt.Sprintf("blob %d has version %#02x", i, h[0])}
			}
		}
	}
	if t.rules.IsCancun && msg.BlobGas() > 0 {
		if blobFee := &t.evm.Context.BlobBaseFee; msg.BlobGasFeeCap.Lt(blobFee) {
			return &RuleError{Err: ErrBlobFeeCapTooLow, Description: fmt.Sprintf("address %v blobGasFeeCap: %s, blobBaseFee: %s",
				msg.From.Hex(), msg.BlobGasFeeCap.Dec(), blobFee.Dec())}
		}
	}
	return t.buyGas()
}

// buyGas checks the sender can pay for the gas and the value, takes the gas
// from the pool and its price from the sender.
func (t *transition) buyGas() error {
	msg := t.msg
	var (
		gasLimit = uint256.NewInt(msg.GasLimit)
		mgval    uint256.Int // what is taken now
		check    uint256.Int // what the balance must cover
		overflow bool
		of       bool
	)
	mgval.Mul(gasLimit, &msg.GasPrice) // cannot overflow when check does not: price <= fee cap
	_, overflow = check.MulOverflow(gasLimit, &msg.GasFeeCap)
	if !overflow {
		_, overflow = check.AddOverflow(&check, &msg.Value)
	}
	if t.rules.IsCancun {
		if blobGas := msg.BlobGas(); blobGas > 0 {
			var blobCheck, blobFee uint256.Int
			bg := uint256.NewInt(blobGas)
			if _, of = blobCheck.MulOverflow(bg, &msg.BlobGasFeeCap); of {
				overflow = true
			} else if !overflow {
				_, overflow = check.AddOverflow(&check, &blobCheck)
			}
			blobFee.Mul(bg, &t.evm.Context.BlobBaseFee) // <= blobCheck
			mgval.Add(&mgval, &blobFee)
		}
	}
	if overflow {
		return &RuleError{Err: ErrInsufficientFunds, Description: fmt.Sprintf("address %v required balance exceeds 256 bits", msg.From.Hex())}
	}
	if have := t.state.GetBalance(msg.From); have.Lt(&check) {
		return &RuleError{Err: ErrInsufficientFunds, Description: fmt.Sprintf("address %v have %s want %s", msg.From.Hex(), have.Dec(), check.Dec())}
	}
	if err := t.gp.SubGas(msg.GasLimit); err != nil {
		return err
	}
	t.gasChange(0, msg.GasLimit, evm.GasChangeTxInitialBalance)
	t.gasRemaining = msg.GasLimit
	t.state.SubBalance(msg.From, &mgval)
	return nil
}

// execute applies the message (steps 1 to 5 of ApplyMessage).
func (t *transition) execute() (*ExecutionResult, error) {
	if err := t.preCheck(); err != nil {
		return nil, err
	}
	msg := t.msg
	rules := t.rules
	creation := msg.To == nil

	gas, err := ethtypes.IntrinsicGas(msg.Data, msg.AccessList, creation, rules)
	if err != nil {
		return nil, err
	}
	if t.gasRemaining < gas {
		return nil, &RuleError{Err: ErrIntrinsicGas, Description: fmt.Sprintf("have %d, want %d", t.gasRemaining, gas)}
	}
	t.gasChange(t.gasRemaining, t.gasRemaining-gas, evm.GasChangeTxIntrinsicGas)
	t.gasRemaining -= gas

	if !msg.Value.IsZero() {
		if bal := t.state.GetBalance(msg.From); bal.Lt(&msg.Value) {
			return nil, &RuleError{Err: ErrInsufficientFundsForTransfer, Description: "address " + msg.From.Hex()}
		}
	}
	if rules.IsShanghai && creation && len(msg.Data) > ethtypes.MaxInitCodeSize {
		return nil, &RuleError{Err: ErrMaxInitCodeSizeExceeded, Description: fmt.Sprintf("code size %d limit %d", len(msg.Data), ethtypes.MaxInitCodeSize)}
	}

	coinbase := t.evm.Context.Coinbase
	t.state.Prepare(rules, msg.From, coinbase, msg.To, t.evm.ActivePrecompiles(), msg.AccessList)

	var (
		ret   []byte
		vmerr error
	)
	if creation {
		ret, _, t.gasRemaining, vmerr = t.evm.Create(msg.From, msg.Data, t.gasRemaining, &msg.Value)
	} else {
		t.state.SetNonce(msg.From, t.state.GetNonce(msg.From)+1)
		ret, t.gasRemaining, vmerr = t.evm.Call(msg.From, *msg.To, msg.Data, t.gasRemaining, &msg.Value)
	}
	peak := msg.GasLimit - t.gasRemaining

	// Refund, capped (EIP-3529 from London).
	refund := t.gasUsed() / evm.MaxRefundQuotient(rules)
	if r := t.state.GetRefund(); refund > r {
		refund = r
	}
	t.gasChange(t.gasRemaining, t.gasRemaining+refund, evm.GasChangeTxRefunds)
	t.gasRemaining += refund

	// Return the gas left to the sender and the block.
	var back uint256.Int
	back.Mul(uint256.NewInt(t.gasRemaining), &msg.GasPrice)
	t.state.AddBalance(msg.From, &back)
	t.gasChange(t.gasRemaining, 0, evm.GasChangeTxLeftOverReturned)
	t.gp.AddGas(t.gasRemaining)

	// Pay the coinbase its tip; from London the base fee is burnt.
	tip := msg.GasPrice
	if rules.IsLondon {
		var rest uint256.Int
		rest.Sub(&msg.GasFeeCap, &t.evm.Context.BaseFee)
		tip = msg.GasTipCap
		if rest.Lt(&tip) {
			tip = rest
		}
	}
	var fee uint256.Int
	fee.Mul(uint256.NewInt(t.gasUsed()), &tip)
	t.state.AddBalance(coinbase, &fee)

	return &ExecutionResult{UsedGas: t.gasUsed(), PeakGas: peak, Err: vmerr, ReturnData: ret}, nil
}

// gasUsed returns the gas used so far.
func (t *transition) gasUsed() uint64 { return t.msg.GasLimit - t.gasRemaining }
