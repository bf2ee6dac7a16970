// Package jsonrpc is the HTTP (and WebSocket) JSON-RPC transport shared by the
// btc and eth RPC servers, and the matching client used by twinchain-cli.
//
// # Model
//
// A [Server] owns a method registry ([Server.Register], [Server.RegisterMethod]
// with a category for the grouped `help` list) and a dispatcher that
// speaks bitcoind's dialect:
//
//   - A request without "jsonrpc" (or with "1.0") is answered in the legacy
//     JSON-RPC 1.0 shape {"result":..,"error":..,"id":..} with both members
//     present; on a single failed request the HTTP status follows Core's
//     legacy mapping (400 for -32600, 404 for -32601, 500 for anything else).
//   - A request with "jsonrpc":"2.0" is answered in the strict 2.0 shape
//     (result xor error, "jsonrpc":"2.0"), always with HTTP 200; a 2.0
//     notification (no "id") gets no reply and HTTP 204.
//   - A batch (top-level array) is answered with an array (HTTP 200); each
//     element is handled as above, notifications are left out. Calls run in
//     the batch's order, except that a run of consecutive calls of a method
//     registered with a [GroupHandler] ([Method.Group]) is answered by one
//     call of it (eth_sendRawTransaction: the run's transactions enter the
//     pool together and are mined in one block).
//   - Params may be an array (positional) or an object (named). A method
//     registered with argument names gets named params mapped onto positions
//     as Core does (-8 on unknown or duplicated names); otherwise the handler
//     sees the object as is in [Params.Named].
//
// HTTP conventions are Core's httprpc/httpserver ones: 405 for anything but
// POST, 401 with `WWW-Authenticate: Basic realm="jsonrpc"` on missing or wrong
// credentials (after a short delay), 403 for clients outside -rpcallowip, 413
// when the body exceeds the limit, 503 when the work queue (-rpcthreads
// workers + -rpcworkqueue waiting) is full.
//
// Authentication ([Auth]) accepts the cookie (`__cookie__:<64 hex>` written to
// `.cookie` with mode 0600, see [WriteCookie]), -rpcuser/-rpcpassword and any
// number of -rpcauth lines (`user:salt$hex(HMAC-SHA256(key=salt, password))`,
// see [GenerateRPCAuth]); every comparison is constant-time.
//
// The WebSocket transport (enabled with [ServerConfig.WebSocket]) uses the
// same dispatcher; handlers reach the connection through
// [NotifierFromContext] to push server-side notifications (subscriptions).
// A write blocked for [ServerConfig.WSWriteTimeout] (10 s) disconnects the
// client.
//
// The account chain's server switches to geth's dialect with
// [ServerConfig.GethErrors] (every reply in the 2.0 shape with HTTP 200,
// geth's texts: "parse error", "invalid request", "empty batch", "non-array
// args", "the method x does not exist/is not available") and bounds batches
// with [ServerConfig.MaxBatch] (one -32600 "batch too large" reply above
// it, as geth's 1,000-call limit).
//
// Browser pages are served by three optional checks, all off by default
// (bitcoind has none): CORS ([ServerConfig.CORSOrigins]: preflights
// answered 204 with Allow-Methods "POST, GET", the requested headers and
// Max-Age 600; matching origins get Access-Control-Allow-Origin), a Host
// header check against DNS rebinding ([ServerConfig.VirtualHosts]: 403
// "invalid host specified", IP literals always pass) and the WebSocket
// handshake's Origin ([ServerConfig.WSOrigins]), as geth's --http.corsdomain,
// --http.vhosts and --ws.origins.
//
// # Errors
//
// Method handlers return an *[Error] carrying a JSON-RPC code (the Code*
// constants mirror Core's RPCErrorCode); any other error becomes -1
// (RPC_MISC_ERROR). Configuration and client-side failures are
// *[TransportError] values whose ErrorKind is usable with errors.Is.
//
// # Concurrency
//
// A Server is safe for concurrent use once started; Register must be called
// before Start. A Client is safe for concurrent use.
package jsonrpc
