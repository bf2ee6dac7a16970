package explorer

import (
	"fmt"
	"sort"
	"sync"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// errFakeNotFound is what the fake sources return for unknown keys.
var errFakeNotFound = fmt.Errorf("fake source: %w", ErrNotFound)

// ---- UTXO chain fixture ----

// fakeBTC is an in-memory BTCSource built by newBTCFixture.
type fakeBTC struct {
	mu       sync.Mutex
	params   *chaincfg.Params
	blocks   map[chainhash.Hash]*BTCBlock
	chain    []chainhash.Hash
	txs      map[chainhash.Hash]*BTCTx
	mempool  []*BTCTx // oldest first
	hist     map[string][]BTCAddrTx
	coins    map[primitives.OutPoint]*fakeCoin
	subs     map[int]func(BTCEvent)
	nextSub  int
	noIndex  bool
	panicTip bool
	failTip  error

	// scripts used by the builder, for tests to find addresses.
	scripts [][]byte
	miner   []byte
}

type fakeCoin struct {
	out    primitives.TxOut
	status BTCStatus
	spent  bool
	height uint32
	cb     bool
}

// p2wpkh, p2pkh and p2tr build output scripts from a seed byte.
func p2wpkh(seed byte) []byte {
	s := []byte{0x00, 0x14}
	for i := 0; i < 20; i++ {
		s = append(s, seed+byte(i))
	}
	return s
}

func p2pkh(seed byte) []byte {
	s := []byte{0x76, 0xa9, 0x14}
	for i := 0; i < 20; i++ {
		s = append(s, seed^byte(i*7))
	}
	return append(s, 0x88, 0xac)
}

func p2tr(seed byte) []byte {
	s := []byte{0x51, 0x20}
	for i := 0; i < 32; i++ {
		s = append(s, seed+byte(3*i))
	}
	return s
}

// fakeSig is a DER-looking signature with SIGHASH_ALL, fakeKey a
// compressed-key-looking push.
func fakeSig(n int) []byte {
	s := []byte{0x30, 0x44, 0x02, 0x20}
	for i := 0; i < 32; i++ {
		s = append(s, byte(n+i+1))
	}
	s = append(s, 0x02, 0x20)
	for i := 0; i < 32; i++ {
		s = append(s, byte(n*3+i+1))
	}
	return append(s, 0x01)
}

func fakeKey(n int) []byte {
	k := []byte{0x02}
	for i := 0; i < 32; i++ {
		k = append(k, byte(n+7*i))
	}
	return k
}

const fakeFee = 1000

// newBTCFixture builds a regtest chain: the genesis block, then one block
// per entry of sizes with that many non-coinbase transactions, and
// mempoolTxs unconfirmed transactions.
func newBTCFixture(sizes []int, mempoolTxs int) *fakeBTC {
	p := chaincfg.RegTest()
	f := &fakeBTC{
		params: p,
		blocks: make(map[chainhash.Hash]*BTCBlock),
		txs:    make(map[chainhash.Hash]*BTCTx),
		hist:   make(map[string][]BTCAddrTx),
		coins:  make(map[primitives.OutPoint]*fakeCoin),
		subs:   make(map[int]func(BTCEvent)),
		miner:  p2wpkh(0x40),
	}
	for i := 0; i < 6; i++ {
		switch i % 3 {
		case 0:
			f.scripts = append(f.scripts, p2wpkh(byte(0x10+i)))
		case 1:
			f.scripts = append(f.scripts, p2pkh(byte(0x20+i)))
		default:
			f.scripts = append(f.scripts, p2tr(byte(0x30+i)))
		}
	}
	gen := p.GenesisBlock
	f.addBlock(gen, nil, 0)
	var queue []primitives.OutPoint
	prev := gen.BlockHash()
	t := gen.Header.Timestamp
	n := 0
	for h, size := range sizes {
		height := int64(h + 1)
		cb := &primitives.Tx{
			Version: 2,
			Inputs: []primitives.TxIn{{
				PrevOut:   primitives.OutPoint{Index: 0xffffffff},
				ScriptSig: []byte{0x01, byte(height), 0x00},
				Sequence:  primitives.SequenceFinal,
				Witness:   [][]byte{make([]byte, 32)},
			}},
			Outputs: []primitives.TxOut{
				{Value: 50e8 + int64(size)*fakeFee, ScriptPubKey: f.miner},
				{Value: 0, ScriptPubKey: append([]byte{0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed}, make([]byte, 32)...)},
			},
		}
		txs := []*primitives.Tx{cb}
		undo := [][]primitives.Coin{nil}
		// Spend the previous block's coinbase and in-block outputs.
		var spendable []primitives.OutPoint
		spendable = append(spendable, queue...)
		queue = queue[:0]
		if h > 0 {
			spendable = append(spendable, primitives.OutPoint{Hash: f.blocks[prev].Block.Txs[0].TxHash(), Index: 0})
		}
		local := map[primitives.OutPoint]primitives.TxOut{}
		for k := 0; k < size && len(spendable) > 0; k++ {
			op := spendable[0]
			spendable = spendable[1:]
			var in primitives.TxOut
			if o, ok := local[op]; ok {
				in = o
			} else {
				in = f.coins[op].out
			}
			n++
			tin := primitives.TxIn{PrevOut: op, Sequence: 0xfffffffd}
			switch in.ScriptPubKey[0] {
			case 0x76:
				tin.ScriptSig = append(append([]byte{byte(len(fakeSig(n)))}, fakeSig(n)...), append([]byte{33}, fakeKey(n)...)...)
			case 0x51:
				tin.Witness = [][]byte{fakeSig(n)[:64]}
			default:
				tin.Witness = [][]byte{fakeSig(n), fakeKey(n)}
			}
			half := (in.Value - fakeFee) / 2
			tx := &primitives.Tx{
				Version: 2,
				Inputs:  []primitives.TxIn{tin},
				Outputs: []primitives.TxOut{
					{Value: half, ScriptPubKey: f.scripts[n%len(f.scripts)]},
					{Value: in.Value - fakeFee - half, ScriptPubKey: f.scripts[(n+1)%len(f.scripts)]},
				},
				LockTime: uint32(height - 1),
			}
			txs = append(txs, tx)
			undo = append(undo, []primitives.Coin{{Out: in, Height: uint32(height - 1)}})
			id := tx.TxHash()
			for o := range tx.Outputs {
				opn := primitives.OutPoint{Hash: id, Index: uint32(o)}
				local[opn] = tx.Outputs[o]
				spendable = append(spendable, opn)
			}
		}
		queue = append(queue, spendable...)
		ids := make([]chainhash.Hash, len(txs))
		for i, tx := range txs {
			ids[i] = tx.TxHash()
		}
		root, _ := primitives.ComputeMerkleRoot(ids)
		t += 600
		blk := &primitives.Block{
			Header: primitives.Header{Version: 0x20000000, PrevBlock: prev, MerkleRoot: root, Timestamp: t, Bits: p.PowLimitBits, Nonce: uint32(height)},
			Txs:    txs,
		}
		f.addBlock(blk, undo, height)
		prev = blk.BlockHash()
	}
	// Mempool: spend queued coins.
	for k := 0; k < mempoolTxs && len(queue) > 0; k++ {
		op := queue[0]
		queue = queue[1:]
		c := f.coins[op]
		n++
		tx := &primitives.Tx{
			Version: 2,
			Inputs:  []primitives.TxIn{{PrevOut: op, Sequence: 0xfffffffd, Witness: [][]byte{fakeSig(n), fakeKey(n)}}},
			Outputs: []primitives.TxOut{{Value: c.out.Value - fakeFee*int64(k+1), ScriptPubKey: f.scripts[0]}},
		}
		f.addMempool(tx, int64(1_700_000_000+k))
	}
	return f
}

// addBlock connects blk at height with its undo data.
func (f *fakeBTC) addBlock(blk *primitives.Block, undo [][]primitives.Coin, height int64) {
	hash := blk.BlockHash()
	b := &BTCBlock{Hash: hash, Block: blk, Size: blk.SerializeSize(), Height: height, MainChain: true, MedianTime: int64(blk.Header.Timestamp) - 1800, Prevouts: undo}
	b.ChainWork.SetUint64(uint64(height+1) * 2)
	if len(f.chain) > 0 {
		prev := f.blocks[f.chain[len(f.chain)-1]]
		prev.Next = &hash
	}
	f.blocks[hash] = b
	f.chain = append(f.chain, hash)
	st := BTCStatus{Confirmed: true, Height: height, BlockHash: hash, BlockTime: int64(blk.Header.Timestamp)}
	for i, tx := range blk.Txs {
		var prev []primitives.Coin
		if undo != nil {
			prev = undo[i]
		}
		f.indexTx(tx, prev, st, i, 0)
	}
}

// addMempool adds an unconfirmed transaction.
func (f *fakeBTC) addMempool(tx *primitives.Tx, when int64) *BTCTx {
	prev := make([]primitives.Coin, len(tx.Inputs))
	for j := range tx.Inputs {
		c := f.coins[tx.Inputs[j].PrevOut]
		prev[j] = primitives.Coin{Out: c.out, Height: c.height}
	}
	bt := f.indexTx(tx, prev, BTCStatus{Height: -1}, 0, when)
	f.mempool = append(f.mempool, bt)
	return bt
}

// indexTx records a transaction in the tx map, the spent-by data and the
// address history.
func (f *fakeBTC) indexTx(tx *primitives.Tx, prev []primitives.Coin, st BTCStatus, idx int, when int64) *BTCTx {
	id := tx.TxHash()
	bt := &BTCTx{Txid: id, Tx: tx, Status: st, Index: idx, Prevouts: prev, SpentBy: make([]BTCSpend, len(tx.Outputs)), MempoolTime: when}
	f.txs[id] = bt
	per := map[string]*BTCAddrTx{}
	entry := func(script []byte) *BTCAddrTx {
		k := string(script)
		if e, ok := per[k]; ok {
			return e
		}
		e := &BTCAddrTx{Txid: id, Status: st}
		per[k] = e
		return e
	}
	if !tx.IsCoinBase() {
		for j := range tx.Inputs {
			op := tx.Inputs[j].PrevOut
			if c, ok := f.coins[op]; ok {
				c.spent = true
				if parent, ok := f.txs[op.Hash]; ok {
					parent.SpentBy[op.Index] = BTCSpend{Spent: true, Txid: id, Vin: uint32(j), Status: st}
				}
				entry(c.out.ScriptPubKey).Spent += c.out.Value
			}
		}
	}
	for k := range tx.Outputs {
		o := tx.Outputs[k]
		f.coins[primitives.OutPoint{Hash: id, Index: uint32(k)}] = &fakeCoin{out: o, status: st, height: uint32(max(st.Height, 0)), cb: tx.IsCoinBase()}
		entry(o.ScriptPubKey).Funded += o.Value
	}
	for k, e := range per {
		f.hist[k] = append(f.hist[k], *e)
	}
	return bt
}

func (f *fakeBTC) Params() *chaincfg.Params { return f.params }

func (f *fakeBTC) Tip() (int64, chainhash.Hash, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.panicTip {
		panic("fake: tip exploded")
	}
	if f.failTip != nil {
		return 0, chainhash.Hash{}, f.failTip
	}
	return int64(len(f.chain) - 1), f.chain[len(f.chain)-1], nil
}

func (f *fakeBTC) BlockHashAt(h int64) (chainhash.Hash, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h < 0 || h >= int64(len(f.chain)) {
		return chainhash.Hash{}, errFakeNotFound
	}
	return f.chain[h], nil
}

func (f *fakeBTC) Block(h chainhash.Hash) (*BTCBlock, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.blocks[h]
	if !ok {
		return nil, errFakeNotFound
	}
	return b, nil
}

func (f *fakeBTC) Tx(h chainhash.Hash) (*BTCTx, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.txs[h]
	if !ok {
		return nil, errFakeNotFound
	}
	return t, nil
}

func (f *fakeBTC) AddressStats(script []byte) (BTCAddrStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.noIndex {
		return BTCAddrStats{}, errFakeNotFound
	}
	var st BTCAddrStats
	for _, e := range f.hist[string(script)] {
		s := &st.Chain
		if !e.Status.Confirmed {
			s = &st.Mempool
		}
		s.TxCount++
		if e.Funded > 0 {
			s.FundedTxoCount++
			s.FundedTxoSum += e.Funded
		}
		if e.Spent > 0 {
			s.SpentTxoCount++
			s.SpentTxoSum += e.Spent
		}
	}
	return st, nil
}

// newestFirst returns the history in the interface's order.
func (f *fakeBTC) newestFirst(script []byte) []BTCAddrTx {
	var mem, conf []BTCAddrTx
	for _, e := range f.hist[string(script)] {
		if e.Status.Confirmed {
			conf = append(conf, e)
		} else {
			mem = append(mem, e)
		}
	}
	out := make([]BTCAddrTx, 0, len(mem)+len(conf))
	for i := len(mem) - 1; i >= 0; i-- {
		out = append(out, mem[i])
	}
	for i := len(conf) - 1; i >= 0; i-- {
		out = append(out, conf[i])
	}
	return out
}

func (f *fakeBTC) AddressHistory(script []byte, offset, limit int) ([]BTCAddrTx, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.noIndex {
		return nil, errFakeNotFound
	}
	h := f.newestFirst(script)
	if offset >= len(h) {
		return nil, nil
	}
	return h[offset:min(offset+limit, len(h))], nil
}

func (f *fakeBTC) AddressUnspent(script []byte, limit int) ([]BTCUTXO, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.noIndex {
		return nil, errFakeNotFound
	}
	var out []BTCUTXO
	for op, c := range f.coins {
		if !c.spent && string(c.out.ScriptPubKey) == string(script) {
			out = append(out, BTCUTXO{OutPoint: op, Value: c.out.Value, Status: c.status})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Status.Height != out[j].Status.Height {
			return out[i].Status.Height > out[j].Status.Height
		}
		return string(out[i].OutPoint.Hash[:]) < string(out[j].OutPoint.Hash[:])
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeBTC) Mempool(newest int) (*BTCMempool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	mp := &BTCMempool{Count: len(f.mempool)}
	for i := len(f.mempool) - 1; i >= 0; i-- {
		t := f.mempool[i]
		var in, out int64
		for _, c := range t.Prevouts {
			in += c.Out.Value
		}
		for _, o := range t.Tx.Outputs {
			out += o.Value
		}
		vs := int64(t.Tx.VSize())
		mp.VSize += vs
		mp.TotalFee += in - out
		mp.Histogram.Add(in-out, vs)
		if len(mp.Recent) < newest {
			mp.Recent = append(mp.Recent, BTCMempoolEntry{Txid: t.Txid, Fee: in - out, VSize: vs, Value: out, Time: t.MempoolTime})
		}
	}
	return mp, nil
}

func (f *fakeBTC) Subscribe(fn func(BTCEvent)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.nextSub
	f.nextSub++
	f.subs[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, id)
	}
}

// emit sends ev to the subscribers.
func (f *fakeBTC) emit(ev BTCEvent) {
	f.mu.Lock()
	fns := make([]func(BTCEvent), 0, len(f.subs))
	for _, fn := range f.subs {
		fns = append(fns, fn)
	}
	f.mu.Unlock()
	for _, fn := range fns {
		fn(ev)
	}
}

// ---- account chain fixture ----

// fakeETH is an in-memory ETHSource built by newETHFixture.
type fakeETH struct {
	mu        sync.Mutex
	blocks    map[ethtypes.Hash]*ETHBlock
	chain     []*ETHBlock
	txs       map[ethtypes.Hash]*ETHTx
	pool      []*ETHTx
	accounts  map[ethtypes.Address]ETHAccount
	addrTxs   map[ethtypes.Address][]ETHTxRef
	transfers map[ethtypes.Address][]TokenTransfer
	subs      map[int]func(ETHEvent)
	nextSub   int

	alice, bob, token ethtypes.Address
	transferTx        ethtypes.Hash
	uncleBlock        ethtypes.Hash
}

func ethAddr(b byte) ethtypes.Address {
	var a ethtypes.Address
	for i := range a {
		a[i] = b + byte(i)
	}
	return a
}

// newETHFixture builds n blocks after genesis, each with txsPer
// transactions (a plain transfer, an ERC-20 token transfer, and from block
// 1 a contract creation); block 2 carries an uncle.
func newETHFixture(n, txsPer int) *fakeETH {
	f := &fakeETH{
		blocks:    make(map[ethtypes.Hash]*ETHBlock),
		txs:       make(map[ethtypes.Hash]*ETHTx),
		accounts:  make(map[ethtypes.Address]ETHAccount),
		addrTxs:   make(map[ethtypes.Address][]ETHTxRef),
		transfers: make(map[ethtypes.Address][]TokenTransfer),
		subs:      make(map[int]func(ETHEvent)),
		alice:     ethAddr(0xa0),
		bob:       ethAddr(0xb0),
		token:     ethAddr(0x70),
	}
	var acct ETHAccount
	acct.Balance.SetUint64(5e18)
	acct.Nonce = 3
	f.accounts[f.alice] = acct
	f.accounts[f.token] = ETHAccount{CodeSize: 1234}
	var parent ethtypes.Hash
	var uncle *ethtypes.Header
	nonce := uint64(0)
	for num := 0; num <= n; num++ {
		bf := uint256.NewInt(7e9)
		h := &ethtypes.Header{
			ParentHash:  parent,
			UncleHash:   ethtypes.EmptyUncleHash,
			Coinbase:    ethAddr(0xc0),
			Root:        ethtypes.Keccak256Hash([]byte{byte(num), 1}),
			TxHash:      ethtypes.EmptyRootHash,
			ReceiptHash: ethtypes.EmptyRootHash,
			Number:      uint64(num),
			GasLimit:    30_000_000,
			Time:        1_700_000_000 + uint64(num)*12,
			Extra:       []byte("twinchain"),
			BaseFee:     bf,
		}
		h.Difficulty.SetUint64(131072 + uint64(num))
		var txs ethtypes.Transactions
		var rcs []*ethtypes.Receipt
		var senders []ethtypes.Address
		if num > 0 {
			for k := 0; k < txsPer; k++ {
				var tx *ethtypes.Transaction
				var logs []ethtypes.Log
				gas := uint64(21000)
				switch k % 3 {
				case 0:
					to := f.bob
					var v uint256.Int
					v.SetUint64(1e18)
					tx = ethtypes.NewTx(&ethtypes.LegacyTx{Nonce: nonce, GasPrice: *uint256.NewInt(8e9), Gas: 21000, To: &to, Value: v})
				case 1:
					to := f.token
					data := append(append([]byte{0xa9, 0x05, 0x9c, 0xbb}, make([]byte, 12)...), f.bob[:]...)
					data = append(data, make([]byte, 31)...)
					data = append(data, 42)
					tx = ethtypes.NewTx(&ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(1337), Nonce: nonce, GasTipCap: *uint256.NewInt(1e9), GasFeeCap: *uint256.NewInt(2e10), Gas: 60000, To: &to, Data: data})
					var amt [32]byte
					amt[31] = 42
					logs = []ethtypes.Log{{
						Address: f.token,
						Topics:  []ethtypes.Hash{transferTopic, ethtypes.BytesToHash(f.alice[:]), ethtypes.BytesToHash(f.bob[:])},
						Data:    amt[:],
					}}
					gas = 51000
				default:
					tx = ethtypes.NewTx(&ethtypes.LegacyTx{Nonce: nonce, GasPrice: *uint256.NewInt(8e9), Gas: 100000, Data: []byte{0x60, 0x80, 0x60, 0x40, 0x52}})
					gas = 60000
				}
				nonce++
				txs = append(txs, tx)
				senders = append(senders, f.alice)
				rc := &ethtypes.Receipt{Type: tx.Type(), Status: ethtypes.ReceiptStatusSuccessful, CumulativeGasUsed: gas * uint64(k+1), Logs: logs, TxHash: tx.Hash(), GasUsed: gas, TransactionIndex: uint(k), BlockNumber: uint64(num)}
				rc.EffectiveGasPrice.SetUint64(8e9)
				if tx.IsCreate() {
					rc.ContractAddress = ethtypes.CreateAddress(f.alice, tx.Nonce())
				}
				rcs = append(rcs, rc)
				h.GasUsed += gas
			}
		}
		var uncles []*ethtypes.Header
		if num == 1 {
			u := *h
			u.Extra = []byte("uncle")
			u.Coinbase = ethAddr(0xd0)
			uncle = &u
		}
		if num == 2 && uncle != nil {
			uncles = []*ethtypes.Header{uncle}
			h.UncleHash = ethtypes.UncleHash(uncles)
		}
		blk := ethtypes.NewBlock(h, txs, uncles, nil)
		bh := blk.Hash()
		for k, rc := range rcs {
			rc.BlockHash = bh
			for li := range rc.Logs {
				l := &rc.Logs[li]
				l.BlockHash, l.BlockNumber, l.TxHash, l.TxIndex, l.Index = bh, uint64(num), rc.TxHash, uint(k), uint(li)
			}
		}
		eb := &ETHBlock{Block: blk, Receipts: rcs, Senders: senders, Canonical: true}
		eb.TotalDifficulty.SetUint64(uint64(num+1) * 131072)
		f.blocks[bh] = eb
		f.chain = append(f.chain, eb)
		if num == 2 {
			f.uncleBlock = bh
		}
		for k, tx := range txs {
			et := &ETHTx{Tx: tx, From: f.alice, BlockHash: bh, BlockNumber: uint64(num), BlockTime: h.Time, Index: uint(k), BaseFee: bf, Receipt: rcs[k]}
			f.txs[tx.Hash()] = et
			ref := ETHTxRef{Hash: tx.Hash(), BlockNumber: uint64(num), Index: uint(k)}
			f.addrTxs[f.alice] = append(f.addrTxs[f.alice], ref)
			if to, ok := tx.To(); ok {
				f.addrTxs[to] = append(f.addrTxs[to], ref)
			}
			for _, l := range rcs[k].Logs {
				if tr, ok := decodeTransfer(&l); ok {
					tt := TokenTransfer{Token: l.Address, From: tr.From, To: tr.To, Value: tr.Value, TxHash: tx.Hash(), BlockNumber: uint64(num), LogIndex: l.Index}
					f.transfers[tr.From] = append(f.transfers[tr.From], tt)
					f.transfers[tr.To] = append(f.transfers[tr.To], tt)
					f.transfers[l.Address] = append(f.transfers[l.Address], tt)
					f.transferTx = tx.Hash()
				}
			}
		}
		parent = bh
	}
	// One pending transaction.
	to := f.bob
	ptx := ethtypes.NewTx(&ethtypes.LegacyTx{Nonce: nonce, GasPrice: *uint256.NewInt(9e9), Gas: 21000, To: &to, Value: *uint256.NewInt(5)})
	pt := &ETHTx{Tx: ptx, From: f.alice, Pending: true}
	f.pool = append(f.pool, pt)
	f.txs[ptx.Hash()] = pt
	return f
}

func (f *fakeETH) ChainID() uint64 { return 1337 }

func (f *fakeETH) Head() (*ethtypes.Header, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.chain[len(f.chain)-1].Block.Header, nil
}

func (f *fakeETH) BlockByNumber(n uint64) (*ETHBlock, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n >= uint64(len(f.chain)) {
		return nil, errFakeNotFound
	}
	return f.chain[n], nil
}

func (f *fakeETH) BlockByHash(h ethtypes.Hash) (*ETHBlock, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.blocks[h]
	if !ok {
		return nil, errFakeNotFound
	}
	return b, nil
}

func (f *fakeETH) Tx(h ethtypes.Hash) (*ETHTx, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.txs[h]
	if !ok {
		return nil, errFakeNotFound
	}
	return t, nil
}

func (f *fakeETH) Account(a ethtypes.Address) (ETHAccount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accounts[a], nil
}

func (f *fakeETH) AddressTxs(a ethtypes.Address, offset, limit int) ([]ETHTxRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := f.addrTxs[a]
	var out []ETHTxRef
	for i := len(all) - 1 - offset; i >= 0 && len(out) < limit; i-- {
		out = append(out, all[i])
	}
	return out, nil
}

func (f *fakeETH) TokenTransfers(a ethtypes.Address, offset, limit int) ([]TokenTransfer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := f.transfers[a]
	var out []TokenTransfer
	for i := len(all) - 1 - offset; i >= 0 && len(out) < limit; i-- {
		out = append(out, all[i])
	}
	return out, nil
}

func (f *fakeETH) TxPool() (ETHTxPool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ETHTxPool{Pending: len(f.pool), Queued: 1}, nil
}

func (f *fakeETH) Subscribe(fn func(ETHEvent)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.nextSub
	f.nextSub++
	f.subs[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, id)
	}
}

func (f *fakeETH) emit(ev ETHEvent) {
	f.mu.Lock()
	fns := make([]func(ETHEvent), 0, len(f.subs))
	for _, fn := range f.subs {
		fns = append(fns, fn)
	}
	f.mu.Unlock()
	for _, fn := range fns {
		fn(ev)
	}
}
