package ethchain

import (
	"github.com/cosmos/go-bip39"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Dev network parameters (as Hardhat's and anvil's).
const (
	// DevChainID is the chain id of the built-in dev network.
	DevChainID = 1337
	// DevGasLimit is the dev network's genesis gas limit.
	DevGasLimit = 30_000_000
	// DevMnemonic is the standard test mnemonic whose accounts the dev
	// genesis funds.
	DevMnemonic = "test test test test test test test test test test test junk"
	// DevAccountCount is how many accounts the dev genesis funds.
	DevAccountCount = 20
)

// DevAccountBalance is each dev account's genesis balance: 10,000 ether.
var DevAccountBalance = func() uint256.Int {
	var v uint256.Int
	v.Mul(uint256.NewInt(10_000), uint256.NewInt(1e18))
	return v
}()

// DevAccount is an account derived from the dev mnemonic.
type DevAccount struct {
	Address    ethtypes.Address
	PrivateKey [32]byte
}

// DevAccounts derives the first n accounts of DevMnemonic at BIP44's
// Ethereum path m/44'/60'/0'/0/i (BIP39 seed with an empty passphrase,
// BIP32 private derivation): the well-known Hardhat/anvil accounts, the
// first being 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
//
// This function is safe for concurrent access.
func DevAccounts(n int) ([]DevAccount, error) {
	return MnemonicAccounts(DevMnemonic, "", n)
}

// MnemonicAccounts derives the first n accounts of a BIP39 mnemonic (the
// words are not checked against the word list) and passphrase at
// m/44'/60'/0'/0/i.
//
// This function is safe for concurrent access.
func MnemonicAccounts(mnemonic, passphrase string, n int) ([]DevAccount, error) {
	seed := bip39.NewSeed(mnemonic, passphrase)
	const h = crypto.HardenedKeyStart
	out := make([]DevAccount, n)
	for i := range out {
		priv, err := crypto.DeriveHDPrivate(seed, []uint32{h + 44, h + 60, h + 0, 0, uint32(i)})
		if err != nil {
			return nil, err
		}
		key := secp256k1.PrivKeyFromBytes(priv[:])
		out[i] = DevAccount{Address: ethtypes.PubkeyToAddress(key.PubKey()), PrivateKey: priv}
		key.Zero()
	}
	return out, nil
}

// DevChainConfig returns the dev network's configuration: chain id 1337,
// every block-numbered fork through Gray Glacier at block 0 and Shanghai
// and Cancun at time 0 (with the Cancun blob schedule), proof of work
// (Ethash), no terminal total difficulty — the chain never merges. Such a
// chain runs Shanghai's and Cancun's execution rules and header fields
// (withdrawals root of an empty list, blob gas fields, a zero parent
// beacon root) on proof-of-work blocks with a non-zero difficulty, uncles
// and block rewards: see HeaderRules. Each call returns a fresh copy.
//
// This function is safe for concurrent access.
func DevChainConfig() *ethparams.ChainConfig {
	zero := func() *uint64 { v := uint64(0); return &v }
	bc := ethparams.DefaultCancunBlobConfig
	return &ethparams.ChainConfig{
		ChainID:             DevChainID,
		HomesteadBlock:      zero(),
		EIP150Block:         zero(),
		EIP155Block:         zero(),
		EIP158Block:         zero(),
		ByzantiumBlock:      zero(),
		ConstantinopleBlock: zero(),
		PetersburgBlock:     zero(),
		IstanbulBlock:       zero(),
		MuirGlacierBlock:    zero(),
		BerlinBlock:         zero(),
		LondonBlock:         zero(),
		ArrowGlacierBlock:   zero(),
		GrayGlacierBlock:    zero(),
		ShanghaiTime:        zero(),
		CancunTime:          zero(),
		BlobSchedule:        &ethparams.BlobScheduleConfig{Cancun: &bc},
		Ethash:              &ethparams.EthashConfig{},
		DevBalanceEdits:     true,
	}
}

// DevGenesis returns the dev network's genesis: DevChainConfig, gas limit
// DevGasLimit, base fee 1 gwei, difficulty 1 (the dev engine's; an Ethash
// dev network may set its own), timestamp 0, and DevAccountBalance for
// each of the DevAccountCount DevAccounts.
//
// This function is safe for concurrent access.
func DevGenesis() (*Genesis, error) {
	accts, err := DevAccounts(DevAccountCount)
	if err != nil {
		return nil, err
	}
	g := &Genesis{
		Config:     DevChainConfig(),
		GasLimit:   DevGasLimit,
		Difficulty: uint256.NewInt(1),
		BaseFee:    uint256.NewInt(InitialBaseFee),
		ExtraData:  []byte("twinchain dev"),
		Alloc:      make(map[ethtypes.Address]GenesisAccount, len(accts)),
	}
	for _, a := range accts {
		g.Alloc[a.Address] = GenesisAccount{Balance: DevAccountBalance}
	}
	return g, nil
}
