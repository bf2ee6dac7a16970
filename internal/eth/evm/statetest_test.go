package evm

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/rlp"
	"github.com/twinchain/twinchain/internal/testdata"
)

// This file runs ethereum/tests GeneralStateTests against the EVM with the
// in-memory state of memstate_test.go and a minimal transaction
// application, to check the interpreter and its gas accounting end to end
// (state root and logs hash of every subtest). It is a test of this
// package, not the chain's state-test runner.

type stHex []byte

func (h *stHex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	s = strings.TrimPrefix(s, "0x")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	v, err := hex.DecodeString(s)
	*h = v
	return err
}

type stU256 struct {
	v   uint256.Int
	big bool // does not fit 256 bits
}

func (u *stU256) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	bi, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		if s == "0x" || s == "" {
			return nil
		}
		return fmt.Errorf("bad number %q", s)
	}
	u.big = u.v.SetFromBig(bi)
	return nil
}

type stAccount struct {
	Balance stU256            `json:"balance"`
	Code    stHex             `json:"code"`
	Nonce   stU256            `json:"nonce"`
	Storage map[string]string `json:"storage"`
}

type stEnv struct {
	Coinbase      ethtypes.Address `json:"currentCoinbase"`
	Difficulty    *stU256          `json:"currentDifficulty"`
	GasLimit      stU256           `json:"currentGasLimit"`
	Number        stU256           `json:"currentNumber"`
	Timestamp     stU256           `json:"currentTimestamp"`
	BaseFee       *stU256          `json:"currentBaseFee"`
	Random        *stU256          `json:"currentRandom"`
	ExcessBlobGas *stU256          `json:"currentExcessBlobGas"`
}

type stPost struct {
	Hash            ethtypes.Hash `json:"hash"`
	Logs            ethtypes.Hash `json:"logs"`
	TxBytes         stHex         `json:"txbytes"`
	ExpectException string        `json:"expectException"`
	Indexes         struct {
		Data, Gas, Value int
	} `json:"indexes"`
}

type stTest struct {
	Env  stEnv                          `json:"env"`
	Pre  map[ethtypes.Address]stAccount `json:"pre"`
	Post map[string][]stPost            `json:"post"`
	Tx   struct {
		Sender ethtypes.Address `json:"sender"`
	} `json:"transaction"`
}

// stForks maps the fork names of the tests to instruction sets.
var stForks = map[string]Fork{
	"Frontier": Frontier, "Homestead": Homestead, "EIP150": TangerineWhistle, "EIP158": SpuriousDragon,
	"Byzantium": Byzantium, "Constantinople": Constantinople, "ConstantinopleFix": Petersburg,
	"Istanbul": Istanbul, "Berlin": Berlin, "London": London, "Paris": Paris, "Merge": Paris,
	"Shanghai": Shanghai, "Cancun": Cancun,
}

// stKnownFailures are the subtests geth fails too (EIP-7610: a creation
// colliding with an account that only has storage).
var stKnownFailures = map[string]bool{
	"InitCollisionParis":               true,
	"RevertInCreateInInit_Paris":       true,
	"RevertInCreateInInitCreate2Paris": true,
	"create2collisionStorageParis":     true,
}

func (t *stTest) preState() *memState {
	s := newMemState()
	for addr, a := range t.Pre {
		storage := make(map[ethtypes.Hash]ethtypes.Hash)
		for k, v := range a.Storage {
			var kk, vv uint256.Int
			if err := kk.SetFromHex(trimZeros(k)); err != nil {
				panic(err)
			}
			if err := vv.SetFromHex(trimZeros(v)); err != nil {
				panic(err)
			}
			storage[kk.Bytes32()] = vv.Bytes32()
		}
		s.setAccount(addr, a.Nonce.v.Uint64(), &a.Balance.v, a.Code, storage)
	}
	return s
}

func trimZeros(s string) string {
	s = strings.TrimLeft(strings.TrimPrefix(s, "0x"), "0")
	if s == "" {
		s = "0"
	}
	return "0x" + s
}

// stResult is the outcome of one subtest.
type stResult struct {
	root, logs ethtypes.Hash
	txErr      error
}

func (t *stTest) run(fork Fork, post *stPost, cache *Cache, tracer *Tracer) stResult {
	rules := rulesFor(fork)
	st := t.preState()
	var blobBaseFee uint256.Int
	if t.Env.ExcessBlobGas != nil {
		blobBaseFee = blobFee(t.Env.ExcessBlobGas.v.Uint64())
	} else {
		blobBaseFee.SetOne()
	}
	block := BlockContext{
		Coinbase:    t.Env.Coinbase,
		GasLimit:    t.Env.GasLimit.v.Uint64(),
		BlockNumber: t.Env.Number.v.Uint64(),
		Time:        t.Env.Timestamp.v.Uint64(),
		BlobBaseFee: blobBaseFee,
		ChainID:     *uint256.NewInt(1),
		GetHash: func(n uint64) ethtypes.Hash {
			return ethtypes.Keccak256Hash([]byte(new(big.Int).SetUint64(n).String()))
		},
	}
	if t.Env.Difficulty != nil {
		block.Difficulty = t.Env.Difficulty.v
	}
	if t.Env.BaseFee != nil {
		block.BaseFee = t.Env.BaseFee.v
	}
	if rules.IsMerge && t.Env.Random != nil {
		block.Random = t.Env.Random.v.Bytes32()
	}
	err := applyTx(st, rules, block, post.TxBytes, cache, tracer)
	res := stResult{txErr: err}
	res.root = st.root()
	res.logs = st.logsHash()
	return res
}

func blobFee(excess uint64) uint256.Int {
	// fake_exponential(1, excess, 3338477) (EIP-4844, Cancun)
	const frac = 3338477
	num, den := new(big.Int).SetUint64(excess), big.NewInt(frac)
	out, acc := new(big.Int), new(big.Int).Set(den)
	for i := int64(1); acc.Sign() > 0; i++ {
		out.Add(out, acc)
		acc.Mul(acc, num)
		acc.Div(acc, new(big.Int).Mul(big.NewInt(i), den))
	}
	out.Div(out, den)
	var v uint256.Int
	v.SetFromBig(out)
	return v
}

// applyTx validates and applies one transaction, as a block processor
// would: a transaction that is not valid leaves the state untouched.
func applyTx(st *memState, rules ethtypes.Rules, block BlockContext, txBytes []byte, cache *Cache, tracer *Tracer) error {
	tx, err := ethtypes.DecodeTx(txBytes)
	if err != nil {
		return err
	}
	from, err := ethtypes.Sender(ethtypes.MakeSigner(rules, 1), tx)
	if err != nil {
		return err
	}
	if err := ethtypes.ValidateTx(tx, rules); err != nil {
		return err
	}
	if tx.Gas() > block.GasLimit {
		return errors.New("gas limit reached")
	}
	if st.GetNonce(from) != tx.Nonce() {
		return errors.New("nonce mismatch")
	}
	if st.GetCodeSize(from) != 0 {
		return errors.New("sender not an eoa")
	}
	feeCap, tipCap := tx.GasFeeCap(), tx.GasTipCap()
	gasPrice := feeCap
	if rules.IsLondon {
		if feeCap.Lt(&block.BaseFee) {
			return errors.New("max fee per gas less than block base fee")
		}
		var p uint256.Int
		p.Add(&tipCap, &block.BaseFee)
		if p.Lt(&feeCap) {
			gasPrice = p
		}
	}
	blobGas := tx.BlobGas()
	if blobGas > 0 {
		bfc := tx.BlobGasFeeCap()
		if bfc.Lt(&block.BlobBaseFee) {
			return errors.New("max fee per blob gas too low")
		}
		if _, isTo := tx.To(); !isTo {
			return errors.New("blob tx creates")
		}
	}
	// Balance: gas * feeCap + value + blobGas * blobFeeCap.
	value := tx.Value()
	var need, t1 uint256.Int
	need.Mul(uint256.NewInt(tx.Gas()), &feeCap)
	need.Add(&need, &value)
	if blobGas > 0 {
		bfc := tx.BlobGasFeeCap()
		t1.Mul(uint256.NewInt(blobGas), &bfc)
		need.Add(&need, &t1)
	}
	bal := st.GetBalance(from)
	if bal.Lt(&need) {
		return errors.New("insufficient funds for gas * price + value")
	}
	intrinsic, err := tx.IntrinsicGas(rules)
	if err != nil {
		return err
	}
	if tx.Gas() < intrinsic {
		return errors.New("intrinsic gas too low")
	}
	// Buy gas.
	var cost uint256.Int
	cost.Mul(uint256.NewInt(tx.Gas()), &gasPrice)
	if blobGas > 0 {
		t1.Mul(uint256.NewInt(blobGas), &block.BlobBaseFee)
		cost.Add(&cost, &t1)
	}
	st.SubBalance(from, &cost)
	gas := tx.Gas() - intrinsic

	txCtx := TxContext{Origin: from, GasPrice: gasPrice, BlobHashes: tx.BlobHashes()}
	evm := NewEVM(block, txCtx, st, rules, Config{Cache: cache, Tracer: tracer})
	to, hasTo := tx.To()
	if rules.IsBerlin {
		st.AddAddressToAccessList(from)
		if hasTo {
			st.AddAddressToAccessList(to)
		}
		for _, p := range evm.ActivePrecompiles() {
			st.AddAddressToAccessList(p)
		}
		for _, e := range tx.AccessList() {
			st.AddAddressToAccessList(e.Address)
			for _, k := range e.StorageKeys {
				st.AddSlotToAccessList(e.Address, k)
			}
		}
		if rules.IsShanghai {
			st.AddAddressToAccessList(block.Coinbase)
		}
	}
	if tracer != nil && tracer.OnTxStart != nil {
		var toP *ethtypes.Address
		if hasTo {
			toP = &to
		}
		tracer.OnTxStart(evm, &TxStart{From: from, To: toP, Gas: tx.Gas(), GasPrice: gasPrice, Value: value, Input: tx.Data()})
	}
	var left uint64
	if !value.IsZero() && !canTransfer(st, from, &value) {
		return errors.New("insufficient funds for transfer")
	}
	if hasTo {
		st.SetNonce(from, st.GetNonce(from)+1)
		_, left, _ = evm.Call(from, to, tx.Data(), gas, &value)
	} else {
		_, _, left, _ = evm.Create(from, tx.Data(), gas, &value)
	}
	used := tx.Gas() - left
	refund := min(used/MaxRefundQuotient(rules), st.GetRefund())
	left += refund
	used -= refund
	var back uint256.Int
	back.Mul(uint256.NewInt(left), &gasPrice)
	st.AddBalance(from, &back)
	tip := gasPrice
	if rules.IsLondon {
		tip.Sub(&gasPrice, &block.BaseFee)
	}
	var fee uint256.Int
	fee.Mul(uint256.NewInt(used), &tip)
	st.AddBalance(block.Coinbase, &fee)
	if tracer != nil && tracer.OnTxEnd != nil {
		tracer.OnTxEnd(&TxEnd{GasUsed: used})
	}
	st.AddBalance(block.Coinbase, new(uint256.Int))
	st.finalise(rules.IsEIP158)
	return nil
}

// root computes the state root.
func (s *memState) root() ethtypes.Hash {
	acc, _ := trie.NewSecure(trie.EmptyRoot, nil)
	for addr, a := range s.accounts {
		stor, _ := trie.NewSecure(trie.EmptyRoot, nil)
		for k, v := range a.storage {
			var vv uint256.Int
			vv.SetBytes32(v[:])
			_ = stor.Update(k[:], rlp.AppendUint256(nil, (*[4]uint64)(&vv)))
		}
		sr := stor.Hash()
		var body []byte
		body = rlp.AppendUint64(body, a.nonce)
		body = rlp.AppendUint256(body, (*[4]uint64)(&a.balance))
		body = rlp.AppendBytes(body, sr[:])
		body = rlp.AppendBytes(body, a.codeHash[:])
		enc := append(rlp.AppendListHeader(nil, len(body)), body...)
		_ = acc.Update(addr[:], enc)
	}
	return acc.Hash()
}

// logsHash is keccak(rlp(logs)) as the tests' "logs" field.
func (s *memState) logsHash() ethtypes.Hash {
	var all []byte
	for _, l := range s.logs {
		var topics []byte
		for _, t := range l.topics {
			topics = rlp.AppendBytes(topics, t[:])
		}
		var body []byte
		body = rlp.AppendBytes(body, l.addr[:])
		body = append(rlp.AppendListHeader(body, len(topics)), topics...)
		body = rlp.AppendBytes(body, l.data)
		all = append(rlp.AppendListHeader(all, len(body)), body...)
	}
	return ethtypes.Keccak256Hash(append(rlp.AppendListHeader(nil, len(all)), all...))
}

func stFiles(t *testing.T) []string {
	dir := testdata.Path(t, "ethereum-tests", "GeneralStateTests")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func TestGeneralStateTests(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	// The fast loop over every file is covered by internal/eth/ethtests'
	// TestGeneralStateTests on the real state DB; here the exact loop (the
	// one tracing uses) runs on every third file, on the test state.
	t.Run("exact", func(t *testing.T) { runStateTests(t, exactTracer, 3) })
}

func runStateTests(t *testing.T, tracer *Tracer, every int) {
	files := stFiles(t)
	cache := NewCache(4096)
	var pass, fail, known int
	for fi, file := range files {
		if fi%every != 0 {
			continue
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var tests map[string]*stTest
		if err := json.Unmarshal(raw, &tests); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		names := make([]string, 0, len(tests))
		for n := range tests {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			test := tests[name]
			for forkName, posts := range test.Post {
				fork, ok := stForks[forkName]
				if !ok {
					t.Errorf("%s: unknown fork %s", name, forkName)
					continue
				}
				for i := range posts {
					post := &posts[i]
					res := test.run(fork, post, cache, tracer)
					id := fmt.Sprintf("%s/%s/%s/%d", filepath.Base(file), name, forkName, i)
					switch {
					case res.root == post.Hash && res.logs == post.Logs:
						pass++
					case stKnownFailures[name]:
						known++
					default:
						fail++
						if fail <= 50 {
							t.Errorf("%s: root %x want %x, logs %x want %x, tx error %v (expect %q)",
								id, res.root[:6], post.Hash[:6], res.logs[:6], post.Logs[:6], res.txErr, post.ExpectException)
						}
					}
				}
			}
		}
	}
	t.Logf("GeneralStateTests: %d passed, %d failed, %d known failures (EIP-7610) of %d", pass, fail, known, pass+fail+known)
}
