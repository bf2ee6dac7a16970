package explorer

import (
	"encoding/hex"
	"net/http"
	"strconv"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// maxInputBytes is the calldata the transaction page shows.
const maxInputBytes = 4096

// ethHeaderView is the header part of the block and uncle pages.
type ethHeaderView struct {
	Number          uint64
	Hash            string
	ParentHash      string
	UncleHash       string
	Miner           string
	StateRoot       string
	TxRoot          string
	ReceiptRoot     string
	Difficulty      string
	GasLimit        uint64
	GasUsed         uint64
	GasPercent      string
	BaseFee         string
	Time            string
	Extra           string
	MixDigest       string
	Nonce           string
	WithdrawalsRoot string
	BlobGasUsed     string
	ExcessBlobGas   string
	BeaconRoot      string
}

// makeHeaderView formats a header.
func makeHeaderView(h *ethtypes.Header) ethHeaderView {
	v := ethHeaderView{
		Number:      h.Number,
		Hash:        h.Hash().Hex(),
		ParentHash:  h.ParentHash.Hex(),
		UncleHash:   h.UncleHash.Hex(),
		Miner:       h.Coinbase.Hex(),
		StateRoot:   h.Root.Hex(),
		TxRoot:      h.TxHash.Hex(),
		ReceiptRoot: h.ReceiptHash.Hex(),
		Difficulty:  h.Difficulty.Dec(),
		GasLimit:    h.GasLimit,
		GasUsed:     h.GasUsed,
		Time:        utcTime(int64(h.Time)),
		Extra:       "0x" + hex.EncodeToString(h.Extra),
		MixDigest:   h.MixDigest.Hex(),
		Nonce:       "0x" + hex.EncodeToString(h.Nonce[:]),
	}
	if h.GasLimit > 0 {
		v.GasPercent = strconv.FormatFloat(float64(h.GasUsed)*100/float64(h.GasLimit), 'f', 1, 64) + "%"
	}
	if h.BaseFee != nil {
		v.BaseFee = formatGwei(h.BaseFee)
	}
	if h.WithdrawalsHash != nil {
		v.WithdrawalsRoot = h.WithdrawalsHash.Hex()
	}
	if h.BlobGasUsed != nil {
		v.BlobGasUsed = strconv.FormatUint(*h.BlobGasUsed, 10)
	}
	if h.ExcessBlobGas != nil {
		v.ExcessBlobGas = strconv.FormatUint(*h.ExcessBlobGas, 10)
	}
	if h.ParentBeaconRoot != nil {
		v.BeaconRoot = h.ParentBeaconRoot.Hex()
	}
	return v
}

// ethBlockPage is the data of /eth/block/{id}.
type ethBlockPage struct {
	page
	ethHeaderView
	Canonical       bool
	Confirmations   int64
	TotalDifficulty string
	TxCount         int
	Withdrawals     int
	HasWithdrawals  bool
	Uncles          []string
	Txs             []ethTxRow
	Pager           pager
}

// getETHBlock loads a block by number or hash text.
func (s *Server) getETHBlock(id string) (*ETHBlock, error) {
	var (
		b   *ETHBlock
		err error
	)
	if isDigits(id) {
		n, perr := parseHeight(id)
		if perr != nil {
			return nil, perr
		}
		b, err = s.cfg.ETH.BlockByNumber(uint64(n))
	} else {
		h, perr := parseETHHash(id)
		if perr != nil {
			return nil, badRequest("not a block number or hash")
		}
		b, err = s.cfg.ETH.BlockByHash(h)
	}
	if err != nil {
		return nil, err
	}
	if b == nil || b.Block == nil {
		return nil, notFound("block not found")
	}
	return b, nil
}

// ethConfirmations returns the confirmations of a canonical block.
func (s *Server) ethConfirmations(number uint64, canonical bool) int64 {
	if !canonical {
		return -1
	}
	h, err := s.cfg.ETH.Head()
	if err != nil || h == nil || h.Number < number {
		return 0
	}
	return int64(h.Number-number) + 1
}

func (s *Server) handleETHBlock(w http.ResponseWriter, r *http.Request) {
	b, err := s.getETHBlock(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := parsePage(r, "page")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := len(b.Block.Txs)
	start := (pg - 1) * pageSize
	if start >= n && pg > 1 {
		s.fail(w, r, notFound("the block has no transactions on that page"))
		return
	}
	end := min(start+pageSize, n)
	hv := makeHeaderView(b.Block.Header)
	v := ethBlockPage{
		page:           s.page("Block " + strconv.FormatUint(hv.Number, 10)),
		ethHeaderView:  hv,
		Canonical:      b.Canonical,
		Confirmations:  s.ethConfirmations(hv.Number, b.Canonical),
		TxCount:        n,
		Withdrawals:    len(b.Block.Withdrawals),
		HasWithdrawals: b.Block.Withdrawals != nil,
		Pager:          makePager("/eth/block/"+hv.Hash, "page", pg, n, false),
	}
	if !b.TotalDifficulty.IsZero() {
		v.TotalDifficulty = b.TotalDifficulty.Dec()
	}
	for _, u := range b.Block.Uncles {
		v.Uncles = append(v.Uncles, u.Hash().Hex())
	}
	for i := start; i < end; i++ {
		var rc *ethtypes.Receipt
		if i < len(b.Receipts) {
			rc = b.Receipts[i]
		}
		var from ethtypes.Address
		if i < len(b.Senders) {
			from = b.Senders[i]
		}
		v.Txs = append(v.Txs, makeETHRow(b.Block.Txs[i], from, rc, hv.Number, uint(i)))
	}
	s.render(w, r, http.StatusOK, "eth_block", v)
}

// ethLogView is a log on the transaction page.
type ethLogView struct {
	Index    uint
	Address  string
	Topics   []string
	Data     string
	Transfer bool
	From     string
	To       string
	Amount   string
}

// ethTxPage is the data of /eth/tx/{hash}.
type ethTxPage struct {
	page
	ethTxRow
	Pending        bool
	BlockHash      string
	BlockTime      string
	Confirmations  int64
	Type           uint8
	Nonce          uint64
	GasLimit       uint64
	GasPrice       string
	MaxFee         string
	MaxPriority    string
	EffectivePrice string
	Fee            string
	Input          string
	InputCut       bool
	InputLen       int
	Logs           []ethLogView
}

// getETHTx loads a transaction by hash text.
func (s *Server) getETHTx(text string) (*ETHTx, error) {
	h, err := parseETHHash(text)
	if err != nil {
		return nil, err
	}
	t, err := s.cfg.ETH.Tx(h)
	if err != nil {
		return nil, err
	}
	if t == nil || t.Tx == nil {
		return nil, notFound("transaction not found")
	}
	return t, nil
}

func (s *Server) handleETHTx(w http.ResponseWriter, r *http.Request) {
	t, err := s.getETHTx(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tx := t.Tx
	gp := tx.GasPrice()
	v := ethTxPage{
		page:     s.page("Transaction " + tx.Hash().Hex()[:18] + "…"),
		ethTxRow: makeETHRow(tx, t.From, t.Receipt, t.BlockNumber, t.Index),
		Pending:  t.Pending,
		Type:     tx.Type(),
		Nonce:    tx.Nonce(),
		GasLimit: tx.Gas(),
		InputLen: len(tx.Data()),
	}
	v.Input, v.InputCut = hexBytes(tx.Data(), maxInputBytes)
	if tx.Type() >= ethtypes.DynamicFeeTxType {
		fc, tc := tx.GasFeeCap(), tx.GasTipCap()
		v.MaxFee, v.MaxPriority = formatGwei(&fc), formatGwei(&tc)
	} else {
		v.GasPrice = formatGwei(&gp)
	}
	if !t.Pending {
		v.BlockHash = t.BlockHash.Hex()
		v.BlockTime = utcTime(int64(t.BlockTime))
		v.Confirmations = s.ethConfirmations(t.BlockNumber, true)
	}
	if rc := t.Receipt; rc != nil {
		v.EffectivePrice = formatGwei(&rc.EffectiveGasPrice)
		var fee = rc.EffectiveGasPrice
		fee.Mul(&fee, uint256.NewInt(rc.GasUsed))
		v.Fee = formatWei(&fee)
		for k := range rc.Logs {
			l := &rc.Logs[k]
			lv := ethLogView{Index: l.Index, Address: l.Address.Hex()}
			lv.Data, _ = hexBytes(l.Data, maxInputBytes)
			for _, tp := range l.Topics {
				lv.Topics = append(lv.Topics, tp.Hex())
			}
			if tr, ok := decodeTransfer(l); ok {
				lv.Transfer, lv.From, lv.To, lv.Amount = true, tr.From.Hex(), tr.To.Hex(), tr.Value.Dec()
			}
			v.Logs = append(v.Logs, lv)
		}
	}
	s.render(w, r, http.StatusOK, "eth_tx", v)
}

// tokenRow is a token transfer on the address page.
type tokenRow struct {
	Token  string
	From   string
	To     string
	Amount string
	Tx     string
	Block  uint64
}

// ethAddressPage is the data of /eth/address/{addr}.
type ethAddressPage struct {
	page
	Address   string
	Balance   string
	Nonce     uint64
	CodeSize  int
	Contract  bool
	NoIndex   bool
	Txs       []ethTxRow
	Pager     pager
	Transfers []tokenRow
	TPager    pager
}

// ethAddrTxRows loads a page of an address's transactions as rows; more
// reports whether another page exists.
func (s *Server) ethAddrTxRows(addr ethtypes.Address, pg int) (rows []ethTxRow, more bool, err error) {
	refs, err := s.cfg.ETH.AddressTxs(addr, (pg-1)*pageSize, pageSize+1)
	if err != nil {
		return nil, false, err
	}
	if len(refs) > pageSize {
		refs, more = refs[:pageSize], true
	}
	for _, ref := range refs {
		t, err := s.cfg.ETH.Tx(ref.Hash)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return nil, false, err
		}
		rows = append(rows, makeETHRow(t.Tx, t.From, t.Receipt, t.BlockNumber, t.Index))
	}
	return rows, more, nil
}

func (s *Server) handleETHAddress(w http.ResponseWriter, r *http.Request) {
	addr, err := parseETHAddress(r.PathValue("addr"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := parsePage(r, "page")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tpg, err := parsePage(r, "tpage")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	acct, err := s.cfg.ETH.Account(addr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := addr.Hex()
	v := ethAddressPage{
		page:     s.page("Address " + text),
		Address:  text,
		Balance:  formatWei(&acct.Balance),
		Nonce:    acct.Nonce,
		CodeSize: acct.CodeSize,
		Contract: acct.CodeSize > 0,
	}
	rows, more, err := s.ethAddrTxRows(addr, pg)
	switch {
	case isNotFound(err):
		v.NoIndex = true
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		if pg > 1 && len(rows) == 0 {
			s.fail(w, r, notFound("the address has no transactions on that page"))
			return
		}
		v.Txs = rows
		v.Pager = makePager("/eth/address/"+text, "page", pg, -1, more)
		trs, err := s.cfg.ETH.TokenTransfers(addr, (tpg-1)*pageSize, pageSize+1)
		if err != nil && !isNotFound(err) {
			s.fail(w, r, err)
			return
		}
		tmore := len(trs) > pageSize
		if tmore {
			trs = trs[:pageSize]
		}
		for _, t := range trs {
			v.Transfers = append(v.Transfers, tokenRow{Token: t.Token.Hex(), From: t.From.Hex(), To: t.To.Hex(), Amount: t.Value.Dec(), Tx: t.TxHash.Hex(), Block: t.BlockNumber})
		}
		v.TPager = makePager("/eth/address/"+text, "tpage", tpg, -1, tmore)
	}
	s.render(w, r, http.StatusOK, "eth_address", v)
}

// ethUnclePage is the data of /eth/uncle/{hash}/{index}.
type ethUnclePage struct {
	page
	ethHeaderView
	Index     int
	Nephew    string
	NephewNum uint64
}

// getUncle loads uncle index of the block with hash text.
func (s *Server) getUncle(r *http.Request) (*ETHBlock, *ethtypes.Header, int, error) {
	h, err := parseETHHash(r.PathValue("hash"))
	if err != nil {
		return nil, nil, 0, err
	}
	idx := r.PathValue("index")
	if !isDigits(idx) || len(idx) > 2 {
		return nil, nil, 0, badRequest("bad uncle index")
	}
	i, _ := strconv.Atoi(idx)
	b, err := s.cfg.ETH.BlockByHash(h)
	if err != nil {
		return nil, nil, 0, err
	}
	if b == nil || b.Block == nil || i >= len(b.Block.Uncles) {
		return nil, nil, 0, notFound("no such uncle")
	}
	return b, b.Block.Uncles[i], i, nil
}

func (s *Server) handleETHUncle(w http.ResponseWriter, r *http.Request) {
	b, u, i, err := s.getUncle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := ethUnclePage{
		page:          s.page("Uncle " + strconv.FormatUint(u.Number, 10)),
		ethHeaderView: makeHeaderView(u),
		Index:         i,
		Nephew:        b.Block.Hash().Hex(),
		NephewNum:     b.Block.Number(),
	}
	s.render(w, r, http.StatusOK, "eth_uncle", v)
}

// API handlers.

func (s *Server) apiETHTipNumber(w http.ResponseWriter, r *http.Request) {
	h, err := s.cfg.ETH.Head()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeText(w, r, strconv.FormatUint(h.Number, 10))
}

func (s *Server) apiETHBlock(w http.ResponseWriter, r *http.Request) {
	b, err := s.getETHBlock(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, toETHBlockJSON(b))
}

func (s *Server) apiETHUncle(w http.ResponseWriter, r *http.Request) {
	_, u, _, err := s.getUncle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, toETHBlockJSON(&ETHBlock{Block: ethtypes.NewBlock(u, nil, nil, nil)}))
}

func (s *Server) apiETHTx(w http.ResponseWriter, r *http.Request) {
	t, err := s.getETHTx(r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, toETHTxJSON(t))
}

func (s *Server) apiETHAddress(w http.ResponseWriter, r *http.Request) {
	addr, err := parseETHAddress(r.PathValue("addr"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	acct, err := s.cfg.ETH.Account(addr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, ethAddressJSON{Address: addr.Hex(), Balance: acct.Balance.Dec(), Nonce: acct.Nonce, CodeSize: acct.CodeSize})
}

func (s *Server) apiETHAddressTxs(w http.ResponseWriter, r *http.Request) {
	addr, err := parseETHAddress(r.PathValue("addr"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := parsePage(r, "page")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	refs, err := s.cfg.ETH.AddressTxs(addr, (pg-1)*pageSize, pageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]ethTxJSON, 0, len(refs))
	for _, ref := range refs {
		t, err := s.cfg.ETH.Tx(ref.Hash)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			s.fail(w, r, err)
			return
		}
		out = append(out, toETHTxJSON(t))
	}
	s.writeJSON(w, r, out)
}
