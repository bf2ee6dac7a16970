package miningrpc

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Core's RPC error codes not in package jsonrpc.
const (
	codeClientInInitialDownload = -10 // RPC_CLIENT_IN_INITIAL_DOWNLOAD
)

type templateRequest struct {
	Mode         string   `json:"mode"`
	Capabilities []string `json:"capabilities"`
	Rules        []string `json:"rules"`
	LongPollID   *string  `json:"longpollid"`
	Data         *string  `json:"data"`
}

type gbtTx struct {
	Data    string `json:"data"`
	TxID    string `json:"txid"`
	Hash    string `json:"hash"`
	Depends []int  `json:"depends"`
	Fee     int64  `json:"fee"`
	SigOps  int64  `json:"sigops"`
	Weight  int64  `json:"weight"`
}

// gbtResult is getblocktemplate's reply in Core's field order.
type gbtResult struct {
	Capabilities             []string          `json:"capabilities"`
	Version                  int32             `json:"version"`
	Rules                    []string          `json:"rules"`
	VBAvailable              map[string]int    `json:"vbavailable"`
	VBRequired               int               `json:"vbrequired"`
	PreviousBlockHash        string            `json:"previousblockhash"`
	Transactions             []gbtTx           `json:"transactions"`
	CoinbaseAux              map[string]string `json:"coinbaseaux"`
	CoinbaseValue            int64             `json:"coinbasevalue"`
	LongPollID               string            `json:"longpollid"`
	Target                   string            `json:"target"`
	MinTime                  int64             `json:"mintime"`
	Mutable                  []string          `json:"mutable"`
	NonceRange               string            `json:"noncerange"`
	SigOpLimit               int64             `json:"sigoplimit"`
	SizeLimit                int64             `json:"sizelimit"`
	WeightLimit              int64             `json:"weightlimit,omitempty"`
	CurTime                  int64             `json:"curtime"`
	Bits                     string            `json:"bits"`
	Height                   int64             `json:"height"`
	SignetChallenge          string            `json:"signet_challenge,omitempty"`
	DefaultWitnessCommitment string            `json:"default_witness_commitment,omitempty"`
}

// isTestChain is Core's IsTestChain: every network but main.
func isTestChain(p *chaincfg.Params) bool { return p.Name != "main" }

func (s *Service) getBlockTemplate(ctx context.Context, p *jsonrpc.Params) (any, error) {
	var req templateRequest
	if err := p.Decode(0, &req); err != nil {
		return nil, err
	}
	switch req.Mode {
	case "", "template":
	case "proposal":
		if req.Data == nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "Missing data String key for proposal")
		}
		return s.proposal(*req.Data)
	default:
		return nil, invalidParam("Invalid mode")
	}
	params := s.cfg.Params
	if !isTestChain(params) && s.cfg.Chain.IsInitialBlockDownload() {
		return nil, jsonrpc.NewError(codeClientInInitialDownload, "Bitcoin Core is in initial sync and waiting for blocks...")
	}
	if req.LongPollID != nil {
		if err := s.longPoll(ctx, *req.LongPollID); err != nil {
			return nil, err
		}
	}
	if params.SignetChallenge != nil && !slices.Contains(req.Rules, "signet") {
		return nil, invalidParam(`getblocktemplate must be called with the signet rule set (call with {"rules": ["segwit", "signet"]})`)
	}
	if !slices.Contains(req.Rules, "segwit") {
		return nil, invalidParam(`getblocktemplate must be called with the segwit rule set (call with {"rules": ["segwit"]})`)
	}

	t, err := s.gen.NewTemplate([]byte{0x51}) // OP_TRUE, as Core's dummy
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInternalError, "%v", err)
	}
	s.mu.Lock()
	s.lastTxs, s.lastWeight = int64(len(t.Block.Txs)-1), t.Weight
	s.mu.Unlock()

	blk := t.Block
	preSegwit := !params.DeploymentActiveAt(chaincfg.DeploymentSegwit, t.Height)
	txs := make([]gbtTx, 0, len(blk.Txs)-1)
	for i, tx := range blk.Txs[1:] {
		idx := i + 1
		sigOps := t.SigOpCosts[idx]
		if preSegwit {
			sigOps /= primitives.WitnessScaleFactor
		}
		deps := t.Depends[idx]
		if deps == nil {
			deps = []int{}
		}
		txs = append(txs, gbtTx{
			Data: hex.EncodeToString(tx.Bytes()), TxID: tx.TxHash().String(), Hash: tx.WitnessHash().String(),
			Depends: deps, Fee: t.Fees[idx], SigOps: sigOps, Weight: int64(tx.Weight()),
		})
	}
	target, _ := btcjson.TargetHex(blk.Header.Bits, params.PowLimit.ToBig())
	rules := []string{"csv"}
	if !preSegwit {
		rules = append(rules, "!segwit")
	}
	if params.SignetChallenge != nil {
		rules = append(rules, "!signet")
	}
	rules = append(rules, "taproot")
	res := gbtResult{
		Capabilities:      []string{"proposal"},
		Version:           blk.Header.Version,
		Rules:             rules,
		VBAvailable:       map[string]int{},
		PreviousBlockHash: blk.Header.PrevBlock.String(),
		Transactions:      txs,
		CoinbaseAux:       map[string]string{},
		CoinbaseValue:     t.CoinbaseValue,
		LongPollID:        s.longPollID(blk.Header.PrevBlock),
		Target:            target,
		MinTime:           t.MedianTimePast + 1,
		Mutable:           []string{"time", "transactions", "prevblock"},
		NonceRange:        "00000000ffffffff",
		SigOpLimit:        consensus.MaxBlockSigOpsCost,
		SizeLimit:         consensus.MaxBlockWeight,
		CurTime:           int64(blk.Header.Timestamp),
		Bits:              fmt.Sprintf("%08x", blk.Header.Bits),
		Height:            int64(t.Height),
	}
	if preSegwit {
		res.SigOpLimit /= primitives.WitnessScaleFactor
		res.SizeLimit /= primitives.WitnessScaleFactor
	} else {
		res.WeightLimit = consensus.MaxBlockWeight
	}
	if params.SignetChallenge != nil {
		res.SignetChallenge = hex.EncodeToString(params.SignetChallenge)
	}
	if t.WitnessCommitment != nil {
		res.DefaultWitnessCommitment = hex.EncodeToString(t.WitnessCommitment)
	}
	return res, nil
}

// longPollID is Core's: the tip hash and a count of pool changes (the
// mempool sequence when the pool has one, else its size).
func (s *Service) longPollID(tip chainhash.Hash) string {
	return tip.String() + s.poolVersion()
}

// sequencer is the optional MempoolSource method longPollID prefers;
// *mempool.Pool has it.
type sequencer interface{ MempoolSequence() uint64 }

func (s *Service) poolVersion() string {
	if q, ok := s.cfg.Mempool.(sequencer); ok {
		return strconv.FormatUint(q.MempoolSequence(), 10)
	}
	return strconv.Itoa(s.cfg.Mempool.Count())
}

// longPoll waits, as Core's getblocktemplate does for a longpollid, until
// the tip differs from the one the id names or, once a minute has passed,
// the pool changed; or until the call's context ends.
func (s *Service) longPoll(ctx context.Context, id string) error {
	if len(id) < 64 {
		return nil
	}
	tipPart, countPart := id[:64], id[64:]
	start := s.cfg.Now()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		st := s.cfg.Chain.BestState()
		if st.Hash.String() != tipPart {
			return nil
		}
		if s.cfg.Now().Sub(start) >= time.Minute && s.poolVersion() != countPart {
			return nil
		}
		select {
		case <-ctx.Done():
			return jsonrpc.NewError(jsonrpc.CodeMiscError, "Shutting down")
		case <-tick.C:
		}
	}
}

// proposal is getblocktemplate's proposal mode (BIP23).
func (s *Service) proposal(data string) (any, error) {
	raw, err := btcjson.DecodeHex(data)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block decode failed")
	}
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block decode failed")
	}
	hash := blk.Header.BlockHash()
	if info, err := s.cfg.Chain.BlockInfo(hash); err == nil {
		switch {
		case info.Status.IsValid(blockstore.BlockValidScripts):
			return "duplicate", nil
		case info.Status&blockstore.BlockFailedMask != 0:
			return "duplicate-invalid", nil
		}
		return "duplicate-inconclusive", nil
	}
	// Core's BIP22ValidationResult: null when valid, the reject reason
	// ("inconclusive-not-best-prevblk" off the tip), a verify error when
	// the check itself failed.
	err = s.cfg.Chain.TestBlockValidity(blk, false, true)
	switch {
	case err == nil:
		return nil, nil
	case blockchain.IsRuleError(err):
		return reasonOf(err), nil
	}
	return nil, jsonrpc.NewError(jsonrpc.CodeVerifyError, "%s", stateString(err))
}

// reasonOf returns the reject reason (the text before ", ").
func reasonOf(err error) string {
	if r := blockchain.Reason(err); r != "" {
		return r
	}
	msg := err.Error()
	if i := strings.Index(msg, ", "); i >= 0 {
		return msg[:i]
	}
	return msg
}

func (s *Service) submitBlock(ctx context.Context, p *jsonrpc.Params) (any, error) {
	var data string
	if err := p.Require(0, &data); err != nil {
		return nil, err
	}
	raw, err := btcjson.DecodeHex(data)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block decode failed")
	}
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block decode failed")
	}
	if len(blk.Txs) == 0 || !blk.Txs[0].IsCoinBase() {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block does not start with a coinbase")
	}
	blk = s.updateUncommitted(blk)
	hash := blk.Header.BlockHash()
	if info, err := s.cfg.Chain.BlockInfo(hash); err == nil && info.HaveData && info.Status&blockstore.BlockFailedMask == 0 {
		return "duplicate", nil
	}
	if err := s.cfg.Chain.ProcessBlock(blk); err != nil {
		if r := blockchain.Reason(err); r != "" {
			return r, nil
		}
		return nil, jsonrpc.NewError(jsonrpc.CodeVerifyError, "%v", err)
	}
	if info, err := s.cfg.Chain.BlockInfo(hash); err == nil && info.InActiveChain {
		return nil, nil
	}
	return "inconclusive", nil
}

// updateUncommitted is Core's UpdateUncommittedBlockStructures: a block
// with a witness commitment whose coinbase lacks the witness reserved value
// gets the 32 zero bytes.
func (s *Service) updateUncommitted(blk *primitives.Block) *primitives.Block {
	cb := blk.Txs[0]
	if len(cb.Inputs) != 1 || len(cb.Inputs[0].Witness) != 0 || primitives.WitnessCommitmentIndex(cb) < 0 {
		return blk
	}
	info, err := s.cfg.Chain.BlockInfo(blk.Header.PrevBlock)
	if err != nil || !s.cfg.Params.DeploymentActiveAt(chaincfg.DeploymentSegwit, info.Height+1) {
		return blk
	}
	ncb := cb.Copy()
	ncb.Inputs[0].Witness = [][]byte{make([]byte, 32)}
	txs := append([]*primitives.Tx{ncb}, blk.Txs[1:]...)
	return &primitives.Block{Header: blk.Header, Txs: txs}
}

func (s *Service) submitHeader(ctx context.Context, p *jsonrpc.Params) (any, error) {
	var data string
	if err := p.Require(0, &data); err != nil {
		return nil, err
	}
	raw, err := btcjson.DecodeHex(data)
	if err != nil || len(raw) != primitives.HeaderSize {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block header decode failed")
	}
	h, err := primitives.DecodeHeader(raw)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Block header decode failed")
	}
	if _, err := s.cfg.Chain.BlockInfo(h.PrevBlock); err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeVerifyError, "Must submit previous header (%s) first", h.PrevBlock)
	}
	if err := s.cfg.Chain.ProcessHeaders([]primitives.Header{h}); err != nil {
		if r := blockchain.Reason(err); r != "" {
			return nil, jsonrpc.NewError(jsonrpc.CodeVerifyError, "%s", r)
		}
		return nil, jsonrpc.NewError(jsonrpc.CodeVerifyError, "%v", err)
	}
	return nil, nil
}
