package statedb

import (
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Log is an event emitted by a LOG instruction. Address, Topics and Data
// are consensus fields (they enter the receipt); the others locate the log
// in the chain.
type Log struct {
	Address ethtypes.Address
	Topics  []ethtypes.Hash
	Data    []byte

	BlockNumber uint64
	BlockHash   ethtypes.Hash
	TxHash      ethtypes.Hash
	TxIndex     uint
	Index       uint // index of the log in the block (counted since the last Commit)
}

// logContentSize returns the size of the content of the log's RLP list.
func (l *Log) logContentSize() int {
	topics := 33 * len(l.Topics)
	return 21 + rlp.ListSize(topics) + rlp.BytesSize(l.Data)
}

// AppendRLP appends the consensus encoding of the log, rlp([address,
// [topic, ...], data]), to dst.
//
// This method is safe for concurrent access.
func (l *Log) AppendRLP(dst []byte) []byte {
	dst = rlp.AppendListHeader(dst, l.logContentSize())
	dst = rlp.AppendBytes(dst, l.Address[:])
	dst = rlp.AppendListHeader(dst, 33*len(l.Topics))
	for i := range l.Topics {
		dst = rlp.AppendBytes(dst, l.Topics[i][:])
	}
	return rlp.AppendBytes(dst, l.Data)
}

// AppendLogsRLP appends the encoding of a list of logs (as in a receipt) to
// dst.
//
// This function is safe for concurrent access.
func AppendLogsRLP(dst []byte, logs []Log) []byte {
	size := 0
	for i := range logs {
		size += rlp.ListSize(logs[i].logContentSize())
	}
	dst = rlp.AppendListHeader(dst, size)
	for i := range logs {
		dst = logs[i].AppendRLP(dst)
	}
	return dst
}

// LogsHash returns keccak256(rlp(logs)), the "logs" hash of a state test.
//
// This function is safe for concurrent access.
func LogsHash(logs []Log) ethtypes.Hash {
	return crypto.Keccak256(AppendLogsRLP(nil, logs))
}
