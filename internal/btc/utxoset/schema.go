package utxoset

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// The chainstate database (<datadir>/chainstate, LevelDB), exactly as Bitcoin
// Core's src/txdb.cpp and src/dbwrapper.cpp lay it out. Mirrored in
// docs/STORAGE.md, section "chainstate/".
//
// Keys are raw bytes, never obfuscated. Every value except the obfuscation
// key record is XORed with the 8-byte obfuscation key repeated from the
// value's first byte (see obfuscate).
//
//	'C' txid[32] VARINT(vout) -> coin
//	    txid in internal byte order (as hashed, not the display order);
//	    VARINT is Core's MSB-first base-128 encoding with the +1 offset per
//	    continuation byte (primitives.AppendVarInt). The value is Core's
//	    Coin serialization:
//	      VARINT(height*2 + coinbase)
//	      VARINT(CompressAmount(value))
//	      compressed script: VARINT(nSize) then
//	        nSize 0: 20-byte key hash      (P2PKH  OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG)
//	        nSize 1: 20-byte script hash   (P2SH   OP_HASH160 <20> OP_EQUAL)
//	        nSize 2,3: 32-byte x           (P2PK with compressed key 0x02/0x03 || x)
//	        nSize 4,5: 32-byte x           (P2PK with uncompressed key 0x04 || x || y, y parity = nSize&1)
//	        nSize >= 6: nSize-6 raw script bytes
//	'B' -> best block hash
//	    32 bytes, internal byte order: the block the coins are consistent
//	    with. Absent while a flush is in progress (then 'H' is present) and
//	    in a new database.
//	'H' -> head blocks
//	    compact size 2, then two 32-byte hashes: the block a flush is moving
//	    to, then the block it moves from (all zero when there was none).
//	    Written in the first batch of a flush together with the erasure of
//	    'B'; erased in the last batch, which writes 'B' again.
//	'\x0e' '\x00' "obfuscate_key" -> obfuscation key
//	    The key is Core's std::string "\x00obfuscate_key" serialized with its
//	    compact-size length (14). The value is compact size 8 then the 8 key
//	    bytes, stored as is (not XORed). Written once, when the database is
//	    created empty; a database without it is not obfuscated (key of zeros).
//	'c' txid[32] -> legacy per-transaction coins (before Core 0.15). Never
//	    written; their presence makes OpenDB fail with ErrLegacyFormat.
//
// There is no schema-version record: Core has none for the chainstate, and
// the record prefixes ('C' versus the legacy 'c') are its version.
const (
	prefixCoin       = 'C'
	prefixLegacyCoin = 'c'
	keyBestBlock     = 'B'
	keyHeadBlocks    = 'H'
)

// obfuscateKeyKey is the key of the obfuscation key record.
var obfuscateKeyKey = []byte("\x0e\x00obfuscate_key")

// obfuscateKeyLen is the size of the obfuscation key.
const obfuscateKeyLen = 8

// maxCoinKeyLen bounds the size of a coin key: prefix, txid and a VARINT of
// at most five bytes for a 32-bit index.
const maxCoinKeyLen = 1 + chainhash.HashSize + 5

// appendCoinKey appends the chainstate key of op.
func appendCoinKey(b []byte, op *primitives.OutPoint) []byte {
	b = append(b, prefixCoin)
	b = append(b, op.Hash[:]...)
	return primitives.AppendVarInt(b, uint64(op.Index))
}

// CoinKey returns the chainstate key of op: 'C', the txid and VARINT(vout).
func CoinKey(op primitives.OutPoint) []byte {
	return appendCoinKey(make([]byte, 0, maxCoinKeyLen), &op)
}

// DecodeCoinKey parses a chainstate coin key. The whole key must be used and
// the index must fit in 32 bits.
func DecodeCoinKey(k []byte) (primitives.OutPoint, error) {
	var op primitives.OutPoint
	if len(k) < 2+chainhash.HashSize || k[0] != prefixCoin {
		return op, makeError(ErrCorrupt, "coin key %x: bad prefix or length", k)
	}
	copy(op.Hash[:], k[1:1+chainhash.HashSize])
	n, used, err := primitives.ReadVarInt(k[1+chainhash.HashSize:])
	if err != nil || n > 0xffffffff || 1+chainhash.HashSize+used != len(k) {
		return op, makeError(ErrCorrupt, "coin key %x: bad output index", k)
	}
	op.Index = uint32(n)
	return op, nil
}

// obfuscate XORs v in place with key repeated from v's first byte, Core's
// CDBWrapper value obfuscation. Applying it twice restores v.
func obfuscate(v []byte, key uint64) {
	if key == 0 {
		return
	}
	i := 0
	for ; i+8 <= len(v); i += 8 {
		binary.LittleEndian.PutUint64(v[i:], binary.LittleEndian.Uint64(v[i:])^key)
	}
	for k := key; i < len(v); i++ {
		v[i] ^= byte(k >> (8 * uint(i&7)))
	}
}

// encodeHeadBlocks returns the 'H' value (before obfuscation).
func encodeHeadBlocks(to, from chainhash.Hash) []byte {
	b := make([]byte, 0, 1+2*chainhash.HashSize)
	b = append(b, 2)
	b = append(b, to[:]...)
	return append(b, from[:]...)
}

// decodeHeadBlocks parses an 'H' value (after de-obfuscation): a compact
// size count and that many hashes.
func decodeHeadBlocks(v []byte) ([]chainhash.Hash, error) {
	n, used, err := primitives.ReadCompactSize(v)
	if err != nil || uint64(len(v)-used) != n*chainhash.HashSize {
		return nil, makeError(ErrCorrupt, "head blocks record of %d bytes is malformed", len(v))
	}
	hs := make([]chainhash.Hash, n)
	for i := range hs {
		copy(hs[i][:], v[used+i*chainhash.HashSize:])
	}
	return hs, nil
}
