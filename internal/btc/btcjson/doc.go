// Package btcjson builds the JSON views of Bitcoin data that bitcoind
// prints, field for field and in Bitcoin Core's order, so that
// twinchain-tool and the RPC server (decoderawtransaction,
// getrawtransaction verbose, getblock verbosity 1-3, decodescript) answer
// exactly as Core does.
//
// # Views
//
// Each view is a plain struct with encoding/json tags in Core's field
// order, built by one function from the decoded value and an optional
// chain context:
//
//   - NewTxView: Core's TxToUniv. TxOptions adds "hex", the fee and
//     per-input "prevout" from undo data, and getrawtransaction's block
//     fields; without options it is decoderawtransaction's result.
//   - NewBlockView: Core's getblock (blockheaderToJSON + blockToJSON,
//     including "target" and "coinbase_tx"). BlockContext carries what only
//     a chain knows (confirmations, height, median time, chain work, next
//     block, undo data); every such field is omitted when unknown. Offline,
//     CoinbaseHeight gives the BIP34 height the coinbase claims.
//   - NewScriptPubKeyView: Core's ScriptToUniv for outputs (asm, desc, hex,
//     address, type); NewDecodeScriptView: decodescript.
//
// Amounts are Amount values, which marshal as JSON numbers with exactly
// eight decimals computed from the integer (Core's ValueFromAmount), never
// through a float. Floats (the difficulty) are Float values printed as
// Core's UniValue prints doubles (16 significant digits). MarshalIndent lays
// the JSON out the way UniValue pretty-prints it, so `bitcoin-tx -json`
// output is reproduced byte for byte.
//
// # Scripts and descriptors
//
// Script types follow Core's Solver (the names of GetTxnOutputType), the asm
// follows ScriptToAsmStr (with signature-hash decoding for scriptSigs), and
// "desc" follows InferDescriptor for a script seen without wallet data:
// pk(), multi(), rawtr() for taproot keys on the curve, addr() for anything
// with an address (including pay-to-anchor and unknown witness versions),
// raw() otherwise. DescriptorChecksum implements BIP380's checksum. Core's
// miniscript inference (used by decodescript for P2WSH forms of
// nonstandard scripts) is not implemented: such scripts get addr().
//
// # Decoding helpers
//
// DecodeRawTx reads a serialized transaction as Core's DecodeHexTx does,
// resolving the zero-input ambiguity of the segwit marker the same way.
//
// # Errors
//
// Decoding helpers return an Error whose kind (ErrInvalidHex, ErrTxDecode,
// ErrBlockDecode) is matched with errors.Is. View builders never fail.
//
// # Concurrency
//
// The package has no state; every function is safe for concurrent use.
// Views alias nothing: they hold strings and copies.
package btcjson
