package miningrpc

import (
	"context"
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

type nextBlockInfo struct {
	Height     int64         `json:"height"`
	Bits       string        `json:"bits"`
	Difficulty btcjson.Float `json:"difficulty"`
	Target     string        `json:"target"`
}

// miningInfo is getmininginfo's reply (Core 29's fields and order).
type miningInfo struct {
	Blocks             int64         `json:"blocks"`
	CurrentBlockWeight *int64        `json:"currentblockweight,omitempty"`
	CurrentBlockTx     *int64        `json:"currentblocktx,omitempty"`
	Bits               string        `json:"bits"`
	Difficulty         btcjson.Float `json:"difficulty"`
	Target             string        `json:"target"`
	NetworkHashPS      btcjson.Float `json:"networkhashps"`
	PooledTx           int64         `json:"pooledtx"`
	Chain              string        `json:"chain"`
	Next               nextBlockInfo `json:"next"`
	SignetChallenge    string        `json:"signet_challenge,omitempty"`
	Warnings           []string      `json:"warnings"`
}

func (s *Service) getMiningInfo(ctx context.Context, p *jsonrpc.Params) (any, error) {
	st := s.cfg.Chain.BestState()
	info, err := s.cfg.Chain.BlockInfo(st.Hash)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInternalError, "%v", err)
	}
	powLimit := s.cfg.Params.PowLimit.ToBig()
	bits := info.Header.Bits
	target, _ := btcjson.TargetHex(bits, powLimit)
	hashps, err := s.networkHashPS(120, -1)
	if err != nil {
		return nil, err
	}
	res := miningInfo{
		Blocks:        int64(st.Height),
		Bits:          fmt.Sprintf("%08x", bits),
		Difficulty:    btcjson.Float(btcjson.Difficulty(bits)),
		Target:        target,
		NetworkHashPS: btcjson.Float(hashps),
		PooledTx:      int64(s.cfg.Mempool.Count()),
		Chain:         s.cfg.Params.Name,
		Warnings:      []string{},
	}
	if s.cfg.Params.SignetChallenge != nil {
		res.SignetChallenge = hex.EncodeToString(s.cfg.Params.SignetChallenge)
	}
	s.mu.Lock()
	if s.lastTxs >= 0 {
		w, n := s.lastWeight, s.lastTxs
		res.CurrentBlockWeight, res.CurrentBlockTx = &w, &n
	}
	s.mu.Unlock()
	if t, err := s.gen.NewTemplateWithTxs(nil, nil); err == nil {
		nb := t.Block.Header.Bits
		nt, _ := btcjson.TargetHex(nb, powLimit)
		res.Next = nextBlockInfo{Height: int64(t.Height), Bits: fmt.Sprintf("%08x", nb), Difficulty: btcjson.Float(btcjson.Difficulty(nb)), Target: nt}
	}
	return res, nil
}

func (s *Service) getNetworkHashPS(ctx context.Context, p *jsonrpc.Params) (any, error) {
	n, err := rpcutil.OptInt(p, 0, 120)
	if err != nil {
		return nil, err
	}
	h, err := rpcutil.OptInt(p, 1, -1)
	if err != nil {
		return nil, err
	}
	v, err := s.networkHashPS(n, h)
	if err != nil {
		return nil, err
	}
	return btcjson.Float(v), nil
}

// networkHashPS is Core's GetNetworkHashPS: the chain work of the lookup
// blocks before the block at height (the tip for -1) over the span of
// their timestamps; lookup -1 means since the last difficulty change.
func (s *Service) networkHashPS(lookup, height int64) (float64, error) {
	chain := s.cfg.Chain
	tip := int64(chain.BestHeight())
	if height < -1 || height > tip {
		return 0, invalidParam("Block does not exist at specified height")
	}
	if lookup < -1 || lookup == 0 {
		return 0, invalidParam("Invalid nblocks. Must be a positive number or -1.")
	}
	if height == -1 {
		height = tip
	}
	if height == 0 {
		return 0, nil
	}
	if lookup <= 0 {
		interval := s.cfg.Params.PowTargetTimespan / s.cfg.Params.PowTargetSpacing
		lookup = height%interval + 1
	}
	lookup = min(lookup, height)
	hashAt := func(h int64) (big.Int, int64, error) {
		hash, err := chain.BlockHashByHeight(int32(h))
		if err != nil {
			return big.Int{}, 0, err
		}
		info, err := chain.BlockInfo(hash)
		if err != nil {
			return big.Int{}, 0, err
		}
		return *info.ChainWork.ToBig(), int64(info.Header.Timestamp), nil
	}
	work1, t1, err := hashAt(height)
	if err != nil {
		return 0, jsonrpc.NewError(jsonrpc.CodeInternalError, "%v", err)
	}
	minT, maxT := t1, t1
	var work0 big.Int
	for h := height - 1; h >= height-lookup; h-- {
		w, t, err := hashAt(h)
		if err != nil {
			return 0, jsonrpc.NewError(jsonrpc.CodeInternalError, "%v", err)
		}
		minT, maxT = min(minT, t), max(maxT, t)
		work0 = w
	}
	if minT == maxT {
		return 0, nil
	}
	diff := new(big.Int).Sub(&work1, &work0)
	f, _ := new(big.Float).SetInt(diff).Float64()
	return f / float64(maxT-minT), nil
}

func (s *Service) prioritiseTransaction(ctx context.Context, p *jsonrpc.Params) (any, error) {
	txid, err := rpcutil.ReqHash(p, 0, "txid")
	if err != nil {
		return nil, err
	}
	var dummy float64
	if err := p.Decode(1, &dummy); err != nil {
		return nil, err
	}
	delta, err := rpcutil.ReqInt(p, 2)
	if err != nil {
		return nil, err
	}
	if dummy != 0 {
		return nil, invalidParam("Priority is no longer supported, dummy argument to prioritisetransaction must be 0.")
	}
	if d, ok := s.cfg.Mempool.Get(txid); ok {
		for i := range d.Tx.Outputs {
			if mempool.IsDust(&d.Tx.Outputs[i], mempool.DefaultDustRelayFee) {
				return nil, invalidParam("Priority is not supported for transactions with dust outputs.")
			}
		}
	}
	s.cfg.Mempool.PrioritiseTransaction(txid, delta)
	return true, nil
}

type prioritised struct {
	FeeDelta    int64  `json:"fee_delta"`
	InMempool   bool   `json:"in_mempool"`
	ModifiedFee *int64 `json:"modified_fee,omitempty"`
}

func (s *Service) getPrioritisedTransactions(ctx context.Context, p *jsonrpc.Params) (any, error) {
	out := make(map[string]prioritised)
	for txid, delta := range s.cfg.Mempool.FeeDeltas() {
		e := prioritised{FeeDelta: delta}
		if d, ok := s.cfg.Mempool.Get(txid); ok {
			e.InMempool = true
			m := d.ModifiedFee
			e.ModifiedFee = &m
		}
		out[txid.String()] = e
	}
	return out, nil
}
