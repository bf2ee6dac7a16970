package blockstore

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// This file is the schema of Bitcoin Core's blocks/ directory, which this
// package reproduces byte for byte (Core's src/node/blockstorage.cpp,
// src/chain.h, src/undo.h, src/flatfile.cpp, src/index/txindex.cpp). It is
// mirrored in docs/STORAGE.md under "## blocks/".
//
// Notation: VARINT is Core's base-128 VARINT (primitives.AppendVarInt; each
// group but the last is stored minus one, most significant group first);
// "VARINT(int)" fields use Core's NONNEGATIVE_SIGNED mode (same bytes, value
// limited to 0..2^31-1); CompactSize is Bitcoin's usual length prefix;
// integers are little-endian; hashes are stored in internal byte order (the
// reverse of how they are displayed).
//
// # Flat files: blocks/blkNNNNN.dat and blocks/revNNNNN.dat
//
// NNNNN is the file number, zero-padded to five digits (blk00000.dat). A blk
// file and the rev file of the same number form a pair: the undo data of a
// block lives in the rev file with its block's number.
//
//	blk record: magic [4] | size uint32 | block [size]
//	    magic  network message start (mainnet f9 be b4 d9)
//	    size   length of the serialized block
//	    block  the block with witnesses (BIP144 serialization)
//
//	rev record: magic [4] | size uint32 | undo [size] | checksum [32]
//	    undo      CBlockUndo, see below
//	    checksum  SHA256d(hash of the block's parent || undo)
//
// A position (FilePos) names the first byte after the 8-byte magic+size
// header. A blk file holds at most MaxBlockFileSize (128 MiB) bytes of
// records: a record goes to a new file when size+8 added to the file's used
// size would reach the limit. Files grow in pre-allocated chunks (16 MiB
// for blk, 1 MiB for rev); when a file is left for the next one it is
// truncated to its used size ("finalised"). A rev file is finalised when the
// undo data of its last block has been written.
//
// When blocks/xor.dat (8 bytes, Core 28+) holds a non-zero key, every byte
// written at offset i of a blk or rev file, record headers included, is
// XORed with key[i mod 8]. Pre-allocated space never written stays zero.
//
// CBlockUndo (src/undo.h):
//
//	CBlockUndo := CompactSize(n) CTxUndo*n       one per transaction but the coinbase
//	CTxUndo    := CompactSize(m) TxInUndo*m      one per input, in input order
//	TxInUndo   := VARINT(code) [VARINT(0)] VARINT(camount) cscript
//	    code     height*2 + coinbase (uint32)
//	    VARINT(0) present only when height > 0: the legacy "version" of the
//	             spent transaction, always written as 0 and ignored on read
//	    camount  the amount compressed with Core's CompressAmount (uint64)
//	    cscript  the scriptPubKey in Core's ScriptCompression form:
//	             0x00 + 20 bytes          P2PKH
//	             0x01 + 20 bytes          P2SH
//	             0x02/0x03 + 32 bytes     P2PK, compressed key
//	             0x04/0x05 + 32 bytes     P2PK, uncompressed key (x; parity of y)
//	             VARINT(len+6) + script   any other script
//
// # Block index: blocks/index/ (LevelDB, no value obfuscation)
//
// Keys are one prefix byte followed by the fields listed; values as listed.
// Core's LevelDB options apply (kv/leveldb). Core's CDBWrapper ignores bytes
// after a decoded value, and so does this package.
//
//	'b' hash[32]          -> CDiskBlockIndex     one per known header
//	'f' file int32        -> CBlockFileInfo      one per blk/rev pair (LE file number)
//	'l'                   -> file int32          the last blk file in use (LE)
//	'R'                   -> '1'                 present while a -reindex is in progress
//	'F' CompactSize name  -> '1' | '0'           named flags: "prunedblockfiles", "txindex"
//	't' txid[32]          -> CDiskTxPos          transaction positions (-txindex)
//
// CDiskBlockIndex (src/chain.h), in order:
//
//	VARINT(int)   version     DummyVersion (259900) when written; ignored on read
//	VARINT(int)   height
//	VARINT        status      BlockStatus bits (BLOCK_VALID_*, HAVE_DATA, ...)
//	VARINT        tx count    number of transactions (0 until known)
//	VARINT(int)   file        only if status has BLOCK_HAVE_DATA or BLOCK_HAVE_UNDO
//	VARINT        data pos    only if status has BLOCK_HAVE_DATA
//	VARINT        undo pos    only if status has BLOCK_HAVE_UNDO
//	[80]          header      version, previous hash, merkle root, time, bits, nonce
//
// The record's key is the double SHA-256 of the 80 header bytes.
//
// CBlockFileInfo (src/chain.h), seven VARINTs:
//
//	blocks, size (used bytes of the blk file), undo size (used bytes of the
//	rev file), height first, height last (uint32), time first, time last
//	(uint64, block header times)
//
// CDiskTxPos (src/index/disktxpos.h): VARINT(int) file, VARINT block data
// position, VARINT offset of the transaction from the end of the 80-byte
// block header (the first transaction's offset is the length of the
// transaction count's CompactSize).
//
// Schema version: Core keeps none in this database beyond the per-record
// DummyVersion; adding a key of our own would leave a non-Core record behind,
// so the layout's version is Core's own.

// Key prefixes of the block index database.
const (
	prefixBlockIndex = 'b' // 'b' hash -> CDiskBlockIndex
	prefixFileInfo   = 'f' // 'f' int32 -> CBlockFileInfo
	keyLastFile      = 'l' // 'l' -> int32
	keyReindexing    = 'R' // 'R' -> '1'
	prefixFlag       = 'F' // 'F' CompactSize name -> '1'/'0'
	prefixTxIndex    = 't' // 't' txid -> CDiskTxPos
)

// Flag names Core uses.
const (
	// FlagPrunedBlockFiles is set once any blk/rev pair has been pruned.
	FlagPrunedBlockFiles = "prunedblockfiles"

	// FlagTxIndex is the legacy flag recording that -txindex is on.
	FlagTxIndex = "txindex"
)

// Sizes and limits of the flat files (src/node/blockstorage.h,
// src/serialize.h, src/consensus/consensus.h).
const (
	// DummyVersion is the client version Core writes at the start of every
	// CDiskBlockIndex record.
	DummyVersion = 259900

	// StorageHeaderBytes is the size of a record header: magic + size.
	StorageHeaderBytes = 8

	// UndoDataDiskOverhead is the space a rev record takes beyond its undo
	// data: the header and the 32-byte checksum.
	UndoDataDiskOverhead = StorageHeaderBytes + chainhash.HashSize

	// MaxBlockFileSize is the default limit of a blk file (128 MiB).
	MaxBlockFileSize = 0x8000000

	// BlockFileChunkSize is the default pre-allocation step of blk files
	// (16 MiB).
	BlockFileChunkSize = 0x1000000

	// UndoFileChunkSize is the default pre-allocation step of rev files
	// (1 MiB).
	UndoFileChunkSize = 0x100000

	// MaxSize is Core's MAX_SIZE, the largest block record it reads.
	MaxSize = primitives.MaxSize

	// MaxBlockSerializedSize bounds the blocks ScanBlocks accepts, as
	// Core's LoadExternalBlockFile does.
	MaxBlockSerializedSize = 4_000_000
)

// BlockStatus holds the status bits of a block index record (Core's enum
// BlockStatus in src/chain.h). The low three bits are a validity level;
// the others are flags.
type BlockStatus uint32

// Block status values, bit for bit Core's.
const (
	// BlockValidUnknown: nothing is known about the block's validity.
	BlockValidUnknown BlockStatus = 0
	// BlockValidReserved: unused (was BLOCK_VALID_HEADER).
	BlockValidReserved BlockStatus = 1
	// BlockValidTree: all parent headers found, difficulty matches,
	// timestamp >= median previous.
	BlockValidTree BlockStatus = 2
	// BlockValidTransactions: the block's transactions passed the
	// context-free checks (coinbase, size, sigops, merkle root).
	BlockValidTransactions BlockStatus = 3
	// BlockValidChain: outputs do not overspend inputs, no double spends,
	// coinbase output ok, no immature coinbase spends, BIP30.
	BlockValidChain BlockStatus = 4
	// BlockValidScripts: scripts and signatures ok.
	BlockValidScripts BlockStatus = 5
	// BlockValidMask covers the validity level.
	BlockValidMask BlockStatus = 7

	// BlockHaveData: the full block is stored in a blk file.
	BlockHaveData BlockStatus = 8
	// BlockHaveUndo: the block's undo data is stored in a rev file.
	BlockHaveUndo BlockStatus = 16
	// BlockHaveMask covers both "have" bits.
	BlockHaveMask BlockStatus = 24

	// BlockFailedValid: the block failed validation at the level after
	// the one recorded.
	BlockFailedValid BlockStatus = 32
	// BlockFailedChild: the block descends from a failed block (Core no
	// longer sets it but still reads it).
	BlockFailedChild BlockStatus = 64
	// BlockFailedMask covers both failure bits.
	BlockFailedMask BlockStatus = 96

	// BlockOptWitness: the block was stored by a witness-enforcing node.
	BlockOptWitness BlockStatus = 128

	// BlockStatusReserved: unused (was set on assumeutxo snapshot blocks).
	BlockStatusReserved BlockStatus = 256
)

// IsValid reports whether s reaches validity level upTo and has no failure
// bit, as Core's CBlockIndex::IsValid.
func (s BlockStatus) IsValid(upTo BlockStatus) bool {
	if s&BlockFailedMask != 0 {
		return false
	}
	return s&BlockValidMask >= upTo
}

// BlockIndexKey returns the block index key of a block: 'b' || hash.
func BlockIndexKey(hash chainhash.Hash) []byte {
	k := make([]byte, 1+chainhash.HashSize)
	k[0] = prefixBlockIndex
	copy(k[1:], hash[:])
	return k
}

// FileInfoKey returns the key of a file's information: 'f' || int32 LE.
func FileInfoKey(file int32) []byte {
	return binary.LittleEndian.AppendUint32([]byte{prefixFileInfo}, uint32(file))
}

// LastFileKey returns the key of the last-file record: 'l'.
func LastFileKey() []byte { return []byte{keyLastFile} }

// ReindexingKey returns the key of the reindexing flag: 'R'.
func ReindexingKey() []byte { return []byte{keyReindexing} }

// FlagKey returns the key of a named flag: 'F' || CompactSize(len) || name.
func FlagKey(name string) []byte {
	k := primitives.AppendCompactSize([]byte{prefixFlag}, uint64(len(name)))
	return append(k, name...)
}

// TxIndexKey returns the key of a transaction position: 't' || txid.
func TxIndexKey(txid chainhash.Hash) []byte {
	k := make([]byte, 1+chainhash.HashSize)
	k[0] = prefixTxIndex
	copy(k[1:], txid[:])
	return k
}
