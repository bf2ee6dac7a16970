package ethrawdb

import (
	"encoding/binary"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/rlp"
)

// readHash reads a 32-byte hash stored under key.
func readHash(r kv.Reader, key []byte, what string) (ethtypes.Hash, error) {
	v, err := r.Get(key)
	if err != nil {
		return ethtypes.Hash{}, readErr(err, "%s", what)
	}
	if len(v) != hashLen {
		return ethtypes.Hash{}, corrupt(nil, "%s: %d bytes, want 32", what, len(v))
	}
	return ethtypes.Hash(v), nil
}

// put writes key -> value, annotating the error.
func put(w kv.Writer, key, value []byte, what string) error {
	if err := w.Put(key, value); err != nil {
		return writeErr(err, "%s", what)
	}
	return nil
}

// del deletes key, annotating the error.
func del(w kv.Writer, key []byte, what string) error {
	if err := w.Delete(key); err != nil {
		return writeErr(err, "delete %s", what)
	}
	return nil
}

// ReadDatabaseVersion returns the stored schema version, or an error
// matching ErrNotFound for a database that has none (a new one).
//
// This function is safe for concurrent access.
func ReadDatabaseVersion(r kv.Reader) (uint64, error) {
	v, err := r.Get(databaseVersionKey)
	if err != nil {
		return 0, readErr(err, "database version")
	}
	x, rest, err := rlp.SplitUint64(v)
	if err != nil || len(rest) != 0 {
		return 0, corrupt(err, "database version")
	}
	return x, nil
}

// WriteDatabaseVersion stores the schema version.
//
// This function is safe for concurrent access if w is.
func WriteDatabaseVersion(w kv.Writer, version uint64) error {
	return put(w, databaseVersionKey, rlp.AppendUint64(nil, version), "database version")
}

// CheckSchemaVersion verifies the database's schema version: a database
// without one gets SchemaVersion written; one with another version gives
// an error of kind ErrSchemaVersion.
//
// This function is safe for concurrent access.
func CheckSchemaVersion(db kv.Store) error {
	v, err := ReadDatabaseVersion(db)
	switch {
	case err == nil && v == SchemaVersion:
		return nil
	case err == nil:
		return &Error{Err: ErrSchemaVersion, Description: "stored version " + uint64String(v)}
	case isNotFound(err):
		return WriteDatabaseVersion(db, SchemaVersion)
	default:
		return err
	}
}

// ReadCanonicalHash returns the hash of the canonical block at num.
//
// This function is safe for concurrent access.
func ReadCanonicalHash(r kv.Reader, num uint64) (ethtypes.Hash, error) {
	return readHash(r, headerHashKey(num), "canonical hash #"+uint64String(num))
}

// WriteCanonicalHash makes hash the canonical block at num.
//
// This function is safe for concurrent access if w is.
func WriteCanonicalHash(w kv.Writer, hash ethtypes.Hash, num uint64) error {
	return put(w, headerHashKey(num), hash[:], "canonical hash")
}

// DeleteCanonicalHash removes the canonical mapping of num.
//
// This function is safe for concurrent access if w is.
func DeleteCanonicalHash(w kv.Writer, num uint64) error {
	return del(w, headerHashKey(num), "canonical hash")
}

// ReadHeaderNumber returns the number of the header with the given hash.
//
// This function is safe for concurrent access.
func ReadHeaderNumber(r kv.Reader, hash ethtypes.Hash) (uint64, error) {
	v, err := r.Get(headerNumberKey(hash))
	if err != nil {
		return 0, readErr(err, "header number %x", hash[:])
	}
	if len(v) != numLen {
		return 0, corrupt(nil, "header number %x: %d bytes, want 8", hash[:], len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// ReadHeaderRLP returns the stored encoding of a header.
//
// This function is safe for concurrent access.
func ReadHeaderRLP(r kv.Reader, hash ethtypes.Hash, num uint64) ([]byte, error) {
	v, err := r.Get(headerKey(num, hash))
	if err != nil {
		return nil, readErr(err, "header #%d %x", num, hash[:])
	}
	return v, nil
}

// HasHeader reports whether the header is stored.
//
// This function is safe for concurrent access.
func HasHeader(r kv.Reader, hash ethtypes.Hash, num uint64) (bool, error) {
	return r.Has(headerKey(num, hash))
}

// ReadHeader returns a stored header. A record that does not decode, or
// decodes to a header of another hash or number, is ErrCorrupt.
//
// This function is safe for concurrent access.
func ReadHeader(r kv.Reader, hash ethtypes.Hash, num uint64) (*ethtypes.Header, error) {
	enc, err := ReadHeaderRLP(r, hash, num)
	if err != nil {
		return nil, err
	}
	h, err := ethtypes.DecodeHeader(enc)
	if err != nil {
		return nil, corrupt(err, "header #%d %x", num, hash[:])
	}
	if h.Number != num {
		return nil, corrupt(nil, "header #%d %x holds number %d", num, hash[:], h.Number)
	}
	return h, nil
}

// ReadHeaderByHash returns a stored header found by hash alone (through
// the hash -> number index).
//
// This function is safe for concurrent access.
func ReadHeaderByHash(r kv.Reader, hash ethtypes.Hash) (*ethtypes.Header, error) {
	num, err := ReadHeaderNumber(r, hash)
	if err != nil {
		return nil, err
	}
	return ReadHeader(r, hash, num)
}

// WriteHeader stores a header and its hash -> number index entry.
//
// This function is safe for concurrent access if w is.
func WriteHeader(w kv.Writer, h *ethtypes.Header) error {
	hash := h.Hash()
	if err := put(w, headerNumberKey(hash), encodeBlockNumber(h.Number), "header number"); err != nil {
		return err
	}
	return put(w, headerKey(h.Number, hash), h.AppendRLP(nil), "header")
}

// DeleteHeader removes a header, its hash -> number entry and its total
// difficulty.
//
// This function is safe for concurrent access if w is.
func DeleteHeader(w kv.Writer, hash ethtypes.Hash, num uint64) error {
	if err := del(w, headerKey(num, hash), "header"); err != nil {
		return err
	}
	if err := del(w, headerTDKey(num, hash), "total difficulty"); err != nil {
		return err
	}
	return del(w, headerNumberKey(hash), "header number")
}

// ReadTd returns the total difficulty of the chain ending at the block.
//
// This function is safe for concurrent access.
func ReadTd(r kv.Reader, hash ethtypes.Hash, num uint64) (uint256.Int, error) {
	var td uint256.Int
	v, err := r.Get(headerTDKey(num, hash))
	if err != nil {
		return td, readErr(err, "total difficulty #%d %x", num, hash[:])
	}
	x, rest, err := rlp.SplitUint256(v)
	if err != nil || len(rest) != 0 {
		return td, corrupt(err, "total difficulty #%d %x", num, hash[:])
	}
	return uint256.Int(x), nil
}

// WriteTd stores the total difficulty of the chain ending at the block; td
// must not be nil.
//
// This function is safe for concurrent access if w is.
func WriteTd(w kv.Writer, hash ethtypes.Hash, num uint64, td *uint256.Int) error {
	return put(w, headerTDKey(num, hash), rlp.AppendUint256(nil, (*[4]uint64)(td)), "total difficulty")
}

// DeleteTd removes a total difficulty.
//
// This function is safe for concurrent access if w is.
func DeleteTd(w kv.Writer, hash ethtypes.Hash, num uint64) error {
	return del(w, headerTDKey(num, hash), "total difficulty")
}

// ReadHeadHeaderHash returns the hash of the head header.
//
// This function is safe for concurrent access.
func ReadHeadHeaderHash(r kv.Reader) (ethtypes.Hash, error) {
	return readHash(r, headHeaderKey, "head header hash")
}

// WriteHeadHeaderHash stores the hash of the head header.
//
// This function is safe for concurrent access if w is.
func WriteHeadHeaderHash(w kv.Writer, hash ethtypes.Hash) error {
	return put(w, headHeaderKey, hash[:], "head header hash")
}

// ReadHeadBlockHash returns the hash of the head block: the newest block
// whose header, body, receipts and state are all stored.
//
// This function is safe for concurrent access.
func ReadHeadBlockHash(r kv.Reader) (ethtypes.Hash, error) {
	return readHash(r, headBlockKey, "head block hash")
}

// WriteHeadBlockHash stores the hash of the head block.
//
// This function is safe for concurrent access if w is.
func WriteHeadBlockHash(w kv.Writer, hash ethtypes.Hash) error {
	return put(w, headBlockKey, hash[:], "head block hash")
}

// ReadChainConfig returns the chain configuration JSON stored for the
// genesis hash, verbatim.
//
// This function is safe for concurrent access.
func ReadChainConfig(r kv.Reader, genesis ethtypes.Hash) ([]byte, error) {
	v, err := r.Get(configKey(genesis))
	if err != nil {
		return nil, readErr(err, "chain config %x", genesis[:])
	}
	return v, nil
}

// WriteChainConfig stores the chain configuration JSON for the genesis
// hash.
//
// This function is safe for concurrent access if w is.
func WriteChainConfig(w kv.Writer, genesis ethtypes.Hash, configJSON []byte) error {
	return put(w, configKey(genesis), configJSON, "chain config")
}

// ReadCode returns contract code by its hash.
//
// This function is safe for concurrent access.
func ReadCode(r kv.Reader, hash ethtypes.Hash) ([]byte, error) {
	v, err := r.Get(codeKey(hash))
	if err != nil {
		return nil, readErr(err, "code %x", hash[:])
	}
	return v, nil
}

// HasCode reports whether code with the given hash is stored.
//
// This function is safe for concurrent access.
func HasCode(r kv.Reader, hash ethtypes.Hash) (bool, error) {
	return r.Has(codeKey(hash))
}

// WriteCode stores contract code under its hash (the caller computes it:
// keccak256(code)).
//
// This function is safe for concurrent access if w is.
func WriteCode(w kv.Writer, hash ethtypes.Hash, code []byte) error {
	return put(w, codeKey(hash), code, "code")
}

// DeleteCode removes contract code.
//
// This function is safe for concurrent access if w is.
func DeleteCode(w kv.Writer, hash ethtypes.Hash) error {
	return del(w, codeKey(hash), "code")
}
