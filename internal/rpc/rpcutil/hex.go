package rpcutil

import (
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// IsHex reports whether s is a non-empty, even-length string of hex digits
// (either case), as Core's IsHex.
//
// This function is safe for concurrent access.
func IsHex(s string) bool {
	if len(s) == 0 || len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ParseHex is Core's ParseHexV for a string parameter named name: the bytes
// s encodes, or -8 "<name> must be hexadecimal string (not '<s>')" when s is
// not IsHex (the empty string included).
//
// This function is safe for concurrent access.
func ParseHex(s, name string) ([]byte, error) {
	if !IsHex(s) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	b, err := hex.DecodeString(s)
	if err != nil { // unreachable after IsHex
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	return b, nil
}

// ParseHash is Core's ParseHashV for a string parameter named name: s is
// the hash in display (byte-reversed) hex. A string that is not 64
// characters long is -8 "<name> must be of length 64 (not <n>, for '<s>')";
// one that is not hex is -8 "<name> must be hexadecimal string (not '<s>')".
//
// This function is safe for concurrent access.
func ParseHash(s, name string) (chainhash.Hash, error) {
	var h chainhash.Hash
	if len(s) != 2*chainhash.HashSize {
		return h, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be of length %d (not %d, for '%s')", name, 2*chainhash.HashSize, len(s), s)
	}
	if !IsHex(s) {
		return h, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	// Display order is byte-reversed: the first two digits are h[31].
	for i := range h {
		h[chainhash.HashSize-1-i] = nibble(s[2*i])<<4 | nibble(s[2*i+1])
	}
	return h, nil
}

// ReqHash returns required hash parameter i, named name in messages
// (ReqString, then ParseHash).
//
// This function is safe for concurrent access.
func ReqHash(p *jsonrpc.Params, i int, name string) (chainhash.Hash, error) {
	s, err := ReqString(p, i)
	if err != nil {
		return chainhash.Hash{}, err
	}
	return ParseHash(s, name)
}

// nibble returns the value of hex digit c, which IsHex has checked.
func nibble(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
