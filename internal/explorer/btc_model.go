package explorer

import (
	"encoding/hex"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// btcSummary is what the explorer keeps of a block for lists and charts:
// small, cached by hash in a large LRU.
type btcSummary struct {
	hash       chainhash.Hash
	prev       chainhash.Hash
	height     int64
	time       int64
	bits       uint32
	txCount    int
	totalFee   int64 // -1 when unknown
	totalOut   int64 // outputs of the non-coinbase transactions
	subsidyOut int64 // coinbase outputs
	size       int
	weight     int
	strip      int
	header     primitives.Header
	medianTime int64
}

// btcBlockInfo is what the explorer derives from a block once: the summary
// plus every txid and fee. It depends only on the block's content (not on
// its place in the chain), so it is cached by hash, in a smaller LRU since
// it grows with the block.
type btcBlockInfo struct {
	btcSummary
	txids []chainhash.Hash
	fees  []int64 // per transaction; -1 unknown; 0 for the coinbase
}

// btcInfo returns the cached derived data of b, computing it on a miss (and
// refreshing the summary cache).
//
// This method is safe for concurrent access.
func (s *Server) btcInfo(b *BTCBlock) *btcBlockInfo {
	if bi, ok := s.btcInfoCache.get(b.Hash); ok {
		return bi
	}
	bi := computeBTCInfo(b)
	s.btcInfoCache.put(b.Hash, bi)
	sum := bi.btcSummary // a copy, so the summary cache does not pin the txids
	s.btcSumCache.put(b.Hash, &sum)
	return bi
}

// computeBTCInfo derives the block's txids, fees and sizes.
func computeBTCInfo(b *BTCBlock) *btcBlockInfo {
	blk := b.Block
	bi := &btcBlockInfo{
		btcSummary: btcSummary{
			hash:       b.Hash,
			prev:       blk.Header.PrevBlock,
			height:     b.Height,
			time:       int64(blk.Header.Timestamp),
			bits:       blk.Header.Bits,
			txCount:    len(blk.Txs),
			size:       b.Size,
			header:     blk.Header,
			medianTime: b.MedianTime,
		},
		txids: make([]chainhash.Hash, len(blk.Txs)),
		fees:  make([]int64, len(blk.Txs)),
	}
	bi.strip = blk.StrippedSize()
	if bi.size <= 0 {
		bi.size = blk.SerializeSize()
	}
	bi.weight = bi.strip*(primitives.WitnessScaleFactor-1) + bi.size
	undo := len(b.Prevouts) == len(blk.Txs)
	for i, tx := range blk.Txs {
		bi.txids[i] = tx.TxHash()
		var out int64
		for k := range tx.Outputs {
			out += tx.Outputs[k].Value
		}
		if i == 0 {
			bi.subsidyOut = out
			continue
		}
		bi.totalOut += out
		bi.fees[i] = -1
		if undo && len(b.Prevouts[i]) == len(tx.Inputs) {
			var in int64
			for k := range b.Prevouts[i] {
				in += b.Prevouts[i][k].Out.Value
			}
			bi.fees[i] = in - out
		}
	}
	for i := 1; i < len(bi.fees); i++ {
		if bi.fees[i] < 0 {
			bi.totalFee = -1
			break
		}
		bi.totalFee += bi.fees[i]
	}
	return bi
}

// prevoutsOf returns the coins spent by transaction i of b, or nil when the
// undo data does not cover it.
func prevoutsOf(b *BTCBlock, i int) []primitives.Coin {
	if len(b.Prevouts) != len(b.Block.Txs) || i >= len(b.Prevouts) || len(b.Prevouts[i]) != len(b.Block.Txs[i].Inputs) {
		return nil
	}
	return b.Prevouts[i]
}

// btcIO is one input or output in a compact transaction row.
type btcIO struct {
	Addr  string // address text, "" when the script has none
	Label string // what to show when there is no address (script type)
	Value string
}

// btcTxRow is a transaction in a block's list.
type btcTxRow struct {
	Index    int
	Txid     string
	Coinbase bool
	Fee      string
	FeeRate  string
	VSize    int
	Ins      []btcIO
	Outs     []btcIO
	MoreIns  int
	MoreOuts int
	TotalOut string
}

// rowIOs is the number of inputs/outputs a block's transaction row lists.
const rowIOs = 4

// scriptAddr returns the address text of an output script, or "".
func scriptAddr(script []byte, p *chaincfg.Params) string {
	a, err := address.FromScriptPubKey(script, p)
	if err != nil {
		return ""
	}
	return a.String()
}

// esploraType names an output script's template as Esplora does.
func esploraType(script []byte) string {
	if len(script) == 0 {
		return "empty"
	}
	switch txscript.ClassifyScript(script) {
	case txscript.PubKeyTy:
		return "p2pk"
	case txscript.PubKeyHashTy:
		return "p2pkh"
	case txscript.ScriptHashTy:
		return "p2sh"
	case txscript.MultiSigTy:
		return "multisig"
	case txscript.NullDataTy:
		return "op_return"
	case txscript.WitnessV0KeyHashTy:
		return "v0_p2wpkh"
	case txscript.WitnessV0ScriptHashTy:
		return "v0_p2wsh"
	case txscript.WitnessV1TaprootTy:
		return "v1_p2tr"
	case txscript.AnchorTy:
		return "anchor"
	}
	if script[0] == 0x6a {
		return "op_return"
	}
	return "unknown"
}

// feeRate formats fee/vsize in sat/vB.
func feeRate(fee int64, vsize int) string {
	if fee < 0 || vsize <= 0 {
		return "unknown"
	}
	return strconv.FormatFloat(float64(fee)/float64(vsize), 'f', 2, 64) + " sat/vB"
}

// feeText formats a fee that may be unknown (-1).
func feeText(fee int64) string {
	if fee < 0 {
		return "unknown"
	}
	return formatSats(fee)
}

// makeTxRow builds the block-list row of transaction i.
func makeTxRow(b *BTCBlock, bi *btcBlockInfo, i int, p *chaincfg.Params) btcTxRow {
	tx := b.Block.Txs[i]
	vsize := tx.VSize()
	row := btcTxRow{Index: i, Txid: bi.txids[i].String(), Coinbase: i == 0, VSize: vsize}
	if i > 0 {
		row.Fee = feeText(bi.fees[i])
		row.FeeRate = feeRate(bi.fees[i], vsize)
	}
	var total int64
	for k := range tx.Outputs {
		total += tx.Outputs[k].Value
	}
	row.TotalOut = formatSats(total)
	if i > 0 {
		n := min(len(tx.Inputs), rowIOs)
		row.Ins = make([]btcIO, n)
		prev := prevoutsOf(b, i)
		for k := 0; k < n; k++ {
			if prev != nil {
				c := &prev[k]
				row.Ins[k] = btcIO{Addr: scriptAddr(c.Out.ScriptPubKey, p), Label: esploraType(c.Out.ScriptPubKey), Value: formatSats(c.Out.Value)}
			} else {
				row.Ins[k] = btcIO{Label: tx.Inputs[k].PrevOut.String()}
			}
		}
		row.MoreIns = len(tx.Inputs) - n
	}
	n := min(len(tx.Outputs), rowIOs)
	row.Outs = make([]btcIO, n)
	for k := 0; k < n; k++ {
		o := &tx.Outputs[k]
		row.Outs[k] = btcIO{Addr: scriptAddr(o.ScriptPubKey, p), Label: esploraType(o.ScriptPubKey), Value: formatSats(o.Value)}
	}
	row.MoreOuts = len(tx.Outputs) - n
	return row
}

// Esplora JSON shapes (field names as Blockstream's Esplora API).

type esploraStatus struct {
	Confirmed   bool   `json:"confirmed"`
	BlockHeight *int64 `json:"block_height,omitempty"`
	BlockHash   string `json:"block_hash,omitempty"`
	BlockTime   *int64 `json:"block_time,omitempty"`
}

type esploraVout struct {
	ScriptPubKey     string `json:"scriptpubkey"`
	ScriptPubKeyAsm  string `json:"scriptpubkey_asm"`
	ScriptPubKeyType string `json:"scriptpubkey_type"`
	ScriptPubKeyAddr string `json:"scriptpubkey_address,omitempty"`
	Value            int64  `json:"value"`
}

type esploraVin struct {
	Txid         string       `json:"txid"`
	Vout         uint32       `json:"vout"`
	Prevout      *esploraVout `json:"prevout"`
	ScriptSig    string       `json:"scriptsig"`
	ScriptSigAsm string       `json:"scriptsig_asm"`
	Witness      []string     `json:"witness,omitempty"`
	IsCoinbase   bool         `json:"is_coinbase"`
	Sequence     uint32       `json:"sequence"`
}

type esploraTx struct {
	Txid     string        `json:"txid"`
	Version  int32         `json:"version"`
	Locktime uint32        `json:"locktime"`
	Vin      []esploraVin  `json:"vin"`
	Vout     []esploraVout `json:"vout"`
	Size     int           `json:"size"`
	Weight   int           `json:"weight"`
	Fee      *int64        `json:"fee,omitempty"`
	Status   esploraStatus `json:"status"`
}

type esploraBlock struct {
	ID                string  `json:"id"`
	Height            int64   `json:"height"`
	Version           int32   `json:"version"`
	Timestamp         uint32  `json:"timestamp"`
	TxCount           int     `json:"tx_count"`
	Size              int     `json:"size"`
	Weight            int     `json:"weight"`
	MerkleRoot        string  `json:"merkle_root"`
	PreviousBlockHash *string `json:"previousblockhash"`
	MedianTime        int64   `json:"mediantime"`
	Nonce             uint32  `json:"nonce"`
	Bits              uint32  `json:"bits"`
	Difficulty        float64 `json:"difficulty"`
}

type esploraOutspend struct {
	Spent  bool           `json:"spent"`
	Txid   string         `json:"txid,omitempty"`
	Vin    *uint32        `json:"vin,omitempty"`
	Status *esploraStatus `json:"status,omitempty"`
}

type esploraSums struct {
	FundedTxoCount int64 `json:"funded_txo_count"`
	FundedTxoSum   int64 `json:"funded_txo_sum"`
	SpentTxoCount  int64 `json:"spent_txo_count"`
	SpentTxoSum    int64 `json:"spent_txo_sum"`
	TxCount        int64 `json:"tx_count"`
}

type esploraAddress struct {
	Address      string      `json:"address"`
	ChainStats   esploraSums `json:"chain_stats"`
	MempoolStats esploraSums `json:"mempool_stats"`
}

type esploraUTXO struct {
	Txid   string        `json:"txid"`
	Vout   uint32        `json:"vout"`
	Status esploraStatus `json:"status"`
	Value  int64         `json:"value"`
}

type esploraMempool struct {
	Count        int      `json:"count"`
	VSize        int64    `json:"vsize"`
	TotalFee     int64    `json:"total_fee"`
	FeeHistogram [][2]any `json:"fee_histogram"`
}

type esploraRecent struct {
	Txid  string `json:"txid"`
	Fee   int64  `json:"fee"`
	VSize int64  `json:"vsize"`
	Value int64  `json:"value"`
}

// toEsploraStatus converts a status.
func toEsploraStatus(st BTCStatus) esploraStatus {
	if !st.Confirmed {
		return esploraStatus{}
	}
	h, t := st.Height, st.BlockTime
	return esploraStatus{Confirmed: true, BlockHeight: &h, BlockHash: st.BlockHash.String(), BlockTime: &t}
}

// toEsploraVout converts an output.
func toEsploraVout(o *primitives.TxOut, p *chaincfg.Params) esploraVout {
	return esploraVout{
		ScriptPubKey:     hex.EncodeToString(o.ScriptPubKey),
		ScriptPubKeyAsm:  txscript.DisasmString(o.ScriptPubKey),
		ScriptPubKeyType: esploraType(o.ScriptPubKey),
		ScriptPubKeyAddr: scriptAddr(o.ScriptPubKey, p),
		Value:            o.Value,
	}
}

// toEsploraTx converts a transaction. prevouts may be nil (unknown);
// fee < 0 means unknown.
func toEsploraTx(txid chainhash.Hash, tx *primitives.Tx, prevouts []primitives.Coin, st BTCStatus, p *chaincfg.Params) esploraTx {
	et := esploraTx{
		Txid:     txid.String(),
		Version:  tx.Version,
		Locktime: tx.LockTime,
		Vin:      make([]esploraVin, len(tx.Inputs)),
		Vout:     make([]esploraVout, len(tx.Outputs)),
		Size:     tx.SerializeSize(),
		Weight:   tx.Weight(),
		Status:   toEsploraStatus(st),
	}
	cb := tx.IsCoinBase()
	havePrev := !cb && len(prevouts) == len(tx.Inputs)
	var in, out int64
	for j := range tx.Inputs {
		ti := &tx.Inputs[j]
		v := esploraVin{
			Txid:         ti.PrevOut.Hash.String(),
			Vout:         ti.PrevOut.Index,
			ScriptSig:    hex.EncodeToString(ti.ScriptSig),
			ScriptSigAsm: txscript.ScriptToAsm(ti.ScriptSig, !cb),
			IsCoinbase:   cb,
			Sequence:     ti.Sequence,
		}
		if len(ti.Witness) > 0 {
			v.Witness = make([]string, len(ti.Witness))
			for k, w := range ti.Witness {
				v.Witness[k] = hex.EncodeToString(w)
			}
		}
		if havePrev {
			po := toEsploraVout(&prevouts[j].Out, p)
			v.Prevout = &po
			in += prevouts[j].Out.Value
		}
		et.Vin[j] = v
	}
	for k := range tx.Outputs {
		et.Vout[k] = toEsploraVout(&tx.Outputs[k], p)
		out += tx.Outputs[k].Value
	}
	switch {
	case cb:
		zero := int64(0)
		et.Fee = &zero
	case havePrev:
		fee := in - out
		et.Fee = &fee
	}
	return et
}

// toEsploraBlock converts a block summary.
func toEsploraBlock(bs *btcSummary) esploraBlock {
	h := &bs.header
	eb := esploraBlock{
		ID:         bs.hash.String(),
		Height:     bs.height,
		Version:    h.Version,
		Timestamp:  h.Timestamp,
		TxCount:    bs.txCount,
		Size:       bs.size,
		Weight:     bs.weight,
		MerkleRoot: h.MerkleRoot.String(),
		MedianTime: bs.medianTime,
		Nonce:      h.Nonce,
		Bits:       h.Bits,
		Difficulty: btcjson.Difficulty(h.Bits),
	}
	if bs.height > 0 {
		prev := h.PrevBlock.String()
		eb.PreviousBlockHash = &prev
	}
	return eb
}
