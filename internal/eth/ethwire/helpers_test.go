package ethwire

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/testdata"
)

func u256(v uint64) uint256.Int { return *uint256.NewInt(v) }

func u64p(v uint64) *uint64 { return &v }

// sampleHeader returns a Cancun header with every optional field.
func sampleHeader(n uint64) *ethtypes.Header {
	bf := u256(7)
	wh := ethtypes.Hash{0xaa}
	pb := ethtypes.Hash{0xbb}
	return &ethtypes.Header{
		ParentHash: ethtypes.Hash{1}, UncleHash: ethtypes.EmptyUncleHash, Coinbase: ethtypes.Address{2},
		Root: ethtypes.Hash{3}, TxHash: ethtypes.EmptyRootHash, ReceiptHash: ethtypes.EmptyRootHash,
		Difficulty: u256(131072), Number: n, GasLimit: 30_000_000, GasUsed: 21000, Time: 1_700_000_000 + n,
		Extra: []byte("twinchain"), Nonce: [8]byte{1, 2, 3},
		BaseFee: &bf, WithdrawalsHash: &wh, BlobGasUsed: u64p(0), ExcessBlobGas: u64p(0), ParentBeaconRoot: &pb,
	}
}

// legacyHeader returns a header without optional fields.
func legacyHeader(n uint64) *ethtypes.Header {
	return &ethtypes.Header{ParentHash: ethtypes.Hash{9}, UncleHash: ethtypes.EmptyUncleHash,
		Difficulty: u256(1000), Number: n, GasLimit: 5000, Time: n * 13}
}

// sampleTxs returns a legacy and a dynamic-fee transaction (signature
// values are arbitrary; nothing here verifies them).
func sampleTxs() ethtypes.Transactions {
	to := ethtypes.Address{0x42}
	legacy := ethtypes.NewTx(&ethtypes.LegacyTx{Nonce: 1, GasPrice: u256(10), Gas: 21000, To: &to,
		Value: u256(5), V: u256(27), R: u256(1), S: u256(2)})
	dyn := ethtypes.NewTx(&ethtypes.DynamicFeeTx{ChainID: u256(1337), Nonce: 2, GasTipCap: u256(1), GasFeeCap: u256(9),
		Gas: 50000, To: &to, Data: []byte{1, 2, 3}, V: u256(1), R: u256(3), S: u256(4)})
	return ethtypes.Transactions{legacy, dyn}
}

// sampleBlock returns a block with transactions, an uncle and withdrawals.
func sampleBlock() *ethtypes.Block {
	return ethtypes.NewBlock(sampleHeader(10), sampleTxs(), []*ethtypes.Header{legacyHeader(8)},
		ethtypes.Withdrawals{{Index: 1, Validator: 2, Address: ethtypes.Address{3}, Amount: 4}})
}

// blockVectors returns the block RLPs of the shared BlockchainTests, or
// nil when the folder is missing and tb is a fuzz seed collector.
func blockVectors(tb testing.TB, must bool) [][]byte {
	var dir string
	if must {
		dir = testdata.Path(tb, "ethereum-tests", "BlockchainTests")
	} else {
		d, err := testdata.Locate()
		if err != nil {
			return nil
		}
		dir = filepath.Join(d, "ethereum-tests", "BlockchainTests")
	}
	var raws [][]byte
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		var tests map[string]struct {
			Blocks []struct {
				RLP string `json:"rlp"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal(data, &tests); err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		for _, tc := range tests {
			for _, b := range tc.Blocks {
				raw, err := hex.DecodeString(strings.TrimPrefix(b.RLP, "0x"))
				if err == nil {
					raws = append(raws, raw)
				}
			}
		}
		return nil
	})
	return raws
}
