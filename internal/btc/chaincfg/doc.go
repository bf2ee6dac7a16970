// Package chaincfg describes the Bitcoin networks twinchain can join:
// mainnet, testnet3, testnet4, the default signet (or a custom one) and
// regtest.
//
// # Model
//
// A Params is a plain value. Each constructor (MainNet, TestNet3, TestNet4,
// SigNet, CustomSigNet, RegTest) returns a fresh *Params, with its own genesis
// block and slices, that the caller owns and may modify without affecting
// anyone else; ByName maps Bitcoin Core's chain names ("main", "test",
// "testnet4", "signet", "regtest") to those constructors. There is no global
// registry and no package-level Params value, so tests can run networks side
// by side and downstream code cannot panic on duplicate registration.
//
// A Params holds:
//   - network identity and address encodings: message start bytes, default
//     P2P and RPC ports, Base58 prefixes, Bech32 HRP, BIP32 version bytes,
//     the signet challenge;
//   - the genesis block, built from its parameters as Core's
//     CreateGenesisBlock does, and its hash;
//   - proof of work: the target limit (as a uint256 and in compact form),
//     target timespan and spacing, and the testnet (min-difficulty), regtest
//     (no retarget) and testnet4 (BIP94) switches;
//   - the subsidy halving interval, coinbase maturity, the BIP16/taproot
//     script-flag exception blocks, and the buried activation heights of
//     BIP34 (with its block hash), BIP65, BIP66, CSV and segwit, plus the
//     (informational) taproot activation height;
//   - minimum chain work and the default assume-valid block, historical
//     checkpoints, prune-after height, DNS seeds and fixed seed addresses.
//
// The values come from Bitcoin Core's src/kernel/chainparams.cpp and
// src/chainparamsbase.cpp; seeds.go says where the seed lists come from.
// The rules that use these values live in package consensus.
//
// # Test overrides
//
// Tests change fields directly (CoinbaseMaturity = 1 for btcd's reorg blocks,
// EnforceBIP94 = true for Core's -test=bip94) or apply Core's
// -testactivationheight=name@height with ApplyTestActivationHeight (names
// bip34, dersig, cltv, csv, segwit); SetActivationHeight does the same with a
// Deployment constant.
//
// # Errors
//
// ByName returns an error wrapping ErrUnknownNetwork and
// ApplyTestActivationHeight one wrapping ErrInvalidTestActivationHeight (see
// error.go); test them with errors.Is.
//
// # Concurrency
//
// The package has no state. A *Params is not synchronised: treat it as
// read-only once it is shared between goroutines.
package chaincfg
