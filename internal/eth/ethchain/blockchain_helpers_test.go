package ethchain

import (
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
)

// testReward is the dev engine's block reward in the tests.
var testReward = uint256.NewInt(2e18)

// devGenesis is the dev genesis, derived once.
var devGenesisCache *Genesis

func testGenesis(t testing.TB) *Genesis {
	t.Helper()
	if devGenesisCache == nil {
		g, err := DevGenesis()
		if err != nil {
			t.Fatal(err)
		}
		devGenesisCache = g
	}
	return devGenesisCache
}

// testKeys returns the first n dev keys.
func testKeys(t testing.TB, n int) []*secp256k1.PrivateKey {
	t.Helper()
	accts, err := DevAccounts(n)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]*secp256k1.PrivateKey, n)
	for i, a := range accts {
		keys[i] = secp256k1.PrivKeyFromBytes(a.PrivateKey[:])
	}
	return keys
}

func testEngine() ethconsensus.Engine {
	return ethconsensus.NewDev(ethconsensus.DevConfig{BlockReward: testReward})
}

// newTestChain opens a dev chain on db.
func newTestChain(t testing.TB, db kv.Store, mod func(*Config)) *BlockChain {
	t.Helper()
	cfg := Config{Genesis: testGenesis(t), Engine: testEngine(), NoAutoPrune: true}
	if mod != nil {
		mod(&cfg)
	}
	bc, err := NewBlockChain(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return bc
}

// blockGen builds valid blocks on a chain's stored states.
type blockGen struct {
	t    testing.TB
	bc   *BlockChain
	keys []*secp256k1.PrivateKey
	st   *trie.StackTrie
	salt uint64
	// data, when set, makes every transaction a contract creation with
	// this init code and 200,000 gas.
	data []byte
}

func newBlockGen(t testing.TB, bc *BlockChain) *blockGen {
	return &blockGen{t: t, bc: bc, keys: testKeys(t, 4), st: trie.NewStackTrie(nil)}
}

// make builds a child of parent mined by coinbase with ntx value transfers
// and the given uncles.
func (g *blockGen) make(parent *ethtypes.Block, coinbase ethtypes.Address, ntx int, uncles []*ethtypes.Header) *ethtypes.Block {
	b, _, _ := g.makeWithState(parent, coinbase, ntx, uncles)
	return b
}

// makeWithState is make that also returns the block's receipts and its
// post-state (opened with the chain's StateAt), as a miner has them.
func (g *blockGen) makeWithState(parent *ethtypes.Block, coinbase ethtypes.Address, ntx int, uncles []*ethtypes.Header) (*ethtypes.Block, ethtypes.Receipts, *statedb.StateDB) {
	t := g.t
	t.Helper()
	bc := g.bc
	cfg := bc.Config()
	ph := parent.Header
	g.salt++
	h := &ethtypes.Header{
		ParentHash: parent.Hash(), Coinbase: coinbase, Number: ph.Number + 1,
		GasLimit: ph.GasLimit, Time: ph.Time + 12, UncleHash: ethtypes.UncleHash(uncles),
		Extra: []byte{byte(g.salt >> 8), byte(g.salt)}, MixDigest: ethtypes.Hash{0x77, byte(g.salt)},
	}
	h.Difficulty = *bc.Engine().CalcDifficulty(bc, h.Time, ph)
	if cfg.IsLondon(h.Number) {
		bf := CalcBaseFee(cfg, ph)
		h.BaseFee = &bf
	}
	rules := HeaderRules(cfg, h)
	var withdrawals ethtypes.Withdrawals
	if rules.IsShanghai {
		wh := ethtypes.EmptyRootHash
		h.WithdrawalsHash = &wh
		withdrawals = ethtypes.Withdrawals{}
	}
	if rules.IsCancun {
		bcfg, ok := cfg.BlobConfigAt(h.Number, h.Time)
		if !ok {
			bcfg = ethparams.DefaultCancunBlobConfig
		}
		ex, used := CalcExcessBlobGas(ph, bcfg), uint64(0)
		h.ExcessBlobGas, h.BlobGasUsed, h.ParentBeaconRoot = &ex, &used, new(ethtypes.Hash)
	}
	sdb, err := bc.StateAt(ph.Root)
	if err != nil {
		t.Fatal(err)
	}
	signer := ethtypes.MakeSigner(rules, cfg.ChainID)
	sent := map[int]uint64{}
	txs := make(ethtypes.Transactions, 0, ntx)
	var chainID uint256.Int
	chainID.SetUint64(cfg.ChainID)
	for i := range ntx {
		k := i % len(g.keys)
		from := ethtypes.PubkeyToAddress(g.keys[k].PubKey())
		to := &ethtypes.Address{0xee, byte(i >> 8), byte(i), byte(g.salt)}
		gas := uint64(21000)
		if g.data != nil {
			to, gas = nil, 200_000
		}
		tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
			ChainID: chainID, Nonce: sdb.GetNonce(from) + sent[k], GasTipCap: *uint256.NewInt(1e9),
			GasFeeCap: *uint256.NewInt(100e9), Gas: gas, To: to, Value: *uint256.NewInt(1), Data: g.data,
		}), signer, g.keys[k])
		if err != nil {
			t.Fatal(err)
		}
		sent[k]++
		txs = append(txs, tx)
	}
	tmp := ethtypes.NewBlock(h, txs, uncles, withdrawals)
	res, err := ProcessWith(cfg, tmp, sdb, bc.hashGetter(parent), evm.Config{}, func(s *statedb.StateDB) {
		bc.Engine().Finalize(bc, h, s, uncles)
	})
	if err != nil {
		t.Fatal(err)
	}
	root, err := sdb.IntermediateRoot(cfg.IsEIP158(h.Number))
	if err != nil {
		t.Fatal(err)
	}
	h.Root, h.GasUsed, h.Bloom = root, res.GasUsed, res.Bloom
	h.TxHash = ethtypes.Hash(trie.DeriveSha(txs, g.st))
	h.ReceiptHash = ethtypes.Hash(trie.DeriveSha(res.Receipts, g.st))
	return ethtypes.NewBlock(h, txs, uncles, withdrawals), res.Receipts, sdb
}

// chain builds and inserts n blocks on parent, returning them.
func (g *blockGen) chain(parent *ethtypes.Block, coinbase ethtypes.Address, n, ntx int) []*ethtypes.Block {
	g.t.Helper()
	out := make([]*ethtypes.Block, 0, n)
	for range n {
		b := g.make(parent, coinbase, ntx, nil)
		if _, err := g.bc.InsertChain([]*ethtypes.Block{b}); err != nil {
			g.t.Fatalf("block %d: %v", b.Number(), err)
		}
		out = append(out, b)
		parent = b
	}
	return out
}
