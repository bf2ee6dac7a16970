package btcrpc

import (
	"context"
	"encoding/hex"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// FilterIndex is the -blockfilterindex index (basic filters), as
// getblockfilter and getindexinfo need it.
type FilterIndex interface {
	FilterByHash(hash chainhash.Hash) (indexers.FilterEntry, error)
	BestHeight() int32
	Synced() bool
}

// basicFilterIndexName is the index's name in getindexinfo.
const basicFilterIndexName = "basic block filter index"

func (s *Service) indexMethods() []methodDef {
	return []methodDef{
		def("getblockfilter", "blockchain", s.getBlockFilter, []string{"blockhash", "filtertype"}, 1, helpSpec{
			desc: "Retrieve a BIP 157 content filter for a particular block.",
			args: []string{
				"blockhash     (string, required) The hash of the block",
				"filtertype    (string, optional, default=basic) The type name of the filter",
			},
			result:   "{    (json object)\n  \"filter\" : \"hex\",    (string) the hex-encoded filter data\n  \"header\" : \"hex\"     (string) the hex-encoded filter header\n}",
			examples: []string{`"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09", "basic"`}}),
		def("getindexinfo", "util", s.getIndexInfo, []string{"index_name"}, 0, helpSpec{
			desc: "Returns the status of one or all available indices currently running in the node.",
			args: []string{"index_name    (string, optional) Filter results for an index with a specific name."},
			result: "{    (json object)\n  \"name\" : {    (json object) The name of the index\n    \"synced\" : true|false,    (boolean) Whether the index is synced or not\n" +
				"    \"best_block_height\" : n    (numeric) The block height to which the index is synced\n  },\n  ...\n}",
			examples: []string{"", `"txindex"`}}),
	}
}

func (s *Service) getBlockFilter(_ context.Context, p *jsonrpc.Params) (any, error) {
	hash, err := rpcutil.ReqHash(p, 0, "blockhash")
	if err != nil {
		return nil, err
	}
	ft, err := rpcutil.OptString(p, 1, "basic")
	if err != nil {
		return nil, err
	}
	if ft != "basic" {
		return nil, rpcErr(codeInvalidAddress, "Unknown filtertype")
	}
	if s.cfg.FilterIndex == nil {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Index is not enabled for filtertype %s", ft)
	}
	info, err := s.blockInfo(hash)
	if err != nil {
		return nil, err
	}
	f, err := s.cfg.FilterIndex.FilterByHash(hash)
	switch {
	case err == nil:
	case !errors.Is(err, indexers.ErrNotFound):
		return nil, rpcErr(jsonrpc.CodeInternalError, "Filter not found. %v", err)
	case !info.InActiveChain:
		return nil, rpcErr(codeInvalidAddress, "Filter not found. Block was not connected to active chain.")
	case !s.cfg.FilterIndex.Synced():
		return nil, rpcErr(jsonrpc.CodeMiscError, "Filter not found. Block filters are still in the process of being indexed.")
	default:
		return nil, rpcErr(jsonrpc.CodeInternalError, "Filter not found. This error is unexpected and indicates index corruption.")
	}
	return struct {
		Filter string `json:"filter"`
		Header string `json:"header"`
	}{hex.EncodeToString(f.Filter), f.Header.String()}, nil
}

// indexInfo is one getindexinfo entry.
type indexInfo struct {
	Synced          bool  `json:"synced"`
	BestBlockHeight int32 `json:"best_block_height"`
}

func (s *Service) getIndexInfo(_ context.Context, p *jsonrpc.Params) (any, error) {
	name, err := rpcutil.OptString(p, 0, "")
	if err != nil {
		return nil, err
	}
	out := map[string]indexInfo{}
	if s.cfg.TxIndex && (name == "" || name == "txindex") {
		// The transaction index is written with the chain state.
		out["txindex"] = indexInfo{Synced: true, BestBlockHeight: s.cfg.Chain.BestState().Height}
	}
	if ix := s.cfg.FilterIndex; ix != nil && (name == "" || name == basicFilterIndexName) {
		out[basicFilterIndexName] = indexInfo{Synced: ix.Synced(), BestBlockHeight: max(ix.BestHeight(), 0)}
	}
	return out, nil
}
