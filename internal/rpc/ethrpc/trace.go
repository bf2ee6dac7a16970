package ethrpc

import (
	"context"
	"encoding/json"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
)

// TraceConfig is the options object of debug_traceTransaction and
// debug_traceCall: the struct logger's switches, or a named tracer
// ("callTracer") with its configuration.
type TraceConfig struct {
	Tracer           string          `json:"tracer"`
	TracerConfig     json.RawMessage `json:"tracerConfig"`
	EnableMemory     bool            `json:"enableMemory"`
	DisableStack     bool            `json:"disableStack"`
	DisableStorage   bool            `json:"disableStorage"`
	EnableReturnData bool            `json:"enableReturnData"`
	Limit            int             `json:"limit"`
}

// resultTracer is a tracer that produces a JSON result.
type resultTracer interface {
	Tracer() *evm.Tracer
	Result() (json.RawMessage, error)
}

// maxStructLogBytes caps a struct-log trace when the caller sets no limit
// (bounded memory on hostile calls).
const maxStructLogBytes = 64 << 20

func newTracer(tc *TraceConfig) (resultTracer, error) {
	switch tc.Tracer {
	case "", "structLogger":
		limit := tc.Limit
		if limit <= 0 || limit > maxStructLogBytes {
			limit = maxStructLogBytes
		}
		return evm.NewStructLogger(&evm.StructLoggerConfig{EnableMemory: tc.EnableMemory, DisableStack: tc.DisableStack,
			DisableStorage: tc.DisableStorage, EnableReturnData: tc.EnableReturnData, Limit: limit}), nil
	case "callTracer":
		var cc evm.CallTracerConfig
		if len(tc.TracerConfig) > 0 && kindOf(tc.TracerConfig) != "null" {
			if err := json.Unmarshal(tc.TracerConfig, &cc); err != nil {
				return nil, invalidParams("invalid tracerConfig: %v", err)
			}
		}
		return evm.NewCallTracer(&cc), nil
	}
	return nil, serverError("tracer %q not found (supported: structLogger, callTracer)", tc.Tracer)
}

// gateTracer forwards inner's hooks only during the index-th transaction
// of a block (counting OnTxStart calls).
func gateTracer(inner *evm.Tracer, index int) *evm.Tracer {
	n, active := -1, false
	t := &evm.Tracer{
		OnTxStart: func(e *evm.EVM, tx *evm.TxStart) {
			n++
			active = n == index
			if active && inner.OnTxStart != nil {
				inner.OnTxStart(e, tx)
			}
		},
		OnTxEnd: func(res *evm.TxEnd) {
			if active && inner.OnTxEnd != nil {
				inner.OnTxEnd(res)
			}
			active = false
		},
	}
	if inner.OnEnter != nil {
		t.OnEnter = func(depth int, typ evm.OpCode, from, to ethtypes.Address, input []byte, gas uint64, value *uint256.Int) {
			if active {
				inner.OnEnter(depth, typ, from, to, input, gas, value)
			}
		}
	}
	if inner.OnExit != nil {
		t.OnExit = func(depth int, output []byte, gasUsed uint64, err error, reverted bool) {
			if active {
				inner.OnExit(depth, output, gasUsed, err, reverted)
			}
		}
	}
	if inner.OnOpcode != nil {
		t.OnOpcode = func(pc uint64, op evm.OpCode, gas, cost uint64, scope *evm.Frame, rData []byte, depth int, err error) {
			if active {
				inner.OnOpcode(pc, op, gas, cost, scope, rData, depth, err)
			}
		}
	}
	if inner.OnFault != nil {
		t.OnFault = func(pc uint64, op evm.OpCode, gas, cost uint64, scope *evm.Frame, depth int, err error) {
			if active {
				inner.OnFault(pc, op, gas, cost, scope, depth, err)
			}
		}
	}
	if inner.OnGasChange != nil {
		t.OnGasChange = func(o, nw uint64, reason evm.GasChangeReason) {
			if active {
				inner.OnGasChange(o, nw, reason)
			}
		}
	}
	if inner.OnLog != nil {
		t.OnLog = func(addr ethtypes.Address, topics []ethtypes.Hash, data []byte) {
			if active {
				inner.OnLog(addr, topics, data)
			}
		}
	}
	return t
}

func traceConfigArg(p []json.RawMessage, i int) (*TraceConfig, error) {
	var tc TraceConfig
	if err := arg(p, i, &tc, false); err != nil {
		return nil, err
	}
	return &tc, nil
}

func (s *Service) traceTransaction(_ context.Context, p []json.RawMessage) (any, error) {
	var h Hash
	if err := arg(p, 0, &h, true); err != nil {
		return nil, err
	}
	tc, err := traceConfigArg(p, 1)
	if err != nil {
		return nil, err
	}
	_, loc, ok := s.chain.GetTransaction(ethtypes.Hash(h))
	if !ok {
		return nil, serverError("transaction %s not found", hexHash(ethtypes.Hash(h)))
	}
	b, ok := s.chain.GetBlockByHash(loc.BlockHash)
	if !ok || b.Number() == 0 {
		return nil, serverError("block %s not found", hexHash(loc.BlockHash))
	}
	parent, ok := s.chain.GetBlockByHash(b.Header.ParentHash)
	if !ok {
		return nil, serverError("parent block %s not found", hexHash(b.Header.ParentHash))
	}
	st, err := s.chain.StateAt(parent.Header.Root)
	if err != nil {
		return nil, serverError("required historical state unavailable (block %d)", parent.Number())
	}
	tr, err := newTracer(tc)
	if err != nil {
		return nil, err
	}
	vmCfg := s.cfg.VMConfig
	vmCfg.Tracer = gateTracer(tr.Tracer(), int(loc.Index))
	getHash := func(n uint64) ethtypes.Hash {
		hh, _ := s.chain.GetCanonicalHash(n)
		return hh
	}
	// Replay the whole block (system calls, earlier transactions) with the
	// tracer active only for the wanted transaction; rewards are left out.
	if _, err := ethchain.ProcessWith(s.chain.Config(), b, st, getHash, vmCfg, nil); err != nil {
		return nil, serverError("replaying block %d: %v", b.Number(), err)
	}
	return tr.Result()
}

func (s *Service) traceCall(ctx context.Context, p []json.RawMessage) (any, error) {
	args, err := txArgs(p, 0)
	if err != nil {
		return nil, err
	}
	bp, err := blockArg(p, 1, false)
	if err != nil {
		return nil, err
	}
	tc, err := traceConfigArg(p, 2)
	if err != nil {
		return nil, err
	}
	st, b, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	tr, err := newTracer(tc)
	if err != nil {
		return nil, err
	}
	vmCfg := s.cfg.VMConfig
	vmCfg.Tracer = tr.Tracer()
	if _, err := s.doCall(ctx, args, st, b, s.callGas(args), vmCfg); err != nil {
		return nil, err
	}
	return tr.Result()
}
