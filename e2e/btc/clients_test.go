package btc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/e2e/e2eutil"
)

// jsDir returns e2e/js with its node_modules, or skips (fails under CI)
// when node or the pinned npm packages are missing.
func jsDir(t *testing.T) (dir, nodeBin string) {
	t.Helper()
	dir = filepath.Join("..", "js")
	nodeBin, err := exec.LookPath("node")
	e2eutil.NeedTool(t, "node (Node.js)", err)
	for _, pkg := range []string{"bitcoin-core", "bitcoinjs-lib", "ecpair", "tiny-secp256k1"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			e2eutil.NeedTool(t, "npm package "+pkg+" in e2e/js/node_modules", err)
		}
	}
	return dir, nodeBin
}

// pythonWithBitcoinlib returns an interpreter that imports bitcoin.rpc:
// $TWINCHAIN_E2E_PYTHON, python3, or /usr/bin/python3 (Debian's package
// installs for the system interpreter, which a pyenv python3 may shadow).
func pythonWithBitcoinlib(t *testing.T) string {
	t.Helper()
	candidates := []string{"python3", "/usr/bin/python3"}
	if p := os.Getenv("TWINCHAIN_E2E_PYTHON"); p != "" {
		candidates = []string{p}
	}
	var errs []error
	for _, c := range candidates {
		path, err := exec.LookPath(c)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if out, err := exec.Command(path, "-c", "import bitcoin.rpc").CombinedOutput(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v: %s", path, err, out))
			continue
		}
		return path
	}
	e2eutil.NeedTool(t, "python3-bitcoinlib (python3 -c 'import bitcoin.rpc')", errors.Join(errs...))
	return ""
}

// TestJSWalletAndMining runs the npm bitcoin-core client scenario, then the
// same client's REST methods on the chain it built.
func TestJSWalletAndMining(t *testing.T) {
	dir, nodeBin := jsDir(t)
	n := startNode(t, "-rest", "-txindex")
	n.runScript(t, dir, nodeBin, "wallet_mining.js")
	n.runScript(t, dir, nodeBin, "rest.js")
}

// TestJSBitcoinjsSpends runs the bitcoinjs-lib P2WPKH and P2TR key-path
// spends and the parsing of wallet-made transactions.
func TestJSBitcoinjsSpends(t *testing.T) {
	dir, nodeBin := jsDir(t)
	n := startNode(t)
	n.runScript(t, dir, nodeBin, "bitcoinjs_spends.js")
}

// TestJSPSBTInterop passes PSBTs between bitcoinjs-lib and the node.
func TestJSPSBTInterop(t *testing.T) {
	dir, nodeBin := jsDir(t)
	n := startNode(t)
	n.runScript(t, dir, nodeBin, "psbt_interop.js")
}

// TestPythonWalletAndMining runs the python3-bitcoinlib scenario.
func TestPythonWalletAndMining(t *testing.T) {
	py := pythonWithBitcoinlib(t)
	n := startNode(t)
	n.runScript(t, filepath.Join("..", "py"), py, "wallet_mining.py")
}
