package consensus

import (
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/crypto"
)

// TestSignetSignedChallenge signs a block for a <pubkey> OP_CHECKSIG
// challenge: the signature commits to the block with the solution removed,
// so it is computed from a placeholder solution and then inserted.
func TestSignetSignedChallenge(t *testing.T) {
	priv := secp256k1.PrivKeyFromBytes([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})
	challenge := txscript.AppendPushData(nil, priv.PubKey().SerializeCompressed())
	challenge = append(challenge, txscript.OP_CHECKSIG)
	p := chaincfg.CustomSigNet(challenge)
	rt := chaincfg.RegTest()
	p.PowLimit, p.PowLimitBits = rt.PowLimit, rt.PowLimitBits

	build := func(solution []byte) *primitives.Block {
		b := newBlock(p.GenesisHash, 1598918500, 0x207fffff, coinbaseTx(1, 50*COIN))
		b = addWitnessCommitment(b)
		cb := b.Txs[0]
		pos := primitives.WitnessCommitmentIndex(cb)
		push := append(append([]byte(nil), SignetHeader[:]...), solution...)
		cb.Outputs[pos].ScriptPubKey = txscript.AppendPushData(cb.Outputs[pos].ScriptPubKey, push)
		return remerkle(b)
	}
	solutionFor := func(sig []byte) []byte {
		scriptSig := txscript.AppendPushData(nil, sig)
		sol := primitives.AppendCompactSize(nil, uint64(len(scriptSig)))
		return append(append(sol, scriptSig...), 0) // empty witness stack
	}

	placeholder := build(solutionFor(make([]byte, 71)))
	txs, err := NewSignetTxs(placeholder, challenge)
	if err != nil {
		t.Fatal(err)
	}
	hash := txscript.LegacySignatureHash(challenge, txs.ToSign, 0, uint32(txscript.SigHashAll))
	sig := append(crypto.SignECDSA(priv, hash[:]), byte(txscript.SigHashAll))

	good := build(solutionFor(sig))
	wantRule(t, CheckBlock(good, p, BFNone), "")
	// The signed virtual transactions do not depend on the solution.
	txs2, err := NewSignetTxs(good, challenge)
	if err != nil || txs2.ToSign.Inputs[0].PrevOut != txs.ToSign.Inputs[0].PrevOut {
		t.Fatalf("virtual transactions differ: %v", err)
	}

	bad := append([]byte(nil), sig...)
	bad[10] ^= 1
	wantRule(t, CheckBlock(build(solutionFor(bad)), p, BFNone), ErrBadSignetBlksig)

	// Another block (other time) does not take the same signature.
	other := build(solutionFor(sig))
	other.Header.Timestamp++
	wantRule(t, CheckBlock(solve(other), p, BFNone), ErrBadSignetBlksig)
}
