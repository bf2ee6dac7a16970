package ethparams

import (
	"math/big"
	"sort"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// u64 returns a pointer to a copy of v, for the optional fork fields.
func u64(v uint64) *uint64 { return &v }

// forkStep applies one fork to a configuration being built for a test
// network where every fork up to it is active from genesis.
type forkStep struct {
	name  string
	apply func(c *ChainConfig)
}

// forkSteps lists the forks of ethereum/tests in order; ForkConfig(name)
// applies every step up to and including name.
var forkSteps = []forkStep{
	{"Frontier", func(c *ChainConfig) {}},
	{"Homestead", func(c *ChainConfig) { c.HomesteadBlock = u64(0) }},
	{"EIP150", func(c *ChainConfig) { c.EIP150Block = u64(0) }},
	{"EIP158", func(c *ChainConfig) { c.EIP155Block, c.EIP158Block = u64(0), u64(0) }},
	{"Byzantium", func(c *ChainConfig) { c.ByzantiumBlock = u64(0) }},
	// Constantinople as first specified, with EIP-1283; the tests model it
	// with Petersburg far in the future, as geth does.
	{"Constantinople", func(c *ChainConfig) { c.ConstantinopleBlock, c.PetersburgBlock = u64(0), u64(10_000_000) }},
	{"ConstantinopleFix", func(c *ChainConfig) { c.PetersburgBlock = u64(0) }},
	{"Istanbul", func(c *ChainConfig) { c.IstanbulBlock = u64(0) }},
	{"MuirGlacier", func(c *ChainConfig) { c.MuirGlacierBlock = u64(0) }},
	{"Berlin", func(c *ChainConfig) { c.BerlinBlock = u64(0) }},
	{"London", func(c *ChainConfig) { c.LondonBlock = u64(0) }},
	{"ArrowGlacier", func(c *ChainConfig) { c.ArrowGlacierBlock = u64(0) }},
	{"GrayGlacier", func(c *ChainConfig) { c.GrayGlacierBlock = u64(0) }},
	{"Paris", func(c *ChainConfig) {
		c.MergeNetsplitBlock = u64(0)
		c.TerminalTotalDifficulty = new(big.Int)
	}},
	{"Shanghai", func(c *ChainConfig) { c.ShanghaiTime = u64(0) }},
	{"Cancun", func(c *ChainConfig) {
		c.CancunTime = u64(0)
		bc := DefaultCancunBlobConfig
		c.BlobSchedule = &BlobScheduleConfig{Cancun: &bc}
	}},
}

// forkAliases maps other names of a fork to the name in forkSteps.
var forkAliases = map[string]string{
	"Merge":            "Paris",
	"TangerineWhistle": "EIP150",
	"SpuriousDragon":   "EIP158",
	"Petersburg":       "ConstantinopleFix",
}

// transition describes a network that runs one fork and switches to the
// next at a given block, time or total difficulty.
type transition struct {
	base  string
	apply func(c *ChainConfig)
}

// transitions are the transition networks of ethereum/tests.
var transitions = map[string]transition{
	"FrontierToHomesteadAt5": {"Frontier", func(c *ChainConfig) { c.HomesteadBlock = u64(5) }},
	"HomesteadToEIP150At5":   {"Homestead", func(c *ChainConfig) { c.EIP150Block = u64(5) }},
	"HomesteadToDaoAt5": {"Homestead", func(c *ChainConfig) {
		c.DAOForkBlock, c.DAOForkSupport = u64(5), true
	}},
	"EIP158ToByzantiumAt5":         {"EIP158", func(c *ChainConfig) { c.ByzantiumBlock = u64(5) }},
	"ByzantiumToConstantinopleAt5": {"Byzantium", func(c *ChainConfig) { c.ConstantinopleBlock = u64(5) }},
	"ByzantiumToConstantinopleFixAt5": {"Byzantium", func(c *ChainConfig) {
		c.ConstantinopleBlock, c.PetersburgBlock = u64(5), u64(5)
	}},
	"ConstantinopleFixToIstanbulAt5": {"ConstantinopleFix", func(c *ChainConfig) { c.IstanbulBlock = u64(5) }},
	"BerlinToLondonAt5":              {"Berlin", func(c *ChainConfig) { c.LondonBlock = u64(5) }},
	"ArrowGlacierToParisAtDiffC0000": {"GrayGlacier", func(c *ChainConfig) {
		c.TerminalTotalDifficulty = big.NewInt(0xC0000)
	}},
	"ParisToShanghaiAtTime15k": {"Paris", func(c *ChainConfig) { c.ShanghaiTime = u64(15_000) }},
	"ShanghaiToCancunAtTime15k": {"Shanghai", func(c *ChainConfig) {
		c.CancunTime = u64(15_000)
		bc := DefaultCancunBlobConfig
		c.BlobSchedule = &BlobScheduleConfig{Cancun: &bc}
	}},
}

// buildFork returns the configuration with every fork up to name active
// from genesis, on chain id 1.
func buildFork(name string) (*ChainConfig, bool) {
	if a, ok := forkAliases[name]; ok {
		name = a
	}
	c := &ChainConfig{ChainID: 1}
	for _, s := range forkSteps {
		s.apply(c)
		if s.name == name {
			return c, true
		}
	}
	return nil, false
}

// ForkConfig returns the chain configuration ethereum/tests means by a fork
// name (chain id 1; every fork up to the named one active from genesis), or
// the configuration of a transition network such as "BerlinToLondonAt5".
// Unknown names fail with ErrUnknownFork. The result is a fresh value the
// caller may modify.
//
// This function is safe for concurrent access.
func ForkConfig(name string) (*ChainConfig, error) {
	if c, ok := buildFork(name); ok {
		return c, nil
	}
	if t, ok := transitions[name]; ok {
		c, _ := buildFork(t.base)
		t.apply(c)
		return c, nil
	}
	return nil, &Error{Err: ErrUnknownFork, Description: name}
}

// ForkNames returns every name ForkConfig accepts, sorted.
//
// This function is safe for concurrent access.
func ForkNames() []string {
	var names []string
	for _, s := range forkSteps {
		names = append(names, s.name)
	}
	for a := range forkAliases {
		names = append(names, a)
	}
	for t := range transitions {
		names = append(names, t)
	}
	sort.Strings(names)
	return names
}

// MainnetConfig returns Ethereum mainnet's configuration up to Cancun.
//
// This function is safe for concurrent access.
func MainnetConfig() *ChainConfig {
	ttd, _ := new(big.Int).SetString("58750000000000000000000", 10)
	bc := DefaultCancunBlobConfig
	deposit := ethtypes.Address{0x00, 0x00, 0x00, 0x00, 0x21, 0x9a, 0xb5, 0x40, 0x35, 0x6c, 0xbb, 0x83, 0x9c, 0xbe, 0x05, 0x30, 0x3d, 0x77, 0x05, 0xfa}
	return &ChainConfig{
		ChainID:                 1,
		HomesteadBlock:          u64(1_150_000),
		DAOForkBlock:            u64(1_920_000),
		DAOForkSupport:          true,
		EIP150Block:             u64(2_463_000),
		EIP155Block:             u64(2_675_000),
		EIP158Block:             u64(2_675_000),
		ByzantiumBlock:          u64(4_370_000),
		ConstantinopleBlock:     u64(7_280_000),
		PetersburgBlock:         u64(7_280_000),
		IstanbulBlock:           u64(9_069_000),
		MuirGlacierBlock:        u64(9_200_000),
		BerlinBlock:             u64(12_244_000),
		LondonBlock:             u64(12_965_000),
		ArrowGlacierBlock:       u64(13_773_000),
		GrayGlacierBlock:        u64(15_050_000),
		ShanghaiTime:            u64(1_681_338_455),
		CancunTime:              u64(1_710_338_135),
		TerminalTotalDifficulty: ttd,
		DepositContractAddress:  &deposit,
		BlobSchedule:            &BlobScheduleConfig{Cancun: &bc},
		Ethash:                  &EthashConfig{},
	}
}
