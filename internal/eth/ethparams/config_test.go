package ethparams

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestForkConfigRules(t *testing.T) {
	tests := []struct {
		fork    string
		isMerge bool
		want    Rules
	}{
		{"Frontier", false, Rules{}},
		{"Homestead", false, Rules{IsHomestead: true}},
		{"EIP150", false, Rules{IsHomestead: true, IsEIP150: true}},
		{"EIP158", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true}},
		{"Byzantium", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true}},
		{"Constantinople", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true}},
		{"ConstantinopleFix", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true}},
		{"Istanbul", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true}},
		{"Berlin", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true}},
		{"London", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true}},
		{"Paris", true, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true, IsMerge: true}},
		{"Merge", true, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true, IsMerge: true}},
		{"Shanghai", true, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true, IsMerge: true,
			IsShanghai: true}},
		{"Cancun", true, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true, IsMerge: true,
			IsShanghai: true, IsCancun: true}},
		// Shanghai and Cancun need the merge.
		{"Cancun", false, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true, IsLondon: true}},
		// The merge needs London.
		{"Berlin", true, Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsByzantium: true,
			IsConstantinople: true, IsPetersburg: true, IsIstanbul: true, IsBerlin: true}},
	}
	for _, tt := range tests {
		t.Run(tt.fork, func(t *testing.T) {
			c, err := ForkConfig(tt.fork)
			if err != nil {
				t.Fatal(err)
			}
			if c.ChainID != 1 {
				t.Errorf("chain id %d", c.ChainID)
			}
			if diff := cmp.Diff(tt.want, c.Rules(0, tt.isMerge, 0)); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTransitions(t *testing.T) {
	tests := []struct {
		name        string
		num, time   uint64
		isMerge     bool
		check       func(Rules) bool
		description string
	}{
		{"FrontierToHomesteadAt5", 4, 0, false, func(r Rules) bool { return !r.IsHomestead }, "not homestead at 4"},
		{"FrontierToHomesteadAt5", 5, 0, false, func(r Rules) bool { return r.IsHomestead }, "homestead at 5"},
		{"BerlinToLondonAt5", 4, 0, false, func(r Rules) bool { return r.IsBerlin && !r.IsLondon }, "berlin at 4"},
		{"BerlinToLondonAt5", 5, 0, false, func(r Rules) bool { return r.IsLondon }, "london at 5"},
		{"ByzantiumToConstantinopleFixAt5", 5, 0, false, func(r Rules) bool { return r.IsPetersburg }, "petersburg at 5"},
		{"ByzantiumToConstantinopleAt5", 5, 0, false, func(r Rules) bool { return r.IsConstantinople && r.IsPetersburg }, "petersburg with constantinople"},
		{"ParisToShanghaiAtTime15k", 1, 14_999, true, func(r Rules) bool { return r.IsMerge && !r.IsShanghai }, "paris before 15k"},
		{"ParisToShanghaiAtTime15k", 1, 15_000, true, func(r Rules) bool { return r.IsShanghai }, "shanghai at 15k"},
		{"ShanghaiToCancunAtTime15k", 1, 15_000, true, func(r Rules) bool { return r.IsCancun }, "cancun at 15k"},
	}
	for _, tt := range tests {
		c, err := ForkConfig(tt.name)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !tt.check(c.Rules(tt.num, tt.isMerge, tt.time)) {
			t.Errorf("%s: want %s", tt.name, tt.description)
		}
	}
}

func TestForkNamesValidate(t *testing.T) {
	for _, name := range ForkNames() {
		c, err := ForkConfig(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := MainnetConfig().Validate(); err != nil {
		t.Errorf("mainnet: %v", err)
	}
	if _, err := ForkConfig("Prague"); !errors.Is(err, ErrUnknownFork) {
		t.Errorf("Prague: got %v, want ErrUnknownFork", err)
	}
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  func(c *ChainConfig)
		want error
	}{
		{"gap", func(c *ChainConfig) { c.EIP150Block = nil }, ErrForkOrder},
		{"order", func(c *ChainConfig) { c.LondonBlock = u64(1); c.BerlinBlock = u64(2) }, ErrForkOrder},
		{"cancun before shanghai", func(c *ChainConfig) { c.ShanghaiTime = u64(10); c.CancunTime = u64(5) }, ErrForkOrder},
		{"cancun without shanghai", func(c *ChainConfig) { c.ShanghaiTime = nil }, ErrForkOrder},
		{"time without london", func(c *ChainConfig) {
			c.LondonBlock, c.ArrowGlacierBlock, c.GrayGlacierBlock, c.MergeNetsplitBlock = nil, nil, nil, nil
		}, ErrForkOrder},
		{"no blob schedule", func(c *ChainConfig) { c.BlobSchedule = nil }, ErrMissingBlobConfig},
		{"optional forks may be left out", func(c *ChainConfig) { c.MuirGlacierBlock, c.DAOForkBlock = nil, nil }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := ForkConfig("Cancun")
			tt.mod(c)
			err := c.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Description == "" {
				t.Fatalf("want an *Error with a description, got %#v", err)
			}
		})
	}
}

func TestGethGenesisJSON(t *testing.T) {
	// The "config" object of a geth genesis file.
	const in = `{
		"chainId": 1337,
		"homesteadBlock": 0,
		"eip150Block": 0,
		"eip155Block": 0,
		"eip158Block": 0,
		"byzantiumBlock": 0,
		"constantinopleBlock": 0,
		"petersburgBlock": 0,
		"istanbulBlock": 0,
		"muirGlacierBlock": 0,
		"berlinBlock": 0,
		"londonBlock": 0,
		"arrowGlacierBlock": 0,
		"grayGlacierBlock": 0,
		"mergeNetsplitBlock": 0,
		"shanghaiTime": 0,
		"cancunTime": 0,
		"terminalTotalDifficulty": 0,
		"terminalTotalDifficultyPassed": true,
		"blobSchedule": {"cancun": {"target": 3, "max": 6, "baseFeeUpdateFraction": 3338477}},
		"ethash": {}
	}`
	var c ChainConfig
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.ChainID != 1337 || c.TerminalTotalDifficulty == nil || c.TerminalTotalDifficulty.Sign() != 0 {
		t.Fatalf("bad decode: %+v", c)
	}
	if got := c.Rules(1, true, 1); !got.IsCancun {
		t.Fatalf("want cancun, got %+v", got)
	}
	out, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	var back ChainConfig
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, back, cmp.Comparer(func(a, b *big.Int) bool { return (a == nil) == (b == nil) && (a == nil || a.Cmp(b) == 0) })); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestMainnetRules(t *testing.T) {
	c := MainnetConfig()
	if r := c.Rules(12_964_999, false, 0); r.IsLondon || !r.IsBerlin {
		t.Errorf("block before london: %+v", r)
	}
	if r := c.Rules(19_426_587, true, 1_710_338_135); !r.IsCancun {
		t.Errorf("first cancun block: %+v", r)
	}
	if bc, ok := c.BlobConfigAt(19_426_587, 1_710_338_135); !ok || bc.Max != 6 || bc.MaxBlobGas() != 786432 || bc.TargetBlobGas() != 393216 {
		t.Errorf("blob config %+v %v", bc, ok)
	}
	if _, ok := c.BlobConfigAt(19_426_587, 1_710_338_134); ok {
		t.Error("blob config before cancun")
	}
}

func TestFakeExponential(t *testing.T) {
	// Vectors of the EIP-4844 reference implementation.
	tests := []struct {
		factor, num, den, want uint64
	}{
		{1, 0, 1, 1},
		{38493, 0, 1000, 38493},
		{0, 1234, 2345, 0},
		{1, 2, 1, 6},
		{1, 4, 2, 6},
		{1, 3, 1, 16},
		{1, 6, 2, 18},
		{1, 4, 1, 49},
		{1, 8, 2, 50},
		{10, 8, 2, 542},
		{11, 8, 2, 596},
		{1, 5, 1, 136},
		{1, 5, 2, 11},
		{2, 5, 2, 23},
		{1, 50000000, 2225652, 5709098764},
	}
	for _, tt := range tests {
		got, ok := fakeExponential(tt.factor, tt.num, tt.den)
		if !ok || got.Uint64() != tt.want || !got.IsUint64() {
			t.Errorf("fakeExponential(%d, %d, %d) = %s %v, want %d", tt.factor, tt.num, tt.den, got.Dec(), ok, tt.want)
		}
	}
	bc := DefaultCancunBlobConfig
	if fee, ok := bc.BlobBaseFee(0); !ok || fee.Uint64() != 1 {
		t.Errorf("fee at 0: %s", fee.Dec())
	}
	if _, ok := bc.BlobBaseFee(^uint64(0)); ok {
		t.Error("huge excess must overflow")
	}
	if _, ok := (BlobConfig{}).BlobBaseFee(1); ok {
		t.Error("zero fraction must fail")
	}
}

func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrUnknownFork, ErrForkOrder, ErrMissingBlobConfig} {
		err := error(&Error{Err: k, Description: "x"})
		if !errors.Is(err, k) {
			t.Errorf("%v: errors.Is failed", k)
		}
		var e *Error
		if !errors.As(err, &e) || e.Err != k {
			t.Errorf("%v: errors.As failed", k)
		}
		if (&Error{Err: k}).Error() != string(k) {
			t.Errorf("%v: bare text", k)
		}
	}
}
