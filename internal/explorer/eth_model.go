package explorer

import (
	"encoding/hex"
	"strconv"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// transferTopic is topic 0 of the ERC-20 Transfer event.
var transferTopic = ethtypes.Keccak256Hash([]byte("Transfer(address,address,uint256)"))

// ethBlockSummary is what the home page and charts keep of a block; it
// depends only on the block's content and is cached by hash.
type ethBlockSummary struct {
	number     uint64
	hash       ethtypes.Hash
	parent     ethtypes.Hash
	time       uint64
	difficulty float64
	gasUsed    uint64
	gasLimit   uint64
	txCount    int
	miner      ethtypes.Address
}

// ethSummary returns the cached summary of b.
//
// This method is safe for concurrent access.
func (s *Server) ethSummary(b *ETHBlock) *ethBlockSummary {
	h := b.Block.Hash()
	if v, ok := s.ethInfoCache.get(h); ok {
		return v
	}
	hd := b.Block.Header
	v := &ethBlockSummary{
		number:     hd.Number,
		hash:       h,
		parent:     hd.ParentHash,
		time:       hd.Time,
		difficulty: hd.Difficulty.Float64(),
		gasUsed:    hd.GasUsed,
		gasLimit:   hd.GasLimit,
		txCount:    len(b.Block.Txs),
		miner:      hd.Coinbase,
	}
	s.ethInfoCache.put(h, v)
	return v
}

// decodedTransfer is an ERC-20 Transfer decoded from a log.
type decodedTransfer struct {
	From, To ethtypes.Address
	Value    uint256.Int
}

// decodeTransfer decodes l as an ERC-20 Transfer(address indexed from,
// address indexed to, uint256 value) log.
func decodeTransfer(l *ethtypes.Log) (decodedTransfer, bool) {
	if len(l.Topics) != 3 || l.Topics[0] != transferTopic || len(l.Data) != 32 {
		return decodedTransfer{}, false
	}
	var t decodedTransfer
	t.From = ethtypes.BytesToAddress(l.Topics[1][12:])
	t.To = ethtypes.BytesToAddress(l.Topics[2][12:])
	t.Value.SetBytes32(l.Data)
	return t, true
}

// hexBytes formats b as 0x-prefixed hex, truncated to max bytes.
func hexBytes(b []byte, max int) (string, bool) {
	if len(b) > max {
		return "0x" + hex.EncodeToString(b[:max]), true
	}
	return "0x" + hex.EncodeToString(b), false
}

// ethTxRow is a transaction in a block's or address's list.
type ethTxRow struct {
	Hash     string
	Block    uint64
	Index    uint
	From     string
	To       string
	Create   bool
	Contract string
	Value    string
	GasUsed  string
	Status   string
	Pending  bool
}

// statusText describes a receipt's outcome.
func statusText(rc *ethtypes.Receipt) string {
	switch {
	case rc == nil:
		return "pending"
	case rc.PostState != nil:
		return "post-state " + "0x" + hex.EncodeToString(rc.PostState)
	case rc.Status == ethtypes.ReceiptStatusSuccessful:
		return "success"
	}
	return "failed"
}

// makeETHRow builds a list row.
func makeETHRow(tx *ethtypes.Transaction, from ethtypes.Address, rc *ethtypes.Receipt, number uint64, index uint) ethTxRow {
	val := tx.Value()
	row := ethTxRow{Hash: tx.Hash().Hex(), Block: number, Index: index, From: from.Hex(), Value: formatWei(&val), Status: statusText(rc)}
	if to, ok := tx.To(); ok {
		row.To = to.Hex()
	} else {
		row.Create = true
		if rc != nil && !rc.ContractAddress.IsZero() {
			row.Contract = rc.ContractAddress.Hex()
		}
	}
	if rc != nil {
		row.GasUsed = strconv.FormatUint(rc.GasUsed, 10)
	} else {
		row.Pending = true
	}
	return row
}

// JSON shapes of /api/eth/... (field names after the eth_* JSON-RPC
// objects; quantities as JSON numbers, 256-bit values as decimal strings).

type ethBlockJSON struct {
	Number           uint64   `json:"number"`
	Hash             string   `json:"hash"`
	ParentHash       string   `json:"parentHash"`
	Sha3Uncles       string   `json:"sha3Uncles"`
	Miner            string   `json:"miner"`
	StateRoot        string   `json:"stateRoot"`
	TransactionsRoot string   `json:"transactionsRoot"`
	ReceiptsRoot     string   `json:"receiptsRoot"`
	Difficulty       string   `json:"difficulty"`
	TotalDifficulty  string   `json:"totalDifficulty,omitempty"`
	GasLimit         uint64   `json:"gasLimit"`
	GasUsed          uint64   `json:"gasUsed"`
	BaseFeePerGas    string   `json:"baseFeePerGas,omitempty"`
	Timestamp        uint64   `json:"timestamp"`
	ExtraData        string   `json:"extraData"`
	MixHash          string   `json:"mixHash"`
	Nonce            string   `json:"nonce"`
	Canonical        bool     `json:"canonical"`
	Uncles           []string `json:"uncles"`
	Transactions     []string `json:"transactions"`
}

type ethLogJSON struct {
	Address  string        `json:"address"`
	Topics   []string      `json:"topics"`
	Data     string        `json:"data"`
	LogIndex uint          `json:"logIndex"`
	Transfer *transferJSON `json:"transfer,omitempty"`
}

type transferJSON struct {
	Token string `json:"token,omitempty"`
	From  string `json:"from"`
	To    string `json:"to"`
	Value string `json:"value"`
	Tx    string `json:"transactionHash,omitempty"`
	Block uint64 `json:"blockNumber,omitempty"`
}

type ethTxJSON struct {
	Hash                 string       `json:"hash"`
	Type                 uint8        `json:"type"`
	From                 string       `json:"from"`
	To                   *string      `json:"to"`
	ContractAddress      *string      `json:"contractAddress,omitempty"`
	Value                string       `json:"value"`
	Nonce                uint64       `json:"nonce"`
	Gas                  uint64       `json:"gas"`
	GasPrice             string       `json:"gasPrice"`
	MaxFeePerGas         string       `json:"maxFeePerGas,omitempty"`
	MaxPriorityFeePerGas string       `json:"maxPriorityFeePerGas,omitempty"`
	Input                string       `json:"input"`
	Pending              bool         `json:"pending"`
	BlockHash            string       `json:"blockHash,omitempty"`
	BlockNumber          *uint64      `json:"blockNumber,omitempty"`
	TransactionIndex     *uint        `json:"transactionIndex,omitempty"`
	Status               *uint64      `json:"status,omitempty"`
	GasUsed              *uint64      `json:"gasUsed,omitempty"`
	EffectiveGasPrice    string       `json:"effectiveGasPrice,omitempty"`
	Logs                 []ethLogJSON `json:"logs"`
}

type ethAddressJSON struct {
	Address  string `json:"address"`
	Balance  string `json:"balance"`
	Nonce    uint64 `json:"nonce"`
	CodeSize int    `json:"codeSize"`
}

// toETHBlockJSON converts a block.
func toETHBlockJSON(b *ETHBlock) ethBlockJSON {
	h := b.Block.Header
	j := ethBlockJSON{
		Number:           h.Number,
		Hash:             b.Block.Hash().Hex(),
		ParentHash:       h.ParentHash.Hex(),
		Sha3Uncles:       h.UncleHash.Hex(),
		Miner:            h.Coinbase.Hex(),
		StateRoot:        h.Root.Hex(),
		TransactionsRoot: h.TxHash.Hex(),
		ReceiptsRoot:     h.ReceiptHash.Hex(),
		Difficulty:       h.Difficulty.Dec(),
		GasLimit:         h.GasLimit,
		GasUsed:          h.GasUsed,
		Timestamp:        h.Time,
		ExtraData:        "0x" + hex.EncodeToString(h.Extra),
		MixHash:          h.MixDigest.Hex(),
		Nonce:            "0x" + hex.EncodeToString(h.Nonce[:]),
		Canonical:        b.Canonical,
		Uncles:           make([]string, len(b.Block.Uncles)),
		Transactions:     make([]string, len(b.Block.Txs)),
	}
	if !b.TotalDifficulty.IsZero() {
		j.TotalDifficulty = b.TotalDifficulty.Dec()
	}
	if h.BaseFee != nil {
		j.BaseFeePerGas = h.BaseFee.Dec()
	}
	for i, u := range b.Block.Uncles {
		j.Uncles[i] = u.Hash().Hex()
	}
	for i, tx := range b.Block.Txs {
		j.Transactions[i] = tx.Hash().Hex()
	}
	return j
}

// toETHTxJSON converts a transaction with its receipt.
func toETHTxJSON(t *ETHTx) ethTxJSON {
	tx := t.Tx
	val, gp := tx.Value(), tx.GasPrice()
	j := ethTxJSON{
		Hash:     tx.Hash().Hex(),
		Type:     tx.Type(),
		From:     t.From.Hex(),
		Value:    val.Dec(),
		Nonce:    tx.Nonce(),
		Gas:      tx.Gas(),
		GasPrice: gp.Dec(),
		Input:    "0x" + hex.EncodeToString(tx.Data()),
		Pending:  t.Pending,
		Logs:     []ethLogJSON{},
	}
	if to, ok := tx.To(); ok {
		s := to.Hex()
		j.To = &s
	}
	if tx.Type() >= ethtypes.DynamicFeeTxType {
		fc, tc := tx.GasFeeCap(), tx.GasTipCap()
		j.MaxFeePerGas, j.MaxPriorityFeePerGas = fc.Dec(), tc.Dec()
	}
	if !t.Pending {
		n, i := t.BlockNumber, t.Index
		j.BlockHash, j.BlockNumber, j.TransactionIndex = t.BlockHash.Hex(), &n, &i
	}
	if rc := t.Receipt; rc != nil {
		st, gu := rc.Status, rc.GasUsed
		j.Status, j.GasUsed = &st, &gu
		j.EffectiveGasPrice = rc.EffectiveGasPrice.Dec()
		if _, ok := tx.To(); !ok && !rc.ContractAddress.IsZero() {
			c := rc.ContractAddress.Hex()
			j.ContractAddress = &c
		}
		for k := range rc.Logs {
			l := &rc.Logs[k]
			lj := ethLogJSON{Address: l.Address.Hex(), Topics: make([]string, len(l.Topics)), Data: "0x" + hex.EncodeToString(l.Data), LogIndex: l.Index}
			for m, tp := range l.Topics {
				lj.Topics[m] = tp.Hex()
			}
			if tr, ok := decodeTransfer(l); ok {
				lj.Transfer = &transferJSON{From: tr.From.Hex(), To: tr.To.Hex(), Value: tr.Value.Dec()}
			}
			j.Logs = append(j.Logs, lj)
		}
	}
	return j
}
