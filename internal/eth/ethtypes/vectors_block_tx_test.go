package ethtypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/rlp"
	"github.com/twinchain/twinchain/internal/testdata"
)

// btTx is a transaction as BlockchainTests list it beside the block RLP.
type btTx struct {
	Type                 string `json:"type"`
	ChainID              string `json:"chainId"`
	Nonce                string `json:"nonce"`
	GasPrice             string `json:"gasPrice"`
	MaxPriorityFeePerGas string `json:"maxPriorityFeePerGas"`
	MaxFeePerGas         string `json:"maxFeePerGas"`
	GasLimit             string `json:"gasLimit"`
	To                   string `json:"to"`
	Value                string `json:"value"`
	Data                 string `json:"data"`
	AccessList           []struct {
		Address     string   `json:"address"`
		StorageKeys []string `json:"storageKeys"`
	} `json:"accessList"`
	MaxFeePerBlobGas    string   `json:"maxFeePerBlobGas"`
	BlobVersionedHashes []string `json:"blobVersionedHashes"`
	V                   string   `json:"v"`
	R                   string   `json:"r"`
	S                   string   `json:"s"`
	Sender              string   `json:"sender"`
}

type btBlock struct {
	RLP                 string  `json:"rlp"`
	Transactions        *[]btTx `json:"transactions"`
	ExpectException     string  `json:"expectException"`
	TransactionSequence []struct {
		Exception string `json:"exception"`
		RawBytes  string `json:"rawBytes"`
		Valid     string `json:"valid"`
	} `json:"transactionSequence"`
}

// hexU256 parses a 0x-prefixed hex quantity (empty means zero).
func hexU256(t testing.TB, s string) uint256.Int {
	t.Helper()
	if s == "" {
		return uint256.Int{}
	}
	b, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		t.Fatalf("bad quantity %q", s)
	}
	var u uint256.Int
	if u.SetFromBig(b) {
		t.Fatalf("quantity %q overflows", s)
	}
	return u
}

// compareBTTx checks the decoded fields of tx against the JSON listing.
func compareBTTx(t *testing.T, where string, tx *Transaction, j *btTx) {
	t.Helper()
	check := func(field string, got, want uint256.Int) {
		if got != want {
			t.Errorf("%s: %s %s, want %s", where, field, got.Dec(), want.Dec())
		}
	}
	wantType := hexU256(t, j.Type)
	check("type", *uint256.NewInt(uint64(tx.Type())), wantType)
	check("nonce", *uint256.NewInt(tx.Nonce()), hexU256(t, j.Nonce))
	check("gas", *uint256.NewInt(tx.Gas()), hexU256(t, j.GasLimit))
	check("value", tx.Value(), hexU256(t, j.Value))
	v, r, s := tx.RawSignatureValues()
	check("v", v, hexU256(t, j.V))
	check("r", r, hexU256(t, j.R))
	check("s", s, hexU256(t, j.S))
	if j.GasPrice != "" {
		check("gasPrice", tx.GasPrice(), hexU256(t, j.GasPrice))
	}
	if j.MaxFeePerGas != "" {
		check("maxFeePerGas", tx.GasFeeCap(), hexU256(t, j.MaxFeePerGas))
		check("maxPriorityFeePerGas", tx.GasTipCap(), hexU256(t, j.MaxPriorityFeePerGas))
	}
	if j.ChainID != "" {
		check("chainId", tx.ChainID(), hexU256(t, j.ChainID))
	}
	if j.MaxFeePerBlobGas != "" {
		check("maxFeePerBlobGas", tx.BlobGasFeeCap(), hexU256(t, j.MaxFeePerBlobGas))
	}
	if !bytes.Equal(tx.Data(), decodeHexString(t, j.Data)) {
		t.Errorf("%s: data mismatch", where)
	}
	to, ok := tx.To()
	if j.To == "" {
		if ok {
			t.Errorf("%s: to %s, want creation", where, to)
		}
	} else if !ok || to != Address(decodeHexString(t, j.To)) {
		t.Errorf("%s: to %s (%v), want %s", where, to, ok, j.To)
	}
	al := tx.AccessList()
	if len(al) != len(j.AccessList) {
		t.Errorf("%s: access list has %d entries, want %d", where, len(al), len(j.AccessList))
	} else {
		for i, e := range j.AccessList {
			if al[i].Address != Address(decodeHexString(t, e.Address)) || len(al[i].StorageKeys) != len(e.StorageKeys) {
				t.Errorf("%s: access list entry %d mismatch", where, i)
				continue
			}
			for k, key := range e.StorageKeys {
				if al[i].StorageKeys[k] != Hash(decodeHexString(t, key)) {
					t.Errorf("%s: access list key %d/%d mismatch", where, i, k)
				}
			}
		}
	}
	if len(tx.BlobHashes()) != len(j.BlobVersionedHashes) {
		t.Errorf("%s: %d blob hashes, want %d", where, len(tx.BlobHashes()), len(j.BlobVersionedHashes))
	} else {
		for i, h := range j.BlobVersionedHashes {
			if tx.BlobHashes()[i] != Hash(decodeHexString(t, h)) {
				t.Errorf("%s: blob hash %d mismatch", where, i)
			}
		}
	}
}

// blockTxs splits the transactions out of a block's RLP
// ([header, transactions, uncles, withdrawals...]).
func blockTxs(b []byte) ([]byte, error) {
	content, rest, err := rlp.SplitList(b)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, rlp.ErrMoreThanOneValue
	}
	_, content, err = rlp.SplitList(content) // header
	if err != nil {
		return nil, err
	}
	txs, _, err := rlp.SplitList(content)
	return txs, err
}

// TestBlockchainTestTransactions decodes every transaction inside the
// blocks of BlockchainTests (Cancun network, chain id 1): the fields must
// match the JSON listing, the sender must be the listed one, the
// transaction must pass ValidateTx under Cancun, and re-encoding must give
// back the block's bytes. The invalid transactions of
// transactionSequence entries must be rejected with the matching kind.
func TestBlockchainTestTransactions(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "BlockchainTests")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no BlockchainTests in %s: %v", dir, err)
	}
	sort.Strings(files)
	rules := forkRules(t, "Cancun")
	signer := MakeSigner(rules, 1)
	seqKinds := map[string]ErrorKind{
		"TYPE_3_TX_CONTRACT_CREATION":           ErrBlobTxCreate,
		"TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH": ErrBlobHashVersion,
		"TYPE_3_TX_ZERO_BLOBS":                  ErrMissingBlobHashes,
		"TYPE_3_TX_BLOB_COUNT_EXCEEDED":         ErrTooManyBlobs,
		"INITCODE_SIZE_EXCEEDED":                ErrMaxInitCodeSizeExceeded,
		"INTRINSIC_GAS_TOO_LOW":                 ErrIntrinsicGas,
	}
	var nTx, nSenders, nInvalid int
	perType := map[uint8]int{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tests map[string]struct {
			Network string    `json:"network"`
			Blocks  []btBlock `json:"blocks"`
		}
		if err := json.Unmarshal(raw, &tests); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		rel, _ := filepath.Rel(dir, f)
		for name, bt := range tests {
			if bt.Network != "Cancun" {
				t.Fatalf("%s %s: network %s", rel, name, bt.Network)
			}
			for bi, blk := range bt.Blocks {
				for si, seq := range blk.TransactionSequence {
					where := rel + "/" + name + "/seq" + string(rune('0'+si))
					nInvalid++
					_, _, err := checkTx(decodeHexString(t, seq.RawBytes), rules, 1)
					want := seqKinds[strings.TrimPrefix(seq.Exception, "TransactionException.")]
					if err == nil || want == "" || !errors.Is(err, want) {
						t.Errorf("%s: got %v, want %s", where, err, seq.Exception)
					}
				}
				if blk.Transactions == nil {
					continue
				}
				where := rel + "/" + name + "/block" + string(rune('0'+bi))
				txs, err := blockTxs(decodeHexString(t, blk.RLP))
				if err != nil {
					t.Errorf("%s: block rlp: %v", where, err)
					continue
				}
				for i := range *blk.Transactions {
					j := &(*blk.Transactions)[i]
					tx, rest, err := SplitTx(txs)
					if err != nil {
						t.Errorf("%s tx %d: %v", where, i, err)
						break
					}
					item := txs[:len(txs)-len(rest)]
					txs = rest
					nTx++
					perType[tx.Type()]++
					compareBTTx(t, where, tx, j)
					if got := tx.AppendRLP(nil); !bytes.Equal(got, item) {
						t.Errorf("%s tx %d: re-encoding differs", where, i)
					}
					if again := NewTx(tx.TxData()); again.Hash() != tx.Hash() {
						t.Errorf("%s tx %d: NewTx(TxData) hash differs", where, i)
					}
					if err := ValidateTx(tx, rules); err != nil {
						t.Errorf("%s tx %d: ValidateTx: %v", where, i, err)
					}
					from, err := Sender(signer, tx)
					if err != nil {
						t.Errorf("%s tx %d: sender: %v", where, i, err)
						continue
					}
					if j.Sender != "" {
						nSenders++
						if from != Address(decodeHexString(t, j.Sender)) {
							t.Errorf("%s tx %d: sender %s, want %s", where, i, from, j.Sender)
						}
					}
				}
				if len(txs) != 0 {
					t.Errorf("%s: more transactions in the block than listed", where)
				}
			}
		}
	}
	t.Logf("BlockchainTests: %d files, %d block transactions (by type %v), %d senders checked; %d invalid transactions rejected",
		len(files), nTx, perType, nSenders, nInvalid)
}
