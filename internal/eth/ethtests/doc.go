// Package ethtests runs the Ethereum Foundation's reference tests
// (github.com/ethereum/tests) against twinchain's account chain: the
// GeneralStateTests and the BlockchainTests.
//
// # State tests
//
// A GeneralStateTests file maps test names to a pre-state, an environment
// (coinbase, number, timestamp, gas limit, base fee, PREVRANDAO, excess
// blob gas, difficulty), a transaction template with lists of data, gas
// limits and values, and a post section mapping fork names to subtests.
// Each subtest picks one (data, gas, value) combination and gives the
// expected state root and logs hash, or an expected exception.
//
// StateRunner follows geth's tests/state_test_util.go: the pre-state is
// committed once per test to an in-memory database and every subtest
// opens it at that root; the message is built from the JSON fields (the
// sender from "sender" or "secretKey"; from London the gas price is
// min(tip + base fee, fee cap) with a default base fee of 0x0a); the
// subtest's txbytes must decode and carry a valid signature under the
// signer of every fork the configuration schedules (types.LatestSigner);
// the merge is on when the environment has currentRandom and London is
// active. A rejected transaction must be expected (expectException) and
// leaves the pre-state; otherwise the coinbase is credited zero (which
// touches it, as a block reward would) and the state root, with EIP-161
// deletion from Spurious Dragon, and keccak256(rlp(logs)) must match.
//
// RunStateTestFiles runs files with a bounded pool of workers sharing a
// Cache (code analyses, EVM frames, sender recoveries). Work is handed out
// per subtest, so a file with a few very slow subtests (vmPerformance)
// does not serialise the run, while results are reported file by file in
// order and only a few files are parsed ahead. RunStateTests walks files
// and directories (or reads paths from a reader, as geth's `evm
// statetest` reads standard input) and writes one JSON line per subtest in
// the shape of geth's output ({"name", "pass", "stateRoot", "fork",
// "error"}), so the two can be diffed. StateRunner runs files on the
// calling goroutine.
//
// With Options.Bench set, every subtest that ran is also measured: the
// BenchFunc (the caller owns the clock) repeats a run that does the work
// geth's `evm statetest --bench` times per run — pre-state built from the
// JSON, sender recovered, message applied on a fresh EVM and cache, state
// committed — and its BenchStats (time, allocations, gas used) go into the
// result's "benchStats", in geth's shape.
//
// # Blockchain tests
//
// A BlockchainTests file maps test names to a network (fork name), a
// genesis block (genesisRLP), a pre-state, a list of blocks given by their
// rlp (some with an expectException: they must be rejected), the expected
// last block hash and post-state (postState accounts or postStateHash).
// BlockRunner builds the pre-state, checks it against the genesis header,
// inserts every block into an ethchain.Chain (full header validation,
// execution and root checks, NoProof seal engine) and compares the head
// with lastblockhash and its state root with the post-state's root. With
// Options.NewStore the blocks go through the node's persistent pipeline
// instead, ethchain.BlockChain on a fresh store per test (memdb or
// Pebble): the genesis is rebuilt from the pre-state and genesis header
// (ethchain.Genesis) and must hash to the test's genesis; the engine is
// Ethash with FakeSeal for sealEngine NoProof (real difficulty formula,
// uncles and rewards), the real Ethash for "Ethash"; proof-of-stake
// blocks are checked by the chain itself.
// RunBlockTests walks files like RunStateTests and writes one JSON line
// per test ({"name", "pass", "fork", "error"}).
//
// # Concurrency
//
// A StateRunner is used by one goroutine at a time; a Cache is safe for
// concurrent use; RunStateTests may be called concurrently.
package ethtests
