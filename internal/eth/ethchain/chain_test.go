package ethchain

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/testdata"
)

// vecAcct is an account of a BlockchainTests pre-state.
type vecAcct struct {
	Balance string            `json:"balance"`
	Code    string            `json:"code"`
	Nonce   string            `json:"nonce"`
	Storage map[string]string `json:"storage"`
}

// vecTest is the part of a BlockchainTests test these tests use.
type vecTest struct {
	GenesisRLP string             `json:"genesisRLP"`
	Pre        map[string]vecAcct `json:"pre"`
	Blocks     []struct {
		RLP string `json:"rlp"`
	} `json:"blocks"`
}

func mustHexBytes(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.TrimPrefix(s, "0x")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustU256(t testing.TB, s string) uint256.Int {
	var v uint256.Int
	v.SetBytes(mustHexBytes(t, s))
	return v
}

// loadVector loads the one test of a BlockchainTests file: a chain on its
// genesis and pre-state, and its blocks decoded.
func loadVector(t testing.TB, elem ...string) (*Chain, *ethparams.ChainConfig, []*ethtypes.Block) {
	t.Helper()
	path := testdata.Path(t, append([]string{"ethereum-tests", "BlockchainTests"}, elem...)...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tests map[string]vecTest
	if err := json.Unmarshal(data, &tests); err != nil {
		t.Fatal(err)
	}
	if len(tests) != 1 {
		t.Fatalf("%d tests in %s", len(tests), path)
	}
	var vt vecTest
	for _, v := range tests {
		vt = v
	}
	db := statedb.NewMemoryDatabase()
	sdb, err := statedb.New(ethtypes.Hash{}, db)
	if err != nil {
		t.Fatal(err)
	}
	for a, acct := range vt.Pre {
		addr := ethtypes.BytesToAddress(mustHexBytes(t, a))
		bal := mustU256(t, acct.Balance)
		nonce := mustU256(t, acct.Nonce)
		sdb.SetBalance(addr, &bal)
		sdb.SetNonce(addr, nonce.Uint64())
		sdb.SetCode(addr, mustHexBytes(t, acct.Code))
		for k, v := range acct.Storage {
			kk, vv := mustU256(t, k), mustU256(t, v)
			sdb.SetState(addr, kk.Bytes32(), vv.Bytes32())
		}
	}
	if _, err := sdb.Commit(false); err != nil {
		t.Fatal(err)
	}
	cfg, err := ethparams.ForkConfig("Cancun")
	if err != nil {
		t.Fatal(err)
	}
	genesis, err := ethtypes.DecodeBlock(mustHexBytes(t, vt.GenesisRLP))
	if err != nil {
		t.Fatal(err)
	}
	chain, err := NewChain(cfg, genesis, db, evm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*ethtypes.Block
	for _, b := range vt.Blocks {
		blk, err := ethtypes.DecodeBlock(mustHexBytes(t, b.RLP))
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, blk)
	}
	return chain, cfg, blocks
}

// copyHeader returns a deep-enough copy of h for mutation.
func copyHeader(h *ethtypes.Header) *ethtypes.Header {
	c := *h
	c.Extra = append([]byte{}, h.Extra...)
	if h.BaseFee != nil {
		v := *h.BaseFee
		c.BaseFee = &v
	}
	if h.BlobGasUsed != nil {
		v := *h.BlobGasUsed
		c.BlobGasUsed = &v
	}
	if h.ExcessBlobGas != nil {
		v := *h.ExcessBlobGas
		c.ExcessBlobGas = &v
	}
	return &c
}

// TestInsertBlockRejections mutates a valid Shanghai-style block (one
// transaction, one withdrawal) in every way a check catches and requires
// the matching error kind; the unmodified block is then accepted.
func TestInsertBlockRejections(t *testing.T) {
	chain, _, blocks := loadVector(t, "ValidBlocks", "bcExample", "shanghaiExample.json")
	good := blocks[0]
	genesis := chain.Head()
	tests := []struct {
		name   string
		header func(h *ethtypes.Header)
		body   func(b *ethtypes.Block)
		want   ErrorKind
	}{
		{"unknown parent", func(h *ethtypes.Header) { h.ParentHash = ethtypes.Hash{1} }, nil, ErrUnknownAncestor},
		{"number", func(h *ethtypes.Header) { h.Number = 2 }, nil, ErrInvalidNumber},
		{"timestamp equal to parent", func(h *ethtypes.Header) { h.Time = genesis.Header.Time }, nil, ErrOlderBlockTime},
		{"extra data 33 bytes", func(h *ethtypes.Header) { h.Extra = make([]byte, 33) }, nil, ErrExtraDataTooLong},
		{"gas used above limit", func(h *ethtypes.Header) { h.GasUsed = h.GasLimit + 1 }, nil, ErrInvalidGasUsed},
		{"gas limit jump", func(h *ethtypes.Header) { h.GasLimit -= h.GasLimit / 1024 }, nil, ErrInvalidGasLimit},
		{"gas limit below 5000", func(h *ethtypes.Header) { h.GasLimit = 4999; h.GasUsed = 0 }, nil, ErrInvalidGasLimit},
		{"base fee", func(h *ethtypes.Header) { h.BaseFee.AddUint64(h.BaseFee, 1) }, nil, ErrInvalidBaseFee},
		{"difficulty after merge", func(h *ethtypes.Header) { h.Difficulty.SetUint64(1) }, nil, ErrInvalidDifficulty},
		{"nonce after merge", func(h *ethtypes.Header) { h.Nonce[7] = 1 }, nil, ErrInvalidNonce},
		{"uncle hash after merge", func(h *ethtypes.Header) { h.UncleHash = ethtypes.Hash{1} }, nil, ErrInvalidUncleHash},
		{"no withdrawals root", func(h *ethtypes.Header) {
			h.WithdrawalsHash, h.BlobGasUsed, h.ExcessBlobGas, h.ParentBeaconRoot = nil, nil, nil, nil
		}, nil, ErrInvalidWithdrawals},
		{"no beacon root", func(h *ethtypes.Header) { h.ParentBeaconRoot = nil }, nil, ErrMissingBeaconRoot},
		{"excess blob gas", func(h *ethtypes.Header) { *h.ExcessBlobGas = ethparams.BlobGasPerBlob }, nil, ErrInvalidBlobGas},
		{"blob gas not a multiple", func(h *ethtypes.Header) { *h.BlobGasUsed = 1 }, nil, ErrInvalidBlobGas},
		{"blob gas used mismatch", func(h *ethtypes.Header) { *h.BlobGasUsed = ethparams.BlobGasPerBlob }, nil, ErrBlobGasUsedMismatch},
		{"transactions root", nil, func(b *ethtypes.Block) { b.Txs = nil }, ErrTxRootMismatch},
		{"withdrawals root", nil, func(b *ethtypes.Block) {
			b.Withdrawals = append(ethtypes.Withdrawals{}, b.Withdrawals...)
			b.Withdrawals[0].Amount++
		}, ErrWithdrawalsRootMismatch},
		{"withdrawals missing", nil, func(b *ethtypes.Block) { b.Withdrawals = nil }, ErrInvalidWithdrawals},
		{"uncles", nil, func(b *ethtypes.Block) { b.Uncles = []*ethtypes.Header{genesis.Header} }, ErrUncleRootMismatch},
		{"gas used", func(h *ethtypes.Header) { h.GasUsed++ }, nil, ErrGasUsedMismatch},
		{"bloom", func(h *ethtypes.Header) { h.Bloom[0] ^= 1 }, nil, ErrBloomMismatch},
		{"receipts root", func(h *ethtypes.Header) { h.ReceiptHash = ethtypes.Hash{1} }, nil, ErrReceiptRootMismatch},
		{"state root", func(h *ethtypes.Header) { h.Root = ethtypes.Hash{1} }, nil, ErrStateRootMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := copyHeader(good.Header)
			if tc.header != nil {
				tc.header(h)
			}
			b := ethtypes.NewBlock(h, good.Txs, good.Uncles, good.Withdrawals)
			if tc.body != nil {
				tc.body(b)
			}
			err := chain.InsertBlock(b)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			var be *BlockError
			if !errors.As(err, &be) {
				t.Fatalf("err %T is not a *BlockError", err)
			}
			if chain.Head() != genesis {
				t.Fatal("head moved")
			}
		})
	}

	if err := chain.InsertBlock(good); err != nil {
		t.Fatal(err)
	}
	if chain.Head() != good {
		t.Fatal("head is not the inserted block")
	}
	if err := chain.InsertBlock(good); !errors.Is(err, ErrKnownBlock) {
		t.Fatalf("reinsert: %v", err)
	}
	rs, ok := chain.Receipts(good.Hash())
	if !ok || len(rs) != 1 || rs[0].Status != ethtypes.ReceiptStatusSuccessful || rs[0].BlockHash != good.Hash() {
		t.Fatalf("receipts %+v", rs)
	}
	sdb, err := chain.State()
	if err != nil {
		t.Fatal(err)
	}
	// The withdrawal is credited in wei (gwei * 1e9).
	w := good.Withdrawals[0]
	bal := sdb.GetBalance(w.Address)
	if want := new(uint256.Int).Mul(uint256.NewInt(w.Amount), uint256.NewInt(1e9)); bal.Lt(want) {
		t.Fatalf("withdrawal address balance %s < %s", &bal, want)
	}
}

// TestInvalidTransactionRejected requires a block whose transaction is
// invalid (here: a nonce from the future) to be rejected with ErrTxApply
// wrapping the transaction's error.
func TestInvalidTransactionRejected(t *testing.T) {
	chain, _, blocks := loadVector(t, "ValidBlocks", "bcExample", "shanghaiExample.json")
	good := blocks[0]
	if err := chain.InsertBlock(good); err != nil {
		t.Fatal(err)
	}
	// The same transaction again on top: its nonce is now too low. The
	// header must pass every check before execution.
	h := copyHeader(good.Header)
	h.ParentHash, h.Number, h.Time = good.Hash(), 2, good.Header.Time+12
	bf := CalcBaseFee(chain.cfg, good.Header)
	h.BaseFee = &bf
	h.WithdrawalsHash = new(ethtypes.Hash)
	*h.WithdrawalsHash = ethtypes.EmptyRootHash
	b := ethtypes.NewBlock(h, good.Txs, nil, ethtypes.Withdrawals{})
	err := chain.InsertBlock(b)
	if !errors.Is(err, ErrTxApply) || !errors.Is(err, ErrNonceTooLow) {
		t.Fatalf("err %v, want ErrTxApply and ErrNonceTooLow", err)
	}
}

// BenchmarkInsertBlock measures the import of a block with one transaction
// and one withdrawal: header and body checks, execution, roots, commit.
func BenchmarkInsertBlock(b *testing.B) {
	chain, cfg, blocks := loadVector(b, "ValidBlocks", "bcExample", "shanghaiExample.json")
	genesis := chain.Head()
	b.ReportAllocs()
	for b.Loop() {
		c, err := NewChain(cfg, genesis, chain.db, evm.Config{})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.InsertBlock(blocks[0]); err != nil {
			b.Fatal(err)
		}
	}
}
