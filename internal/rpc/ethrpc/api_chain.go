package ethrpc

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

func (s *Service) clientVersion(context.Context, []json.RawMessage) (any, error) {
	return s.cfg.ClientVersion, nil
}

func (s *Service) sha3(_ context.Context, p []json.RawMessage) (any, error) {
	var d Bytes
	if err := arg(p, 0, &d, true); err != nil {
		return nil, err
	}
	return hexHash(ethtypes.Keccak256Hash(d)), nil
}

func (s *Service) netVersion(context.Context, []json.RawMessage) (any, error) {
	id := s.cfg.NetworkID
	if id == 0 {
		id = s.chain.Config().ChainID
	}
	return strconv.FormatUint(id, 10), nil
}

func (s *Service) chainID(context.Context, []json.RawMessage) (any, error) {
	return hexUint(s.chain.Config().ChainID), nil
}

func (s *Service) mining(context.Context, []json.RawMessage) (any, error) {
	return s.miner != nil && s.miner.Mining(), nil
}

func (s *Service) hashrate(context.Context, []json.RawMessage) (any, error) {
	if s.miner == nil {
		return "0x0", nil
	}
	return hexUint(uint64(s.miner.HashRate())), nil
}

func (s *Service) coinbase(context.Context, []json.RawMessage) (any, error) {
	if s.miner == nil {
		return nil, serverError("etherbase must be explicitly specified")
	}
	return hexAddr(s.miner.Etherbase()), nil
}

func (s *Service) accounts(context.Context, []json.RawMessage) (any, error) {
	out := make([]string, len(s.cfg.Accounts))
	for i, a := range s.cfg.Accounts {
		out[i] = hexAddr(a.Address)
	}
	return out, nil
}

func (s *Service) blockNumber(context.Context, []json.RawMessage) (any, error) {
	return hexUint(s.chain.CurrentBlock().Number()), nil
}

// suggestTip is the priority fee suggested on a dev chain: 1 gwei, as
// geth's --dev and anvil.
var suggestTip = uint256.NewInt(1_000_000_000)

func (s *Service) gasPrice(context.Context, []json.RawMessage) (any, error) {
	h := s.chain.CurrentBlock().Header
	var p uint256.Int
	p.Set(suggestTip)
	if bf := s.pool.BaseFee(); bf != nil {
		p.Add(&p, bf)
	} else if h.BaseFee != nil {
		p.Add(&p, h.BaseFee)
	}
	return hexU256(&p), nil
}

func (s *Service) maxPriorityFee(context.Context, []json.RawMessage) (any, error) {
	return hexU256(suggestTip), nil
}

// maxFeeHistory bounds the blocks of one eth_feeHistory call (geth: 1024).
const maxFeeHistory = 1024

func (s *Service) feeHistory(_ context.Context, p []json.RawMessage) (any, error) {
	var count Quantity
	if present(p, 0) && kindOf(p[0]) == "number" {
		var n uint64
		if err := json.Unmarshal(p[0], &n); err != nil {
			return nil, invalidParams("invalid argument 0: %v", err)
		}
		count = Quantity(n)
	} else if err := arg(p, 0, &count, true); err != nil {
		return nil, err
	}
	last := LatestBlock
	if err := arg(p, 1, &last, true); err != nil {
		return nil, err
	}
	var pct []float64
	if err := arg(p, 2, &pct, false); err != nil {
		return nil, err
	}
	if len(pct) > 100 {
		return nil, invalidParams("invalid reward percentiles: too many (%d)", len(pct))
	}
	for i, v := range pct {
		if v < 0 || v > 100 || (i > 0 && v < pct[i-1]) {
			return nil, invalidParams("invalid reward percentile: %v", v)
		}
	}
	if count > maxFeeHistory {
		count = maxFeeHistory
	}
	head, _, _ := s.blockByNumber(last)
	if last == PendingBlock {
		head = s.chain.CurrentBlock()
	}
	if head == nil {
		return nil, serverError("header not found")
	}
	if count == 0 {
		return map[string]any{"oldestBlock": "0x0", "baseFeePerGas": []string{}, "gasUsedRatio": []float64{}}, nil
	}
	newest := head.Number()
	if uint64(count) > newest+1 {
		count = Quantity(newest + 1)
	}
	oldest := newest + 1 - uint64(count)
	baseFees := make([]string, 0, count+1)
	ratios := make([]float64, 0, count)
	var rewards [][]string
	if len(pct) > 0 {
		rewards = make([][]string, 0, count)
	}
	var lastHeader *ethtypes.Header
	for n := oldest; n <= newest; n++ {
		b, ok := s.chain.GetBlockByNumber(n)
		if !ok {
			return nil, serverError("header not found")
		}
		lastHeader = b.Header
		bf := uint256.Int{}
		if b.Header.BaseFee != nil {
			bf = *b.Header.BaseFee
		}
		baseFees = append(baseFees, hexU256(&bf))
		ratio := 0.0
		if b.Header.GasLimit > 0 {
			ratio = float64(b.Header.GasUsed) / float64(b.Header.GasLimit)
		}
		ratios = append(ratios, ratio)
		if len(pct) > 0 {
			rewards = append(rewards, s.blockRewards(b, pct))
		}
	}
	next := uint256.Int{}
	if lastHeader.BaseFee != nil {
		if bf := s.pool.BaseFee(); bf != nil && lastHeader.Number == s.chain.CurrentBlock().Number() {
			next = *bf
		} else {
			next = *lastHeader.BaseFee
		}
	}
	baseFees = append(baseFees, hexU256(&next))
	out := map[string]any{
		"oldestBlock":   hexUint(oldest),
		"baseFeePerGas": baseFees,
		"gasUsedRatio":  ratios,
	}
	if rewards != nil {
		out["reward"] = rewards
	}
	return out, nil
}

// blockRewards returns the effective tips at the gas-weighted percentiles
// pct of block b, as geth's fee history oracle.
func (s *Service) blockRewards(b *ethtypes.Block, pct []float64) []string {
	out := make([]string, len(pct))
	if len(b.Txs) == 0 {
		for i := range out {
			out[i] = "0x0"
		}
		return out
	}
	receipts, _ := s.chain.GetReceipts(b.Hash())
	type tipGas struct {
		tip uint256.Int
		gas uint64
	}
	items := make([]tipGas, len(b.Txs))
	for i, tx := range b.Txs {
		fc, tc := tx.GasFeeCap(), tx.GasTipCap()
		var tip uint256.Int
		if b.Header.BaseFee != nil {
			if fc.Lt(b.Header.BaseFee) {
				tip.Clear()
			} else {
				tip.Sub(&fc, b.Header.BaseFee)
				if tc.Lt(&tip) {
					tip = tc
				}
			}
		} else {
			tip = tx.GasPrice()
		}
		g := tx.Gas()
		if i < len(receipts) {
			g = receipts[i].CumulativeGasUsed
			if i > 0 {
				g -= receipts[i-1].CumulativeGasUsed
			}
		}
		items[i] = tipGas{tip, g}
	}
	// insertion sort by tip (blocks are small)
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].tip.Lt(&items[j-1].tip); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	idx := 0
	sum := items[0].gas
	for i, p := range pct {
		threshold := uint64(float64(b.Header.GasUsed) * p / 100)
		for sum < threshold && idx < len(items)-1 {
			idx++
			sum += items[idx].gas
		}
		out[i] = hexU256(&items[idx].tip)
	}
	return out
}

func (s *Service) getBalance(_ context.Context, p []json.RawMessage) (any, error) {
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	bp, err := blockArg(p, 1, true)
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	bal := st.GetBalance(ethtypes.Address(addr))
	return hexU256(&bal), nil
}

func (s *Service) getTransactionCount(_ context.Context, p []json.RawMessage) (any, error) {
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	bp, err := blockArg(p, 1, false)
	if err != nil {
		return nil, err
	}
	if bp.Hash == nil && bp.Number == PendingBlock {
		return hexUint(s.pool.Nonce(ethtypes.Address(addr))), nil
	}
	st, _, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	return hexUint(st.GetNonce(ethtypes.Address(addr))), nil
}

func (s *Service) getCode(_ context.Context, p []json.RawMessage) (any, error) {
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	bp, err := blockArg(p, 1, false)
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	return hexBytes(st.GetCode(ethtypes.Address(addr))), nil
}

func (s *Service) getStorageAt(_ context.Context, p []json.RawMessage) (any, error) {
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	if !present(p, 1) {
		return nil, invalidParams("missing value for required argument 1")
	}
	ks, err := jsonString(p[1], "argument 1")
	if err != nil {
		return nil, err
	}
	key, kerr := parseStorageKey(ks)
	if kerr != nil {
		return nil, invalidParams("unable to decode storage key: %v", kerr)
	}
	bp, err := blockArg(p, 2, false)
	if err != nil {
		return nil, err
	}
	st, _, err := s.stateAt(bp)
	if err != nil {
		return nil, err
	}
	v := st.GetState(ethtypes.Address(addr), key)
	return hexHash(v), nil
}

// parseStorageKey decodes a storage slot as geth: 0x-hex of at most 32
// bytes (odd lengths allowed), left-padded.
func parseStorageKey(s string) (ethtypes.Hash, error) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) > 64 {
		return ethtypes.Hash{}, errHex("hex string too long, want at most 32 bytes")
	}
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := parseDataString("0x" + s)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	return ethtypes.BytesToHash(b), nil
}

func boolArg(p []json.RawMessage, i int) (bool, error) {
	var v bool
	err := arg(p, i, &v, false)
	return v, err
}

func (s *Service) getBlockByNumber(_ context.Context, p []json.RawMessage) (any, error) {
	var n BlockNumber
	if err := arg(p, 0, &n, true); err != nil {
		return nil, err
	}
	full, err := boolArg(p, 1)
	if err != nil {
		return nil, err
	}
	b, _, _ := s.blockByNumber(n)
	if b == nil {
		return nil, nil
	}
	m := s.blockFields(b, full)
	if n == PendingBlock && s.miner != nil {
		// geth leaves the unknown fields of a pending block null.
		m["hash"], m["nonce"], m["miner"] = nil, nil, nil
	}
	return m, nil
}

func (s *Service) getBlockByHash(_ context.Context, p []json.RawMessage) (any, error) {
	var h Hash
	if err := arg(p, 0, &h, true); err != nil {
		return nil, err
	}
	full, err := boolArg(p, 1)
	if err != nil {
		return nil, err
	}
	b, ok := s.chain.GetBlockByHash(ethtypes.Hash(h))
	if !ok {
		return nil, nil
	}
	return s.blockFields(b, full), nil
}

// blockFromNumberArg and blockFromHashArg decode param 0.
func (s *Service) blockFromNumberArg(p []json.RawMessage) (*ethtypes.Block, error) {
	var n BlockNumber
	if err := arg(p, 0, &n, true); err != nil {
		return nil, err
	}
	b, _, _ := s.blockByNumber(n)
	return b, nil
}

func (s *Service) blockFromHashArg(p []json.RawMessage) (*ethtypes.Block, error) {
	var h Hash
	if err := arg(p, 0, &h, true); err != nil {
		return nil, err
	}
	b, ok := s.chain.GetBlockByHash(ethtypes.Hash(h))
	if !ok {
		return nil, nil
	}
	return b, nil
}

func txCount(b *ethtypes.Block, err error) (any, error) {
	if err != nil || b == nil {
		return nil, err
	}
	return hexUint(uint64(len(b.Txs))), nil
}

func uncleCount(b *ethtypes.Block, err error) (any, error) {
	if err != nil || b == nil {
		return nil, err
	}
	return hexUint(uint64(len(b.Uncles))), nil
}

func (s *Service) getBlockTxCountByNumber(_ context.Context, p []json.RawMessage) (any, error) {
	return txCount(s.blockFromNumberArg(p))
}

func (s *Service) getBlockTxCountByHash(_ context.Context, p []json.RawMessage) (any, error) {
	return txCount(s.blockFromHashArg(p))
}

func (s *Service) getUncleCountByNumber(_ context.Context, p []json.RawMessage) (any, error) {
	return uncleCount(s.blockFromNumberArg(p))
}

func (s *Service) getUncleCountByHash(_ context.Context, p []json.RawMessage) (any, error) {
	return uncleCount(s.blockFromHashArg(p))
}

func indexArg(p []json.RawMessage, i int) (uint64, error) {
	var q Quantity
	err := arg(p, i, &q, true)
	return uint64(q), err
}

func (s *Service) uncleAt(b *ethtypes.Block, err error, p []json.RawMessage) (any, error) {
	if err != nil {
		return nil, err
	}
	idx, err := indexArg(p, 1)
	if err != nil || b == nil {
		return nil, err
	}
	if idx >= uint64(len(b.Uncles)) {
		return nil, nil
	}
	return uncleFields(b.Uncles[idx]), nil
}

func (s *Service) getUncleByNumberAndIndex(_ context.Context, p []json.RawMessage) (any, error) {
	b, err := s.blockFromNumberArg(p)
	return s.uncleAt(b, err, p)
}

func (s *Service) getUncleByHashAndIndex(_ context.Context, p []json.RawMessage) (any, error) {
	b, err := s.blockFromHashArg(p)
	return s.uncleAt(b, err, p)
}

func (s *Service) txAt(b *ethtypes.Block, err error, p []json.RawMessage) (any, error) {
	if err != nil {
		return nil, err
	}
	idx, err := indexArg(p, 1)
	if err != nil || b == nil {
		return nil, err
	}
	if idx >= uint64(len(b.Txs)) {
		return nil, nil
	}
	return s.txFields(b.Txs[idx], b.Hash(), b.Header, idx, true), nil
}

func (s *Service) getTxByNumberAndIndex(_ context.Context, p []json.RawMessage) (any, error) {
	b, err := s.blockFromNumberArg(p)
	return s.txAt(b, err, p)
}

func (s *Service) getTxByHashAndIndex(_ context.Context, p []json.RawMessage) (any, error) {
	b, err := s.blockFromHashArg(p)
	return s.txAt(b, err, p)
}

func (s *Service) getTransactionByHash(_ context.Context, p []json.RawMessage) (any, error) {
	var h Hash
	if err := arg(p, 0, &h, true); err != nil {
		return nil, err
	}
	if tx, loc, ok := s.chain.GetTransaction(ethtypes.Hash(h)); ok {
		b, ok := s.chain.GetBlockByHash(loc.BlockHash)
		if !ok {
			return nil, nil
		}
		return s.txFields(tx, loc.BlockHash, b.Header, loc.Index, true), nil
	}
	if tx := s.pool.Get(ethtypes.Hash(h)); tx != nil {
		return s.txFields(tx, ethtypes.Hash{}, nil, 0, false), nil
	}
	return nil, nil
}

func (s *Service) getTransactionReceipt(_ context.Context, p []json.RawMessage) (any, error) {
	var h Hash
	if err := arg(p, 0, &h, true); err != nil {
		return nil, err
	}
	_, loc, ok := s.chain.GetTransaction(ethtypes.Hash(h))
	if !ok {
		return nil, nil
	}
	b, ok := s.chain.GetBlockByHash(loc.BlockHash)
	if !ok {
		return nil, nil
	}
	receipts, ok := s.chain.GetReceipts(loc.BlockHash)
	if !ok || int(loc.Index) >= len(receipts) || len(receipts) != len(b.Txs) {
		return nil, nil
	}
	return s.receiptFields(b, receipts, int(loc.Index)), nil
}

func (s *Service) getBlockReceipts(_ context.Context, p []json.RawMessage) (any, error) {
	bp, err := blockArg(p, 0, true)
	if err != nil {
		return nil, err
	}
	var b *ethtypes.Block
	var receipts ethtypes.Receipts
	if bp.Hash != nil {
		var ok bool
		if b, ok = s.chain.GetBlockByHash(*bp.Hash); !ok {
			return nil, nil
		}
	} else if b, receipts, _ = s.blockByNumber(bp.Number); b == nil {
		return nil, nil
	}
	if receipts == nil {
		var ok bool
		if receipts, ok = s.chain.GetReceipts(b.Hash()); !ok {
			return nil, nil
		}
	}
	if len(receipts) != len(b.Txs) {
		return nil, serverError("receipts of block %d are incomplete", b.Number())
	}
	out := make([]map[string]any, len(b.Txs))
	for i := range b.Txs {
		out[i] = s.receiptFields(b, receipts, i)
	}
	return out, nil
}
