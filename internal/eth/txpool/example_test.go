package txpool_test

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/txpool"
)

// mapState is a StateReader: every account has 1 ether and nonce 0.
type mapState struct{}

func (mapState) GetNonce(ethtypes.Address) uint64 { return 0 }
func (mapState) GetBalance(ethtypes.Address) *uint256.Int {
	return uint256.NewInt(1_000_000_000_000_000_000)
}

// oneBlock is a Chain with only a genesis block.
type oneBlock struct{ h *ethtypes.Header }

func (c oneBlock) CurrentHeader() *ethtypes.Header                   { return c.h }
func (c oneBlock) GetBlock(ethtypes.Hash, uint64) *ethtypes.Block    { return nil }
func (c oneBlock) StateAt(ethtypes.Hash) (txpool.StateReader, error) { return mapState{}, nil }

// This example adds two transactions of one sender out of order: the
// second waits in the queue until the first arrives. Then it walks the
// executable ones as a miner would.
func Example() {
	cfg, _ := ethparams.ForkConfig("London")
	cfg.ChainID = 1337
	chain := oneBlock{&ethtypes.Header{GasLimit: 30_000_000, BaseFee: uint256.NewInt(1_000_000_000)}}
	pool, err := txpool.New(txpool.Config{ChainConfig: cfg}, chain)
	if err != nil {
		panic(err)
	}
	defer pool.Close()

	priv := secp256k1.PrivKeyFromBytes([]byte{31: 1})
	signer := ethtypes.LatestSigner(1337)
	to := ethtypes.Address{0xaa}
	mk := func(nonce uint64) *ethtypes.Transaction {
		tx, _ := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(1337), Nonce: nonce,
			GasTipCap: *uint256.NewInt(2_000_000_000), GasFeeCap: *uint256.NewInt(3_000_000_000), Gas: 21000, To: &to}), signer, priv)
		return tx
	}
	fmt.Println(pool.AddRemote(mk(1)))
	fmt.Println(pool.Status())
	fmt.Println(pool.AddRemote(mk(0)))
	fmt.Println(pool.Status())
	err = pool.AddRemote(mk(0))
	fmt.Println(errors.Is(err, txpool.ErrAlreadyKnown))

	it := txpool.NewPriceAndNonceIterator(pool.Pending(txpool.PendingFilter{BaseFee: pool.BaseFee()}), pool.BaseFee())
	for tx, _ := it.Peek(); tx != nil; tx, _ = it.Peek() {
		fmt.Println("mine nonce", tx.Nonce())
		it.Shift()
	}
	// Output:
	// <nil>
	// 0 1
	// <nil>
	// 2 0
	// true
	// mine nonce 0
	// mine nonce 1
}
