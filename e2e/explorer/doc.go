// Package explorer holds the end-to-end tests of twinchaind's web block
// explorer (internal/explorer, served by the node on -explorer).
//
// Each test builds a real node: twinchaind on regtest with both chains, a
// wallet, the address indexes and the explorer on free loopback ports. A
// scenario mines the UTXO chain past coinbase maturity, makes wallet payments
// to bech32 and taproot addresses, and on the account chain makes ether
// transfers and deploys and uses a small ERC-20-like token (hand-assembled
// bytecode that emits Transfer events, so no compiler is needed).
//
//   - TestExplorerBrowse drives Debian's Chromium with chromedp: the home
//     page, block -> transaction -> address on each chain, the search box
//     with every kind of key, and a block mined over RPC appearing live
//     (server-sent events) without a reload. Facts on the pages are checked
//     against the node's RPC answers and a screenshot is saved at every step
//     under $TWINCHAIN_ARTIFACTS (default e2e/explorer/artifacts/).
//   - TestExplorerBalancesMatch compares the balance the explorer's JSON API
//     gives for every address the scenario touched with the node: the UTXO
//     set rebuilt from the blocks the node returns, scantxoutset where the
//     node has it, the wallets' getbalances, and eth_getBalance; then again
//     after a reorg of the UTXO chain (invalidateblock, a longer competing
//     branch) and after the disconnected transactions are mined again.
//   - TestExplorerHostile sends unknown keys, malformed addresses, huge and
//     negative page numbers, path tricks and non-GET methods, which must be
//     answered 400/404/405 (never 500), and checks that a node started
//     without -explorer binds the explorer on loopback.
//
// Without Chromium the browser test skips locally and fails under CI=true
// (scripts/install-e2e.sh installs it). `go test -short` skips everything.
package explorer
