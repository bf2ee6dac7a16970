package evm

import (
	"sync/atomic"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/precompile"
)

// callCreateDepth is the deepest call nesting (the transaction's frame is
// depth 1).
const callCreateDepth = 1024

// EVM executes calls and creations against a StateDB under one fork's
// rules. An EVM is used by one goroutine at a time; it may run the
// transactions of a block one after the other (SetTxContext between them).
// Cancel may be called from any goroutine.
type EVM struct {
	Context   BlockContext
	TxContext TxContext
	StateDB   StateDB
	Config    Config

	rules ethtypes.Rules
	table *jumpTable

	depth    int
	readOnly bool
	// callGasTemp carries the gas a call passes on from the call's gas
	// function to its instruction.
	callGasTemp uint64

	cache *Cache

	precompiles PrecompileSet

	hasher  crypto.KeccakState
	hashOut ethtypes.Hash

	abort atomic.Bool
}

// NewEVM returns an EVM for one block. rules select the instruction set and
// gas schedule (ForkOf(rules)) and the fork-dependent behaviour of calls and
// creations.
//
// The code that applies a transaction sits on top of the EVM: it checks the
// nonce and balance, buys gas, charges intrinsic gas
// (ethtypes.IntrinsicGas), prepares the access list (sender, destination,
// ActivePrecompiles, the transaction's list and, from Shanghai, the
// coinbase) and clears transient storage, increments the sender's nonce for
// a call (Create does it for a creation), calls Call or Create with the gas
// left, then applies the refund (capped at gas used / MaxRefundQuotient),
// returns unused gas to the sender and pays the coinbase its tip.
//
// This function is safe for concurrent access.
func NewEVM(blockCtx BlockContext, txCtx TxContext, statedb StateDB, rules ethtypes.Rules, config Config) *EVM {
	evm := &EVM{
		Context:   blockCtx,
		TxContext: txCtx,
		StateDB:   statedb,
		Config:    config,
		rules:     rules,
		table:     jumpTables[ForkOf(rules)],
		cache:     config.Cache,
		hasher:    crypto.NewKeccakState(),
	}
	if evm.cache == nil {
		evm.cache = NewCache(256)
	}
	evm.precompiles = config.Precompiles
	if evm.precompiles == nil {
		evm.precompiles = precompile.ForRules(rules)
	}
	return evm
}

// SetTxContext replaces the transaction context, to run the next
// transaction of the block.
//
// This method is not safe for concurrent use.
func (evm *EVM) SetTxContext(txCtx TxContext) { evm.TxContext = txCtx }

// Rules returns the fork rules the EVM runs under.
func (evm *EVM) Rules() ethtypes.Rules { return evm.rules }

// Fork returns the instruction set in use.
func (evm *EVM) Fork() Fork { return evm.table.fork }

// Depth returns the current call depth (0 outside any frame).
func (evm *EVM) Depth() int { return evm.depth }

// Cancel makes the running execution stop at its next jump as if it had
// executed STOP; the caller then discards the result.
//
// This method is safe for concurrent access.
func (evm *EVM) Cancel() { evm.abort.Store(true) }

// Cancelled reports whether Cancel was called.
//
// This method is safe for concurrent access.
func (evm *EVM) Cancelled() bool { return evm.abort.Load() }

// ActivePrecompiles returns the addresses of the precompiles in use, which
// a transaction's access list starts with (EIP-2929). The slice must not be
// modified.
func (evm *EVM) ActivePrecompiles() []ethtypes.Address { return evm.precompiles.Addresses() }

// MaxRefundQuotient returns the divisor of the refund cap: the refund is at
// most gas used / 2 before London and gas used / 5 from London (EIP-3529).
//
// This function is safe for concurrent access.
func MaxRefundQuotient(rules ethtypes.Rules) uint64 {
	if rules.IsLondon {
		return 5
	}
	return 2
}

func (evm *EVM) precompile(addr ethtypes.Address) (PrecompiledContract, bool) {
	return evm.precompiles.Lookup(addr)
}

// keccak hashes data with the EVM's reusable sponge.
func (evm *EVM) keccak(data []byte) ethtypes.Hash {
	evm.hasher.Reset()
	evm.hasher.Write(data)
	evm.hasher.Read(evm.hashOut[:])
	return evm.hashOut
}

func canTransfer(db StateDB, from ethtypes.Address, amount *uint256.Int) bool {
	if amount.IsZero() {
		return true
	}
	bal := db.GetBalance(from)
	return !bal.Lt(amount)
}

func transfer(db StateDB, from, to ethtypes.Address, amount *uint256.Int) {
	db.SubBalance(from, amount)
	db.AddBalance(to, amount)
}

// Call runs the code of addr with input, transferring value from caller,
// and returns the output, the gas left and the error the frame ended with
// (nil, ErrExecutionReverted with the revert data, or an error that
// consumed all gas). A call to an address without code only transfers the
// value; from Spurious Dragon a call with no value to a non-existent
// account does nothing at all.
//
// Call is also the entry point of a message call transaction. input and
// value are not modified; ret belongs to the caller.
//
// This method is not safe for concurrent use (nor are the other entry
// points: an EVM runs one call tree at a time).
func (evm *EVM) Call(caller, addr ethtypes.Address, input []byte, gas uint64, value *uint256.Int) (ret []byte, leftOverGas uint64, err error) {
	if evm.Config.Tracer != nil {
		evm.traceBegin(CALL, caller, addr, input, gas, value)
		ret, leftOverGas, err = evm.call(caller, addr, input, gas, value)
		evm.traceEnd(gas, leftOverGas, ret, err)
		return ret, leftOverGas, err
	}
	return evm.call(caller, addr, input, gas, value)
}

func (evm *EVM) call(caller, addr ethtypes.Address, input []byte, gas uint64, value *uint256.Int) ([]byte, uint64, error) {
	if evm.depth > callCreateDepth {
		return nil, gas, ErrDepth
	}
	db := evm.StateDB
	if !canTransfer(db, caller, value) {
		return nil, gas, ErrInsufficientBalance
	}
	snapshot := db.Snapshot()
	p, isPrecompile := evm.precompile(addr)
	if !db.Exist(addr) {
		if !isPrecompile && evm.rules.IsEIP158 && value.IsZero() {
			return nil, gas, nil
		}
		db.CreateAccount(addr)
	}
	transfer(db, caller, addr, value)

	var (
		ret []byte
		err error
	)
	if isPrecompile {
		ret, gas, err = evm.runPrecompile(p, input, gas)
	} else if code := db.GetCode(addr); len(code) > 0 {
		ret, gas, err = evm.run(caller, addr, code, db.GetCodeHash(addr), input, gas, value, false)
	}
	if err != nil {
		db.RevertToSnapshot(snapshot)
		if err != ErrExecutionReverted {
			gas = evm.burnGas(gas)
		}
	}
	return ret, gas, err
}

// CallCode runs the code of addr in caller's context (caller's storage and
// balance), with value as CALLVALUE; no value moves.
func (evm *EVM) CallCode(caller, addr ethtypes.Address, input []byte, gas uint64, value *uint256.Int) (ret []byte, leftOverGas uint64, err error) {
	if evm.Config.Tracer != nil {
		evm.traceBegin(CALLCODE, caller, addr, input, gas, value)
		ret, leftOverGas, err = evm.callCode(caller, addr, input, gas, value)
		evm.traceEnd(gas, leftOverGas, ret, err)
		return ret, leftOverGas, err
	}
	return evm.callCode(caller, addr, input, gas, value)
}

func (evm *EVM) callCode(caller, addr ethtypes.Address, input []byte, gas uint64, value *uint256.Int) ([]byte, uint64, error) {
	if evm.depth > callCreateDepth {
		return nil, gas, ErrDepth
	}
	db := evm.StateDB
	// The value does not move, but the caller must be able to pay it.
	if !canTransfer(db, caller, value) {
		return nil, gas, ErrInsufficientBalance
	}
	snapshot := db.Snapshot()
	var (
		ret []byte
		err error
	)
	if p, ok := evm.precompile(addr); ok {
		ret, gas, err = evm.runPrecompile(p, input, gas)
	} else {
		ret, gas, err = evm.run(caller, caller, db.GetCode(addr), db.GetCodeHash(addr), input, gas, value, false)
	}
	if err != nil {
		db.RevertToSnapshot(snapshot)
		if err != ErrExecutionReverted {
			gas = evm.burnGas(gas)
		}
	}
	return ret, gas, err
}

// DelegateCall runs the code of addr in the context of the calling frame:
// its address (caller), its caller (originCaller) and its value.
func (evm *EVM) DelegateCall(originCaller, caller, addr ethtypes.Address, input []byte, gas uint64, value *uint256.Int) (ret []byte, leftOverGas uint64, err error) {
	if evm.Config.Tracer != nil {
		evm.traceBegin(DELEGATECALL, caller, addr, input, gas, value)
		ret, leftOverGas, err = evm.delegateCall(originCaller, caller, addr, input, gas, value)
		evm.traceEnd(gas, leftOverGas, ret, err)
		return ret, leftOverGas, err
	}
	return evm.delegateCall(originCaller, caller, addr, input, gas, value)
}

func (evm *EVM) delegateCall(originCaller, caller, addr ethtypes.Address, input []byte, gas uint64, value *uint256.Int) ([]byte, uint64, error) {
	if evm.depth > callCreateDepth {
		return nil, gas, ErrDepth
	}
	db := evm.StateDB
	snapshot := db.Snapshot()
	var (
		ret []byte
		err error
	)
	if p, ok := evm.precompile(addr); ok {
		ret, gas, err = evm.runPrecompile(p, input, gas)
	} else {
		ret, gas, err = evm.run(originCaller, caller, db.GetCode(addr), db.GetCodeHash(addr), input, gas, value, false)
	}
	if err != nil {
		db.RevertToSnapshot(snapshot)
		if err != ErrExecutionReverted {
			gas = evm.burnGas(gas)
		}
	}
	return ret, gas, err
}

// StaticCall runs the code of addr with state changes forbidden (EIP-214).
func (evm *EVM) StaticCall(caller, addr ethtypes.Address, input []byte, gas uint64) (ret []byte, leftOverGas uint64, err error) {
	if evm.Config.Tracer != nil {
		evm.traceBegin(STATICCALL, caller, addr, input, gas, nil)
		ret, leftOverGas, err = evm.staticCall(caller, addr, input, gas)
		evm.traceEnd(gas, leftOverGas, ret, err)
		return ret, leftOverGas, err
	}
	return evm.staticCall(caller, addr, input, gas)
}

func (evm *EVM) staticCall(caller, addr ethtypes.Address, input []byte, gas uint64) ([]byte, uint64, error) {
	if evm.depth > callCreateDepth {
		return nil, gas, ErrDepth
	}
	db := evm.StateDB
	snapshot := db.Snapshot()
	// A static call touches its target like any call (a zero balance
	// change), which matters for EIP-161 on networks with empty accounts.
	var zero uint256.Int
	db.AddBalance(addr, &zero)
	var (
		ret []byte
		err error
	)
	if p, ok := evm.precompile(addr); ok {
		ret, gas, err = evm.runPrecompile(p, input, gas)
	} else {
		ret, gas, err = evm.run(caller, addr, db.GetCode(addr), db.GetCodeHash(addr), input, gas, &zero, true)
	}
	if err != nil {
		db.RevertToSnapshot(snapshot)
		if err != ErrExecutionReverted {
			gas = evm.burnGas(gas)
		}
	}
	return ret, gas, err
}

// Create creates a contract at the address derived from caller and its
// nonce (keccak256(rlp([caller, nonce]))[12:]), running code as init code
// with value transferred. It returns the init code's output (the deployed
// code, or the revert data), the new address, the gas left and the error.
//
// Create is also the entry point of a creation transaction; it increments
// the caller's nonce itself.
//
// This method is not safe for concurrent use.
func (evm *EVM) Create(caller ethtypes.Address, code []byte, gas uint64, value *uint256.Int) (ret []byte, contractAddr ethtypes.Address, leftOverGas uint64, err error) {
	contractAddr = ethtypes.CreateAddress(caller, evm.StateDB.GetNonce(caller))
	return evm.createTraced(caller, code, ethtypes.Hash{}, gas, value, contractAddr, CREATE)
}

// Create2 creates a contract at keccak256(0xff ++ caller ++ salt ++
// keccak256(code))[12:] (EIP-1014).
func (evm *EVM) Create2(caller ethtypes.Address, code []byte, gas uint64, value *uint256.Int, salt *uint256.Int) (ret []byte, contractAddr ethtypes.Address, leftOverGas uint64, err error) {
	codeHash := evm.keccak(code)
	contractAddr = ethtypes.CreateAddress2(caller, salt.Bytes32(), codeHash)
	return evm.createTraced(caller, code, codeHash, gas, value, contractAddr, CREATE2)
}

func (evm *EVM) createTraced(caller ethtypes.Address, code []byte, codeHash ethtypes.Hash, gas uint64, value *uint256.Int, addr ethtypes.Address, typ OpCode) ([]byte, ethtypes.Address, uint64, error) {
	if evm.Config.Tracer != nil {
		evm.traceBegin(typ, caller, addr, code, gas, value)
		ret, a, left, err := evm.create(caller, code, codeHash, gas, value, addr)
		evm.traceEnd(gas, left, ret, err)
		return ret, a, left, err
	}
	return evm.create(caller, code, codeHash, gas, value, addr)
}

func (evm *EVM) create(caller ethtypes.Address, code []byte, codeHash ethtypes.Hash, gas uint64, value *uint256.Int, addr ethtypes.Address) ([]byte, ethtypes.Address, uint64, error) {
	if evm.depth > callCreateDepth {
		return nil, ethtypes.Address{}, gas, ErrDepth
	}
	db := evm.StateDB
	if !canTransfer(db, caller, value) {
		return nil, ethtypes.Address{}, gas, ErrInsufficientBalance
	}
	nonce := db.GetNonce(caller)
	if nonce+1 < nonce {
		return nil, ethtypes.Address{}, gas, ErrNonceUintOverflow
	}
	db.SetNonce(caller, nonce+1)
	// The address stays warm even if the creation fails (EIP-2929).
	if evm.rules.IsBerlin {
		db.AddAddressToAccessList(addr)
	}
	// An address with a nonce or code is taken (EIP-684; geth does not check
	// storage, EIP-7610).
	if h := db.GetCodeHash(addr); db.GetNonce(addr) != 0 || (h != (ethtypes.Hash{}) && h != ethtypes.EmptyCodeHash) {
		evm.burnGas(gas)
		return nil, ethtypes.Address{}, 0, ErrContractAddressCollision
	}
	snapshot := db.Snapshot()
	if !db.Exist(addr) {
		db.CreateAccount(addr)
	}
	db.CreateContract(addr)
	if evm.rules.IsEIP158 {
		db.SetNonce(addr, 1)
	}
	transfer(db, caller, addr, value)

	ret, gas, err := evm.run(caller, addr, code, codeHash, nil, gas, value, false)
	if err == nil {
		gas, err = evm.deployCode(addr, ret, gas)
	}
	if err != nil && (evm.rules.IsHomestead || err != ErrCodeStoreOutOfGas) {
		db.RevertToSnapshot(snapshot)
		if err != ErrExecutionReverted {
			gas = evm.burnGas(gas)
		}
	}
	return ret, addr, gas, err
}

// deployCode checks the code returned by init code (EIP-170, EIP-3541),
// charges 200 gas per byte and stores it.
func (evm *EVM) deployCode(addr ethtypes.Address, code []byte, gas uint64) (uint64, error) {
	if evm.rules.IsEIP158 && len(code) > ethtypes.MaxCodeSize {
		return gas, ErrMaxCodeSizeExceeded
	}
	if evm.rules.IsLondon && len(code) > 0 && code[0] == 0xEF {
		return gas, ErrInvalidCode
	}
	cost := uint64(len(code)) * createDataGas
	if gas < cost {
		return gas, ErrCodeStoreOutOfGas
	}
	if t := evm.Config.Tracer; t != nil && t.OnGasChange != nil && cost != 0 {
		t.OnGasChange(gas, gas-cost, GasChangeCallCodeStorage)
	}
	evm.StateDB.SetCode(addr, code)
	return gas - cost, nil
}

// burnGas reports the loss of a failing frame's gas and returns zero.
func (evm *EVM) burnGas(gas uint64) uint64 {
	if t := evm.Config.Tracer; t != nil && t.OnGasChange != nil && gas != 0 {
		t.OnGasChange(gas, 0, GasChangeCallFailedExecution)
	}
	return 0
}

// runPrecompile charges a precompile's gas and runs it.
func (evm *EVM) runPrecompile(p PrecompiledContract, input []byte, gas uint64) ([]byte, uint64, error) {
	cost := p.RequiredGas(input)
	if gas < cost {
		return nil, 0, ErrOutOfGas
	}
	if t := evm.Config.Tracer; t != nil && t.OnGasChange != nil {
		t.OnGasChange(gas, gas-cost, GasChangeCallPrecompiledContract)
	}
	out, err := p.Run(input)
	return out, gas - cost, err
}

// run executes code in a new frame one level deeper and returns its output,
// gas left and error.
func (evm *EVM) run(caller, addr ethtypes.Address, code []byte, codeHash ethtypes.Hash, input []byte, gas uint64, value *uint256.Int, readOnly bool) ([]byte, uint64, error) {
	if len(code) == 0 {
		return nil, gas, nil
	}
	evm.depth++
	f := evm.cache.getFrame()
	f.evm = evm
	f.sp, f.pc, f.gas = 0, 0, gas
	f.mem.reset()
	f.code, f.codeHash = code, codeHash
	f.an = evm.codeAnalysis(code, codeHash)
	f.caller, f.address = caller, addr
	f.value = *value
	f.input = input
	f.returnData, f.ret = nil, nil
	t := evm.Config.Tracer
	f.exact = t != nil && (t.OnOpcode != nil || t.OnFault != nil || t.OnGasChange != nil)

	wasReadOnly := evm.readOnly
	if readOnly {
		evm.readOnly = true
	}
	var (
		ret []byte
		err error
	)
	if f.exact {
		ret, err = evm.runExact(f)
	} else {
		ret, err = evm.runFast(f)
	}
	evm.readOnly = wasReadOnly
	evm.depth--
	gas = f.gas
	evm.cache.putFrame(f)
	return ret, gas, err
}

func (evm *EVM) traceBegin(typ OpCode, from, to ethtypes.Address, input []byte, gas uint64, value *uint256.Int) {
	t := evm.Config.Tracer
	if t.OnEnter != nil {
		t.OnEnter(evm.depth, typ, from, to, input, gas, value)
	}
	if t.OnGasChange != nil {
		t.OnGasChange(0, gas, GasChangeCallInitialBalance)
	}
}

func (evm *EVM) traceEnd(startGas, leftOverGas uint64, ret []byte, err error) {
	t := evm.Config.Tracer
	if leftOverGas != 0 && t.OnGasChange != nil {
		t.OnGasChange(leftOverGas, 0, GasChangeCallLeftOverReturned)
	}
	reverted := err != nil
	if !evm.rules.IsHomestead && err == ErrCodeStoreOutOfGas {
		reverted = false
	}
	if t.OnExit != nil {
		t.OnExit(evm.depth, ret, startGas-leftOverGas, err, reverted)
	}
}
