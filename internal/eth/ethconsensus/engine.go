package ethconsensus

import (
	"context"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// ChainHeaderReader is what an engine needs to read from the chain to
// verify a header: the configuration and headers by hash and number. The
// chain (package ethchain) implements it; absence is ok == false.
type ChainHeaderReader interface {
	// Config returns the chain configuration.
	Config() *ethparams.ChainConfig
	// GetHeader returns the header with the given hash and number.
	GetHeader(hash ethtypes.Hash, number uint64) (*ethtypes.Header, bool)
}

// ChainReader adds whole blocks to ChainHeaderReader, for the uncle rules
// (the uncles the last seven ancestors included).
type ChainReader interface {
	ChainHeaderReader
	// GetBlock returns the block with the given hash and number.
	GetBlock(hash ethtypes.Hash, number uint64) (*ethtypes.Block, bool)
}

// StateWriter is the part of the state the block rewards touch.
// statedb.StateDB implements it.
type StateWriter interface {
	// AddBalance credits amount wei to addr (creating the account).
	AddBalance(addr ethtypes.Address, amount *uint256.Int)
}

// Engine is a consensus engine of the account chain, shaped like geth's
// consensus.Engine so that the chain (ethchain) and the miner can use
// Ethash or the dev engine alike.
//
// The checks of an engine are the consensus-specific ones (difficulty,
// seal, uncles, rewards); the generic header rules (gas limit, base fee,
// fork fields) are the chain's, which it can also hand to the engine
// (Config.HeaderCheck) so that uncles get them too.
type Engine interface {
	// SealHash returns the hash a seal commits to: the header without its
	// mix digest and nonce.
	SealHash(h *ethtypes.Header) ethtypes.Hash
	// VerifyHeader checks h against its parent (read from chain) and
	// checks its seal.
	VerifyHeader(chain ChainHeaderReader, h *ethtypes.Header) error
	// VerifyHeaders checks a batch of consecutive headers (the first one's
	// parent read from chain), possibly in parallel, and returns one error
	// per header.
	VerifyHeaders(ctx context.Context, chain ChainHeaderReader, headers []*ethtypes.Header) []error
	// VerifyUncles checks the uncles of b: how many, how far back, not
	// included twice, not ancestors, and each a valid header on its own
	// parent.
	VerifyUncles(chain ChainReader, b *ethtypes.Block) error
	// CalcDifficulty returns the difficulty of a block with timestamp time
	// on top of parent.
	CalcDifficulty(chain ChainHeaderReader, time uint64, parent *ethtypes.Header) *uint256.Int
	// Prepare sets the consensus fields of a header being built (its
	// difficulty) from its parent.
	Prepare(chain ChainHeaderReader, h *ethtypes.Header) error
	// Finalize credits the block and uncle rewards of h to state.
	Finalize(chain ChainHeaderReader, h *ethtypes.Header, state StateWriter, uncles []*ethtypes.Header)
	// Seal returns b with a valid seal (nonce and mix digest), or ctx's
	// error if ctx ends first.
	Seal(ctx context.Context, b *ethtypes.Block) (*ethtypes.Block, error)
}

// SealHash returns the hash an Ethash seal commits to: Keccak-256 of the
// RLP list of the header's fields without MixDigest and Nonce (the
// optional fields from BaseFee on are included when present, in their
// order, as the header's own encoding has them).
//
// This function is safe for concurrent access.
func SealHash(h *ethtypes.Header) ethtypes.Hash {
	var buf [700]byte
	return ethtypes.Hash(crypto.Keccak256(appendSealRLP(buf[:0], h)))
}

// appendSealRLP appends the RLP encoding SealHash hashes.
func appendSealRLP(dst []byte, h *ethtypes.Header) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendBytes(dst, h.ParentHash[:])
	dst = rlp.AppendBytes(dst, h.UncleHash[:])
	dst = rlp.AppendBytes(dst, h.Coinbase[:])
	dst = rlp.AppendBytes(dst, h.Root[:])
	dst = rlp.AppendBytes(dst, h.TxHash[:])
	dst = rlp.AppendBytes(dst, h.ReceiptHash[:])
	dst = rlp.AppendBytes(dst, h.Bloom[:])
	dst = rlp.AppendUint256(dst, (*[4]uint64)(&h.Difficulty))
	dst = rlp.AppendUint64(dst, h.Number)
	dst = rlp.AppendUint64(dst, h.GasLimit)
	dst = rlp.AppendUint64(dst, h.GasUsed)
	dst = rlp.AppendUint64(dst, h.Time)
	dst = rlp.AppendBytes(dst, h.Extra)
	if h.BaseFee != nil {
		dst = rlp.AppendUint256(dst, (*[4]uint64)(h.BaseFee))
		if h.WithdrawalsHash != nil {
			dst = rlp.AppendBytes(dst, h.WithdrawalsHash[:])
			if h.BlobGasUsed != nil && h.ExcessBlobGas != nil {
				dst = rlp.AppendUint64(dst, *h.BlobGasUsed)
				dst = rlp.AppendUint64(dst, *h.ExcessBlobGas)
				if h.ParentBeaconRoot != nil {
					dst = rlp.AppendBytes(dst, h.ParentBeaconRoot[:])
				}
			}
		}
	}
	return rlp.EndList(dst, mark)
}
