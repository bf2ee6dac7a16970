package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// BTCChain reads the UTXO chain's heights: the active chain's tip and the
// best known header (-1 when empty).
type BTCChain interface {
	Heights() (blocks, headers int32)
}

// BTCMempool reads the mempool's size. *mempool.Pool satisfies it.
type BTCMempool interface {
	// Count is the number of transactions.
	Count() int
	// TotalVSize is their total virtual size (getmempoolinfo's "bytes").
	TotalVSize() int64
	// Usage is the pool's memory estimate (getmempoolinfo's "usage").
	Usage() int64
}

// PeerCounter reads the number of connected P2P peers.
type PeerCounter interface {
	PeerCount() int
}

// ETHChain reads the account chain's head block number.
type ETHChain interface {
	HeadNumber() uint64
}

// ETHTxPool reads the account chain's pool. *txpool.Pool satisfies it.
type ETHTxPool interface {
	Status() (pending, queued int)
}

// BTCSources are the UTXO chain's sources; nil fields are left out.
type BTCSources struct {
	Chain   BTCChain
	Mempool BTCMempool
	Peers   PeerCounter
}

// ETHSources are the account chain's sources; nil fields are left out.
type ETHSources struct {
	Chain  ETHChain
	TxPool ETHTxPool
	Peers  PeerCounter
}

func desc(chain, name, help string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(Namespace, chain, name), help, nil, nil)
}

// funcCollector emits the series of one source, read once per scrape.
type funcCollector struct {
	descs   []*prometheus.Desc
	collect func(ch chan<- prometheus.Metric)
}

func (c *funcCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c *funcCollector) Collect(ch chan<- prometheus.Metric) { c.collect(ch) }

func gauge(d *prometheus.Desc, v float64) prometheus.Metric {
	return prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
}

func peersCollector(chain string, p PeerCounter) prometheus.Collector {
	d := desc(chain, "peers", "Connected P2P peers.")
	return &funcCollector{descs: []*prometheus.Desc{d}, collect: func(ch chan<- prometheus.Metric) {
		ch <- gauge(d, float64(p.PeerCount()))
	}}
}

// AddBTC registers the UTXO chain's sources: twinchain_btc_blocks and
// _headers, _peers, _mempool_txs, _mempool_bytes and _mempool_usage_bytes.
// It fails with ErrRegister when they were added before.
//
// This function is safe for concurrent access.
func (r *Registry) AddBTC(s BTCSources) error {
	var cs []prometheus.Collector
	if s.Chain != nil {
		blocks := desc("btc", "blocks", "Height of the active chain's tip.")
		headers := desc("btc", "headers", "Height of the best known header.")
		cs = append(cs, &funcCollector{descs: []*prometheus.Desc{blocks, headers}, collect: func(ch chan<- prometheus.Metric) {
			b, h := s.Chain.Heights()
			ch <- gauge(blocks, float64(b))
			ch <- gauge(headers, float64(h))
		}})
	}
	if s.Mempool != nil {
		txs := desc("btc", "mempool_txs", "Transactions in the mempool.")
		bytes := desc("btc", "mempool_bytes", "Total virtual size of the mempool's transactions.")
		usage := desc("btc", "mempool_usage_bytes", "Memory estimate of the mempool in bytes.")
		cs = append(cs, &funcCollector{descs: []*prometheus.Desc{txs, bytes, usage}, collect: func(ch chan<- prometheus.Metric) {
			ch <- gauge(txs, float64(s.Mempool.Count()))
			ch <- gauge(bytes, float64(s.Mempool.TotalVSize()))
			ch <- gauge(usage, float64(s.Mempool.Usage()))
		}})
	}
	if s.Peers != nil {
		cs = append(cs, peersCollector("btc", s.Peers))
	}
	return r.register("btc", cs)
}

// AddETH registers the account chain's sources: twinchain_eth_head_number,
// _peers, _txpool_pending and _txpool_queued. It fails with ErrRegister when
// they were added before.
//
// This function is safe for concurrent access.
func (r *Registry) AddETH(s ETHSources) error {
	var cs []prometheus.Collector
	if s.Chain != nil {
		head := desc("eth", "head_number", "Number of the account chain's head block.")
		cs = append(cs, &funcCollector{descs: []*prometheus.Desc{head}, collect: func(ch chan<- prometheus.Metric) {
			ch <- gauge(head, float64(s.Chain.HeadNumber()))
		}})
	}
	if s.TxPool != nil {
		pending := desc("eth", "txpool_pending", "Executable transactions in the pool.")
		queued := desc("eth", "txpool_queued", "Transactions waiting for a nonce gap to close.")
		cs = append(cs, &funcCollector{descs: []*prometheus.Desc{pending, queued}, collect: func(ch chan<- prometheus.Metric) {
			p, q := s.TxPool.Status()
			ch <- gauge(pending, float64(p))
			ch <- gauge(queued, float64(q))
		}})
	}
	if s.Peers != nil {
		cs = append(cs, peersCollector("eth", s.Peers))
	}
	return r.register("eth", cs)
}

// register adds cs, all or none.
func (r *Registry) register(chain string, cs []prometheus.Collector) error {
	for i, c := range cs {
		if err := r.reg.Register(c); err != nil {
			for _, d := range cs[:i] {
				r.reg.Unregister(d)
			}
			return makeError(ErrRegister, "metrics: registering the %s sources: %v", chain, err)
		}
	}
	return nil
}
