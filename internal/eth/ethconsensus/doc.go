// Package ethconsensus holds the consensus engines of the account chain:
// Ethash proof of work and the dev engine that seals on demand.
//
// # Engines
//
// Engine is shaped like geth's consensus.Engine: SealHash, VerifyHeader,
// VerifyUncles, CalcDifficulty, Prepare, Finalize (the block rewards) and
// Seal. The chain reads through two small interfaces it implements,
// ChainHeaderReader (Config, GetHeader) and ChainReader (adds GetBlock),
// and rewards are credited through StateWriter (AddBalance), which
// statedb.StateDB satisfies; this package imports neither the chain nor
// the state. An engine checks what is consensus-specific (extra-data
// size, timestamp and number against the parent, the clock, the
// difficulty, the seal, the uncles); the chain's generic header rules (gas
// limit, base fee, fork fields) can be handed in as Config.HeaderCheck so
// that uncles get them too.
//
// Ethash (New, Config) follows the Yellow Paper's appendix J and geth's
// consensus/ethash: epochs of EpochLength blocks; the seed (SeedHash); the
// cache (MakeCache: a Keccak-512 chain and three rounds of RandMemoHash)
// and dataset (MakeDataset: items of 256 FNV-mixed cache parents) whose
// sizes on public networks grow per epoch to the next prime number of
// items (CacheSize, DatasetSize); hashimoto from the cache
// (HashimotoLight, for verification) or from the dataset (HashimotoFull,
// for mining); the seal hash (SealHash: the header's RLP without mix
// digest and nonce); and the check that the mix digest matches and the
// result is at most 2^256/difficulty (VerifySeal, Target). Config can fix
// the cache and dataset sizes and the epoch length, so a dev network uses
// kilobytes instead of a GiB. Caches and datasets are built lazily, once
// per epoch, and kept in small LRUs (CachesInMem, DatasetsInMem). Seal
// searches nonces on Config.Threads goroutines from a random start and
// stops when its context ends.
//
// CalcDifficulty is the difficulty formula: Frontier, Homestead (EIP-2)
// and from Byzantium EIP-100 with the uncle adjustment, with the
// difficulty bomb delayed by Byzantium (3M blocks), Constantinople (5M),
// Muir Glacier (9M), London (9.7M), Arrow Glacier (10.7M) and Gray Glacier
// (11.4M); our networks switch the bomb off (Config.BombOff).
//
// VerifyUncles applies the uncle rules: at most two; each a child of one
// of the block's seven previous ancestors other than its parent (so
// within six generations); never included twice (in the block or by those
// ancestors); not an ancestor nor the block; a valid header on its parent.
//
// AccumulateRewards pays the block reward (BlockReward: 5 ether, 3 from
// Byzantium, 2 from Constantinople, or Config.BlockReward) plus 1/32 of it
// per uncle to the miner, and (8 + uncle number - block number)/8 of it to
// each uncle's miner.
//
// Dev (NewDev) is the engine of development networks: difficulty 1 (so the
// heaviest chain is the longest and the chain is not mistaken for proof of
// stake), no seal, Seal returns at once; when to seal (on each
// transaction, every N seconds) is the miner's choice.
//
// # Errors
//
// Rejections are *RuleError values whose kind, an ErrorKind with geth's
// text ("too many uncles", "invalid mix digest", ...), is tested with
// errors.Is. A Config.HeaderCheck error is returned as is.
//
// # Concurrency
//
// Ethash and Dev are safe for concurrent use; verification of many
// headers may run on many goroutines and shares the epoch caches. The
// functions of the algorithm (MakeCache, HashimotoLight...) only read
// their inputs.
package ethconsensus
