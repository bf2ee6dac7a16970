package ethrpc

import (
	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// headerFields returns the JSON object of a header as geth's RPC prints it
// (without transactions, uncles, size and withdrawals).
func headerFields(h *ethtypes.Header) map[string]any {
	m := map[string]any{
		"number":           hexUint(h.Number),
		"hash":             hexHash(h.Hash()),
		"parentHash":       hexHash(h.ParentHash),
		"nonce":            hexBytes(h.Nonce[:]),
		"mixHash":          hexHash(h.MixDigest),
		"sha3Uncles":       hexHash(h.UncleHash),
		"logsBloom":        hexBytes(h.Bloom[:]),
		"stateRoot":        hexHash(h.Root),
		"miner":            hexAddr(h.Coinbase),
		"difficulty":       hexU256(&h.Difficulty),
		"extraData":        hexBytes(h.Extra),
		"gasLimit":         hexUint(h.GasLimit),
		"gasUsed":          hexUint(h.GasUsed),
		"timestamp":        hexUint(h.Time),
		"transactionsRoot": hexHash(h.TxHash),
		"receiptsRoot":     hexHash(h.ReceiptHash),
	}
	if h.BaseFee != nil {
		m["baseFeePerGas"] = hexU256(h.BaseFee)
	}
	if h.WithdrawalsHash != nil {
		m["withdrawalsRoot"] = hexHash(*h.WithdrawalsHash)
	}
	if h.BlobGasUsed != nil {
		m["blobGasUsed"] = hexUint(*h.BlobGasUsed)
	}
	if h.ExcessBlobGas != nil {
		m["excessBlobGas"] = hexUint(*h.ExcessBlobGas)
	}
	if h.ParentBeaconRoot != nil {
		m["parentBeaconBlockRoot"] = hexHash(*h.ParentBeaconRoot)
	}
	return m
}

// blockFields returns a block's JSON object; fullTx selects transaction
// objects instead of hashes.
func (s *Service) blockFields(b *ethtypes.Block, fullTx bool) map[string]any {
	m := headerFields(b.Header)
	m["size"] = hexUint(uint64(len(b.AppendRLP(nil))))
	txs := make([]any, len(b.Txs))
	bh := b.Hash()
	for i, tx := range b.Txs {
		if fullTx {
			txs[i] = s.txFields(tx, bh, b.Header, uint64(i), true)
		} else {
			txs[i] = hexHash(tx.Hash())
		}
	}
	m["transactions"] = txs
	uncles := make([]string, len(b.Uncles))
	for i, u := range b.Uncles {
		uncles[i] = hexHash(u.Hash())
	}
	m["uncles"] = uncles
	if b.Withdrawals != nil {
		ws := make([]map[string]any, len(b.Withdrawals))
		for i, w := range b.Withdrawals {
			ws[i] = map[string]any{
				"index":          hexUint(w.Index),
				"validatorIndex": hexUint(w.Validator),
				"address":        hexAddr(w.Address),
				"amount":         hexUint(w.Amount),
			}
		}
		m["withdrawals"] = ws
	}
	return m
}

// uncleFields returns an uncle's JSON object: a block without
// transactions.
func uncleFields(h *ethtypes.Header) map[string]any {
	b := ethtypes.NewBlock(h, nil, nil, nil)
	m := headerFields(h)
	m["size"] = hexUint(uint64(len(b.AppendRLP(nil))))
	m["transactions"] = []any{}
	m["uncles"] = []string{}
	return m
}

// txFields returns a transaction's JSON object as geth's RPCTransaction.
// header is the including block's (nil for a pending transaction).
func (s *Service) txFields(tx *ethtypes.Transaction, blockHash ethtypes.Hash, header *ethtypes.Header, index uint64, inBlock bool) map[string]any {
	from, _ := ethtypes.Sender(s.signer, tx)
	v, r, sv := tx.RawSignatureValues()
	m := map[string]any{
		"type":     hexUint(uint64(tx.Type())),
		"hash":     hexHash(tx.Hash()),
		"nonce":    hexUint(tx.Nonce()),
		"from":     hexAddr(from),
		"to":       nil,
		"gas":      hexUint(tx.Gas()),
		"value":    hexU256(ptr(tx.Value())),
		"input":    hexBytes(tx.Data()),
		"v":        hexU256(&v),
		"r":        hexU256(&r),
		"s":        hexU256(&sv),
		"gasPrice": hexU256(ptr(tx.GasPrice())),

		"blockHash":        nil,
		"blockNumber":      nil,
		"transactionIndex": nil,
	}
	if to, ok := tx.To(); ok {
		m["to"] = hexAddr(to)
	}
	if inBlock {
		m["blockHash"] = hexHash(blockHash)
		m["blockNumber"] = hexUint(header.Number)
		m["transactionIndex"] = hexUint(index)
	}
	switch tx.Type() {
	case 0:
		if tx.Protected() {
			m["chainId"] = hexU256(ptr(tx.ChainID()))
		}
	default:
		m["chainId"] = hexU256(ptr(tx.ChainID()))
		m["accessList"] = accessListJSON(tx.AccessList())
		m["yParity"] = hexU256(&v)
		if tx.Type() >= 2 {
			fc, tc := tx.GasFeeCap(), tx.GasTipCap()
			m["maxFeePerGas"] = hexU256(&fc)
			m["maxPriorityFeePerGas"] = hexU256(&tc)
			gp := fc
			if inBlock && header.BaseFee != nil {
				gp = effectivePrice(&fc, &tc, header.BaseFee)
			}
			m["gasPrice"] = hexU256(&gp)
		}
		if tx.Type() == 3 {
			bf := tx.BlobGasFeeCap()
			m["maxFeePerBlobGas"] = hexU256(&bf)
			hs := make([]string, len(tx.BlobHashes()))
			for i, h := range tx.BlobHashes() {
				hs[i] = hexHash(h)
			}
			m["blobVersionedHashes"] = hs
		}
	}
	return m
}

func ptr(v uint256.Int) *uint256.Int { return &v }

// effectivePrice is min(tip + baseFee, feeCap).
func effectivePrice(feeCap, tipCap, baseFee *uint256.Int) uint256.Int {
	var p uint256.Int
	p.Add(tipCap, baseFee)
	if feeCap.Lt(&p) {
		p = *feeCap
	}
	return p
}

func accessListJSON(al ethtypes.AccessList) []map[string]any {
	out := make([]map[string]any, len(al))
	for i, t := range al {
		keys := make([]string, len(t.StorageKeys))
		for j, k := range t.StorageKeys {
			keys[j] = hexHash(k)
		}
		out[i] = map[string]any{"address": hexAddr(t.Address), "storageKeys": keys}
	}
	return out
}

// logFields returns a log's JSON object.
func logFields(l *ethtypes.Log, blockHash ethtypes.Hash, number uint64, txHash ethtypes.Hash, txIndex uint64, removed bool) map[string]any {
	topics := make([]string, len(l.Topics))
	for i, t := range l.Topics {
		topics[i] = hexHash(t)
	}
	return map[string]any{
		"address":          hexAddr(l.Address),
		"topics":           topics,
		"data":             hexBytes(l.Data),
		"blockNumber":      hexUint(number),
		"blockHash":        hexHash(blockHash),
		"transactionHash":  hexHash(txHash),
		"transactionIndex": hexUint(txIndex),
		"logIndex":         hexUint(uint64(l.Index)),
		"removed":          removed,
	}
}

// receiptFields returns the JSON object of the receipt of b.Txs[i].
// logIndex is the block-wide index of the first log of the receipt.
func (s *Service) receiptFields(b *ethtypes.Block, receipts ethtypes.Receipts, i int) map[string]any {
	tx, r := b.Txs[i], receipts[i]
	bh := b.Hash()
	h := b.Header
	from, _ := ethtypes.Sender(s.signer, tx)
	var gasUsed uint64 = r.CumulativeGasUsed
	firstLog := uint64(0)
	if i > 0 {
		gasUsed -= receipts[i-1].CumulativeGasUsed
		for _, pr := range receipts[:i] {
			firstLog += uint64(len(pr.Logs))
		}
	}
	logs := make([]map[string]any, len(r.Logs))
	for j := range r.Logs {
		l := r.Logs[j]
		l.Index = uint(firstLog + uint64(j))
		logs[j] = logFields(&l, bh, h.Number, tx.Hash(), uint64(i), false)
	}
	price := tx.GasPrice()
	if tx.Type() >= 2 && h.BaseFee != nil {
		fc, tc := tx.GasFeeCap(), tx.GasTipCap()
		price = effectivePrice(&fc, &tc, h.BaseFee)
	}
	m := map[string]any{
		"type":              hexUint(uint64(tx.Type())),
		"transactionHash":   hexHash(tx.Hash()),
		"transactionIndex":  hexUint(uint64(i)),
		"blockHash":         hexHash(bh),
		"blockNumber":       hexUint(h.Number),
		"from":              hexAddr(from),
		"to":                nil,
		"cumulativeGasUsed": hexUint(r.CumulativeGasUsed),
		"gasUsed":           hexUint(gasUsed),
		"effectiveGasPrice": hexU256(&price),
		"contractAddress":   nil,
		"logs":              logs,
		"logsBloom":         hexBytes(r.Bloom[:]),
	}
	if to, ok := tx.To(); ok {
		m["to"] = hexAddr(to)
	} else {
		m["contractAddress"] = hexAddr(ethtypes.CreateAddress(from, tx.Nonce()))
	}
	if len(r.PostState) > 0 {
		m["root"] = hexBytes(r.PostState)
	} else {
		m["status"] = hexUint(r.Status)
	}
	if tx.Type() == 3 {
		m["blobGasUsed"] = hexUint(tx.BlobGas())
	}
	return m
}
