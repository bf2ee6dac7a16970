// Command twinchain-cli is the command-line RPC client of twinchaind. It
// behaves like Bitcoin Core's bitcoin-cli: the same options, the same
// conversion of arguments into JSON-RPC parameters, the same output and the
// same exit statuses, so scripts written for bitcoin-cli keep working.
//
// # Usage
//
//	twinchain-cli [options] <command> [params]
//	twinchain-cli [options] -named <command> [name=value]...
//	twinchain-cli [options] help [command]
//	twinchain-cli [options] eth <method> [params...]
//
// Options: -regtest/-testnet/-testnet4/-signet/-chain=, -datadir, -conf,
// -rpcconnect, -rpcport, -rpcuser, -rpcpassword, -rpccookiefile,
// -rpcwallet (the /wallet/<name> endpoint), -rpcclienttimeout, -rpcwait,
// -rpcwaittimeout, -named, -stdin, -stdinrpcpass, -stdinwalletpassphrase,
// -getinfo, -generate [nblocks] [maxtries], -color, -version, -help.
//
// # Configuration
//
// The network, data directory, configuration file, RPC port and credentials
// are resolved by internal/config exactly as twinchaind resolves them, so
// with no options the client finds a locally running dev node: regtest,
// 127.0.0.1:18443 and the cookie at <datadir>/btc/regtest/.cookie. The
// client-only settings rpcconnect, rpcwallet, rpcclienttimeout, rpcwait and
// rpcwaittimeout may also come from the configuration file (the selected
// network's section first, then the top).
//
// # Arguments
//
// Arguments are strings unless the (method, position) pair is listed in
// the conversion table (convert_table.go, Core's vRPCConvertParams for the
// methods twinchaind serves), in which case they are parsed as JSON;
// "Error parsing JSON: <arg>" otherwise. With -named, NAME=VALUE arguments
// become an object of named parameters and the table is looked up by name;
// arguments without '=' are passed positionally in "args".
//
// # Output
//
// A string result is printed as is, null prints nothing, any other result
// is printed as JSON laid out as UniValue pretty-prints it (2 spaces).
// A server error prints "error code: N\nerror message:\n<message>" on
// standard error and exits with |N| (as bitcoin-cli); client-side failures
// (connection, credentials, bad arguments) print "error: ..." and exit 1.
//
// # The account chain
//
// "eth <method> [params...]" sends one JSON-RPC 2.0 request, without
// authentication, to the account chain's endpoint: the -rpcconnect host and
// -ethrpcport (default 8545). An argument that parses as JSON (a number, an
// object, an array, true, false or null) is sent as JSON, anything else
// (hex quantities, addresses, block tags) as a string. The result is printed
// as above; an error prints its code, message and data on standard error and
// exits with status 1.
package main
