package trie

import (
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/rlp"
	"github.com/twinchain/twinchain/internal/testdata"
)

// These tests check the trie against real chain data independently of the
// EVM: the transactions and withdrawals roots of every valid block in the
// shared BlockchainTests are recomputed from the block RLP with DeriveSha,
// and the state roots of the genesis (from "pre") and of the last block (from
// "postState") are recomputed with SecureTrie.

type btAccount struct {
	Balance string            `json:"balance"`
	Code    string            `json:"code"`
	Nonce   string            `json:"nonce"`
	Storage map[string]string `json:"storage"`
}

type btBlock struct {
	RLP    string `json:"rlp"`
	Header *struct {
		Hash            string `json:"hash"`
		StateRoot       string `json:"stateRoot"`
		TransactionTrie string `json:"transactionsTrie"`
		WithdrawalsRoot string `json:"withdrawalsRoot"`
	} `json:"blockHeader"`
}

type btTest struct {
	Blocks  []btBlock `json:"blocks"`
	Genesis struct {
		StateRoot string `json:"stateRoot"`
	} `json:"genesisBlockHeader"`
	Pre           map[string]btAccount `json:"pre"`
	PostState     map[string]btAccount `json:"postState"`
	LastBlockHash string               `json:"lastblockhash"`
}

func hexBytes(t *testing.T, s string) []byte {
	t.Helper()
	s = strings.TrimPrefix(s, "0x")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q", s)
	}
	return b
}

func hexHash(t *testing.T, s string) Hash {
	var h Hash
	b := hexBytes(t, s)
	copy(h[32-len(b):], b)
	return h
}

// rawList is a DerivableList of already encoded elements.
type rawList [][]byte

func (l rawList) Len() int                             { return len(l) }
func (l rawList) AppendIndex(dst []byte, i int) []byte { return append(dst, l[i]...) }

// stateRoot computes the state root of an account map.
func stateRoot(t *testing.T, accounts map[string]btAccount) Hash {
	t.Helper()
	state, _ := NewSecure(Hash{}, nil)
	for addr, acct := range accounts {
		storage, _ := NewSecure(Hash{}, nil)
		for slot, val := range acct.Storage {
			key := hexHash(t, slot)
			v := new(big.Int).SetBytes(hexBytes(t, val))
			if v.Sign() == 0 {
				continue
			}
			if err := storage.Update(key[:], rlp.AppendBigInt(nil, v)); err != nil {
				t.Fatal(err)
			}
		}
		sroot := storage.Hash()
		codeHash := HashKey(hexBytes(t, acct.Code))
		enc, mark := rlp.StartList(nil)
		enc = rlp.AppendBigInt(enc, new(big.Int).SetBytes(hexBytes(t, acct.Nonce)))
		enc = rlp.AppendBigInt(enc, new(big.Int).SetBytes(hexBytes(t, acct.Balance)))
		enc = rlp.AppendBytes(enc, sroot[:])
		enc = rlp.AppendBytes(enc, codeHash[:])
		enc = rlp.EndList(enc, mark)
		if err := state.Update(hexBytes(t, addr), enc); err != nil {
			t.Fatal(err)
		}
	}
	return state.Hash()
}

// blockLists splits a block's RLP into the trie values of its transactions
// and withdrawals (typed transactions are stored as their envelope, which
// the block carries as an RLP string).
func blockLists(t *testing.T, block []byte) (txs, withdrawals rawList, hasWithdrawals bool) {
	t.Helper()
	r := rlp.NewListReader(block)
	r.Raw() // header
	txr := r.List()
	r.Raw() // uncles
	for txr.More() {
		if txr.Kind() == rlp.KindList {
			txs = append(txs, txr.Raw())
		} else {
			txs = append(txs, txr.Bytes())
		}
	}
	if err := txr.Finish(); err != nil {
		t.Fatal(err)
	}
	if r.More() {
		hasWithdrawals = true
		wr := r.List()
		for wr.More() {
			withdrawals = append(withdrawals, wr.Raw())
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return txs, withdrawals, hasWithdrawals
}

func TestBlockchainTestRoots(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "BlockchainTests")
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
	slices.Sort(files)
	var txRoots, wdRoots, stateRoots, txs int
	st := NewStackTrie(nil)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tests map[string]btTest
		if err := json.Unmarshal(data, &tests); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for name, bt := range tests {
			if bt.Pre != nil {
				if got, want := stateRoot(t, bt.Pre), hexHash(t, bt.Genesis.StateRoot); got != want {
					t.Errorf("%s: genesis state root %x, want %x", name, got, want)
				}
				stateRoots++
			}
			for i, b := range bt.Blocks {
				if b.Header == nil {
					continue // a block that must be rejected
				}
				list, wds, hasW := blockLists(t, hexBytes(t, b.RLP))
				txs += len(list)
				if got, want := DeriveSha(list, st), hexHash(t, b.Header.TransactionTrie); got != want {
					t.Errorf("%s block %d: transactions root %x, want %x", name, i, got, want)
				}
				txRoots++
				if hasW && b.Header.WithdrawalsRoot != "" {
					if got, want := DeriveSha(wds, st), hexHash(t, b.Header.WithdrawalsRoot); got != want {
						t.Errorf("%s block %d: withdrawals root %x, want %x", name, i, got, want)
					}
					wdRoots++
				}
				if bt.PostState != nil && b.Header.Hash == bt.LastBlockHash {
					if got, want := stateRoot(t, bt.PostState), hexHash(t, b.Header.StateRoot); got != want {
						t.Errorf("%s: post state root %x, want %x", name, got, want)
					}
					stateRoots++
				}
			}
		}
	}
	t.Logf("BlockchainTests: %d files; %d transactions roots (%d transactions), %d withdrawals roots, %d state roots checked",
		len(files), txRoots, txs, wdRoots, stateRoots)
	if txRoots == 0 || stateRoots == 0 {
		t.Fatal("no roots checked")
	}
}
