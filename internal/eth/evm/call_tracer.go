package evm

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// CallTracerConfig holds the options of geth's callTracer.
type CallTracerConfig struct {
	OnlyTopCall bool `json:"onlyTopCall"` // do not record sub-calls
	WithLog     bool `json:"withLog"`     // record logs
}

// CallFrame is one call in a CallTracer's result. It marshals to the JSON
// of geth's callTracer.
type CallFrame struct {
	Type         OpCode
	From         ethtypes.Address
	To           *ethtypes.Address // nil for a failed creation
	Gas          uint64
	GasUsed      uint64
	Input        []byte
	Output       []byte
	Error        string
	RevertReason string
	Calls        []CallFrame
	Logs         []CallLog
	Value        *uint256.Int // nil for STATICCALL
}

// CallLog is a log recorded by the call tracer; Position is the number of
// sub-calls the frame had made before it.
type CallLog struct {
	Address  ethtypes.Address
	Topics   []ethtypes.Hash
	Data     []byte
	Position int
}

func hexBytes(b []byte) string          { return "0x" + hex.EncodeToString(b) }
func hexAddr(a ethtypes.Address) string { return "0x" + hex.EncodeToString(a[:]) }
func hexUint(v uint64) string           { return "0x" + strconv.FormatUint(v, 16) }

// MarshalJSON writes the frame as geth's callTracer does (lower-case hex
// addresses, hex quantities, fields in geth's order).
func (f *CallFrame) MarshalJSON() ([]byte, error) {
	type logJSON struct {
		Address  string   `json:"address"`
		Topics   []string `json:"topics"`
		Data     string   `json:"data"`
		Position string   `json:"position"`
	}
	type frameJSON struct {
		From         string      `json:"from"`
		Gas          string      `json:"gas"`
		GasUsed      string      `json:"gasUsed"`
		To           string      `json:"to,omitempty"`
		Input        string      `json:"input"`
		Output       string      `json:"output,omitempty"`
		Error        string      `json:"error,omitempty"`
		RevertReason string      `json:"revertReason,omitempty"`
		Calls        []CallFrame `json:"calls,omitempty"`
		Logs         []logJSON   `json:"logs,omitempty"`
		Value        string      `json:"value,omitempty"`
		Type         string      `json:"type"`
	}
	out := frameJSON{
		From:         hexAddr(f.From),
		Gas:          hexUint(f.Gas),
		GasUsed:      hexUint(f.GasUsed),
		Input:        hexBytes(f.Input),
		Error:        f.Error,
		RevertReason: f.RevertReason,
		Calls:        f.Calls,
		Type:         f.Type.String(),
	}
	if f.To != nil {
		out.To = hexAddr(*f.To)
	}
	if len(f.Output) > 0 {
		out.Output = hexBytes(f.Output)
	}
	if f.Value != nil {
		out.Value = hexU256(f.Value)
	}
	for _, l := range f.Logs {
		lj := logJSON{Address: hexAddr(l.Address), Topics: make([]string, len(l.Topics)), Data: hexBytes(l.Data), Position: hexUint(uint64(l.Position))}
		for i, t := range l.Topics {
			lj.Topics[i] = hexBytes(t[:])
		}
		out.Logs = append(out.Logs, lj)
	}
	return json.Marshal(&out)
}

func (f *CallFrame) failed() bool { return f.Error != "" }

// processOutput records a frame's output and error as geth does: an error
// that did not revert (pre-Homestead code storage) is no error, a failed
// creation has no address, revert data is kept with its decoded reason.
func (f *CallFrame) processOutput(output []byte, err error, reverted bool) {
	output = append([]byte(nil), output...)
	if err != nil && !reverted {
		err = nil
	}
	if err == nil {
		f.Output = output
		return
	}
	f.Error = err.Error()
	if f.Type == CREATE || f.Type == CREATE2 {
		f.To = nil
	}
	if !errors.Is(err, ErrExecutionReverted) || len(output) == 0 {
		return
	}
	f.Output = output
	if reason, ok := UnpackRevert(output); ok {
		f.RevertReason = reason
	}
}

// CallTracer records the tree of calls of a transaction in the shape of
// geth's callTracer. It is not safe for concurrent use.
type CallTracer struct {
	cfg       CallTracerConfig
	stack     []CallFrame // stack[0] is the transaction's frame
	gasLimit  uint64
	depth     int
	hasTxEnd  bool
	hasResult bool
}

// NewCallTracer returns a call tracer; cfg may be nil for the defaults.
//
// This function is safe for concurrent access.
func NewCallTracer(cfg *CallTracerConfig) *CallTracer {
	t := &CallTracer{stack: make([]CallFrame, 1)}
	if cfg != nil {
		t.cfg = *cfg
	}
	return t
}

// Tracer returns the hooks to put in Config.Tracer.
func (t *CallTracer) Tracer() *Tracer {
	return &Tracer{
		OnTxStart: t.onTxStart,
		OnTxEnd:   t.onTxEnd,
		OnEnter:   t.onEnter,
		OnExit:    t.onExit,
		OnLog:     t.onLog,
	}
}

func (t *CallTracer) onTxStart(_ *EVM, tx *TxStart) { t.gasLimit = tx.Gas }

func (t *CallTracer) onTxEnd(res *TxEnd) {
	if res.Err != nil {
		return
	}
	t.stack[0].GasUsed = res.GasUsed
	t.hasTxEnd = true
	if t.cfg.WithLog {
		clearFailedLogs(&t.stack[0], false)
	}
}

func (t *CallTracer) onEnter(depth int, typ OpCode, from, to ethtypes.Address, input []byte, gas uint64, value *uint256.Int) {
	t.depth = depth + 1
	if t.cfg.OnlyTopCall && depth > 0 {
		return
	}
	toCopy := to
	call := CallFrame{Type: typ, From: from, To: &toCopy, Input: append([]byte(nil), input...), Gas: gas}
	if value != nil {
		v := *value
		call.Value = &v
	}
	if depth == 0 {
		if t.gasLimit != 0 {
			call.Gas = t.gasLimit
		}
		t.stack[0] = call
		return
	}
	t.stack = append(t.stack, call)
}

func (t *CallTracer) onExit(depth int, output []byte, gasUsed uint64, err error, reverted bool) {
	t.depth = depth
	if depth == 0 {
		t.stack[0].processOutput(output, err, reverted)
		if !t.hasTxEnd {
			t.stack[0].GasUsed = gasUsed
		}
		t.hasResult = true
		return
	}
	if t.cfg.OnlyTopCall {
		return
	}
	n := len(t.stack)
	if n <= 1 {
		return
	}
	call := t.stack[n-1]
	t.stack = t.stack[:n-1]
	call.GasUsed = gasUsed
	call.processOutput(output, err, reverted)
	parent := &t.stack[n-2]
	parent.Calls = append(parent.Calls, call)
}

func (t *CallTracer) onLog(addr ethtypes.Address, topics []ethtypes.Hash, data []byte) {
	if !t.cfg.WithLog || (t.cfg.OnlyTopCall && t.depth > 1) {
		return
	}
	top := &t.stack[len(t.stack)-1]
	top.Logs = append(top.Logs, CallLog{
		Address:  addr,
		Topics:   append([]ethtypes.Hash(nil), topics...),
		Data:     append([]byte(nil), data...),
		Position: len(top.Calls),
	})
}

// clearFailedLogs drops the logs of failed frames and their children.
func clearFailedLogs(f *CallFrame, parentFailed bool) {
	failed := f.failed() || parentFailed
	if failed {
		f.Logs = nil
	}
	for i := range f.Calls {
		clearFailedLogs(&f.Calls[i], failed)
	}
}

// Frame returns the transaction's call frame.
func (t *CallTracer) Frame() *CallFrame { return &t.stack[0] }

// Result returns the JSON of the transaction's call frame.
func (t *CallTracer) Result() (json.RawMessage, error) {
	if len(t.stack) != 1 || !t.hasResult {
		return nil, errors.New("evm: call tracer: incomplete trace")
	}
	return json.Marshal(&t.stack[0])
}

// Revert selectors of Solidity: Error(string) and Panic(uint256).
var (
	revertSelector = [4]byte{0x08, 0xc3, 0x79, 0xa0}
	panicSelector  = [4]byte{0x4e, 0x48, 0x7b, 0x71}
)

var panicReasons = map[uint64]string{
	0x00: "generic panic",
	0x01: "assert(false)",
	0x11: "arithmetic underflow or overflow",
	0x12: "division or modulo by zero",
	0x21: "enum overflow",
	0x22: "invalid encoded storage byte array accessed",
	0x31: "out-of-bounds array access; popping on an empty array",
	0x32: "out-of-bounds access of an array or bytesSlice",
	0x41: "out of memory",
	0x51: "uninitialized function",
}

// UnpackRevert decodes revert data of the form Error(string) to its message
// or Panic(uint256) to the panic's description, as geth reports them.
//
// This function is safe for concurrent access.
func UnpackRevert(data []byte) (string, bool) {
	if len(data) < 4 {
		return "", false
	}
	body := data[4:]
	switch [4]byte(data[:4]) {
	case revertSelector:
		if len(body) < 64 {
			return "", false
		}
		var off, n uint256.Int
		off.SetBytes32(body[:32])
		if !off.IsUint64() || off.Uint64() > uint64(len(body))-32 {
			return "", false
		}
		o := off.Uint64()
		n.SetBytes32(body[o : o+32])
		if !n.IsUint64() || n.Uint64() > uint64(len(body))-o-32 {
			return "", false
		}
		return string(body[o+32 : o+32+n.Uint64()]), true
	case panicSelector:
		if len(body) < 32 {
			return "", false
		}
		var code uint256.Int
		code.SetBytes32(body[:32])
		if code.IsUint64() {
			if r, ok := panicReasons[code.Uint64()]; ok {
				return r, true
			}
		}
		return "unknown panic code: " + code.Hex(), true
	}
	return "", false
}
