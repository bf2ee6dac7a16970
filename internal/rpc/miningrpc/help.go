package miningrpc

// Help texts in Bitcoin Core's layout: synopsis, description, Arguments,
// Result, Examples.

const helpGenerateToAddress = `generatetoaddress nblocks "address" ( maxtries )

Mine to a specified address and return the block hashes.

Arguments:
1. nblocks     (numeric, required) How many blocks are generated.
2. address     (string, required) The address to send the newly generated bitcoin to.
3. maxtries    (numeric, optional, default=1000000) How many iterations to try.

Result:
[           (json array) hashes of blocks generated
  "hex",    (string) blockhash
  ...
]

Examples:

Generate 11 blocks to myaddress
> bitcoin-cli generatetoaddress 11 "myaddress"
If you are using the Bitcoin Core wallet, you can get a new address to send the newly generated bitcoin to with:
> bitcoin-cli getnewaddress`

const helpGenerateToDescriptor = `generatetodescriptor num_blocks "descriptor" ( maxtries )

Mine to a specified descriptor and return the block hashes.

Arguments:
1. num_blocks    (numeric, required) How many blocks are generated.
2. descriptor    (string, required) The descriptor to send the newly generated bitcoin to.
3. maxtries      (numeric, optional, default=1000000) How many iterations to try.

Result:
[           (json array) hashes of blocks generated
  "hex",    (string) blockhash
  ...
]

Examples:

Generate 11 blocks to mydesc
> bitcoin-cli generatetodescriptor 11 "mydesc"`

const helpGenerateBlock = `generateblock "output" ["rawtx/txid",...] ( submit )

Mine a set of ordered transactions to a specified address or descriptor and return the block hash.

Arguments:
1. output               (string, required) The address or descriptor to send the newly generated bitcoin to.
2. transactions         (json array, required) An array of hex strings which are either txids or raw transactions.
                        Txids must reference transactions currently in the mempool.
                        All transactions must be valid and in valid order, otherwise the block will be rejected.
     [
       "rawtx/txid",    (string)
       ...
     ]
3. submit               (boolean, optional, default=true) Whether to submit the block before the RPC call returns or to return it as hex.

Result:
{                    (json object)
  "hash" : "hex",    (string) hash of generated block
  "hex" : "hex"      (string, optional) hex of generated block, only present when submit=false
}

Examples:

Generate a block to myaddress, with txs rawtx and mempool_txid
> bitcoin-cli generateblock "myaddress" '["rawtx", "mempool_txid"]'`

const helpGetBlockTemplate = `getblocktemplate {"mode":"str","capabilities":["str",...],"rules":["segwit","str",...],"longpollid":"str","data":"hex"}

If the request parameters include a 'mode' key, that is used to explicitly select between the default 'template' request or a 'proposal'.
It returns data needed to construct a block to work on.
For full specification, see BIPs 22, 23, 9, and 145:
    https://github.com/bitcoin/bips/blob/master/bip-0022.mediawiki
    https://github.com/bitcoin/bips/blob/master/bip-0023.mediawiki
    https://github.com/bitcoin/bips/blob/master/bip-0009.mediawiki#getblocktemplate_changes
    https://github.com/bitcoin/bips/blob/master/bip-0145.mediawiki

Arguments:
1. template_request         (json object, required) Format of the template
     {
       "mode": "str",       (string, optional) This must be set to "template", "proposal" (see BIP 23), or omitted
       "capabilities": [    (json array, optional) A list of strings
         "str",             (string) client side supported feature, 'longpoll', 'coinbasevalue', 'proposal', 'serverlist', 'workid'
         ...
       ],
       "rules": [           (json array, required) A list of strings
         "segwit",          (string, required) (literal) indicates client side segwit support
         "str",             (string) other client side supported softfork deployment
         ...
       ],
       "longpollid": "str", (string, optional) delay processing request until the result would vary significantly from the "longpollid" of a prior template
       "data": "hex",       (string, optional) proposed block data to check, encoded in hexadecimal; valid only for mode="proposal"
     }

Result (If the proposal was accepted with mode=='proposal'):
null    (json null)

Result (If the proposal was not accepted with mode=='proposal'):
"str"    (string) According to BIP22

Result (Otherwise):
{                                          (json object)
  "version" : n,                           (numeric) The preferred block version
  "rules" : [                              (json array) specific block rules that are to be enforced
    "str",                                 (string) name of a rule the client must understand to some extent; see BIP 9 for format
    ...
  ],
  "vbavailable" : {                        (json object) set of pending, supported versionbit (BIP 9) softfork deployments
    "rulename" : n,                        (numeric) identifies the bit number as indicating acceptance and readiness for the named softfork rule
    ...
  },
  "capabilities" : [                       (json array)
    "value",                               (string) A supported feature, for example 'proposal'
    ...
  ],
  "vbrequired" : n,                        (numeric) bit mask of versionbits the server requires set in submissions
  "previousblockhash" : "str",             (string) The hash of current highest block
  "transactions" : [                       (json array) contents of non-coinbase transactions that should be included in the next block
    {                                      (json object)
      "data" : "hex",                      (string) transaction data encoded in hexadecimal (byte-for-byte)
      "txid" : "hex",                      (string) transaction hash excluding witness data, shown in byte-reversed hex
      "hash" : "hex",                      (string) transaction hash including witness data, shown in byte-reversed hex
      "depends" : [                        (json array) array of numbers
        n,                                 (numeric) transactions before this one (by 1-based index in 'transactions' list) that must be present in the final block if this one is
        ...
      ],
      "fee" : n,                           (numeric) difference in value between transaction inputs and outputs (in satoshis); for coinbase transactions, this is a negative Number of the total collected block fees (ie, not including the block subsidy); if key is not present, fee is unknown and clients MUST NOT assume there isn't one
      "sigops" : n,                        (numeric) total SigOps cost, as counted for purposes of block limits; if key is not present, sigop cost is unknown and clients MUST NOT assume it is zero
      "weight" : n                         (numeric) total transaction weight, as counted for purposes of block limits
    },
    ...
  ],
  "coinbaseaux" : {                        (json object) data that should be included in the coinbase's scriptSig content
    "key" : "hex",                         (string) values must be in the coinbase (keys may be ignored)
    ...
  },
  "coinbasevalue" : n,                     (numeric) maximum allowable input to coinbase transaction, including the generation award and transaction fees (in satoshis)
  "longpollid" : "str",                    (string) an id to include with a request to longpoll on an update to this template
  "target" : "str",                        (string) The hash target
  "mintime" : xxx,                         (numeric) The minimum timestamp appropriate for the next block time, expressed in UNIX epoch time
  "mutable" : [                            (json array) list of ways the block template may be changed
    "value",                               (string) A way the block template may be changed, e.g. 'time', 'transactions', 'prevblock'
    ...
  ],
  "noncerange" : "hex",                    (string) A range of valid nonces
  "sigoplimit" : n,                        (numeric) limit of sigops in blocks
  "sizelimit" : n,                         (numeric) limit of block size
  "weightlimit" : n,                       (numeric, optional) limit of block weight
  "curtime" : xxx,                         (numeric) current timestamp in UNIX epoch time
  "bits" : "str",                          (string) compressed target of next block
  "height" : n,                            (numeric) The height of the next block
  "signet_challenge" : "hex",              (string, optional) Only on signet
  "default_witness_commitment" : "str"     (string, optional) a valid witness commitment for the unmodified block template
}

Examples:
> bitcoin-cli getblocktemplate '{"rules": ["segwit"]}'
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "getblocktemplate", "params": [{"rules": ["segwit"]}]}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpSubmitBlock = `submitblock "hexdata" ( "dummy" )

Attempts to submit new block to network.
See https://en.bitcoin.it/wiki/BIP_0022 for full specification.

Arguments:
1. hexdata    (string, required) the hex-encoded block data to submit
2. dummy      (string, optional, default=ignored) dummy value, for compatibility with BIP22. This value is ignored.

Result (If the block was accepted):
null    (json null)

Result (Otherwise):
"str"    (string) According to BIP22

Examples:
> bitcoin-cli submitblock "mydata"
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "submitblock", "params": ["mydata"]}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpSubmitHeader = `submitheader "hexdata"

Decode the given hexdata as a header and submit it as a candidate chain tip if valid.
Throws when the header is invalid.

Arguments:
1. hexdata    (string, required) the hex-encoded block header data

Result:
null    (json null) None

Examples:
> bitcoin-cli submitheader "aabbcc"
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "submitheader", "params": ["aabbcc"]}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpGetMiningInfo = `getmininginfo

Returns a json object containing mining-related information.
Result:
{                                (json object)
  "blocks" : n,                  (numeric) The current block
  "currentblockweight" : n,      (numeric, optional) The block weight (including reserved weight for block header, txs count and coinbase tx) of the last assembled block (only present if a block was ever assembled)
  "currentblocktx" : n,          (numeric, optional) The number of block transactions (excluding coinbase) of the last assembled block (only present if a block was ever assembled)
  "bits" : "hex",                (string) The current nBits, compact representation of the block difficulty target
  "difficulty" : n,              (numeric) The current difficulty
  "target" : "hex",              (string) The current target
  "networkhashps" : n,           (numeric) The network hashes per second
  "pooledtx" : n,                (numeric) The size of the mempool
  "chain" : "str",               (string) current network name (main, test, testnet4, signet, regtest)
  "next" : {                     (json object) The next block
    "height" : n,                (numeric) The next height
    "bits" : "hex",              (string) The next target nBits
    "difficulty" : n,            (numeric) The next difficulty
    "target" : "hex"             (string) The next target
  },
  "warnings" : [                 (json array) any network and blockchain warnings
    "str",                       (string) warning
    ...
  ]
}

Examples:
> bitcoin-cli getmininginfo
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "getmininginfo", "params": []}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpGetNetworkHashPS = `getnetworkhashps ( nblocks height )

Returns the estimated network hashes per second based on the last n blocks.
Pass in [blocks] to override # of blocks, -1 specifies since last difficulty change.
Pass in [height] to estimate the network speed at the time when a certain block was found.

Arguments:
1. nblocks    (numeric, optional, default=120) The number of previous blocks to calculate estimate from, or -1 for blocks since last difficulty change.
2. height     (numeric, optional, default=-1) To estimate at the time of the given height.

Result:
n    (numeric) Hashes per second estimated

Examples:
> bitcoin-cli getnetworkhashps
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "getnetworkhashps", "params": []}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpPrioritiseTransaction = `prioritisetransaction "txid" ( dummy ) fee_delta

Accepts the transaction into mined blocks at a higher (or lower) priority

Arguments:
1. txid         (string, required) The transaction id.
2. dummy        (numeric, optional) API-Compatibility for previous API. Must be zero or null.
                DEPRECATED. For forward compatibility use named arguments and omit this parameter.
3. fee_delta    (numeric, required) The fee value (in satoshis) to add (or subtract, if negative).
                Note, that this value is not a fee rate. It is a value to modify absolute fee of the TX.
                The fee is not actually paid, only the algorithm for selecting transactions into a block
                considers the transaction as it would have paid a higher (or lower) fee.

Result:
true|false    (boolean) Returns true

Examples:
> bitcoin-cli prioritisetransaction "txid" 0.0 10000
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "prioritisetransaction", "params": ["txid", 0.0, 10000]}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpGetPrioritisedTransactions = `getprioritisedtransactions

Returns a map of all user-created (see prioritisetransaction) fee deltas by txid, and whether the tx is present in mempool.

Result:
{                                 (json object) prioritisation keyed by txid
  "<transactionid>" : {           (json object)
    "fee_delta" : n,              (numeric) transaction fee delta in satoshis
    "in_mempool" : true|false,    (boolean) whether this transaction is currently in mempool
    "modified_fee" : n            (numeric, optional) modified fee in satoshis. Only returned if in_mempool=true
  },
  ...
}

Examples:
> bitcoin-cli getprioritisedtransactions
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "getprioritisedtransactions", "params": []}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpEstimateSmartFee = `estimatesmartfee conf_target ( "estimate_mode" )

Estimates the approximate fee per kilobyte needed for a transaction to begin
confirmation within conf_target blocks if possible and return the number of blocks
for which the estimate is valid. Uses virtual transaction size as defined
in BIP 141 (witness data is discounted).

Arguments:
1. conf_target      (numeric, required) Confirmation target in blocks (1 - 1008)
2. estimate_mode    (string, optional, default="economical") The fee estimate mode.
                    unset, economical, conservative
                    unset means no mode set (economical mode is used).
                    economical estimates use a shorter time horizon, making them more
                    responsive to short-term drops in the prevailing fee market. This mode
                    potentially returns a lower fee rate estimate.
                    conservative estimates use a longer time horizon, making them
                    less responsive to short-term drops in the prevailing fee market. This mode
                    potentially returns a higher fee rate estimate.

Result:
{                   (json object)
  "feerate" : n,    (numeric, optional) estimate fee rate in BTC/kvB (only present if no errors were encountered)
  "errors" : [      (json array, optional) Errors encountered during processing (if there are any)
    "str",          (string) error
    ...
  ],
  "blocks" : n      (numeric) block number where estimate was found
                    The request target will be clamped between 2 and the highest target
                    fee estimation is able to return based on how long it has been running.
                    An error is returned if not enough transactions and blocks
                    have been observed to make an estimate for any number of blocks.
}

Examples:
> bitcoin-cli estimatesmartfee 6
> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "estimatesmartfee", "params": [6]}' -H 'content-type: application/json' http://127.0.0.1:8332/`

const helpEstimateRawFee = `estimaterawfee conf_target ( threshold )

WARNING: This interface is unstable and may disappear or change!

WARNING: This is an advanced API call that is tightly coupled to the specific
implementation of fee estimation. The parameters it can be called with
and the results it returns will change if the internal implementation changes.

Estimates the approximate fee per kilobyte needed for a transaction to begin
confirmation within conf_target blocks if possible. Uses virtual transaction size as
defined in BIP 141 (witness data is discounted).

Arguments:
1. conf_target    (numeric, required) Confirmation target in blocks (1 - 1008)
2. threshold      (numeric, optional, default=0.95) The proportion of transactions in a given feerate range that must have been
                  confirmed within conf_target in order to consider those feerates as high enough and proceed to check
                  lower buckets.

Result:
{                              (json object) Results are returned for any horizon which tracks blocks up to the confirmation target
  "short" : {                  (json object, optional) estimate for short time horizon
    "feerate" : n,             (numeric, optional) estimate fee rate in BTC/kvB
    "decay" : n,               (numeric) exponential decay (per block) for historical moving average of confirmation data
    "scale" : n,               (numeric) The resolution of confirmation targets at this time horizon
    "pass" : {                 (json object, optional) information about the lowest range of feerates to succeed in meeting the threshold
      "startrange" : n,        (numeric) start of feerate range
      "endrange" : n,          (numeric) end of feerate range
      "withintarget" : n,      (numeric) number of txs over history horizon in the feerate range that were confirmed within target
      "totalconfirmed" : n,    (numeric) number of txs over history horizon in the feerate range that were confirmed at any point
      "inmempool" : n,         (numeric) current number of txs in mempool in the feerate range unconfirmed for at least target blocks
      "leftmempool" : n        (numeric) number of txs over history horizon in the feerate range that left mempool unconfirmed after target
    },
    "fail" : {                 (json object, optional) information about the highest range of feerates to fail to meet the threshold
      ...
    },
    "errors" : [               (json array, optional) Errors encountered during processing (if there are any)
      "str",                   (string) error
      ...
    ]
  },
  "medium" : {                 (json object, optional) estimate for medium time horizon
    ...
  },
  "long" : {                   (json object, optional) estimate for long time horizon
    ...
  }
}

Examples:
> bitcoin-cli estimaterawfee 6 0.9`
