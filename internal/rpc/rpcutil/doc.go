// Package rpcutil holds the parameter helpers the Bitcoin RPC services
// (btcrpc, miningrpc, walletrpc) share, with the error codes and messages of
// Bitcoin Core's src/rpc/util.cpp, UniValue and util/strencodings.cpp.
//
// # Model
//
// A method handler receives its arguments as a *jsonrpc.Params holding raw
// JSON values by position. The helpers here decode one position each:
//
//   - ReqString, OptString, OptBool, ReqInt, OptInt read plain values; a
//     missing required value is -8 "Missing required parameter N" and a value
//     of the wrong JSON type is -3 "JSON value of type T is not of expected
//     type W" (TypeError). An integer that does not fit int64, or a number
//     with a fraction or exponent, is -1 "JSON integer out of range", as
//     UniValue's getInt reports it through Core's RPC dispatcher.
//   - ParseHash and ReqHash are Core's ParseHashV; ParseHex and IsHex are
//     ParseHexV and IsHex (a non-empty, even-length string of hex digits).
//   - ParseVerbosity is Core's ParseVerbosity (a bool or a 32-bit integer).
//   - ParseFixedPoint is Core's ParseFixedPoint; AmountFromJSON and
//     AmountFromJSONDecimals are AmountFromValue; FeeRateParam is
//     ParseFeeRate.
//
// # Errors
//
// Every failure is a *jsonrpc.Error carrying Core's code and message, which
// the JSON-RPC server sends to the client unchanged; the package has no
// error kinds of its own. Callers that need to tell failures apart compare
// the Code field.
//
// # Concurrency
//
// All functions are pure and safe for concurrent access.
package rpcutil
