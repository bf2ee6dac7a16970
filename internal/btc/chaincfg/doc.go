// Package chaincfg describes the Bitcoin networks twinchain can join:
// mainnet, testnet3, testnet4, the default signet and regtest.
//
// # Model
//
// A Params is a plain value. Each constructor (MainNet, TestNet3, TestNet4,
// SigNet, RegTest) returns a fresh *Params that the caller owns and may
// modify (for example to set a custom signet challenge) without affecting
// anyone else; ByName maps Bitcoin Core's chain names ("main", "test",
// "testnet4", "signet", "regtest") to those constructors. There is no global
// registry and no package-level Params value, so tests can run networks
// side by side and downstream code cannot panic on duplicate registration.
//
// The values come from Bitcoin Core's src/kernel/chainparams.cpp and
// src/chainparamsbase.cpp.
//
// This first slice holds the network identity and the address encodings
// (message start bytes, default P2P port, Base58 prefixes, Bech32 HRP,
// BIP32 version bytes, the signet challenge). The struct grows in the
// "chain state" issue with the genesis block, proof-of-work limits and
// retargeting, subsidy, BIP activation heights and deployments.
//
// # Errors
//
// ByName returns an error wrapping ErrUnknownNetwork (see error.go); test it
// with errors.Is.
//
// # Concurrency
//
// The package has no state. A *Params is not synchronised: treat it as
// read-only once it is shared between goroutines.
package chaincfg
