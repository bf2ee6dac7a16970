package ethchain

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TestWriteImportFixture writes BenchmarkImportERC20Chain's workload, on
// ethereum/tests' "Cancun" network (chain id 1, proof of stake), as a
// BlockchainTests file to the path in $TWINCHAIN_IMPORT_FIXTURE, so that
// geth's `evm blocktest` and `twinchain-tool evm blocktest` can import the
// same blocks side by side (bench/run-eth-import.sh). Without the variable
// it is skipped.
func TestWriteImportFixture(t *testing.T) {
	out := os.Getenv("TWINCHAIN_IMPORT_FIXTURE")
	if out == "" {
		t.Skip("set TWINCHAIN_IMPORT_FIXTURE to a file name to write the import fixture")
	}
	cc, err := ethparams.ForkConfig("Cancun")
	if err != nil {
		t.Fatal(err)
	}
	engine, err := ethconsensus.New(ethconsensus.Config{FakeSeal: true, CachesInMem: 1})
	if err != nil {
		t.Fatal(err)
	}
	w := genImportChainOn(t, cc, engine, true)
	pre := map[string]any{}
	for addr, a := range w.genesis.Alloc {
		st := map[string]string{}
		for k, v := range a.Storage {
			st["0x"+hex.EncodeToString(k[:])] = "0x" + hex.EncodeToString(v[:])
		}
		pre[addr.Hex()] = map[string]any{"balance": a.Balance.Hex(), "code": hexOf(a.Code),
			"nonce": "0x" + strconv.FormatUint(a.Nonce, 16), "storage": st}
	}
	blocks := make([]any, len(w.blocks))
	for i, b := range w.blocks {
		blocks[i] = map[string]any{"rlp": hexOf(b.AppendRLP(nil)), "blockHeader": headerJSON(b.Header)}
	}
	// The fixture, and the same without blocks (the cost of reading the
	// file and building the genesis state, to subtract).
	write := func(path string, blocks []any, last *ethtypes.Header) {
		fixture := map[string]any{"ImportERC20_Cancun": map[string]any{
			"network":            "Cancun",
			"sealEngine":         "NoProof",
			"genesisBlockHeader": headerJSON(w.genesisBlock.Header),
			"genesisRLP":         hexOf(w.genesisBlock.AppendRLP(nil)),
			"pre":                pre,
			"blocks":             blocks,
			"lastblockhash":      last.Hash().Hex(),
			"postStateHash":      last.Root.Hex(),
		}}
		data, err := json.Marshal(fixture)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(out, blocks, w.blocks[len(w.blocks)-1].Header)
	write(strings.TrimSuffix(out, ".json")+"-genesis.json", []any{}, w.genesisBlock.Header)
	t.Logf("wrote %s: %d blocks, %d transactions, %d gas", out, len(w.blocks), w.txs, w.gas)
}

func hexOf(b []byte) string { return "0x" + hex.EncodeToString(b) }

func hexU64(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }

// headerJSON is h in the blockHeader shape of BlockchainTests.
func headerJSON(h *ethtypes.Header) map[string]any {
	m := map[string]any{
		"bloom":            hexOf(h.Bloom[:]),
		"coinbase":         h.Coinbase.Hex(),
		"mixHash":          h.MixDigest.Hex(),
		"nonce":            hexOf(h.Nonce[:]),
		"number":           hexU64(h.Number),
		"hash":             h.Hash().Hex(),
		"parentHash":       h.ParentHash.Hex(),
		"receiptTrie":      h.ReceiptHash.Hex(),
		"stateRoot":        h.Root.Hex(),
		"transactionsTrie": h.TxHash.Hex(),
		"uncleHash":        h.UncleHash.Hex(),
		"extraData":        hexOf(h.Extra),
		"difficulty":       h.Difficulty.Hex(),
		"gasLimit":         hexU64(h.GasLimit),
		"gasUsed":          hexU64(h.GasUsed),
		"timestamp":        hexU64(h.Time),
	}
	if h.BaseFee != nil {
		m["baseFeePerGas"] = h.BaseFee.Hex()
	}
	if h.WithdrawalsHash != nil {
		m["withdrawalsRoot"] = h.WithdrawalsHash.Hex()
	}
	if h.BlobGasUsed != nil {
		m["blobGasUsed"] = hexU64(*h.BlobGasUsed)
	}
	if h.ExcessBlobGas != nil {
		m["excessBlobGas"] = hexU64(*h.ExcessBlobGas)
	}
	if h.ParentBeaconRoot != nil {
		m["parentBeaconBlockRoot"] = h.ParentBeaconRoot.Hex()
	}
	return m
}
