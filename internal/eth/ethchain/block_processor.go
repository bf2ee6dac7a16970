package ethchain

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// System addresses of EIP-4788.
var (
	// SystemAddress is the caller of system calls.
	SystemAddress = ethtypes.Address{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}
	// BeaconRootsAddress is the EIP-4788 beacon roots contract.
	BeaconRootsAddress = ethtypes.Address{0x00, 0x0f, 0x3d, 0xf6, 0xd7, 0x32, 0x80, 0x7e, 0xf1, 0x31,
		0x9f, 0xb7, 0xb8, 0xbb, 0x85, 0x22, 0xd0, 0xbe, 0xac, 0x02}
)

// SystemCallGas is the gas of the EIP-4788 system call.
const SystemCallGas = 30_000_000

// ProcessResult is the outcome of processing a block's body.
type ProcessResult struct {
	Receipts    ethtypes.Receipts
	GasUsed     uint64
	BlobGasUsed uint64
	Bloom       ethtypes.Bloom
}

// ValidateBody checks the block's body against its header before
// execution: the ommers hash (and no uncles after the merge, at most two
// before), the transactions root and, from Shanghai, the withdrawals root.
//
// This function is safe for concurrent access.
func ValidateBody(cfg *ethparams.ChainConfig, b *ethtypes.Block, st *trie.StackTrie) error {
	h := b.Header
	if uh := ethtypes.UncleHash(b.Uncles); uh != h.UncleHash {
		return blockErrorf(ErrUncleRootMismatch, "(header value %s, calculated %s)", h.UncleHash, uh)
	}
	if len(b.Uncles) > 2 {
		return blockErrorf(ErrTooManyUncles, "%d", len(b.Uncles))
	}
	if txh := ethtypes.Hash(trie.DeriveSha(b.Txs, st)); txh != h.TxHash {
		return blockErrorf(ErrTxRootMismatch, "(header value %s, calculated %s)", h.TxHash, txh)
	}
	switch {
	case h.WithdrawalsHash == nil && b.Withdrawals != nil:
		return blockErrorf(ErrInvalidWithdrawals, "withdrawals present in block body")
	case h.WithdrawalsHash != nil && b.Withdrawals == nil:
		return blockErrorf(ErrInvalidWithdrawals, "missing withdrawals in block body")
	case h.WithdrawalsHash != nil:
		if wh := ethtypes.Hash(trie.DeriveSha(b.Withdrawals, st)); wh != *h.WithdrawalsHash {
			return blockErrorf(ErrWithdrawalsRootMismatch, "(header value %s, calculated %s)", *h.WithdrawalsHash, wh)
		}
	}
	return nil
}

// Process executes block b on sdb (the state after its parent): the
// EIP-4788 beacon-root system call from Cancun, every transaction (each
// must be valid, or the block is: ErrTxApply wrapping the transaction's
// error), the withdrawals (gwei credited in wei) and, before the merge,
// the block and uncle rewards. getHash answers BLOCKHASH. The state is
// finalised but not committed; the caller validates the result with
// ValidateState.
//
// This function is safe for concurrent access if no two calls share sdb.
func Process(cfg *ethparams.ChainConfig, b *ethtypes.Block, sdb *statedb.StateDB, getHash func(uint64) ethtypes.Hash, vmCfg evm.Config) (*ProcessResult, error) {
	return ProcessWith(cfg, b, sdb, getHash, vmCfg, func(sdb *statedb.StateDB) {
		ethconsensus.AccumulateRewards(sdb, ethconsensus.BlockReward(cfg, b.Header.Number), b.Header, b.Uncles)
	})
}

// ProcessWith is Process with the proof-of-work rewards left to finalize
// (typically a consensus engine's Finalize), which is called on the state
// after the withdrawals and before the final Finalise, for proof-of-work
// blocks only. A nil finalize pays no rewards.
//
// This function is safe for concurrent access if no two calls share sdb.
func ProcessWith(cfg *ethparams.ChainConfig, b *ethtypes.Block, sdb *statedb.StateDB, getHash func(uint64) ethtypes.Hash, vmCfg evm.Config, finalize func(*statedb.StateDB)) (*ProcessResult, error) {
	h := b.Header
	pos := IsPoSHeader(cfg, h)
	rules := HeaderRules(cfg, h)
	bctx := evm.BlockContext{
		GetHash:     getHash,
		Coinbase:    h.Coinbase,
		GasLimit:    h.GasLimit,
		BlockNumber: h.Number,
		Time:        h.Time,
		Difficulty:  h.Difficulty,
	}
	bctx.ChainID.SetUint64(cfg.ChainID)
	if h.BaseFee != nil {
		bctx.BaseFee = *h.BaseFee
	}
	if rules.IsMerge {
		bctx.Random = PrevRandao(cfg, h)
	}
	var (
		bc      ethparams.BlobConfig
		hasBlob bool
	)
	if rules.IsCancun {
		if bc, hasBlob = cfg.BlobConfigAt(h.Number, h.Time); !hasBlob {
			bc = ethparams.DefaultCancunBlobConfig
		}
		var excess uint64
		if h.ExcessBlobGas != nil {
			excess = *h.ExcessBlobGas
		}
		fee, ok := bc.BlobBaseFee(excess)
		if !ok {
			fee.SetAllOne()
		}
		bctx.BlobBaseFee = fee
	}
	vm := evm.NewEVM(bctx, evm.TxContext{}, sdb, rules, vmCfg)

	if rules.IsCancun && h.ParentBeaconRoot != nil {
		processBeaconRoot(vm, sdb, rules, h)
	}

	var (
		res     = &ProcessResult{Receipts: make(ethtypes.Receipts, 0, len(b.Txs))}
		gp      = GasPool(h.GasLimit)
		signer  = ethtypes.MakeSigner(rules, cfg.ChainID)
		logIdx  uint
		baseFee *uint256.Int
	)
	if h.BaseFee != nil {
		baseFee = h.BaseFee
	}
	for i, tx := range b.Txs {
		if err := ethtypes.ValidateTx(tx, rules); err != nil {
			return nil, txError(i, tx, err)
		}
		msg, err := TransactionToMessage(tx, signer, baseFee)
		if err != nil {
			return nil, txError(i, tx, err)
		}
		if blobGas := tx.BlobGas(); blobGas > 0 {
			if res.BlobGasUsed+blobGas > bc.MaxBlobGas() {
				return nil, txError(i, tx, blockErrorf(ErrInvalidBlobGas, "blob gas limit reached"))
			}
			res.BlobGasUsed += blobGas
		}
		sdb.SetTxContext(tx.Hash(), i)
		er, err := ApplyMessage(vm, msg, &gp)
		if err != nil {
			return nil, txError(i, tx, err)
		}
		res.GasUsed += er.UsedGas
		r := &ethtypes.Receipt{
			Type:              tx.Type(),
			CumulativeGasUsed: res.GasUsed,
			TxHash:            tx.Hash(),
			GasUsed:           er.UsedGas,
			EffectiveGasPrice: msg.GasPrice,
			BlobGasUsed:       tx.BlobGas(),
			BlockNumber:       h.Number,
			TransactionIndex:  uint(i),
		}
		if rules.IsByzantium {
			sdb.Finalise(rules.IsEIP158)
			if !er.Failed() {
				r.Status = ethtypes.ReceiptStatusSuccessful
			}
		} else {
			root, err := sdb.IntermediateRoot(rules.IsEIP158)
			if err != nil {
				return nil, err
			}
			r.PostState = root[:]
		}
		if tx.IsCreate() {
			r.ContractAddress = ethtypes.CreateAddress(msg.From, tx.Nonce())
		}
		r.Logs = sdb.Logs()
		for j := range r.Logs {
			r.Logs[j].BlockNumber = h.Number
			r.Logs[j].Index = logIdx
			logIdx++
		}
		r.Bloom = ethtypes.LogsBloom(r.Logs)
		res.Bloom.Or(&r.Bloom)
		res.Receipts = append(res.Receipts, r)
	}

	ApplyWithdrawals(cfg, sdb, b.Withdrawals)
	if !pos && finalize != nil {
		finalize(sdb)
	}
	sdb.Finalise(rules.IsEIP158)
	return res, nil
}

// Validator indexes that mark a dev-network balance edit among a block's
// withdrawals (ethparams.ChainConfig.DevBalanceEdits).
const (
	// DevSetBalanceGwei sets the address's balance to Amount gwei.
	DevSetBalanceGwei = ^uint64(0)
	// DevAddBalanceWei credits Amount wei (not gwei).
	DevAddBalanceWei = ^uint64(0) - 1
)

// ApplyWithdrawals applies a block's withdrawals to sdb in order: each
// credits Amount gwei to its address (EIP-4895). On a chain with
// DevBalanceEdits, a withdrawal whose validator index is DevSetBalanceGwei
// sets the balance to Amount gwei instead, and one with DevAddBalanceWei
// credits Amount wei.
//
// This function is safe for concurrent access if no two calls share sdb.
func ApplyWithdrawals(cfg *ethparams.ChainConfig, sdb *statedb.StateDB, ws ethtypes.Withdrawals) {
	gwei := uint256.NewInt(1_000_000_000)
	for i := range ws {
		w := &ws[i]
		var amount uint256.Int
		amount.SetUint64(w.Amount)
		if cfg.DevBalanceEdits {
			switch w.Validator {
			case DevSetBalanceGwei:
				amount.Mul(&amount, gwei)
				sdb.SetBalance(w.Address, &amount)
				continue
			case DevAddBalanceWei:
				sdb.AddBalance(w.Address, &amount)
				continue
			}
		}
		amount.Mul(&amount, gwei)
		sdb.AddBalance(w.Address, &amount)
	}
}

// processBeaconRoot stores the parent beacon block root in the EIP-4788
// contract with a system call (no gas charged to the block, no nonce or
// balance change of the system address).
func processBeaconRoot(vm *evm.EVM, sdb *statedb.StateDB, rules ethtypes.Rules, h *ethtypes.Header) {
	dest := BeaconRootsAddress
	sdb.Prepare(rules, SystemAddress, h.Coinbase, &dest, vm.ActivePrecompiles(), nil)
	vm.SetTxContext(evm.TxContext{Origin: SystemAddress})
	root := *h.ParentBeaconRoot
	var zero uint256.Int
	// A failing call changes nothing and does not invalidate the block.
	_, _, _ = vm.Call(SystemAddress, BeaconRootsAddress, root[:], SystemCallGas, &zero)
	sdb.Finalise(true)
}

// txError wraps the rejection of transaction i.
func txError(i int, tx *ethtypes.Transaction, err error) error {
	return &BlockError{Err: ErrTxApply, Description: "[" + itoa(i) + " " + tx.Hash().Hex() + "]", Cause: err}
}

// itoa formats a small non-negative integer.
func itoa(i int) string {
	var buf [20]byte
	n := len(buf)
	for {
		n--
		buf[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return string(buf[n:])
		}
	}
}

// ValidateState checks the result of Process against the header: gas
// used, blob gas used (from Cancun), the logs bloom, the receipts root and
// the state root.
//
// This function is safe for concurrent access if no two calls share st.
func ValidateState(h *ethtypes.Header, res *ProcessResult, stateRoot ethtypes.Hash, st *trie.StackTrie) error {
	if h.GasUsed != res.GasUsed {
		return blockErrorf(ErrGasUsedMismatch, "(remote: %d local: %d)", h.GasUsed, res.GasUsed)
	}
	if h.BlobGasUsed != nil && *h.BlobGasUsed != res.BlobGasUsed {
		return blockErrorf(ErrBlobGasUsedMismatch, "(header %d, calculated %d)", *h.BlobGasUsed, res.BlobGasUsed)
	}
	if h.Bloom != res.Bloom {
		return blockErrorf(ErrBloomMismatch, "(remote: %s  local: %s)", h.Bloom.Hex(), res.Bloom.Hex())
	}
	if rh := ethtypes.Hash(trie.DeriveSha(res.Receipts, st)); rh != h.ReceiptHash {
		return blockErrorf(ErrReceiptRootMismatch, "(remote: %s local: %s)", h.ReceiptHash, rh)
	}
	if stateRoot != h.Root {
		return blockErrorf(ErrStateRootMismatch, "(remote: %s local: %s)", h.Root, stateRoot)
	}
	return nil
}
