package config

import (
	"sort"
	"strings"
)

// kind is the value type of an option.
type kind uint8

const (
	kindBool   kind = iota // "" or an integer; -noname = 0
	kindInt                // a decimal integer
	kindString             // any text
	kindList               // repeated values, collected
)

// option describes one known option.
type option struct {
	kind kind
	// networkOnly options are ignored in the top section of the file for
	// networks other than main (Core's ArgsManager::NETWORK_ONLY).
	networkOnly bool
	arg         string // value placeholder in the help, "" for booleans
	help        string
}

// options is the table of known options. Adding an option means adding a
// row here and, if it is typed, a field in Config filled by resolve.
var options = map[string]option{
	// General.
	"?":                    {kindBool, false, "", "Print this help message and exit"},
	"h":                    {kindBool, false, "", "Print this help message and exit"},
	"help":                 {kindBool, false, "", "Print this help message and exit"},
	"version":              {kindBool, false, "", "Print version and exit"},
	"conf":                 {kindString, false, "<file>", "Specify configuration file, relative to the data directory unless absolute (default: twinchain.conf)"},
	"includeconf":          {kindList, false, "<file>", "Specify additional configuration file, relative to the data directory (configuration file only)"},
	"datadir":              {kindString, false, "<dir>", "Specify data directory"},
	"daemon":               {kindBool, false, "", "Run in the background as a daemon and accept commands (default: 0)"},
	"daemonwait":           {kindBool, false, "", "Wait for initialization to be finished before exiting (implies -daemon)"},
	"printtoconsole":       {kindBool, false, "", "Send trace/debug info to console (default: 1 when no -daemon)"},
	"debug":                {kindList, false, "<category>", "Output debug and trace logging (default: -nodebug). Category can be 1/all, 0/none or one of the logging categories"},
	"debugexclude":         {kindList, false, "<category>", "Exclude debug and trace logging for a category"},
	"debuglogfile":         {kindString, false, "<file>", "Specify location of debug log file (default: debug.log)"},
	"pid":                  {kindString, false, "<file>", "Specify pid file (default: twinchaind.pid)"},
	"btc":                  {kindBool, false, "", "Run the UTXO chain (default: 1)"},
	"eth":                  {kindBool, false, "", "Run the account chain (default: 1)"},
	"chain":                {kindString, false, "<chain>", "Use the chain <chain> (default: regtest). Allowed values: main, test, testnet4, signet, regtest"},
	"regtest":              {kindBool, false, "", "Use the regression test chain (-chain=regtest)"},
	"testnet":              {kindBool, false, "", "Use the testnet3 chain (-chain=test)"},
	"testnet4":             {kindBool, false, "", "Use the testnet4 chain (-chain=testnet4)"},
	"signet":               {kindBool, false, "", "Use the signet chain (-chain=signet)"},
	"signetchallenge":      {kindList, false, "<hex>", "Blocks must satisfy the given script to be considered valid (signet only)"},
	"testactivationheight": {kindList, false, "name@height", "Set the activation height of 'name' (segwit, bip34, dersig, cltv, csv) (regtest only)"},
	// Chain state and mempool.
	"txindex":            {kindBool, false, "", "Maintain a full transaction index (default: 0)"},
	"blockfilterindex":   {kindString, false, "<type>", "Maintain an index of compact filters by block (default: 0, values: basic). If <type> is not supplied or if <type> = 1, indexes for all known types are enabled."},
	"peerblockfilters":   {kindBool, false, "", "Serve compact block filters to peers per BIP 157 (default: 0)"},
	"prune":              {kindInt, false, "<n>", "Reduce storage by pruning old blocks: 0 disables, 1 allows manual pruning, >=550 is the target in MiB (default: 0)"},
	"dbcache":            {kindInt, false, "<n>", "Maximum database cache size <n> MiB (minimum 4, default: 450)"},
	"maxmempool":         {kindInt, false, "<n>", "Keep the transaction memory pool below <n> megabytes (default: 300)"},
	"mempoolexpiry":      {kindInt, false, "<n>", "Do not keep transactions in the mempool longer than <n> hours (default: 336)"},
	"persistmempool":     {kindBool, false, "", "Whether to save the mempool on shutdown and load on restart (default: 1)"},
	"reindex":            {kindBool, false, "", "Rebuild chain state and block index from the blk*.dat files on disk"},
	"reindex-chainstate": {kindBool, false, "", "Rebuild chain state from the currently indexed blocks"},
	"assumevalid":        {kindString, false, "<hex>", "If this block is in the chain assume that it and its ancestors are valid"},
	"minrelaytxfee":      {kindString, false, "<amt>", "Fees (in BTC/kvB) smaller than this are considered zero fee for relaying (default: 0.00001)"},
	// Network.
	"listen":         {kindBool, false, "", "Accept connections from outside (default: 1 if no -connect)"},
	"port":           {kindInt, true, "<port>", "Listen for P2P connections on <port> (default: 8333, testnet3: 18333, testnet4: 48333, signet: 38333, regtest: 18444)"},
	"bind":           {kindList, true, "<addr>[:<port>]", "Bind to given address and always listen on it"},
	"addnode":        {kindList, true, "<ip>", "Add a node to connect to and attempt to keep the connection open"},
	"connect":        {kindList, true, "<ip>", "Connect only to the specified node(s); -noconnect disables automatic connections"},
	"seednode":       {kindList, false, "<ip>", "Connect to a node to retrieve peer addresses, and disconnect"},
	"maxconnections": {kindInt, false, "<n>", "Maintain at most <n> automatic connections to peers (default: 125)"},
	"dnsseed":        {kindBool, false, "", "Query for peer addresses via DNS lookup (default: 1)"},
	"blocksonly":     {kindBool, false, "", "Whether to reject transactions from network peers. Transactions from the wallet or RPC are not affected (default: 0)"},
	// Wallet.
	"wallet":        {kindList, true, "<path>", "Specify wallet path to load at startup"},
	"disablewallet": {kindBool, false, "", "Do not load the wallet and disable wallet RPC calls"},
	"fallbackfee":   {kindString, false, "<amt>", "Fee rate (in BTC/kvB) used when fee estimation has insufficient data (default: 0)"},
	// RPC server.
	"server":           {kindBool, false, "", "Accept command line and JSON-RPC commands (default: 1)"},
	"rest":             {kindBool, false, "", "Accept public REST requests (default: 0)"},
	"rpcport":          {kindInt, true, "<port>", "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: 18332, testnet4: 48332, signet: 38332, regtest: 18443)"},
	"rpcbind":          {kindList, true, "<addr>[:port]", "Bind to given address to listen for JSON-RPC connections; ignored unless -rpcallowip is also passed (default: 127.0.0.1 and ::1)"},
	"rpcallowip":       {kindList, false, "<ip>", "Allow JSON-RPC connections from specified source: a single IP, a network/netmask or a network/CIDR"},
	"rpcuser":          {kindString, false, "<user>", "Username for JSON-RPC connections"},
	"rpcpassword":      {kindString, false, "<pw>", "Password for JSON-RPC connections"},
	"rpcauth":          {kindList, false, "<userpw>", "Username and HMAC-SHA-256 hashed password for JSON-RPC connections: <USERNAME>:<SALT>$<HASH>"},
	"rpccookiefile":    {kindString, false, "<loc>", "Location of the auth cookie, relative to the data directory (default: .cookie)"},
	"rpcthreads":       {kindInt, false, "<n>", "Set the number of threads to service RPC calls (default: 16)"},
	"rpcworkqueue":     {kindInt, false, "<n>", "Set the depth of the work queue to service RPC calls (default: 64)"},
	"rpcservertimeout": {kindInt, false, "<n>", "Timeout during HTTP requests in seconds (default: 30)"},
	// Account chain (-eth).
	"ethrpcport":   {kindInt, false, "<port>", "Listen for the account chain's Ethereum JSON-RPC (HTTP and WebSocket, no authentication) on <port> (default: 8545)"},
	"ethrpcbind":   {kindString, false, "<addr>", "Bind the account chain's JSON-RPC to <addr>; any address other than loopback accepts every client (default: 127.0.0.1)"},
	"ethblocktime": {kindInt, false, "<n>", "Mine an account-chain block every <n> seconds instead of one per transaction; 0 automines (default: 0)"},
	"ethgenesis":   {kindString, false, "<file>", "Start the account chain from this genesis JSON (geth's format) instead of the built-in dev network (chain id 1337)"},
	"ethport":      {kindInt, false, "<port>", "Listen for the account chain's P2P connections on <port> (default: 30303)"},
	"ethbind":      {kindString, false, "<addr>", "Bind the account chain's P2P listener to <addr> (default: 127.0.0.1)"},
	"ethlisten":    {kindBool, false, "", "Accept account-chain P2P connections (default: 1 if no -ethconnect)"},
	"ethconnect":   {kindList, false, "<host:port>", "Connect the account chain only to the specified node(s)"},
	"ethaddnode":   {kindList, false, "<host:port>", "Add an account-chain node to connect to and attempt to keep the connection open"},
	"ethmaxpeers":  {kindInt, false, "<n>", "Maximum number of account-chain P2P peers (default: 50)"},
	"ethmine":      {kindBool, false, "", "Mine the account chain continuously with its proof-of-work engine instead of automining (default: 0)"},
	"etherbase":    {kindString, false, "<address>", "Account that receives the account chain's block and uncle rewards (default: 0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e)"},

	// Account chain's JSON-RPC for browser pages.
	"ethrpccorsdomain": {kindString, false, "<origins>", "Comma-separated browser origins (\"http://localhost:3000\", \"https://*.example.com\", or \"*\") allowed to call the account chain's JSON-RPC (CORS); empty disables. The default lets any web page you open use the node, as Hardhat and anvil do: fine for the dev network's test keys, but name your dApp's origin when the node holds anything of value (default: *)"},
	"ethrpcvhosts":     {kindString, false, "<names>", "Comma-separated host names accepted in the Host header of account-chain JSON-RPC requests, against DNS rebinding (geth's --http.vhosts); IP addresses are always accepted; \"*\" disables the check (default: localhost)"},
	"ethrpcwsorigins":  {kindString, false, "<origins>", "Comma-separated origins allowed to open account-chain WebSocket connections (geth's --ws.origins: \"localhost\", \"http://localhost:3000\", \"*\"); empty allows same-origin pages only (default: the -ethrpccorsdomain value)"},

	// Explorer, indexes and operator's view.
	"explorer":     {kindString, false, "<addr:port>", "Serve the web block explorer on <addr:port>; -noexplorer disables it (default: 127.0.0.1:8080 on regtest, off otherwise)"},
	"addressindex": {kindBool, false, "", "Maintain the address indexes of both chains for the explorer (default: 1 on regtest, 0 otherwise)"},
	"metrics":      {kindString, false, "<addr:port>", "Serve Prometheus metrics at /metrics on <addr:port>; -nometrics disables them (default: 127.0.0.1:9332 on regtest, off otherwise)"},
	"logformat":    {kindString, false, "<format>", "Format of log lines: text or json (default: text)"},
}

// networkSections are the section names of the configuration file, and the
// chain names accepted by -chain.
var networkSections = []string{"main", "test", "testnet4", "signet", "regtest"}

// debugCategories are the accepted -debug values (Core's logging categories
// plus ours), besides 0/none and 1/all.
var debugCategories = map[string]bool{
	"net": true, "tor": true, "mempool": true, "http": true, "bench": true, "zmq": true, "walletdb": true,
	"rpc": true, "estimatefee": true, "addrman": true, "selectcoins": true, "reindex": true, "cmpctblock": true,
	"rand": true, "prune": true, "proxy": true, "mempoolrej": true, "libevent": true, "coindb": true, "qt": true,
	"leveldb": true, "validation": true, "i2p": true, "ipc": true, "lock": true, "blockstorage": true,
	"txreconciliation": true, "scan": true, "txpackages": true, "eth": true, "evm": true, "txpool": true,
}

// Usage returns the option help, one option per paragraph, sorted by name.
//
// This function is safe for concurrent access.
func Usage() string {
	names := make([]string, 0, len(options))
	for n := range options {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("Usage: twinchaind [options]\n\nOptions:\n")
	for _, n := range names {
		o := options[n]
		b.WriteString("\n  -")
		b.WriteString(n)
		if o.arg != "" {
			b.WriteString("=")
			b.WriteString(o.arg)
		}
		b.WriteString("\n       ")
		b.WriteString(o.help)
		b.WriteString("\n")
	}
	return b.String()
}
