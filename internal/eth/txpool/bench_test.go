package txpool

import (
	"sync"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

const (
	benchAccounts = 100
	benchPerAcct  = 100
)

var (
	benchOnce sync.Once
	benchTxs  []*ethtypes.Transaction // account-major, nonce order within an account
	benchRaw  [][]byte
)

// benchSet signs 10,000 transfers: 100 accounts x nonces 0..99, with
// tips varying by account.
func benchSet(b *testing.B) ([]*ethtypes.Transaction, [][]byte) {
	benchOnce.Do(func() {
		for a := 0; a < benchAccounts; a++ {
			k, _ := key(a)
			for n := uint64(0); n < benchPerAcct; n++ {
				tx := dynTx(b, k, n, uint64(a+1)*gwei/10, 100*gwei)
				benchTxs = append(benchTxs, tx)
				benchRaw = append(benchRaw, tx.EncodedBytes())
			}
		}
	})
	return benchTxs, benchRaw
}

func benchConfig() Config {
	return Config{GlobalSlots: 16384, AccountSlots: 128, AccountQueue: 128}
}

// BenchmarkAdd10k adds 10,000 transactions from 100 accounts one by one
// (as eth_sendRawTransaction does) into an empty pool. Senders are cached
// in the transactions by an untimed first round, so this measures the
// pool, not signature recovery.
func BenchmarkAdd10k(b *testing.B) {
	txs, _ := benchSet(b)
	warm, _, _ := newTestPool(b, benchConfig(), benchAccounts)
	warm.Add(txs, false)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		p, _, _ := newTestPool(b, benchConfig(), benchAccounts)
		b.StartTimer()
		for _, tx := range txs {
			if err := p.AddRemote(tx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(txs)), "ns/tx")
}

// BenchmarkAdd10kWithRecovery is BenchmarkAdd10k with freshly decoded
// transactions, so every Add recovers the sender (secp256k1).
func BenchmarkAdd10kWithRecovery(b *testing.B) {
	_, raw := benchSet(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		p, _, _ := newTestPool(b, benchConfig(), benchAccounts)
		fresh := make([]*ethtypes.Transaction, len(raw))
		for i, r := range raw {
			tx, err := ethtypes.DecodeTx(r)
			if err != nil {
				b.Fatal(err)
			}
			fresh[i] = tx
		}
		b.StartTimer()
		for _, tx := range fresh {
			if err := p.AddRemote(tx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(raw)), "ns/tx")
}

// fullPool returns a pool at its default global limits: 5,100 pending
// transactions (100 accounts x 51) and 1,000 queued ones.
func fullPool(b *testing.B) *Pool {
	txs, _ := benchSet(b)
	p, _, _ := newTestPool(b, Config{AccountSlots: 64, AccountQueue: 64}, benchAccounts)
	for a := 0; a < benchAccounts; a++ {
		acct := txs[a*benchPerAcct : (a+1)*benchPerAcct]
		for _, tx := range acct[:51] {
			if err := p.AddRemote(tx); err != nil {
				b.Fatal(err)
			}
		}
		for _, tx := range acct[52:62] { // nonce 51 missing: queued
			if err := p.AddRemote(tx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if pend, q := p.Status(); pend != 5100 || q != 1000 {
		b.Fatalf("pool holds %d pending, %d queued", pend, q)
	}
	return p
}

// BenchmarkPendingFull takes the miner's view of a full pool.
func BenchmarkPendingFull(b *testing.B) {
	p := fullPool(b)
	bf := uint256.NewInt(gwei)
	b.ReportAllocs()
	for b.Loop() {
		if got := p.Pending(PendingFilter{BaseFee: bf}); len(got) != benchAccounts {
			b.Fatalf("%d accounts", len(got))
		}
	}
}

// BenchmarkPendingIterateFull takes the pending set of a full pool and
// walks all of it in price-and-nonce order, as block assembly does.
func BenchmarkPendingIterateFull(b *testing.B) {
	p := fullPool(b)
	bf := uint256.NewInt(gwei)
	b.ReportAllocs()
	for b.Loop() {
		it := NewPriceAndNonceIterator(p.Pending(PendingFilter{BaseFee: bf}), bf)
		n := 0
		for tx, _ := it.Peek(); tx != nil; tx, _ = it.Peek() {
			n++
			it.Shift()
		}
		if n != 5100 {
			b.Fatalf("iterated %d", n)
		}
	}
}

// BenchmarkAddEvicting adds well-paying remote transactions to a full
// pool, each evicting the cheapest.
func BenchmarkAddEvicting(b *testing.B) {
	p := fullPool(b)
	k, _ := key(benchAccounts)
	st := p.state.(*testState)
	st.balances[ethtypes.PubkeyToAddress(k.PubKey())] = new(uint256.Int).Lsh(uint256.NewInt(1), 200)
	var txs []*ethtypes.Transaction
	for n := uint64(0); n < 1000; n++ {
		tx := dynTx(b, k, n, 50*gwei, 100*gwei)
		if _, err := ethtypes.Sender(p.signer, tx); err != nil { // warm the sender cache
			b.Fatal(err)
		}
		txs = append(txs, tx)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(txs) {
			b.StopTimer()
			p = fullPool(b)
			i = 0
			b.StartTimer()
		}
		if err := p.AddRemote(txs[i]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
