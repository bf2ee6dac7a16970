package chaincfg

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Core's chain names (ChainTypeToString), used by ByName and Params.Name.
const (
	NameMain     = "main"
	NameTestNet3 = "test"
	NameTestNet4 = "testnet4"
	NameSigNet   = "signet"
	NameRegTest  = "regtest"
)

// DefaultCoinbaseMaturity is Core's COINBASE_MATURITY: a coinbase output can
// be spent only by a transaction in a block at least this many blocks above
// the coinbase's own block.
const DefaultCoinbaseMaturity = 100

// Params describes one Bitcoin network. A Params is a value owned by whoever
// called the constructor; nothing in this package keeps a reference to it, so
// a caller may change any field (a test activation height, the coinbase
// maturity, a signet challenge) without affecting anyone else.
//
// The values are those of Bitcoin Core's src/kernel/chainparams.cpp and
// src/chainparamsbase.cpp (Core master of early 2026, the v31 cycle, for the
// minimum chain work, assume-valid block and seeds).
type Params struct {
	// Name is Bitcoin Core's chain name: "main", "test", "testnet4",
	// "signet" or "regtest".
	Name string

	// NetMagic is the message start: the four bytes that begin every P2P
	// message and every record in blk*.dat files, in wire order.
	NetMagic [4]byte

	// DefaultPort is the default P2P listening port.
	DefaultPort uint16
	// DefaultRPCPort is the default JSON-RPC port (chainparamsbase.cpp).
	DefaultRPCPort uint16

	// PubKeyHashAddrID is the Base58Check version byte of P2PKH addresses.
	PubKeyHashAddrID byte
	// ScriptHashAddrID is the Base58Check version byte of P2SH addresses.
	ScriptHashAddrID byte
	// PrivateKeyID is the Base58Check version byte of WIF private keys.
	PrivateKeyID byte

	// Bech32HRP is the human-readable part of segwit (Bech32/Bech32m)
	// addresses, lower case.
	Bech32HRP string

	// HDPrivateKeyID and HDPublicKeyID are the BIP32 extended-key version
	// bytes (xprv/xpub on mainnet, tprv/tpub elsewhere).
	HDPrivateKeyID [4]byte
	HDPublicKeyID  [4]byte

	// SignetChallenge is the signet block challenge script (nil on other
	// networks). NetMagic of a signet is the first four bytes of
	// SHA256d(CompactSize(len) || challenge). A non-nil challenge is what
	// makes a network a signet: blocks must carry a BIP325 solution.
	SignetChallenge []byte

	// GenesisBlock is the network's first block, built from its parameters
	// exactly as Core's CreateGenesisBlock does; GenesisHash is its hash.
	GenesisBlock *primitives.Block
	GenesisHash  chainhash.Hash

	// PowLimit is the highest (easiest) target a block may claim; PowLimitBits
	// is its compact form, the bits of a minimum-difficulty block.
	PowLimit     uint256.Int
	PowLimitBits uint32
	// PowTargetTimespan is the time a difficulty period should take, and
	// PowTargetSpacing the time a block should take, in seconds. Their
	// quotient is the difficulty adjustment interval (2016 on mainnet).
	PowTargetTimespan int64
	PowTargetSpacing  int64
	// PowAllowMinDifficultyBlocks enables the testnet rule: a block whose
	// timestamp is more than twice the target spacing after its parent's may
	// use PowLimitBits.
	PowAllowMinDifficultyBlocks bool
	// PowNoRetargeting keeps the difficulty fixed (regtest).
	PowNoRetargeting bool
	// EnforceBIP94 enables testnet4's rules: retarget from the bits of the
	// first block of the period, and the timewarp rule on the first block of
	// each period.
	EnforceBIP94 bool

	// SubsidyHalvingInterval is the number of blocks between subsidy
	// halvings (210,000; 150 on regtest).
	SubsidyHalvingInterval int32

	// ScriptFlagExceptions lists the historical blocks validated with fewer
	// script rules than the always-on P2SH, WITNESS and TAPROOT (Core's
	// script_flag_exceptions): the BIP16 exception block on mainnet and
	// testnet3 and the taproot exception block on mainnet.
	ScriptFlagExceptions []ScriptFlagException

	// BIP34Height is the first height whose coinbase must start with the
	// serialized height (and whose version must be at least 2); BIP34Hash
	// is the hash of the block at that height (zero where unknown), which
	// lets a node skip BIP30 checks on the chain that contains it.
	BIP34Height int32
	BIP34Hash   chainhash.Hash
	// BIP65Height is the first height enforcing OP_CHECKLOCKTIMEVERIFY (and
	// version >= 4).
	BIP65Height int32
	// BIP66Height is the first height enforcing strict DER signatures (and
	// version >= 3).
	BIP66Height int32
	// CSVHeight is the first height enforcing BIP68, BIP112 and BIP113.
	CSVHeight int32
	// SegwitHeight is the first height enforcing BIP141/143/147 (witness
	// commitments and NULLDUMMY; the WITNESS script flag itself is on from
	// genesis).
	SegwitHeight int32
	// TaprootHeight is the height at which BIP341/342 activated by
	// deployment (709632 on mainnet; 0 where Core's chainparams make it
	// always active). It is informational: as in Core, the TAPROOT script
	// flag is applied to every block except the listed exception block.
	TaprootHeight int32

	// CoinbaseMaturity is the number of confirmations a coinbase output
	// needs before it can be spent (100). Tests may lower it (btcd's reorg
	// blocks need 1).
	CoinbaseMaturity int32

	// MinimumChainWork is the least total work a header chain must show
	// before a node downloads its blocks (zero on regtest).
	MinimumChainWork uint256.Int
	// DefaultAssumeValid is the block whose ancestors' scripts a node may
	// skip verifying by default (zero: verify everything).
	DefaultAssumeValid chainhash.Hash

	// Checkpoints are the historical block hashes Core shipped up to v29
	// (Core v30 removed the checkpoint rule; nothing in consensus enforces
	// these). Sorted by height.
	Checkpoints []Checkpoint

	// PruneAfterHeight is the height below which a pruning node keeps
	// everything (Core's nPruneAfterHeight).
	PruneAfterHeight int32

	// DNSSeeds are the DNS seed host names Core queries for peers; empty on
	// regtest.
	DNSSeeds []string
	// FixedSeeds are peer addresses ("host:port", IPv4 or bracketed IPv6)
	// to try when the DNS seeds give nothing. See seeds.go for where they
	// come from.
	FixedSeeds []string
}

// ScriptFlagException names a block validated with only some of the
// always-on script flags (Core's script_flag_exceptions). The booleans say
// which of P2SH, WITNESS and TAPROOT apply in that block; the height-based
// flags (DERSIG, CLTV, CSV, NULLDUMMY) are added as usual.
type ScriptFlagException struct {
	BlockHash chainhash.Hash
	P2SH      bool
	Witness   bool
	Taproot   bool
}

// Checkpoint is a known block at a height.
type Checkpoint struct {
	Height int32
	Hash   chainhash.Hash
}

// DifficultyAdjustmentInterval returns the number of blocks in a difficulty
// period: PowTargetTimespan / PowTargetSpacing (2016; 144 on regtest).
//
// This function is safe for concurrent access.
func (p *Params) DifficultyAdjustmentInterval() int32 {
	return int32(p.PowTargetTimespan / p.PowTargetSpacing)
}

// IsSignet reports whether blocks of this network carry a BIP325 signet
// solution.
//
// This function is safe for concurrent access.
func (p *Params) IsSignet() bool { return p.SignetChallenge != nil }

// Base58 and BIP32 prefixes shared by every test network.
const (
	testPubKeyHashAddrID = 111 // 'm' or 'n'
	testScriptHashAddrID = 196 // '2'
	testPrivateKeyID     = 239 // 'c' or '9'
)

var (
	testHDPrivateKeyID = [4]byte{0x04, 0x35, 0x83, 0x94} // tprv
	testHDPublicKeyID  = [4]byte{0x04, 0x35, 0x87, 0xcf} // tpub
)

// defaultSignetChallenge returns the 1-of-2 multisig challenge of the default
// (global) signet, as in Core's SigNetParams.
func defaultSignetChallenge() []byte {
	return []byte{
		0x51, 0x21, 0x03, 0xad, 0x5e, 0x0e, 0xda, 0xd1, 0x8c, 0xb1, 0xf0, 0xfc,
		0x0d, 0x28, 0xa3, 0xd4, 0xf1, 0xf3, 0xe4, 0x45, 0x64, 0x03, 0x37, 0x48,
		0x9a, 0xbb, 0x10, 0x40, 0x4f, 0x2d, 0x1e, 0x08, 0x6b, 0xe4, 0x30, 0x21,
		0x03, 0x59, 0xef, 0x50, 0x21, 0x96, 0x4f, 0xe2, 0x2d, 0x6f, 0x8e, 0x05,
		0xb2, 0x46, 0x3c, 0x95, 0x40, 0xce, 0x96, 0x88, 0x3f, 0xe3, 0xb2, 0x78,
		0x76, 0x0f, 0x04, 0x8f, 0x51, 0x89, 0xf2, 0xe6, 0xc4, 0x52, 0xae,
	}
}

// Proof-of-work limits.
const (
	powLimitMain    = "00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	powLimitSignet  = "00000377ae000000000000000000000000000000000000000000000000000000"
	powLimitRegTest = "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
)

const twoWeeks = 14 * 24 * 60 * 60

// MainNet returns fresh parameters for Bitcoin mainnet.
//
// This function is safe for concurrent access.
func MainNet() *Params {
	p := &Params{
		Name:             NameMain,
		NetMagic:         [4]byte{0xf9, 0xbe, 0xb4, 0xd9},
		DefaultPort:      8333,
		DefaultRPCPort:   8332,
		PubKeyHashAddrID: 0,   // '1'
		ScriptHashAddrID: 5,   // '3'
		PrivateKeyID:     128, // '5', 'K' or 'L'
		Bech32HRP:        "bc",
		HDPrivateKeyID:   [4]byte{0x04, 0x88, 0xad, 0xe4}, // xprv
		HDPublicKeyID:    [4]byte{0x04, 0x88, 0xb2, 0x1e}, // xpub

		PowLimit:               mustU256(powLimitMain),
		PowLimitBits:           0x1d00ffff,
		PowTargetTimespan:      twoWeeks,
		PowTargetSpacing:       10 * 60,
		SubsidyHalvingInterval: 210000,
		ScriptFlagExceptions: []ScriptFlagException{
			// BIP16 exception: the one block that violates P2SH.
			{BlockHash: mustHash("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22")},
			// Taproot exception: the one block that violates taproot.
			{BlockHash: mustHash("0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"), P2SH: true, Witness: true},
		},
		BIP34Height:        227931,
		BIP34Hash:          mustHash("000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8"),
		BIP65Height:        388381, // 000000000000000004c2b624ed5d7756c508d90fd0da2c7c679febfa6c4735f0
		BIP66Height:        363725, // 00000000000000000379eaa19dce8c9b722d46ae6a57c2f1a988119488b50931
		CSVHeight:          419328, // 000000000000000004a1b34462cb8aeebd5799177f7a29cf28f2d1961716b5b5
		SegwitHeight:       481824, // 0000000000000000001c8018d9cb3b742ef25114f27563e3fc4a1902167f9893
		TaprootHeight:      709632,
		CoinbaseMaturity:   DefaultCoinbaseMaturity,
		MinimumChainWork:   mustU256("0000000000000000000000000000000000000001128750f82f4c366153a3a030"),
		DefaultAssumeValid: mustHash("00000000000000000000ccebd6d74d9194d8dcdc1d177c478e094bfad51ba5ac"), // 938343
		Checkpoints:        mainNetCheckpoints(),
		PruneAfterHeight:   100000,
		DNSSeeds:           mainNetDNSSeeds(),
		FixedSeeds:         mainNetFixedSeeds(),
	}
	p.setGenesis(satoshiGenesis(1231006505, 2083236893, 0x1d00ffff))
	return p
}

// TestNet3 returns fresh parameters for testnet3 (Core's "test").
//
// This function is safe for concurrent access.
func TestNet3() *Params {
	p := &Params{
		Name:             NameTestNet3,
		NetMagic:         [4]byte{0x0b, 0x11, 0x09, 0x07},
		DefaultPort:      18333,
		DefaultRPCPort:   18332,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "tb",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,

		PowLimit:                    mustU256(powLimitMain),
		PowLimitBits:                0x1d00ffff,
		PowTargetTimespan:           twoWeeks,
		PowTargetSpacing:            10 * 60,
		PowAllowMinDifficultyBlocks: true,
		SubsidyHalvingInterval:      210000,
		ScriptFlagExceptions: []ScriptFlagException{
			// BIP16 exception.
			{BlockHash: mustHash("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105")},
		},
		BIP34Height:   21111,
		BIP34Hash:     mustHash("0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8"),
		BIP65Height:   581885, // 00000000007f6655f22f98e72ed80d8b06dc761d5da09df0fa1dc4be4f861eb6
		BIP66Height:   330776, // 000000002104c8c45e99a8853285a3b592602a3ccde2b832481da85e9e4ba182
		CSVHeight:     770112, // 00000000025e930139bac5c6c31a403776da130831ab85be56578f3fa75369bb
		SegwitHeight:  834624, // 00000000002b980fcd729daaa248fd9316a5200e9b367f4ff2c42453e84201ca
		TaprootHeight: 2011968,
		// Core: MinBIP9WarningHeight 2013984 = taproot activation + 2016.
		CoinbaseMaturity:   DefaultCoinbaseMaturity,
		MinimumChainWork:   mustU256("0000000000000000000000000000000000000000000017dde1c649f3708d14b6"),
		DefaultAssumeValid: mustHash("000000007a61e4230b28ac5cb6b5e5a0130de37ac1faf2f8987d2fa6505b67f4"), // 4842348
		Checkpoints: []Checkpoint{
			{546, mustHash("000000002a936ca763904c3c35fce2f3556c559c0214345d31b1bcebf76acb70")},
		},
		PruneAfterHeight: 1000,
		DNSSeeds:         testNet3DNSSeeds(),
		FixedSeeds:       testNet3FixedSeeds(),
	}
	p.setGenesis(satoshiGenesis(1296688602, 414098458, 0x1d00ffff))
	return p
}

// TestNet4 returns fresh parameters for testnet4 (BIP94).
//
// This function is safe for concurrent access.
func TestNet4() *Params {
	p := &Params{
		Name:             NameTestNet4,
		NetMagic:         [4]byte{0x1c, 0x16, 0x3f, 0x28},
		DefaultPort:      48333,
		DefaultRPCPort:   48332,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "tb",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,

		PowLimit:                    mustU256(powLimitMain),
		PowLimitBits:                0x1d00ffff,
		PowTargetTimespan:           twoWeeks,
		PowTargetSpacing:            10 * 60,
		PowAllowMinDifficultyBlocks: true,
		EnforceBIP94:                true,
		SubsidyHalvingInterval:      210000,
		BIP34Height:                 1,
		BIP65Height:                 1,
		BIP66Height:                 1,
		CSVHeight:                   1,
		SegwitHeight:                1,
		TaprootHeight:               0, // always active
		CoinbaseMaturity:            DefaultCoinbaseMaturity,
		MinimumChainWork:            mustU256("0000000000000000000000000000000000000000000009a0fe15d0177d086304"),
		DefaultAssumeValid:          mustHash("0000000002368b1e4ee27e2e85676ae6f9f9e69579b29093e9a82c170bf7cf8a"), // 123613
		PruneAfterHeight:            1000,
		DNSSeeds:                    testNet4DNSSeeds(),
		FixedSeeds:                  testNet4FixedSeeds(),
	}
	p.setGenesis(createGenesisBlock(
		"03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e",
		testNet4GenesisOutputScript(), 1714777860, 393743547, 0x1d00ffff))
	return p
}

// SigNet returns fresh parameters for the default signet (BIP325). For a
// custom signet use CustomSigNet.
//
// This function is safe for concurrent access.
func SigNet() *Params {
	p := newSigNet(defaultSignetChallenge())
	p.MinimumChainWork = mustU256("00000000000000000000000000000000000000000000000000000b463ea0a4b8")
	p.DefaultAssumeValid = mustHash("00000008414aab61092ef93f1aacc54cf9e9f16af29ddad493b908a01ff5c329") // 293175
	p.DNSSeeds = sigNetDNSSeeds()
	p.FixedSeeds = sigNetFixedSeeds()
	return p
}

// CustomSigNet returns fresh parameters for a signet with the given block
// challenge, as Core's -signetchallenge: the message start is derived from
// the challenge, and there are no seeds, minimum chain work or assume-valid
// block. The challenge is copied.
//
// This function is safe for concurrent access.
func CustomSigNet(challenge []byte) *Params {
	return newSigNet(append([]byte{}, challenge...))
}

func newSigNet(challenge []byte) *Params {
	p := &Params{
		Name:             NameSigNet,
		NetMagic:         signetMagic(challenge),
		DefaultPort:      38333,
		DefaultRPCPort:   38332,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "tb",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,
		SignetChallenge:  challenge,

		PowLimit:               mustU256(powLimitSignet),
		PowLimitBits:           0x1e0377ae,
		PowTargetTimespan:      twoWeeks,
		PowTargetSpacing:       10 * 60,
		SubsidyHalvingInterval: 210000,
		BIP34Height:            1,
		BIP65Height:            1,
		BIP66Height:            1,
		CSVHeight:              1,
		SegwitHeight:           1,
		TaprootHeight:          0, // always active
		CoinbaseMaturity:       DefaultCoinbaseMaturity,
		PruneAfterHeight:       1000,
	}
	p.setGenesis(satoshiGenesis(1598918400, 52613770, 0x1e0377ae))
	return p
}

// signetMagic is the first four bytes of SHA256d of the serialized
// challenge (CompactSize length, then the script).
func signetMagic(challenge []byte) [4]byte {
	ser := primitives.AppendCompactSize(make([]byte, 0, len(challenge)+9), uint64(len(challenge)))
	h := chainhash.DoubleSHA256(append(ser, challenge...))
	return [4]byte(h[:4])
}

// RegTest returns fresh parameters for regression-test mode. Core's
// -testactivationheight maps to ApplyTestActivationHeight, -test=bip94 to
// setting EnforceBIP94.
//
// This function is safe for concurrent access.
func RegTest() *Params {
	p := &Params{
		Name:             NameRegTest,
		NetMagic:         [4]byte{0xfa, 0xbf, 0xb5, 0xda},
		DefaultPort:      18444,
		DefaultRPCPort:   18443,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "bcrt",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,

		PowLimit:                    mustU256(powLimitRegTest),
		PowLimitBits:                0x207fffff,
		PowTargetTimespan:           24 * 60 * 60, // one day
		PowTargetSpacing:            10 * 60,
		PowAllowMinDifficultyBlocks: true,
		PowNoRetargeting:            true,
		SubsidyHalvingInterval:      150,
		BIP34Height:                 1, // always active unless overridden
		BIP65Height:                 1,
		BIP66Height:                 1,
		CSVHeight:                   1,
		SegwitHeight:                0,
		TaprootHeight:               0, // always active
		CoinbaseMaturity:            DefaultCoinbaseMaturity,
		PruneAfterHeight:            1000,
	}
	p.setGenesis(satoshiGenesis(1296688602, 2, 0x207fffff))
	return p
}

// ByName returns fresh parameters for one of Bitcoin Core's chain names:
// "main", "test" (testnet3), "testnet4", "signet" or "regtest". Any other
// name returns an error wrapping ErrUnknownNetwork.
//
// This function is safe for concurrent access.
func ByName(name string) (*Params, error) {
	switch name {
	case NameMain:
		return MainNet(), nil
	case NameTestNet3:
		return TestNet3(), nil
	case NameTestNet4:
		return TestNet4(), nil
	case NameSigNet:
		return SigNet(), nil
	case NameRegTest:
		return RegTest(), nil
	}
	return nil, makeError(ErrUnknownNetwork, "unknown network %q (want main, test, testnet4, signet or regtest)", name)
}

// Names returns Core's chain names in a fixed order.
//
// This function is safe for concurrent access.
func Names() []string {
	return []string{NameMain, NameTestNet3, NameTestNet4, NameSigNet, NameRegTest}
}

// mainNetCheckpoints are the checkpoints of Core up to v29.
func mainNetCheckpoints() []Checkpoint {
	return []Checkpoint{
		{11111, mustHash("0000000069e244f73d78e8fd29ba2fd2ed618bd6fa2ee92559f542fdb26e7c1d")},
		{33333, mustHash("000000002dd5588a74784eaa7ab0507a18ad16a236e7b1ce69f00d7ddfb5d0a6")},
		{74000, mustHash("0000000000573993a3c9e41ce34471c079dcf5f52a0e824a81e7f953b8661a20")},
		{105000, mustHash("00000000000291ce28027faea320c8d2b054b2e0fe44a773f3eefb151d6bdc97")},
		{134444, mustHash("00000000000005b12ffd4cd315cd34ffd4a594f430ac814c91184a0d42d2b0fe")},
		{168000, mustHash("000000000000099e61ea72015e79632f216fe6cb33d7899acb35b75c8303b763")},
		{193000, mustHash("000000000000059f452a5f7340de6682a977387c17010ff6e6c3bd83ca8b1317")},
		{210000, mustHash("000000000000048b95347e83192f69cf0366076336c639f9b7228e9ba171342e")},
		{216116, mustHash("00000000000001b4f4b433e81ee46494af945cf96014816a4e2370f11b23df4e")},
		{225430, mustHash("00000000000001c108384350f74090433e7fcf79a606b8e797f065b130575932")},
		{250000, mustHash("000000000000003887df1f29024b06fc2200b55f8af8f35453d7be294df2d214")},
		{279000, mustHash("0000000000000001ae8c72a0b0c301f67e3afca10e819efa9041e458e9bd7e40")},
		{295000, mustHash("00000000000000004d9b4ef50f0f9d686fd69db2e03af35a100370c64632a983")},
	}
}

// mustHash parses a constant hash in display order. It panics on a malformed
// constant, a programming error caught by the tests.
func mustHash(s string) chainhash.Hash {
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		panic("chaincfg: bad hash constant " + s)
	}
	return h
}

// mustU256 parses a constant 64-digit big-endian hex number. It panics on a
// malformed constant, a programming error caught by the tests.
func mustU256(s string) uint256.Int {
	if len(s) != 64 {
		panic("chaincfg: bad uint256 constant " + s)
	}
	var b [32]byte
	for i := range b {
		hi, ok1 := hexVal(s[2*i])
		lo, ok2 := hexVal(s[2*i+1])
		if !ok1 || !ok2 {
			panic("chaincfg: bad uint256 constant " + s)
		}
		b[i] = hi<<4 | lo
	}
	var n uint256.Int
	n.SetBytes32(b[:])
	return n
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
