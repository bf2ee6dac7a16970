package ethminer

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// tokenCode is an ERC-20-like transfer(to, amount) without checks:
// balance[caller] -= amount; balance[to] += amount (storage keyed by the
// address itself); LOG0 of the amount.
var tokenCode = []byte{
	0x60, 0x24, 0x35, // PUSH1 0x24 CALLDATALOAD: amount
	0x33, 0x54, // CALLER SLOAD
	0x81, 0x90, 0x03, // DUP2 SWAP1 SUB
	0x33, 0x55, // CALLER SSTORE
	0x60, 0x04, 0x35, // PUSH1 0x04 CALLDATALOAD: to
	0x80, 0x54, // DUP1 SLOAD
	0x82, 0x01, // DUP3 ADD
	0x90, 0x55, // SWAP1 SSTORE
	0x60, 0x00, 0x52, // PUSH1 0 MSTORE
	0x60, 0x20, 0x60, 0x00, 0xa0, // PUSH1 32 PUSH1 0 LOG0
	0x00, // STOP
}

var tokenAddr = ethtypes.Address{0x70, 0x6b}

// benchBuild measures assembling a block of n transactions made by mk
// from 100 accounts (n/100 nonces each).
func benchBuild(b *testing.B, n int, gasLimit uint64, mk func(i, nonce int) *ethtypes.Transaction, withToken bool) {
	var alloc func(*statedb.StateDB)
	if withToken {
		alloc = tokenAlloc
	}
	e := setupAlloc(b, "GrayGlacier", 100, gasLimit, nil, Config{}, alloc)
	var txs []*ethtypes.Transaction
	for nonce := 0; nonce < n/100; nonce++ {
		for i := 0; i < 100; i++ {
			txs = append(txs, mk(i, nonce))
		}
	}
	e.add(b, txs...)
	parent := e.chain.CurrentHeader()
	// Warm the senders' caches and check the block.
	res, err := e.miner.build(parent, 0, parent.Time+1)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Block.Txs) != n {
		b.Fatalf("block has %d txs, want %d", len(res.Block.Txs), n)
	}
	for i, r := range res.Receipts {
		if r.Status != ethtypes.ReceiptStatusSuccessful || (withToken && len(r.Logs) != 1) {
			b.Fatalf("tx %d failed", i)
		}
	}
	if err := e.chain.InsertBlock(res.Block); err != nil {
		b.Fatalf("the built block is invalid: %v", err)
	}
	gas := res.Block.Header.GasUsed
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.miner.build(parent, 0, parent.Time+1); err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n*b.N)/sec, "txs/s")
	b.ReportMetric(float64(gas)*float64(b.N)/sec/1e6, "Mgas/s")
}

// BenchmarkBuildTransfers assembles a block of 1,000 ether transfers.
func BenchmarkBuildTransfers(b *testing.B) {
	keys := make([]func(nonce int) *ethtypes.Transaction, 100)
	for i := range keys {
		k, _ := key(i)
		keys[i] = func(nonce int) *ethtypes.Transaction { return dynTx(b, k, uint64(nonce), gwei, 10*gwei) }
	}
	benchBuild(b, 1000, 30_000_000, func(i, nonce int) *ethtypes.Transaction { return keys[i](nonce) }, false)
}

// BenchmarkBuildTokenTransfers assembles a block of 1,000 ERC-20-like
// token transfers (two SSTOREs and a log each).
func BenchmarkBuildTokenTransfers(b *testing.B) {
	benchBuild(b, 1000, 100_000_000, func(i, nonce int) *ethtypes.Transaction {
		k, _ := key(i)
		data := make([]byte, 68)
		copy(data, []byte{0xa9, 0x05, 0x9c, 0xbb})
		data[4+31] = byte(i + 1)
		data[4+12] = 0x99
		data[67] = 1
		return signTx(b, k, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), Nonce: uint64(nonce),
			GasTipCap: *uint256.NewInt(gwei), GasFeeCap: *uint256.NewInt(10 * gwei), Gas: 100_000, To: &tokenAddr,
			Data: data})
	}, true)
}

// tokenAlloc puts the token contract in the genesis state, every test
// account holding tokens.
func tokenAlloc(sdb *statedb.StateDB) {
	sdb.SetCode(tokenAddr, tokenCode)
	sdb.SetNonce(tokenAddr, 1)
	for i := 0; i < 100; i++ {
		_, a := key(i)
		var k, v ethtypes.Hash
		copy(k[12:], a[:])
		v[0] = 1
		sdb.SetState(tokenAddr, k, v)
	}
}
