package ethminer

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/eth/txpool"
)

// txGas is the gas of the cheapest transaction: below it no transaction
// fits and assembly stops.
const txGas = 21000

// Result is a block the miner built: unsealed (nonce and mix digest as
// the engine's Prepare left them), with its receipts (block hash not yet
// set) and the state after it (finalised, not committed).
type Result struct {
	Block    *ethtypes.Block
	Receipts ethtypes.Receipts
	State    *statedb.StateDB
	// PoS reports a post-merge block: difficulty zero, no uncles, no
	// rewards, no seal.
	PoS bool
	// Fees is the sum of the tips the coinbase earned (without rewards).
	Fees uint256.Int

	// full reports that assembly stopped with pending transactions left
	// that a later block could take: the cap on transactions was reached
	// or one did not fit in the gas left.
	full bool
}

// CalcGasLimit returns the gas limit of a child of a block with gas limit
// parentGasLimit, moved towards desired by less than 1/1024 of the
// parent's, and never below ethchain.MinGasLimit (geth's core.CalcGasLimit).
//
// This function is safe for concurrent access.
func CalcGasLimit(parentGasLimit, desired uint64) uint64 {
	delta := parentGasLimit/ethchain.GasLimitBoundDivisor - 1
	if parentGasLimit < ethchain.GasLimitBoundDivisor {
		delta = 0
	}
	if desired < ethchain.MinGasLimit {
		desired = ethchain.MinGasLimit
	}
	limit := parentGasLimit
	switch {
	case limit < desired:
		limit = parentGasLimit + delta
		if limit > desired {
			limit = desired
		}
	case limit > desired:
		limit = parentGasLimit - delta
		if limit < desired {
			limit = desired
		}
	}
	return limit
}

// isPoS reports whether blocks of cfg are built as proof-of-stake blocks:
// the chain is merged from genesis (terminal total difficulty zero), as
// a post-merge dev network is. A chain that reaches the merge later is
// mined with the engine's proof of work.
func isPoS(cfg *ethparams.ChainConfig) bool {
	return cfg.TerminalTotalDifficulty != nil && cfg.TerminalTotalDifficulty.Sign() == 0
}

// prepareHeader returns the header of a child of parent with timestamp ts
// and the body's withdrawals (non-nil from Shanghai).
func (m *Miner) prepareHeader(cfg *ethparams.ChainConfig, parent *ethtypes.Header, ts uint64, pos bool) (*ethtypes.Header, ethtypes.Withdrawals, error) {
	h := &ethtypes.Header{
		ParentHash: parent.Hash(),
		Coinbase:   m.cfg.Etherbase,
		Number:     parent.Number + 1,
		Time:       ts,
		Extra:      append([]byte(nil), m.cfg.ExtraData...),
	}
	parentLimit := parent.GasLimit
	if cfg.IsLondon(h.Number) && !cfg.IsLondon(parent.Number) {
		parentLimit *= ethchain.ElasticityMultiplier
	}
	h.GasLimit = parentLimit
	if m.cfg.GasCeil != 0 {
		h.GasLimit = CalcGasLimit(parentLimit, m.cfg.GasCeil)
	}
	if cfg.IsLondon(h.Number) {
		bf := ethchain.CalcBaseFee(cfg, parent)
		h.BaseFee = &bf
	}
	if pos {
		h.MixDigest = h.ParentHash // PREVRANDAO of a dev chain without a beacon chain
	} else if err := m.engine.Prepare(m.chain, h); err != nil {
		return nil, nil, err
	}
	rules := ethchain.HeaderRules(cfg, h)
	var ws ethtypes.Withdrawals
	if rules.IsShanghai {
		ws = ethtypes.Withdrawals{}
		root := ethtypes.EmptyRootHash
		h.WithdrawalsHash = &root
	}
	if rules.IsCancun {
		bc, ok := cfg.BlobConfigAt(h.Number, h.Time)
		if !ok {
			bc = ethparams.DefaultCancunBlobConfig
		}
		var used uint64
		excess := ethchain.CalcExcessBlobGas(parent, bc)
		beacon := m.cfg.BeaconRoot
		h.BlobGasUsed, h.ExcessBlobGas, h.ParentBeaconRoot = &used, &excess, &beacon
	}
	return h, ws, nil
}

// build assembles a block on parent with timestamp ts and at most maxTxs
// transactions (0: no cap). The caller holds mineMu.
func (m *Miner) build(parent *ethtypes.Header, maxTxs int, ts uint64) (*Result, error) {
	return m.buildWith(parent, maxTxs, ts, nil, true)
}

// buildWith is build; a non-nil credits makes a block without
// transactions whose withdrawals credits returns for the parent's state
// (see MineCredits). With reuse, the block starts from the state the last
// inserted block left (see keepState) when it is the parent's, instead of
// opening the parent's state afresh: the accounts, slots and trie nodes
// the previous blocks loaded stay decoded.
func (m *Miner) buildWith(parent *ethtypes.Header, maxTxs int, ts uint64, credits func(*statedb.StateDB) (ethtypes.Withdrawals, error), reuse bool) (*Result, error) {
	cfg := m.chain.Config()
	pos := isPoS(cfg)
	h, withdrawals, err := m.prepareHeader(cfg, parent, ts, pos)
	if err != nil {
		return nil, err
	}
	var sdb *statedb.StateDB
	if reuse {
		if m.kept != nil && m.keptRoot == parent.Root {
			sdb = m.kept
		}
		m.kept = nil // taken, or stale
	}
	if sdb == nil {
		if sdb, err = m.chain.StateAt(parent.Root); err != nil {
			return nil, &Error{Err: ErrState, Cause: err}
		}
	}
	rules := ethchain.HeaderRules(cfg, h)
	e := newEnv(m, cfg, h, sdb, rules)

	if rules.IsCancun {
		e.beaconRootCall()
	}
	if credits == nil {
		e.commitTxs(m.pool, maxTxs)
	} else {
		if withdrawals == nil {
			return nil, &Error{Err: ErrNoWithdrawals}
		}
		ws, err := credits(sdb)
		if err != nil {
			return nil, err
		}
		withdrawals = ws
		ethchain.ApplyWithdrawals(cfg, sdb, ws)
		root := ethtypes.Hash(trie.DeriveSha(ws, m.st))
		h.WithdrawalsHash = &root
	}

	var uncles []*ethtypes.Header
	if !pos {
		uncles = m.selectUncles(parent)
		m.engine.Finalize(m.chain, h, sdb, uncles)
	}
	root, err := sdb.IntermediateRoot(rules.IsEIP158)
	if err != nil {
		return nil, &Error{Err: ErrState, Cause: err}
	}
	h.Root = root
	h.GasUsed = h.GasLimit - uint64(e.gp)
	h.Bloom = e.bloom
	h.TxHash = ethtypes.Hash(trie.DeriveSha(e.txs, m.st))
	h.ReceiptHash = ethtypes.Hash(trie.DeriveSha(e.receipts, m.st))
	h.UncleHash = ethtypes.UncleHash(uncles)
	if h.BlobGasUsed != nil {
		*h.BlobGasUsed = 0
	}
	b := ethtypes.NewBlock(h, e.txs, uncles, withdrawals)
	return &Result{Block: b, Receipts: e.receipts, State: sdb, PoS: pos, Fees: e.fees, full: e.full}, nil
}

// env is the environment of one block being assembled.
type env struct {
	m        *Miner
	cfg      *ethparams.ChainConfig
	h        *ethtypes.Header
	sdb      *statedb.StateDB
	rules    ethtypes.Rules
	vm       *evm.EVM
	gp       ethchain.GasPool
	signer   ethtypes.Signer
	txs      ethtypes.Transactions
	receipts ethtypes.Receipts
	bloom    ethtypes.Bloom
	logIdx   uint
	fees     uint256.Int
	full     bool // see Result.full
}

// newEnv returns the environment of header h on state sdb.
func newEnv(m *Miner, cfg *ethparams.ChainConfig, h *ethtypes.Header, sdb *statedb.StateDB, rules ethtypes.Rules) *env {
	bctx := evm.BlockContext{
		GetHash:     m.hashGetter(h),
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
		// PREVRANDAO: the mix digest after the merge; on a proof-of-work
		// chain that runs the post-merge rules (ethchain.HeaderRules) the
		// parent hash, since the seal rewrites the mix digest after
		// execution.
		bctx.Random = ethchain.PrevRandao(cfg, h)
	}
	if rules.IsCancun {
		bc, ok := cfg.BlobConfigAt(h.Number, h.Time)
		if !ok {
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
	return &env{
		m: m, cfg: cfg, h: h, sdb: sdb, rules: rules,
		vm:     evm.NewEVM(bctx, evm.TxContext{}, sdb, rules, m.cfg.VMConfig),
		gp:     ethchain.GasPool(h.GasLimit),
		signer: ethtypes.MakeSigner(rules, cfg.ChainID),
	}
}

// hashGetter returns the BLOCKHASH function of a block with header h: the
// 256 hashes below it, read back from the chain on demand.
func (m *Miner) hashGetter(h *ethtypes.Header) func(uint64) ethtypes.Hash {
	var cache []ethtypes.Hash // cache[i]: hash of block h.Number-1-i
	next, nextNum := h.ParentHash, h.Number-1
	end := h.Number == 0 // no more ancestors to read
	return func(n uint64) ethtypes.Hash {
		if n >= h.Number || h.Number-n > 256 {
			return ethtypes.Hash{}
		}
		want := int(h.Number - 1 - n)
		for len(cache) <= want && !end {
			cache = append(cache, next)
			ph, ok := m.chain.GetHeader(next, nextNum)
			if !ok || nextNum == 0 {
				end = true
				break
			}
			next, nextNum = ph.ParentHash, nextNum-1
		}
		if want < len(cache) {
			return cache[want]
		}
		return ethtypes.Hash{}
	}
}

// beaconRootCall stores the parent beacon root in the EIP-4788 contract,
// as block processing does.
func (e *env) beaconRootCall() {
	dest := ethchain.BeaconRootsAddress
	e.sdb.Prepare(e.rules, ethchain.SystemAddress, e.h.Coinbase, &dest, e.vm.ActivePrecompiles(), nil)
	e.vm.SetTxContext(evm.TxContext{Origin: ethchain.SystemAddress})
	root := *e.h.ParentBeaconRoot
	var zero uint256.Int
	_, _, _ = e.vm.Call(ethchain.SystemAddress, ethchain.BeaconRootsAddress, root[:], ethchain.SystemCallGas, &zero)
	e.sdb.Finalise(true)
}

// commitTxs fills the block from the pool's pending transactions in the
// order of the price-and-nonce iterator (best effective tip first, each
// account's nonces in order), as geth's worker does: a transaction whose
// gas does not fit in what is left drops its account (its later nonces
// cannot run either), a stale nonce moves to the account's next
// transaction, a nonce gap or any other rejection drops the account; it
// stops when less than 21000 gas is left or after maxTxs (0: no cap).
func (e *env) commitTxs(pool Pool, maxTxs int) {
	filter := txpool.PendingFilter{BaseFee: e.h.BaseFee}
	pending := pool.Pending(filter)
	if len(pending) == 0 {
		return
	}
	it := txpool.NewPriceAndNonceIterator(pending, e.h.BaseFee)
	for {
		tx, _ := it.Peek()
		if tx == nil {
			return
		}
		if (maxTxs > 0 && len(e.txs) >= maxTxs) || e.gp.Gas() < txGas {
			e.full = true
			return
		}
		if tx.Gas() > e.gp.Gas() {
			e.full = true
			it.Pop()
			continue
		}
		if tx.BlobGas() > 0 {
			it.Pop()
			continue
		}
		err := e.commitTx(tx)
		switch {
		case err == nil:
			it.Shift()
		case errors.Is(err, ethchain.ErrNonceTooLow):
			it.Shift()
		default:
			it.Pop()
		}
	}
}

// commitTx applies tx to the block's state; on failure nothing changes.
func (e *env) commitTx(tx *ethtypes.Transaction) error {
	if err := ethtypes.ValidateTx(tx, e.rules); err != nil {
		return err
	}
	msg, err := ethchain.TransactionToMessage(tx, e.signer, e.h.BaseFee)
	if err != nil {
		return err
	}
	snap, gp := e.sdb.Snapshot(), e.gp
	e.sdb.SetTxContext(tx.Hash(), len(e.txs))
	er, err := ethchain.ApplyMessage(e.vm, msg, &e.gp)
	if err != nil {
		e.sdb.RevertToSnapshot(snap)
		e.gp = gp
		return err
	}
	used := e.h.GasLimit - uint64(e.gp)
	r := &ethtypes.Receipt{
		Type:              tx.Type(),
		CumulativeGasUsed: used,
		TxHash:            tx.Hash(),
		GasUsed:           er.UsedGas,
		EffectiveGasPrice: msg.GasPrice,
		BlockNumber:       e.h.Number,
		TransactionIndex:  uint(len(e.txs)),
	}
	if e.rules.IsByzantium {
		e.sdb.Finalise(e.rules.IsEIP158)
		if !er.Failed() {
			r.Status = ethtypes.ReceiptStatusSuccessful
		}
	} else {
		root, err := e.sdb.IntermediateRoot(e.rules.IsEIP158)
		if err != nil {
			return err
		}
		r.PostState = root[:]
	}
	if tx.IsCreate() {
		r.ContractAddress = ethtypes.CreateAddress(msg.From, tx.Nonce())
	}
	r.Logs = e.sdb.Logs()
	for j := range r.Logs {
		r.Logs[j].BlockNumber = e.h.Number
		r.Logs[j].Index = e.logIdx
		e.logIdx++
	}
	r.Bloom = ethtypes.LogsBloom(r.Logs)
	e.bloom.Or(&r.Bloom)
	e.txs = append(e.txs, tx)
	e.receipts = append(e.receipts, r)

	// The coinbase's tip: gas used * (effective price - base fee).
	var tip uint256.Int
	tip.Set(&msg.GasPrice)
	if e.h.BaseFee != nil {
		tip.Sub(&tip, e.h.BaseFee)
	}
	tip.Mul(&tip, uint256.NewInt(er.UsedGas))
	e.fees.Add(&e.fees, &tip)
	return nil
}
