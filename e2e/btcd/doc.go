// Package btcd holds the interop tests of the Bitcoin P2P network against
// btcd v0.26.2 (issue 5's acceptance): twinchaind and btcd on regtest,
// connected over loopback with free ports, exercising
//
//   - our node's initial sync of a chain btcd mined, then btcd's new blocks
//     announced to us while connected;
//   - btcd's initial sync of a chain our node mined that spends P2WPKH
//     (segwit v0) and P2TR (taproot key path) outputs, then our new blocks
//     announced to btcd;
//   - transaction relay both ways: wallet payments sent on our node reach
//     btcd's mempool, and a taproot spend signed by our wallet but
//     submitted only to btcd (sendrawtransaction) reaches ours;
//   - blocks with those transactions both ways: ours to btcd, and one btcd
//     mines with a payment of ours to our node.
//
// The tests build cmd/twinchaind and run the btcd binary that
// scripts/install-e2e.sh installs with go install (pinned to v0.26.2) into
// e2e/btcd/bin, or the one $TWINCHAIN_BTCD names. Without btcd they skip
// with a message, and fail instead under CI=true; `go test -short` skips
// them all. On failure they print the tails of both nodes' logs.
//
// The package has no non-test code beyond this file.
package btcd
