package ethtests

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// stateTest is one named test of a GeneralStateTests file, as filled by
// retesteth or execution-spec-tests. Numbers and byte strings are kept as
// the strings of the file and parsed when used.
type stateTest struct {
	Env  stEnv               `json:"env"`
	Pre  map[string]stAcct   `json:"pre"`
	Post map[string][]stPost `json:"post"`
	Tx   stTx                `json:"transaction"`
}

type stEnv struct {
	Coinbase      string  `json:"currentCoinbase"`
	Difficulty    *string `json:"currentDifficulty"`
	GasLimit      string  `json:"currentGasLimit"`
	Number        string  `json:"currentNumber"`
	Timestamp     string  `json:"currentTimestamp"`
	BaseFee       *string `json:"currentBaseFee"`
	Random        *string `json:"currentRandom"`
	ExcessBlobGas *string `json:"currentExcessBlobGas"`
}

type stAcct struct {
	Balance string            `json:"balance"`
	Code    string            `json:"code"`
	Nonce   string            `json:"nonce"`
	Storage map[string]string `json:"storage"`
}

type stPost struct {
	Hash            string `json:"hash"`
	Logs            string `json:"logs"`
	TxBytes         string `json:"txbytes"`
	ExpectException string `json:"expectException"`
	Indexes         struct {
		Data  int `json:"data"`
		Gas   int `json:"gas"`
		Value int `json:"value"`
	} `json:"indexes"`
}

type stTx struct {
	Data                 []string      `json:"data"`
	GasLimit             []string      `json:"gasLimit"`
	Value                []string      `json:"value"`
	Nonce                string        `json:"nonce"`
	GasPrice             *string       `json:"gasPrice"`
	MaxFeePerGas         *string       `json:"maxFeePerGas"`
	MaxPriorityFeePerGas *string       `json:"maxPriorityFeePerGas"`
	MaxFeePerBlobGas     *string       `json:"maxFeePerBlobGas"`
	To                   string        `json:"to"`
	SecretKey            string        `json:"secretKey"`
	Sender               *string       `json:"sender"`
	AccessLists          []*[]stAccess `json:"accessLists"`
	BlobVersionedHashes  *[]string     `json:"blobVersionedHashes"`
}

type stAccess struct {
	Address     string   `json:"address"`
	StorageKeys []string `json:"storageKeys"`
}

// parseBytes decodes a 0x-prefixed hex string ("0x" and "" are empty).
func parseBytes(s string) ([]byte, error) {
	s = strings.TrimPrefix(s, "0x")
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("invalid hex %q: %w", trunc(s), err)
	}
	return b, nil
}

// parseUint64 parses a 0x-prefixed hex or a decimal number.
func parseUint64(s string) (uint64, error) {
	var (
		v   uint64
		err error
	)
	if h, ok := strings.CutPrefix(s, "0x"); ok {
		v, err = strconv.ParseUint(h, 16, 64)
	} else {
		v, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("invalid 64-bit number %q", trunc(s))
	}
	return v, nil
}

// parseUint256 parses a 0x-prefixed hex or a decimal number of at most 256
// bits. "0x" alone is zero.
func parseUint256(s string) (uint256.Int, error) {
	var v uint256.Int
	if h, ok := strings.CutPrefix(s, "0x"); ok {
		h = strings.TrimLeft(h, "0")
		if len(h) > 64 {
			return v, fmt.Errorf("number %q exceeds 256 bits", trunc(s))
		}
		if h == "" {
			return v, nil
		}
		if len(h)%2 == 1 {
			h = "0" + h
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return v, fmt.Errorf("invalid number %q", trunc(s))
		}
		v.SetBytes(b)
		return v, nil
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok || b.Sign() < 0 {
		return v, fmt.Errorf("invalid number %q", trunc(s))
	}
	if v.SetFromBig(b) {
		return v, fmt.Errorf("number %q exceeds 256 bits", trunc(s))
	}
	return v, nil
}

// parseOptU256 parses an optional number.
func parseOptU256(s *string) (*uint256.Int, error) {
	if s == nil {
		return nil, nil
	}
	v, err := parseUint256(*s)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// parseWord parses a number as a 32-byte big-endian word (storage keys
// and values, PREVRANDAO, blob hashes).
func parseWord(s string) (ethtypes.Hash, error) {
	v, err := parseUint256(s)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	return v.Bytes32(), nil
}

// parseAddress parses a 20-byte address (any case).
func parseAddress(s string) (ethtypes.Address, error) {
	return ethtypes.ParseAddress(s)
}

func trunc(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
