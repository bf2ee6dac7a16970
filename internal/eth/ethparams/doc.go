// Package ethparams holds the configuration of an Ethereum-style chain: the
// chain id, when each protocol upgrade ("fork") activates, and the
// parameters that vary per fork (the EIP-4844 blob schedule).
//
// # Model
//
// ChainConfig is a plain value. Forks up to London activate at a block
// number (a nil pointer means "never"); the merge (Paris) is signalled by
// the block itself (a zero difficulty / a PREVRANDAO value) and recorded in
// the configuration by TerminalTotalDifficulty and MergeNetsplitBlock;
// Shanghai and Cancun activate at a block timestamp. The JSON form uses the
// field names of geth's genesis "config" object (chainId, homesteadBlock,
// eip150Block, ..., shanghaiTime, cancunTime, blobSchedule), so a geth
// genesis file configures a twinchain network unchanged.
//
// The per-block view is Rules, a struct of booleans derived once per block
// with ChainConfig.Rules(number, isMerge, time). Rules is the type defined
// by package ethtypes (aliased here), so transaction validation, the EVM
// and block processing share one value. Following geth, Paris, Shanghai and
// Cancun are only active after the merge, and the merge only after London.
//
// ForkConfig returns the configuration ethereum/tests uses for a fork name
// ("Frontier", "Homestead", "EIP150", "EIP158", "Byzantium",
// "Constantinople", "ConstantinopleFix", "Istanbul", "MuirGlacier",
// "Berlin", "London", "ArrowGlacier", "GrayGlacier", "Paris"/"Merge",
// "Shanghai", "Cancun" and the transition networks such as
// "BerlinToLondonAt5" or "ShanghaiToCancunAtTime15k"); MainnetConfig
// returns Ethereum mainnet's.
//
// BlobConfig.BlobBaseFee computes the EIP-4844 blob gas price from the
// excess blob gas of a block.
//
// # Errors
//
// Errors are *Error values carrying an ErrorKind (ErrUnknownFork,
// ErrForkOrder, ErrMissingBlobConfig); test them with errors.Is.
//
// # Concurrency
//
// The package has no mutable state. A ChainConfig is safe for concurrent
// reads; ForkConfig and MainnetConfig return fresh copies the caller owns.
package ethparams
