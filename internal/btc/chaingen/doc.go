// Package chaingen generates deterministic regtest block chains for tests
// and benchmarks: valid chains with tens of thousands of signed spends of
// every common output type, competing branches for reorganisations, and
// blocks that each break one consensus rule, tagged with the reason Bitcoin
// Core reports.
//
// # Model
//
// GenerateChain(cfg) builds a chain on cfg.Params (regtest by default) from
// a seed. Generate returns only its main chain. The same Config always gives
// byte-identical blocks, whatever the number of signing goroutines.
//
// Blocks are mined like Core's regtest miner would: version 0x20000000, a
// timestamp 1 to 1,199 seconds after the parent's (block 1 at
// Config.StartTime, 2020 by default: btcd enables P2SH, and so witness
// checks, only for timestamps after 2012-04-01), the bits
// GetNextWorkRequired demands (0x207fffff) and a ground nonce; a coinbase with the BIP34 height, one or
// two outputs claiming exactly the subsidy plus the fees, the 32-byte
// witness reserved value and the BIP141 witness commitment. Coinbase outputs
// join the pool of spendable coins once mature (CoinbaseMaturity, 100 on
// regtest); from then on each block holds cfg.TxsPerBlock transactions with
// 1-3 inputs and 2-3 outputs (sometimes one of them OP_RETURN), a positive
// fee, spending random coins of the pool and, one input in ten, outputs of
// earlier transactions of the same block. Inputs carry final, RBF or
// locktime-enabling sequences and sometimes BIP68 relative locks by height
// or time; some transactions have version 1 or a past lock time (height or
// time). DefaultConfig, 1,000 blocks of 112 transactions from height 101, is
// the acceptance chain of issue 3: 100,800 transactions, about 170,000
// inputs, 41 MiB.
//
// Five output types are paid to and spent (OutputType): P2PKH, P2WPKH,
// P2TR key path (BIP86-style tweak), P2TR script path (a two-leaf tree: a
// CHECKSIG leaf and a 2-of-2 CHECKSIGADD leaf; either leaf, or rarely the
// key path, is spent) and P2WSH 2-of-3 multisig (any two keys). Signatures
// are mostly SIGHASH_ALL (ECDSA) or SIGHASH_DEFAULT (Schnorr), with ALL,
// NONE, SINGLE and their ANYONECANPAY forms mixed in.
//
// With cfg.ForkDepth a competing branch is built from the state at height
// Blocks-ForkDepth: ForkLength blocks (ForkDepth+1 by default, so more work
// than the blocks it replaces) with different transactions. With
// cfg.Invalid, one block per class of consensus violation (InvalidClasses)
// is built on the main tip, each otherwise valid, with the reject reason,
// the error kind and the validation Stage that must reject it. Neither
// changes the main chain.
//
// # Signing
//
// The signing helpers are reusable outside the generator: Keyring and
// DeriveKey derive deterministic keys; Key caches a key's encodings and
// signs (SignECDSA: RFC6979, low S, strict DER; SignSchnorr: BIP340 with
// zero auxiliary randomness, identical to crypto.SignSchnorr but without
// its verification of the result and with one point multiplication);
// NewP2PKH, NewP2WPKH, NewP2TRKeyPath, NewP2TRScriptPath and
// NewP2WSHMultisig build Destinations (script, keys, witness script,
// taproot tree and control blocks); SignTx and Destination.SignInput sign
// inputs along a SpendPath with a hash type (SpendOptions).
//
// # Output
//
// WriteBlocks, WriteBlkFile and Chain.WriteBlkFile write Bitcoin Core's
// blk*.dat records (network magic, 4-byte little-endian size, block), the
// format of Core's -loadblock, btcd's addblock and twinchain-tool btc
// importblocks. Chain.WriteBlkFile starts with the genesis block, as Core's
// blk00000.dat does; importers skip it. From the command line:
//
//	go test ./internal/btc/chaingen -run TestWriteChain -chaingen-out=FILE
//
// (-chaingen-blocks, -chaingen-txs, -chaingen-seed and -chaingen-fork=N,
// which also writes FILE.fork, change the chain).
//
// Generation is dominated by signing (about 200,000 signatures for the
// acceptance chain), which runs on Config.Workers goroutines while one
// goroutine builds transactions; a transaction whose txid depends on
// signatures still being made (one with a P2PKH input) is waited for only
// when a later transaction of its block spends it.
//
// # Errors
//
// Failures are *Error values whose Err is an ErrorKind (ErrBadConfig,
// ErrUnsupportedParams, ErrBadSpend, ErrNoFunds); test them with errors.Is.
//
// # Concurrency
//
// GenerateChain, the signing functions and the writers are safe for
// concurrent use; Keys, Keyrings and Destinations are immutable. A
// generated Chain is not modified after it is returned.
package chaingen
