package evm

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// BlockContext is what the EVM knows of the block a transaction runs in. It
// is fixed for the whole block.
type BlockContext struct {
	// GetHash returns the hash of block n; BLOCKHASH only asks for the 256
	// blocks below BlockNumber. A nil GetHash makes BLOCKHASH push zero.
	GetHash func(n uint64) ethtypes.Hash

	Coinbase    ethtypes.Address // COINBASE
	GasLimit    uint64           // GASLIMIT
	BlockNumber uint64           // NUMBER
	Time        uint64           // TIMESTAMP
	Difficulty  uint256.Int      // DIFFICULTY before the merge
	Random      ethtypes.Hash    // PREVRANDAO (opcode 0x44) from the merge (EIP-4399)
	BaseFee     uint256.Int      // BASEFEE (EIP-3198), from London
	BlobBaseFee uint256.Int      // BLOBBASEFEE (EIP-7516), from Cancun
	ChainID     uint256.Int      // CHAINID (EIP-1344), from Istanbul
}

// TxContext is what the EVM knows of the transaction being executed.
type TxContext struct {
	Origin     ethtypes.Address // ORIGIN: the transaction's sender
	GasPrice   uint256.Int      // GASPRICE: the effective gas price
	BlobHashes []ethtypes.Hash  // BLOBHASH: the versioned hashes of a blob transaction
}

// Config holds the options of an EVM. Precompiles and Cache are read once
// by NewEVM; Tracer may be changed between calls.
type Config struct {
	// Tracer receives execution events; nil (the default) costs nothing.
	// With OnOpcode, OnFault or OnGasChange set the interpreter runs its
	// exact, instruction-by-instruction loop; OnEnter/OnExit/OnLog alone
	// keep the fast loop.
	Tracer *Tracer

	// Precompiles is the set of precompiled contracts; calls to one of its
	// addresses run the contract instead of code. nil selects the set of
	// the EVM's rules (precompile.ForRules).
	Precompiles PrecompileSet

	// Cache holds code analyses and reusable frames. A node shares one
	// between all its EVMs; nil gives the EVM a private one.
	Cache *Cache
}
