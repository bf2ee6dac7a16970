package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// MempoolDumper is the optional method of a MempoolSource that savemempool
// uses: write the pool to path in Core's mempool.dat format. When the
// mempool lacks it, or Config.MempoolFile is empty, savemempool answers
// -32601.
type MempoolDumper interface {
	DumpFile(path string) error
}

// MempoolImporter is the optional method of a MempoolSource that
// importmempool uses: accept the transactions of a decoded mempool.dat
// (*mempool.Pool satisfies it). When the mempool lacks it, importmempool
// answers -32601.
type MempoolImporter interface {
	Load(d *mempool.MempoolDat) mempool.LoadStats
}

const (
	// codeMempoolDisabled is Core's RPC_CLIENT_MEMPOOL_DISABLED.
	codeMempoolDisabled = -33
	// codeInInitialDownload is Core's RPC_CLIENT_IN_INITIAL_DOWNLOAD.
	codeInInitialDownload = -10
)

// mempoolToolMethods are gettxspendingprevout, importmempool and
// savemempool.
func (s *Service) mempoolToolMethods() []methodDef {
	return []methodDef{
		def("gettxspendingprevout", "blockchain", s.getTxSpendingPrevout, []string{"outputs", "options"}, 1, helpSpec{
			desc: "Scans the mempool (and the txospenderindex, if available) to find transactions spending any of the given outputs",
			args: []string{
				"outputs    (json array, required) The transaction outputs that we want to check, and within each, the txid (string) vout (numeric).\n" +
					"     [\n       {                 (json object)\n         \"txid\": \"hex\",    (string, required) The transaction id\n         \"vout\": n,       (numeric, required) The output number\n       },\n       ...\n     ]",
				"options    (json object, optional) Options object that can be used to pass named arguments, listed below.\n" +
					"     {\n       \"mempool_only\": bool,          (boolean, optional, default=true if txospenderindex unavailable, otherwise false) If false and mempool lacks a relevant spend, use txospenderindex (throws an exception if not available).\n" +
					"       \"return_spending_tx\": bool,    (boolean, optional, default=false) If true, return the full spending tx.\n     }",
			},
			result: "[    (json array)\n  {    (json object)\n    \"txid\" : \"hex\",    (string) the transaction id of the checked output\n    \"vout\" : n,    (numeric) the vout value of the checked output\n" +
				"    \"spendingtxid\" : \"hex\",    (string, optional) the transaction id of the mempool transaction spending this output (omitted if unspent)\n" +
				"    \"spendingtx\" : \"hex\",    (string, optional) the transaction spending this output (only if return_spending_tx is set, omitted if unspent)\n" +
				"    \"blockhash\" : \"hex\"    (string, optional) the hash of the spending block (omitted if unspent or the spending tx is not confirmed)\n  },\n  ...\n]",
			examples: []string{`"[{\"txid\":\"a08e6907dbbd3d809776dbfc5d82e371b764ed838b5655e72f463568df1aadf0\",\"vout\":3}]"`}}),
		def("importmempool", "blockchain", s.importMempool, []string{"filepath", "options"}, 1, helpSpec{
			desc: "Import a mempool.dat file and attempt to add its contents to the mempool.\n" +
				"Warning: Importing untrusted files is dangerous, especially if metadata from the file is taken over.",
			args: []string{
				"filepath    (string, required) The mempool file",
				"options     (json object, optional) Options object that can be used to pass named arguments, listed below.\n" +
					"     {\n       \"use_current_time\": bool,            (boolean, optional, default=true) Whether to use the current system time or use the entry time metadata from the mempool file.\n" +
					"                                               Warning: Importing untrusted metadata may lead to unexpected issues and undesirable behavior.\n" +
					"       \"apply_fee_delta_priority\": bool,    (boolean, optional, default=false) Whether to apply the fee delta metadata from the mempool file.\n" +
					"                                               It will be added to any existing fee deltas.\n" +
					"                                               The fee delta can be set by the prioritisetransaction RPC.\n" +
					"                                               Warning: Importing untrusted metadata may lead to unexpected issues and undesirable behavior.\n" +
					"                                               Only set this bool if you understand what it does.\n" +
					"       \"apply_unbroadcast_set\": bool,       (boolean, optional, default=false) Whether to apply the unbroadcast set metadata from the mempool file.\n" +
					"                                               Warning: Importing untrusted metadata may lead to unexpected issues and undesirable behavior.\n" +
					"                                               Not supported by this node: only false is accepted.\n     }",
			},
			result:   "{    (json object)\n}",
			examples: []string{`"/path/to/mempool.dat"`}}),
		def("savemempool", "blockchain", s.saveMempool, nil, 0, helpSpec{
			desc:   "Dumps the mempool to disk. It will fail until the previous dump is fully loaded.",
			result: "{    (json object)\n  \"filename\" : \"str\"    (string) the directory and file where the mempool was saved\n}"}),
	}
}

// spendingView is one gettxspendingprevout answer.
type spendingView struct {
	TxID         string `json:"txid"`
	Vout         uint32 `json:"vout"`
	SpendingTxID string `json:"spendingtxid,omitempty"`
	SpendingTx   string `json:"spendingtx,omitempty"`
}

// findKey returns the first value of key k in pairs, or nil.
func findKey(pairs []objectPair, k string) json.RawMessage {
	for _, p := range pairs {
		if p.key == k {
			return p.value
		}
	}
	return nil
}

// checkObjectKeys is Core's RPCTypeCheckObj with fAllowNull false and
// fStrict true: every key of want (in sorted order, as Core's std::map)
// must be present, non-null and of its JSON type; no other key may appear.
func checkObjectKeys(pairs []objectPair, want [][2]string, allowNull bool) error {
	for _, w := range want {
		v := findKey(pairs, w[0])
		t := jsonrpc.JSONType(v)
		if t == "null" {
			if allowNull {
				continue
			}
			return rpcErr(jsonrpc.CodeTypeError, "Missing %s", w[0])
		}
		if t != w[1] {
			return rpcErr(jsonrpc.CodeTypeError, "JSON value of type %s for field %s is not of expected type %s", t, w[0], w[1])
		}
	}
	for _, p := range pairs {
		known := false
		for _, w := range want {
			known = known || w[0] == p.key
		}
		if !known {
			return rpcErr(jsonrpc.CodeTypeError, "Unexpected key %s", p.key)
		}
	}
	return nil
}

func (s *Service) getTxSpendingPrevout(_ context.Context, p *jsonrpc.Params) (any, error) {
	if !p.Has(0) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 1")
	}
	var outputs []json.RawMessage
	if jsonrpc.JSONType(p.Positional[0]) != "array" || json.Unmarshal(p.Positional[0], &outputs) != nil {
		return nil, rpcutil.TypeError(p.Positional[0], "array")
	}
	if len(outputs) == 0 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, outputs are missing")
	}
	mempoolOnly, returnTx := true, false
	if p.Has(1) {
		opts, ok := orderedObject(p.Positional[1])
		if !ok {
			return nil, rpcutil.TypeError(p.Positional[1], "object")
		}
		if err := checkObjectKeys(opts, [][2]string{{"mempool_only", "bool"}, {"return_spending_tx", "bool"}}, true); err != nil {
			return nil, err
		}
		if v := findKey(opts, "mempool_only"); jsonrpc.JSONType(v) == "bool" {
			mempoolOnly = string(v) == "true"
		}
		if v := findKey(opts, "return_spending_tx"); jsonrpc.JSONType(v) == "bool" {
			returnTx = string(v) == "true"
		}
	}
	ops := make([]primitives.OutPoint, len(outputs))
	for i, raw := range outputs {
		pairs, ok := orderedObject(raw)
		if !ok {
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type object", jsonrpc.JSONType(raw))
		}
		if err := checkObjectKeys(pairs, [][2]string{{"txid", "string"}, {"vout", "number"}}, false); err != nil {
			return nil, err
		}
		var txidStr string
		_ = json.Unmarshal(findKey(pairs, "txid"), &txidStr) // a string, checked above
		txid, err := rpcutil.ParseHash(txidStr, "txid")
		if err != nil {
			return nil, err
		}
		vout, err := rpcutil.ReqInt(&jsonrpc.Params{Positional: []json.RawMessage{findKey(pairs, "vout")}}, 0)
		if err != nil {
			return nil, err
		}
		if vout < math.MinInt32 || vout > math.MaxInt32 {
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON integer out of range")
		}
		if vout < 0 {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		ops[i] = primitives.OutPoint{Hash: txid, Index: uint32(vout)}
	}
	out := make([]spendingView, len(ops))
	for i, op := range ops {
		out[i] = spendingView{TxID: op.Hash.String(), Vout: op.Index}
		var spender chainhash.Hash
		spent := false
		if s.cfg.Mempool != nil {
			spender, spent = s.cfg.Mempool.Spender(op)
		}
		if !spent {
			if !mempoolOnly {
				// There is no spender index to fall back on.
				return nil, rpcErr(jsonrpc.CodeMiscError, "Mempool lacks a relevant spend, and txospenderindex is unavailable.")
			}
			continue
		}
		out[i].SpendingTxID = spender.String()
		if returnTx {
			if d, ok := s.cfg.Mempool.Get(spender); ok {
				out[i].SpendingTx = hex.EncodeToString(d.Tx.Bytes())
			}
		}
	}
	return out, nil
}

func (s *Service) saveMempool(_ context.Context, _ *jsonrpc.Params) (any, error) {
	if s.cfg.Mempool == nil {
		return nil, rpcErr(codeMempoolDisabled, "Mempool disabled or instance not found")
	}
	d, ok := s.cfg.Mempool.(MempoolDumper)
	if !ok || s.cfg.MempoolFile == "" {
		return nil, rpcErr(codeMethodNotFound, "savemempool is not available: the mempool cannot be written to disk")
	}
	if err := d.DumpFile(s.cfg.MempoolFile); err != nil {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Unable to dump mempool to disk")
	}
	return struct {
		Filename string `json:"filename"`
	}{s.cfg.MempoolFile}, nil
}

// importOptions are importmempool's options with Core's defaults.
type importOptions struct {
	useCurrentTime, applyFeeDelta, applyUnbroadcast bool
}

// parseImportOptions reads importmempool's options object. Like Core, which
// reads each field with UniValue's get_bool, unknown keys are ignored and a
// field of the wrong type is a -1 error.
func parseImportOptions(p *jsonrpc.Params) (importOptions, error) {
	o := importOptions{useCurrentTime: true}
	if !p.Has(1) {
		return o, nil
	}
	pairs, ok := orderedObject(p.Positional[1])
	if !ok {
		return o, rpcutil.TypeError(p.Positional[1], "object")
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{
		{"use_current_time", &o.useCurrentTime},
		{"apply_fee_delta_priority", &o.applyFeeDelta},
		{"apply_unbroadcast_set", &o.applyUnbroadcast},
	} {
		v := findKey(pairs, f.key)
		switch t := jsonrpc.JSONType(v); t {
		case "null":
		case "bool":
			*f.dst = string(v) == "true"
		default:
			return o, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type bool", t)
		}
	}
	return o, nil
}

func (s *Service) importMempool(_ context.Context, p *jsonrpc.Params) (any, error) {
	path, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	opts, err := parseImportOptions(p)
	if err != nil {
		return nil, err
	}
	if s.cfg.Mempool == nil {
		return nil, rpcErr(codeMempoolDisabled, "Mempool disabled or instance not found")
	}
	imp, ok := s.cfg.Mempool.(MempoolImporter)
	if !ok {
		return nil, rpcErr(codeMethodNotFound, "importmempool is not available: the mempool cannot load a mempool file")
	}
	if s.cfg.Chain.IsInitialBlockDownload() {
		return nil, rpcErr(codeInInitialDownload, "Can only import the mempool after the block download and sync is done.")
	}
	if opts.applyUnbroadcast {
		// The pool keeps no unbroadcast set to apply the file's to.
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "apply_unbroadcast_set is not supported: the mempool keeps no unbroadcast set")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Unable to import mempool file, see debug.log for details.")
	}
	d, err := mempool.ReadMempoolDat(b)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Unable to import mempool file, see debug.log for details.")
	}
	now := s.cfg.Now().Unix()
	for i := range d.Txs {
		if opts.useCurrentTime {
			d.Txs[i].Time = now
		}
		if !opts.applyFeeDelta {
			d.Txs[i].FeeDelta = 0
		}
	}
	if !opts.applyFeeDelta {
		d.FeeDeltas = nil
	}
	imp.Load(d)
	return struct{}{}, nil
}
