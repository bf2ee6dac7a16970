// Package netns holds the multi-host test of the UTXO chain's P2P network
// (issue 5): nodes on separate hosts, made as Linux network namespaces
// joined by veth pairs (iproute2), sync and relay across them.
//
// It needs root and iproute2's ip. Without them the test skips locally and
// fails under CI=true, as every e2e test does for a missing tool.
package netns
