package btcrpc

import (
	"context"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// feesView is the "fees" object of a mempool entry.
type feesView struct {
	Base       btcjson.Amount `json:"base"`
	Modified   btcjson.Amount `json:"modified"`
	Ancestor   btcjson.Amount `json:"ancestor"`
	Descendant btcjson.Amount `json:"descendant"`
}

// mempoolEntryView is Core's entryToJSON.
type mempoolEntryView struct {
	VSize           int64    `json:"vsize"`
	Weight          int64    `json:"weight"`
	Time            int64    `json:"time"`
	Height          int32    `json:"height"`
	DescendantCount int64    `json:"descendantcount"`
	DescendantSize  int64    `json:"descendantsize"`
	AncestorCount   int64    `json:"ancestorcount"`
	AncestorSize    int64    `json:"ancestorsize"`
	WTxID           string   `json:"wtxid"`
	Fees            feesView `json:"fees"`
	Depends         []string `json:"depends"`
	SpentBy         []string `json:"spentby"`
	BIP125          bool     `json:"bip125-replaceable"`
	Unbroadcast     bool     `json:"unbroadcast"`
}

func signalsRBF(tx *primitives.Tx) bool {
	for i := range tx.Inputs {
		if tx.Inputs[i].Sequence < 0xfffffffe {
			return true
		}
	}
	return false
}

func (s *Service) entryView(d *mempool.TxDesc) *mempoolEntryView {
	mp := s.cfg.Mempool
	v := &mempoolEntryView{
		VSize: d.VSize, Weight: d.Weight, Time: d.Time.Unix(), Height: d.Height,
		DescendantCount: d.DescendantCount, DescendantSize: d.DescendantSize,
		AncestorCount: d.AncestorCount, AncestorSize: d.AncestorSize,
		WTxID: d.WTxID.String(),
		Fees: feesView{Base: btcjson.Amount(d.Fee), Modified: btcjson.Amount(d.ModifiedFee),
			Ancestor: btcjson.Amount(d.AncestorFees), Descendant: btcjson.Amount(d.DescendantFees)},
		Depends: []string{},
		SpentBy: []string{},
	}
	var parents []chainhash.Hash
	for i := range d.Tx.Inputs {
		h := d.Tx.Inputs[i].PrevOut.Hash
		if _, ok := mp.Get(h); ok && !slices.Contains(parents, h) {
			parents = append(parents, h)
		}
	}
	slices.SortFunc(parents, cmpHash)
	for _, h := range parents {
		v.Depends = append(v.Depends, h.String())
	}
	var children []chainhash.Hash
	for i := range d.Tx.Outputs {
		if c, ok := mp.Spender(primitives.OutPoint{Hash: d.TxID, Index: uint32(i)}); ok && !slices.Contains(children, c) {
			children = append(children, c)
		}
	}
	slices.SortFunc(children, cmpHash)
	for _, h := range children {
		v.SpentBy = append(v.SpentBy, h.String())
	}
	v.BIP125 = signalsRBF(d.Tx)
	if !v.BIP125 && d.AncestorCount > 1 {
		for _, a := range mp.Ancestors(d.TxID) {
			if ad, ok := mp.Get(a); ok && signalsRBF(ad.Tx) {
				v.BIP125 = true
				break
			}
		}
	}
	return v
}

func cmpHash(a, b chainhash.Hash) int {
	// Core orders txid sets by uint256 comparison (little-endian bytes
	// from the most significant end).
	for i := 31; i >= 0; i-- {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (s *Service) mempoolDescs() []mempool.TxDesc {
	if s.cfg.Mempool == nil {
		return nil
	}
	return s.cfg.Mempool.TxDescs()
}

// orderedEntries is a JSON object of txid -> entry view in a fixed order.
type orderedEntries struct {
	keys []string
	vals []*mempoolEntryView
}

func (o *orderedEntries) MarshalJSON() ([]byte, error) {
	fields := make([]statField, len(o.keys))
	for i, k := range o.keys {
		b, err := jsonMarshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		fields[i] = statField{k, b}
	}
	return marshalFields(fields), nil
}

func (s *Service) verboseEntries(descs []mempool.TxDesc) *orderedEntries {
	slices.SortFunc(descs, func(a, b mempool.TxDesc) int { return cmpHash(a.TxID, b.TxID) })
	o := &orderedEntries{}
	for i := range descs {
		o.keys = append(o.keys, descs[i].TxID.String())
		o.vals = append(o.vals, s.entryView(&descs[i]))
	}
	return o
}

func txidList(descs []mempool.TxDesc) []string {
	slices.SortFunc(descs, func(a, b mempool.TxDesc) int { return cmpHash(a.TxID, b.TxID) })
	out := make([]string, len(descs))
	for i := range descs {
		out[i] = descs[i].TxID.String()
	}
	return out
}

// rawMempoolSeq is getrawmempool's mempool_sequence form.
type rawMempoolSeq struct {
	TxIDs    []string `json:"txids"`
	Sequence uint64   `json:"mempool_sequence"`
}

func (s *Service) getRawMempool(_ context.Context, p *jsonrpc.Params) (any, error) {
	verbose, err := rpcutil.OptBool(p, 0, false)
	if err != nil {
		return nil, err
	}
	seq, err := rpcutil.OptBool(p, 1, false)
	if err != nil {
		return nil, err
	}
	if verbose && seq {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Verbose results cannot contain mempool sequence values.")
	}
	return s.rawMempool(verbose, seq), nil
}

func (s *Service) rawMempool(verbose, seq bool) any {
	descs := s.mempoolDescs()
	if verbose {
		return s.verboseEntries(descs)
	}
	ids := txidList(descs)
	if seq {
		var n uint64
		if sq, ok := s.cfg.Mempool.(MempoolSequencer); ok {
			n = sq.MempoolSequence()
		}
		return rawMempoolSeq{TxIDs: ids, Sequence: n}
	}
	return ids
}

// mempoolInfo is Core's getmempoolinfo result.
type mempoolInfo struct {
	Loaded              bool           `json:"loaded"`
	Size                int            `json:"size"`
	Bytes               int64          `json:"bytes"`
	Usage               int64          `json:"usage"`
	TotalFee            btcjson.Amount `json:"total_fee"`
	MaxMempool          int64          `json:"maxmempool"`
	MempoolMinFee       btcjson.Amount `json:"mempoolminfee"`
	MinRelayTxFee       btcjson.Amount `json:"minrelaytxfee"`
	IncrementalRelayFee btcjson.Amount `json:"incrementalrelayfee"`
	UnbroadcastCount    int            `json:"unbroadcastcount"`
	FullRBF             bool           `json:"fullrbf"`
}

func (s *Service) getMempoolInfo(context.Context, *jsonrpc.Params) (any, error) {
	return s.mempoolInfo(), nil
}

func (s *Service) mempoolInfo() *mempoolInfo {
	pol := &s.cfg.Policy
	out := &mempoolInfo{
		Loaded:              true,
		MaxMempool:          pol.MaxSize,
		MempoolMinFee:       btcjson.Amount(pol.MinRelayFee),
		MinRelayTxFee:       btcjson.Amount(pol.MinRelayFee),
		IncrementalRelayFee: btcjson.Amount(pol.IncrementalRelayFee),
		FullRBF:             pol.FullRBF,
	}
	if mp := s.cfg.Mempool; mp != nil {
		var fees int64
		for _, d := range mp.TxDescs() {
			fees += d.Fee
		}
		out.Size = mp.Count()
		out.Bytes = mp.TotalVSize()
		out.Usage = mp.Usage()
		out.TotalFee = btcjson.Amount(fees)
		if mf := mp.MinFee(); mf > pol.MinRelayFee {
			out.MempoolMinFee = btcjson.Amount(mf)
		}
	}
	return out
}

func (s *Service) mempoolEntry(p *jsonrpc.Params) (mempool.TxDesc, error) {
	txid, err := rpcutil.ReqHash(p, 0, "txid")
	if err != nil {
		return mempool.TxDesc{}, err
	}
	if s.cfg.Mempool != nil {
		if d, ok := s.cfg.Mempool.Get(txid); ok {
			return d, nil
		}
	}
	return mempool.TxDesc{}, rpcErr(codeInvalidAddress, "Transaction not in mempool")
}

func (s *Service) getMempoolEntry(_ context.Context, p *jsonrpc.Params) (any, error) {
	d, err := s.mempoolEntry(p)
	if err != nil {
		return nil, err
	}
	return s.entryView(&d), nil
}

func (s *Service) getMempoolAncestors(_ context.Context, p *jsonrpc.Params) (any, error) {
	return s.mempoolRelatives(p, true)
}

func (s *Service) getMempoolDescendants(_ context.Context, p *jsonrpc.Params) (any, error) {
	return s.mempoolRelatives(p, false)
}

func (s *Service) mempoolRelatives(p *jsonrpc.Params, ancestors bool) (any, error) {
	d, err := s.mempoolEntry(p)
	if err != nil {
		return nil, err
	}
	verbose, err := rpcutil.OptBool(p, 1, false)
	if err != nil {
		return nil, err
	}
	var ids []chainhash.Hash
	if ancestors {
		ids = s.cfg.Mempool.Ancestors(d.TxID)
	} else {
		ids = s.cfg.Mempool.Descendants(d.TxID)
	}
	descs := make([]mempool.TxDesc, 0, len(ids))
	for _, id := range ids {
		if id == d.TxID {
			continue
		}
		if e, ok := s.cfg.Mempool.Get(id); ok {
			descs = append(descs, e)
		}
	}
	if verbose {
		return s.verboseEntries(descs), nil
	}
	return txidList(descs), nil
}
