package explorer

import (
	"encoding/hex"
	"net/http"
	"strconv"
)

// maxAPIUTXOs bounds /api/address/{addr}/utxo.
const maxAPIUTXOs = 1000

func (s *Server) apiTipHeight(w http.ResponseWriter, r *http.Request) {
	h, _, err := s.cfg.BTC.Tip()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeText(w, r, strconv.FormatInt(h, 10))
}

func (s *Server) apiTipHash(w http.ResponseWriter, r *http.Request) {
	_, h, err := s.cfg.BTC.Tip()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeText(w, r, h.String())
}

func (s *Server) apiBlockHeight(w http.ResponseWriter, r *http.Request) {
	n, err := parseHeight(r.PathValue("n"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.cfg.BTC.BlockHashAt(n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeText(w, r, h.String())
}

func (s *Server) apiBlock(w http.ResponseWriter, r *http.Request) {
	b, err := s.getBTCBlock(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, toEsploraBlock(&s.btcInfo(b).btcSummary))
}

// apiBlockTxs serves /api/block/{hash}/txs[/{start}]: 25 transactions from
// start, which must be a multiple of 25 (as in Esplora).
func (s *Server) apiBlockTxs(w http.ResponseWriter, r *http.Request) {
	b, err := s.getBTCBlock(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	start := 0
	if st := r.PathValue("start"); st != "" {
		n, err := parseHeight(st)
		if err != nil || n%pageSize != 0 {
			s.fail(w, r, badRequest("start index must be a multiple of 25"))
			return
		}
		if n >= int64(len(b.Block.Txs)) {
			s.fail(w, r, notFound("start index out of range"))
			return
		}
		start = int(n)
	}
	bi := s.btcInfo(b)
	end := min(start+pageSize, len(b.Block.Txs))
	st := BTCStatus{Confirmed: b.MainChain, Height: b.Height, BlockHash: b.Hash, BlockTime: int64(b.Block.Header.Timestamp)}
	if !b.MainChain {
		st = BTCStatus{Height: -1}
	}
	p := s.cfg.BTC.Params()
	out := make([]esploraTx, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, toEsploraTx(bi.txids[i], b.Block.Txs[i], prevoutsOf(b, i), st, p))
	}
	s.writeJSON(w, r, out)
}

func (s *Server) apiTx(w http.ResponseWriter, r *http.Request) {
	t, err := s.getBTCTx(r.PathValue("txid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, toEsploraTx(t.Txid, t.Tx, t.Prevouts, t.Status, s.cfg.BTC.Params()))
}

func (s *Server) apiOutspends(w http.ResponseWriter, r *http.Request) {
	t, err := s.getBTCTx(r.PathValue("txid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]esploraOutspend, len(t.Tx.Outputs))
	if len(t.SpentBy) == len(t.Tx.Outputs) {
		for k, sp := range t.SpentBy {
			if !sp.Spent {
				continue
			}
			vin := sp.Vin
			st := toEsploraStatus(sp.Status)
			out[k] = esploraOutspend{Spent: true, Txid: sp.Txid.String(), Vin: &vin, Status: &st}
		}
	}
	s.writeJSON(w, r, out)
}

// toEsploraSums converts address counters.
func toEsploraSums(c BTCAddrSums) esploraSums {
	return esploraSums{FundedTxoCount: c.FundedTxoCount, FundedTxoSum: c.FundedTxoSum, SpentTxoCount: c.SpentTxoCount, SpentTxoSum: c.SpentTxoSum, TxCount: c.TxCount}
}

func (s *Server) apiAddress(w http.ResponseWriter, r *http.Request) {
	a, err := s.parseBTCAddress(r.PathValue("addr"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.cfg.BTC.AddressStats(a.ScriptPubKey())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, esploraAddress{Address: a.String(), ChainStats: toEsploraSums(st.Chain), MempoolStats: toEsploraSums(st.Mempool)})
}

// apiAddressTxs serves /api/address/{addr}/txs: the newest 25 transactions
// (?page=n for older ones), as full transaction objects.
func (s *Server) apiAddressTxs(w http.ResponseWriter, r *http.Request) {
	a, err := s.parseBTCAddress(r.PathValue("addr"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := parsePage(r, "page")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hist, err := s.cfg.BTC.AddressHistory(a.ScriptPubKey(), (pg-1)*pageSize, pageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.cfg.BTC.Params()
	out := make([]esploraTx, 0, len(hist))
	for _, e := range hist {
		t, err := s.cfg.BTC.Tx(e.Txid)
		if err != nil {
			if isNotFound(err) {
				continue // raced with a reorg or eviction
			}
			s.fail(w, r, err)
			return
		}
		out = append(out, toEsploraTx(t.Txid, t.Tx, t.Prevouts, t.Status, p))
	}
	s.writeJSON(w, r, out)
}

func (s *Server) apiAddressUTXO(w http.ResponseWriter, r *http.Request) {
	a, err := s.parseBTCAddress(r.PathValue("addr"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	utxos, err := s.cfg.BTC.AddressUnspent(a.ScriptPubKey(), maxAPIUTXOs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]esploraUTXO, len(utxos))
	for i, u := range utxos {
		out[i] = esploraUTXO{Txid: u.OutPoint.Hash.String(), Vout: u.OutPoint.Index, Status: toEsploraStatus(u.Status), Value: u.Value}
	}
	s.writeJSON(w, r, out)
}

func (s *Server) apiMempool(w http.ResponseWriter, r *http.Request) {
	mp, err := s.cfg.BTC.Mempool(0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := esploraMempool{Count: mp.Count, VSize: mp.VSize, TotalFee: mp.TotalFee, FeeHistogram: [][2]any{}}
	for _, b := range mp.Histogram.Buckets() {
		out.FeeHistogram = append(out.FeeHistogram, [2]any{b.FeeRate, b.VSize})
	}
	s.writeJSON(w, r, out)
}

func (s *Server) apiMempoolRecent(w http.ResponseWriter, r *http.Request) {
	mp, err := s.cfg.BTC.Mempool(10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]esploraRecent, 0, len(mp.Recent))
	for i, e := range mp.Recent {
		if i >= 10 {
			break
		}
		out = append(out, esploraRecent{Txid: e.Txid.String(), Fee: e.Fee, VSize: e.VSize, Value: e.Value})
	}
	s.writeJSON(w, r, out)
}

// esploraBlockStatus is Esplora's /block/:hash/status.
type esploraBlockStatus struct {
	InBestChain bool    `json:"in_best_chain"`
	Height      int64   `json:"height"`
	NextBest    *string `json:"next_best"`
}

func (s *Server) apiBlockStatus(w http.ResponseWriter, r *http.Request) {
	b, err := s.getBTCBlock(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := esploraBlockStatus{InBestChain: b.MainChain, Height: b.Height}
	if b.Next != nil {
		n := b.Next.String()
		st.NextBest = &n
	}
	s.writeJSON(w, r, st)
}

func (s *Server) apiBlockTxids(w http.ResponseWriter, r *http.Request) {
	b, err := s.getBTCBlock(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bi := s.btcInfo(b)
	out := make([]string, len(bi.txids))
	for i, id := range bi.txids {
		out[i] = id.String()
	}
	s.writeJSON(w, r, out)
}

func (s *Server) apiBlockHeader(w http.ResponseWriter, r *http.Request) {
	b, err := s.getBTCBlock(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeText(w, r, hex.EncodeToString(b.Block.Header.Bytes()))
}

func (s *Server) apiTxStatus(w http.ResponseWriter, r *http.Request) {
	t, err := s.getBTCTx(r.PathValue("txid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, toEsploraStatus(t.Status))
}

func (s *Server) apiTxHex(w http.ResponseWriter, r *http.Request) {
	t, err := s.getBTCTx(r.PathValue("txid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeText(w, r, hex.EncodeToString(t.Tx.Bytes()))
}

// apiBlocks serves /api/blocks[/{start}]: the 10 main-chain blocks at and
// below start (default: the tip), newest first, from the summary cache.
func (s *Server) apiBlocks(w http.ResponseWriter, r *http.Request) {
	tip, _, err := s.cfg.BTC.Tip()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	start := tip
	if st := r.PathValue("start"); st != "" {
		if start, err = parseHeight(st); err != nil {
			s.fail(w, r, err)
			return
		}
		start = min(start, tip)
	}
	out := make([]esploraBlock, 0, 10)
	for h := start; h >= 0 && h > start-10; h-- {
		hash, err := s.cfg.BTC.BlockHashAt(h)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sum, ok := s.btcSumCache.get(hash)
		if !ok {
			b, err := s.loadBTCBlock(hash)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			sum = &s.btcInfo(b).btcSummary
		}
		out = append(out, toEsploraBlock(sum))
	}
	s.writeJSON(w, r, out)
}
