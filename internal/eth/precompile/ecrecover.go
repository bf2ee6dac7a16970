package precompile

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/crypto"
)

// ecrecoverGas is the flat price of ECRecover.
const ecrecoverGas = 3000

// ECRecover is the contract at 0x01: secp256k1 public-key recovery. The
// input, right-padded with zeros to 128 bytes (longer input is ignored past
// 128), is hash (32) || v (32) || r (32) || s (32). The output is the
// 20-byte address of the recovered key, left-padded to 32 bytes.
//
// v must be 27 or 28 as a 32-byte big-endian word; r and s must be in
// [1, N-1] (high s is accepted: the EIP-2 rule applies to transactions
// only). Any invalid input, or a signature from which no key can be
// recovered, gives an empty output and no error: the call succeeds.
// 3000 gas.
type ECRecover struct{}

// RequiredGas returns 3000.
//
// This function is safe for concurrent access and does not allocate.
func (ECRecover) RequiredGas([]byte) uint64 { return ecrecoverGas }

// Run recovers the signer's address, or returns an empty output when the
// signature is invalid. It never returns an error.
//
// This function is safe for concurrent access.
func (ECRecover) Run(input []byte) ([]byte, error) {
	var in [128]byte
	copy(in[:], input)
	// v is a 32-byte word that must be 27 or 28.
	if [31]byte(in[32:63]) != [31]byte{} {
		return nil, nil
	}
	v := in[63] - 27
	if !crypto.ValidateSignatureValues(v, in[64:96], in[96:128], false) {
		return nil, nil
	}
	var sig [crypto.RecoverableSigLen]byte
	copy(sig[:64], in[64:128])
	sig[64] = v
	pub, err := crypto.RecoverPubKey(in[:32], sig[:])
	if err != nil {
		return nil, nil
	}
	var p secp256k1.JacobianPoint
	pub.AsJacobian(&p)
	p.X.Normalize()
	p.Y.Normalize()
	var xy [64]byte
	p.X.PutBytesUnchecked(xy[:32])
	p.Y.PutBytesUnchecked(xy[32:])
	h := crypto.Keccak256(xy[:])
	out := make([]byte, 32)
	copy(out[12:], h[12:])
	return out, nil
}
