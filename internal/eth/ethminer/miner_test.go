package ethminer

import (
	"context"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestMineBlockOrderAndFees mines the pending transfers of three accounts
// with different tips: the block takes them by effective tip with each
// account's nonces in order, passes ethchain's full validation (roots,
// receipts, bloom, gas), pays the tips and the reward to the coinbase and
// burns the base fee.
func TestMineBlockOrderAndFees(t *testing.T) {
	e := setup(t, "GrayGlacier", 3, 30_000_000, nil, Config{})
	k0, a0 := key(0)
	k1, a1 := key(1)
	k2, a2 := key(2)
	// Tips: a0 pays 1 gwei, a1 3 gwei then 1 gwei, a2 2 gwei.
	e.add(t,
		dynTx(t, k0, 0, 1*gwei, 10*gwei), dynTx(t, k0, 1, 5*gwei, 10*gwei),
		dynTx(t, k1, 0, 3*gwei, 10*gwei), dynTx(t, k1, 1, 1*gwei, 10*gwei),
		dynTx(t, k2, 0, 2*gwei, 10*gwei),
	)
	parent := e.chain.CurrentHeader()
	b, receipts, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := e.chain.CurrentHeader().Hash(); got != b.Hash() {
		t.Fatalf("head %s, want mined block %s", got, b.Hash())
	}
	type want struct {
		from  ethtypes.Address
		nonce uint64
	}
	// Highest tip first among the accounts' next nonces: a1/0 (3), a2/0
	// (2), then a0/0 (1) and a1/1 (1) tie-broken by hash, a0/1 (5) only
	// after a0/0.
	wantFirst := []want{{a1, 0}, {a2, 0}}
	if len(b.Txs) != 5 {
		t.Fatalf("block has %d txs, want 5", len(b.Txs))
	}
	for i, w := range wantFirst {
		from, _ := testSigner.Sender(b.Txs[i])
		if from != w.from || b.Txs[i].Nonce() != w.nonce {
			t.Errorf("tx %d from %s nonce %d, want %s nonce %d", i, from, b.Txs[i].Nonce(), w.from, w.nonce)
		}
	}
	seen := map[ethtypes.Address]uint64{}
	for i, tx := range b.Txs {
		from, _ := testSigner.Sender(tx)
		if tx.Nonce() != seen[from] {
			t.Errorf("tx %d: nonce %d of %s out of order", i, tx.Nonce(), from)
		}
		seen[from]++
	}
	// a0/1 (tip 5) must come right after a0/0: it is then the best.
	for i, tx := range b.Txs {
		if from, _ := testSigner.Sender(tx); from == a0 && tx.Nonce() == 0 {
			if i+1 >= len(b.Txs) || b.Txs[i+1].Nonce() != 1 {
				t.Errorf("a0's tip-5 tx does not follow its nonce 0")
			} else if f, _ := testSigner.Sender(b.Txs[i+1]); f != a0 {
				t.Errorf("a0's tip-5 tx does not follow its nonce 0")
			}
		}
	}
	if len(receipts) != 5 || receipts[4].CumulativeGasUsed != 5*21000 || b.Header.GasUsed != 5*21000 {
		t.Fatalf("receipts %d, cumulative gas %d, header gas %d", len(receipts), receipts[len(receipts)-1].CumulativeGasUsed, b.Header.GasUsed)
	}
	stored := e.chain.receipts(b.Hash())
	for i := range receipts {
		if receipts[i].Status != ethtypes.ReceiptStatusSuccessful || receipts[i].TxHash != stored[i].TxHash ||
			receipts[i].CumulativeGasUsed != stored[i].CumulativeGasUsed || receipts[i].BlockHash != b.Hash() {
			t.Errorf("receipt %d differs from the chain's re-execution", i)
		}
	}
	// Coinbase: reward + sum(tip * 21000); base fee burnt.
	tips := uint64(1+5+3+1+2) * gwei * 21000
	wantCB := new(uint256.Int).Add(uint256.NewInt(2*ether), uint256.NewInt(tips))
	if got := e.chain.balance(t, coinbase); got.Cmp(wantCB) != 0 {
		t.Errorf("coinbase %s, want %s", got.Dec(), wantCB.Dec())
	}
	bf := parent.BaseFee.Uint64() // block 1's base fee equals the genesis' (gas used 0 -> lower)
	_ = bf
	spent := new(uint256.Int).Sub(new(uint256.Int).Mul(uint256.NewInt(1000), uint256.NewInt(ether)), ptr(e.chain.balance(t, a2)))
	want2 := new(uint256.Int).Add(uint256.NewInt(1), new(uint256.Int).Mul(uint256.NewInt(21000), new(uint256.Int).Add(b.Header.BaseFee, uint256.NewInt(2*gwei))))
	if spent.Cmp(want2) != 0 {
		t.Errorf("a2 spent %s, want value + gas*(base fee + tip) = %s", spent.Dec(), want2.Dec())
	}
	if p, q := e.pool.Status(); p != 0 || q != 0 {
		t.Errorf("pool after mining: %d pending, %d queued", p, q)
	}
}

func ptr(v uint256.Int) *uint256.Int { return &v }

// TestGasLimitRespected fills a block whose gas limit holds four
// transfers: the rest stay in the pool for the next block.
func TestGasLimitRespected(t *testing.T) {
	e := setup(t, "GrayGlacier", 6, 100_000, nil, Config{})
	for i := 0; i < 6; i++ {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 0, uint64(i+1)*gwei, 10*gwei))
	}
	b, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Txs) != 4 || b.Header.GasUsed != 84000 {
		t.Fatalf("block 1: %d txs, gas %d; want 4, 84000", len(b.Txs), b.Header.GasUsed)
	}
	// The four best tips (6, 5, 4, 3 gwei) were taken.
	for i, tx := range b.Txs {
		tip := tx.GasTipCap()
		if tip.Uint64() != uint64(6-i)*gwei {
			t.Errorf("tx %d tip %s", i, tip.Dec())
		}
	}
	if p, _ := e.pool.Status(); p != 2 {
		t.Fatalf("pool keeps %d pending, want 2", p)
	}
	b2, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b2.Txs) != 2 {
		t.Fatalf("block 2: %d txs, want 2", len(b2.Txs))
	}
}

// TestBigTxDoesNotFit: a transaction whose gas limit exceeds the gas left
// is skipped (its account dropped for this block) while smaller ones from
// other accounts still fill the block.
func TestBigTxDoesNotFit(t *testing.T) {
	e := setup(t, "GrayGlacier", 3, 60_000, nil, Config{})
	k0, _ := key(0)
	k1, _ := key(1)
	k2, _ := key(2)
	big := signTx(t, k1, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), Nonce: 0,
		GasTipCap: *uint256.NewInt(5 * gwei), GasFeeCap: *uint256.NewInt(20 * gwei), Gas: 50_000, To: &recipient})
	first, last := dynTx(t, k0, 0, 9*gwei, 20*gwei), dynTx(t, k2, 0, gwei, 20*gwei)
	e.add(t, first, big, last)
	b, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// first takes 21000 of 60000; big (gas limit 50000) does not fit in
	// the 39000 left and waits; last does fit.
	if len(b.Txs) != 2 || b.Txs[0].Hash() != first.Hash() || b.Txs[1].Hash() != last.Hash() {
		t.Fatalf("block 1 has %d txs", len(b.Txs))
	}
	b2, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b2.Txs) != 1 || b2.Txs[0].Hash() != big.Hash() {
		t.Fatalf("block 2 txs %d, want the big one", len(b2.Txs))
	}
}

// TestMaxTxsPerBlock mines one transaction per block.
func TestMaxTxsPerBlock(t *testing.T) {
	e := setup(t, "GrayGlacier", 3, 30_000_000, nil, Config{MaxTxsPerBlock: 1})
	for i := 0; i < 3; i++ {
		k, _ := key(i)
		e.add(t, dynTx(t, k, 0, gwei, 10*gwei))
	}
	for n := 1; n <= 3; n++ {
		b, _, err := e.miner.MineBlock(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Txs) != 1 || b.Number() != uint64(n) {
			t.Fatalf("block %d: %d txs", b.Number(), len(b.Txs))
		}
	}
}

// TestTimestamps covers the clock, evm_increaseTime and
// evm_setNextBlockTimestamp.
func TestTimestamps(t *testing.T) {
	e := setup(t, "GrayGlacier", 0, 30_000_000, nil, Config{})
	mine := func() uint64 {
		t.Helper()
		b, _, err := e.miner.MineBlock(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return b.Header.Time
	}
	base := uint64(e.now.Unix())
	if ts := mine(); ts != base {
		t.Fatalf("block 1 time %d, want clock %d", ts, base)
	}
	if ts := mine(); ts != base+1 {
		t.Fatalf("block 2 time %d, want parent+1 %d", ts, base+1)
	}
	e.miner.IncreaseTime(100)
	if ts := mine(); ts != base+100 {
		t.Fatalf("after increaseTime(100): %d, want %d", ts, base+100)
	}
	if err := e.miner.SetNextTimestamp(base + 100); !errors.Is(err, ErrTimestampTooLow) {
		t.Fatalf("SetNextTimestamp not above head: %v", err)
	}
	if err := e.miner.SetNextTimestamp(base + 5000); err != nil {
		t.Fatal(err)
	}
	if ts := mine(); ts != base+5000 {
		t.Fatalf("next timestamp: %d", ts)
	}
	e.now = e.now.Add(10 * 1e9)
	if ts := mine(); ts != base+5010 {
		t.Fatalf("after the fixed timestamp the clock continues from it: %d, want %d", ts, base+5010)
	}
}

// TestGasCeil moves the gas limit towards the configured ceiling.
func TestGasCeil(t *testing.T) {
	e := setup(t, "GrayGlacier", 0, 10_000_000, nil, Config{GasCeil: 20_000_000})
	b, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(10_000_000 + 10_000_000/1024 - 1); b.Header.GasLimit != want {
		t.Fatalf("gas limit %d, want %d", b.Header.GasLimit, want)
	}
}

func TestCalcGasLimit(t *testing.T) {
	tests := []struct {
		name            string
		parent, desired uint64
		want            uint64
	}{
		{"keep", 30_000_000, 30_000_000, 30_000_000},
		{"up capped", 30_000_000, 60_000_000, 30_000_000 + 30_000_000/1024 - 1},
		{"up reached", 30_000_000, 30_000_100, 30_000_100},
		{"down capped", 30_000_000, 5_000, 30_000_000 - 30_000_000/1024 + 1},
		{"down reached", 30_000_000, 29_999_000, 29_999_000},
		{"min floor", 5_000, 1, 5_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CalcGasLimit(tc.parent, tc.desired); got != tc.want {
				t.Fatalf("CalcGasLimit(%d, %d) = %d, want %d", tc.parent, tc.desired, got, tc.want)
			}
		})
	}
}

// TestCancunPoS mines on a chain merged from genesis with Shanghai and
// Cancun: difficulty zero, withdrawals root, blob gas fields and the
// beacon root, no reward; ethchain accepts the block.
func TestCancunPoS(t *testing.T) {
	e := setup(t, "Cancun", 2, 30_000_000, nil, Config{})
	k0, _ := key(0)
	e.add(t, dynTx(t, k0, 0, gwei, 10*gwei))
	b, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h := b.Header
	if !h.Difficulty.IsZero() || h.WithdrawalsHash == nil || h.BlobGasUsed == nil || h.ParentBeaconRoot == nil || len(b.Txs) != 1 {
		t.Fatalf("header fields: %+v", h)
	}
	want := uint256.NewInt(21000 * gwei)
	if got := e.chain.balance(t, coinbase); got.Cmp(want) != 0 {
		t.Fatalf("coinbase %s, want tips only %s", got.Dec(), want.Dec())
	}
}

// TestPendingBlock builds the pending block without inserting it.
func TestPendingBlock(t *testing.T) {
	e := setup(t, "GrayGlacier", 1, 30_000_000, nil, Config{})
	k0, a0 := key(0)
	e.add(t, dynTx(t, k0, 0, gwei, 10*gwei))
	res, err := e.miner.Pending()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Block.Txs) != 1 || res.State.GetNonce(a0) != 1 || e.chain.CurrentHeader().Number != 0 {
		t.Fatalf("pending block: %d txs, nonce %d", len(res.Block.Txs), res.State.GetNonce(a0))
	}
	if res.Fees.Uint64() != 21000*gwei {
		t.Fatalf("fees %s", res.Fees.Dec())
	}
}

// TestUncles mines a block that includes a side block as an uncle with
// Ethash (fake seals): the uncle's miner gets 7/8 of the reward and the
// block's miner 1/32 more, and ethchain accepts the block.
func TestUncles(t *testing.T) {
	engine, err := ethconsensus.New(ethconsensus.Config{FakeSeal: true, BombOff: true})
	if err != nil {
		t.Fatal(err)
	}
	e := setup(t, "GrayGlacier", 0, 30_000_000, engine, Config{})
	genesis := e.chain.CurrentHeader()
	b1, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A competing block 1 by another miner, built on genesis.
	uncleMiner := ethtypes.Address{0x0c}
	other, err := New(Config{Etherbase: uncleMiner, ExtraData: []byte("other"), Now: e.miner.cfg.Now}, e.chain, e.pool, engine)
	if err != nil {
		t.Fatal(err)
	}
	res, err := other.build(genesis, 0, b1.Header.Time) // same difficulty: b1 stays the head
	if err != nil {
		t.Fatal(err)
	}
	if err := e.chain.InsertBlock(res.Block); err != nil {
		t.Fatal(err)
	}
	if e.chain.CurrentHeader().Hash() != b1.Hash() {
		t.Fatal("the side block became the head")
	}
	e.miner.AddSideBlock(res.Block.Header)
	e.miner.AddSideBlock(b1.Header) // an ancestor: never included
	b2, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b2.Uncles) != 1 || b2.Uncles[0].Hash() != res.Block.Hash() {
		t.Fatalf("block 2 has %d uncles", len(b2.Uncles))
	}
	if err := engine.VerifyUncles(e.chain, b2); err != nil {
		t.Fatalf("VerifyUncles: %v", err)
	}
	reward := uint64(2 * ether)
	if got := e.chain.balance(t, uncleMiner); got.Uint64() != reward*7/8 {
		t.Errorf("uncle miner %s, want 7/8 of the reward", got.Dec())
	}
	if got := e.chain.balance(t, coinbase); got.Uint64() != 2*reward+reward/32 {
		t.Errorf("miner %s, want 2 rewards + 1/32", got.Dec())
	}
	// Block 3 must not include the uncle again.
	b3, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b3.Uncles) != 0 {
		t.Fatalf("uncle included twice")
	}
}

// TestPoWWithShanghaiCancun mines on a proof-of-work chain that schedules
// Shanghai and Cancun without ever merging (the dev network's shape): the
// header gets the fields the chain's rules (ethchain.HeaderRules) require
// and ethchain accepts the block, rewards included.
func TestPoWWithShanghaiCancun(t *testing.T) {
	e := setup(t, "GrayGlacier", 1, 30_000_000, nil, Config{})
	zero := uint64(0)
	cc := e.chain.cfg
	cc.ShanghaiTime, cc.CancunTime = &zero, &zero
	bc := ethparams.DefaultCancunBlobConfig
	cc.BlobSchedule = &ethparams.BlobScheduleConfig{Cancun: &bc}
	k0, _ := key(0)
	e.add(t, dynTx(t, k0, 0, gwei, 10*gwei))
	b, _, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rules := ethchain.HeaderRules(cc, b.Header)
	h := b.Header
	if h.Difficulty.IsZero() || (h.WithdrawalsHash != nil) != rules.IsShanghai || (h.ParentBeaconRoot != nil) != rules.IsCancun ||
		(b.Withdrawals != nil) != rules.IsShanghai || len(b.Txs) != 1 {
		t.Fatalf("header does not follow the rules %+v: %+v", rules, h)
	}
}

// TestHashGetter checks BLOCKHASH's view of the chain from a block being
// built: the parent's hash and older, zero for the block itself and
// beyond 256.
func TestHashGetter(t *testing.T) {
	e := setup(t, "GrayGlacier", 0, 30_000_000, nil, Config{})
	var hashes []ethtypes.Hash
	hashes = append(hashes, e.chain.CurrentHeader().Hash())
	for i := 0; i < 5; i++ {
		b, _, err := e.miner.MineBlock(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, b.Hash())
	}
	head := e.chain.CurrentHeader()
	get := e.miner.hashGetter(&ethtypes.Header{ParentHash: head.Hash(), Number: head.Number + 1})
	for n := 5; n >= 0; n-- {
		if got := get(uint64(n)); got != hashes[n] {
			t.Errorf("hash of %d: %s, want %s", n, got, hashes[n])
		}
	}
	if got := get(6); got != (ethtypes.Hash{}) {
		t.Errorf("hash of the block itself: %s", got)
	}
}

// TestTokenTransfersWithLogs mines contract calls that write storage and
// emit logs: the receipts carry the logs with their block position, the
// header's bloom covers them and ethchain accepts the block.
func TestTokenTransfersWithLogs(t *testing.T) {
	e := setupAlloc(t, "GrayGlacier", 3, 30_000_000, nil, Config{}, tokenAlloc)
	for i := 0; i < 3; i++ {
		k, _ := key(i)
		data := make([]byte, 68)
		data[4+31] = byte(0x50 + i)
		data[67] = 7
		e.add(t, signTx(t, k, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID),
			GasTipCap: *uint256.NewInt(uint64(3-i) * gwei), GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 100_000,
			To: &tokenAddr, Data: data}))
	}
	b, receipts, err := e.miner.MineBlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(receipts) != 3 {
		t.Fatalf("%d receipts", len(receipts))
	}
	for i, r := range receipts {
		if r.Status != ethtypes.ReceiptStatusSuccessful || len(r.Logs) != 1 {
			t.Fatalf("receipt %d: status %d, %d logs", i, r.Status, len(r.Logs))
		}
		l := r.Logs[0]
		if l.Address != tokenAddr || l.Index != uint(i) || l.BlockHash != b.Hash() || l.BlockNumber != 1 {
			t.Errorf("log %d: %+v", i, l)
		}
	}
	if b.Header.Bloom == (ethtypes.Bloom{}) {
		t.Error("empty bloom")
	}
	sdb, err := e.chain.StateAt(b.Header.Root)
	if err != nil {
		t.Fatal(err)
	}
	var k ethtypes.Hash
	k[31] = 0x50
	if v := sdb.GetState(tokenAddr, k); v[31] != 7 {
		t.Errorf("recipient's token balance %x", v)
	}
}
