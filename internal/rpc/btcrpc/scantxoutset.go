package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// UTXOScanner walks a snapshot of the UTXO set (scantxoutset).
// *blockchain.Chain satisfies it.
type UTXOScanner interface {
	ScanUTXOs(fn func(op primitives.OutPoint, coin primitives.Coin) error) (int32, chainhash.Hash, error)
}

// defaultScanRange is the range of a ranged descriptor given without one
// (Core's 1000: indexes 0 to 999).
const defaultScanRange = 1000

// maxScanScripts bounds the scripts one scan looks for (Core limits a
// range to 1e7 entries; we also bound the total to keep memory small).
const maxScanScripts = 1_000_000

// errScanAborted ends a walk on "abort".
var errScanAborted = errors.New("scan aborted")

// utxoScan is the state of the one scan that may run (Core's
// g_scan_in_progress, g_scan_progress, g_should_abort_scan).
type utxoScan struct {
	mu       sync.Mutex
	running  bool
	progress atomic.Int64 // percent
	abort    atomic.Bool
}

// scanUnspent is one entry of scantxoutset's unspents.
type scanUnspent struct {
	TxID          string         `json:"txid"`
	Vout          uint32         `json:"vout"`
	ScriptPubKey  string         `json:"scriptPubKey"`
	Desc          string         `json:"desc"`
	Amount        btcjson.Amount `json:"amount"`
	Coinbase      bool           `json:"coinbase"`
	Height        uint32         `json:"height"`
	BlockHash     string         `json:"blockhash"`
	Confirmations int64          `json:"confirmations"`
}

// scanResult is scantxoutset "start"'s answer.
type scanResult struct {
	Success     bool           `json:"success"`
	TxOuts      uint64         `json:"txouts"`
	Height      int32          `json:"height"`
	BestBlock   string         `json:"bestblock"`
	Unspents    []scanUnspent  `json:"unspents"`
	TotalAmount btcjson.Amount `json:"total_amount"`
}

func (s *Service) scanTxOutSet(ctx context.Context, p *jsonrpc.Params) (any, error) {
	action, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	sc := &s.scan
	switch action {
	case "status":
		sc.mu.Lock()
		defer sc.mu.Unlock()
		if !sc.running {
			return nil, nil
		}
		return map[string]int64{"progress": sc.progress.Load()}, nil
	case "abort":
		sc.mu.Lock()
		defer sc.mu.Unlock()
		if !sc.running {
			return false, nil
		}
		sc.abort.Store(true)
		return true, nil
	case "start":
	default:
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid action '%s'", action)
	}
	if s.cfg.Scanner == nil {
		return nil, rpcErr(codeMethodNotFound, "Method not found")
	}
	if !p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "scanobjects argument is required for the start action")
	}
	want, err := s.scanObjects(p.Positional[1])
	if err != nil {
		return nil, err
	}
	sc.mu.Lock()
	if sc.running {
		sc.mu.Unlock()
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Scan already in progress, use action \"abort\" or \"status\"")
	}
	sc.running = true
	sc.progress.Store(0)
	sc.abort.Store(false)
	sc.mu.Unlock()
	defer func() {
		sc.mu.Lock()
		sc.running = false
		sc.mu.Unlock()
	}()

	res := &scanResult{Success: true, Unspents: []scanUnspent{}}
	var total int64
	height, best, err := s.cfg.Scanner.ScanUTXOs(func(op primitives.OutPoint, coin primitives.Coin) error {
		res.TxOuts++
		if res.TxOuts&0xfff == 0 {
			if sc.abort.Load() || ctx.Err() != nil {
				return errScanAborted
			}
			// Keys are in txid order (internal byte order, whose first
			// stored byte is the last of the displayed txid): the first
			// two bytes give the progress, as Core's cursor estimate.
			sc.progress.Store(int64(op.Hash[0]) * 100 / 256)
		}
		info, ok := want[string(coin.Out.ScriptPubKey)]
		if !ok {
			return nil
		}
		total += coin.Out.Value
		res.Unspents = append(res.Unspents, scanUnspent{
			TxID:         op.Hash.String(),
			Vout:         op.Index,
			ScriptPubKey: hex.EncodeToString(coin.Out.ScriptPubKey),
			Desc:         info.desc,
			Amount:       btcjson.Amount(coin.Out.Value),
			Coinbase:     coin.IsCoinBase,
			Height:       coin.Height,
		})
		return nil
	})
	if errors.Is(err, errScanAborted) {
		return map[string]bool{"success": false}, nil
	}
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeInternalError, "Unable to read UTXO set")
	}
	res.Height = height
	res.BestBlock = best.String()
	res.TotalAmount = btcjson.Amount(total)
	for i := range res.Unspents {
		u := &res.Unspents[i]
		u.Confirmations = int64(height) - int64(u.Height) + 1
		if h, err := s.cfg.Chain.BlockHashByHeight(int32(u.Height)); err == nil {
			u.BlockHash = h.String()
		}
	}
	sc.progress.Store(100)
	return res, nil
}

// scanTarget is what a scan looks for in one script.
type scanTarget struct {
	desc string // the inferred descriptor with its checksum
}

// scanObjects expands scantxoutset's scanobjects (descriptor strings, or
// objects {"desc": ..., "range": n | [begin, end]}) into the scripts to look
// for, each with the descriptor Core reports for it.
func (s *Service) scanObjects(raw json.RawMessage) (map[string]scanTarget, error) {
	var objs []json.RawMessage
	if jsonrpc.JSONType(raw) != "array" || json.Unmarshal(raw, &objs) != nil {
		return nil, rpcErr(jsonrpc.CodeTypeError, "JSON value of type %s is not of expected type array", jsonrpc.JSONType(raw))
	}
	want := make(map[string]scanTarget)
	for _, o := range objs {
		var str string
		rng := &[2]int64{0, defaultScanRange - 1}
		switch jsonrpc.JSONType(o) {
		case "string":
			_ = json.Unmarshal(o, &str)
		case "object":
			var obj map[string]json.RawMessage
			if json.Unmarshal(o, &obj) != nil {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Scan object needs to be either a string or an object")
			}
			d, ok := obj["desc"]
			if !ok || json.Unmarshal(d, &str) != nil {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid scan object")
			}
			if r, ok := obj["range"]; ok {
				var err error
				if rng, err = descriptorRange(r); err != nil {
					return nil, err
				}
			}
		default:
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Scan object needs to be either a string or an object")
		}
		err := s.expandDescriptor(str, *rng, func(e *descriptor.Expanded) error {
			for _, spk := range e.ScriptPubKeys {
				if _, ok := want[string(spk)]; ok {
					continue
				}
				if len(want) >= maxScanScripts {
					return rpcErr(jsonrpc.CodeInvalidParameter, "Too many scripts to scan for (at most %d)", maxScanScripts)
				}
				desc := btcjson.InferDescriptor(spk, s.params())
				if inf := descriptor.InferDescriptor(spk, e, s.params()); inf != nil {
					desc = inf.String()
				}
				want[string(spk)] = scanTarget{desc: desc}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return want, nil
}
