package ethindex

import (
	"encoding/binary"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Schema of the address index database (<ethdatadir>/addrindex, Pebble),
// version 1:
//
//	"V"                                  → schema version, uint32 LE (1)
//	"B"                                  → best block: hash (32) || number (uint64 BE)
//	"t" || address (20) ||               → tx hash (32) || roles (1 byte:
//	   ^number (uint64 BE) ||               1 sender, 2 recipient, 4 created)
//	   ^tx index (uint32 BE)
//	"x" || address (20) ||               → token (20) || from (20) || to (20) ||
//	   ^number (uint64 BE) ||               value (32, big-endian) || tx hash (32) ||
//	   ^log index (uint32 BE)               tx index (uint32 BE)
//	"c" || address (20)                  → tx count (uint64 LE) || transfer count (uint64 LE)
//	"u" || number (uint64 BE)            → block hash (32) || parent hash (32) ||
//	                                        the block's "t" and "x" keys (33 bytes each)
//
// Numbers and indexes are stored complemented (bitwise NOT) so that an
// ascending prefix walk yields the newest records first. "t" has one record
// per (address, transaction) with the address's roles in it; "x" one per
// (address, Transfer log), written under the log's from, to and token
// contract (once when they coincide); the log index is the log's position in
// its block. "c" counts an address's records and is deleted when both
// counts fall to zero, so an index updated through reorganisations holds
// exactly the records of one rebuilt from scratch. "u" is the undo record of
// each indexed block: undoing a block deletes the keys it lists, so the
// index can leave a block the chain has already deleted (SetHead).
const schemaVersion = 1

var (
	keyVersion = []byte("V")
	keyBest    = []byte("B")
)

const (
	prefixTx       = 't'
	prefixTransfer = 'x'
	prefixCounts   = 'c'
	prefixUndo     = 'u'

	addrLen         = ethtypes.AddressLength
	txKeySize       = 1 + addrLen + 8 + 4
	txValueSize     = 32 + 1
	transferKeySize = 1 + addrLen + 8 + 4
	transferValSize = 3*addrLen + 32 + 32 + 4
	countsValueSize = 16
	bestSize        = 32 + 8
	// recordKeySize is the size of a "t" or "x" key.
	recordKeySize = txKeySize
)

func undoKey(number uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{prefixUndo}, number)
}

// Role tells how an address takes part in a transaction.
type Role uint8

// Roles; a transaction may give an address several.
const (
	RoleSender    Role = 1 << iota // the transaction's sender
	RoleRecipient                  // its to address
	RoleCreated                    // the contract it created
)

// transferTopic is keccak256("Transfer(address,address,uint256)").
var transferTopic = ethtypes.Keccak256Hash([]byte("Transfer(address,address,uint256)"))

func txKey(dst []byte, addr ethtypes.Address, number uint64, index uint32) []byte {
	dst = append(dst[:0], prefixTx)
	dst = append(dst, addr[:]...)
	dst = binary.BigEndian.AppendUint64(dst, ^number)
	return binary.BigEndian.AppendUint32(dst, ^index)
}

func transferKey(dst []byte, addr ethtypes.Address, number uint64, logIndex uint32) []byte {
	dst = append(dst[:0], prefixTransfer)
	dst = append(dst, addr[:]...)
	dst = binary.BigEndian.AppendUint64(dst, ^number)
	return binary.BigEndian.AppendUint32(dst, ^logIndex)
}

func countsKey(addr ethtypes.Address) []byte {
	return append([]byte{prefixCounts}, addr[:]...)
}

// TxRef is one transaction of an address's history.
type TxRef struct {
	Hash   ethtypes.Hash
	Number uint64 // block number
	Index  uint32 // position in the block
	Roles  Role
}

func decodeTx(k, v []byte) (TxRef, error) {
	if len(k) != txKeySize || len(v) != txValueSize {
		return TxRef{}, makeError(ErrCorrupt, nil, "transaction record of %d/%d bytes", len(k), len(v))
	}
	r := TxRef{Number: ^binary.BigEndian.Uint64(k[1+addrLen:]), Index: ^binary.BigEndian.Uint32(k[1+addrLen+8:]), Roles: Role(v[32])}
	if r.Roles == 0 || r.Roles > RoleSender|RoleRecipient|RoleCreated {
		return TxRef{}, makeError(ErrCorrupt, nil, "transaction record with roles %d", r.Roles)
	}
	copy(r.Hash[:], v)
	return r, nil
}

// Transfer is an ERC-20 Transfer event.
type Transfer struct {
	Token    ethtypes.Address // the contract that emitted the event
	From, To ethtypes.Address
	Value    uint256.Int
	TxHash   ethtypes.Hash
	Number   uint64 // block number
	TxIndex  uint32 // transaction position in the block
	LogIndex uint32 // log position in the block
}

func encodeTransfer(dst []byte, t *Transfer) []byte {
	dst = append(dst[:0], t.Token[:]...)
	dst = append(dst, t.From[:]...)
	dst = append(dst, t.To[:]...)
	v := t.Value.Bytes32()
	dst = append(dst, v[:]...)
	dst = append(dst, t.TxHash[:]...)
	return binary.BigEndian.AppendUint32(dst, t.TxIndex)
}

func decodeTransfer(k, v []byte) (Transfer, error) {
	if len(k) != transferKeySize || len(v) != transferValSize {
		return Transfer{}, makeError(ErrCorrupt, nil, "transfer record of %d/%d bytes", len(k), len(v))
	}
	var t Transfer
	t.Number = ^binary.BigEndian.Uint64(k[1+addrLen:])
	t.LogIndex = ^binary.BigEndian.Uint32(k[1+addrLen+8:])
	copy(t.Token[:], v)
	copy(t.From[:], v[addrLen:])
	copy(t.To[:], v[2*addrLen:])
	t.Value.SetBytes32(v[3*addrLen : 3*addrLen+32])
	copy(t.TxHash[:], v[3*addrLen+32:])
	t.TxIndex = binary.BigEndian.Uint32(v[3*addrLen+64:])
	return t, nil
}

// Counts are the numbers of an address's records.
type Counts struct {
	Txs       uint64 // transactions (TxRef records)
	Transfers uint64 // token transfers
}

func encodeCounts(c Counts) []byte {
	v := binary.LittleEndian.AppendUint64(make([]byte, 0, countsValueSize), c.Txs)
	return binary.LittleEndian.AppendUint64(v, c.Transfers)
}

func decodeCounts(v []byte) (Counts, error) {
	if len(v) != countsValueSize {
		return Counts{}, makeError(ErrCorrupt, nil, "counts record of %d bytes", len(v))
	}
	return Counts{Txs: binary.LittleEndian.Uint64(v), Transfers: binary.LittleEndian.Uint64(v[8:])}, nil
}

func encodeBest(hash ethtypes.Hash, number uint64) []byte {
	return binary.BigEndian.AppendUint64(append(make([]byte, 0, bestSize), hash[:]...), number)
}

func decodeBest(v []byte) (ethtypes.Hash, uint64, error) {
	if len(v) != bestSize {
		return ethtypes.Hash{}, 0, makeError(ErrCorrupt, nil, "best block record of %d bytes", len(v))
	}
	var h ethtypes.Hash
	copy(h[:], v)
	return h, binary.BigEndian.Uint64(v[32:]), nil
}

// parseTransfer recognises an ERC-20 Transfer log.
func parseTransfer(l *ethtypes.Log) (from, to ethtypes.Address, value uint256.Int, ok bool) {
	if len(l.Topics) != 3 || l.Topics[0] != transferTopic || len(l.Data) != 32 {
		return from, to, value, false
	}
	copy(from[:], l.Topics[1][12:])
	copy(to[:], l.Topics[2][12:])
	value.SetBytes32(l.Data)
	return from, to, value, true
}
