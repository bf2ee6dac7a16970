package ethwire

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Status is the handshake message both sides send first:
// rlp([version, networkID, td, head, genesis, forkID]).
type Status struct {
	ProtocolVersion uint64
	NetworkID       uint64
	TD              uint256.Int
	Head            ethtypes.Hash
	Genesis         ethtypes.Hash
	ForkID          ForkID
}

// Code implements Message.
func (*Status) Code() Code { return StatusCode }

// AppendRLP implements Message.
func (m *Status) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendUint64(dst, m.ProtocolVersion)
	dst = rlp.AppendUint64(dst, m.NetworkID)
	dst = rlp.AppendUint256(dst, (*[4]uint64)(&m.TD))
	dst = rlp.AppendBytes(dst, m.Head[:])
	dst = rlp.AppendBytes(dst, m.Genesis[:])
	dst = m.ForkID.AppendRLP(dst)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *Status) DecodeRLP(p []byte) error {
	r := rlp.NewListReader(p)
	m.ProtocolVersion = r.Uint64()
	m.NetworkID = r.Uint64()
	m.TD = uint256.Int(r.Uint256())
	head := r.Bytes()
	genesis := r.Bytes()
	fr := r.List()
	if err := r.Finish(); err != nil {
		return malformed(StatusCode, err, "status")
	}
	if len(head) != ethtypes.HashLength || len(genesis) != ethtypes.HashLength {
		return malformed(StatusCode, nil, "status: head or genesis hash not 32 bytes")
	}
	copy(m.Head[:], head)
	copy(m.Genesis[:], genesis)
	id, err := decodeForkID(&fr)
	if err != nil {
		return malformed(StatusCode, err, "status fork id")
	}
	m.ForkID = id
	return nil
}

// ForkID is an EIP-2124 fork identifier: the CRC32 of the genesis hash and
// the passed fork points, and the next fork point (0: none known).
type ForkID struct {
	Hash [4]byte
	Next uint64
}

// AppendRLP appends rlp([hash, next]).
func (id ForkID) AppendRLP(dst []byte) []byte {
	dst = rlp.AppendListHeader(dst, 5+rlp.Uint64Size(id.Next))
	dst = rlp.AppendBytes(dst, id.Hash[:])
	return rlp.AppendUint64(dst, id.Next)
}

// DecodeForkID decodes rlp([hash, next]). Errors match ErrMalformed.
//
// This function is safe for concurrent access.
func DecodeForkID(b []byte) (ForkID, error) {
	r := rlp.NewListReader(b)
	id, err := decodeForkID(&r)
	if err != nil {
		return id, &MessageError{Kind: ErrMalformed, Description: "fork id", Err: err}
	}
	return id, nil
}

func decodeForkID(r *rlp.ListReader) (ForkID, error) {
	var id ForkID
	h := r.Bytes()
	id.Next = r.Uint64()
	if err := r.Finish(); err != nil {
		return id, err
	}
	if len(h) != 4 {
		return id, &MessageError{Kind: ErrMalformed, Description: "fork hash not 4 bytes"}
	}
	copy(id.Hash[:], h)
	return id, nil
}
