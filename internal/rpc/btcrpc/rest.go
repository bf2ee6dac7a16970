package btcrpc

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// Core's REST interface (src/rest.cpp).

// restFormat is the output format a REST path ends with.
type restFormat int

const (
	fmtUndef restFormat = iota
	fmtBin
	fmtHex
	fmtJSON
)

const (
	maxGetUTXOsOutpoints = 15   // Core's MAX_GETUTXOS_OUTPOINTS
	maxRESTHeaders       = 2000 // Core's MAX_REST_HEADERS_RESULTS
	mempoolHeight        = 0x7fffffff
)

// parseDataFormat is Core's ParseDataFormat: it splits "<param>.<ext>" (the
// query string already removed) and returns the param and the format.
func parseDataFormat(str string) (string, restFormat) {
	pos := strings.LastIndexByte(str, '.')
	if pos < 0 {
		return str, fmtUndef
	}
	param, suffix := str[:pos], str[pos+1:]
	switch suffix {
	case "bin":
		return param, fmtBin
	case "hex":
		return param, fmtHex
	case "json":
		return param, fmtJSON
	}
	return str, fmtUndef
}

const availableFormats = ".bin, .hex, .json"

type restHandler struct{ s *Service }

// restErr writes a REST error as Core's RESTERR: text/plain, message and CRLF.
func restErr(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\r\n")
}

func restWrite(w http.ResponseWriter, f restFormat, body []byte) {
	switch f {
	case fmtBin:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	case fmtHex:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		out := make([]byte, hex.EncodedLen(len(body))+1)
		hex.Encode(out, body)
		out[len(out)-1] = '\n'
		w.Write(out)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write(append(body, '\n'))
	}
}

func restJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		restErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	restWrite(w, fmtJSON, b)
}

func (h restHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost && r.Method != http.MethodHead {
		restErr(w, http.StatusMethodNotAllowed, "REST interface only handles GET requests")
		return
	}
	path := r.URL.Path
	query := r.URL.Query()
	switch {
	case strings.HasPrefix(path, "/rest/block/notxdetails/"):
		h.block(w, strings.TrimPrefix(path, "/rest/block/notxdetails/"), false)
	case strings.HasPrefix(path, "/rest/block/"):
		h.block(w, strings.TrimPrefix(path, "/rest/block/"), true)
	case strings.HasPrefix(path, "/rest/tx/"):
		h.tx(w, strings.TrimPrefix(path, "/rest/tx/"))
	case strings.HasPrefix(path, "/rest/headers/"):
		h.headers(w, strings.TrimPrefix(path, "/rest/headers/"), query.Get("count"), query.Has("count"))
	case strings.HasPrefix(path, "/rest/blockhashbyheight/"):
		h.blockHashByHeight(w, strings.TrimPrefix(path, "/rest/blockhashbyheight/"))
	case strings.HasPrefix(path, "/rest/chaininfo"):
		h.chainInfo(w, strings.TrimPrefix(path, "/rest/chaininfo"))
	case strings.HasPrefix(path, "/rest/mempool/"):
		h.mempool(w, strings.TrimPrefix(path, "/rest/mempool/"), query)
	case strings.HasPrefix(path, "/rest/getutxos"):
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(io.LimitReader(r.Body, 1<<16))
		}
		h.getUTXOs(w, strings.TrimPrefix(path, "/rest/getutxos"), body)
	default:
		restErr(w, http.StatusNotFound, "not found")
	}
}

func (h restHandler) block(w http.ResponseWriter, rest string, details bool) {
	hashStr, f := parseDataFormat(rest)
	hash, err := chainhash.NewHashFromStr(hashStr)
	if err != nil || len(hashStr) != 64 || !rpcutil.IsHex(hashStr) {
		restErr(w, http.StatusBadRequest, "Invalid hash: "+hashStr)
		return
	}
	info, err := h.s.cfg.Chain.BlockInfo(hash)
	if err != nil {
		restErr(w, http.StatusNotFound, hashStr+" not found")
		return
	}
	if !info.HaveData {
		restErr(w, http.StatusNotFound, hashStr+" not available (pruned data)")
		return
	}
	switch f {
	case fmtBin, fmtHex:
		raw, err := h.s.cfg.Chain.RawBlockByHash(hash)
		if err != nil {
			restErr(w, http.StatusNotFound, hashStr+" not found")
			return
		}
		restWrite(w, f, raw)
	case fmtJSON:
		verbosity := 1
		if details {
			verbosity = 3
		}
		v, err := h.s.blockJSON(&info, verbosity)
		if err != nil {
			restErr(w, http.StatusNotFound, hashStr+" not found")
			return
		}
		restJSON(w, v)
	default:
		restErr(w, http.StatusNotFound, "output format not found (available: "+availableFormats+")")
	}
}

func (h restHandler) tx(w http.ResponseWriter, rest string) {
	hashStr, f := parseDataFormat(rest)
	txid, err := chainhash.NewHashFromStr(hashStr)
	if err != nil || len(hashStr) != 64 || !rpcutil.IsHex(hashStr) {
		restErr(w, http.StatusBadRequest, "Invalid hash: "+hashStr)
		return
	}
	tx, blockHash, _, err := h.s.findTx(txid, nil)
	if err != nil || tx == nil {
		restErr(w, http.StatusNotFound, hashStr+" not found")
		return
	}
	switch f {
	case fmtBin, fmtHex:
		restWrite(w, f, tx.Bytes())
	case fmtJSON:
		opts := &btcjson.TxOptions{IncludeHex: true}
		if !blockHash.IsZero() {
			bh := blockHash
			opts.BlockHash = &bh
			if info, err := h.s.cfg.Chain.BlockInfo(blockHash); err == nil {
				var conf int64
				if info.InActiveChain {
					conf = int64(h.s.cfg.Chain.BestState().Height) - int64(info.Height) + 1
					bt := int64(info.Header.Timestamp)
					opts.BlockTime = &bt
				}
				opts.Confirmations = &conf
			}
		}
		restJSON(w, btcjson.NewTxView(tx, h.s.params(), opts))
	default:
		restErr(w, http.StatusNotFound, "output format not found (available: "+availableFormats+")")
	}
}

func (h restHandler) headers(w http.ResponseWriter, rest, countQ string, hasCount bool) {
	param, f := parseDataFormat(rest)
	parts := strings.Split(param, "/")
	var hashStr, countStr string
	switch {
	case len(parts) == 1 && hasCount:
		hashStr, countStr = parts[0], countQ
	case len(parts) == 1:
		hashStr, countStr = parts[0], "5"
	case len(parts) == 2:
		countStr, hashStr = parts[0], parts[1]
	default:
		restErr(w, http.StatusBadRequest, "Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>")
		return
	}
	count, err := strconv.ParseUint(countStr, 10, 32)
	if err != nil || count < 1 || count > maxRESTHeaders {
		restErr(w, http.StatusBadRequest, "Header count is invalid or out of acceptable range (1-2000): "+countStr)
		return
	}
	hash, err := chainhash.NewHashFromStr(hashStr)
	if err != nil || len(hashStr) != 64 || !rpcutil.IsHex(hashStr) {
		restErr(w, http.StatusBadRequest, "Invalid hash: "+hashStr)
		return
	}
	var infos []blockchain.BlockInfo
	info, err := h.s.cfg.Chain.BlockInfo(hash)
	for err == nil && info.InActiveChain {
		infos = append(infos, info)
		if uint64(len(infos)) == count || info.NextHash.IsZero() {
			break
		}
		info, err = h.s.cfg.Chain.BlockInfo(info.NextHash)
	}
	switch f {
	case fmtBin, fmtHex:
		out := make([]byte, 0, 80*len(infos))
		for i := range infos {
			out = infos[i].Header.AppendTo(out)
		}
		restWrite(w, f, out)
	case fmtJSON:
		tip := h.s.cfg.Chain.BestState().Height
		views := make([]*headerView, len(infos))
		for i := range infos {
			views[i] = h.s.headerView(&infos[i], tip)
		}
		restJSON(w, views)
	default:
		restErr(w, http.StatusNotFound, "output format not found (available: "+availableFormats+")")
	}
}

func (h restHandler) blockHashByHeight(w http.ResponseWriter, rest string) {
	heightStr, f := parseDataFormat(rest)
	height, err := strconv.ParseInt(heightStr, 10, 32)
	if err != nil || height < 0 {
		restErr(w, http.StatusBadRequest, "Invalid height: "+heightStr)
		return
	}
	best := h.s.cfg.Chain.BestState()
	if height > int64(best.Height) {
		restErr(w, http.StatusNotFound, "Block height out of range")
		return
	}
	hash, err := h.s.cfg.Chain.BlockHashByHeight(int32(height))
	if err != nil {
		restErr(w, http.StatusNotFound, "Block height out of range")
		return
	}
	switch f {
	case fmtBin:
		restWrite(w, f, hash[:])
	case fmtHex:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, hash.String()+"\n")
	case fmtJSON:
		restJSON(w, struct {
			BlockHash string `json:"blockhash"`
		}{hash.String()})
	default:
		restErr(w, http.StatusNotFound, "output format not found (available: "+availableFormats+")")
	}
}

func (h restHandler) chainInfo(w http.ResponseWriter, rest string) {
	if _, f := parseDataFormat(rest); f != fmtJSON || strings.TrimSuffix(rest, ".json") != "" {
		restErr(w, http.StatusNotFound, "output format not found (available: json)")
		return
	}
	info, err := h.s.chainInfo()
	if err != nil {
		restErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	restJSON(w, info)
}

func (h restHandler) mempool(w http.ResponseWriter, rest string, q map[string][]string) {
	param, f := parseDataFormat(rest)
	if f != fmtJSON {
		restErr(w, http.StatusNotFound, "output format not found (available: json)")
		return
	}
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	switch param {
	case "info":
		restJSON(w, h.s.mempoolInfo())
	case "contents":
		verbose, seq := true, false
		if v := get("verbose"); v != "" {
			if v != "true" && v != "false" {
				restErr(w, http.StatusBadRequest, "The \"verbose\" query parameter must be either \"true\" or \"false\".")
				return
			}
			verbose = v == "true"
		}
		if v := get("mempool_sequence"); v != "" {
			if v != "true" && v != "false" {
				restErr(w, http.StatusBadRequest, "The \"mempool_sequence\" query parameter must be either \"true\" or \"false\".")
				return
			}
			seq = v == "true"
		}
		if verbose && seq {
			restErr(w, http.StatusBadRequest, "Verbose results cannot contain mempool sequence values. (hint: set \"verbose=false\")")
			return
		}
		restJSON(w, h.s.rawMempool(verbose, seq))
	default:
		restErr(w, http.StatusBadRequest, "Invalid URI format. Expected /rest/mempool/<info|contents>.json")
	}
}

// utxoRequest is a parsed getutxos request.
type utxoRequest struct {
	checkMempool bool
	outpoints    []primitives.OutPoint
}

// restError is a REST failure whose text is Core's message, sent as is.
type restError string

func (e restError) Error() string { return string(e) }

// errRESTParse is returned by parseGetUTXOs for a malformed request.
const errRESTParse = restError("Parse error")

// parseGetUTXOs parses the path part after "/rest/getutxos" ("/checkmempool/
// txid-n/..." with the format suffix removed) and, for the bin and hex
// formats without outpoints in the path, the request body: a bool
// (checkmempool) and a vector of outpoints, as Core's rest_getutxos.
func parseGetUTXOs(param string, f restFormat, body []byte) (utxoRequest, error) {
	var req utxoRequest
	var parts []string
	if param != "" {
		parts = strings.Split(strings.TrimPrefix(param, "/"), "/")
	}
	if len(parts) > 0 && parts[0] == "checkmempool" {
		req.checkMempool = true
		parts = parts[1:]
	}
	for _, p := range parts {
		i := strings.IndexByte(p, '-')
		if i < 0 {
			return req, errRESTParse
		}
		txidStr, nStr := p[:i], p[i+1:]
		n, err := strconv.ParseUint(nStr, 10, 32)
		if err != nil || len(txidStr) != 64 || !rpcutil.IsHex(txidStr) {
			return req, errRESTParse
		}
		txid, _ := chainhash.NewHashFromStr(txidStr)
		req.outpoints = append(req.outpoints, primitives.OutPoint{Hash: txid, Index: uint32(n)})
		if len(req.outpoints) > maxGetUTXOsOutpoints {
			return req, errTooMany(len(parts))
		}
	}
	if len(body) > 0 && (f == fmtBin || f == fmtHex) {
		if len(req.outpoints) > 0 {
			// Core: a body together with URI outpoints is an error.
			return req, restError("Combination of URI scheme inputs and raw post data is not allowed")
		}
		raw := body
		if f == fmtHex {
			s := strings.TrimSpace(string(body))
			// An empty body is an empty request, as Core's getutxos reads it.
			if s != "" && !rpcutil.IsHex(s) {
				return req, errRESTParse
			}
			raw, _ = hex.DecodeString(s)
		}
		if len(raw) < 1 {
			return req, errRESTParse
		}
		req.checkMempool = raw[0] != 0
		raw = raw[1:]
		n, k, err := primitives.ReadCompactSize(raw)
		if err != nil || n > maxGetUTXOsOutpoints+1 || uint64(len(raw)-k) < n*36 {
			if err == nil && n > maxGetUTXOsOutpoints {
				return req, errTooMany(int(n))
			}
			return req, errRESTParse
		}
		raw = raw[k:]
		for i := uint64(0); i < n; i++ {
			var op primitives.OutPoint
			copy(op.Hash[:], raw[:32])
			op.Index = binary.LittleEndian.Uint32(raw[32:36])
			raw = raw[36:]
			req.outpoints = append(req.outpoints, op)
		}
		if len(req.outpoints) > maxGetUTXOsOutpoints {
			return req, errTooMany(len(req.outpoints))
		}
	}
	if len(req.outpoints) == 0 {
		return req, restError("Error: empty request")
	}
	return req, nil
}

type tooManyError int

func (e tooManyError) Error() string {
	return "Error: max outpoints exceeded (max: " + strconv.Itoa(maxGetUTXOsOutpoints) + ", tried: " + strconv.Itoa(int(e)) + ")"
}

func errTooMany(n int) error { return tooManyError(n) }

// utxoView is one entry of getutxos' JSON "utxos".
type utxoView struct {
	Height       int32                    `json:"height"`
	Value        btcjson.Amount           `json:"value"`
	ScriptPubKey btcjson.ScriptPubKeyView `json:"scriptPubKey"`
}

type getUTXOsView struct {
	ChainHeight  int32      `json:"chainHeight"`
	ChaintipHash string     `json:"chaintipHash"`
	Bitmap       string     `json:"bitmap"`
	UTXOs        []utxoView `json:"utxos"`
}

func (h restHandler) getUTXOs(w http.ResponseWriter, rest string, body []byte) {
	param, f := parseDataFormat(rest)
	if f == fmtUndef {
		restErr(w, http.StatusNotFound, "output format not found (available: "+availableFormats+")")
		return
	}
	req, err := parseGetUTXOs(param, f, body)
	if err != nil {
		restErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s := h.s
	best := s.cfg.Chain.BestState()
	hits := make([]bool, len(req.outpoints))
	var coins []primitives.Coin
	for i, op := range req.outpoints {
		if req.checkMempool && s.cfg.Mempool != nil {
			if _, spent := s.cfg.Mempool.Spender(op); spent {
				continue
			}
			if d, ok := s.cfg.Mempool.Get(op.Hash); ok {
				if int(op.Index) < len(d.Tx.Outputs) {
					hits[i] = true
					coins = append(coins, primitives.Coin{Out: d.Tx.Outputs[op.Index], Height: mempoolHeight})
				}
				continue
			}
		}
		c, ok, err := s.cfg.Chain.LookupCoin(op)
		if err == nil && ok {
			hits[i] = true
			coins = append(coins, c)
		}
	}
	bitmap := make([]byte, (len(hits)+7)/8)
	bitmapStr := make([]byte, len(hits))
	for i, hit := range hits {
		bitmapStr[i] = '0'
		if hit {
			bitmap[i/8] |= 1 << (i % 8)
			bitmapStr[i] = '1'
		}
	}
	switch f {
	case fmtBin, fmtHex:
		out := binary.LittleEndian.AppendUint32(nil, uint32(best.Height))
		out = append(out, best.Hash[:]...)
		out = primitives.AppendCompactSize(out, uint64(len(bitmap)))
		out = append(out, bitmap...)
		out = primitives.AppendCompactSize(out, uint64(len(coins)))
		for i := range coins {
			out = binary.LittleEndian.AppendUint32(out, 0) // nTxVerDummy
			out = binary.LittleEndian.AppendUint32(out, coins[i].Height)
			out = binary.LittleEndian.AppendUint64(out, uint64(coins[i].Out.Value))
			out = primitives.AppendCompactSize(out, uint64(len(coins[i].Out.ScriptPubKey)))
			out = append(out, coins[i].Out.ScriptPubKey...)
		}
		restWrite(w, f, out)
	default:
		v := getUTXOsView{ChainHeight: best.Height, ChaintipHash: best.Hash.String(), Bitmap: string(bitmapStr), UTXOs: []utxoView{}}
		for i := range coins {
			v.UTXOs = append(v.UTXOs, utxoView{
				Height:       int32(coins[i].Height),
				Value:        btcjson.Amount(coins[i].Out.Value),
				ScriptPubKey: btcjson.NewScriptPubKeyView(coins[i].Out.ScriptPubKey, s.params()),
			})
		}
		restJSON(w, v)
	}
}
