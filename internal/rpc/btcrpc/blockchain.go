package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// chainErr maps a chain lookup failure to Core's answer.
func chainErr(err error) error {
	switch {
	case errors.Is(err, blockchain.ErrNotFound):
		return rpcErr(codeInvalidAddress, "Block not found")
	case errors.Is(err, blockchain.ErrBlockPruned):
		return rpcErr(jsonrpc.CodeMiscError, "Block not available (pruned data)")
	}
	return rpcErr(jsonrpc.CodeDatabaseError, "%s", err.Error())
}

// blockInfo looks up a block, answering -5 "Block not found" when unknown.
func (s *Service) blockInfo(hash chainhash.Hash) (blockchain.BlockInfo, error) {
	info, err := s.cfg.Chain.BlockInfo(hash)
	if err != nil {
		return info, chainErr(err)
	}
	return info, nil
}

// confirmations is Core's: tip height - height + 1 on the active chain,
// -1 off it.
func confirmations(info *blockchain.BlockInfo, tip int32) int64 {
	if !info.InActiveChain {
		return -1
	}
	return int64(tip) - int64(info.Height) + 1
}

func workHex(w interface{ Hex() string }) string {
	h := w.Hex()[2:]
	if len(h) < 64 {
		h = "0000000000000000000000000000000000000000000000000000000000000000"[len(h):] + h
	}
	return h
}

// headerView is Core's blockheaderToJSON.
type headerView struct {
	Hash          string        `json:"hash"`
	Confirmations int64         `json:"confirmations"`
	Height        int32         `json:"height"`
	Version       int32         `json:"version"`
	VersionHex    string        `json:"versionHex"`
	MerkleRoot    string        `json:"merkleroot"`
	Time          uint32        `json:"time"`
	MedianTime    int64         `json:"mediantime"`
	Nonce         uint32        `json:"nonce"`
	Bits          string        `json:"bits"`
	Target        string        `json:"target,omitempty"`
	Difficulty    btcjson.Float `json:"difficulty"`
	ChainWork     string        `json:"chainwork"`
	NTx           uint32        `json:"nTx"`
	PreviousHash  string        `json:"previousblockhash,omitempty"`
	NextHash      string        `json:"nextblockhash,omitempty"`
}

func hex8(v uint32) string {
	const digits = "0123456789abcdef"
	var b [8]byte
	for i := 7; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
	return string(b[:])
}

func (s *Service) headerView(info *blockchain.BlockInfo, tip int32) *headerView {
	h := &info.Header
	v := &headerView{
		Hash:          info.Hash.String(),
		Confirmations: confirmations(info, tip),
		Height:        info.Height,
		Version:       h.Version,
		VersionHex:    hex8(uint32(h.Version)),
		MerkleRoot:    h.MerkleRoot.String(),
		Time:          h.Timestamp,
		MedianTime:    info.MedianTime.Unix(),
		Nonce:         h.Nonce,
		Bits:          hex8(h.Bits),
		Difficulty:    btcjson.Float(btcjson.Difficulty(h.Bits)),
		ChainWork:     workHex(&info.ChainWork),
		NTx:           info.TxCount,
	}
	if t, ok := btcjson.TargetHex(h.Bits, s.params().PowLimit.ToBig()); ok {
		v.Target = t
	}
	if info.Height > 0 {
		v.PreviousHash = h.PrevBlock.String()
	}
	if info.InActiveChain && !info.NextHash.IsZero() {
		v.NextHash = info.NextHash.String()
	}
	return v
}

func (s *Service) getBestBlockHash(context.Context, *jsonrpc.Params) (any, error) {
	return s.cfg.Chain.BestState().Hash.String(), nil
}

func (s *Service) getBlockCount(context.Context, *jsonrpc.Params) (any, error) {
	return s.cfg.Chain.BestState().Height, nil
}

func (s *Service) getDifficulty(context.Context, *jsonrpc.Params) (any, error) {
	best := s.cfg.Chain.BestState()
	info, err := s.blockInfo(best.Hash)
	if err != nil {
		return nil, err
	}
	return btcjson.Float(btcjson.Difficulty(info.Header.Bits)), nil
}

func (s *Service) getBlockHash(_ context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return nil, err
	}
	best := s.cfg.Chain.BestState()
	if h < 0 || h > int64(best.Height) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Block height out of range")
	}
	hash, err := s.cfg.Chain.BlockHashByHeight(int32(h))
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Block height out of range")
	}
	return hash.String(), nil
}

func (s *Service) getBlockHeader(_ context.Context, p *jsonrpc.Params) (any, error) {
	hash, err := rpcutil.ReqHash(p, 0, "hash")
	if err != nil {
		return nil, err
	}
	verbose, err := rpcutil.OptBool(p, 1, true)
	if err != nil {
		return nil, err
	}
	info, err := s.blockInfo(hash)
	if err != nil {
		return nil, err
	}
	if !verbose {
		return hex.EncodeToString(info.Header.Bytes()), nil
	}
	return s.headerView(&info, s.cfg.Chain.BestState().Height), nil
}

// blockContext builds the chain fields of a getblock view.
func (s *Service) blockContext(info *blockchain.BlockInfo, tip int32, undo *utxoset.BlockUndo) *btcjson.BlockContext {
	conf := confirmations(info, tip)
	height := int64(info.Height)
	mtp := info.MedianTime.Unix()
	ctx := &btcjson.BlockContext{
		Confirmations: &conf,
		Height:        &height,
		MedianTime:    &mtp,
		ChainWork:     info.ChainWork.ToBig(),
		PowLimit:      s.params().PowLimit.ToBig(),
	}
	if info.InActiveChain && !info.NextHash.IsZero() {
		next := info.NextHash
		ctx.NextHash = &next
	}
	if undo != nil {
		ctx.Undo = spentOutputs(undo)
	}
	return ctx
}

// spentOutputs converts undo data to btcjson's per-transaction form (entry
// 0, the coinbase, empty).
func spentOutputs(undo *utxoset.BlockUndo) [][]btcjson.SpentOutput {
	out := make([][]btcjson.SpentOutput, len(undo.Txs)+1)
	n := 0
	for _, tu := range undo.Txs {
		n += len(tu.PrevOuts)
	}
	flat := make([]btcjson.SpentOutput, n)
	for i, tu := range undo.Txs {
		row := flat[:len(tu.PrevOuts):len(tu.PrevOuts)]
		flat = flat[len(tu.PrevOuts):]
		for j := range tu.PrevOuts {
			c := &tu.PrevOuts[j]
			row[j] = btcjson.SpentOutput{Value: c.Out.Value, ScriptPubKey: c.Out.ScriptPubKey, Height: c.Height, CoinBase: c.IsCoinBase}
		}
		out[i+1] = row
	}
	return out
}

// blockJSON returns the getblock view of a block at verbosity 1-3.
func (s *Service) blockJSON(info *blockchain.BlockInfo, verbosity int) (any, error) {
	if !info.HaveData {
		if info.TxCount > 0 {
			return nil, rpcErr(jsonrpc.CodeMiscError, "Block not available (pruned data)")
		}
		return nil, rpcErr(jsonrpc.CodeMiscError, "Block not found on disk")
	}
	blk, err := s.cfg.Chain.BlockByHash(info.Hash)
	if err != nil {
		return nil, chainErr(err)
	}
	var undo *utxoset.BlockUndo
	if verbosity >= btcjson.VerbosityTxs && info.Height > 0 && len(blk.Txs) > 1 {
		// Undo data exists for connected blocks; its absence only drops
		// the fee and prevout fields, as in Core.
		if u, err := s.cfg.Chain.BlockUndo(info.Hash); err == nil && len(u.Txs) == len(blk.Txs)-1 {
			undo = u
		}
	}
	tip := s.cfg.Chain.BestState().Height
	return btcjson.NewBlockView(blk, s.params(), verbosity, s.blockContext(info, tip, undo)), nil
}

func (s *Service) getBlock(_ context.Context, p *jsonrpc.Params) (any, error) {
	hash, err := rpcutil.ReqHash(p, 0, "blockhash")
	if err != nil {
		return nil, err
	}
	verbosity, err := rpcutil.ParseVerbosity(p, 1, 1, true)
	if err != nil {
		return nil, err
	}
	tip := s.cfg.Chain.BestState().Hash // before the lookup: see jsonCache
	info, err := s.blockInfo(hash)
	if err != nil {
		return nil, err
	}
	if verbosity <= 0 {
		if !info.HaveData {
			return nil, rpcErr(jsonrpc.CodeMiscError, "Block not available (pruned data)")
		}
		raw, err := s.cfg.Chain.RawBlockByHash(hash)
		if err != nil {
			return nil, chainErr(err)
		}
		return hex.EncodeToString(raw), nil
	}
	if verbosity > 3 {
		verbosity = 3
	}
	if verbosity < 2 || s.cache == nil || !info.HaveData {
		return s.blockJSON(&info, int(verbosity))
	}
	return s.cache.get(cacheKey{hash: hash, tip: tip, verbosity: int(verbosity)}, func() (json.RawMessage, bool, error) {
		v, err := s.blockJSON(&info, int(verbosity))
		if err != nil {
			return nil, false, err
		}
		b, err := json.Marshal(v)
		return b, s.cfg.Chain.BestState().Hash == tip, err
	})
}

// chainTipView is one getchaintips entry.
type chainTipView struct {
	Height    int32  `json:"height"`
	Hash      string `json:"hash"`
	BranchLen int32  `json:"branchlen"`
	Status    string `json:"status"`
}

func (s *Service) getChainTips(context.Context, *jsonrpc.Params) (any, error) {
	tips := s.cfg.Chain.ChainTips()
	out := make([]chainTipView, len(tips))
	for i, t := range tips {
		out[i] = chainTipView{Height: t.Height, Hash: t.Hash.String(), BranchLen: t.BranchLen, Status: t.Status}
	}
	return out, nil
}

// blockchainInfo is Core's getblockchaininfo result.
type blockchainInfo struct {
	Chain                string        `json:"chain"`
	Blocks               int32         `json:"blocks"`
	Headers              int32         `json:"headers"`
	BestBlockHash        string        `json:"bestblockhash"`
	Bits                 string        `json:"bits"`
	Target               string        `json:"target"`
	Difficulty           btcjson.Float `json:"difficulty"`
	Time                 int64         `json:"time"`
	MedianTime           int64         `json:"mediantime"`
	VerificationProgress btcjson.Float `json:"verificationprogress"`
	InitialBlockDownload bool          `json:"initialblockdownload"`
	ChainWork            string        `json:"chainwork"`
	SizeOnDisk           uint64        `json:"size_on_disk"`
	Pruned               bool          `json:"pruned"`
	PruneHeight          *int32        `json:"pruneheight,omitempty"`
	AutomaticPruning     *bool         `json:"automatic_pruning,omitempty"`
	PruneTargetSize      *uint64       `json:"prune_target_size,omitempty"`
	SignetChallenge      string        `json:"signet_challenge,omitempty"`
	Warnings             []string      `json:"warnings"`
}

func (s *Service) getBlockchainInfo(context.Context, *jsonrpc.Params) (any, error) {
	return s.chainInfo()
}

func (s *Service) chainInfo() (*blockchainInfo, error) {
	best := s.cfg.Chain.BestState()
	info, err := s.blockInfo(best.Hash)
	if err != nil {
		return nil, err
	}
	st := s.cfg.Chain.StorageInfo()
	ibd := s.cfg.Chain.IsInitialBlockDownload()
	out := &blockchainInfo{
		Chain:                s.params().Name,
		Blocks:               best.Height,
		Headers:              best.BestHeaderHeight,
		BestBlockHash:        best.Hash.String(),
		Bits:                 hex8(info.Header.Bits),
		Difficulty:           btcjson.Float(btcjson.Difficulty(info.Header.Bits)),
		Time:                 int64(info.Header.Timestamp),
		MedianTime:           best.MedianTime.Unix(),
		VerificationProgress: btcjson.Float(s.verificationProgress(best, ibd)),
		InitialBlockDownload: ibd,
		ChainWork:            workHex(&best.ChainWork),
		SizeOnDisk:           st.SizeOnDisk,
		Pruned:               st.Pruned,
		Warnings:             []string{},
	}
	if t, ok := btcjson.TargetHex(info.Header.Bits, nil); ok {
		out.Target = t
	}
	if st.Pruned {
		ph, auto, tgt := st.PruneHeight, st.PruneTarget > 0, st.PruneTarget
		out.PruneHeight, out.AutomaticPruning = &ph, &auto
		if auto {
			out.PruneTargetSize = &tgt
		}
	}
	if s.params().SignetChallenge != nil {
		out.SignetChallenge = hex.EncodeToString(s.params().SignetChallenge)
	}
	return out, nil
}

// verificationProgress estimates Core's GuessVerificationProgress without
// chain transaction data: 1 once out of initial block download, otherwise
// the share of the time since genesis the tip covers.
func (s *Service) verificationProgress(best blockchain.BestState, ibd bool) float64 {
	if !ibd {
		return 1
	}
	genesis := int64(s.params().GenesisBlock.Header.Timestamp)
	now := s.cfg.Now().Unix()
	if now <= genesis {
		return 1
	}
	f := float64(best.Time.Unix()-genesis) / float64(now-genesis)
	if f < 0 {
		f = 0
	}
	if f > 1 {
		f = 1
	}
	return f
}

// txOutView is Core's gettxout result.
type txOutView struct {
	BestBlock     string                   `json:"bestblock"`
	Confirmations int64                    `json:"confirmations"`
	Value         btcjson.Amount           `json:"value"`
	ScriptPubKey  btcjson.ScriptPubKeyView `json:"scriptPubKey"`
	Coinbase      bool                     `json:"coinbase"`
}

func (s *Service) getTxOut(_ context.Context, p *jsonrpc.Params) (any, error) {
	txid, err := rpcutil.ReqHash(p, 0, "txid")
	if err != nil {
		return nil, err
	}
	n, err := rpcutil.ReqInt(p, 1)
	if err != nil {
		return nil, err
	}
	if n < 0 || n > 0xffffffff {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid parameter, vout cannot be negative")
	}
	incMempool, err := rpcutil.OptBool(p, 2, true)
	if err != nil {
		return nil, err
	}
	op := primitives.OutPoint{Hash: txid, Index: uint32(n)}
	best := s.cfg.Chain.BestState()
	if incMempool && s.cfg.Mempool != nil {
		if _, spent := s.cfg.Mempool.Spender(op); spent {
			return nil, nil
		}
		if d, ok := s.cfg.Mempool.Get(txid); ok {
			if int(op.Index) >= len(d.Tx.Outputs) {
				return nil, nil
			}
			out := d.Tx.Outputs[op.Index]
			return &txOutView{BestBlock: best.Hash.String(), Value: btcjson.Amount(out.Value),
				ScriptPubKey: btcjson.NewScriptPubKeyView(out.ScriptPubKey, s.params())}, nil
		}
	}
	c, ok, err := s.cfg.Chain.LookupCoin(op)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDatabaseError, "%s", err.Error())
	}
	if !ok {
		return nil, nil
	}
	return &txOutView{
		BestBlock:     best.Hash.String(),
		Confirmations: int64(best.Height) - int64(c.Height) + 1,
		Value:         btcjson.Amount(c.Out.Value),
		ScriptPubKey:  btcjson.NewScriptPubKeyView(c.Out.ScriptPubKey, s.params()),
		Coinbase:      c.IsCoinBase,
	}, nil
}

// txOutSetInfo is Core's gettxoutsetinfo result without coinstatsindex.
type txOutSetInfo struct {
	Height          int32           `json:"height"`
	BestBlock       string          `json:"bestblock"`
	TxOuts          uint64          `json:"txouts"`
	BogoSize        uint64          `json:"bogosize"`
	HashSerialized3 string          `json:"hash_serialized_3,omitempty"`
	MuHash          string          `json:"muhash,omitempty"`
	TotalAmount     *btcjson.Amount `json:"total_amount,omitempty"`
	Transactions    uint64          `json:"transactions"`
	DiskSize        uint64          `json:"disk_size"`
}

func (s *Service) getTxOutSetInfo(_ context.Context, p *jsonrpc.Params) (any, error) {
	ht, err := rpcutil.OptString(p, 0, "hash_serialized_3")
	if err != nil {
		return nil, err
	}
	var kind utxoset.HashType
	switch ht {
	case "hash_serialized_3":
		kind = utxoset.HashSerialized
	case "muhash":
		kind = utxoset.HashMuHash
	case "none":
		kind = utxoset.HashNone
	default:
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "'%s' is not a valid hash_type", ht)
	}
	if p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Querying specific block heights requires coinstatsindex")
	}
	if useIndex, err := rpcutil.OptBool(p, 2, false); err != nil {
		return nil, err
	} else if useIndex {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Querying specific block heights requires coinstatsindex")
	}
	if s.cfg.Control == nil {
		return nil, rpcErr(codeMethodNotFound, "Method not found")
	}
	st, height, err := s.cfg.Control.UTXOStats(kind)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeInternalError, "Unable to read UTXO set")
	}
	out := &txOutSetInfo{
		Height:       height,
		BestBlock:    st.BestBlock.String(),
		TxOuts:       st.TxOuts,
		BogoSize:     st.BogoSize,
		Transactions: st.Transactions,
	}
	switch kind {
	case utxoset.HashSerialized:
		out.HashSerialized3 = st.HashSerialized.String()
	case utxoset.HashMuHash:
		out.MuHash = st.MuHash.String()
	}
	if !st.TotalAmountOverflow {
		a := btcjson.Amount(st.TotalAmount)
		out.TotalAmount = &a
	}
	return out, nil
}

// chainTxStats is Core's getchaintxstats result.
type chainTxStats struct {
	Time                   int64          `json:"time"`
	TxCount                uint64         `json:"txcount"`
	WindowFinalBlockHash   string         `json:"window_final_block_hash"`
	WindowFinalBlockHeight int32          `json:"window_final_block_height"`
	WindowBlockCount       int64          `json:"window_block_count"`
	WindowInterval         *int64         `json:"window_interval,omitempty"`
	WindowTxCount          *uint64        `json:"window_tx_count,omitempty"`
	TxRate                 *btcjson.Float `json:"txrate,omitempty"`
}

func (s *Service) getChainTxStats(_ context.Context, p *jsonrpc.Params) (any, error) {
	best := s.cfg.Chain.BestState()
	hash := best.Hash
	if p.Has(1) {
		h, err := rpcutil.ReqHash(p, 1, "blockhash")
		if err != nil {
			return nil, err
		}
		hash = h
	}
	info, err := s.blockInfo(hash)
	if err != nil {
		return nil, err
	}
	if !info.InActiveChain {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Block is not in main chain")
	}
	month := int64(30*24*60*60) / s.params().PowTargetSpacing
	blockcount := min(month, int64(info.Height)-1)
	if blockcount < 0 {
		blockcount = 0
	}
	if p.Has(0) {
		n, err := rpcutil.ReqInt(p, 0)
		if err != nil {
			return nil, err
		}
		if n < 0 || (n > 0 && n >= int64(info.Height)) {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid block count: should be between 0 and the block's height - 1")
		}
		blockcount = n
	}
	out := &chainTxStats{
		Time:                   int64(info.Header.Timestamp),
		TxCount:                info.ChainTxs,
		WindowFinalBlockHash:   info.Hash.String(),
		WindowFinalBlockHeight: info.Height,
		WindowBlockCount:       blockcount,
	}
	if blockcount > 0 {
		pastHash, err := s.cfg.Chain.BlockHashByHeight(info.Height - int32(blockcount))
		if err != nil {
			return nil, chainErr(err)
		}
		past, err := s.blockInfo(pastHash)
		if err != nil {
			return nil, err
		}
		diff := info.MedianTime.Unix() - past.MedianTime.Unix()
		out.WindowInterval = &diff
		if info.ChainTxs != 0 && past.ChainTxs != 0 {
			wtc := info.ChainTxs - past.ChainTxs
			out.WindowTxCount = &wtc
			if diff > 0 {
				r := btcjson.Float(float64(wtc) / float64(diff))
				out.TxRate = &r
			}
		}
	}
	return out, nil
}

func (s *Service) invalidateBlock(_ context.Context, p *jsonrpc.Params) (any, error) {
	return s.blockControl(p, true)
}

func (s *Service) reconsiderBlock(_ context.Context, p *jsonrpc.Params) (any, error) {
	return s.blockControl(p, false)
}

func (s *Service) blockControl(p *jsonrpc.Params, invalidate bool) (any, error) {
	hash, err := rpcutil.ReqHash(p, 0, "blockhash")
	if err != nil {
		return nil, err
	}
	if _, err := s.blockInfo(hash); err != nil {
		return nil, err
	}
	if s.cfg.Control == nil {
		return nil, rpcErr(codeMethodNotFound, "Method not found")
	}
	if invalidate {
		err = s.cfg.Control.InvalidateBlock(hash)
	} else {
		err = s.cfg.Control.ReconsiderBlock(hash)
	}
	if err != nil {
		if errors.Is(err, blockchain.ErrNotFound) {
			return nil, rpcErr(codeInvalidAddress, "Block not found")
		}
		return nil, rpcErr(jsonrpc.CodeDatabaseError, "%s", err.Error())
	}
	return nil, nil
}

// verifyChain runs the chain's VerifyChain (Core's CVerifyDB) with the
// requested level and depth and answers true only when every check ran
// and passed: a corruption, checks skipped for lack of cache or pruned
// blocks, and any other failure answer false, as Core's
// VerifyDB(...) == SUCCESS.
func (s *Service) verifyChain(_ context.Context, p *jsonrpc.Params) (any, error) {
	level, err := rpcutil.OptInt(p, 0, blockchain.DefaultCheckLevel)
	if err != nil {
		return nil, err
	}
	nblocks, err := rpcutil.OptInt(p, 1, blockchain.DefaultCheckBlocks)
	if err != nil {
		return nil, err
	}
	if s.cfg.Control == nil {
		return nil, rpcErr(codeMethodNotFound, "Method not found")
	}
	return s.cfg.Control.VerifyChain(int(level), int(nblocks)) == nil, nil
}

func (s *Service) pruneBlockchain(_ context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return nil, err
	}
	st := s.cfg.Chain.StorageInfo()
	if !st.Pruned {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Cannot prune blocks because node is not in prune mode.")
	}
	if h < 0 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Negative block height.")
	}
	best := s.cfg.Chain.BestState()
	if h > int64(best.Height) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Blockchain is shorter than the attempted prune height.")
	}
	// Pruning runs automatically against -prune's target; report the
	// last height whose block is gone, as Core does.
	return int64(st.PruneHeight) - 1, nil
}

// waitResult is the {hash, height} of the wait methods.
type waitResult struct {
	Hash   string `json:"hash"`
	Height int32  `json:"height"`
}

// waitFor blocks until cond holds for the tip, the timeout (milliseconds,
// 0 = none) expires or ctx ends, and returns the tip then.
func (s *Service) waitFor(ctx context.Context, timeoutMS int64, cond func(blockchain.BestState) bool) (any, error) {
	if timeoutMS < 0 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Negative timeout")
	}
	if s.cfg.Control == nil {
		return nil, rpcErr(codeMethodNotFound, "Method not found")
	}
	wake := make(chan struct{}, 1)
	unsub := s.cfg.Control.Subscribe(func(blockchain.Notification) {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	defer unsub()
	var timer <-chan time.Time
	if timeoutMS > 0 {
		t := time.NewTimer(time.Duration(timeoutMS) * time.Millisecond)
		defer t.Stop()
		timer = t.C
	}
	for {
		best := s.cfg.Chain.BestState()
		if cond(best) {
			return waitResult{Hash: best.Hash.String(), Height: best.Height}, nil
		}
		select {
		case <-wake:
		case <-timer:
			best = s.cfg.Chain.BestState()
			return waitResult{Hash: best.Hash.String(), Height: best.Height}, nil
		case <-ctx.Done():
			best = s.cfg.Chain.BestState()
			return waitResult{Hash: best.Hash.String(), Height: best.Height}, nil
		}
	}
}

func (s *Service) waitForNewBlock(ctx context.Context, p *jsonrpc.Params) (any, error) {
	timeout, err := rpcutil.OptInt(p, 0, 0)
	if err != nil {
		return nil, err
	}
	start := s.cfg.Chain.BestState().Hash
	return s.waitFor(ctx, timeout, func(b blockchain.BestState) bool { return b.Hash != start })
}

func (s *Service) waitForBlock(ctx context.Context, p *jsonrpc.Params) (any, error) {
	hash, err := rpcutil.ReqHash(p, 0, "blockhash")
	if err != nil {
		return nil, err
	}
	timeout, err := rpcutil.OptInt(p, 1, 0)
	if err != nil {
		return nil, err
	}
	return s.waitFor(ctx, timeout, func(b blockchain.BestState) bool { return b.Hash == hash })
}

func (s *Service) waitForBlockHeight(ctx context.Context, p *jsonrpc.Params) (any, error) {
	h, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return nil, err
	}
	timeout, err := rpcutil.OptInt(p, 1, 0)
	if err != nil {
		return nil, err
	}
	return s.waitFor(ctx, timeout, func(b blockchain.BestState) bool { return int64(b.Height) >= h })
}

// hashOrHeight is Core's ParseHashOrHeight.
func (s *Service) hashOrHeight(p *jsonrpc.Params, i int) (blockchain.BlockInfo, error) {
	if !p.Has(i) {
		return blockchain.BlockInfo{}, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter %d", i+1)
	}
	raw := p.Positional[i]
	if jsonrpc.JSONType(raw) == "number" {
		h, err := rpcutil.ReqInt(p, i)
		if err != nil {
			return blockchain.BlockInfo{}, err
		}
		best := s.cfg.Chain.BestState()
		if h < 0 {
			return blockchain.BlockInfo{}, rpcErr(jsonrpc.CodeInvalidParameter, "Target block height %d is negative", h)
		}
		if h > int64(best.Height) {
			return blockchain.BlockInfo{}, rpcErr(jsonrpc.CodeInvalidParameter, "Target block height %d after current tip %d", h, best.Height)
		}
		hash, err := s.cfg.Chain.BlockHashByHeight(int32(h))
		if err != nil {
			return blockchain.BlockInfo{}, chainErr(err)
		}
		return s.blockInfo(hash)
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return blockchain.BlockInfo{}, rpcutil.TypeError(raw, "string")
	}
	hash, err := rpcutil.ParseHash(str, "hash_or_height")
	if err != nil {
		return blockchain.BlockInfo{}, err
	}
	return s.blockInfo(hash)
}
