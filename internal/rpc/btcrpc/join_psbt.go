package btcrpc

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

func joinMethod(s *Service) methodDef {
	return def("joinpsbts", "rawtransactions", s.joinPSBTs, []string{"txs"}, 1, helpSpec{
		desc: "Joins multiple distinct PSBTs with different inputs and outputs into one PSBT with inputs and outputs from all of the PSBTs\n" +
			"No input in any of the PSBTs can be in more than one of the PSBTs.",
		args: []string{
			"txs    (json array, required) The base64 strings of partially signed transactions\n     [\n       \"psbt\",    (string, required) A base64 string of a PSBT\n       ...\n     ]",
		},
		result:   `"str"    (string) The base64-encoded partially signed transaction`,
		examples: []string{`"psbt"`}})
}

// joinPSBTs is Core's joinpsbts: the inputs and outputs of every PSBT are
// concatenated into a version 0 PSBT with the highest transaction version
// and the lowest lock time, then shuffled. As in Core's AddInput, each
// input loses its partial signatures and final scripts, an input equal to
// one already taken (same outpoint and sequence) is an error, and only the
// global unknown entries (the first value of each key) are kept of the
// global maps.
// joinKey is what Core compares to find an input twice (CTxIn's equality;
// the scriptSig of an unsigned transaction is always empty).
type joinKey struct {
	op  primitives.OutPoint
	seq uint32
}

func (s *Service) joinPSBTs(_ context.Context, p *jsonrpc.Params) (any, error) {
	strs, err := stringList(p, 0)
	if err != nil {
		return nil, err
	}
	if len(strs) <= 1 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "At least two PSBTs are required to join PSBTs.")
	}
	pks := make([]*psbt.Packet, len(strs))
	txs := make([]*primitives.Tx, len(strs))
	bestVersion, bestLockTime := uint32(1), uint32(0xffffffff)
	for i, str := range strs {
		if pks[i], err = decodePSBTString(str); err != nil {
			return nil, err
		}
		if txs[i], err = pks[i].UnsignedTx(); err != nil {
			return nil, rpcErr(jsonrpc.CodeDeserializationError, "TX decode failed %s", psbtMessage(err))
		}
		bestVersion = max(bestVersion, uint32(txs[i].Version))
		bestLockTime = min(bestLockTime, txs[i].LockTime)
	}

	var (
		ins     []primitives.TxIn
		inputs  []psbt.Input
		outs    []primitives.TxOut
		outputs []psbt.Output
		unknown []psbt.Unknown
		seen    = make(map[joinKey]struct{})
	)
	for k, pk := range pks {
		tx := txs[k]
		for i, in := range tx.Inputs {
			key := joinKey{in.PrevOut, in.Sequence}
			if _, dup := seen[key]; dup {
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Input %s:%d exists in multiple PSBTs", in.PrevOut.Hash, in.PrevOut.Index)
			}
			seen[key] = struct{}{}
			pin := pk.Inputs[i]
			pin.PartialSigs, pin.FinalScriptSig, pin.FinalScriptWitness = nil, nil, nil
			pin.RequiredTimeLock, pin.RequiredHeightLock = nil, nil
			ins = append(ins, primitives.TxIn{PrevOut: in.PrevOut, Sequence: in.Sequence})
			inputs = append(inputs, pin)
		}
		outs = append(outs, tx.Outputs...)
		outputs = append(outputs, pk.Outputs...)
		for _, u := range pk.Unknown {
			if !slices.ContainsFunc(unknown, func(h psbt.Unknown) bool { return bytes.Equal(h.Key, u.Key) }) {
				unknown = append(unknown, u)
			}
		}
	}
	slices.SortFunc(unknown, func(a, b psbt.Unknown) int { return bytes.Compare(a.Key, b.Key) })

	shuffle := s.shuffle
	if shuffle == nil {
		shuffle = rand.Shuffle
	}
	shuffle(len(ins), func(i, j int) {
		ins[i], ins[j] = ins[j], ins[i]
		inputs[i], inputs[j] = inputs[j], inputs[i]
	})
	shuffle(len(outs), func(i, j int) {
		outs[i], outs[j] = outs[j], outs[i]
		outputs[i], outputs[j] = outputs[j], outputs[i]
	})

	tx := &primitives.Tx{Version: int32(bestVersion), LockTime: bestLockTime, Inputs: ins, Outputs: outs}
	joined, err := psbt.New(tx)
	if err != nil {
		return nil, rpcErr(jsonrpc.CodeDeserializationError, "%s", psbtMessage(err))
	}
	for i := range inputs {
		in := &inputs[i]
		in.PreviousTxID, in.OutputIndex, in.Sequence = joined.Inputs[i].PreviousTxID, joined.Inputs[i].OutputIndex, joined.Inputs[i].Sequence
	}
	joined.Inputs, joined.Outputs, joined.Unknown = inputs, outputs, unknown
	return joined.Base64(), nil
}
