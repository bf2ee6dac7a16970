// Package eth holds the end-to-end tests of the account chain (issue 7's
// first acceptance point): they build cmd/twinchaind, start it on a fresh
// regtest data directory with free ports (the account chain's dev network:
// chain id 1337, the 20 Hardhat dev accounts funded and unlocked, automine)
// and drive its Ethereum JSON-RPC with third-party JavaScript tools from
// e2e/eth/js, against the project's own contracts in e2e/eth/contracts
// (Ticket.sol, the seed's cinema example, and Token.sol, a minimal ERC-20):
//
//   - scenario A (js/ethers_scenario.js): ethers v6 with solc-js: deploys,
//     token transfers (locally signed raw transactions and the node's
//     unlocked accounts), balances, events through queryFilter, getLogs and
//     contract.on (eth_newFilter polling), waitForTransaction, revert
//     reasons surfaced by ethers, a mined revert, tickets bought until sold
//     out;
//   - scenario B (js/test/*.test.js): a Hardhat 2 mocha suite run with
//     `hardhat test --network twinchain`, Hardhat compiling the contracts
//     offline with the pinned solc-js.
//
// TestHostileRPC (hostile_test.go) needs no JavaScript: it signs
// transactions in Go (ethtypes, the dev keys of ethchain.DevAccounts) and
// checks that every invalid transaction class sent through
// eth_sendRawTransaction, malformed JSON-RPC, oversized bodies and
// batches, runaway eth_call/eth_estimateGas (recursion to the depth limit,
// an infinite loop at the gas cap), a flood of eth_subscribe on one
// WebSocket and 200 WebSocket connections at once get geth's error codes
// and messages, that memory stays bounded and the node keeps serving, and
// that the RPC listens on loopback only by default.
//
// The package has no non-test code beyond this file. The tests skip with a
// message when node or the pinned npm packages are missing
// (scripts/install-e2e.sh installs them) and fail instead under CI=true;
// `go test -short` skips them all.
package eth
