package rpcutil

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// TypeError returns Core's RPC type-check failure for raw when a value of
// JSON type want ("string", "number", "bool", ...) was expected: code -3,
// "JSON value of type <got> is not of expected type <want>".
//
// This function is safe for concurrent access.
func TypeError(raw json.RawMessage, want string) *jsonrpc.Error {
	return jsonrpc.NewError(jsonrpc.CodeTypeError, "JSON value of type %s is not of expected type %s", jsonrpc.JSONType(raw), want)
}

// missing is the failure for an absent or null required parameter i.
func missing(i int) *jsonrpc.Error {
	return jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter %d", i+1)
}

// errIntRange is UniValue's getInt failure, which Core's dispatcher turns
// into RPC_MISC_ERROR.
func errIntRange() *jsonrpc.Error {
	return jsonrpc.NewError(jsonrpc.CodeMiscError, "JSON integer out of range")
}

// ReqString returns required string parameter i (-8 when it is missing or
// null, -3 when it is not a string).
//
// This function is safe for concurrent access.
func ReqString(p *jsonrpc.Params, i int) (string, error) {
	if !p.Has(i) {
		return "", missing(i)
	}
	var s string
	if err := json.Unmarshal(p.Positional[i], &s); err != nil {
		return "", TypeError(p.Positional[i], "string")
	}
	return s, nil
}

// OptString returns optional string parameter i, or def when it is missing
// or null.
//
// This function is safe for concurrent access.
func OptString(p *jsonrpc.Params, i int, def string) (string, error) {
	if !p.Has(i) {
		return def, nil
	}
	return ReqString(p, i)
}

// OptBool returns optional bool parameter i, or def when it is missing or
// null (-3 when it is not a bool).
//
// This function is safe for concurrent access.
func OptBool(p *jsonrpc.Params, i int, def bool) (bool, error) {
	if !p.Has(i) {
		return def, nil
	}
	var b bool
	if err := json.Unmarshal(p.Positional[i], &b); err != nil {
		return false, TypeError(p.Positional[i], "bool")
	}
	return b, nil
}

// ReqInt returns required integer parameter i: -8 when it is missing or
// null, -3 when it is not a JSON number, -1 "JSON integer out of range" when
// the number has a fraction or an exponent or does not fit int64 (UniValue's
// getInt<int64_t>).
//
// This function is safe for concurrent access.
func ReqInt(p *jsonrpc.Params, i int) (int64, error) {
	if !p.Has(i) {
		return 0, missing(i)
	}
	return parseInt(p.Positional[i])
}

// OptInt is ReqInt returning def when parameter i is missing or null.
//
// This function is safe for concurrent access.
func OptInt(p *jsonrpc.Params, i int, def int64) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	return parseInt(p.Positional[i])
}

func parseInt(raw json.RawMessage) (int64, error) {
	if jsonrpc.JSONType(raw) != "number" {
		return 0, TypeError(raw, "number")
	}
	n, err := strconv.ParseInt(string(trimBlank(raw)), 10, 64)
	if err != nil {
		return 0, errIntRange()
	}
	return n, nil
}

// ParseVerbosity is Core's ParseVerbosity for parameter i: def when it is
// missing or null; a bool counts as 0 or 1 when allowBool (otherwise -3
// "Verbosity was boolean but only integer allowed"); any other value must be
// an integer that fits 32 bits (Core reads it with getInt<int>).
//
// This function is safe for concurrent access.
func ParseVerbosity(p *jsonrpc.Params, i int, def int64, allowBool bool) (int64, error) {
	if !p.Has(i) {
		return def, nil
	}
	raw := p.Positional[i]
	if jsonrpc.JSONType(raw) == "bool" {
		if !allowBool {
			return 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Verbosity was boolean but only integer allowed")
		}
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return 0, TypeError(raw, "bool")
		}
		if b {
			return 1, nil
		}
		return 0, nil
	}
	v, err := parseInt(raw)
	if err != nil {
		return 0, err
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, errIntRange()
	}
	return v, nil
}
