package ethrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TypedData is an EIP-712 typed structured data message, as
// eth_signTypedData_v4 receives it.
type TypedData struct {
	Types       map[string][]TypedField `json:"types"`
	PrimaryType string                  `json:"primaryType"`
	Domain      map[string]any          `json:"domain"`
	Message     map[string]any          `json:"message"`
}

// TypedField is one member of a struct type.
type TypedField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// maxTypedDepth bounds the nesting of structs and arrays (hostile input).
const maxTypedDepth = 32

// Hash returns the EIP-712 digest keccak256(0x1901 || domainSeparator ||
// hashStruct(message)).
func (td *TypedData) Hash() (ethtypes.Hash, error) {
	dom, err := td.HashStruct("EIP712Domain", td.Domain)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	if td.PrimaryType == "EIP712Domain" {
		return ethtypes.Keccak256Hash([]byte{0x19, 0x01}, dom[:]), nil
	}
	msg, err := td.HashStruct(td.PrimaryType, td.Message)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	return ethtypes.Keccak256Hash([]byte{0x19, 0x01}, dom[:], msg[:]), nil
}

// HashStruct returns keccak256(typeHash || encodeData(data)).
func (td *TypedData) HashStruct(typ string, data map[string]any) (ethtypes.Hash, error) {
	enc, err := td.encodeData(typ, data, 0)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	return ethtypes.Keccak256Hash(enc), nil
}

// baseType strips array suffixes: "Person[][2]" -> "Person".
func baseType(t string) string {
	if i := strings.IndexByte(t, '['); i >= 0 {
		return t[:i]
	}
	return t
}

// dependencies collects the struct types typ references, typ first.
func (td *TypedData) dependencies(typ string, found map[string]bool) error {
	typ = baseType(typ)
	if found[typ] {
		return nil
	}
	fields, ok := td.Types[typ]
	if !ok {
		return nil
	}
	if len(found) > 256 {
		return errHex("too many types")
	}
	found[typ] = true
	for _, f := range fields {
		if err := td.dependencies(f.Type, found); err != nil {
			return err
		}
	}
	return nil
}

// EncodeType returns the EIP-712 encodeType of typ: the type and then its
// referenced struct types sorted by name.
func (td *TypedData) EncodeType(typ string) (string, error) {
	found := map[string]bool{}
	if err := td.dependencies(typ, found); err != nil {
		return "", err
	}
	if !found[typ] {
		return "", errHex("unknown type " + strconv.Quote(typ))
	}
	delete(found, typ)
	deps := make([]string, 0, len(found))
	for d := range found {
		deps = append(deps, d)
	}
	sort.Strings(deps)
	var b strings.Builder
	for _, t := range append([]string{typ}, deps...) {
		b.WriteString(t)
		b.WriteByte('(')
		for i, f := range td.Types[t] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.Type)
			b.WriteByte(' ')
			b.WriteString(f.Name)
		}
		b.WriteByte(')')
	}
	return b.String(), nil
}

func (td *TypedData) encodeData(typ string, data map[string]any, depth int) ([]byte, error) {
	if depth > maxTypedDepth {
		return nil, errHex("typed data nested too deeply")
	}
	et, err := td.EncodeType(typ)
	if err != nil {
		return nil, err
	}
	th := crypto.Keccak256([]byte(et))
	out := append([]byte{}, th[:]...)
	for _, f := range td.Types[typ] {
		v, err := td.encodeValue(f.Type, data[f.Name], depth+1)
		if err != nil {
			return nil, errHex("field " + f.Name + ": " + err.Error())
		}
		out = append(out, v...)
	}
	return out, nil
}

// encodeValue returns the 32-byte encoding of a member value.
func (td *TypedData) encodeValue(typ string, v any, depth int) ([]byte, error) {
	if depth > maxTypedDepth {
		return nil, errHex("typed data nested too deeply")
	}
	if strings.HasSuffix(typ, "]") {
		i := strings.LastIndexByte(typ, '[')
		if i <= 0 {
			return nil, errHex("invalid array type " + strconv.Quote(typ))
		}
		elem := typ[:i]
		arr, ok := v.([]any)
		if !ok {
			return nil, errHex("expected an array for " + typ)
		}
		if n := typ[i+1 : len(typ)-1]; n != "" {
			want, err := strconv.Atoi(n)
			if err != nil || want != len(arr) {
				return nil, errHex("array length mismatch for " + typ)
			}
		}
		var buf []byte
		for _, e := range arr {
			enc, err := td.encodeValue(elem, e, depth+1)
			if err != nil {
				return nil, err
			}
			buf = append(buf, enc...)
		}
		h := crypto.Keccak256(buf)
		return h[:], nil
	}
	if _, ok := td.Types[typ]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			if v == nil {
				// geth encodes a missing struct as 32 zero bytes.
				return make([]byte, 32), nil
			}
			return nil, errHex("expected an object for " + typ)
		}
		enc, err := td.encodeData(typ, m, depth+1)
		if err != nil {
			return nil, err
		}
		h := crypto.Keccak256(enc)
		return h[:], nil
	}
	switch {
	case typ == "string":
		s, ok := v.(string)
		if !ok {
			return nil, errHex("expected a string")
		}
		h := crypto.Keccak256([]byte(s))
		return h[:], nil
	case typ == "bytes":
		b, err := typedBytes(v)
		if err != nil {
			return nil, err
		}
		h := crypto.Keccak256(b)
		return h[:], nil
	case typ == "bool":
		out := make([]byte, 32)
		switch x := v.(type) {
		case bool:
			if x {
				out[31] = 1
			}
		case string:
			if x == "true" {
				out[31] = 1
			} else if x != "false" {
				return nil, errHex("invalid bool")
			}
		default:
			return nil, errHex("invalid bool")
		}
		return out, nil
	case typ == "address":
		s, ok := v.(string)
		if !ok {
			return nil, errHex("expected an address string")
		}
		b, err := parseFixed(s, 20)
		if err != nil {
			return nil, err
		}
		return append(make([]byte, 12), b...), nil
	case strings.HasPrefix(typ, "bytes"):
		n, err := strconv.Atoi(typ[5:])
		if err != nil || n < 1 || n > 32 {
			return nil, errHex("unknown type " + typ)
		}
		b, err := typedBytes(v)
		if err != nil {
			return nil, err
		}
		if len(b) > n {
			return nil, errHex("bytes value too long for " + typ)
		}
		out := make([]byte, 32)
		copy(out, b)
		return out, nil
	case strings.HasPrefix(typ, "uint"), strings.HasPrefix(typ, "int"):
		signed := typ[0] == 'i'
		bits, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(typ, "u"), "int"))
		if err != nil || bits < 8 || bits > 256 || bits%8 != 0 {
			return nil, errHex("unknown type " + typ)
		}
		x, err := typedInt(v)
		if err != nil {
			return nil, err
		}
		lim := new(big.Int).Lsh(big.NewInt(1), uint(bits))
		if signed {
			half := new(big.Int).Rsh(lim, 1)
			if x.Cmp(half) >= 0 || x.Cmp(new(big.Int).Neg(half)) < 0 {
				return nil, errHex("integer out of range for " + typ)
			}
		} else if x.Sign() < 0 || x.Cmp(lim) >= 0 {
			return nil, errHex("integer out of range for " + typ)
		}
		if x.Sign() < 0 {
			x.Add(x, new(big.Int).Lsh(big.NewInt(1), 256))
		}
		out := make([]byte, 32)
		x.FillBytes(out)
		return out, nil
	}
	return nil, errHex("unknown type " + typ)
}

func typedBytes(v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, errHex("expected 0x-hex bytes")
	}
	return parseDataString(s)
}

// typedInt reads a JSON number, a decimal string or a 0x-hex string.
func typedInt(v any) (*big.Int, error) {
	switch x := v.(type) {
	case json.Number:
		return parseBigInt(string(x))
	case float64:
		bf := new(big.Float).SetFloat64(x)
		i, acc := bf.Int(nil)
		if acc != big.Exact {
			return nil, errHex("non-integer number")
		}
		return i, nil
	case string:
		return parseBigInt(x)
	}
	return nil, errHex("expected an integer")
}

func parseBigInt(s string) (*big.Int, error) {
	if len(s) > 80 {
		return nil, errHex("integer too long")
	}
	neg := strings.HasPrefix(s, "-")
	t := strings.TrimPrefix(s, "-")
	var x *big.Int
	var ok bool
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		x, ok = new(big.Int).SetString(t[2:], 16)
	} else {
		x, ok = new(big.Int).SetString(t, 10)
	}
	if !ok {
		return nil, errHex("invalid integer " + strconv.Quote(s))
	}
	if neg {
		x.Neg(x)
	}
	return x, nil
}

// decodeTypedData decodes the typed data parameter: an object, or a
// string holding the JSON (as MetaMask sends it).
func decodeTypedData(raw json.RawMessage) (*TypedData, error) {
	if kindOf(raw) == "string" {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		raw = json.RawMessage(s)
	}
	var td TypedData
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&td); err != nil {
		return nil, errHex("invalid typed data: " + err.Error())
	}
	if _, ok := td.Types["EIP712Domain"]; !ok {
		return nil, errHex("typed data lacks the EIP712Domain type")
	}
	return &td, nil
}

func (s *Service) signTypedData(_ context.Context, p []json.RawMessage) (any, error) {
	var addr Address
	if err := arg(p, 0, &addr, true); err != nil {
		return nil, err
	}
	if !present(p, 1) {
		return nil, invalidParams("missing value for required argument 1")
	}
	td, err := decodeTypedData(p[1])
	if err != nil {
		return nil, invalidParams("invalid argument 1: %v", err)
	}
	key, ok := s.account(ethtypes.Address(addr))
	if !ok {
		return nil, serverError("unknown account")
	}
	h, err := td.Hash()
	if err != nil {
		return nil, serverError("%v", err)
	}
	sig, err := signHash(key, h[:])
	if err != nil {
		return nil, serverError("%v", err)
	}
	return hexBytes(sig), nil
}
