package explorer

import (
	"encoding/hex"
	"net/http"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// btcBlockPage is the data of /btc/block/{hash}.
type btcBlockPage struct {
	page
	Hash          string
	Height        int64
	MainChain     bool
	Confirmations int64
	Prev          string
	Next          string
	Version       string
	MerkleRoot    string
	Time          string
	MedianTime    string
	Bits          string
	Nonce         uint32
	Difficulty    string
	ChainWork     string
	TxCount       int
	Size          int
	StrippedSize  int
	Weight        int
	TotalFee      string
	TotalOut      string
	Reward        string
	Start         int
	Txs           []btcTxRow
	Pager         pager
}

// getBTCBlock loads a block by its hash text.
func (s *Server) getBTCBlock(hashText string) (*BTCBlock, error) {
	h, err := parseBTCHash(hashText)
	if err != nil {
		return nil, err
	}
	return s.loadBTCBlock(h)
}

// loadBTCBlock loads a block by hash, treating an empty answer as not found.
func (s *Server) loadBTCBlock(h chainhash.Hash) (*BTCBlock, error) {
	b, err := s.cfg.BTC.Block(h)
	if err != nil {
		return nil, err
	}
	if b == nil || b.Block == nil || len(b.Block.Txs) == 0 {
		return nil, notFound("block not found")
	}
	return b, nil
}

// confirmations returns the confirmations of a block at height (-1 when not
// in the main chain).
func (s *Server) btcConfirmations(height int64, mainChain bool) int64 {
	if !mainChain {
		return -1
	}
	tip, _, err := s.cfg.BTC.Tip()
	if err != nil || tip < height {
		return 0
	}
	return tip - height + 1
}

func (s *Server) handleBTCBlock(w http.ResponseWriter, r *http.Request) {
	b, err := s.getBTCBlock(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveBTCBlock(w, r, b)
}

func (s *Server) handleBTCBlockHeight(w http.ResponseWriter, r *http.Request) {
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
	b, err := s.loadBTCBlock(h)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveBTCBlock(w, r, b)
}

// serveBTCBlock renders a block page (one page of its transactions).
func (s *Server) serveBTCBlock(w http.ResponseWriter, r *http.Request, b *BTCBlock) {
	pg, err := parsePage(r, "page")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bi := s.btcInfo(b)
	n := len(b.Block.Txs)
	start := (pg - 1) * pageSize
	if start >= n {
		s.fail(w, r, notFound("the block has no transactions on that page"))
		return
	}
	end := min(start+pageSize, n)
	h := &b.Block.Header
	hash := b.Hash.String()
	v := btcBlockPage{
		page:          s.page("Block " + strconv.FormatInt(b.Height, 10)),
		Hash:          hash,
		Height:        b.Height,
		MainChain:     b.MainChain,
		Confirmations: s.btcConfirmations(b.Height, b.MainChain),
		Version:       "0x" + strconv.FormatUint(uint64(uint32(h.Version)), 16),
		MerkleRoot:    h.MerkleRoot.String(),
		Time:          utcTime(int64(h.Timestamp)),
		MedianTime:    utcTime(b.MedianTime),
		Bits:          strconv.FormatUint(uint64(h.Bits), 16),
		Nonce:         h.Nonce,
		Difficulty:    strconv.FormatFloat(btcjson.Difficulty(h.Bits), 'g', 10, 64),
		ChainWork:     b.ChainWork.Hex(),
		TxCount:       n,
		Size:          bi.size,
		StrippedSize:  bi.strip,
		Weight:        bi.weight,
		TotalFee:      feeText(bi.totalFee),
		TotalOut:      formatSats(bi.totalOut),
		Reward:        formatSats(bi.subsidyOut),
		Start:         start + 1,
		Pager:         makePager("/btc/block/"+hash, "page", pg, n, false),
	}
	if b.Height > 0 {
		v.Prev = h.PrevBlock.String()
	}
	if b.Next != nil {
		v.Next = b.Next.String()
	}
	p := s.cfg.BTC.Params()
	v.Txs = make([]btcTxRow, 0, end-start)
	for i := start; i < end; i++ {
		v.Txs = append(v.Txs, makeTxRow(b, bi, i, p))
	}
	s.render(w, r, http.StatusOK, "btc_block", v)
}

// btcInView is an input on the transaction page.
type btcInView struct {
	Index        int
	Coinbase     bool
	PrevTxid     string
	PrevVout     uint32
	HasPrevout   bool
	Addr         string
	Type         string
	Value        string
	PrevAsm      string
	ScriptSigAsm string
	ScriptSigHex string
	Witness      []string
	Sequence     string
}

// btcOutView is an output on the transaction page.
type btcOutView struct {
	Index      int
	Addr       string
	Type       string
	Value      string
	ScriptAsm  string
	ScriptHex  string
	SpentKnown bool
	Spent      bool
	SpentTxid  string
	SpentVin   uint32
}

// btcTxPage is the data of /btc/tx/{txid}.
type btcTxPage struct {
	page
	Txid          string
	WTxid         string
	Confirmed     bool
	Height        int64
	BlockHash     string
	BlockTime     string
	Confirmations int64
	MempoolTime   string
	Version       int32
	LockTime      uint32
	Size          int
	VSize         int
	Weight        int
	Coinbase      bool
	Fee           string
	FeeRate       string
	TotalIn       string
	TotalOut      string
	Inputs        []btcInView
	MoreInputs    int
	Outputs       []btcOutView
	MoreOutputs   int
}

// getBTCTx loads a transaction by its txid text.
func (s *Server) getBTCTx(txidText string) (*BTCTx, error) {
	h, err := parseBTCHash(txidText)
	if err != nil {
		return nil, err
	}
	t, err := s.cfg.BTC.Tx(h)
	if err != nil {
		return nil, err
	}
	if t == nil || t.Tx == nil {
		return nil, notFound("transaction not found")
	}
	return t, nil
}

func (s *Server) handleBTCTx(w http.ResponseWriter, r *http.Request) {
	t, err := s.getBTCTx(r.PathValue("txid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.cfg.BTC.Params()
	tx := t.Tx
	cb := tx.IsCoinBase()
	vsize := tx.VSize()
	v := btcTxPage{
		page:      s.page("Transaction " + t.Txid.String()[:16] + "…"),
		Txid:      t.Txid.String(),
		WTxid:     tx.WitnessHash().String(),
		Confirmed: t.Status.Confirmed,
		Version:   tx.Version,
		LockTime:  tx.LockTime,
		Size:      tx.SerializeSize(),
		VSize:     vsize,
		Weight:    tx.Weight(),
		Coinbase:  cb,
	}
	if t.Status.Confirmed {
		v.Height = t.Status.Height
		v.BlockHash = t.Status.BlockHash.String()
		v.BlockTime = utcTime(t.Status.BlockTime)
		v.Confirmations = s.btcConfirmations(t.Status.Height, true)
	} else if t.MempoolTime > 0 {
		v.MempoolTime = utcTime(t.MempoolTime) + " (" + ago(s.now(), t.MempoolTime) + ")"
	}
	havePrev := !cb && len(t.Prevouts) == len(tx.Inputs)
	var in, out int64
	if havePrev {
		for j := range t.Prevouts {
			in += t.Prevouts[j].Out.Value
		}
	}
	for k := range tx.Outputs {
		out += tx.Outputs[k].Value
	}
	v.TotalOut = formatSats(out)
	switch {
	case cb:
		v.Fee, v.FeeRate = "none (coinbase)", ""
	case havePrev:
		v.TotalIn = formatSats(in)
		v.Fee, v.FeeRate = formatSats(in-out), feeRate(in-out, vsize)
	default:
		v.Fee, v.FeeRate = "unknown", "unknown"
	}
	ni := min(len(tx.Inputs), maxRows)
	v.MoreInputs = len(tx.Inputs) - ni
	v.Inputs = make([]btcInView, ni)
	for j := 0; j < ni; j++ {
		ti := &tx.Inputs[j]
		iv := btcInView{
			Index:        j,
			Coinbase:     cb,
			PrevTxid:     ti.PrevOut.Hash.String(),
			PrevVout:     ti.PrevOut.Index,
			ScriptSigAsm: txscript.ScriptToAsm(ti.ScriptSig, !cb),
			ScriptSigHex: hex.EncodeToString(ti.ScriptSig),
			Sequence:     "0x" + strconv.FormatUint(uint64(ti.Sequence), 16),
		}
		for _, wi := range ti.Witness {
			iv.Witness = append(iv.Witness, hex.EncodeToString(wi))
		}
		if havePrev {
			c := &t.Prevouts[j].Out
			iv.HasPrevout = true
			iv.Addr = scriptAddr(c.ScriptPubKey, p)
			iv.Type = esploraType(c.ScriptPubKey)
			iv.Value = formatSats(c.Value)
			iv.PrevAsm = txscript.DisasmString(c.ScriptPubKey)
		}
		v.Inputs[j] = iv
	}
	no := min(len(tx.Outputs), maxRows)
	v.MoreOutputs = len(tx.Outputs) - no
	v.Outputs = make([]btcOutView, no)
	spentKnown := len(t.SpentBy) == len(tx.Outputs)
	for k := 0; k < no; k++ {
		o := &tx.Outputs[k]
		ov := btcOutView{
			Index:      k,
			Addr:       scriptAddr(o.ScriptPubKey, p),
			Type:       esploraType(o.ScriptPubKey),
			Value:      formatSats(o.Value),
			ScriptAsm:  txscript.DisasmString(o.ScriptPubKey),
			ScriptHex:  hex.EncodeToString(o.ScriptPubKey),
			SpentKnown: spentKnown,
		}
		if spentKnown && t.SpentBy[k].Spent {
			ov.Spent = true
			ov.SpentTxid = t.SpentBy[k].Txid.String()
			ov.SpentVin = t.SpentBy[k].Vin
		}
		v.Outputs[k] = ov
	}
	s.render(w, r, http.StatusOK, "btc_tx", v)
}

// btcAddrRow is a history row on the address page.
type btcAddrRow struct {
	Txid      string
	Confirmed bool
	Height    int64
	Time      string
	Change    string
	Positive  bool
}

// btcUTXORow is an unspent output on the address page.
type btcUTXORow struct {
	Txid      string
	Vout      uint32
	Value     string
	Confirmed bool
	Height    int64
}

// btcAddressPage is the data of /btc/address/{addr}.
type btcAddressPage struct {
	page
	Address     string
	Type        string
	ScriptHex   string
	Balance     string
	Unconfirmed string
	Received    string
	Sent        string
	TxCount     int64
	FundedCount int64
	SpentCount  int64
	History     []btcAddrRow
	Pager       pager
	UTXOs       []btcUTXORow
	MoreUTXOs   bool
	NoIndex     bool
}

// maxPageUTXOs is the number of unspent outputs the address page lists.
const maxPageUTXOs = 100

// parseBTCAddress decodes an address for the source's network.
func (s *Server) parseBTCAddress(text string) (address.Address, error) {
	if len(text) > 100 || text == "" {
		return nil, badRequest("not a valid address")
	}
	a, err := address.Decode(text, s.cfg.BTC.Params())
	if err != nil {
		return nil, badRequest("not a valid address for this network: " + err.Error())
	}
	return a, nil
}

func (s *Server) handleBTCAddress(w http.ResponseWriter, r *http.Request) {
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
	script := a.ScriptPubKey()
	text := a.String()
	v := btcAddressPage{
		page:      s.page("Address " + text),
		Address:   text,
		Type:      esploraType(script),
		ScriptHex: hex.EncodeToString(script),
	}
	st, err := s.cfg.BTC.AddressStats(script)
	if err != nil {
		if !isNotFound(err) {
			s.fail(w, r, err)
			return
		}
		v.NoIndex = true
		s.render(w, r, http.StatusOK, "btc_address", v)
		return
	}
	c, m := st.Chain, st.Mempool
	v.Balance = formatSats(c.FundedTxoSum - c.SpentTxoSum)
	v.Unconfirmed = formatSats(m.FundedTxoSum - m.SpentTxoSum)
	v.Received = formatSats(c.FundedTxoSum + m.FundedTxoSum)
	v.Sent = formatSats(c.SpentTxoSum + m.SpentTxoSum)
	v.TxCount = c.TxCount + m.TxCount
	v.FundedCount = c.FundedTxoCount + m.FundedTxoCount
	v.SpentCount = c.SpentTxoCount + m.SpentTxoCount
	total := int(min(v.TxCount, int64(maxPage*pageSize)))
	if pg > 1 && (pg-1)*pageSize >= total {
		s.fail(w, r, notFound("the address has no transactions on that page"))
		return
	}
	hist, err := s.cfg.BTC.AddressHistory(script, (pg-1)*pageSize, pageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Pager = makePager("/btc/address/"+text, "page", pg, total, false)
	for _, e := range hist {
		d := e.Funded - e.Spent
		row := btcAddrRow{Txid: e.Txid.String(), Confirmed: e.Status.Confirmed, Height: e.Status.Height, Change: formatSats(d), Positive: d >= 0}
		if d >= 0 {
			row.Change = "+" + row.Change
		}
		if e.Status.Confirmed {
			row.Time = utcTime(e.Status.BlockTime)
		}
		v.History = append(v.History, row)
	}
	if pg == 1 {
		utxos, err := s.cfg.BTC.AddressUnspent(script, maxPageUTXOs+1)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(utxos) > maxPageUTXOs {
			utxos, v.MoreUTXOs = utxos[:maxPageUTXOs], true
		}
		for _, u := range utxos {
			v.UTXOs = append(v.UTXOs, btcUTXORow{Txid: u.OutPoint.Hash.String(), Vout: u.OutPoint.Index, Value: formatSats(u.Value), Confirmed: u.Status.Confirmed, Height: u.Status.Height})
		}
	}
	s.render(w, r, http.StatusOK, "btc_address", v)
}

// btcMempoolPage is the data of /btc/mempool.
type btcMempoolPage struct {
	page
	Count    int
	VSize    int64
	TotalFee string
	Chart    chartView
	Buckets  []bucketRow
	Recent   []mempoolRow
}

type bucketRow struct {
	FeeRate string
	VSize   int64
}

type mempoolRow struct {
	Txid    string
	Fee     string
	FeeRate string
	VSize   int64
	Value   string
	Age     string
}

// newestMempool is the number of newest entries the mempool page lists.
const newestMempool = 25

func (s *Server) handleBTCMempool(w http.ResponseWriter, r *http.Request) {
	mp, err := s.cfg.BTC.Mempool(newestMempool)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := btcMempoolPage{page: s.page("UTXO mempool"), Count: mp.Count, VSize: mp.VSize, TotalFee: formatSats(mp.TotalFee)}
	buckets := mp.Histogram.Buckets()
	labels := make([]string, 0, len(buckets))
	vals := make([]float64, 0, len(buckets))
	for i := len(buckets) - 1; i >= 0; i-- {
		b := buckets[i]
		rate := strconv.FormatFloat(b.FeeRate, 'f', -1, 64)
		v.Buckets = append(v.Buckets, bucketRow{FeeRate: "≥ " + rate + " sat/vB", VSize: b.VSize})
		labels = append(labels, rate)
		vals = append(vals, float64(b.VSize))
	}
	v.Chart = barChart("Mempool virtual size by fee rate (sat/vB)", labels, vals, "vB")
	now := s.now()
	for i, e := range mp.Recent {
		if i >= newestMempool {
			break
		}
		v.Recent = append(v.Recent, mempoolRow{Txid: e.Txid.String(), Fee: formatSats(e.Fee), FeeRate: feeRate(e.Fee, int(e.VSize)), VSize: e.VSize, Value: formatSats(e.Value), Age: ago(now, e.Time)})
	}
	s.render(w, r, http.StatusOK, "btc_mempool", v)
}
