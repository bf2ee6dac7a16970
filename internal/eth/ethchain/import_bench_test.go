package ethchain

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/kv/pebble"
)

// The realistic import workload: blocks of the dev network (Cancun rules,
// 30M gas limit) filled with a mix of ERC-20 transfers and plain ether
// transfers from many senders to a few thousand recipients, some of them
// new each block, as a busy token chain sees.
const (
	importSenders     = 512  // funded keys, each holding tokens
	importRecipients  = 4096 // recipient addresses drawn from
	importERC20PerBlk = 400  // ERC-20 transfers per block (~17.5M gas)
	importETHPerBlk   = 400  // ether transfers per block (8.4M gas)
	importBlocks      = 16
)

// erc20Addr is where the benchmark's token lives (in the genesis alloc).
var erc20Addr = ethtypes.Address{0xe2, 0x0e, 0x20}

// asm is a tiny EVM assembler: byte slices are emitted as is, a label
// string defines a jump destination when it starts with ':' and pushes
// its offset (PUSH1) otherwise.
func asm(items ...any) []byte {
	labels := map[string]byte{}
	for pass := 0; pass < 2; pass++ {
		var out []byte
		for _, it := range items {
			switch v := it.(type) {
			case []byte:
				out = append(out, v...)
			case byte:
				out = append(out, v)
			case int: // an untyped opcode constant
				out = append(out, byte(v))
			case string:
				if v[0] == ':' {
					labels[v[1:]] = byte(len(out))
					out = append(out, 0x5b) // JUMPDEST
				} else {
					out = append(out, 0x60, labels[v]) // PUSH1 label
				}
			}
		}
		if pass == 1 {
			return out
		}
	}
	return nil
}

// erc20Code is the runtime code of a minimal ERC-20 with Solidity's
// storage layout (balances in mapping slot 0) that implements
// transfer(address,uint256): the selector dispatch, the balance check
// (revert on overdraft), two SLOAD/SSTORE pairs on keccak-derived slots,
// the Transfer event (LOG3) and the ABI-encoded true.
func erc20Code() []byte {
	const (
		push1                       = 0x60
		mstore, sload, sstore, sha3 = 0x52, 0x54, 0x55, 0x20
		caller, cdload, shr, eq     = 0x33, 0x35, 0x1c, 0x14
		gt, sub, add, jumpi         = 0x11, 0x03, 0x01, 0x57
		dup1, dup2, dup3, swap1     = 0x80, 0x81, 0x82, 0x90
		log3, ret, revert           = 0xa3, 0xf3, 0xfd
	)
	topic := crypto.Keccak256([]byte("Transfer(address,address,uint256)"))
	return asm(
		[]byte{push1, 0, cdload, push1, 0xe0, shr}, // selector
		[]byte{0x63, 0xa9, 0x05, 0x9c, 0xbb, eq}, "transfer", jumpi,
		[]byte{push1, 0, push1, 0, revert},
		":transfer",
		[]byte{caller, push1, 0, mstore, push1, 0, push1, 0x20, mstore, push1, 0x40, push1, 0, sha3}, // [fromSlot]
		[]byte{dup1, sload, push1, 0x24, cdload},                                                     // [fromSlot fromBal amt]
		[]byte{dup2, dup2, gt}, "fail", jumpi,
		[]byte{swap1, dup2, swap1, sub, dup3, sstore},                           // balances[from] -= amt; [fromSlot amt]
		[]byte{push1, 4, cdload, push1, 0, mstore, push1, 0x40, push1, 0, sha3}, // [fromSlot amt toSlot]
		[]byte{dup1, sload, dup3, add, swap1, sstore},                           // balances[to] += amt
		[]byte{push1, 0, mstore},                                                // mem[0] = amt
		[]byte{push1, 4, cdload, caller}, append([]byte{0x7f}, topic[:]...),     // topics
		[]byte{push1, 0x20, push1, 0, log3},                            // Transfer(from, to, amt)
		[]byte{push1, 1, push1, 0, mstore, push1, 0x20, push1, 0, ret}, // return true
		":fail",
		[]byte{push1, 0, push1, 0, revert},
	)
}

// balanceSlot is the storage slot of a's balance in mapping slot 0.
func balanceSlot(a ethtypes.Address) ethtypes.Hash {
	var buf [64]byte
	copy(buf[12:32], a[:])
	return crypto.Keccak256(buf[:])
}

// importWorld is the generated chain and what is needed to replay it.
type importWorld struct {
	genesis      *Genesis
	genesisBlock *ethtypes.Block
	blocks       []*ethtypes.Block
	gas          uint64
	txs          int
}

// genImportChain generates the workload's blocks on a memdb chain of the
// dev network (proof of work with the dev engine, Cancun rules).
func genImportChain(b testing.TB) *importWorld {
	return genImportChainOn(b, DevChainConfig(), ethconsensus.NewDev(ethconsensus.DevConfig{}), false)
}

// genImportChainOn generates the workload's blocks on a memdb chain of
// configuration cc sealed by engine; pos makes proof-of-stake blocks
// (difficulty 0, as after the merge).
func genImportChainOn(b testing.TB, cc *ethparams.ChainConfig, engine ethconsensus.Engine, pos bool) *importWorld {
	b.Helper()
	keys := make([]*secp256k1.PrivateKey, importSenders)
	from := make([]ethtypes.Address, importSenders)
	difficulty := uint256.NewInt(1)
	if pos {
		difficulty = uint256.NewInt(0)
	}
	g := &Genesis{Config: cc, GasLimit: DevGasLimit, Difficulty: difficulty,
		BaseFee: uint256.NewInt(InitialBaseFee), Alloc: map[ethtypes.Address]GenesisAccount{}}
	token := GenesisAccount{Code: erc20Code(), Storage: map[ethtypes.Hash]ethtypes.Hash{}}
	var tokens ethtypes.Hash
	tokens[20] = 1 // 2^88 token units each
	for i := range keys {
		var seed [32]byte
		binary.BigEndian.PutUint64(seed[24:], uint64(i)+1)
		s := crypto.Keccak256(seed[:])
		keys[i] = secp256k1.PrivKeyFromBytes(s[:])
		from[i] = ethtypes.PubkeyToAddress(keys[i].PubKey())
		g.Alloc[from[i]] = GenesisAccount{Balance: DevAccountBalance}
		token.Storage[balanceSlot(from[i])] = tokens
	}
	g.Alloc[erc20Addr] = token
	bc, err := NewBlockChain(memdb.New(), Config{Genesis: g, Engine: engine})
	if err != nil {
		b.Fatal(err)
	}
	defer bc.Stop()
	cfg := bc.Config()
	rng := rand.New(rand.NewPCG(1, 2))
	st := trie.NewStackTrie(nil)
	nonces := make([]uint64, importSenders)
	var chainID uint256.Int
	chainID.SetUint64(cfg.ChainID)
	w := &importWorld{genesis: g, genesisBlock: bc.Genesis()}
	parent := bc.Genesis()
	for n := range importBlocks {
		ph := parent.Header
		h := &ethtypes.Header{ParentHash: parent.Hash(), Coinbase: ethtypes.Address{0xc0}, Number: ph.Number + 1,
			GasLimit: ph.GasLimit, Time: ph.Time + 12, UncleHash: ethtypes.UncleHash(nil)}
		if pos {
			h.MixDigest = crypto.Keccak256(ph.MixDigest[:]) // the beacon chain's randomness
		} else {
			h.Difficulty = *bc.Engine().CalcDifficulty(bc, h.Time, ph)
		}
		bf := CalcBaseFee(cfg, ph)
		h.BaseFee = &bf
		wh := ethtypes.EmptyRootHash
		h.WithdrawalsHash = &wh
		bcfg, ok := cfg.BlobConfigAt(h.Number, h.Time)
		if !ok {
			bcfg = ethparams.DefaultCancunBlobConfig
		}
		ex, used := CalcExcessBlobGas(ph, bcfg), uint64(0)
		h.ExcessBlobGas, h.BlobGasUsed, h.ParentBeaconRoot = &ex, &used, new(ethtypes.Hash)
		signer := ethtypes.MakeSigner(HeaderRules(cfg, h), cfg.ChainID)
		txs := make(ethtypes.Transactions, 0, importERC20PerBlk+importETHPerBlk)
		for i := range importERC20PerBlk + importETHPerBlk {
			k := rng.IntN(importSenders)
			// A recipient among importRecipients; one in eight is new to
			// this block (a fresh storage slot or account).
			r := uint64(rng.IntN(importRecipients))
			if rng.IntN(8) == 0 {
				r = uint64(importRecipients + n*1000 + i)
			}
			var to ethtypes.Address
			to[0] = 0xee
			binary.BigEndian.PutUint64(to[12:], r)
			d := &ethtypes.DynamicFeeTx{ChainID: chainID, Nonce: nonces[k], GasTipCap: *uint256.NewInt(1e9),
				GasFeeCap: *uint256.NewInt(100e9), Gas: 21000, To: &to, Value: *uint256.NewInt(1 + r)}
			if i%2 == 0 && i/2 < importERC20PerBlk {
				data := make([]byte, 68)
				copy(data, []byte{0xa9, 0x05, 0x9c, 0xbb})
				copy(data[16:36], to[:])
				binary.BigEndian.PutUint64(data[60:], 1+r)
				tok := erc20Addr
				d.To, d.Value, d.Data, d.Gas = &tok, uint256.Int{}, data, 80_000
			}
			tx, err := ethtypes.SignTx(ethtypes.NewTx(d), signer, keys[k])
			if err != nil {
				b.Fatal(err)
			}
			nonces[k]++
			txs = append(txs, tx)
		}
		sdb, err := bc.StateAt(ph.Root)
		if err != nil {
			b.Fatal(err)
		}
		tmp := ethtypes.NewBlock(h, txs, nil, ethtypes.Withdrawals{})
		res, err := ProcessWith(cfg, tmp, sdb, bc.hashGetter(parent), evm.Config{}, func(s *statedb.StateDB) {
			bc.Engine().Finalize(bc, h, s, nil)
		})
		if err != nil {
			b.Fatal(err)
		}
		for i, rc := range res.Receipts {
			if rc.Status != 1 {
				b.Fatalf("block %d tx %d failed", h.Number, i)
			}
		}
		root, err := sdb.IntermediateRoot(true)
		if err != nil {
			b.Fatal(err)
		}
		h.Root, h.GasUsed, h.Bloom = root, res.GasUsed, res.Bloom
		h.TxHash = ethtypes.Hash(trie.DeriveSha(txs, st))
		h.ReceiptHash = ethtypes.Hash(trie.DeriveSha(res.Receipts, st))
		blk := ethtypes.NewBlock(h, txs, nil, ethtypes.Withdrawals{})
		if _, err := bc.InsertChain([]*ethtypes.Block{blk}); err != nil {
			b.Fatalf("block %d: %v", h.Number, err)
		}
		w.blocks = append(w.blocks, blk)
		w.gas += res.GasUsed
		w.txs += len(txs)
		parent = blk
	}
	return w
}

// BenchmarkImportERC20Chain imports the generated chain (16 blocks of 400
// ERC-20 transfers and 400 ether transfers from 512 senders, ~26M gas
// each) with BlockChain.InsertChain into a fresh Pebble database, as the
// node opens it, from blocks decoded anew (so senders are recovered as
// for blocks from the network), and reports Mgas/s and tx/s. Run with
//
//	go test -run '^$' -bench BenchmarkImportERC20Chain -benchtime 5x ./internal/eth/ethchain/
func BenchmarkImportERC20Chain(b *testing.B) {
	w := genImportChain(b)
	encoded := make([][]byte, len(w.blocks))
	for i, blk := range w.blocks {
		encoded[i] = blk.AppendRLP(nil)
	}
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db, err := pebble.Open(b.TempDir(), pebble.Options{})
		if err != nil {
			b.Fatal(err)
		}
		bc, err := NewBlockChain(db, Config{Genesis: w.genesis, Engine: ethconsensus.NewDev(ethconsensus.DevConfig{})})
		if err != nil {
			b.Fatal(err)
		}
		fresh := make([]*ethtypes.Block, len(encoded))
		for i, enc := range encoded {
			if fresh[i], err = ethtypes.DecodeBlock(enc); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start := time.Now()
		if _, err := bc.InsertChain(fresh); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		if got := bc.CurrentHeader().Number; got != uint64(len(fresh)) {
			b.Fatalf("head %d after import, want %d", got, len(fresh))
		}
		if err := bc.Stop(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(w.gas)*float64(b.N)/elapsed.Seconds()/1e6, "Mgas/s")
	b.ReportMetric(float64(w.txs*b.N)/elapsed.Seconds(), "tx/s")
	b.ReportMetric(float64(w.gas)/float64(len(w.blocks))/1e6, "Mgas/block")
}
