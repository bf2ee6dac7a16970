// Package btc holds the end-to-end tests of the UTXO node (issue 4's
// acceptance): they build cmd/twinchaind and cmd/twinchain-cli, start the
// daemon on a fresh regtest data directory with free ports and cookie
// authentication, and drive it the way users do:
//
//   - the seed flow through twinchain-cli (two wallets, mining, a payment,
//     balances, the transaction with its confirmations, blocks and raw
//     transactions printed);
//   - hostile input over raw HTTP (malformed JSON, wrong parameter types,
//     unknown methods, an oversized body, wrong or missing credentials, a
//     storm of concurrent clients), after which the node must still serve;
//   - more wallet, mempool, chain and mining RPCs through twinchain-cli,
//     one subtest per feature;
//   - a clean stop and restart that resumes (tip, wallet, mempool);
//   - third-party clients: npm bitcoin-core (RPC and REST) and bitcoinjs-lib
//     (P2WPKH and P2TR spends, PSBTs both ways) from e2e/js, and Debian's
//     python3-bitcoinlib from e2e/py.
//
// See e2e/README.md for the list of tests and how to run the scripts by
// hand.
//
// The package has no non-test code beyond this file. The tests skip with a
// message when node/npm packages or python3-bitcoinlib are missing
// (scripts/install-e2e.sh installs them) and fail instead under CI=true;
// `go test -short` skips them all.
package btc
