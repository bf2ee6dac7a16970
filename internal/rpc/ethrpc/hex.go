package ethrpc

import (
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// hexUint encodes a quantity: "0x" and hex digits without leading zeros.
func hexUint(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }

// hexU256 encodes a 256-bit quantity.
func hexU256(v *uint256.Int) string { return v.Hex() }

// hexBytes encodes data.
func hexBytes(b []byte) string {
	out := make([]byte, 2+2*len(b))
	out[0], out[1] = '0', 'x'
	hex.Encode(out[2:], b)
	return string(out)
}

// hexAddr encodes an address in lower case, as geth's RPC does.
func hexAddr(a ethtypes.Address) string { return hexBytes(a[:]) }

// hexHash encodes a hash.
func hexHash(h ethtypes.Hash) string { return hexBytes(h[:]) }

// jsonString unquotes raw, which must be a JSON string.
func jsonString(raw json.RawMessage, what string) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidParams("invalid argument: %s: json: cannot unmarshal %s into a string", what, kindOf(raw))
	}
	return s, nil
}

func kindOf(raw json.RawMessage) string {
	for _, c := range raw {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			return "string"
		case '{':
			return "object"
		case '[':
			return "array"
		case 't', 'f':
			return "bool"
		case 'n':
			return "null"
		default:
			return "number"
		}
	}
	return "null"
}

// parseQuantityString decodes a 64-bit quantity as geth's hexutil.Uint64.
func parseQuantityString(s string) (uint64, error) {
	d, err := quantityDigits(s, 16)
	if err != nil {
		return 0, err
	}
	v, perr := strconv.ParseUint(d, 16, 64)
	if perr != nil {
		return 0, errHex("hex string invalid")
	}
	return v, nil
}

// parseU256String decodes a quantity of at most 256 bits.
func parseU256String(s string) (uint256.Int, error) {
	var v uint256.Int
	d, err := quantityDigits(s, 64)
	if err != nil {
		return v, err
	}
	if perr := v.SetFromHex("0x" + d); perr != nil {
		return v, errHex("hex string invalid")
	}
	return v, nil
}

type errHex string

func (e errHex) Error() string { return string(e) }

// quantityDigits checks the shape of a quantity and returns its digits.
func quantityDigits(s string, maxDigits int) (string, error) {
	if s == "" {
		return "", errHex("empty hex string")
	}
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return "", errHex("hex string without 0x prefix")
	}
	d := s[2:]
	if d == "" {
		return "", errHex("hex string \"0x\"")
	}
	if len(d) > 1 && d[0] == '0' {
		return "", errHex("hex number with leading zero digits")
	}
	if len(d) > maxDigits {
		return "", errHex("hex number > " + strconv.Itoa(maxDigits*4) + " bits")
	}
	for i := 0; i < len(d); i++ {
		if !isHexDigit(d[i]) {
			return "", errHex("invalid hex string")
		}
	}
	return d, nil
}

func isHexDigit(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// parseDataString decodes 0x-prefixed even-length hex.
func parseDataString(s string) ([]byte, error) {
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return nil, errHex("hex string without 0x prefix")
	}
	d := s[2:]
	if len(d)%2 != 0 {
		return nil, errHex("hex string of odd length")
	}
	b, err := hex.DecodeString(d)
	if err != nil {
		return nil, errHex("invalid hex string")
	}
	return b, nil
}

// parseFixed decodes exactly n bytes of data.
func parseFixed(s string, n int) ([]byte, error) {
	b, err := parseDataString(s)
	if err != nil {
		return nil, err
	}
	if len(b) != n {
		return nil, errHex("hex string has length " + strconv.Itoa(2*len(b)) + ", want " + strconv.Itoa(2*n))
	}
	return b, nil
}

// Quantity is a JSON 64-bit quantity ("0x1a").
type Quantity uint64

// UnmarshalJSON decodes a quantity string.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into a quantity")
	}
	v, err := parseQuantityString(s)
	if err != nil {
		return err
	}
	*q = Quantity(v)
	return nil
}

// Big is a JSON 256-bit quantity.
type Big uint256.Int

// UnmarshalJSON decodes a quantity string of at most 256 bits.
func (q *Big) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into a quantity")
	}
	v, err := parseU256String(s)
	if err != nil {
		return err
	}
	*q = Big(v)
	return nil
}

// Bytes is JSON data ("0x...").
type Bytes []byte

// UnmarshalJSON decodes 0x-hex data.
func (d *Bytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into data")
	}
	v, err := parseDataString(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Address is a JSON address (20 bytes of 0x-hex; the checksum is not
// enforced, as in geth).
type Address ethtypes.Address

// UnmarshalJSON decodes an address.
func (a *Address) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into an address")
	}
	v, err := parseFixed(s, ethtypes.AddressLength)
	if err != nil {
		return err
	}
	copy(a[:], v)
	return nil
}

// Hash is a JSON 32-byte hash.
type Hash ethtypes.Hash

// UnmarshalJSON decodes a hash.
func (h *Hash) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into a hash")
	}
	v, err := parseFixed(s, ethtypes.HashLength)
	if err != nil {
		return err
	}
	copy(h[:], v)
	return nil
}
