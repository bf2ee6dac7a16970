package btcrpc

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// filterScan is the state of the one scanblocks scan that may run (Core's
// g_scanfilter_in_progress, g_scanfilter_progress,
// g_scanfilter_progress_height and g_scanfilter_should_abort_scan).
type filterScan struct {
	mu      sync.Mutex
	running bool
	// progress is the percent done, height the last block scanned.
	progress atomic.Int64
	height   atomic.Int64
	abort    atomic.Bool
}

// scanBlocksResult is scanblocks "start"'s answer.
type scanBlocksResult struct {
	FromHeight     int32    `json:"from_height"`
	ToHeight       int32    `json:"to_height"`
	RelevantBlocks []string `json:"relevant_blocks"`
	Completed      bool     `json:"completed"`
}

// reserve marks a scan as running; false when one already is.
func (sc *filterScan) reserve() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.running {
		return false
	}
	sc.running = true
	sc.progress.Store(0)
	sc.height.Store(0)
	sc.abort.Store(false)
	return true
}

func (sc *filterScan) release() {
	sc.mu.Lock()
	sc.running = false
	sc.mu.Unlock()
}

func (s *Service) scanBlocks(ctx context.Context, p *jsonrpc.Params) (any, error) {
	action, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	sc := &s.filterScan
	switch action {
	case "status":
		sc.mu.Lock()
		defer sc.mu.Unlock()
		if !sc.running {
			return nil, nil
		}
		return struct {
			Progress      int64 `json:"progress"`
			CurrentHeight int64 `json:"current_height"`
		}{sc.progress.Load(), sc.height.Load()}, nil
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
	if !sc.reserve() {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Scan already in progress, use action \"abort\" or \"status\"")
	}
	defer sc.release()
	if !p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeMiscError, "scanobjects argument is required for the start action")
	}
	ft, err := rpcutil.OptString(p, 4, "basic")
	if err != nil {
		return nil, err
	}
	ftype, err := blockfilter.ParseFilterType(ft)
	if err != nil {
		return nil, rpcErr(codeInvalidAddress, "Unknown filtertype")
	}
	exact := false
	if p.Has(5) {
		var opts map[string]json.RawMessage
		if jsonrpc.JSONType(p.Positional[5]) != "object" || json.Unmarshal(p.Positional[5], &opts) != nil {
			return nil, rpcutil.TypeError(p.Positional[5], "object")
		}
		if raw, ok := opts["filter_false_positives"]; ok {
			if json.Unmarshal(raw, &exact) != nil || jsonrpc.JSONType(raw) != "bool" {
				return nil, rpcutil.TypeError(raw, "bool")
			}
		}
	}
	if s.cfg.FilterIndex == nil {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Index is not enabled for filtertype %s", ft)
	}
	tip := s.cfg.Chain.BestState().Height
	start, stop := int64(0), int64(tip)
	if p.Has(2) {
		if start, err = rpcutil.ReqInt(p, 2); err != nil {
			return nil, err
		}
		if start < 0 || start > int64(tip) {
			return nil, rpcErr(jsonrpc.CodeMiscError, "Invalid start_height")
		}
	}
	if p.Has(3) {
		if stop, err = rpcutil.ReqInt(p, 3); err != nil {
			return nil, err
		}
		if stop < 0 || stop > int64(tip) || stop < start {
			return nil, rpcErr(jsonrpc.CodeMiscError, "Invalid stop_height")
		}
	}
	targets, err := s.scanObjects(p.Positional[1])
	if err != nil {
		return nil, err
	}
	needles := make([][]byte, 0, len(targets))
	for spk := range targets {
		needles = append(needles, []byte(spk))
	}

	res := &scanBlocksResult{FromHeight: int32(start), ToHeight: int32(start), RelevantBlocks: []string{}, Completed: true}
	sc.height.Store(start)
	total := stop - start
	for h := start; h <= stop; h++ {
		if sc.abort.Load() || ctx.Err() != nil {
			res.Completed = false
			break
		}
		hash, err := s.cfg.Chain.BlockHashByHeight(int32(h))
		if err != nil {
			return nil, rpcErr(jsonrpc.CodeInternalError, "Block at height %d not found: %v", h, err)
		}
		entry, err := s.cfg.FilterIndex.FilterByHash(hash)
		if err != nil {
			return nil, rpcErr(jsonrpc.CodeMiscError, "Filter not found. Block filters are still in the process of being indexed.")
		}
		f, err := blockfilter.DecodeBlockFilter(ftype, hash, entry.Filter)
		if err != nil {
			return nil, rpcErr(jsonrpc.CodeInternalError, "Filter of block %s is corrupt: %v", hash, err)
		}
		if f.MatchAny(needles) {
			keep := true
			if exact {
				if keep, err = s.blockMatches(hash, targets); err != nil {
					return nil, err
				}
			}
			if keep {
				res.RelevantBlocks = append(res.RelevantBlocks, hash.String())
			}
		}
		res.ToHeight = int32(h)
		if total > 0 {
			sc.progress.Store((h - start) * 100 / total)
		} else {
			sc.progress.Store(100)
		}
		sc.height.Store(h)
	}
	return res, nil
}

// blockMatches reports whether the block really holds one of the scripts
// in targets: as an output, or as the output one of its inputs spends (Core's
// CheckBlockFilterMatches, for filter_false_positives).
func (s *Service) blockMatches(hash chainhash.Hash, targets map[string]scanTarget) (bool, error) {
	blk, err := s.cfg.Chain.BlockByHash(hash)
	if err != nil {
		return false, rpcErr(jsonrpc.CodeMiscError, "Block not available (pruned data)")
	}
	for _, tx := range blk.Txs {
		for i := range tx.Outputs {
			if _, ok := targets[string(tx.Outputs[i].ScriptPubKey)]; ok {
				return true, nil
			}
		}
	}
	undo, err := s.cfg.Chain.BlockUndo(hash)
	if err != nil {
		return false, rpcErr(jsonrpc.CodeMiscError, "Undo data not available")
	}
	for _, tx := range undo.Txs {
		for _, coin := range tx.PrevOuts {
			if _, ok := targets[string(coin.Out.ScriptPubKey)]; ok {
				return true, nil
			}
		}
	}
	return false, nil
}

// scanBlocksMethods is scanblocks' table entry.
func (s *Service) scanBlocksMethods() []methodDef {
	return []methodDef{
		def("scanblocks", "blockchain", s.scanBlocks, []string{"action", "scanobjects", "start_height", "stop_height", "filtertype", "options"}, 1, helpSpec{
			desc: "Return relevant blockhashes for given descriptors (requires blockfilterindex).\n" +
				"This call may take several minutes. Make sure to use no RPC timeout (twinchain-cli -rpcclienttimeout=0)",
			args: []string{
				"action                           (string, required) The action to execute\n" +
					"                                 \"start\" for starting a scan\n" +
					"                                 \"abort\" for aborting the current scan (returns true when abort was successful)\n" +
					"                                 \"status\" for progress report (in %) of the current scan",
				"scanobjects                      (json array, optional) Array of scan objects. Required for \"start\" action",
				"start_height                     (numeric, optional, default=0) Height to start to scan from",
				"stop_height                      (numeric, optional, default=chain tip) Height to stop to scan",
				"filtertype                       (string, optional, default=\"basic\") The type name of the filter",
				"options                          (json object, optional)\n" +
					"  {\n    \"filter_false_positives\": bool,    (boolean, optional, default=false) Filter false positives (slower and may fail on pruned nodes). Otherwise they may occur at a rate of 1/M\n  }",
			},
			result: "Result (when action=='status' and no scan is in progress - deprecated):\nnull    (json null)\n\n" +
				"Result (When action=='start'; only returns after scan completes):\n{    (json object)\n" +
				"  \"from_height\" : n,    (numeric) The height we started the scan from\n" +
				"  \"to_height\" : n,    (numeric) The height we ended the scan at\n" +
				"  \"relevant_blocks\" : [    (json array) Blocks that may have matched a scanobject.\n    \"hex\",    (string) A relevant blockhash\n    ...\n  ],\n" +
				"  \"completed\" : true|false    (boolean) true if the scan process was not aborted\n}\n\n" +
				"Result (when action=='status' and a scan is currently in progress):\n{    (json object)\n" +
				"  \"progress\" : n,    (numeric) Approximate percent complete\n" +
				"  \"current_height\" : n    (numeric) Height of the block currently being scanned\n}\n\n" +
				"Result (When action=='abort'):\ntrue|false    (boolean) True if scan will be aborted (not necessarily before this RPC returns), or false if there is no scan to abort",
			examples: []string{`"start" '["addr(bcrt1q4u4nsgk6ug0sqz7r3rj9tykjxrsl0yy4d0wwte)"]' 300000`, `"status"`, `"abort"`}}),
	}
}
