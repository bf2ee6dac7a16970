package explorer

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scenario is what buildScenario made on both chains.
type scenario struct {
	// UTXO chain: two wallets; alice mined 101 blocks to btcMine and paid
	// bob's bech32 (btcBech32) and taproot (btcTaproot) addresses in block
	// btcPayBlock; bob paid back to alice's P2SH-wrapped btcBack in the
	// next block.
	btcMine, btcBech32, btcTaproot, btcBack    string
	btcTxBech32, btcTxTaproot, btcTxBack       string
	btcPayBlock, btcBackBlock                  string
	btcPayHeight                               int64
	btcBech32Sats, btcTaprootSats, btcBackSats int64

	// Account chain: dev account ethFrom sent 1.5 ETH to ethTo, ethTo sent
	// 0.25 ETH to a fresh address ethStranger, ethFrom deployed the token
	// ethToken and moved 2,500 units to ethTokenTo.
	ethFrom, ethTo, ethStranger, ethToken, ethTokenTo string
	ethTxPay, ethTxStranger, ethTxDeploy, ethTxToken  string
	ethTokenBlock                                     string // hash of the block of ethTxToken
	ethTokenNumber                                    uint64
	ethPayWei                                         *big.Int
}

const (
	alice = "alice"
	bob   = "bob"
	// erc20Transfer is topic 0 of Transfer(address,address,uint256).
	erc20Transfer = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
	// tokenSupply is what the token's constructor "mints" to its deployer.
	tokenSupply = 10000
	tokenMoved  = 2500
)

// tokenCode is the creation code of a minimal ERC-20-like token,
// hand-assembled so that no compiler is needed. The constructor emits
// Transfer(0, msg.sender, 10000) and installs the runtime, which answers
// any call carrying transfer(address to, uint256 value) arguments by
// emitting Transfer(msg.sender, to, value) and returning true. It keeps no
// balances: the explorer only decodes its logs.
//
// Constructor (59 bytes):
//
//	PUSH2 0x2710 PUSH1 0 MSTORE            value -> memory[0:32]
//	CALLER PUSH1 0 PUSH32 <Transfer>       topics: to, from = 0, signature
//	PUSH1 0x20 PUSH1 0 LOG3
//	PUSH1 58 PUSH1 59 PUSH1 0 CODECOPY     runtime -> memory[0:58]
//	PUSH1 58 PUSH1 0 RETURN
//
// Runtime (58 bytes):
//
//	PUSH1 0x24 CALLDATALOAD PUSH1 0 MSTORE value -> memory[0:32]
//	PUSH1 4 CALLDATALOAD CALLER PUSH32 <Transfer>
//	PUSH1 0x20 PUSH1 0 LOG3
//	PUSH1 1 PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN
var tokenCode = "0x" +
	"612710600052" + "336000" + "7f" + erc20Transfer + "60206000a3" +
	"603a" + "603b" + "6000" + "39" + "603a6000f3" +
	"602435600052" + "60043533" + "7f" + erc20Transfer + "60206000a3" +
	"6001600052" + "60206000f3"

// buildScenario makes the scenario's transactions on a fresh node and
// waits until the explorer has followed both chains to their tips.
func buildScenario(t *testing.T, n *node) *scenario {
	t.Helper()
	start := time.Now()
	s := &scenario{}

	// UTXO chain.
	n.btc(t, "", "createwallet", nil, alice)
	n.btc(t, "", "createwallet", nil, bob)
	n.btc(t, alice, "getnewaddress", &s.btcMine)
	n.btc(t, "", "generatetoaddress", nil, 101, s.btcMine)
	n.btc(t, bob, "getnewaddress", &s.btcBech32, "", "bech32")
	n.btc(t, bob, "getnewaddress", &s.btcTaproot, "", "bech32m")
	n.btc(t, alice, "getnewaddress", &s.btcBack, "", "p2sh-segwit")
	s.btcBech32Sats, s.btcTaprootSats, s.btcBackSats = 150_000_000, 225_000_000, 70_000_000
	n.btc(t, alice, "sendtoaddress", &s.btcTxBech32, s.btcBech32, "1.5")
	n.btc(t, alice, "sendtoaddress", &s.btcTxTaproot, s.btcTaproot, "2.25")
	var hashes []string
	n.btc(t, "", "generatetoaddress", &hashes, 1, s.btcMine)
	s.btcPayBlock = hashes[0]
	s.btcPayHeight = 102
	n.btc(t, bob, "sendtoaddress", &s.btcTxBack, s.btcBack, "0.7")
	n.btc(t, "", "generatetoaddress", &hashes, 1, s.btcMine)
	s.btcBackBlock = hashes[0]
	var h int64
	n.btc(t, "", "getblockcount", &h)
	if h != 103 {
		t.Fatalf("getblockcount = %d after the scenario, want 103", h)
	}
	for _, c := range []struct{ txid, block string }{{s.btcTxBech32, s.btcPayBlock}, {s.btcTxTaproot, s.btcPayBlock}, {s.btcTxBack, s.btcBackBlock}} {
		var blk struct {
			Tx []string `json:"tx"`
		}
		n.btc(t, "", "getblock", &blk, c.block, 1)
		if !contains(blk.Tx, c.txid) {
			t.Fatalf("block %s does not hold %s: %v", c.block, c.txid, blk.Tx)
		}
	}

	// Account chain (automined: one block per transaction).
	var accts []string
	n.eth(t, "eth_accounts", &accts)
	if len(accts) < 3 {
		t.Fatalf("eth_accounts returned %d accounts, want the dev accounts", len(accts))
	}
	s.ethFrom, s.ethTo, s.ethTokenTo = accts[0], accts[1], accts[2]
	s.ethStranger = "0x5eed00000000000000000000000000000000e2e1"
	s.ethPayWei = new(big.Int).Mul(big.NewInt(15), big.NewInt(1e17))
	s.ethTxPay = n.ethSend(t, map[string]any{"from": s.ethFrom, "to": s.ethTo, "value": "0x" + s.ethPayWei.Text(16)})
	s.ethTxStranger = n.ethSend(t, map[string]any{"from": s.ethTo, "to": s.ethStranger, "value": "0x" + big.NewInt(25e16).Text(16)})
	s.ethTxDeploy = n.ethSend(t, map[string]any{"from": s.ethFrom, "data": tokenCode, "gas": "0x30000"})
	rc := n.ethReceipt(t, s.ethTxDeploy)
	if rc.Status != "0x1" || rc.ContractAddress == "" {
		t.Fatalf("token deployment %s: status %s, contract %q", s.ethTxDeploy, rc.Status, rc.ContractAddress)
	}
	s.ethToken = rc.ContractAddress
	data := "0xa9059cbb" + leftPad(strings.TrimPrefix(strings.ToLower(s.ethTokenTo), "0x")) + leftPad(strconv.FormatInt(tokenMoved, 16))
	s.ethTxToken = n.ethSend(t, map[string]any{"from": s.ethFrom, "to": s.ethToken, "data": data, "gas": "0x20000"})
	rc = n.ethReceipt(t, s.ethTxToken)
	if rc.Status != "0x1" || len(rc.Logs) != 1 || len(rc.Logs[0].Topics) != 3 || rc.Logs[0].Topics[0] != "0x"+erc20Transfer {
		t.Fatalf("token transfer %s: status %s, logs %+v", s.ethTxToken, rc.Status, rc.Logs)
	}
	s.ethTokenBlock = rc.BlockHash
	s.ethTokenNumber = hexUint(t, rc.BlockNumber)
	for _, tx := range []string{s.ethTxPay, s.ethTxStranger} {
		if rc := n.ethReceipt(t, tx); rc.Status != "0x1" {
			t.Fatalf("transfer %s failed: status %s", tx, rc.Status)
		}
	}

	n.waitExplorerSynced(t)
	t.Logf("scenario built in %v: UTXO height 103, account head %d", time.Since(start).Round(time.Millisecond), s.ethTokenNumber)
	return s
}

// ethReceiptJSON is the part of a receipt the tests read.
type ethReceiptJSON struct {
	Status          string `json:"status"`
	BlockHash       string `json:"blockHash"`
	BlockNumber     string `json:"blockNumber"`
	ContractAddress string `json:"contractAddress"`
	Logs            []struct {
		Address string   `json:"address"`
		Topics  []string `json:"topics"`
		Data    string   `json:"data"`
	} `json:"logs"`
}

// ethSend sends a transaction from an unlocked dev account and returns its
// hash.
func (n *node) ethSend(t *testing.T, tx map[string]any) string {
	t.Helper()
	var hash string
	n.eth(t, "eth_sendTransaction", &hash, tx)
	return hash
}

// ethReceipt waits for a transaction's receipt (the dev network automines,
// so it comes at once, but the poll keeps the test independent of that).
func (n *node) ethReceipt(t *testing.T, hash string) ethReceiptJSON {
	t.Helper()
	var rc *ethReceiptJSON
	waitFor(t, rpcTimeout, "receipt of "+hash, func() string {
		rc = nil
		n.eth(t, "eth_getTransactionReceipt", &rc, hash)
		if rc == nil {
			return "no receipt yet"
		}
		return ""
	})
	return *rc
}

// leftPad pads a hex string to 32 bytes.
func leftPad(h string) string { return strings.Repeat("0", 64-len(h)) + h }

// hexUint parses a 0x quantity.
func hexUint(t *testing.T, s string) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if err != nil {
		t.Fatalf("bad quantity %q: %v", s, err)
	}
	return v
}

// hexBig parses a 0x quantity of any size.
func hexBig(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		t.Fatalf("bad quantity %q", s)
	}
	return v
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// formatBTC prints satoshis as the explorer does ("1.50000000 BTC").
func formatBTC(sats int64) string {
	neg := sats < 0
	if neg {
		sats = -sats
	}
	s := fmt.Sprintf("%d.%08d BTC", sats/1e8, sats%1e8)
	if neg {
		s = "-" + s
	}
	return s
}

// formatETH prints wei as the explorer does ("1.5 ETH").
func formatETH(wei *big.Int) string {
	s := wei.String()
	if len(s) <= 18 {
		s = strings.Repeat("0", 19-len(s)) + s
	}
	i, f := s[:len(s)-18], strings.TrimRight(s[len(s)-18:], "0")
	if f == "" {
		return i + " ETH"
	}
	return i + "." + f + " ETH"
}
