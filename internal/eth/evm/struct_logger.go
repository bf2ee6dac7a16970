package evm

import (
	"encoding/hex"
	"encoding/json"
	"maps"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// StructLoggerConfig selects what the struct logger records per
// instruction (geth's debug_traceTransaction options).
type StructLoggerConfig struct {
	EnableMemory     bool // record memory
	DisableStack     bool // do not record the stack
	DisableStorage   bool // do not record storage touched by SLOAD/SSTORE
	EnableReturnData bool // record the last sub-call's return data
	Limit            int  // stop recording once the output exceeds this many bytes (0: no limit)
}

// StructLogger records every instruction in the shape of geth's default
// debug_traceTransaction tracer: {"gas", "failed", "returnValue",
// "structLogs": [{"pc", "op", "gas", "gasCost", "depth", "error", "stack",
// "returnData", "memory", "storage", "refund"}, ...]}.
//
// A StructLogger traces one transaction and is not safe for concurrent use.
type StructLogger struct {
	cfg     StructLoggerConfig
	db      StateDB
	storage map[ethtypes.Address]map[ethtypes.Hash]ethtypes.Hash
	logs    []json.RawMessage
	size    int

	output  []byte
	err     error
	usedGas uint64
	hasTx   bool
}

// NewStructLogger returns a struct logger; cfg may be nil for the
// defaults (stack and storage, no memory, no return data).
//
// This function is safe for concurrent access.
func NewStructLogger(cfg *StructLoggerConfig) *StructLogger {
	l := &StructLogger{storage: make(map[ethtypes.Address]map[ethtypes.Hash]ethtypes.Hash)}
	if cfg != nil {
		l.cfg = *cfg
	}
	return l
}

// Tracer returns the hooks to put in Config.Tracer.
func (l *StructLogger) Tracer() *Tracer {
	return &Tracer{
		OnTxStart: l.onTxStart,
		OnTxEnd:   l.onTxEnd,
		OnExit:    l.onExit,
		OnOpcode:  l.onOpcode,
	}
}

func (l *StructLogger) onTxStart(evm *EVM, _ *TxStart) { l.db = evm.StateDB }

func (l *StructLogger) onTxEnd(res *TxEnd) {
	if res.Err != nil {
		if l.err == nil {
			l.err = res.Err
		}
		return
	}
	l.usedGas, l.hasTx = res.GasUsed, true
}

func (l *StructLogger) onExit(depth int, output []byte, gasUsed uint64, err error, _ bool) {
	if depth != 0 {
		return
	}
	l.output = append([]byte(nil), output...)
	l.err = err
	if !l.hasTx {
		l.usedGas = gasUsed
	}
}

// structLogJSON is one instruction in geth's legacy JSON shape.
type structLogJSON struct {
	Pc         uint64             `json:"pc"`
	Op         string             `json:"op"`
	Gas        uint64             `json:"gas"`
	GasCost    uint64             `json:"gasCost"`
	Depth      int                `json:"depth"`
	Error      string             `json:"error,omitempty"`
	Stack      *[]string          `json:"stack,omitempty"`
	ReturnData string             `json:"returnData,omitempty"`
	Memory     *[]string          `json:"memory,omitempty"`
	Storage    *map[string]string `json:"storage,omitempty"`
	Refund     uint64             `json:"refund,omitempty"`
}

func (l *StructLogger) onOpcode(pc uint64, op OpCode, gas, cost uint64, scope *Frame, rData []byte, depth int, err error) {
	if l.cfg.Limit != 0 && l.size > l.cfg.Limit {
		return
	}
	entry := structLogJSON{Pc: pc, Op: op.String(), Gas: gas, GasCost: cost, Depth: depth}
	if err != nil {
		entry.Error = err.Error()
	}
	if l.db == nil {
		l.db = scope.evm.StateDB
	}
	entry.Refund = l.db.GetRefund()
	stack := scope.StackData()
	if !l.cfg.DisableStack {
		s := make([]string, len(stack))
		for i := range stack {
			s[i] = stack[i].Hex()
		}
		entry.Stack = &s
	}
	if l.cfg.EnableReturnData && len(rData) > 0 {
		entry.ReturnData = "0x" + hex.EncodeToString(rData)
	}
	if mem := scope.MemoryData(); l.cfg.EnableMemory && len(mem) > 0 {
		m := make([]string, 0, len(mem)/32)
		for i := 0; i+32 <= len(mem); i += 32 {
			m = append(m, hex.EncodeToString(mem[i:i+32]))
		}
		entry.Memory = &m
	}
	if !l.cfg.DisableStorage && (op == SLOAD && len(stack) >= 1 || op == SSTORE && len(stack) >= 2) {
		addr := scope.Address()
		st := l.storage[addr]
		if st == nil {
			st = make(map[ethtypes.Hash]ethtypes.Hash)
			l.storage[addr] = st
		}
		key := ethtypes.Hash(stack[len(stack)-1].Bytes32())
		if op == SLOAD {
			st[key] = l.db.GetState(addr, key)
		} else {
			st[key] = stack[len(stack)-2].Bytes32()
		}
		m := make(map[string]string, len(st))
		for k, v := range maps.All(st) {
			m[hex.EncodeToString(k[:])] = hex.EncodeToString(v[:])
		}
		entry.Storage = &m
	}
	b, _ := json.Marshal(&entry)
	l.size += len(b)
	l.logs = append(l.logs, b)
}

// Result returns the trace as geth's debug_traceTransaction does. The
// return value is the output on success, the revert data on a revert, and
// empty after any other failure.
func (l *StructLogger) Result() (json.RawMessage, error) {
	ret := l.output
	failed := l.err != nil
	if failed && l.err != ErrExecutionReverted {
		ret = nil
	}
	logs := l.logs
	if logs == nil {
		logs = []json.RawMessage{}
	}
	return json.Marshal(struct {
		Gas         uint64            `json:"gas"`
		Failed      bool              `json:"failed"`
		ReturnValue string            `json:"returnValue"`
		StructLogs  []json.RawMessage `json:"structLogs"`
	}{l.usedGas, failed, "0x" + hex.EncodeToString(ret), logs})
}

// Error returns the error the transaction's frame ended with.
func (l *StructLogger) Error() error { return l.err }

// Output returns the output of the transaction's frame.
func (l *StructLogger) Output() []byte { return l.output }

// hexU256 formats a value as geth's hexutil.Big does.
func hexU256(v *uint256.Int) string { return v.Hex() }
