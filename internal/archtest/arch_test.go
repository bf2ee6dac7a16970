package archtest

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/twinchain/twinchain/"

// rule places a package (or a whole folder, with a trailing "/...") in a tier
// and lists the same-tier packages it may import.
type rule struct {
	pkg      string
	tier     int
	sameTier []string
}

// tierCmd is the tier of binaries: they may import anything below.
const tierCmd = 5

// rules is the tier table of docs/ARCHITECTURE.md. A package of the module
// that matches no rule fails the test, so a new package must be placed here.
var rules = []rule{
	// T0 foundations.
	{pkg: "internal/chainhash", tier: 0},
	{pkg: "internal/crypto", tier: 0, sameTier: []string{"internal/chainhash"}},
	{pkg: "internal/rlp", tier: 0},
	{pkg: "internal/testdata", tier: 0},
	{pkg: "internal/kv/...", tier: 0, sameTier: []string{"internal/kv", "internal/kv/memdb"}},
	{pkg: "internal/archtest", tier: 0},
	{pkg: "internal/logging", tier: 0},
	{pkg: "internal/progress", tier: 0},
	{pkg: "internal/catchup", tier: 0},
	{pkg: "internal/fsutil", tier: 0},
	{pkg: "internal/parallel", tier: 0},

	// T1 protocol: pure.
	{pkg: "internal/btc/primitives", tier: 1},
	{pkg: "internal/btc/chaincfg", tier: 1, sameTier: []string{"internal/btc/primitives"}},
	{pkg: "internal/btc/address", tier: 1, sameTier: []string{"internal/btc/chaincfg"}},
	{pkg: "internal/btc/txscript", tier: 1, sameTier: []string{"internal/btc/primitives"}},
	{pkg: "internal/btc/consensus", tier: 1, sameTier: []string{"internal/btc/primitives", "internal/btc/chaincfg", "internal/btc/txscript"}},
	{pkg: "internal/btc/hdkeychain", tier: 1, sameTier: []string{"internal/btc/chaincfg"}},
	{pkg: "internal/btc/psbt", tier: 1, sameTier: []string{"internal/btc/primitives", "internal/btc/txscript", "internal/btc/chaincfg", "internal/btc/address"}},
	{pkg: "internal/btc/descriptor", tier: 1, sameTier: []string{"internal/btc/primitives", "internal/btc/chaincfg", "internal/btc/address", "internal/btc/txscript", "internal/btc/hdkeychain", "internal/btc/psbt"}},
	{pkg: "internal/btc/wire", tier: 1, sameTier: []string{"internal/btc/primitives", "internal/btc/chaincfg"}},
	{pkg: "internal/btc/blockfilter", tier: 1, sameTier: []string{"internal/btc/primitives"}},
	{pkg: "internal/eth/ethtypes", tier: 1},
	{pkg: "internal/eth/trie", tier: 1},
	{pkg: "internal/eth/ethparams", tier: 1, sameTier: []string{"internal/eth/ethtypes"}},
	{pkg: "internal/eth/precompile", tier: 1, sameTier: []string{"internal/eth/ethtypes"}},
	{pkg: "internal/eth/evm", tier: 1, sameTier: []string{"internal/eth/ethtypes", "internal/eth/ethparams", "internal/eth/precompile"}},
	{pkg: "internal/eth/ethwire", tier: 1, sameTier: []string{"internal/eth/ethtypes", "internal/eth/ethparams"}},

	// T2 state, storage and offline tooling.
	{pkg: "internal/btc/btcjson", tier: 2},
	{pkg: "internal/btc/sigcache", tier: 2},
	{pkg: "internal/btc/scriptcheck", tier: 2},
	{pkg: "internal/btc/blockstore", tier: 2},
	{pkg: "internal/btc/utxoset", tier: 2},
	{pkg: "internal/btc/chaingen", tier: 2},
	{pkg: "internal/btc/blockchain", tier: 2, sameTier: []string{"internal/btc/blockstore", "internal/btc/utxoset", "internal/btc/scriptcheck", "internal/btc/sigcache"}},
	{pkg: "internal/btc/corevectors", tier: 2, sameTier: []string{"internal/btc/sigcache"}},
	{pkg: "internal/btc/mempool", tier: 2, sameTier: []string{}},
	{pkg: "internal/btc/indexers", tier: 2, sameTier: []string{}},
	{pkg: "internal/btc/mining", tier: 2, sameTier: []string{"internal/btc/mempool"}},
	{pkg: "internal/btc/fees", tier: 2, sameTier: []string{"internal/btc/mempool"}},
	{pkg: "internal/btc/wallet", tier: 2, sameTier: []string{"internal/btc/btcjson"}},
	{pkg: "internal/eth/keystore", tier: 2},
	{pkg: "internal/eth/ethconsensus", tier: 2, sameTier: []string{}},
	{pkg: "internal/eth/txpool", tier: 2, sameTier: []string{}},
	{pkg: "internal/eth/ethrawdb", tier: 2, sameTier: []string{}},
	{pkg: "internal/eth/ethindex", tier: 2, sameTier: []string{}},

	// T3 network and sync.
	{pkg: "internal/p2p/addrmgr", tier: 3},
	{pkg: "internal/p2p/connmgr", tier: 3, sameTier: []string{"internal/p2p/addrmgr"}},
	{pkg: "internal/btc/peer", tier: 3},
	{pkg: "internal/btc/netsync", tier: 3, sameTier: []string{"internal/btc/peer"}},
	{pkg: "internal/eth/ethpeer", tier: 3, sameTier: []string{"internal/p2p/connmgr"}},
	{pkg: "internal/eth/ethsync", tier: 3, sameTier: []string{}},
	{pkg: "internal/eth/statedb", tier: 2},
	{pkg: "internal/eth/ethchain", tier: 2, sameTier: []string{"internal/eth/statedb", "internal/eth/ethrawdb", "internal/eth/ethconsensus"}},
	{pkg: "internal/eth/ethtests", tier: 2, sameTier: []string{"internal/eth/statedb", "internal/eth/ethchain", "internal/eth/ethrawdb", "internal/eth/ethconsensus"}},
	{pkg: "internal/eth/ethminer", tier: 2, sameTier: []string{"internal/eth/statedb", "internal/eth/ethchain", "internal/eth/txpool", "internal/eth/ethconsensus"}},

	// T4 interfaces and composition.
	{pkg: "internal/jsonrpc", tier: 4},
	{pkg: "internal/config", tier: 4},
	{pkg: "internal/rpc/rpcutil", tier: 4, sameTier: []string{"internal/jsonrpc"}},
	{pkg: "internal/rpc/btcrpc", tier: 4, sameTier: []string{"internal/jsonrpc", "internal/rpc/rpcutil"}},
	{pkg: "internal/rpc/miningrpc", tier: 4, sameTier: []string{"internal/jsonrpc", "internal/rpc/btcrpc", "internal/rpc/rpcutil"}},
	{pkg: "internal/rpc/walletrpc", tier: 4, sameTier: []string{"internal/jsonrpc", "internal/rpc/btcrpc", "internal/rpc/rpcutil"}},
	{pkg: "internal/rpc/ethrpc", tier: 4, sameTier: []string{"internal/jsonrpc"}},
	{pkg: "internal/metrics", tier: 4},
	{pkg: "internal/explorer", tier: 4, sameTier: []string{}},
	{pkg: "internal/node", tier: 4, sameTier: []string{"internal/jsonrpc", "internal/config", "internal/rpc/btcrpc", "internal/rpc/miningrpc", "internal/rpc/walletrpc", "internal/rpc/ethrpc", "internal/rpc/rpcutil", "internal/metrics", "internal/explorer"}},

	// Binaries.
	{pkg: "cmd/...", tier: tierCmd},
	{pkg: "e2e/...", tier: tierCmd},
	{pkg: "bench/...", tier: tierCmd},
}

// impurePkgs are standard packages a tier-1 package must not import: they do
// I/O, read clocks, log, or draw randomness.
var impurePkgs = []string{
	"os", "os/exec", "os/signal", "io/fs", "io/ioutil", "path/filepath", "syscall", "net", "net/http",
	"log", "log/slog", "time", "math/rand", "math/rand/v2", "crypto/rand", "runtime", "unsafe",
}

// allowedExternal lists the third-party import paths (prefixes) the main
// module may link. Everything else outside the standard library fails.
var allowedExternal = []string{
	"github.com/decred/dcrd/dcrec/secp256k1/v4",
	"github.com/decred/dcrd/crypto/blake256",
	"github.com/decred/dcrd/crypto/ripemd160",
	"github.com/btcsuite/btcd/btcutil/base58",
	"github.com/btcsuite/btcd/btcutil/bech32",
	"golang.org/x/crypto",
	"golang.org/x/sys",
	"github.com/google/go-cmp",
	"github.com/holiman/uint256",
	"github.com/consensys/gnark-crypto",
	"github.com/bits-and-blooms/bitset", // gnark-crypto's
	"github.com/crate-crypto/go-eth-kzg",
	"golang.org/x/sync", // go-eth-kzg's errgroup
	"github.com/syndtr/goleveldb",
	"github.com/gorilla/websocket",
	"github.com/cosmos/go-bip39", // BIP39 mnemonics (the wallet's seeds)
	"github.com/golang/snappy",   // goleveldb's and pebble's
	// Pebble (internal/kv/pebble) and the modules it links.
	"github.com/cockroachdb/pebble/v2", "github.com/cockroachdb/crlib", "github.com/cockroachdb/errors",
	"github.com/cockroachdb/logtags", "github.com/cockroachdb/redact", "github.com/cockroachdb/swiss",
	"github.com/cockroachdb/tokenbucket", "github.com/DataDog/zstd", "github.com/RaduBerinde/axisds",
	"github.com/RaduBerinde/btreemap", "github.com/beorn7/perks", "github.com/cespare/xxhash/v2",
	"github.com/getsentry/sentry-go", "github.com/gogo/protobuf", "github.com/golang/protobuf",
	"github.com/klauspost/compress", "github.com/kr/pretty", "github.com/kr/text",
	"github.com/matttproud/golang_protobuf_extensions", "github.com/minio/minlz", "github.com/pkg/errors",
	"github.com/prometheus/client_golang", "github.com/prometheus/client_model", "github.com/prometheus/common",
	"github.com/prometheus/procfs", "github.com/rogpeppe/go-internal", "golang.org/x/exp", "golang.org/x/text",
	"google.golang.org/protobuf",
	// Metrics, progress bars, browser tests (docs/DEPENDENCIES.md).
	"github.com/munnerz/goautoneg", "github.com/schollz/progressbar/v3", "github.com/mitchellh/colorstring",
	"github.com/rivo/uniseg", "github.com/chromedp/", "github.com/go-json-experiment/json", "github.com/gobwas/",
	"github.com/mattn/go-runewidth", "golang.org/x/term", "github.com/orisano/pixelmatch", "github.com/ledongthuc/pdf",
}

type pkgInfo struct {
	ImportPath  string
	Imports     []string
	TestImports []string
	Deps        []string
	Standard    bool
	Module      *struct{ Path string }
}

func listPackages(t *testing.T) []pkgInfo {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps=false", "-test=false", "-json", "github.com/twinchain/twinchain/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkgInfo
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkgInfo
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

func ruleFor(rel string) (rule, bool) {
	for _, r := range rules {
		if p, ok := strings.CutSuffix(r.pkg, "/..."); ok {
			if rel == p || strings.HasPrefix(rel, p+"/") {
				return r, true
			}
		} else if rel == r.pkg {
			return r, true
		}
	}
	return rule{}, false
}

func chainOf(rel string) string {
	switch {
	case strings.HasPrefix(rel, "internal/btc/"):
		return "btc"
	case strings.HasPrefix(rel, "internal/eth/"):
		return "eth"
	}
	return ""
}

func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(p.ImportPath, module)
		r, ok := ruleFor(rel)
		if !ok {
			t.Errorf("%s: not in the tier table (internal/archtest and docs/ARCHITECTURE.md)", rel)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				if r.tier == 1 && slices.Contains(impurePkgs, imp) {
					t.Errorf("%s (tier 1, pure) imports %s", rel, imp)
				}
				continue
			}
			irel := strings.TrimPrefix(imp, module)
			ir, ok := ruleFor(irel)
			if !ok {
				continue // reported on its own
			}
			if a, b := chainOf(rel), chainOf(irel); a != "" && b != "" && a != b {
				t.Errorf("%s imports %s: the btc and eth chains never import each other", rel, irel)
			}
			switch {
			case ir.tier < r.tier:
			case ir.tier == r.tier && slices.Contains(r.sameTier, irel):
			default:
				t.Errorf("%s (tier %d) imports %s (tier %d): not allowed", rel, r.tier, irel, ir.tier)
			}
		}
	}
}

func TestExternalDependencies(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "github.com/twinchain/twinchain/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, module) {
			continue
		}
		if strings.HasPrefix(dep, "github.com/ethereum/go-ethereum") {
			t.Errorf("go-ethereum must not be a dependency of the main module: %s", dep)
			continue
		}
		allowed := false
		for _, a := range allowedExternal {
			if dep == a || strings.HasPrefix(dep, a+"/") {
				allowed = true
				break
			}
		}
		if !allowed {
			t.Errorf("%s is not an allowed dependency (docs/DEPENDENCIES.md and allowedExternal)", dep)
		}
	}
}
