package rpcutil

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// params builds positional parameters from raw JSON texts; "" is a
// parameter left out (a nil slot), "null" a JSON null.
func params(raws ...string) *jsonrpc.Params {
	p := &jsonrpc.Params{Positional: make([]json.RawMessage, len(raws))}
	for i, r := range raws {
		if r != "" {
			p.Positional[i] = json.RawMessage(r)
		}
	}
	return p
}

// checkErr fails unless err is nil when code is 0, or a *jsonrpc.Error with
// the given code and message otherwise.
func checkErr(t *testing.T, err error, code int, msg string) {
	t.Helper()
	if code == 0 {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	var je *jsonrpc.Error
	if !errors.As(err, &je) {
		t.Fatalf("error %v (%T), want *jsonrpc.Error %d %q", err, err, code, msg)
	}
	if je.Code != code || je.Message != msg {
		t.Fatalf("error %d %q, want %d %q", je.Code, je.Message, code, msg)
	}
}

// checkResult is checkErr, then, on success, a check that got is want.
func checkResult[T comparable](t *testing.T, got T, err error, want T, code int, msg string) {
	t.Helper()
	checkErr(t, err, code, msg)
	if code == 0 && got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestTypeError(t *testing.T) {
	tests := []struct {
		name, raw, want, msg string
	}{
		{"number for string", "1", "string", "JSON value of type number is not of expected type string"},
		{"string for number", `"1"`, "number", "JSON value of type string is not of expected type number"},
		{"object for array", `{}`, "array", "JSON value of type object is not of expected type array"},
		{"array for bool", `[1]`, "bool", "JSON value of type array is not of expected type bool"},
		{"bool for object", `true`, "object", "JSON value of type bool is not of expected type object"},
		{"null", `null`, "string", "JSON value of type null is not of expected type string"},
		{"empty is null", ``, "string", "JSON value of type null is not of expected type string"},
		{"leading blanks", " \n\"x\"", "number", "JSON value of type string is not of expected type number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkErr(t, TypeError(json.RawMessage(tc.raw), tc.want), jsonrpc.CodeTypeError, tc.msg)
		})
	}
}

func TestReqOptString(t *testing.T) {
	tests := []struct {
		name   string
		p      *jsonrpc.Params
		i      int
		req    bool
		want   string
		code   int
		errMsg string
	}{
		{"present", params(`"abc"`), 0, true, "abc", 0, ""},
		{"escaped", params(`1`, `"a\"b"`), 1, true, `a"b`, 0, ""},
		{"missing", params(), 0, true, "", -8, "Missing required parameter 1"},
		{"absent slot", params(`1`, ``), 1, true, "", -8, "Missing required parameter 2"},
		{"null", params(`null`), 0, true, "", -8, "Missing required parameter 1"},
		{"number", params(`5`), 0, true, "", -3, "JSON value of type number is not of expected type string"},
		{"bool", params(`false`), 0, true, "", -3, "JSON value of type bool is not of expected type string"},
		{"opt default", params(), 0, false, "dflt", 0, ""},
		{"opt null default", params(`null`), 0, false, "dflt", 0, ""},
		{"opt present", params(`"x"`), 0, false, "x", 0, ""},
		{"opt wrong type", params(`[]`), 0, false, "", -3, "JSON value of type array is not of expected type string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			var err error
			if tc.req {
				got, err = ReqString(tc.p, tc.i)
			} else {
				got, err = OptString(tc.p, tc.i, "dflt")
			}
			checkResult(t, got, err, tc.want, tc.code, tc.errMsg)
		})
	}
}

func TestOptBool(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		want   bool
		code   int
		errMsg string
	}{
		{"true", `true`, true, 0, ""},
		{"false", `false`, false, 0, ""},
		{"absent default", ``, true, 0, ""},
		{"null default", `null`, true, 0, ""},
		{"number", `1`, false, -3, "JSON value of type number is not of expected type bool"},
		{"string", `"true"`, false, -3, "JSON value of type string is not of expected type bool"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := OptBool(params(tc.raw), 0, true)
			checkResult(t, got, err, tc.want, tc.code, tc.errMsg)
		})
	}
}

func TestReqOptInt(t *testing.T) {
	const outOfRange = "JSON integer out of range"
	tests := []struct {
		name   string
		raw    string
		req    bool
		want   int64
		code   int
		errMsg string
	}{
		{"zero", `0`, true, 0, 0, ""},
		{"negative", `-7`, true, -7, 0, ""},
		{"max", `9223372036854775807`, true, 9223372036854775807, 0, ""},
		{"min", `-9223372036854775808`, true, -9223372036854775808, 0, ""},
		{"too big", `9223372036854775808`, true, 0, -1, outOfRange},
		{"too small", `-9223372036854775809`, true, 0, -1, outOfRange},
		{"fraction", `1.5`, true, 0, -1, outOfRange},
		{"whole fraction", `1.0`, true, 0, -1, outOfRange},
		{"exponent", `1e3`, true, 0, -1, outOfRange},
		{"string", `"5"`, true, 0, -3, "JSON value of type string is not of expected type number"},
		{"bool", `true`, true, 0, -3, "JSON value of type bool is not of expected type number"},
		{"missing", ``, true, 0, -8, "Missing required parameter 1"},
		{"null", `null`, true, 0, -8, "Missing required parameter 1"},
		{"opt default", ``, false, 42, 0, ""},
		{"opt null default", `null`, false, 42, 0, ""},
		{"opt present", `3`, false, 3, 0, ""},
		{"opt fraction", `0.5`, false, 0, -1, outOfRange},
		{"opt object", `{}`, false, 0, -3, "JSON value of type object is not of expected type number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got int64
			var err error
			if tc.req {
				got, err = ReqInt(params(tc.raw), 0)
			} else {
				got, err = OptInt(params(tc.raw), 0, 42)
			}
			checkResult(t, got, err, tc.want, tc.code, tc.errMsg)
		})
	}
}

func TestParseVerbosity(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		allowBool bool
		want      int64
		code      int
		errMsg    string
	}{
		{"default", ``, true, 1, 0, ""},
		{"null default", `null`, false, 1, 0, ""},
		{"true", `true`, true, 1, 0, ""},
		{"false", `false`, true, 0, 0, ""},
		{"bool refused", `true`, false, 0, -3, "Verbosity was boolean but only integer allowed"},
		{"two", `2`, false, 2, 0, ""},
		{"negative", `-1`, true, -1, 0, ""},
		{"int32 max", `2147483647`, true, 2147483647, 0, ""},
		{"int32 overflow", `2147483648`, true, 0, -1, "JSON integer out of range"},
		{"int32 underflow", `-2147483649`, true, 0, -1, "JSON integer out of range"},
		{"fraction", `1.5`, true, 0, -1, "JSON integer out of range"},
		{"string", `"1"`, true, 0, -3, "JSON value of type string is not of expected type number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseVerbosity(params(tc.raw), 0, 1, tc.allowBool)
			checkResult(t, got, err, tc.want, tc.code, tc.errMsg)
		})
	}
}
