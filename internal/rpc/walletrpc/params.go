package walletrpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// maxMoney is Core's MAX_MONEY in satoshis.
const maxMoney = 21_000_000 * 100_000_000

func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
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

func typeError(raw json.RawMessage, want string) *jsonrpc.Error {
	return jsonrpc.NewError(jsonrpc.CodeTypeError, "JSON value of type %s is not of expected type %s", jsonKind(raw), want)
}

func raw(p *jsonrpc.Params, i int) json.RawMessage {
	if i < len(p.Positional) {
		return p.Positional[i]
	}
	return nil
}

func reqString(p *jsonrpc.Params, i int) (string, error) {
	var s string
	if !p.Has(i) {
		return "", jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter %d", i+1)
	}
	if err := json.Unmarshal(raw(p, i), &s); err != nil {
		return "", typeError(raw(p, i), "string")
	}
	return s, nil
}

func optString(p *jsonrpc.Params, i int, def string) (string, error) {
	if !p.Has(i) {
		return def, nil
	}
	return reqString(p, i)
}

func optBool(p *jsonrpc.Params, i int, def bool) (bool, error) {
	if !p.Has(i) {
		return def, nil
	}
	var b bool
	if err := json.Unmarshal(raw(p, i), &b); err != nil {
		return false, typeError(raw(p, i), "bool")
	}
	return b, nil
}

func optInt(p *jsonrpc.Params, i int, def int64) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw(p, i), &n); err != nil {
		return 0, typeError(raw(p, i), "number")
	}
	v, err := n.Int64()
	if err != nil {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "JSON integer out of range")
	}
	return v, nil
}

func parseHash(s, name string) (chainhash.Hash, error) {
	if len(s) != 64 {
		return chainhash.Hash{}, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be of length 64 (not %d, for '%s')", name, len(s), s)
	}
	if _, err := hex.DecodeString(s); err != nil {
		return chainhash.Hash{}, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	return h, nil
}

// parseFixed8 parses a decimal with at most 8 fractional digits into
// satoshis (Core's ParseFixedPoint with 8 decimals).
func parseFixed8(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	// Exponent forms (1e-8) are accepted by Core; handle simple ones.
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e := s[i+1:]
		s = s[:i]
		sign := 1
		if strings.HasPrefix(e, "-") {
			sign, e = -1, e[1:]
		} else if strings.HasPrefix(e, "+") {
			e = e[1:]
		}
		if e == "" || len(e) > 3 {
			return 0, false
		}
		for _, c := range e {
			if c < '0' || c > '9' {
				return 0, false
			}
			exp = exp*10 + int(c-'0')
		}
		exp *= sign
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return 0, false
	}
	digits := intPart + frac
	scale := 8 - len(frac) + exp
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	digits = strings.TrimLeft(digits, "0")
	for scale < 0 {
		if digits == "" || digits[len(digits)-1] != '0' {
			if digits == "" {
				break
			}
			return 0, false
		}
		digits = digits[:len(digits)-1]
		scale++
	}
	if len(digits)+max(scale, 0) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range digits {
		v = v*10 + int64(c-'0')
	}
	for ; scale > 0; scale-- {
		v *= 10
	}
	if neg {
		v = -v
	}
	return v, true
}

// amountFromJSON is Core's AmountFromValue: a number or a string in BTC.
func amountFromJSON(r json.RawMessage) (int64, error) {
	kind := jsonKind(r)
	if kind != "number" && kind != "string" {
		return 0, typeError(r, "number")
	}
	s := string(bytes.TrimSpace(r))
	if kind == "string" {
		if err := json.Unmarshal(r, &s); err != nil {
			return 0, typeError(r, "number")
		}
	}
	v, ok := parseFixed8(s)
	if !ok {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid amount")
	}
	if v < 0 || v > maxMoney {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Amount out of range")
	}
	return v, nil
}

// feeRateSatVB parses a fee_rate argument in sat/vB (up to 3 decimals)
// into sat/kvB.
func feeRateSatVB(r json.RawMessage) (int64, error) {
	kind := jsonKind(r)
	if kind != "number" && kind != "string" {
		return 0, typeError(r, "number")
	}
	s := string(bytes.TrimSpace(r))
	if kind == "string" {
		_ = json.Unmarshal(r, &s)
	}
	// sat/vB with 3 decimals = sat/kvB; reuse the 8-decimal parser.
	v, ok := parseFixed8(s)
	if !ok || v < 0 {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid amount")
	}
	if v%100_000 != 0 {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid amount")
	}
	return v / 100_000, nil
}

// decodeAddress decodes an address of the service's network with Core's
// error.
func (s *Service) decodeAddress(a string) (address.Address, error) {
	addr, err := address.Decode(a, s.params)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid address")
	}
	return addr, nil
}

// estimateMode validates estimate_mode and reports conservative.
func estimateMode(p *jsonrpc.Params, i int) (bool, error) {
	m, err := optString(p, i, "unset")
	if err != nil {
		return false, err
	}
	switch strings.ToLower(m) {
	case "unset", "economical", "":
		return false, nil
	case "conservative":
		return true, nil
	}
	return false, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
}
