package rpcutil

import (
	"encoding/json"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// fixedPointBound is the largest magnitude ParseFixedPoint represents
// (Core's UPPER_BOUND, 10^18-1).
const fixedPointBound = 1_000_000_000_000_000_000 - 1

// ParseFixedPoint parses the decimal s into an integer count of
// 10^-decimals units, with Core's ParseFixedPoint rules: an optional '-',
// then "0" or a digit string not starting with 0, an optional fraction
// ".digits", an optional exponent "e"/"E" with an optional sign and digits;
// nothing else (no blanks, no '+' sign, no ".5" or "5."). It fails when the
// value is not a whole number of units, when its scaled exponent is 18 or
// more (even for zero), or when the result's magnitude exceeds 10^18-1.
//
// This function is safe for concurrent access.
func ParseFixedPoint(s string, decimals int) (int64, bool) {
	return parseFixedPoint(s, decimals)
}

// parseFixedPoint is ParseFixedPoint over text held in either form, so that
// a raw JSON number needs no copy.
func parseFixedPoint[T string | []byte](s T, decimals int) (int64, bool) {
	var (
		mantissa int64
		tzeros   int64 // zeros seen after the mantissa's last non-zero digit
		exp      int64
		pointOfs int64
		neg      bool
		expNeg   bool
	)
	i, n := 0, len(s)
	if i < n && s[i] == '-' {
		neg = true
		i++
	}
	switch {
	case i >= n:
		return 0, false // empty or a lone '-'
	case s[i] == '0':
		i++ // a single leading zero; more digits are trailing garbage
	case isDigit(s[i]):
		for ; i < n && isDigit(s[i]); i++ {
			if !mantissaDigit(s[i], &mantissa, &tzeros) {
				return 0, false
			}
		}
	default:
		return 0, false
	}
	if i < n && s[i] == '.' {
		i++
		if i >= n || !isDigit(s[i]) {
			return 0, false
		}
		for ; i < n && isDigit(s[i]); i++ {
			if !mantissaDigit(s[i], &mantissa, &tzeros) {
				return 0, false
			}
			pointOfs++
		}
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && s[i] == '+' {
			i++
		} else if i < n && s[i] == '-' {
			expNeg = true
			i++
		}
		if i >= n || !isDigit(s[i]) {
			return 0, false
		}
		for ; i < n && isDigit(s[i]); i++ {
			if exp > fixedPointBound/10 {
				return 0, false
			}
			exp = exp*10 + int64(s[i]-'0')
		}
	}
	if i != n {
		return 0, false
	}
	if expNeg {
		exp = -exp
	}
	exp = exp - pointOfs + tzeros + int64(decimals)
	if neg {
		mantissa = -mantissa
	}
	if exp < 0 || exp >= 18 {
		return 0, false
	}
	for ; exp > 0; exp-- {
		if mantissa > fixedPointBound/10 || mantissa < -(fixedPointBound/10) {
			return 0, false
		}
		mantissa *= 10
	}
	if mantissa > fixedPointBound || mantissa < -fixedPointBound {
		return 0, false
	}
	return mantissa, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// mantissaDigit appends digit c to the mantissa, holding back trailing zeros
// in tzeros so that they cost no precision until a non-zero digit follows.
// It reports false on overflow.
func mantissaDigit(c byte, mantissa, tzeros *int64) bool {
	if c == '0' {
		*tzeros++
		return true
	}
	for k := int64(0); k <= *tzeros; k++ {
		if *mantissa > fixedPointBound/10 {
			return false
		}
		*mantissa *= 10
	}
	*mantissa += int64(c - '0')
	*tzeros = 0
	return true
}

// AmountFromJSON is Core's AmountFromValue with 8 decimals: raw, a JSON
// number or a string holding one, in BTC, returned in satoshis. A value of
// another type is -3 "Amount is not a number or string", text
// ParseFixedPoint rejects is -3 "Invalid amount", and a value outside
// [0, MAX_MONEY] is -3 "Amount out of range".
//
// This function is safe for concurrent access.
func AmountFromJSON(raw json.RawMessage) (int64, error) {
	return AmountFromJSONDecimals(raw, 8)
}

// AmountFromJSONDecimals is Core's AmountFromValue(value, decimals): as
// AmountFromJSON, counting 10^-decimals units (3 reads a sat/vB fee rate in
// sat/kvB). The range check is always MAX_MONEY in those units.
//
// This function is safe for concurrent access.
func AmountFromJSONDecimals(raw json.RawMessage, decimals int) (int64, error) {
	var (
		v  int64
		ok bool
	)
	switch jsonrpc.JSONType(raw) {
	case "number":
		v, ok = parseFixedPoint(trimBlank(raw), decimals)
	case "string":
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Amount is not a number or string")
		}
		v, ok = parseFixedPoint(text, decimals)
	default:
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Amount is not a number or string")
	}
	if !ok {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid amount")
	}
	if !consensus.MoneyRange(v) {
		return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Amount out of range")
	}
	return v, nil
}

// FeeRateParam is Core's ParseFeeRate for optional parameter i, a BTC/kvB
// amount: def when it is missing or null, otherwise AmountFromJSON's result
// in sat/kvB, with -8 "Fee rates larger than or equal to 1BTC/kvB are not
// accepted" at 1 BTC/kvB or more.
//
// This function is safe for concurrent access.
func FeeRateParam(p *jsonrpc.Params, i int, def int64) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	v, err := AmountFromJSON(p.Positional[i])
	if err != nil {
		return 0, err
	}
	if v >= consensus.COIN {
		return 0, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Fee rates larger than or equal to 1BTC/kvB are not accepted")
	}
	return v, nil
}

// trimBlank drops JSON whitespace around a raw number.
func trimBlank(b []byte) []byte {
	for len(b) > 0 && isBlank(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isBlank(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
