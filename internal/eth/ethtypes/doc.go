// Package ethtypes holds the basic data types of the account chain:
// addresses, hashes, transactions of every type through Cancun, their
// signers, intrinsic gas and the stateless validity rules of each fork,
// plus ABI selectors and a small ABI encoder.
//
// # Addresses and hashes
//
// Address is 20 bytes; Hex prints the EIP-55 checksummed form. ParseAddress
// accepts any case; ParseAddressChecked and ValidateChecksum enforce the
// checksum of mixed-case input. Hash is 32 bytes printed in natural byte
// order (unlike chainhash.Hash, which prints Bitcoin's reversed order).
// PubkeyToAddress, CreateAddress (CREATE: keccak256(rlp([sender,
// nonce]))[12:]) and CreateAddress2 (EIP-1014) derive addresses. Selector
// gives 4-byte function selectors; EncodeABI encodes arguments.
//
// # Transactions
//
// A Transaction is immutable. It is built with NewTx from one of LegacyTx,
// AccessListTx (EIP-2930), DynamicFeeTx (EIP-1559) or BlobTx (EIP-4844,
// without the sidecar), or decoded with DecodeTx / UnmarshalBinary (the
// EIP-2718 envelope: type byte || RLP payload, or a bare RLP list for
// legacy) or SplitTx (the block-body form, where a typed transaction is an
// RLP string). Decoding is strict canonical RLP. The transaction keeps its
// encoding, so Hash (computed once), MarshalBinary, AppendRLP and the
// signing hashes never re-encode.
//
// A Signer holds a fork's signature rules (Frontier; Homestead's low S,
// EIP-2; EIP-155 replay protection; which typed transactions are accepted
// from Berlin, London and Cancun) and the chain id. MakeSigner derives one
// from Rules. Sender(signer, tx) recovers and caches the sender; SignTx
// signs.
//
// Rules is a struct of per-fork booleans. ValidateTx applies the stateless
// checks of a fork (type enabled, EIP-2681 nonce limit, fee caps, blob hash
// versions, the EIP-3860 init-code limit, intrinsic gas); IntrinsicGas
// computes the gas a transaction costs before execution (21000/53000 base,
// 4 and 68 or, from Istanbul (EIP-2028), 16 per zero/non-zero calldata byte,
// EIP-2930 access-list costs and the EIP-3860 init-code word cost).
//
// Rules lives here for now; the ethparams package (chain configuration)
// will derive it and may take it over.
//
// # Errors
//
// Errors are ErrorKind values, usually wrapped in a *RuleError with a
// description; test with errors.Is (for example errors.Is(err,
// ErrIntrinsicGas)). Decoding failures have kind ErrTxDecode and carry the
// underlying rlp error as Cause, so errors.Is(err, rlp.ErrCanonInt) works
// too. The kind texts follow geth's messages.
//
// # Blocks, receipts and logs
//
// Header holds every field through Cancun; the optional trailing fields
// (BaseFee from London, WithdrawalsHash from Shanghai, BlobGasUsed,
// ExcessBlobGas and ParentBeaconRoot from Cancun) are pointers, non-nil
// when present, and the encoding stops at the first absent one. Hash is
// keccak256 of the RLP encoding. DecodeHeader and DecodeBlock are strict:
// canonical RLP, fixed-size fields of their exact size, optional fields in
// order, nothing after ParentBeaconRoot (Prague's requests hash is not
// supported yet), no trailing bytes; a decoded block re-encodes to its
// input. A Block is a header with its body (Transactions, uncle headers,
// Withdrawals — nil before Shanghai, non-nil even when empty after) and
// keeps its hash. Transactions, Receipts and Withdrawals implement
// trie.DerivableList for the header roots; UncleHash gives the ommers
// hash. A Withdrawal's Amount is in gwei.
//
// A Receipt has consensus fields (type, post-state root before Byzantium
// or status after, cumulative gas, bloom, logs), encoded by
// AppendConsensus with the EIP-2718 type byte for typed transactions, and
// derived fields the block processor fills for RPC. Log is the event a
// LOG instruction emits (package statedb aliases it). Bloom is the
// 2048-bit logs bloom: 3 bits per address and per topic, from the first
// three byte pairs of their keccak256.
//
// # Concurrency
//
// Everything is safe for concurrent use, except that UnmarshalBinary must
// not be called on a Transaction other goroutines are using. The sender
// cache inside a Transaction is updated atomically.
package ethtypes
