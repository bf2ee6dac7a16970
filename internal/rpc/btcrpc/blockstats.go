package btcrpc

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// perUTXOOverhead is Core's PER_UTXO_OVERHEAD: the outpoint (36 bytes) and
// the height with the coinbase bit packed into one 32-bit value (4). Core
// counted a separate bool too until "rpc: fix getblockstats UTXO overhead
// accounting"; rpc_getblockstats.json holds the corrected figures.
const perUTXOOverhead = 36 + 4

// maxBlockSerializedSize is Core's MAX_BLOCK_SERIALIZED_SIZE.
const maxBlockSerializedSize = 4_000_000

// statField is one computed statistic, in Core's output order.
type statField struct {
	name  string
	value json.RawMessage
}

func statInt(name string, v int64) statField {
	return statField{name, json.RawMessage(strconv.FormatInt(v, 10))}
}

// truncatedMedian is Core's CalculateTruncatedMedian.
func truncatedMedian(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[n/2]
}

// feeRateWeight is a (fee rate, weight) pair for the percentiles.
type feeRateWeight struct{ rate, weight int64 }

// percentilesByWeight is Core's CalculatePercentilesByWeight: the fee rates
// at the 10th, 25th, 50th, 75th and 90th percentile of the block's weight.
func percentilesByWeight(scores []feeRateWeight, totalWeight int64) [5]int64 {
	var res [5]int64
	if len(scores) == 0 {
		return res
	}
	slices.SortFunc(scores, func(a, b feeRateWeight) int {
		if a.rate != b.rate {
			if a.rate < b.rate {
				return -1
			}
			return 1
		}
		if a.weight < b.weight {
			return -1
		} else if a.weight > b.weight {
			return 1
		}
		return 0
	})
	tw := float64(totalWeight)
	weights := [5]float64{tw / 10.0, tw / 4.0, tw / 2.0, (tw * 3.0) / 4.0, (tw * 9.0) / 10.0}
	next := 0
	var cum int64
	for _, e := range scores {
		cum += e.weight
		for next < 5 && float64(cum) >= weights[next] {
			res[next] = e.rate
			next++
		}
	}
	for i := next; i < 5; i++ {
		res[i] = scores[len(scores)-1].rate
	}
	return res
}

// txOutSerSize is GetSerializeSize(CTxOut): the amount, the script's
// CompactSize length and the script.
func txOutSerSize(out *primitives.TxOut) int64 {
	n := len(out.ScriptPubKey)
	return int64(8 + primitives.CompactSizeLen(uint64(n)) + n)
}

// isUnspendable is CScript::IsUnspendable: OP_RETURN first, or too large.
func isUnspendable(script []byte) bool {
	return len(script) > 0 && script[0] == txscript.OP_RETURN || len(script) > txscript.MaxScriptSize
}

func (s *Service) getBlockStats(_ context.Context, p *jsonrpc.Params) (any, error) {
	info, err := s.hashOrHeight(p, 0)
	if err != nil {
		return nil, err
	}
	var selected []string
	if p.Has(1) {
		var arr []json.RawMessage
		if err := json.Unmarshal(p.Positional[1], &arr); err != nil {
			return nil, rpcutil.TypeError(p.Positional[1], "array")
		}
		for _, raw := range arr {
			var st string
			if err := json.Unmarshal(raw, &st); err != nil {
				return nil, rpcutil.TypeError(raw, "string")
			}
			selected = append(selected, st)
		}
		slices.Sort(selected)
		selected = slices.Compact(selected)
	}
	if !info.HaveData {
		return nil, rpcErr(jsonrpc.CodeMiscError, "Block not available (pruned data)")
	}
	blk, err := s.cfg.Chain.BlockByHash(info.Hash)
	if err != nil {
		return nil, chainErr(err)
	}
	var prevOuts [][]primitives.Coin
	if info.Height > 0 {
		undo, err := s.cfg.Chain.BlockUndo(info.Hash)
		if err != nil || len(undo.Txs) != len(blk.Txs)-1 {
			return nil, rpcErr(jsonrpc.CodeMiscError, "Can't read undo data from disk")
		}
		prevOuts = make([][]primitives.Coin, len(undo.Txs))
		for i := range undo.Txs {
			prevOuts[i] = undo.Txs[i].PrevOuts
		}
	}
	fields := s.blockStats(blk, &info.Header, info.Height, info.MedianTime.Unix(), info.Hash.String(), prevOuts)
	if len(selected) == 0 {
		return marshalFields(fields), nil
	}
	byName := make(map[string]statField, len(fields))
	for _, f := range fields {
		byName[f.name] = f
	}
	out := make([]statField, 0, len(selected))
	for _, name := range selected {
		f, ok := byName[name]
		if !ok {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Invalid selected statistic '%s'", name)
		}
		out = append(out, f)
	}
	return marshalFields(out), nil
}

// blockStats computes every statistic of Core's getblockstats.
func (s *Service) blockStats(blk *primitives.Block, h *primitives.Header, height int32, mtp int64, hash string, prevOuts [][]primitives.Coin) []statField {
	var (
		maxfee, maxfeerate             int64
		minfee, minfeerate             int64 = consensus.MaxMoney, consensus.MaxMoney
		totalOut, totalFee             int64
		inputs, outputs                int64
		maxtxsize                      int64
		mintxsize                      int64 = maxBlockSerializedSize
		swtotalSize, swtotalWeight     int64
		swtxs, totalSize, totalWeight  int64
		utxos, utxoSizeInc, utxoIncAct int64
		feeArray, sizeArray            []int64
		feerates                       []feeRateWeight
	)
	bip30Repeat := consensus.IsBIP30Repeat(height, blk.Header.BlockHash())
	for i, tx := range blk.Txs {
		outputs += int64(len(tx.Outputs))
		var txOut int64
		for j := range tx.Outputs {
			out := &tx.Outputs[j]
			txOut += out.Value
			sz := txOutSerSize(out) + perUTXOOverhead
			utxoSizeInc += sz
			if height == 0 || (bip30Repeat && i == 0) || isUnspendable(out.ScriptPubKey) {
				continue
			}
			utxos++
			utxoIncAct += sz
		}
		if i == 0 {
			continue
		}
		inputs += int64(len(tx.Inputs))
		totalOut += txOut
		size := int64(tx.SerializeSize())
		sizeArray = append(sizeArray, size)
		maxtxsize = max(maxtxsize, size)
		mintxsize = min(mintxsize, size)
		totalSize += size
		weight := int64(tx.Weight())
		totalWeight += weight
		if tx.HasWitness() {
			swtxs++
			swtotalSize += size
			swtotalWeight += weight
		}
		var txIn int64
		if i-1 < len(prevOuts) {
			for k := range prevOuts[i-1] {
				c := &prevOuts[i-1][k]
				txIn += c.Out.Value
				sz := txOutSerSize(&c.Out) + perUTXOOverhead
				utxoSizeInc -= sz
				utxoIncAct -= sz
			}
		}
		fee := txIn - txOut
		feeArray = append(feeArray, fee)
		maxfee = max(maxfee, fee)
		minfee = min(minfee, fee)
		totalFee += fee
		var rate int64
		if weight != 0 {
			rate = fee * primitives.WitnessScaleFactor / weight
		}
		feerates = append(feerates, feeRateWeight{rate, weight})
		maxfeerate = max(maxfeerate, rate)
		minfeerate = min(minfeerate, rate)
	}
	pct := percentilesByWeight(feerates, totalWeight)
	ntx := int64(len(blk.Txs))
	var avgfee, avgtxsize, avgfeerate int64
	if ntx > 1 {
		avgfee = totalFee / (ntx - 1)
		avgtxsize = totalSize / (ntx - 1)
	}
	if totalWeight != 0 {
		avgfeerate = totalFee * primitives.WitnessScaleFactor / totalWeight
	}
	if minfee == consensus.MaxMoney {
		minfee = 0
	}
	if minfeerate == consensus.MaxMoney {
		minfeerate = 0
	}
	if mintxsize == maxBlockSerializedSize {
		mintxsize = 0
	}
	pctJSON := []byte{'['}
	for i, v := range pct {
		if i > 0 {
			pctJSON = append(pctJSON, ',')
		}
		pctJSON = strconv.AppendInt(pctJSON, v, 10)
	}
	pctJSON = append(pctJSON, ']')
	hashJSON, _ := json.Marshal(hash)
	return []statField{
		statInt("avgfee", avgfee),
		statInt("avgfeerate", avgfeerate),
		statInt("avgtxsize", avgtxsize),
		{"blockhash", hashJSON},
		{"feerate_percentiles", pctJSON},
		statInt("height", int64(height)),
		statInt("ins", inputs),
		statInt("maxfee", maxfee),
		statInt("maxfeerate", maxfeerate),
		statInt("maxtxsize", maxtxsize),
		statInt("medianfee", truncatedMedian(feeArray)),
		statInt("mediantime", mtp),
		statInt("mediantxsize", truncatedMedian(sizeArray)),
		statInt("minfee", minfee),
		statInt("minfeerate", minfeerate),
		statInt("mintxsize", mintxsize),
		statInt("outs", outputs),
		statInt("subsidy", consensus.GetBlockSubsidy(height, s.params())),
		statInt("swtotal_size", swtotalSize),
		statInt("swtotal_weight", swtotalWeight),
		statInt("swtxs", swtxs),
		statInt("time", int64(h.Timestamp)),
		statInt("total_out", totalOut),
		statInt("total_size", totalSize),
		statInt("total_weight", totalWeight),
		statInt("totalfee", totalFee),
		statInt("txs", ntx),
		statInt("utxo_increase", outputs-inputs),
		statInt("utxo_size_inc", utxoSizeInc),
		statInt("utxo_increase_actual", utxos-inputs),
		statInt("utxo_size_inc_actual", utxoIncAct),
	}
}

// marshalFields encodes fields as a JSON object in their order.
func marshalFields(fields []statField) json.RawMessage {
	out := []byte{'{'}
	for i, f := range fields {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendQuote(out, f.name)
		out = append(out, ':')
		out = append(out, f.value...)
	}
	return append(out, '}')
}
