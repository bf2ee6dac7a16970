package btcrpc

import (
	"strings"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// helpSpec is the material of one method's help text, laid out as Core's
// RPCHelpMan::ToString does: the synopsis, the description, the
// "Arguments:" list, the "Result:" block and the "Examples:".
type helpSpec struct {
	desc     string
	args     []string // "name    (type, required) description"
	result   string
	examples []string // argument strings for bitcoin-cli / JSON params
}

func buildHelp(name string, argNames []string, required int, h helpSpec) string {
	var b strings.Builder
	b.WriteString(name)
	for i, a := range argNames {
		if i == required {
			b.WriteString(" (")
		}
		b.WriteString(" \"")
		b.WriteString(strings.Split(a, "|")[0]) // without the aliases
		b.WriteString("\"")
	}
	if len(argNames) > required {
		b.WriteString(" )")
	}
	b.WriteString("\n\n")
	b.WriteString(h.desc)
	b.WriteString("\n")
	if len(h.args) > 0 {
		b.WriteString("\nArguments:\n")
		for i, a := range h.args {
			b.WriteString(itoa(i + 1))
			b.WriteString(". ")
			b.WriteString(a)
			b.WriteString("\n")
		}
	}
	b.WriteString("\nResult:\n")
	b.WriteString(h.result)
	b.WriteString("\n\nExamples:\n")
	examples := h.examples
	if len(examples) == 0 {
		examples = []string{""}
	}
	for _, ex := range examples {
		b.WriteString("> bitcoin-cli ")
		b.WriteString(name)
		if ex != "" {
			b.WriteString(" ")
			b.WriteString(strings.ReplaceAll(ex, ", ", " "))
		}
		b.WriteString("\n")
	}
	b.WriteString("> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"")
	b.WriteString(name)
	b.WriteString("\", \"params\": [")
	b.WriteString(examples[0])
	b.WriteString("]}' -H 'content-type: application/json' http://127.0.0.1:8332/\n")
	return b.String()
}

// def builds one methodDef; required is the number of required arguments.
func def(name, category string, handler jsonrpc.Handler, args []string, required int, h helpSpec) methodDef {
	if args == nil {
		args = []string{}
	}
	return methodDef{name: name, category: category, args: args, handler: handler, help: buildHelp(name, args, required, h)}
}

var createTxArgNames = []string{"inputs", "outputs", "locktime", "replaceable", "version"}

const (
	createTxReplaceableHelp = "replaceable    (boolean, optional, default=true) Marks this transaction as BIP125-replaceable.\n                Allows this transaction to be replaced by a transaction with higher fees. If provided, it is an error if explicit sequence numbers are incompatible."
	createTxVersionHelp     = "version        (numeric, optional, default=2) Transaction version"
)

const exHash = `"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"`
const exTxid = `"mytxid"`

func (s *Service) methodTable() []methodDef {
	return []methodDef{
		// blockchain
		def("getbestblockhash", "blockchain", s.getBestBlockHash, nil, 0, helpSpec{
			desc:   "Returns the hash of the best (tip) block in the most-work fully-validated chain.",
			result: `"hex"    (string) the block hash, hex-encoded`}),
		def("getblock", "blockchain", s.getBlock, []string{"blockhash", "verbosity|verbose"}, 1, helpSpec{
			desc: "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n" +
				"If verbosity is 1, returns an Object with information about block <hash>.\n" +
				"If verbosity is 2, returns an Object with information about block <hash> and information about each transaction.\n" +
				"If verbosity is 3, returns an Object with information about block <hash> and information about each transaction, including prevout information for inputs (only for unpruned blocks in the current best chain).",
			args: []string{
				"blockhash    (string, required) The block hash",
				"verbosity    (numeric, optional, default=1) 0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, and 3 for JSON object with transaction data including prevout information for inputs",
			},
			result: "Result (for verbosity = 0):\n\"hex\"    (string) A string that is serialized, hex-encoded data for block 'hash'\n\n" +
				"Result (for verbosity = 1):\n{\n  \"hash\" : \"hex\",    (string) the block hash (same as provided)\n  \"confirmations\" : n,    (numeric) The number of confirmations, or -1 if the block is not on the main chain\n  \"size\" : n,    (numeric) The block size\n  \"strippedsize\" : n,    (numeric) The block size excluding witness data\n  \"weight\" : n,    (numeric) The block weight as defined in BIP 141\n  \"height\" : n,    (numeric) The block height or index\n  \"version\" : n,    (numeric) The block version\n  \"versionHex\" : \"hex\",    (string) The block version formatted in hexadecimal\n  \"merkleroot\" : \"hex\",    (string) The merkle root\n  \"tx\" : [    (json array) The transaction ids\n    \"hex\",    (string) The transaction id\n    ...\n  ],\n  \"time\" : xxx,    (numeric) The block time expressed in UNIX epoch time\n  \"mediantime\" : xxx,    (numeric) The median block time expressed in UNIX epoch time\n  \"nonce\" : n,    (numeric) The nonce\n  \"bits\" : \"hex\",    (string) nBits: compact representation of the block difficulty target\n  \"target\" : \"hex\",    (string) The difficulty target\n  \"difficulty\" : n,    (numeric) The difficulty\n  \"chainwork\" : \"hex\",    (string) Expected number of hashes required to produce the chain up to this block (in hex)\n  \"nTx\" : n,    (numeric) The number of transactions in the block\n  \"previousblockhash\" : \"hex\",    (string, optional) The hash of the previous block (if available)\n  \"nextblockhash\" : \"hex\"    (string, optional) The hash of the next block (if available)\n}\n\n" +
				"Result (for verbosity = 2):\n{    (json object)\n  ...,    Same output as verbosity = 1\n  \"tx\" : [    (json array)\n    {    (json object)\n      ...,    The transactions in the format of the getrawtransaction RPC. Different from verbosity = 1 \"tx\" result\n      \"fee\" : n    (numeric, optional) The transaction fee in BTC, omitted if block undo data is not available\n    },\n    ...\n  ]\n}\n\n" +
				"Result (for verbosity = 3):\n{    (json object)\n  ...,    Same output as verbosity = 2, with \"prevout\" for each input\n}",
			examples: []string{exHash, exHash + ", 2"}}),
		def("getblockchaininfo", "blockchain", s.getBlockchainInfo, nil, 0, helpSpec{
			desc:   "Returns an object containing various state info regarding blockchain processing.",
			result: "{    (json object)\n  \"chain\" : \"str\",    (string) current network name (main, test, testnet4, signet, regtest)\n  \"blocks\" : n,    (numeric) the height of the most-work fully-validated chain. The genesis block has height 0\n  \"headers\" : n,    (numeric) the current number of headers we have validated\n  \"bestblockhash\" : \"str\",    (string) the hash of the currently best block\n  \"bits\" : \"hex\",    (string) nBits: compact representation of the block difficulty target\n  \"target\" : \"hex\",    (string) The difficulty target\n  \"difficulty\" : n,    (numeric) the current difficulty\n  \"time\" : xxx,    (numeric) The block time expressed in UNIX epoch time\n  \"mediantime\" : xxx,    (numeric) The median block time expressed in UNIX epoch time\n  \"verificationprogress\" : n,    (numeric) estimate of verification progress [0..1]\n  \"initialblockdownload\" : true|false,    (boolean) (debug information) estimate of whether this node is in Initial Block Download mode\n  \"chainwork\" : \"hex\",    (string) total amount of work in active chain, in hexadecimal\n  \"size_on_disk\" : n,    (numeric) the estimated size of the block and undo files on disk\n  \"pruned\" : true|false,    (boolean) if the blocks are subject to pruning\n  \"pruneheight\" : n,    (numeric, optional) height of the last block pruned, plus one (only present if pruning is enabled)\n  \"automatic_pruning\" : true|false,    (boolean, optional) whether automatic pruning is enabled (only present if pruning is enabled)\n  \"prune_target_size\" : n,    (numeric, optional) the target size used by pruning (only present if automatic pruning is enabled)\n  \"signet_challenge\" : \"hex\",    (string, optional) the block challenge (aka. block script), in hexadecimal (only present if the current network is a signet)\n  \"warnings\" : [    (json array) any network and blockchain warnings\n    \"str\",    (string) warning\n    ...\n  ]\n}"}),
		def("getblockcount", "blockchain", s.getBlockCount, nil, 0, helpSpec{
			desc:   "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.",
			result: "n    (numeric) The current block count"}),
		def("getblockhash", "blockchain", s.getBlockHash, []string{"height"}, 1, helpSpec{
			desc:     "Returns hash of block in best-block-chain at height provided.",
			args:     []string{"height    (numeric, required) The height index"},
			result:   `"hex"    (string) The block hash`,
			examples: []string{"1000"}}),
		def("getblockheader", "blockchain", s.getBlockHeader, []string{"blockhash", "verbose"}, 1, helpSpec{
			desc: "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.",
			args: []string{
				"blockhash    (string, required) The block hash",
				"verbose      (boolean, optional, default=true) true for a json object, false for the hex-encoded data",
			},
			result:   "Result (for verbose = true):\n{    (json object)\n  \"hash\" : \"hex\",    (string) the block hash (same as provided)\n  \"confirmations\" : n,    (numeric) The number of confirmations, or -1 if the block is not on the main chain\n  \"height\" : n,    (numeric) The block height or index\n  \"version\" : n,    (numeric) The block version\n  \"versionHex\" : \"hex\",    (string) The block version formatted in hexadecimal\n  \"merkleroot\" : \"hex\",    (string) The merkle root\n  \"time\" : xxx,    (numeric) The block time expressed in UNIX epoch time\n  \"mediantime\" : xxx,    (numeric) The median block time expressed in UNIX epoch time\n  \"nonce\" : n,    (numeric) The nonce\n  \"bits\" : \"hex\",    (string) nBits: compact representation of the block difficulty target\n  \"target\" : \"hex\",    (string) The difficulty target\n  \"difficulty\" : n,    (numeric) The difficulty\n  \"chainwork\" : \"hex\",    (string) Expected number of hashes required to produce the current chain\n  \"nTx\" : n,    (numeric) The number of transactions in the block\n  \"previousblockhash\" : \"hex\",    (string, optional) The hash of the previous block (if available)\n  \"nextblockhash\" : \"hex\"    (string, optional) The hash of the next block (if available)\n}\n\nResult (for verbose=false):\n\"hex\"    (string) A string that is serialized, hex-encoded data for block 'hash'",
			examples: []string{exHash}}),
		def("getblockstats", "blockchain", s.getBlockStats, []string{"hash_or_height", "stats"}, 1, helpSpec{
			desc: "Compute per block statistics for a given window. All amounts are in satoshis.\nIt won't work for some heights with pruning.",
			args: []string{
				"hash_or_height    (string or numeric, required) The block hash or height of the target block",
				"stats             (json array, optional, default=all values) Values to plot (see result below)\n     [\n       \"height\",    (string) Selected statistic\n       \"time\",      (string) Selected statistic\n       ...\n     ]",
			},
			result:   "{    (json object)\n  \"avgfee\" : n,    (numeric, optional) Average fee in the block\n  \"avgfeerate\" : n,    (numeric, optional) Average feerate (in satoshis per virtual byte)\n  \"avgtxsize\" : n,    (numeric, optional) Average transaction size\n  \"blockhash\" : \"hex\",    (string, optional) The block hash (to check for potential reorgs)\n  \"feerate_percentiles\" : [    (json array, optional) Feerates at the 10th, 25th, 50th, 75th, and 90th percentile weight unit (in satoshis per virtual byte)\n    n,    (numeric) The 10th percentile feerate\n    n,    (numeric) The 25th percentile feerate\n    n,    (numeric) The 50th percentile feerate\n    n,    (numeric) The 75th percentile feerate\n    n     (numeric) The 90th percentile feerate\n  ],\n  \"height\" : n,    (numeric, optional) The height of the block\n  \"ins\" : n,    (numeric, optional) The number of inputs (excluding coinbase)\n  \"maxfee\" : n,    (numeric, optional) Maximum fee in the block\n  \"maxfeerate\" : n,    (numeric, optional) Maximum feerate (in satoshis per virtual byte)\n  \"maxtxsize\" : n,    (numeric, optional) Maximum transaction size\n  \"medianfee\" : n,    (numeric, optional) Truncated median fee in the block\n  \"mediantime\" : n,    (numeric, optional) The block median time past\n  \"mediantxsize\" : n,    (numeric, optional) Truncated median transaction size\n  \"minfee\" : n,    (numeric, optional) Minimum fee in the block\n  \"minfeerate\" : n,    (numeric, optional) Minimum feerate (in satoshis per virtual byte)\n  \"mintxsize\" : n,    (numeric, optional) Minimum transaction size\n  \"outs\" : n,    (numeric, optional) The number of outputs\n  \"subsidy\" : n,    (numeric, optional) The block subsidy\n  \"swtotal_size\" : n,    (numeric, optional) Total size of all segwit transactions\n  \"swtotal_weight\" : n,    (numeric, optional) Total weight of all segwit transactions\n  \"swtxs\" : n,    (numeric, optional) The number of segwit transactions\n  \"time\" : n,    (numeric, optional) The block time\n  \"total_out\" : n,    (numeric, optional) Total amount in all outputs (excluding coinbase and thus reward [ie subsidy + totalfee])\n  \"total_size\" : n,    (numeric, optional) Total size of all non-coinbase transactions\n  \"total_weight\" : n,    (numeric, optional) Total weight of all non-coinbase transactions\n  \"totalfee\" : n,    (numeric, optional) The fee total\n  \"txs\" : n,    (numeric, optional) The number of transactions (including coinbase)\n  \"utxo_increase\" : n,    (numeric, optional) The increase/decrease in the number of unspent outputs (not discounting op_return and similar)\n  \"utxo_size_inc\" : n,    (numeric, optional) The increase/decrease in size for the utxo index (not discounting op_return and similar)\n  \"utxo_increase_actual\" : n,    (numeric, optional) The increase/decrease in the number of unspent outputs, not counting unspendables\n  \"utxo_size_inc_actual\" : n    (numeric, optional) The increase/decrease in size for the utxo index, not counting unspendables\n}",
			examples: []string{exHash + `, ["minfeerate","avgfeerate"]`, `1000, ["minfeerate","avgfeerate"]`}}),
		def("getchaintips", "blockchain", s.getChainTips, nil, 0, helpSpec{
			desc:   "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.",
			result: "[    (json array)\n  {    (json object)\n    \"height\" : n,    (numeric) height of the chain tip\n    \"hash\" : \"hex\",    (string) block hash of the tip\n    \"branchlen\" : n,    (numeric) zero for main chain, otherwise length of branch connecting the tip to the main chain\n    \"status\" : \"str\"    (string) status of the chain, \"active\" for the main chain\n                          Possible values for status:\n                          1.  \"invalid\"               This branch contains at least one invalid block\n                          2.  \"headers-only\"          Not all blocks for this branch are available, but the headers are valid\n                          3.  \"valid-headers\"         All blocks are available for this branch, but they were never fully validated\n                          4.  \"valid-fork\"            This branch is not part of the active chain, but is fully validated\n                          5.  \"active\"                This is the tip of the active main chain, which is certainly valid\n  },\n  ...\n]"}),
		def("getchaintxstats", "blockchain", s.getChainTxStats, []string{"nblocks", "blockhash"}, 0, helpSpec{
			desc: "Compute statistics about the total number and rate of transactions in the chain.",
			args: []string{
				"nblocks      (numeric, optional, default=one month) Size of the window in number of blocks",
				"blockhash    (string, optional, default=chain tip) The hash of the block that ends the window.",
			},
			result:   "{    (json object)\n  \"time\" : xxx,    (numeric) The timestamp for the final block in the window, expressed in UNIX epoch time\n  \"txcount\" : n,    (numeric) The total number of transactions in the chain up to that point\n  \"window_final_block_hash\" : \"hex\",    (string) The hash of the final block in the window\n  \"window_final_block_height\" : n,    (numeric) The height of the final block in the window.\n  \"window_block_count\" : n,    (numeric) Size of the window in number of blocks\n  \"window_interval\" : n,    (numeric, optional) The elapsed time in the window in seconds. Only returned if \"window_block_count\" is > 0\n  \"window_tx_count\" : n,    (numeric, optional) The number of transactions in the window. Only returned if \"window_block_count\" is > 0\n  \"txrate\" : n    (numeric, optional) The average rate of transactions per second in the window. Only returned if \"window_interval\" is > 0\n}",
			examples: []string{"", "2016"}}),
		def("getdifficulty", "blockchain", s.getDifficulty, nil, 0, helpSpec{
			desc:   "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.",
			result: "n    (numeric) the proof-of-work difficulty as a multiple of the minimum difficulty."}),
		def("getmempoolancestors", "blockchain", s.getMempoolAncestors, []string{"txid", "verbose"}, 1, helpSpec{
			desc:     "If txid is in the mempool, returns all in-mempool ancestors.",
			args:     []string{"txid       (string, required) The transaction id (must be in mempool)", "verbose    (boolean, optional, default=false) True for a json object, false for array of transaction ids"},
			result:   "Result (for verbose = false):\n[    (json array)\n  \"hex\",    (string) The transaction id of an in-mempool ancestor transaction\n  ...\n]\n\nResult (for verbose = true):\n{    (json object)\n  \"transactionid\" : {    (json object) (see getmempoolentry)\n  },\n  ...\n}",
			examples: []string{exTxid}}),
		def("getmempooldescendants", "blockchain", s.getMempoolDescendants, []string{"txid", "verbose"}, 1, helpSpec{
			desc:     "If txid is in the mempool, returns all in-mempool descendants.",
			args:     []string{"txid       (string, required) The transaction id (must be in mempool)", "verbose    (boolean, optional, default=false) True for a json object, false for array of transaction ids"},
			result:   "Result (for verbose = false):\n[    (json array)\n  \"hex\",    (string) The transaction id of an in-mempool descendant transaction\n  ...\n]\n\nResult (for verbose = true):\n{    (json object)\n  \"transactionid\" : {    (json object) (see getmempoolentry)\n  },\n  ...\n}",
			examples: []string{exTxid}}),
		def("getmempoolentry", "blockchain", s.getMempoolEntry, []string{"txid"}, 1, helpSpec{
			desc:     "Returns mempool data for given transaction",
			args:     []string{"txid    (string, required) The transaction id (must be in mempool)"},
			result:   "{    (json object)\n  \"vsize\" : n,    (numeric) virtual transaction size as defined in BIP 141.\n  \"weight\" : n,    (numeric) transaction weight as defined in BIP 141.\n  \"time\" : xxx,    (numeric) local time transaction entered pool in seconds since 1 Jan 1970 GMT\n  \"height\" : n,    (numeric) block height when transaction entered pool\n  \"descendantcount\" : n,    (numeric) number of in-mempool descendant transactions (including this one)\n  \"descendantsize\" : n,    (numeric) virtual transaction size of in-mempool descendants (including this one)\n  \"ancestorcount\" : n,    (numeric) number of in-mempool ancestor transactions (including this one)\n  \"ancestorsize\" : n,    (numeric) virtual transaction size of in-mempool ancestors (including this one)\n  \"wtxid\" : \"hex\",    (string) hash of serialized transaction, including witness data\n  \"fees\" : {    (json object)\n    \"base\" : n,    (numeric) transaction fee, denominated in BTC\n    \"modified\" : n,    (numeric) transaction fee with fee deltas used for mining priority, denominated in BTC\n    \"ancestor\" : n,    (numeric) transaction fees of in-mempool ancestors (including this one) with fee deltas used for mining priority, denominated in BTC\n    \"descendant\" : n    (numeric) transaction fees of in-mempool descendants (including this one) with fee deltas used for mining priority, denominated in BTC\n  },\n  \"depends\" : [    (json array) unconfirmed transactions used as inputs for this transaction\n    \"hex\",    (string) parent transaction id\n    ...\n  ],\n  \"spentby\" : [    (json array) unconfirmed transactions spending outputs from this transaction\n    \"hex\",    (string) child transaction id\n    ...\n  ],\n  \"bip125-replaceable\" : true|false,    (boolean) Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability.\n  \"unbroadcast\" : true|false    (boolean) Whether this transaction is currently unbroadcast (initial broadcast not yet acknowledged by any peers)\n}",
			examples: []string{exTxid}}),
		def("getmempoolinfo", "blockchain", s.getMempoolInfo, nil, 0, helpSpec{
			desc:   "Returns details on the active state of the TX memory pool.",
			result: "{    (json object)\n  \"loaded\" : true|false,    (boolean) True if the initial load attempt of the persisted mempool finished\n  \"size\" : n,    (numeric) Current tx count\n  \"bytes\" : n,    (numeric) Sum of all virtual transaction sizes as defined in BIP 141\n  \"usage\" : n,    (numeric) Total memory usage for the mempool\n  \"total_fee\" : n,    (numeric) Total fees for the mempool in BTC, ignoring modified fees through prioritisetransaction\n  \"maxmempool\" : n,    (numeric) Maximum memory usage for the mempool\n  \"mempoolminfee\" : n,    (numeric) Minimum fee rate in BTC/kvB for tx to be accepted\n  \"minrelaytxfee\" : n,    (numeric) Current minimum relay fee for transactions\n  \"incrementalrelayfee\" : n,    (numeric) minimum fee rate increment for mempool limiting or replacement in BTC/kvB\n  \"unbroadcastcount\" : n,    (numeric) Current number of transactions that haven't passed initial broadcast yet\n  \"fullrbf\" : true|false    (boolean) True if the mempool accepts RBF without replaceability signaling inspection\n}"}),
		def("getrawmempool", "blockchain", s.getRawMempool, []string{"verbose", "mempool_sequence"}, 0, helpSpec{
			desc: "Returns all transaction ids in memory pool as a json array of string transaction ids.\n\nHint: use getmempoolentry to fetch a specific transaction from the mempool.",
			args: []string{
				"verbose             (boolean, optional, default=false) True for a json object, false for array of transaction ids",
				"mempool_sequence    (boolean, optional, default=false) If verbose=false, returns a json object with transaction list and mempool sequence number attached.",
			},
			result:   "Result (for verbose = false):\n[    (json array)\n  \"hex\",    (string) The transaction id\n  ...\n]\n\nResult (for verbose = true):\n{    (json object)\n  \"transactionid\" : {    (json object) (see getmempoolentry)\n  },\n  ...\n}\n\nResult (for verbose = false and mempool_sequence = true):\n{    (json object)\n  \"txids\" : [    (json array)\n    \"hex\",    (string) The transaction id\n    ...\n  ],\n  \"mempool_sequence\" : n    (numeric) The mempool sequence value.\n}",
			examples: []string{"true"}}),
		def("gettxout", "blockchain", s.getTxOut, []string{"txid", "n", "include_mempool"}, 2, helpSpec{
			desc: "Returns details about an unspent transaction output.",
			args: []string{
				"txid               (string, required) The transaction id",
				"n                  (numeric, required) vout number",
				"include_mempool    (boolean, optional, default=true) Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear.",
			},
			result:   "Result (If the UTXO was not found):\nnull    (json null)\n\nResult (Otherwise):\n{    (json object)\n  \"bestblock\" : \"hex\",    (string) The hash of the block at the tip of the chain\n  \"confirmations\" : n,    (numeric) The number of confirmations\n  \"value\" : n,    (numeric) The transaction value in BTC\n  \"scriptPubKey\" : {    (json object)\n    \"asm\" : \"str\",    (string) Disassembly of the output script\n    \"desc\" : \"str\",    (string) Inferred descriptor for the output\n    \"hex\" : \"hex\",    (string) The raw output script bytes, hex-encoded\n    \"type\" : \"str\",    (string) The type, eg pubkeyhash\n    \"address\" : \"str\"    (string, optional) The Bitcoin address (only if a well-defined address exists)\n  },\n  \"coinbase\" : true|false    (boolean) Coinbase or not\n}",
			examples: []string{`"txid", 1`}}),
		def("gettxoutsetinfo", "blockchain", s.getTxOutSetInfo, []string{"hash_type", "hash_or_height", "use_index"}, 0, helpSpec{
			desc: "Returns statistics about the unspent transaction output set.\nNote this call may take some time if you are not using coinstatsindex.",
			args: []string{
				"hash_type         (string, optional, default=\"hash_serialized_3\") Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), 'muhash', 'none'.",
				"hash_or_height    (string or numeric, optional, default=the current best block) The block hash or height of the target height (only available with coinstatsindex).",
				"use_index         (boolean, optional, default=true) Use coinstatsindex, if available.",
			},
			result:   "{    (json object)\n  \"height\" : n,    (numeric) The block height (index) of the returned statistics\n  \"bestblock\" : \"hex\",    (string) The hash of the block at which these statistics are calculated\n  \"txouts\" : n,    (numeric) The number of unspent transaction outputs\n  \"bogosize\" : n,    (numeric) Database-independent, meaningless metric indicating the UTXO set size\n  \"hash_serialized_3\" : \"hex\",    (string, optional) The serialized hash (only present if 'hash_serialized_3' hash_type is chosen)\n  \"muhash\" : \"hex\",    (string, optional) The serialized hash (only present if 'muhash' hash_type is chosen)\n  \"total_amount\" : n,    (numeric) The total amount of coins in the UTXO set\n  \"transactions\" : n,    (numeric, optional) The number of transactions with unspent outputs (not available when coinstatsindex is used)\n  \"disk_size\" : n    (numeric, optional) The estimated size of the chainstate on disk (not available when coinstatsindex is used)\n}",
			examples: []string{"", `"none"`, `"muhash"`}}),
		def("scantxoutset", "blockchain", s.scanTxOutSet, []string{"action", "scanobjects"}, 1, helpSpec{
			desc: "Scans the unspent transaction output set for entries that match certain output descriptors.\n" +
				"Examples of output descriptors are:\n    addr(<address>)                      Outputs whose output script corresponds to the specified address (does not include P2PK)\n" +
				"    raw(<hex script>)                    Outputs whose output script equals the specified hex-encoded bytes\n" +
				"    combo(<pubkey>)                      P2PK, P2PKH, P2WPKH, and P2SH-P2WPKH outputs for the given pubkey\n" +
				"    pkh(<pubkey>)                        P2PKH outputs for the given pubkey\n" +
				"    sh(multi(<n>,<pubkey>,<pubkey>,...)) P2SH-multisig outputs for the given threshold and pubkeys\n" +
				"    tr(<pubkey>)                         P2TR\n" +
				"\nIn the above, <pubkey> either refers to a fixed public key in hexadecimal notation, or to an xpub/xprv optionally followed by one\n" +
				"or more path elements separated by \"/\", and optionally ending in \"/*\" (unhardened), or \"/*'\" or \"/*h\" (hardened) to specify all\n" +
				"unhardened or hardened child keys.\nIn the latter case, a range needs to be specified by below if different from 1000.\n" +
				"For more information on output descriptors, see the documentation in the doc/descriptors.md file.",
			args: []string{
				"action         (string, required) The action to execute\n               \"start\" for starting a scan\n               \"abort\" for aborting the current scan (returns true when abort was successful)\n               \"status\" for progress report (in %) of the current scan",
				"scanobjects    (json array, optional) Array of scan objects. Required for \"start\" action\n               Every scan object is either a string descriptor or an object:\n               [\n                 \"descriptor\",    (string) An output descriptor\n                 {    (json object) An object with output descriptor and metadata\n                   \"desc\": \"str\",    (string, required) An output descriptor\n                   \"range\": n or [n,n],    (numeric or array, optional, default=1000) The range of HD chain indexes to explore (either end or [begin,end])\n                 },\n                 ...\n               ]",
			},
			result:   "{    (json object) when action=='start'; only returns after scan completes\n  \"success\" : true|false,    (boolean) Whether the scan was completed\n  \"txouts\" : n,    (numeric) The number of unspent transaction outputs scanned\n  \"height\" : n,    (numeric) The block height at which the scan was done\n  \"bestblock\" : \"hex\",    (string) The hash of the block at the tip of the chain\n  \"unspents\" : [    (json array)\n    {    (json object)\n      \"txid\" : \"hex\",    (string) The transaction id\n      \"vout\" : n,    (numeric) The vout value\n      \"scriptPubKey\" : \"hex\",    (string) The output script\n      \"desc\" : \"str\",    (string) A specialized descriptor for the matched output script\n      \"amount\" : n,    (numeric) The total amount in BTC of the unspent output\n      \"coinbase\" : true|false,    (boolean) Whether this is a coinbase output\n      \"height\" : n,    (numeric) Height of the unspent transaction output\n      \"blockhash\" : \"hex\",    (string) Blockhash of the unspent transaction output\n      \"confirmations\" : n    (numeric) Number of confirmations of the unspent transaction output when the scan was done\n    },\n    ...\n  ],\n  \"total_amount\" : n    (numeric) The total amount of all found unspent outputs in BTC\n}",
			examples: []string{`start '["addr(bcrt1q4u4nsgk6ug0sqz7r3rj9tykjxrsl0yy4d0wwte)"]'`, "status", "abort"}}),
		def("invalidateblock", "blockchain", s.invalidateBlock, []string{"blockhash"}, 1, helpSpec{
			desc:     "Permanently marks a block as invalid, as if it violated a consensus rule.",
			args:     []string{"blockhash    (string, required) the hash of the block to mark as invalid"},
			result:   "null    (json null)",
			examples: []string{`"blockhash"`}}),
		def("pruneblockchain", "blockchain", s.pruneBlockchain, []string{"height"}, 1, helpSpec{
			desc:     "Attempts to delete block and undo data up to a specified height or timestamp, if eligible for pruning.\nRequires `-prune` to be enabled at startup.",
			args:     []string{"height    (numeric, required) The block height to prune up to. May be set to a discrete height, or to a UNIX epoch time\n                  to prune blocks whose block time is at least 2 hours older than the provided timestamp."},
			result:   "n    (numeric) Height of the last block pruned",
			examples: []string{"1000"}}),
		def("reconsiderblock", "blockchain", s.reconsiderBlock, []string{"blockhash"}, 1, helpSpec{
			desc:     "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\nThis can be used to undo the effects of invalidateblock.",
			args:     []string{"blockhash    (string, required) the hash of the block to reconsider"},
			result:   "null    (json null)",
			examples: []string{`"blockhash"`}}),
		def("verifychain", "blockchain", s.verifyChain, []string{"checklevel", "nblocks"}, 0, helpSpec{
			desc: "Verifies blockchain database.",
			args: []string{
				"checklevel    (numeric, optional, default=3, range=0-4) How thorough the block verification is:\n- level 0 reads the blocks from disk\n- level 1 verifies block validity\n- level 2 verifies undo data\n- level 3 checks disconnection of tip blocks\n- level 4 tries to reconnect the blocks\n- each level includes the checks of the previous levels",
				"nblocks       (numeric, optional, default=6, 0=all) The number of blocks to check.",
			},
			result: "true|false    (boolean) Verification finished successfully. If false, check debug.log for reason."}),
		def("waitfornewblock", "hidden", s.waitForNewBlock, []string{"timeout"}, 0, helpSpec{
			desc:     "Waits for any new block and returns useful info about it.\n\nReturns the current block on timeout or exit.",
			args:     []string{"timeout    (numeric, optional, default=0) Time in milliseconds to wait for a response. 0 indicates no timeout."},
			result:   "{    (json object)\n  \"hash\" : \"hex\",    (string) The blockhash\n  \"height\" : n    (numeric) Block height\n}",
			examples: []string{"1000"}}),
		def("waitforblock", "hidden", s.waitForBlock, []string{"blockhash", "timeout"}, 1, helpSpec{
			desc:     "Waits for a specific new block and returns useful info about it.\n\nReturns the current block on timeout or exit.",
			args:     []string{"blockhash    (string, required) Block hash to wait for.", "timeout      (numeric, optional, default=0) Time in milliseconds to wait for a response. 0 indicates no timeout."},
			result:   "{    (json object)\n  \"hash\" : \"hex\",    (string) The blockhash\n  \"height\" : n    (numeric) Block height\n}",
			examples: []string{exHash + ", 1000"}}),
		def("waitforblockheight", "hidden", s.waitForBlockHeight, []string{"height", "timeout"}, 1, helpSpec{
			desc:     "Waits for (at least) block height and returns the height and hash\nof the current tip.\n\nReturns the current block on timeout or exit.",
			args:     []string{"height     (numeric, required) Block height to wait for.", "timeout    (numeric, optional, default=0) Time in milliseconds to wait for a response. 0 indicates no timeout."},
			result:   "{    (json object)\n  \"hash\" : \"hex\",    (string) The blockhash\n  \"height\" : n    (numeric) Block height\n}",
			examples: []string{"100, 1000"}}),

		// rawtransactions
		def("createrawtransaction", "rawtransactions", s.createRawTransaction, createTxArgNames, 2, helpSpec{
			desc: "Create a transaction spending the given inputs and creating new outputs.\nOutputs can be addresses or data.\nReturns hex-encoded raw transaction.\nNote that the transaction's inputs are not signed, and\nit is not stored in the wallet or transmitted to the network.",
			args: []string{
				"inputs         (json array, required) The inputs\n     [\n       {                       (json object)\n         \"txid\": \"hex\",       (string, required) The transaction id\n         \"vout\": n,           (numeric, required) The output number\n         \"sequence\": n,       (numeric, optional, default=depends on the value of the 'replaceable' and 'locktime' arguments) The sequence number\n       },\n       ...\n     ]",
				"outputs        (json array, required) The outputs specified as key-value pairs.\n     [\n       {                       (json object)\n         \"address\": amount,    (numeric or string, required) A key-value pair. The key (string) is the bitcoin address, the value (float or string) is the amount in BTC\n       },\n       {                       (json object)\n         \"data\": \"hex\",       (string, required) A key-value pair. The key must be \"data\", the value is hex-encoded data that becomes a part of an OP_RETURN output\n       },\n       ...\n     ]",
				"locktime       (numeric, optional, default=0) Raw locktime. Non-0 value also locktime-activates inputs",
				createTxReplaceableHelp,
				createTxVersionHelp,
			},
			result:   `"hex"    (string) hex string of the transaction`,
			examples: []string{`[{"txid":"myid","vout":0}], [{"address":0.01}]`, `[{"txid":"myid","vout":0}], [{"data":"00010203"}]`}}),
		def("decoderawtransaction", "rawtransactions", s.decodeRawTransaction, []string{"hexstring", "iswitness"}, 1, helpSpec{
			desc: "Return a JSON object representing the serialized, hex-encoded transaction.",
			args: []string{
				"hexstring    (string, required) The transaction hex string",
				"iswitness    (boolean, optional, default=depends on heuristic tests) Whether the transaction hex is a serialized witness transaction.\n             If iswitness is not present, heuristic tests will be used in decoding.",
			},
			result:   "{    (json object)\n  \"txid\" : \"hex\",    (string) The transaction id\n  \"hash\" : \"hex\",    (string) The transaction hash (differs from txid for witness transactions)\n  \"size\" : n,    (numeric) The serialized transaction size\n  \"vsize\" : n,    (numeric) The virtual transaction size (differs from size for witness transactions)\n  \"weight\" : n,    (numeric) The transaction's weight (between vsize*4-3 and vsize*4)\n  \"version\" : n,    (numeric) The version\n  \"locktime\" : xxx,    (numeric) The lock time\n  \"vin\" : [ ... ],    (json array)\n  \"vout\" : [ ... ]    (json array)\n}",
			examples: []string{`"hexstring"`}}),
		def("decodescript", "rawtransactions", s.decodeScript, []string{"hexstring"}, 1, helpSpec{
			desc:     "Decode a hex-encoded script.",
			args:     []string{"hexstring    (string, required) the hex-encoded script"},
			result:   "{    (json object)\n  \"asm\" : \"str\",    (string) Disassembly of the script\n  \"desc\" : \"str\",    (string) Inferred descriptor for the script\n  \"type\" : \"str\",    (string) The output type (e.g. nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)\n  \"address\" : \"str\",    (string, optional) The Bitcoin address (only if a well-defined address exists)\n  \"p2sh\" : \"str\",    (string, optional) address of P2SH script wrapping this redeem script (not returned for types that should not be wrapped)\n  \"segwit\" : {    (json object, optional) Result of a witness output script wrapping this redeem script (not returned for types that should not be wrapped)\n    \"asm\" : \"str\",    (string) Disassembly of the output script\n    \"hex\" : \"hex\",    (string) The raw output script bytes, hex-encoded\n    \"type\" : \"str\",    (string) The type of the output script (e.g. witness_v0_keyhash or witness_v0_scripthash)\n    \"address\" : \"str\",    (string, optional) The Bitcoin address (only if a well-defined address exists)\n    \"desc\" : \"str\",    (string) Inferred descriptor for the script\n    \"p2sh-segwit\" : \"str\"    (string) address of the P2SH script wrapping this witness redeem script\n  }\n}",
			examples: []string{`"hexstring"`}}),
		def("getrawtransaction", "rawtransactions", s.getRawTransaction, []string{"txid", "verbosity|verbose", "blockhash"}, 1, helpSpec{
			desc: "By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\nand no blockhash argument is passed, it will return the transaction if it is in the mempool or any block.\nIf a blockhash argument is passed, it will return the transaction if\nthe specified block is available and the transaction is in that block.\n\nHint: Use gettransaction for wallet transactions.\n\nIf verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.\nIf verbosity is 1, returns a JSON Object with information about the transaction.\nIf verbosity is 2, returns a JSON Object with information about the transaction, including fee and prevout information.",
			args: []string{
				"txid         (string, required) The transaction id",
				"verbosity    (numeric, optional, default=0) 0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout",
				"blockhash    (string, optional) The block in which to look for the transaction",
			},
			result:   "Result (if verbosity is not set or set to 0):\n\"str\"    (string) The serialized transaction as a hex-encoded string for 'txid'\n\nResult (if verbosity is set to 1):\n{    (json object)\n  \"in_active_chain\" : true|false,    (boolean, optional) Whether specified block is in the active chain or not (only present with explicit \"blockhash\" argument)\n  \"blockhash\" : \"hex\",    (string, optional) the block hash\n  \"confirmations\" : n,    (numeric, optional) The confirmations\n  \"blocktime\" : xxx,    (numeric, optional) The block time expressed in UNIX epoch time\n  \"time\" : n,    (numeric, optional) Same as \"blocktime\"\n  \"hex\" : \"hex\",    (string) The serialized, hex-encoded data for 'txid'\n  ...    Same output as decoderawtransaction\n}\n\nResult (for verbosity = 2):\n{    (json object)\n  ...,    Same output as verbosity = 1\n  \"fee\" : n,    (numeric, optional) transaction fee in BTC, omitted if block undo data is not available\n  \"vin\" : [ ... with \"prevout\" ... ]\n}",
			examples: []string{`"mytxid"`, `"mytxid", 1`, `"mytxid", 1, "myblockhash"`}}),
		def("sendrawtransaction", "rawtransactions", s.sendRawTransaction, []string{"hexstring", "maxfeerate", "maxburnamount"}, 1, helpSpec{
			desc: "Submit a raw transaction (serialized, hex-encoded) to local node and network.\n\nThe transaction will be sent unconditionally to all peers, so using sendrawtransaction\nfor manual rebroadcast may degrade privacy by leaking the transaction's origin, as\nnodes will normally not rebroadcast non-wallet transactions already in their mempool.\n\nA specific exception, RPC_TRANSACTION_ALREADY_IN_UTXO_SET, may throw if the transaction cannot be added to the mempool.\n\nRelated RPCs: createrawtransaction, signrawtransactionwithkey",
			args: []string{
				"hexstring        (string, required) The hex string of the raw transaction",
				"maxfeerate       (numeric or string, optional, default=\"0.10\") Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\n                 Fee rates larger than 1BTC/kvB are rejected.\n                 Set to 0 to accept any fee rate.",
				"maxburnamount    (numeric or string, optional, default=\"0\") Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in BTC.\n                 If burning funds through unspendable outputs is desired, increase this value.\n                 This check is based on heuristics and does not guarantee spendability of outputs.",
			},
			result:   `"hex"    (string) The transaction hash in hex`,
			examples: []string{`"signedhex"`}}),
		def("testmempoolaccept", "rawtransactions", s.testMempoolAccept, []string{"rawtxs", "maxfeerate"}, 1, helpSpec{
			desc: "Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would be accepted by mempool.\n\nIf multiple transactions are passed in, parents must come before children and package policies apply: the transactions cannot conflict with any mempool transactions or each other.\n\nIf one transaction fails, other transactions may not be fully validated (the 'allowed' key will be blank).\n\nThe maximum number of transactions allowed is 25.\n\nThis checks if transactions violate the consensus or policy rules.\n\nSee sendrawtransaction call.",
			args: []string{
				"rawtxs        (json array, required) An array of hex strings of raw transactions.\n     [\n       \"rawtx\",    (string)\n       ...\n     ]",
				"maxfeerate    (numeric or string, optional, default=\"0.10\") Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\n              Fee rates larger than 1BTC/kvB are rejected.\n              Set to 0 to accept any fee rate.",
			},
			result:   "[    (json array) The result of the mempool acceptance test for each raw transaction in the input array.\n  {    (json object)\n    \"txid\" : \"hex\",    (string) The transaction hash in hex\n    \"wtxid\" : \"hex\",    (string) The transaction witness hash in hex\n    \"package-error\" : \"str\",    (string, optional) Package validation error, if any (only possible if rawtxs had more than 1 transaction).\n    \"allowed\" : true|false,    (boolean, optional) Whether this tx would be accepted to the mempool and pass client-specified maxfeerate.\n    \"vsize\" : n,    (numeric, optional) Virtual transaction size as defined in BIP 141.\n    \"fees\" : {    (json object, optional) Transaction fees (only present if 'allowed' is true)\n      \"base\" : n,    (numeric) transaction fee in BTC\n      \"effective-feerate\" : n,    (numeric, optional) the effective feerate in BTC per KvB.\n      \"effective-includes\" : [ \"hex\", ... ]    (json array, optional) transactions whose fees and vsizes are included in effective-feerate.\n    },\n    \"reject-reason\" : \"str\"    (string, optional) Rejection string (only present when 'allowed' is false)\n  },\n  ...\n]",
			examples: []string{`["signedhex"]`}}),

		def("analyzepsbt", "rawtransactions", s.analyzePSBT, []string{"psbt"}, 1, helpSpec{
			desc:     "Analyzes and provides information about the current status of a PSBT and its inputs",
			args:     []string{"psbt    (string, required) A base64 string of a PSBT"},
			result:   "{    (json object)\n  \"inputs\" : [    (json array, optional)\n    {    (json object)\n      \"has_utxo\" : true|false,    (boolean) Whether a UTXO is provided\n      \"is_final\" : true|false,    (boolean) Whether the input is finalized\n      \"missing\" : {    (json object, optional) Things that are missing that are required to complete this input\n        \"pubkeys\" : [ \"hex\", ... ],    (json array, optional)\n        \"signatures\" : [ \"hex\", ... ],    (json array, optional)\n        \"redeemscript\" : \"hex\",    (string, optional) Hash160 of the redeem script that is missing\n        \"witnessscript\" : \"hex\"    (string, optional) SHA256 of the witness script that is missing\n      },\n      \"next\" : \"str\"    (string, optional) Role of the next person that this input needs to go to\n    },\n    ...\n  ],\n  \"estimated_vsize\" : n,    (numeric, optional) Estimated vsize of the final signed transaction\n  \"estimated_feerate\" : n,    (numeric, optional) Estimated feerate of the final signed transaction in BTC/kvB. Shown only if all UTXO slots in the PSBT have been filled\n  \"fee\" : n,    (numeric, optional) The transaction fee paid. Shown only if all UTXO slots in the PSBT have been filled\n  \"next\" : \"str\",    (string) Role of the next person that this psbt needs to go to\n  \"error\" : \"str\"    (string, optional) Error message (if there is one)\n}",
			examples: []string{`"psbt"`}}),
		def("combinepsbt", "rawtransactions", s.combinePSBT, []string{"txs"}, 1, helpSpec{
			desc:     "Combine multiple partially signed Bitcoin transactions into one transaction.\nImplements the Combiner role.",
			args:     []string{"txs    (json array, required) The base64 strings of partially signed transactions\n     [\n       \"psbt\",    (string) A base64 string of a PSBT\n       ...\n     ]"},
			result:   `"str"    (string) The base64-encoded partially signed transaction`,
			examples: []string{`["mybase64_1", "mybase64_2", "mybase64_3"]`}}),
		def("converttopsbt", "rawtransactions", s.convertToPSBT, []string{"hexstring", "permitsigdata", "iswitness"}, 1, helpSpec{
			desc: "Converts a network serialized transaction to a PSBT. This should be used only with createrawtransaction and fundrawtransaction\ncreatepsbt and walletcreatefundedpsbt should be used for new applications.",
			args: []string{
				"hexstring        (string, required) The hex string of a raw transaction",
				"permitsigdata    (boolean, optional, default=false) If true, any signatures in the input will be discarded and conversion\n                 will continue. If false, RPC will fail if any signatures are present.",
				"iswitness        (boolean, optional, default=depends on heuristic tests) Whether the transaction hex is a serialized witness transaction.",
			},
			result:   `"str"    (string) The resulting raw transaction (base64-encoded string)`,
			examples: []string{`"rawtransaction"`}}),
		def("createpsbt", "rawtransactions", s.createPSBT, createTxArgNames, 2, helpSpec{
			desc: "Creates a transaction in the Partially Signed Transaction format.\nImplements the Creator role.\nNote that the transaction's inputs are not signed, and\nit is not stored in the wallet or transmitted to the network.",
			args: []string{
				"inputs         (json array, required) The inputs (see createrawtransaction)",
				"outputs        (json array, required) The outputs specified as key-value pairs (see createrawtransaction)",
				"locktime       (numeric, optional, default=0) Raw locktime. Non-0 value also locktime-activates inputs",
				createTxReplaceableHelp,
				createTxVersionHelp,
			},
			result:   `"str"    (string) The resulting raw transaction (base64-encoded string)`,
			examples: []string{`[{"txid":"myid","vout":0}], [{"data":"00010203"}]`}}),
		def("decodepsbt", "rawtransactions", s.decodePSBT, []string{"psbt"}, 1, helpSpec{
			desc:     "Return a JSON object representing the serialized, base64-encoded partially signed Bitcoin transaction.",
			args:     []string{"psbt    (string, required) The PSBT base64 string"},
			result:   "{    (json object)\n  \"tx\" : { ... },    (json object) The decoded network-serialized unsigned transaction.\n  \"global_xpubs\" : [ ... ],    (json array)\n  \"psbt_version\" : n,    (numeric) The PSBT version number. Not to be confused with the unsigned transaction version\n  \"proprietary\" : [ ... ],    (json array) The global proprietary map\n  \"unknown\" : { ... },    (json object) The unknown global fields\n  \"inputs\" : [ ... ],    (json array)\n  \"outputs\" : [ ... ],    (json array)\n  \"fee\" : n    (numeric, optional) The transaction fee paid if all UTXOs slots in the PSBT have been filled.\n}",
			examples: []string{`"psbt"`}}),
		def("finalizepsbt", "rawtransactions", s.finalizePSBT, []string{"psbt", "extract"}, 1, helpSpec{
			desc: "Finalize the inputs of a PSBT. If the transaction is fully signed, it will produce a\nnetwork serialized transaction which can be broadcast with sendrawtransaction. Otherwise a PSBT will be\ncreated which has the final_scriptSig and final_scriptWitness fields filled for inputs that are complete.\nImplements the Finalizer and Extractor roles.",
			args: []string{
				"psbt       (string, required) A base64 string of a PSBT",
				"extract    (boolean, optional, default=true) If true and the transaction is complete,\n           extract and return the complete transaction in normal network serialization instead of the PSBT.",
			},
			result:   "{    (json object)\n  \"psbt\" : \"str\",    (string, optional) The base64-encoded partially signed transaction if not extracted\n  \"hex\" : \"hex\",    (string, optional) The hex-encoded network transaction if extracted\n  \"complete\" : true|false    (boolean) If the transaction has a complete set of signatures\n}",
			examples: []string{`"psbt"`}}),
		def("signrawtransactionwithkey", "rawtransactions", s.signRawTransactionWithKey, []string{"hexstring", "privkeys", "prevtxs", "sighashtype"}, 2, helpSpec{
			desc: "Sign inputs for raw transaction (serialized, hex-encoded).\nThe second argument is an array of base58-encoded private\nkeys that will be the only keys used to sign the transaction.\nThe third optional argument (may be null) is an array of previous transaction outputs that\nthis transaction depends on but may not yet be in the block chain.",
			args: []string{
				"hexstring      (string, required) The transaction hex string",
				"privkeys       (json array, required) The base58-encoded private keys for signing\n     [\n       \"privatekey\",    (string) private key in base58-encoding\n       ...\n     ]",
				"prevtxs        (json array, optional) The previous dependent transaction outputs\n     [\n       {                            (json object)\n         \"txid\": \"hex\",            (string, required) The transaction id\n         \"vout\": n,                 (numeric, required) The output number\n         \"scriptPubKey\": \"hex\",    (string, required) output script\n         \"redeemScript\": \"hex\",    (string, optional) (required for P2SH) redeem script\n         \"witnessScript\": \"hex\",   (string, optional) (required for P2WSH or P2SH-P2WSH) witness script\n         \"amount\": amount,         (numeric or string, optional) (required for Segwit inputs) the amount spent\n       },\n       ...\n     ]",
				"sighashtype    (string, optional, default=\"DEFAULT for Taproot, ALL otherwise\") The signature hash type. Must be one of:\n       \"DEFAULT\"\n       \"ALL\"\n       \"NONE\"\n       \"SINGLE\"\n       \"ALL|ANYONECANPAY\"\n       \"NONE|ANYONECANPAY\"\n       \"SINGLE|ANYONECANPAY\"",
			},
			result:   "{    (json object)\n  \"hex\" : \"hex\",    (string) The hex-encoded raw transaction with signature(s)\n  \"complete\" : true|false,    (boolean) If the transaction has a complete set of signatures\n  \"errors\" : [    (json array, optional) Script verification errors (if there are any)\n    {    (json object)\n      \"txid\" : \"hex\",    (string) The hash of the referenced, previous transaction\n      \"vout\" : n,    (numeric) The index of the output to spent and used as input\n      \"witness\" : [ \"hex\", ... ],    (json array)\n      \"scriptSig\" : \"hex\",    (string) The hex-encoded signature script\n      \"sequence\" : n,    (numeric) Script sequence number\n      \"error\" : \"str\"    (string) Verification or signing error related to the input\n    },\n    ...\n  ]\n}",
			examples: []string{`"myhex", ["key1","key2"]`}}),
		def("utxoupdatepsbt", "rawtransactions", s.utxoUpdatePSBT, []string{"psbt", "descriptors"}, 1, helpSpec{
			desc: "Updates all segwit inputs and outputs in a PSBT with data from output descriptors, the UTXO set, txindex, or the mempool.",
			args: []string{
				"psbt           (string, required) A base64 string of a PSBT",
				"descriptors    (json array, optional) An array of either strings or objects (not supported yet)",
			},
			result:   `"str"    (string) The base64-encoded partially signed transaction with inputs updated`,
			examples: []string{`"psbt"`}}),

		// util
		def("createmultisig", "util", s.createMultisig, []string{"nrequired", "keys", "address_type"}, 2, helpSpec{
			desc: "Creates a multi-signature address with n signature of m keys required.\nIt returns a json object with the address and redeemScript.",
			args: []string{
				"nrequired       (numeric, required) The number of required signatures out of the n keys.",
				"keys            (json array, required) The hex-encoded public keys.\n     [\n       \"key\",    (string) The hex-encoded public key\n       ...\n     ]",
				"address_type    (string, optional, default=\"legacy\") The address type to use. Options are \"legacy\", \"p2sh-segwit\", and \"bech32\".",
			},
			result:   "{    (json object)\n  \"address\" : \"str\",    (string) The value of the new multisig address.\n  \"redeemScript\" : \"hex\",    (string) The string value of the hex-encoded redemption script.\n  \"descriptor\" : \"str\",    (string) The descriptor for this multisig\n  \"warnings\" : [    (json array, optional) Any warnings resulting from the creation of this multisig\n    \"str\",    (string)\n    ...\n  ]\n}",
			examples: []string{`2, ["03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd","03dbc6764b8884a92e871274b87583e6d5c2a58819473e17e107ef3f6aa5a61626"]`}}),
		def("deriveaddresses", "util", s.deriveAddresses, []string{"descriptor", "range"}, 1, helpSpec{
			desc: "Derives one or more addresses corresponding to an output descriptor.\nExamples of output descriptors are:\n    pkh(<pubkey>)                                     P2PKH outputs for the given pubkey\n    wpkh(<pubkey>)                                    Native segwit P2PKH outputs for the given pubkey\n    sh(multi(<n>,<pubkey>,<pubkey>,...))              P2SH-multisig outputs for the given threshold and pubkeys\n    raw(<hex script>)                                 Outputs whose output script equals the specified hex-encoded bytes\n    tr(<pubkey>,multi_a(<n>,<pubkey>,<pubkey>,...))   P2TR-multisig outputs for the given threshold and pubkeys\n\nIn the above, <pubkey> either refers to a fixed public key in hexadecimal notation, or to an xpub/xprv optionally followed by one\nor more path elements separated by \"/\", where \"h\" represents a hardened child key.\nFor more information on output descriptors, see the documentation in the doc/descriptors.md file.",
			args: []string{
				"descriptor    (string, required) The descriptor.",
				"range         (numeric or array, optional) If a ranged descriptor is used, this specifies the end or the range (in [begin,end] notation) to derive.",
			},
			result:   "[    (json array)\n  \"str\",    (string) the derived addresses\n  ...\n]\n\nResult (for multipath descriptors):\n[    (json array) The derived addresses for each of the multipath expansions of the descriptor, in multipath specifier order\n  [    (json array) The derived addresses for a multipath descriptor expansion\n    \"str\",    (string) the derived address\n    ...\n  ],\n  ...\n]",
			examples: []string{`"wpkh([d34db33f/84h/0h/0h]xpub6DJ2dNUysrn5Vt36jH2KLBT2i1auw1tTSSomg8PhqNiUtx8QX2SvC9nrHu81fT41fvDUnhMjEzQgXnQjKEu3oaqMSzhSrHMxyyoEAmUHQbY/0/*)#cjjspncu", "[0,2]"`}}),
		def("getdescriptorinfo", "util", s.getDescriptorInfo, []string{"descriptor"}, 1, helpSpec{
			desc:     "Analyses a descriptor.",
			args:     []string{"descriptor    (string, required) The descriptor."},
			result:   "{    (json object)\n  \"descriptor\" : \"str\",    (string) The descriptor in canonical form, without private keys. For a multipath descriptor, only the first will be returned.\n  \"checksum\" : \"str\",    (string) The checksum for the input descriptor\n  \"isrange\" : true|false,    (boolean) Whether the descriptor is ranged\n  \"issolvable\" : true|false,    (boolean) Whether the descriptor is solvable\n  \"hasprivatekeys\" : true|false    (boolean) Whether the input descriptor contained at least one private key\n}",
			examples: []string{`"wpkh([d34db33f/84h/0h/0h]0279be667ef9dcbbac55a06295Ce870b07029Bfcdb2dce28d959f2815b16f81798)"`}}),
		def("validateaddress", "util", s.validateAddress, []string{"address"}, 1, helpSpec{
			desc:     "Return information about the given bitcoin address.",
			args:     []string{"address    (string, required) The bitcoin address to validate"},
			result:   "{    (json object)\n  \"isvalid\" : true|false,    (boolean) If the address is valid or not\n  \"address\" : \"str\",    (string, optional) The bitcoin address validated\n  \"scriptPubKey\" : \"hex\",    (string, optional) The hex-encoded output script generated by the address\n  \"isscript\" : true|false,    (boolean, optional) If the key is a script\n  \"iswitness\" : true|false,    (boolean, optional) If the address is a witness address\n  \"witness_version\" : n,    (numeric, optional) The version number of the witness program\n  \"witness_program\" : \"hex\",    (string, optional) The hex value of the witness program\n  \"error\" : \"str\",    (string, optional) Error message, if any\n  \"error_locations\" : [    (json array, optional) Indices of likely error locations in address, if known (e.g. Bech32 errors)\n    n,    (numeric) index of a potential error\n    ...\n  ]\n}",
			examples: []string{`"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl"`}}),
		def("verifymessage", "util", s.verifyMessage, []string{"address", "signature", "message"}, 3, helpSpec{
			desc: "Verify a signed message.",
			args: []string{
				"address      (string, required) The bitcoin address to use for the signature.",
				"signature    (string, required) The signature provided by the signer in base 64 encoding (see signmessage).",
				"message      (string, required) The message that was signed.",
			},
			result:   "true|false    (boolean) If the signature is verified or not.",
			examples: []string{`"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX", "signature", "my message"`}}),

		// control
		def("getmemoryinfo", "control", s.getMemoryInfo, []string{"mode"}, 0, helpSpec{
			desc:   "Returns an object containing information about memory usage.",
			args:   []string{"mode    (string, optional, default=\"stats\") determines what kind of information is returned.\n  - \"stats\" returns general statistics about memory usage in the daemon."},
			result: "{    (json object)\n  \"locked\" : {    (json object) Information about locked memory manager\n    \"used\" : n,    (numeric) Number of bytes used\n    \"free\" : n,    (numeric) Number of bytes available in current arenas\n    \"total\" : n,    (numeric) Total number of bytes managed\n    \"locked\" : n,    (numeric) Amount of bytes that succeeded locking.\n    \"chunks_used\" : n,    (numeric) Number allocated chunks\n    \"chunks_free\" : n    (numeric) Number unused chunks\n  }\n}"}),
		def("getrpcinfo", "control", s.getRPCInfo, nil, 0, helpSpec{
			desc:   "Returns details of the RPC server.",
			result: "{    (json object)\n  \"active_commands\" : [    (json array) All active commands\n    {    (json object) Information about an active command\n      \"method\" : \"str\",    (string) The name of the RPC command\n      \"duration\" : n    (numeric) The running time in microseconds\n    },\n    ...\n  ],\n  \"logpath\" : \"str\"    (string) The complete file path to the debug log\n}"}),
		def("logging", "control", s.logging, []string{"include", "exclude"}, 0, helpSpec{
			desc: "Gets and sets the logging configuration.\nWhen called without an argument, returns the list of categories with status that are currently being debug logged or not.\nWhen called with arguments, adds or removes categories from debug logging and return the lists above.\nThe arguments are evaluated in order \"include\", \"exclude\".\nIf an item is both included and excluded, it will thus end up being excluded.",
			args: []string{
				"include    (json array, optional) The categories to add to debug logging\n     [\n       \"include_category\",    (string) the valid logging category\n       ...\n     ]",
				"exclude    (json array, optional) The categories to remove from debug logging\n     [\n       \"exclude_category\",    (string) the valid logging category\n       ...\n     ]",
			},
			result:   "{    (json object) keys are the logging categories, and values indicates its status\n  \"category\" : true|false,    (boolean) if being debug logged or not. false:inactive, true:active\n  ...\n}",
			examples: []string{`["all"], ["libevent"]`}}),
		def("stop", "control", s.stop, []string{"wait"}, 0, helpSpec{
			desc:   "Request a graceful shutdown of Bitcoin Core.",
			result: `"str"    (string) A string with the content 'Bitcoin Core stopping'`}),
		def("uptime", "control", s.uptime, nil, 0, helpSpec{
			desc:   "Returns the total uptime of the server.",
			result: "n    (numeric) The number of seconds that the server has been running"}),

		// network
		def("getconnectioncount", "network", s.getConnectionCount, nil, 0, helpSpec{
			desc:   "Returns the number of connections to other nodes.",
			result: "n    (numeric) The connection count"}),
		def("getnettotals", "network", s.getNetTotals, nil, 0, helpSpec{
			desc:   "Returns information about network traffic, including bytes in, bytes out,\nand current system time.",
			result: "{    (json object)\n  \"totalbytesrecv\" : n,    (numeric) Total bytes received\n  \"totalbytessent\" : n,    (numeric) Total bytes sent\n  \"timemillis\" : xxx,    (numeric) Current system UNIX epoch time in milliseconds\n  \"uploadtarget\" : { ... }    (json object)\n}"}),
		def("getnetworkinfo", "network", s.getNetworkInfo, nil, 0, helpSpec{
			desc:   "Returns an object containing various state info regarding P2P networking.",
			result: "{    (json object)\n  \"version\" : n,    (numeric) the server version\n  \"subversion\" : \"str\",    (string) the server subversion string\n  \"protocolversion\" : n,    (numeric) the protocol version\n  \"localservices\" : \"hex\",    (string) the services we offer to the network\n  \"localservicesnames\" : [ \"str\", ... ],    (json array) the services we offer to the network, in human-readable form\n  \"localrelay\" : true|false,    (boolean) true if transaction relay is requested from peers\n  \"timeoffset\" : n,    (numeric) the time offset\n  \"networkactive\" : true|false,    (boolean) whether p2p networking is enabled\n  \"connections\" : n,    (numeric) the total number of connections\n  \"connections_in\" : n,    (numeric) the number of inbound connections\n  \"connections_out\" : n,    (numeric) the number of outbound connections\n  \"networks\" : [ ... ],    (json array) information per network\n  \"relayfee\" : n,    (numeric) minimum relay fee rate for transactions in BTC/kvB\n  \"incrementalfee\" : n,    (numeric) minimum fee rate increment for mempool limiting or replacement in BTC/kvB\n  \"localaddresses\" : [ ... ],    (json array) list of local addresses\n  \"warnings\" : [ \"str\", ... ]    (json array) any network and blockchain warnings\n}"}),
		def("getpeerinfo", "network", s.getPeerInfo, nil, 0, helpSpec{
			desc:   "Returns data about each connected network peer as a json array of objects.",
			result: "[    (json array)\n  { ... },    (json object)\n  ...\n]"}),
		def("ping", "network", s.ping, nil, 0, helpSpec{
			desc:   "Requests that a ping be sent to all other nodes, to measure ping time.\nResults are provided in getpeerinfo, pingtime and pingwait fields are decimal seconds.\nPing command is handled in queue with all other commands, so it measures processing backlog, not just network ping.",
			result: "null    (json null)"}),
	}
}
