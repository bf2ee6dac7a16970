package txscript

import "github.com/twinchain/twinchain/internal/chainhash"

// SigCache is the cache of verified signatures the engine consults before
// verifying a signature and fills after a signature verifies. Entries are
// keyed by the signature hash, the signature and the public key, for ECDSA
// and BIP340 Schnorr alike. The node's implementation is package
// internal/btc/sigcache (salted and bounded, as Core's).
//
// Implementations must be safe for concurrent use; a hit must mean that the
// signature was added after it verified.
type SigCache interface {
	Exists(sigHash chainhash.Hash, sig, pubKey []byte) bool
	Add(sigHash chainhash.Hash, sig, pubKey []byte)
}
