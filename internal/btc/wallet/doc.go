// Package wallet is twinchain's Bitcoin descriptor wallet: HD keys from a
// BIP39 mnemonic, BIP380-386 output descriptors, transaction tracking by
// scriptPubKey, balances, coin selection, signing and sending, encryption at
// rest. Bitcoin Core's descriptor wallet (src/wallet) is the behavioural
// reference; the RPC methods live in internal/rpc/walletrpc.
//
// # Model
//
// A Manager owns the wallets of one node under <btcdatadir>/wallets: Create,
// Load, Unload, Wallets, Get, WalletDir. Each wallet is a LevelDB database in
// its own directory (wallets/<name>/; the unnamed default wallet uses
// wallets/ itself); schema.go documents every record. Every state change is
// one synced batch, so a crash loses nothing that was acknowledged.
//
// A new wallet draws 256 bits of entropy, keeps the BIP39 mnemonic (sealed
// when encrypted) and derives the BIP32 master key from its seed. It gets
// eight active descriptors, as Core's descriptor wallets: pkh (BIP44),
// sh(wpkh) (BIP49), wpkh (BIP84) and tr (BIP86), each for the external (/0/*)
// and internal change (/1/*) chains of account 0, coin type 0 on mainnet and
// 1 elsewhere, written with key origins ([fingerprint/84h/1h/0h]tprv.../0/*).
// Each ranged descriptor is derived ahead of the next unused index by the
// key pool (ManagerConfig.Keypool, -keypool 1000 by default) so payments to
// addresses not yet handed out are found; the derived scripts are cached in
// the database.
//
// The node feeds BlockConnected, BlockDisconnected and TxAccepted (to every
// loaded wallet through the Manager). A transaction is the wallet's when it
// pays one of its scripts or spends one of its outputs. Confirmations come
// from the wallet's best block; a disconnected block returns its
// transactions to pending (its coinbase is abandoned); an unconfirmed
// transaction whose input a confirmed one spends is conflicted (negative
// confirmations). Balances follow Core's GetBalance: trusted (confirmed, or
// our own pending spends of trusted coins), untrusted pending, immature
// coinbase (100 blocks). Loading a wallet catches it up with the chain
// (Chain: tip and blocks by height) and Rescan rescans a range.
//
// An unconfirmed transaction counts only while the node's mempool holds it
// (Core's CWalletTx::InMempool, asked live through ManagerConfig.Mempool,
// so mempool.dat, transactions re-added after a reorganisation and every
// removal are seen whatever the start-up order): one the pool dropped (a
// lock time no longer final after a reorganisation, a replacement, expiry,
// eviction) is not trusted, adds nothing to untrusted pending and its
// outputs are neither listed nor selected; it still appears in the
// transaction lists, still spends its inputs, and only such a transaction
// can be abandoned. The wallet asks the Mempool with its lock held; the
// mempool never calls the wallet, so there is no lock cycle.
//
// Sending follows Core's CreateTransaction: the fee rate comes from an
// explicit rate, settxfee, the FeeSource estimate, or the fallback fee;
// candidate coins are valued at their effective value; branch and bound
// looks for a changeless input set, knapsack and single random draw are the
// fallbacks, and the solution with the least waste wins (coinselect.go).
// Change goes to a new internal address when it is above dust and worth
// spending, at a random position. Inputs signal BIP125 and the lock time is
// the tip height (anti fee sniping). The wallet signs P2PKH, P2SH-P2WPKH,
// P2WPKH and P2TR key-path inputs itself, verifies every signature with the
// script engine, and hands the transaction to the Broadcaster.
//
// With avoid_reuse, outputs on addresses the wallet already spent from are
// "used": excluded from coin selection unless asked for, and reported apart
// in Balances. PSBTs (FillPSBT) get the wallet's UTXOs, redeem scripts, key
// origins and signatures through package psbt's signer.
//
// For the node: LoadOrCreate opens the default wallet, StartupWallets lists
// the wallets marked load_on_startup (SetLoadOnStartup keeps that list in
// wallets/load_on_startup.json, replaced atomically), Load hands the
// wallet's own pending transactions to the mempool again (Core's
// postInitProcess; already pooled ones are refused and skipped), and
// ResubmitPending does so for every loaded wallet. The Broadcaster is called without any wallet lock held, so the
// node may deliver TxAccepted synchronously from inside it.
//
// The address book (labels, set by NewAddress, SetLabel and imports) keeps
// a label per script; AddressBook derives Core's purpose from ownership
// ("receive" for the wallet's scripts, "send" for others).
// AddressGroupings links scripts by common-input ownership and change, as
// Core's listaddressgroupings. SendAll spends every available coin (or the
// given inputs) to recipients that share the remainder (sendall). Rescan
// can be stopped by AbortRescan from another goroutine. Backup copies the
// database, from one snapshot, into a new wallet directory that Load opens;
// Manager.Restore copies such a backup into the wallets directory under a
// new name and loads it, removing the copy again when loading fails.
//
// # Encryption
//
// crypter.go: a random 32-byte master key sealed with AES-256-GCM under an
// scrypt-derived key (N=2^15, r=8, p=1), and every private record (mnemonic,
// private descriptors) sealed under the master key. Unlock keeps the master
// key for a timeout; Lock wipes it and the parsed private descriptors. The
// wallet never logs keys or passphrases.
//
// # Errors
//
// Errors are Error values with an ErrorKind (error.go) and Core's message;
// test with errors.Is. walletrpc maps kinds to Core's RPC codes.
//
// # Concurrency
//
// A Manager and every Wallet are safe for concurrent use; each wallet has
// one lock held for the whole of an operation.
package wallet
