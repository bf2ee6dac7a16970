package statedb

import (
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Log is an event emitted by a LOG instruction; the type lives in
// ethtypes (receipts hold logs) and is aliased here for the StateDB API.
type Log = ethtypes.Log

// AppendLogsRLP appends the encoding of a list of logs (as in a receipt) to
// dst.
//
// This function is safe for concurrent access.
func AppendLogsRLP(dst []byte, logs []Log) []byte {
	return ethtypes.AppendLogsRLP(dst, logs)
}

// LogsHash returns keccak256(rlp(logs)), the "logs" hash of a state test.
//
// This function is safe for concurrent access.
func LogsHash(logs []Log) ethtypes.Hash {
	return crypto.Keccak256(AppendLogsRLP(nil, logs))
}
