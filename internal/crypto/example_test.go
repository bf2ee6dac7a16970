package crypto_test

import (
	"crypto/sha256"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/crypto"
)

// Example signs and verifies with ECDSA (as OP_CHECKSIG does) and BIP340
// Schnorr (as a Taproot key-path spend does).
func Example() {
	priv := secp256k1.PrivKeyFromBytes([]byte{0x42})
	hash := sha256.Sum256([]byte("twinchain"))

	der := crypto.SignECDSA(priv, hash[:])
	pub, err := crypto.ParsePubKey(priv.PubKey().SerializeCompressed())
	if err != nil {
		panic(err)
	}
	fmt.Println("ECDSA:", crypto.IsStrictDER(der), crypto.IsLowS(der), crypto.VerifyECDSA(pub, der, hash[:]))

	internal := crypto.SerializeXOnly(priv.PubKey())
	tweak := crypto.TapTweakHash(internal, nil)
	output, _, err := crypto.TweakXOnly(internal, tweak)
	if err != nil {
		panic(err)
	}
	signer, err := crypto.TweakPrivKeyTaproot(priv, tweak)
	if err != nil {
		panic(err)
	}
	sig, err := crypto.SignSchnorr(signer, hash[:], [32]byte{})
	if err != nil {
		panic(err)
	}
	fmt.Println("Schnorr:", crypto.VerifySchnorr(output[:], hash[:], sig[:]))

	// Output:
	// ECDSA: true true true
	// Schnorr: true
}
