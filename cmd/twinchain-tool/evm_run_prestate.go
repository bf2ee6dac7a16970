package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// runGenesis is the part of a geth genesis JSON file that `evm run` uses.
type runGenesis struct {
	Config     *ethparams.ChainConfig
	Coinbase   ethtypes.Address
	Number     uint64
	Timestamp  uint64
	GasLimit   uint64
	Difficulty uint256.Int
	BaseFee    *uint256.Int // nil when the file has none
	accounts   []runAccount // in address order
}

// runAccount is an account of the genesis alloc.
type runAccount struct {
	addr    ethtypes.Address
	balance uint256.Int
	nonce   uint64
	code    []byte
	storage [][2]ethtypes.Hash
}

// genesisJSON mirrors geth's core.Genesis JSON (the fields used here).
// Quantities may be JSON numbers or decimal or 0x-hex strings, as geth's
// math.HexOrDecimal types accept.
type genesisJSON struct {
	Config     *ethparams.ChainConfig `json:"config"`
	Coinbase   string                 `json:"coinbase"`
	Number     *jsonQuantity          `json:"number"`
	Timestamp  *jsonQuantity          `json:"timestamp"`
	GasLimit   *jsonQuantity          `json:"gasLimit"`
	Difficulty *jsonQuantity          `json:"difficulty"`
	BaseFee    *jsonQuantity          `json:"baseFeePerGas"`
	Alloc      map[string]struct {
		Balance *jsonQuantity     `json:"balance"`
		Nonce   *jsonQuantity     `json:"nonce"`
		Code    string            `json:"code"`
		Storage map[string]string `json:"storage"`
	} `json:"alloc"`
}

// jsonQuantity is a 256-bit number written as a JSON number or string.
type jsonQuantity struct{ v uint256.Int }

// UnmarshalJSON accepts 12, "12" and "0xc".
func (q *jsonQuantity) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	v, err := parseQuantity(s)
	if err != nil {
		return fmt.Errorf("invalid quantity %s: %w", b, err)
	}
	q.v = v
	return nil
}

// u64 returns the quantity as a uint64 (zero when absent).
func (q *jsonQuantity) u64(field string) (uint64, error) {
	if q == nil {
		return 0, nil
	}
	if !q.v.IsUint64() {
		return 0, fmt.Errorf("%s %s does not fit in 64 bits", field, q.v.Dec())
	}
	return q.v.Uint64(), nil
}

// readRunGenesis reads a geth genesis JSON file.
func readRunGenesis(path string) (*runGenesis, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g, err := parseRunGenesis(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// parseRunGenesis parses a geth genesis JSON document.
func parseRunGenesis(data []byte) (*runGenesis, error) {
	var j genesisJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("invalid genesis file: %w", err)
	}
	g := &runGenesis{Config: j.Config}
	fail := func(err error) (*runGenesis, error) { return nil, err }
	var err error
	if g.Config != nil {
		// The blob schedule is not needed here (the blob base fee is 0).
		if err := g.Config.Validate(); err != nil && !errors.Is(err, ethparams.ErrMissingBlobConfig) {
			return fail(err)
		}
	}
	if j.Coinbase != "" {
		if g.Coinbase, err = looseAddress(j.Coinbase); err != nil {
			return fail(fmt.Errorf("coinbase: %w", err))
		}
	}
	if g.Number, err = j.Number.u64("number"); err != nil {
		return fail(err)
	}
	if g.Timestamp, err = j.Timestamp.u64("timestamp"); err != nil {
		return fail(err)
	}
	if g.GasLimit, err = j.GasLimit.u64("gasLimit"); err != nil {
		return fail(err)
	}
	if j.Difficulty != nil {
		g.Difficulty = j.Difficulty.v
	}
	if j.BaseFee != nil {
		g.BaseFee = &j.BaseFee.v
	}
	for a, acct := range j.Alloc {
		ra := runAccount{}
		if ra.addr, err = ethtypes.ParseAddress(a); err != nil {
			return fail(fmt.Errorf("alloc: %w", err))
		}
		if acct.Balance != nil {
			ra.balance = acct.Balance.v
		}
		if ra.nonce, err = acct.Nonce.u64("nonce"); err != nil {
			return fail(fmt.Errorf("alloc %s: %w", a, err))
		}
		if ra.code, err = decodeHex(strings.TrimSpace(acct.Code)); err != nil {
			return fail(fmt.Errorf("alloc %s code: %w", a, err))
		}
		for k, v := range acct.Storage {
			key, err := parseStorageWord(k)
			if err != nil {
				return fail(fmt.Errorf("alloc %s storage key: %w", a, err))
			}
			val, err := parseStorageWord(v)
			if err != nil {
				return fail(fmt.Errorf("alloc %s storage value: %w", a, err))
			}
			ra.storage = append(ra.storage, [2]ethtypes.Hash{key, val})
		}
		slices.SortFunc(ra.storage, func(x, y [2]ethtypes.Hash) int { return bytes.Compare(x[0][:], y[0][:]) })
		g.accounts = append(g.accounts, ra)
	}
	slices.SortFunc(g.accounts, func(x, y runAccount) int { return bytes.Compare(x.addr[:], y.addr[:]) })
	return g, nil
}

// parseStorageWord parses a storage key or value: hex of at most 32
// bytes, right-aligned (geth's genesis accepts short forms such as "0x01").
func parseStorageWord(s string) (ethtypes.Hash, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := decodeHex(s)
	if err != nil {
		return ethtypes.Hash{}, err
	}
	if len(b) > 32 {
		return ethtypes.Hash{}, fmt.Errorf("%d bytes, more than 32", len(b))
	}
	return ethtypes.BytesToHash(b), nil
}
