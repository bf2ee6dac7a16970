package ethrawdb

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// SchemaVersion is the version of the layout described in this file. It is
// stored under databaseVersionKey; a database written with another version
// is refused by CheckSchemaVersion.
const SchemaVersion = 1

// The layout follows geth's core/rawdb schema (legacy hash-based state
// scheme, no snapshot, no freezer). Numbers are 8-byte big-endian unless
// stated otherwise; hashes are 32 bytes; "RLP" is canonical RLP.
//
// Singletons:
//
//	"DatabaseVersion"                 -> RLP uint: SchemaVersion
//	"LastHeader"                      -> hash of the head header
//	"LastBlock"                       -> hash of the head block (header, body,
//	                                     receipts and state all present)
//	"ethereum-config-" + genesis hash -> chain configuration, geth's genesis
//	                                     "config" JSON object, verbatim
//
// Chain data, per block:
//
//	'h' + num + hash        -> header RLP (ethtypes.Header encoding)
//	'h' + num + hash + 't'  -> total difficulty, RLP uint (at most 32 bytes)
//	'h' + num + 'n'         -> hash of the canonical block at num
//	'H' + hash              -> num (8 bytes BE) of the header with that hash
//	'b' + num + hash        -> body RLP: [[tx...], [uncle header...], [withdrawal...]?]
//	                           (txs in block-body form: legacy as a list, typed
//	                           as a string holding type||payload; the
//	                           withdrawals list is present from Shanghai)
//	'r' + num + hash        -> stored receipts RLP: [[statusOrPostState,
//	                           cumulativeGas, [[address, [topic...], data]...]]...]
//	                           (geth's storage form: no type, no bloom, no
//	                           derived fields; see DeriveReceiptFields)
//	'l' + tx hash           -> num (8 bytes BE) of the canonical block holding
//	                           the transaction (readers also accept geth's
//	                           minimal big-endian form, 1 to 8 bytes)
//
// State:
//
//	node hash (32 bytes, no prefix) -> trie node RLP (account and storage tries;
//	                                   the key is keccak256 of the value)
//	'c' + code hash                 -> contract code (keccak256 of the value)
//
// A key of exactly 32 bytes is always a trie node: every other key is of a
// different length (singletons are shorter, 'H'/'l'/'c' keys are 33 bytes,
// 'h'/'b'/'r' keys 10, 41 or 42 bytes, the config key 48 bytes). The pruner
// relies on this to find nodes.
var (
	databaseVersionKey = []byte("DatabaseVersion")
	headHeaderKey      = []byte("LastHeader")
	headBlockKey       = []byte("LastBlock")
	configPrefix       = []byte("ethereum-config-")

	headerPrefix       = []byte("h")
	headerTDSuffix     = []byte("t")
	headerHashSuffix   = []byte("n")
	headerNumberPrefix = []byte("H")
	blockBodyPrefix    = []byte("b")
	receiptsPrefix     = []byte("r")
	txLookupPrefix     = []byte("l")
	codePrefix         = []byte("c")
)

// Key lengths, for recognising records while iterating.
const (
	numLen          = 8
	hashLen         = ethtypes.HashLength
	nodeKeyLen      = hashLen
	headerKeyLen    = 1 + numLen + hashLen
	canonicalKeyLen = 1 + numLen + 1
)

// encodeBlockNumber returns num as 8 bytes big-endian.
func encodeBlockNumber(num uint64) []byte {
	var b [numLen]byte
	binary.BigEndian.PutUint64(b[:], num)
	return b[:]
}

// numHashKey returns prefix + num + hash [+ suffix].
func numHashKey(prefix []byte, num uint64, hash ethtypes.Hash, suffix []byte) []byte {
	k := make([]byte, 0, len(prefix)+numLen+hashLen+len(suffix))
	k = append(k, prefix...)
	k = binary.BigEndian.AppendUint64(k, num)
	k = append(k, hash[:]...)
	return append(k, suffix...)
}

// hashKey returns prefix + hash.
func hashKey(prefix []byte, hash ethtypes.Hash) []byte {
	k := make([]byte, 0, len(prefix)+hashLen)
	k = append(k, prefix...)
	return append(k, hash[:]...)
}

// headerKey = 'h' + num + hash.
func headerKey(num uint64, hash ethtypes.Hash) []byte {
	return numHashKey(headerPrefix, num, hash, nil)
}

// headerTDKey = 'h' + num + hash + 't'.
func headerTDKey(num uint64, hash ethtypes.Hash) []byte {
	return numHashKey(headerPrefix, num, hash, headerTDSuffix)
}

// headerHashKey = 'h' + num + 'n'.
func headerHashKey(num uint64) []byte {
	k := make([]byte, 0, canonicalKeyLen)
	k = append(k, headerPrefix...)
	k = binary.BigEndian.AppendUint64(k, num)
	return append(k, headerHashSuffix...)
}

// headerNumberKey = 'H' + hash.
func headerNumberKey(hash ethtypes.Hash) []byte { return hashKey(headerNumberPrefix, hash) }

// blockBodyKey = 'b' + num + hash.
func blockBodyKey(num uint64, hash ethtypes.Hash) []byte {
	return numHashKey(blockBodyPrefix, num, hash, nil)
}

// receiptsKey = 'r' + num + hash.
func receiptsKey(num uint64, hash ethtypes.Hash) []byte {
	return numHashKey(receiptsPrefix, num, hash, nil)
}

// txLookupKey = 'l' + tx hash.
func txLookupKey(hash ethtypes.Hash) []byte { return hashKey(txLookupPrefix, hash) }

// codeKey = 'c' + code hash.
func codeKey(hash ethtypes.Hash) []byte { return hashKey(codePrefix, hash) }

// configKey = "ethereum-config-" + genesis hash.
func configKey(genesis ethtypes.Hash) []byte { return hashKey(configPrefix, genesis) }
