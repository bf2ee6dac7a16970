package explorer

import (
	"net/http"
	"strconv"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
)

// homeBlock is a row of the recent blocks table.
type homeBlock struct {
	Height int64
	Hash   string
	URL    string
	Time   int64
	Age    string
	Txs    int
	Size   string
	Extra  string // fees (btc) or gas used (eth)
}

// chainHome is one chain's column on the home page; built once per tip and
// cached (Age is filled per request on a copy).
type chainHome struct {
	tip    [32]byte
	Height int64
	Hash   string
	Blocks []homeBlock
	Charts []chartView
	Err    string
}

// cachedCharts holds the chainHome of the last tip seen.
type cachedCharts struct {
	home *chainHome
}

// homePage is the data of /.
type homePage struct {
	page
	B         *chainHome
	E         *chainHome
	BTCCount  int
	BTCVSize  int64
	ETHPend   int
	ETHQueued int
	PoolErr   string
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	v := homePage{page: s.page("twinchain explorer")}
	now := s.now()
	withAges := func(h *chainHome) *chainHome {
		c := *h
		c.Blocks = make([]homeBlock, len(h.Blocks))
		for i, b := range h.Blocks {
			b.Age = ago(now, b.Time)
			c.Blocks[i] = b
		}
		return &c
	}
	if s.cfg.BTC != nil {
		v.B = withAges(s.btcHome())
		if mp, err := s.cfg.BTC.Mempool(0); err == nil {
			v.BTCCount, v.BTCVSize = mp.Count, mp.VSize
		} else {
			v.PoolErr = "mempool unavailable"
		}
	}
	if s.cfg.ETH != nil {
		v.E = withAges(s.ethHome())
		if tp, err := s.cfg.ETH.TxPool(); err == nil {
			v.ETHPend, v.ETHQueued = tp.Pending, tp.Queued
		} else {
			v.PoolErr = "txpool unavailable"
		}
	}
	s.render(w, r, http.StatusOK, "home", v)
}

// btcHome returns the UTXO column for the current tip, from the cache when
// the tip has not moved.
func (s *Server) btcHome() *chainHome {
	height, tip, err := s.cfg.BTC.Tip()
	if err != nil {
		s.log.Warn("explorer: btc tip", "err", err)
		return &chainHome{Err: "the UTXO chain is unavailable"}
	}
	s.chartsMu.Lock()
	c := s.btcCharts.home
	s.chartsMu.Unlock()
	if c != nil && c.tip == [32]byte(tip) {
		return c
	}
	h := &chainHome{tip: [32]byte(tip), Height: height, Hash: tip.String()}
	// Walk back from the tip through cached block infos.
	need := s.cfg.ChartBlocks + 1
	infos := make([]*btcSummary, 0, need)
	cur := tip
	for len(infos) < need {
		bi, ok := s.btcSumCache.get(cur)
		if !ok {
			b, err := s.cfg.BTC.Block(cur)
			if err != nil || b == nil || b.Block == nil {
				s.log.Warn("explorer: btc block for home", "hash", cur, "err", err)
				break
			}
			bi = &s.btcInfo(b).btcSummary
		}
		infos = append(infos, bi)
		if bi.height == 0 {
			break
		}
		cur = bi.prev
	}
	for i, bi := range infos {
		if i >= s.cfg.RecentBlocks {
			break
		}
		hs := bi.hash.String()
		extra := feeText(bi.totalFee)
		h.Blocks = append(h.Blocks, homeBlock{Height: bi.height, Hash: hs, URL: "/btc/block/" + hs, Time: bi.time, Txs: bi.txCount, Size: strconv.Itoa(bi.size) + " B", Extra: extra})
	}
	// Series, oldest first, over ChartBlocks blocks.
	n := min(len(infos), s.cfg.ChartBlocks)
	diff := make([]float64, 0, n)
	intv := make([]float64, 0, n)
	txs := make([]float64, 0, n)
	fees := make([]float64, 0, n)
	for i := n - 1; i >= 0; i-- {
		bi := infos[i]
		diff = append(diff, btcjson.Difficulty(bi.bits))
		// The genesis block's time says nothing about block production
		// (regtest's is from 2011, the account chain's is 0): no interval
		// is measured from it.
		if i+1 < len(infos) && infos[i+1].height > 0 {
			intv = append(intv, float64(bi.time-infos[i+1].time))
		}
		txs = append(txs, float64(bi.txCount))
		if bi.totalFee >= 0 {
			fees = append(fees, float64(bi.totalFee))
		}
	}
	h.Charts = []chartView{
		lineChart("Difficulty", diff, ""),
		lineChart("Block interval", intv, "s"),
		barChart("Transactions per block", nil, txs, "txs"),
		barChart("Fees per block", nil, fees, "sat"),
	}
	s.chartsMu.Lock()
	s.btcCharts.home = h
	s.chartsMu.Unlock()
	return h
}

// ethHome returns the account column for the current head.
func (s *Server) ethHome() *chainHome {
	head, err := s.cfg.ETH.Head()
	if err != nil || head == nil {
		s.log.Warn("explorer: eth head", "err", err)
		return &chainHome{Err: "the account chain is unavailable"}
	}
	hh := head.Hash()
	s.chartsMu.Lock()
	c := s.ethCharts.home
	s.chartsMu.Unlock()
	if c != nil && c.tip == [32]byte(hh) {
		return c
	}
	h := &chainHome{tip: [32]byte(hh), Height: int64(head.Number), Hash: hh.Hex()}
	need := s.cfg.ChartBlocks + 1
	sums := make([]*ethBlockSummary, 0, need)
	cur := hh
	for len(sums) < need {
		sm, ok := s.ethInfoCache.get(cur)
		if !ok {
			b, err := s.cfg.ETH.BlockByHash(cur)
			if err != nil || b == nil || b.Block == nil {
				s.log.Warn("explorer: eth block for home", "hash", cur, "err", err)
				break
			}
			sm = s.ethSummary(b)
		}
		sums = append(sums, sm)
		if sm.number == 0 {
			break
		}
		cur = sm.parent
	}
	for i, sm := range sums {
		if i >= s.cfg.RecentBlocks {
			break
		}
		n := strconv.FormatUint(sm.number, 10)
		h.Blocks = append(h.Blocks, homeBlock{Height: int64(sm.number), Hash: sm.hash.Hex(), URL: "/eth/block/" + n, Time: int64(sm.time), Txs: sm.txCount, Extra: strconv.FormatUint(sm.gasUsed, 10)})
	}
	n := min(len(sums), s.cfg.ChartBlocks)
	diff := make([]float64, 0, n)
	intv := make([]float64, 0, n)
	txs := make([]float64, 0, n)
	gas := make([]float64, 0, n)
	for i := n - 1; i >= 0; i-- {
		sm := sums[i]
		diff = append(diff, sm.difficulty)
		if i+1 < len(sums) && sums[i+1].number > 0 { // not from genesis, as above
			intv = append(intv, float64(int64(sm.time)-int64(sums[i+1].time)))
		}
		txs = append(txs, float64(sm.txCount))
		gas = append(gas, float64(sm.gasUsed))
	}
	h.Charts = []chartView{
		lineChart("Difficulty", diff, ""),
		lineChart("Block interval", intv, "s"),
		barChart("Transactions per block", nil, txs, "txs"),
		barChart("Gas used per block", nil, gas, "gas"),
	}
	s.chartsMu.Lock()
	s.ethCharts.home = h
	s.chartsMu.Unlock()
	return h
}
