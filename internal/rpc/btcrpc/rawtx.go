package btcrpc

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// defaultMaxRawTxFeeRate is Core's DEFAULT_MAX_RAW_TX_FEE_RATE: 0.10 BTC/kvB.
const defaultMaxRawTxFeeRate = consensus.COIN / 10

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// findTx looks txid up as Core's GetTransaction: in the given block, or in
// the mempool and then the transaction index.
func (s *Service) findTx(txid chainhash.Hash, block *blockchain.BlockInfo) (*primitives.Tx, chainhash.Hash, *primitives.Block, error) {
	if block != nil {
		if !block.HaveData {
			return nil, chainhash.Hash{}, nil, rpcErr(jsonrpc.CodeMiscError, "Block not available")
		}
		blk, err := s.cfg.Chain.BlockByHash(block.Hash)
		if err != nil {
			return nil, chainhash.Hash{}, nil, chainErr(err)
		}
		for _, tx := range blk.Txs {
			if tx.TxHash() == txid {
				return tx, block.Hash, blk, nil
			}
		}
		return nil, chainhash.Hash{}, nil, nil
	}
	if s.cfg.Mempool != nil {
		if d, ok := s.cfg.Mempool.Get(txid); ok {
			return d.Tx, chainhash.Hash{}, nil, nil
		}
	}
	if s.cfg.TxIndex {
		tx, bh, err := s.cfg.Chain.TxByID(txid)
		if err == nil {
			return tx, bh, nil, nil
		}
		if !errors.Is(err, blockchain.ErrNotFound) {
			return nil, chainhash.Hash{}, nil, rpcErr(jsonrpc.CodeDatabaseError, "%s", err.Error())
		}
	}
	return nil, chainhash.Hash{}, nil, nil
}

func (s *Service) getRawTransaction(_ context.Context, p *jsonrpc.Params) (any, error) {
	txid, err := rpcutil.ReqHash(p, 0, "parameter 1")
	if err != nil {
		return nil, err
	}
	if txid == s.params().GenesisBlock.Txs[0].TxHash() {
		return nil, rpcErr(codeInvalidAddress, "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved")
	}
	verbosity, err := rpcutil.ParseVerbosity(p, 1, 0, true)
	if err != nil {
		return nil, err
	}
	var blockInfo *blockchain.BlockInfo
	if p.Has(2) {
		bh, err := rpcutil.ReqHash(p, 2, "parameter 3")
		if err != nil {
			return nil, err
		}
		info, err := s.cfg.Chain.BlockInfo(bh)
		if err != nil {
			return nil, rpcErr(codeInvalidAddress, "Block hash not found")
		}
		blockInfo = &info
	}
	tx, blockHash, blk, err := s.findTx(txid, blockInfo)
	if err != nil {
		return nil, err
	}
	if tx == nil {
		var msg string
		switch {
		case blockInfo != nil:
			msg = "No such transaction found in the provided block"
		case !s.cfg.TxIndex:
			msg = "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries"
		default:
			msg = "No such mempool or blockchain transaction"
		}
		return nil, rpcErr(codeInvalidAddress, "%s. Use gettransaction for wallet transactions.", msg)
	}
	if verbosity <= 0 {
		return hex.EncodeToString(tx.Bytes()), nil
	}
	opts := &btcjson.TxOptions{IncludeHex: true}
	if blockInfo != nil {
		in := blockInfo.InActiveChain
		opts.InActiveChain = &in
	}
	var info *blockchain.BlockInfo
	if !blockHash.IsZero() {
		bh := blockHash
		opts.BlockHash = &bh
		if blockInfo != nil {
			info = blockInfo
		} else if bi, err := s.cfg.Chain.BlockInfo(blockHash); err == nil {
			info = &bi
		}
		if info != nil {
			var conf int64
			if info.InActiveChain {
				conf = int64(s.cfg.Chain.BestState().Height) - int64(info.Height) + 1
				bt := int64(info.Header.Timestamp)
				opts.BlockTime = &bt
			}
			opts.Confirmations = &conf
		}
	}
	if verbosity >= 2 && info != nil && !tx.IsCoinBase() && info.HaveData {
		if blk == nil {
			blk, _ = s.cfg.Chain.BlockByHash(info.Hash)
		}
		if undo, err := s.cfg.Chain.BlockUndo(info.Hash); err == nil && blk != nil && len(undo.Txs) == len(blk.Txs)-1 {
			for i, btx := range blk.Txs {
				if i > 0 && btx == tx || i > 0 && btx.TxHash() == txid {
					spent := spentOutputs(undo)[i]
					opts.Spent = spent
					opts.ShowPrevOut = true
					break
				}
			}
		}
	}
	return btcjson.NewTxView(tx, s.params(), opts), nil
}

func (s *Service) decodeRawTransaction(_ context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	tryWitness, tryNoWitness := true, true
	if p.Has(1) {
		w, err := rpcutil.OptBool(p, 1, true)
		if err != nil {
			return nil, err
		}
		tryWitness, tryNoWitness = w, !w
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed")
	}
	tx, err := btcjson.DecodeRawTx(b, tryNoWitness, tryWitness)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed")
	}
	return btcjson.NewTxView(tx, s.params(), nil), nil
}

func (s *Service) decodeScript(_ context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	var script []byte
	if h != "" {
		script, err = rpcutil.ParseHex(h, "argument")
		if err != nil {
			return nil, err
		}
	}
	return btcjson.NewDecodeScriptView(script, s.params()), nil
}

// objectPair is one key of a JSON object, in document order.
type objectPair struct {
	key   string
	value json.RawMessage
}

// orderedObject decodes a JSON object keeping its keys' order and
// duplicates (UniValue semantics). ok is false when raw is not an object.
func orderedObject(raw json.RawMessage) ([]objectPair, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []objectPair
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		if tok == json.Delim('}') {
			break
		}
		key, ok := tok.(string)
		if !ok {
			return nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		out = append(out, objectPair{key, v})
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return out, true
}

// pushData appends a data push as CScript's operator<< does.
func pushData(script, data []byte) []byte {
	n := len(data)
	switch {
	case n < int(txscript.OP_PUSHDATA1):
		script = append(script, byte(n))
	case n <= 0xff:
		script = append(script, txscript.OP_PUSHDATA1, byte(n))
	case n <= 0xffff:
		script = append(script, txscript.OP_PUSHDATA2, byte(n), byte(n>>8))
	default:
		script = append(script, txscript.OP_PUSHDATA4, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	}
	return append(script, data...)
}

// constructTransaction is Core's ConstructTransaction (createrawtransaction,
// createpsbt): inputs, outputs, locktime, the replaceable flag (nil: not
// given, which means replaceable as in Core 28+) and the version.
func (s *Service) constructTransaction(inRaw, outRaw, lockRaw json.RawMessage, rbfOpt *bool, version int32) (*primitives.Tx, error) {
	rbf := rbfOpt == nil || *rbfOpt
	tx := &primitives.Tx{Version: version}
	if lockRaw != nil && jsonrpc.JSONType(lockRaw) != "null" {
		p := &jsonrpc.Params{Positional: []json.RawMessage{lockRaw}}
		lt, err := rpcutil.ReqInt(p, 0)
		if err != nil {
			return nil, err
		}
		if lt < 0 || lt > 0xffffffff {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, locktime out of range")
		}
		tx.LockTime = uint32(lt)
	}
	var inputs []json.RawMessage
	if jsonrpc.JSONType(inRaw) != "array" || json.Unmarshal(inRaw, &inputs) != nil {
		return nil, rpcutil.TypeError(inRaw, "array")
	}
	for _, in := range inputs {
		pairs, ok := orderedObject(in)
		if !ok {
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type object", jsonrpc.JSONType(in))
		}
		find := func(k string) json.RawMessage {
			for _, p := range pairs {
				if p.key == k {
					return p.value
				}
			}
			return nil
		}
		txidRaw := find("txid")
		var txidStr string
		if txidRaw == nil || json.Unmarshal(txidRaw, &txidStr) != nil {
			k := "null"
			if txidRaw != nil {
				k = jsonrpc.JSONType(txidRaw)
			}
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type string", k)
		}
		txid, err := rpcutil.ParseHash(txidStr, "txid")
		if err != nil {
			return nil, err
		}
		voutRaw := find("vout")
		if voutRaw == nil || jsonrpc.JSONType(voutRaw) != "number" {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, missing vout key")
		}
		vout, err := rpcutil.ReqInt(&jsonrpc.Params{Positional: []json.RawMessage{voutRaw}}, 0)
		if err != nil {
			return nil, err
		}
		if vout < 0 {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		if vout > 0x7fffffff {
			return nil, rpcErr(jsonrpc.CodeTypeError, "JSON integer out of range")
		}
		seq := uint32(0xffffffff)
		if rbf {
			seq = 0xfffffffd
		} else if tx.LockTime != 0 {
			seq = 0xfffffffe
		}
		if sr := find("sequence"); sr != nil && jsonrpc.JSONType(sr) == "number" {
			n, err := rpcutil.ReqInt(&jsonrpc.Params{Positional: []json.RawMessage{sr}}, 0)
			if err != nil || n < 0 || n > 0xffffffff {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, sequence number is out of range")
			}
			seq = uint32(n)
		}
		tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: primitives.OutPoint{Hash: txid, Index: uint32(vout)}, Sequence: seq})
	}
	// Outputs: an object, or an array of one-key objects.
	var pairs []objectPair
	switch jsonrpc.JSONType(outRaw) {
	case "object":
		pairs, _ = orderedObject(outRaw)
	case "array":
		var arr []json.RawMessage
		if json.Unmarshal(outRaw, &arr) != nil {
			return nil, rpcutil.TypeError(outRaw, "array")
		}
		for _, o := range arr {
			op, ok := orderedObject(o)
			if !ok {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, key-value pair not an object as expected")
			}
			if len(op) != 1 {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, key-value pair must contain exactly one key")
			}
			pairs = append(pairs, op[0])
		}
	default:
		return nil, rpcErr(jsonrpc.CodeTypeError, "JSON value of type %s is not of expected type object", jsonrpc.JSONType(outRaw))
	}
	seenData := false
	seenAddr := make(map[string]bool)
	for _, pr := range pairs {
		if pr.key == "data" {
			if seenData {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, duplicate key: data")
			}
			seenData = true
			var h string
			if json.Unmarshal(pr.value, &h) != nil {
				return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type string", jsonrpc.JSONType(pr.value))
			}
			data, err := rpcutil.ParseHex(h, "Data")
			if err != nil {
				return nil, err
			}
			tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: 0, ScriptPubKey: pushData([]byte{txscript.OP_RETURN}, data)})
			continue
		}
		addr, err := address.Decode(pr.key, s.params())
		if err != nil {
			return nil, rpcErr(codeInvalidAddress, "Invalid Bitcoin address: %s", pr.key)
		}
		if seenAddr[pr.key] {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, duplicated address: %s", pr.key)
		}
		seenAddr[pr.key] = true
		amt, err := rpcutil.AmountFromJSON(pr.value)
		if err != nil {
			return nil, err
		}
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: amt, ScriptPubKey: addr.ScriptPubKey()})
	}
	if rbfOpt != nil && rbf && len(tx.Inputs) > 0 && !signalsRBF(tx) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter combination: Sequence number(s) contradict replaceable option")
	}
	return tx, nil
}

func (s *Service) createRawTransaction(_ context.Context, p *jsonrpc.Params) (any, error) {
	tx, err := s.constructFromParams(p)
	if err != nil {
		return nil, err
	}
	return hex.EncodeToString(tx.Bytes()), nil
}

// Core's transaction version limits for createrawtransaction's "version"
// (TX_MIN_STANDARD_VERSION, TX_MAX_STANDARD_VERSION) and its default.
const (
	minTxVersion     = 1
	maxTxVersion     = 3
	defaultTxVersion = 2
)

// constructFromParams reads createrawtransaction's and createpsbt's common
// arguments: inputs, outputs, locktime, replaceable, version.
func (s *Service) constructFromParams(p *jsonrpc.Params) (*primitives.Tx, error) {
	if !p.Has(0) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 1")
	}
	if !p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 2")
	}
	var rbf *bool
	if p.Has(3) {
		b, err := rpcutil.OptBool(p, 3, true)
		if err != nil {
			return nil, err
		}
		rbf = &b
	}
	version, err := rpcutil.OptInt(p, 4, defaultTxVersion)
	if err != nil {
		return nil, err
	}
	if version < minTxVersion || version > maxTxVersion {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, version out of range(%d~%d)", minTxVersion, maxTxVersion)
	}
	var lock json.RawMessage
	if p.Has(2) {
		lock = p.Positional[2]
	}
	return s.constructTransaction(p.Positional[0], p.Positional[1], lock, rbf, int32(version))
}

// rejectMessage is Core's TxValidationState::ToString for a mempool
// rejection: the reason, then the debug message.
func rejectMessage(err error) string {
	var re *mempool.RuleError
	if errors.As(err, &re) {
		if re.Description != "" {
			return re.Reason() + ", " + re.Description
		}
		return re.Reason()
	}
	return err.Error()
}

// rejectReason is the bare reason of a mempool rejection.
func rejectReason(err error) string {
	var re *mempool.RuleError
	if errors.As(err, &re) {
		return re.Reason()
	}
	return err.Error()
}

// inputValue sums the coins tx spends from the chain and the mempool; ok
// is false when one is missing.
func (s *Service) inputValue(tx *primitives.Tx) (int64, bool) {
	var sum int64
	for i := range tx.Inputs {
		op := tx.Inputs[i].PrevOut
		if s.cfg.Mempool != nil {
			if d, ok := s.cfg.Mempool.Get(op.Hash); ok {
				if int(op.Index) >= len(d.Tx.Outputs) {
					return 0, false
				}
				sum += d.Tx.Outputs[op.Index].Value
				continue
			}
		}
		c, ok, err := s.cfg.Chain.LookupCoin(op)
		if err != nil || !ok {
			return 0, false
		}
		sum += c.Out.Value
	}
	return sum, true
}

func decodeTxParam(p *jsonrpc.Params, i int) (*primitives.Tx, error) {
	h, err := rpcutil.ReqString(p, i)
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed. Make sure the tx has at least one input.")
	}
	tx, err := btcjson.DecodeRawTx(b, true, true)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed. Make sure the tx has at least one input.")
	}
	return tx, nil
}

func (s *Service) sendRawTransaction(_ context.Context, p *jsonrpc.Params) (any, error) {
	tx, err := decodeTxParam(p, 0)
	if err != nil {
		return nil, err
	}
	maxRate, err := rpcutil.FeeRateParam(p, 1, defaultMaxRawTxFeeRate)
	if err != nil {
		return nil, err
	}
	var maxBurn int64
	if p.Has(2) {
		if maxBurn, err = rpcutil.AmountFromJSON(p.Positional[2]); err != nil {
			return nil, err
		}
	}
	for i := range tx.Outputs {
		if isUnspendable(tx.Outputs[i].ScriptPubKey) && tx.Outputs[i].Value > maxBurn {
			return nil, rpcErr(jsonrpc.CodeVerifyError, "Unspendable output exceeds maximum configured by user (maxburnamount)")
		}
	}
	txid := tx.TxHash()
	if s.cfg.Mempool == nil {
		return nil, rpcErr(codeClientP2PDisabled, "Error: mempool disabled")
	}
	if _, ok := s.cfg.Mempool.Get(txid); ok {
		return txid.String(), nil
	}
	for i := range tx.Outputs {
		if _, ok, _ := s.cfg.Chain.LookupCoin(primitives.OutPoint{Hash: txid, Index: uint32(i)}); ok {
			return nil, rpcErr(jsonrpc.CodeVerifyAlreadyInChain, "Transaction outputs already in utxo set")
		}
	}
	if maxRate > 0 {
		maxFee := mempool.FeeRate(maxRate).Fee(int64(tx.VSize()))
		if ta, ok := s.cfg.Mempool.(TestAccepter); ok {
			d, err := ta.TestAcceptTransaction(tx)
			if err != nil {
				return nil, broadcastErr(err)
			}
			if d.Fee > maxFee {
				return nil, rpcErr(jsonrpc.CodeVerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
			}
		} else if in, ok := s.inputValue(tx); ok {
			var out int64
			for i := range tx.Outputs {
				out += tx.Outputs[i].Value
			}
			if in-out > maxFee {
				return nil, rpcErr(jsonrpc.CodeVerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
			}
		}
	}
	if _, err := s.cfg.Mempool.AcceptTransaction(tx); err != nil {
		return nil, broadcastErr(err)
	}
	if s.cfg.OnTxAccepted != nil {
		s.cfg.OnTxAccepted(tx)
	}
	return txid.String(), nil
}

// broadcastErr maps a mempool rejection as Core's BroadcastTransaction and
// JSONRPCTransactionError do.
func broadcastErr(err error) error {
	var re *mempool.RuleError
	if !errors.As(err, &re) {
		return rpcErr(jsonrpc.CodeVerifyError, "Mempool internal error")
	}
	if errors.Is(err, mempool.ErrMissingInputs) {
		return rpcErr(jsonrpc.CodeVerifyError, "%s", rejectMessage(err))
	}
	return rpcErr(jsonrpc.CodeVerifyRejected, "%s", rejectMessage(err))
}

// testAcceptFees is the "fees" object of testmempoolaccept.
type testAcceptFees struct {
	Base              btcjson.Amount `json:"base"`
	EffectiveFeeRate  btcjson.Amount `json:"effective-feerate"`
	EffectiveIncludes []string       `json:"effective-includes"`
}

// testAcceptResult is one testmempoolaccept entry.
type testAcceptResult struct {
	TxID         string          `json:"txid"`
	WTxID        string          `json:"wtxid"`
	PackageError string          `json:"package-error,omitempty"`
	Allowed      *bool           `json:"allowed,omitempty"`
	VSize        int64           `json:"vsize,omitempty"`
	Fees         *testAcceptFees `json:"fees,omitempty"`
	RejectReason string          `json:"reject-reason,omitempty"`
}

func (s *Service) testMempoolAccept(_ context.Context, p *jsonrpc.Params) (any, error) {
	if !p.Has(0) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 1")
	}
	var raws []json.RawMessage
	if jsonrpc.JSONType(p.Positional[0]) != "array" || json.Unmarshal(p.Positional[0], &raws) != nil {
		return nil, rpcutil.TypeError(p.Positional[0], "array")
	}
	if len(raws) < 1 || len(raws) > 25 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Array must contain between 1 and 25 transactions.")
	}
	maxRate, err := rpcutil.FeeRateParam(p, 1, defaultMaxRawTxFeeRate)
	if err != nil {
		return nil, err
	}
	txs := make([]*primitives.Tx, len(raws))
	for i, raw := range raws {
		var h string
		if json.Unmarshal(raw, &h) != nil {
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type string", jsonrpc.JSONType(raw))
		}
		b, err := hex.DecodeString(h)
		if err == nil {
			txs[i], err = btcjson.DecodeRawTx(b, true, true)
		}
		if err != nil {
			return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed: %s Make sure the tx has at least one input.", h)
		}
	}
	ta, ok := s.cfg.Mempool.(TestAccepter)
	if !ok || s.cfg.Mempool == nil {
		return nil, rpcErr(codeMethodNotFound, "testmempoolaccept is not available: the mempool cannot test transactions")
	}
	if len(txs) > 1 {
		// Package evaluation is not implemented: Core reports the
		// package error on every entry in that case.
		out := make([]testAcceptResult, len(txs))
		for i, tx := range txs {
			out[i] = testAcceptResult{TxID: tx.TxHash().String(), WTxID: tx.WitnessHash().String(), PackageError: "package-not-supported"}
		}
		return out, nil
	}
	tx := txs[0]
	res := testAcceptResult{TxID: tx.TxHash().String(), WTxID: tx.WitnessHash().String()}
	d, err := ta.TestAcceptTransaction(tx)
	allowed := err == nil
	switch {
	case err != nil:
		res.RejectReason = rejectReason(err)
	case maxRate > 0 && d.Fee > mempool.FeeRate(maxRate).Fee(d.VSize):
		allowed = false
		res.RejectReason = "max-fee-exceeded"
	default:
		res.VSize = d.VSize
		res.Fees = &testAcceptFees{
			Base:              btcjson.Amount(d.Fee),
			EffectiveFeeRate:  btcjson.Amount(mempool.NewFeeRate(d.ModifiedFee, d.VSize)),
			EffectiveIncludes: []string{d.WTxID.String()},
		}
	}
	res.Allowed = &allowed
	return []testAcceptResult{res}, nil
}
