package ethchain

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestGenesisVectors builds the genesis blocks of ethereum/tests'
// GenesisTests/basic_genesis_tests.json (geth genesis JSON without a
// config, so Frontier rules) and compares their RLP.
func TestGenesisVectors(t *testing.T) {
	data, err := os.ReadFile(testdata.Path(t, "ethereum-tests", "GenesisTests", "basic_genesis_tests.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tests map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tests); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(tests))
	for name := range tests {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			fields := tests[name]
			var want string
			if err := json.Unmarshal(fields["result"], &want); err != nil {
				t.Fatal(err)
			}
			delete(fields, "result")
			fields["config"] = json.RawMessage(`{"chainId": 1}`)
			enc, _ := json.Marshal(fields)
			g, err := ParseGenesis(enc)
			if err != nil {
				t.Fatal(err)
			}
			b, err := g.ToBlock()
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(b.AppendRLP(nil)); got != want {
				t.Fatalf("genesis rlp\n got %s\nwant %s", got, want)
			}
		})
	}
}
