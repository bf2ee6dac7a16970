package chaincfg

// Core's chain names (ChainTypeToString), used by ByName and Params.Name.
const (
	NameMain     = "main"
	NameTestNet3 = "test"
	NameTestNet4 = "testnet4"
	NameSigNet   = "signet"
	NameRegTest  = "regtest"
)

// Params describes one Bitcoin network. A Params is a value owned by whoever
// called the constructor; nothing in this package keeps a reference to it.
//
// The struct grows in the "chain state" issue (genesis block, proof of work,
// subsidy, BIP heights, deployments).
type Params struct {
	// Name is Bitcoin Core's chain name: "main", "test", "testnet4",
	// "signet" or "regtest".
	Name string

	// NetMagic is the message start: the four bytes that begin every P2P
	// message and every record in blk*.dat files, in wire order.
	NetMagic [4]byte

	// DefaultPort is the default P2P listening port.
	DefaultPort uint16

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
	// SHA256d(CompactSize(len) || challenge).
	SignetChallenge []byte
}

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

// MainNet returns fresh parameters for Bitcoin mainnet.
//
// This function is safe for concurrent access.
func MainNet() *Params {
	return &Params{
		Name:             NameMain,
		NetMagic:         [4]byte{0xf9, 0xbe, 0xb4, 0xd9},
		DefaultPort:      8333,
		PubKeyHashAddrID: 0,   // '1'
		ScriptHashAddrID: 5,   // '3'
		PrivateKeyID:     128, // '5', 'K' or 'L'
		Bech32HRP:        "bc",
		HDPrivateKeyID:   [4]byte{0x04, 0x88, 0xad, 0xe4}, // xprv
		HDPublicKeyID:    [4]byte{0x04, 0x88, 0xb2, 0x1e}, // xpub
	}
}

// TestNet3 returns fresh parameters for testnet3 (Core's "test").
//
// This function is safe for concurrent access.
func TestNet3() *Params {
	return &Params{
		Name:             NameTestNet3,
		NetMagic:         [4]byte{0x0b, 0x11, 0x09, 0x07},
		DefaultPort:      18333,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "tb",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,
	}
}

// TestNet4 returns fresh parameters for testnet4 (BIP94).
//
// This function is safe for concurrent access.
func TestNet4() *Params {
	return &Params{
		Name:             NameTestNet4,
		NetMagic:         [4]byte{0x1c, 0x16, 0x3f, 0x28},
		DefaultPort:      48333,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "tb",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,
	}
}

// SigNet returns fresh parameters for the default signet (BIP325). A custom
// signet changes SignetChallenge and NetMagic together.
//
// This function is safe for concurrent access.
func SigNet() *Params {
	return &Params{
		Name:             NameSigNet,
		NetMagic:         [4]byte{0x0a, 0x03, 0xcf, 0x40},
		DefaultPort:      38333,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "tb",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,
		SignetChallenge:  defaultSignetChallenge(),
	}
}

// RegTest returns fresh parameters for regression-test mode.
//
// This function is safe for concurrent access.
func RegTest() *Params {
	return &Params{
		Name:             NameRegTest,
		NetMagic:         [4]byte{0xfa, 0xbf, 0xb5, 0xda},
		DefaultPort:      18444,
		PubKeyHashAddrID: testPubKeyHashAddrID,
		ScriptHashAddrID: testScriptHashAddrID,
		PrivateKeyID:     testPrivateKeyID,
		Bech32HRP:        "bcrt",
		HDPrivateKeyID:   testHDPrivateKeyID,
		HDPublicKeyID:    testHDPublicKeyID,
	}
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
