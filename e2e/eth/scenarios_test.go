package eth

import (
	"path/filepath"
	"testing"
	"time"
)

// TestEthersScenario runs scenario A: ethers v6 and solc-js against the
// node (js/ethers_scenario.js).
func TestEthersScenario(t *testing.T) {
	dir, nodeBin := jsDir(t)
	n := startNode(t)
	n.run(t, dir, 60*time.Second, nodeBin, "ethers_scenario.js")
}

// TestHardhatSuite runs scenario B: the Hardhat 2 mocha suite in js/test
// against the node as the external network "twinchain".
func TestHardhatSuite(t *testing.T) {
	dir, nodeBin := jsDir(t)
	n := startNode(t)
	hardhat := filepath.Join("node_modules", "hardhat", "internal", "cli", "bootstrap.js")
	n.run(t, dir, 90*time.Second, nodeBin, hardhat, "test", "--network", "twinchain")
}
