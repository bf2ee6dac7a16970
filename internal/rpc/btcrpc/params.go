package btcrpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Parameter decoding, with Core's messages (rpc/util.cpp ParseHashV,
// ParseHexV, AmountFromValue, ParseVerbosity).

const coin = 100_000_000

// maxMoney is Core's MAX_MONEY.
const maxMoney = 21_000_000 * coin

// jsonKind returns the UniValue type name of a raw JSON value.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
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
	}
	return "number"
}

// typeError is Core's RPCTypeCheck failure.
func typeError(raw json.RawMessage, want string) *jsonrpc.Error {
	return rpcErr(jsonrpc.CodeTypeError, "JSON value of type %s is not of expected type %s", jsonKind(raw), want)
}

// reqString returns required string parameter i.
func reqString(p *jsonrpc.Params, i int) (string, error) {
	var s string
	if !p.Has(i) {
		return "", rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter %d", i+1)
	}
	if err := json.Unmarshal(p.Positional[i], &s); err != nil {
		return "", typeError(p.Positional[i], "string")
	}
	return s, nil
}

// optString returns optional string parameter i, or def.
func optString(p *jsonrpc.Params, i int, def string) (string, error) {
	if !p.Has(i) {
		return def, nil
	}
	return reqString(p, i)
}

// optBool returns optional bool parameter i, or def.
func optBool(p *jsonrpc.Params, i int, def bool) (bool, error) {
	if !p.Has(i) {
		return def, nil
	}
	var b bool
	if err := json.Unmarshal(p.Positional[i], &b); err != nil {
		return false, typeError(p.Positional[i], "bool")
	}
	return b, nil
}

// reqInt returns required integer parameter i (a JSON number without a
// fraction that fits int64).
func reqInt(p *jsonrpc.Params, i int) (int64, error) {
	if !p.Has(i) {
		return 0, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter %d", i+1)
	}
	raw := p.Positional[i]
	if jsonKind(raw) != "number" {
		return 0, typeError(raw, "number")
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil {
		return 0, rpcErr(jsonrpc.CodeTypeError, "JSON integer out of range")
	}
	return n, nil
}

// optInt returns optional integer parameter i, or def.
func optInt(p *jsonrpc.Params, i int, def int64) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	return reqInt(p, i)
}

// parseHash is Core's ParseHashV for a string already decoded.
func parseHash(s, name string) (chainhash.Hash, error) {
	if len(s) != 64 {
		return chainhash.Hash{}, rpcErr(jsonrpc.CodeInvalidParameter, "%s must be of length %d (not %d, for '%s')", name, 64, len(s), s)
	}
	if !isHex(s) {
		return chainhash.Hash{}, rpcErr(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, rpcErr(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	return h, nil
}

// reqHash returns required hash parameter i, named name in messages.
func reqHash(p *jsonrpc.Params, i int, name string) (chainhash.Hash, error) {
	s, err := reqString(p, i)
	if err != nil {
		return chainhash.Hash{}, err
	}
	return parseHash(s, name)
}

func isHex(s string) bool {
	if len(s)%2 != 0 {
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

// parseHex is Core's ParseHexV.
func parseHex(s, name string) ([]byte, error) {
	if !isHex(s) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	b, _ := hex.DecodeString(s)
	return b, nil
}

// parseVerbosity is Core's ParseVerbosity: a bool (true = 1) or a number.
func parseVerbosity(p *jsonrpc.Params, i int, def int64, allowBool bool) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	raw := p.Positional[i]
	if jsonKind(raw) == "bool" {
		if !allowBool {
			return 0, rpcErr(jsonrpc.CodeTypeError, "Verbosity was boolean but only integer allowed")
		}
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("true")) {
			return 1, nil
		}
		return 0, nil
	}
	return reqInt(p, i)
}

// parseFixed8 parses a decimal with at most 8 fractional digits into an
// integer count of 1e-8 units (Core's ParseFixedPoint with 8 decimals).
func parseFixed8(s string) (int64, bool) {
	if s == "" || len(s) > 40 {
		return 0, false
	}
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e < -100 || e > 100 {
			return 0, false
		}
		mant, exp = s[:i], e
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
		if frac == "" {
			return 0, false
		}
	}
	if intPart == "" || len(intPart) > 1 && intPart[0] == '0' {
		return 0, false
	}
	digits := intPart + frac
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	// value = digits * 10^(exp - len(frac)); scaled by 1e8.
	shift := exp - len(frac) + 8
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, true
	}
	if shift < 0 {
		if -shift > len(digits) {
			return 0, false
		}
		tail := digits[len(digits)+shift:]
		if strings.Trim(tail, "0") != "" {
			return 0, false
		}
		digits = digits[:len(digits)+shift]
		shift = 0
	}
	if len(digits)+shift > 18 {
		return 0, false
	}
	n, err := strconv.ParseInt(digits+strings.Repeat("0", shift), 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// amountFromJSON is Core's AmountFromValue: a JSON number or numeric string
// in BTC, returned in satoshis.
func amountFromJSON(raw json.RawMessage) (int64, error) {
	var text string
	switch jsonKind(raw) {
	case "number":
		text = string(bytes.TrimSpace(raw))
	case "string":
		if err := json.Unmarshal(raw, &text); err != nil {
			return 0, rpcErr(jsonrpc.CodeTypeError, "Amount is not a number or string")
		}
	default:
		return 0, rpcErr(jsonrpc.CodeTypeError, "Amount is not a number or string")
	}
	v, ok := parseFixed8(text)
	if !ok {
		return 0, rpcErr(jsonrpc.CodeTypeError, "Invalid amount")
	}
	if v < 0 || v > maxMoney {
		return 0, rpcErr(jsonrpc.CodeTypeError, "Amount out of range")
	}
	return v, nil
}

// feeRateParam is Core's ParseFeeRate for a BTC/kvB parameter, in sat/kvB.
func feeRateParam(p *jsonrpc.Params, i int, def int64) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	v, err := amountFromJSON(p.Positional[i])
	if err != nil {
		return 0, err
	}
	if v >= coin {
		return 0, rpcErr(jsonrpc.CodeInvalidParameter, "Fee rates larger than or equal to 1BTC/kvB are not accepted")
	}
	return v, nil
}
