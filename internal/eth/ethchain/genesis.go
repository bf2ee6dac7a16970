package ethchain

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// Genesis defaults, as geth's.
const (
	// GenesisGasLimit is the gas limit of a genesis without one.
	GenesisGasLimit = 4_712_388
	// GenesisDifficulty is the difficulty of a genesis with neither a
	// difficulty nor a mix hash.
	GenesisDifficulty = 131_072
)

// GenesisAccount is an account of a genesis allocation.
type GenesisAccount struct {
	Balance uint256.Int
	Nonce   uint64
	Code    []byte
	Storage map[ethtypes.Hash]ethtypes.Hash
}

// Genesis is the specification of a chain's first block and state, read
// from geth's genesis JSON (ParseGenesis): config, nonce, timestamp,
// extraData, gasLimit, difficulty, mixHash, coinbase, alloc (balance,
// nonce, code, storage), number, gasUsed, parentHash, baseFeePerGas,
// excessBlobGas and blobGasUsed. Quantities may be 0x-hex or decimal
// strings or JSON numbers; an account's balance may also be named "wei"
// (the old format of ethereum/tests' GenesisTests).
type Genesis struct {
	Config     *ethparams.ChainConfig
	Nonce      uint64
	Timestamp  uint64
	ExtraData  []byte
	GasLimit   uint64
	Difficulty *uint256.Int
	Mixhash    ethtypes.Hash
	Coinbase   ethtypes.Address
	Alloc      map[ethtypes.Address]GenesisAccount

	Number        uint64
	GasUsed       uint64
	ParentHash    ethtypes.Hash
	BaseFee       *uint256.Int
	ExcessBlobGas *uint64
	BlobGasUsed   *uint64
}

// genesisJSON is the JSON form of Genesis, before parsing quantities.
type genesisJSON struct {
	Config        *ethparams.ChainConfig        `json:"config"`
	Nonce         json.RawMessage               `json:"nonce"`
	Timestamp     json.RawMessage               `json:"timestamp"`
	ExtraData     string                        `json:"extraData"`
	GasLimit      json.RawMessage               `json:"gasLimit"`
	Difficulty    json.RawMessage               `json:"difficulty"`
	Mixhash       string                        `json:"mixHash"`
	Coinbase      string                        `json:"coinbase"`
	Alloc         map[string]genesisAccountJSON `json:"alloc"`
	Number        json.RawMessage               `json:"number"`
	GasUsed       json.RawMessage               `json:"gasUsed"`
	ParentHash    string                        `json:"parentHash"`
	BaseFee       json.RawMessage               `json:"baseFeePerGas"`
	ExcessBlobGas json.RawMessage               `json:"excessBlobGas"`
	BlobGasUsed   json.RawMessage               `json:"blobGasUsed"`
}

type genesisAccountJSON struct {
	Balance json.RawMessage   `json:"balance"`
	Wei     json.RawMessage   `json:"wei"` // the old pyethereum name of balance
	Nonce   json.RawMessage   `json:"nonce"`
	Code    string            `json:"code"`
	Storage map[string]string `json:"storage"`
}

// ParseGenesis parses a genesis file in geth's JSON format. A missing
// config is an error (kind ErrInvalidGenesis), as is any malformed field.
//
// This function is safe for concurrent access.
func ParseGenesis(data []byte) (*Genesis, error) {
	var j genesisJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&j); err != nil {
		return nil, genesisErrorf("%v", err)
	}
	if j.Config == nil {
		return nil, genesisErrorf("missing config")
	}
	if err := j.Config.Validate(); err != nil {
		return nil, genesisErrorf("config: %v", err)
	}
	g := &Genesis{Config: j.Config, Alloc: make(map[ethtypes.Address]GenesisAccount, len(j.Alloc))}
	var err error
	u64 := func(name string, raw json.RawMessage, dst *uint64) {
		if err != nil || len(raw) == 0 || string(raw) == "null" {
			return
		}
		var v uint256.Int
		if v, err = parseQuantity(raw); err == nil && !v.IsUint64() {
			err = fmt.Errorf("too large")
		}
		if err != nil {
			err = genesisErrorf("%s: %v", name, err)
			return
		}
		*dst = v.Uint64()
	}
	optU256 := func(name string, raw json.RawMessage) *uint256.Int {
		if err != nil || len(raw) == 0 || string(raw) == "null" {
			return nil
		}
		v, e := parseQuantity(raw)
		if e != nil {
			err = genesisErrorf("%s: %v", name, e)
			return nil
		}
		return &v
	}
	optU64 := func(name string, raw json.RawMessage) *uint64 {
		if len(raw) == 0 || string(raw) == "null" {
			return nil
		}
		var v uint64
		u64(name, raw, &v)
		return &v
	}
	u64("nonce", j.Nonce, &g.Nonce)
	u64("timestamp", j.Timestamp, &g.Timestamp)
	u64("gasLimit", j.GasLimit, &g.GasLimit)
	u64("number", j.Number, &g.Number)
	u64("gasUsed", j.GasUsed, &g.GasUsed)
	g.Difficulty = optU256("difficulty", j.Difficulty)
	g.BaseFee = optU256("baseFeePerGas", j.BaseFee)
	g.ExcessBlobGas = optU64("excessBlobGas", j.ExcessBlobGas)
	g.BlobGasUsed = optU64("blobGasUsed", j.BlobGasUsed)
	if err != nil {
		return nil, err
	}
	if g.ExtraData, err = parseHexBytes(j.ExtraData); err != nil {
		return nil, genesisErrorf("extraData: %v", err)
	}
	if g.Mixhash, err = parseWord(j.Mixhash); err != nil {
		return nil, genesisErrorf("mixHash: %v", err)
	}
	if g.ParentHash, err = parseWord(j.ParentHash); err != nil {
		return nil, genesisErrorf("parentHash: %v", err)
	}
	if j.Coinbase != "" {
		if g.Coinbase, err = ethtypes.ParseAddress(j.Coinbase); err != nil {
			return nil, genesisErrorf("coinbase: %v", err)
		}
	}
	for a, acct := range j.Alloc {
		if !strings.HasPrefix(a, "0x") && !strings.HasPrefix(a, "0X") {
			a = "0x" + a
		}
		addr, err := ethtypes.ParseAddress(a)
		if err != nil {
			return nil, genesisErrorf("alloc address %q: %v", a, err)
		}
		var ga GenesisAccount
		if len(acct.Balance) == 0 {
			acct.Balance = acct.Wei
		}
		if len(acct.Balance) > 0 {
			if ga.Balance, err = parseQuantity(acct.Balance); err != nil {
				return nil, genesisErrorf("alloc %s balance: %v", a, err)
			}
		}
		if len(acct.Nonce) > 0 {
			n, err := parseQuantity(acct.Nonce)
			if err != nil || !n.IsUint64() {
				return nil, genesisErrorf("alloc %s nonce: %v", a, err)
			}
			ga.Nonce = n.Uint64()
		}
		if ga.Code, err = parseHexBytes(acct.Code); err != nil {
			return nil, genesisErrorf("alloc %s code: %v", a, err)
		}
		if len(acct.Storage) > 0 {
			ga.Storage = make(map[ethtypes.Hash]ethtypes.Hash, len(acct.Storage))
			for k, v := range acct.Storage {
				key, err := parseWord(k)
				if err != nil {
					return nil, genesisErrorf("alloc %s storage key: %v", a, err)
				}
				val, err := parseWord(v)
				if err != nil {
					return nil, genesisErrorf("alloc %s storage value: %v", a, err)
				}
				ga.Storage[key] = val
			}
		}
		g.Alloc[addr] = ga
	}
	return g, nil
}

// parseQuantity parses a JSON string (0x-hex or decimal) or number.
func parseQuantity(raw json.RawMessage) (uint256.Int, error) {
	var v uint256.Int
	s := strings.TrimSpace(string(raw))
	if len(s) >= 2 && s[0] == '"' {
		var str string
		if err := json.Unmarshal(raw, &str); err != nil {
			return v, err
		}
		s = str
	}
	if s == "" {
		return v, nil
	}
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		if len(s) == 2 {
			return v, nil
		}
		err := v.SetFromHex("0x" + strings.TrimLeft(s[2:], "0"))
		if err != nil && strings.TrimLeft(s[2:], "0") == "" {
			return uint256.Int{}, nil
		}
		return v, err
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok || b.Sign() < 0 {
		return v, fmt.Errorf("invalid quantity %s", strconv.Quote(s))
	}
	if v.SetFromBig(b) {
		return v, fmt.Errorf("quantity %s overflows 256 bits", s)
	}
	return v, nil
}

// parseHexBytes parses optional 0x-prefixed hex.
func parseHexBytes(s string) ([]byte, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	return hex.DecodeString(s)
}

// parseWord parses up to 32 bytes of hex, left-padded.
func parseWord(s string) (ethtypes.Hash, error) {
	var h ethtypes.Hash
	b, err := parseHexBytes(s)
	if err != nil {
		return h, err
	}
	if len(b) > 32 {
		return h, fmt.Errorf("%d bytes, want at most 32", len(b))
	}
	copy(h[32-len(b):], b)
	return h, nil
}

// Header returns the genesis header for state root root, with geth's
// defaults: gas limit GenesisGasLimit when zero; difficulty
// GenesisDifficulty when neither difficulty nor mix hash is given; from
// London the base fee (InitialBaseFee when unset); from Shanghai the
// empty withdrawals root; from Cancun the blob gas fields (zero when
// unset) and a zero parent beacon root.
//
// This method is safe for concurrent access.
func (g *Genesis) Header(root ethtypes.Hash) *ethtypes.Header {
	h := &ethtypes.Header{
		ParentHash:  g.ParentHash,
		UncleHash:   ethtypes.EmptyUncleHash,
		Coinbase:    g.Coinbase,
		Root:        root,
		TxHash:      ethtypes.EmptyRootHash,
		ReceiptHash: ethtypes.EmptyRootHash,
		Number:      g.Number,
		GasLimit:    g.GasLimit,
		GasUsed:     g.GasUsed,
		Time:        g.Timestamp,
		Extra:       g.ExtraData,
		MixDigest:   g.Mixhash,
	}
	for i := range 8 {
		h.Nonce[i] = byte(g.Nonce >> (56 - 8*i))
	}
	if h.GasLimit == 0 {
		h.GasLimit = GenesisGasLimit
	}
	switch {
	case g.Difficulty != nil:
		h.Difficulty = *g.Difficulty
	case g.Mixhash == ethtypes.Hash{}:
		h.Difficulty.SetUint64(GenesisDifficulty)
	}
	cfg := g.Config
	if cfg.IsLondon(g.Number) {
		bf := uint256.NewInt(InitialBaseFee)
		if g.BaseFee != nil {
			bf = new(uint256.Int).Set(g.BaseFee)
		}
		h.BaseFee = bf
	}
	if cfg.IsShanghai(g.Number, g.Timestamp) {
		wh := ethtypes.EmptyRootHash
		h.WithdrawalsHash = &wh
	}
	if cfg.IsCancun(g.Number, g.Timestamp) {
		var excess, used uint64
		if g.ExcessBlobGas != nil {
			excess = *g.ExcessBlobGas
		}
		if g.BlobGasUsed != nil {
			used = *g.BlobGasUsed
		}
		h.ExcessBlobGas, h.BlobGasUsed = &excess, &used
		h.ParentBeaconRoot = new(ethtypes.Hash)
	}
	return h
}

// Commit writes the genesis state into db and returns the genesis block.
//
// This method is safe for concurrent access if db is.
func (g *Genesis) Commit(db statedb.Database) (*ethtypes.Block, error) {
	if g.Config == nil {
		return nil, genesisErrorf("missing config")
	}
	sdb, err := statedb.New(ethtypes.Hash{}, db)
	if err != nil {
		return nil, err
	}
	for addr, a := range g.Alloc {
		bal := a.Balance
		sdb.SetBalance(addr, &bal)
		sdb.SetNonce(addr, a.Nonce)
		if len(a.Code) > 0 {
			sdb.SetCode(addr, a.Code)
		}
		for k, v := range a.Storage {
			sdb.SetState(addr, k, v)
		}
	}
	root, err := sdb.Commit(false)
	if err != nil {
		return nil, err
	}
	h := g.Header(root)
	var withdrawals ethtypes.Withdrawals
	if h.WithdrawalsHash != nil {
		withdrawals = ethtypes.Withdrawals{}
	}
	return ethtypes.NewBlock(h, nil, nil, withdrawals), nil
}

// ToBlock returns the genesis block without keeping its state.
//
// This method is safe for concurrent access.
func (g *Genesis) ToBlock() (*ethtypes.Block, error) {
	return g.Commit(statedb.NewMemoryDatabase())
}
