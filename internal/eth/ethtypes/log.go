package ethtypes

import "github.com/twinchain/twinchain/internal/rlp"

// Log is an event emitted by a LOG instruction. Address, Topics and Data
// are consensus fields (they enter the receipt and its bloom); the others
// locate the log in the chain and are filled by whoever stores it.
type Log struct {
	Address Address
	Topics  []Hash
	Data    []byte

	BlockNumber uint64
	BlockHash   Hash
	TxHash      Hash
	TxIndex     uint
	Index       uint // index of the log in the block
}

// contentSize returns the size of the content of the log's RLP list.
func (l *Log) contentSize() int {
	return 21 + rlp.ListSize(33*len(l.Topics)) + rlp.BytesSize(l.Data)
}

// AppendRLP appends the consensus encoding of the log, rlp([address,
// [topic, ...], data]), to dst.
//
// This method is safe for concurrent access.
func (l *Log) AppendRLP(dst []byte) []byte {
	dst = rlp.AppendListHeader(dst, l.contentSize())
	dst = rlp.AppendBytes(dst, l.Address[:])
	dst = rlp.AppendListHeader(dst, 33*len(l.Topics))
	for i := range l.Topics {
		dst = rlp.AppendBytes(dst, l.Topics[i][:])
	}
	return rlp.AppendBytes(dst, l.Data)
}

// logsContentSize returns the size of the content of rlp(logs).
func logsContentSize(logs []Log) int {
	size := 0
	for i := range logs {
		size += rlp.ListSize(logs[i].contentSize())
	}
	return size
}

// AppendLogsRLP appends the encoding of a list of logs (as in a receipt)
// to dst.
//
// This function is safe for concurrent access.
func AppendLogsRLP(dst []byte, logs []Log) []byte {
	dst = rlp.AppendListHeader(dst, logsContentSize(logs))
	for i := range logs {
		dst = logs[i].AppendRLP(dst)
	}
	return dst
}

// decodeLog decodes the consensus fields of one log.
func decodeLog(r *rlp.ListReader) (Log, error) {
	lr := r.List()
	var l Log
	addr := lr.Bytes()
	if lr.Err() == nil && len(addr) != AddressLength {
		return l, blockDecodeError("log address", errBadLength)
	}
	copy(l.Address[:], addr)
	tr := lr.List()
	for tr.More() {
		t := tr.Bytes()
		if tr.Err() != nil {
			break
		}
		if len(t) != HashLength {
			return l, blockDecodeError("log topic", errBadLength)
		}
		l.Topics = append(l.Topics, Hash(t))
	}
	if err := tr.Finish(); err != nil {
		return l, blockDecodeError("log topics", err)
	}
	l.Data = lr.Bytes()
	if err := lr.Finish(); err != nil {
		return l, blockDecodeError("log", err)
	}
	return l, nil
}
