package crypto

import (
	"math/rand"
	"testing"
)

// refIsValidSignatureEncoding states BIP66's rules on a script signature
// that INCLUDES the trailing sighash byte, in the form BIP66 gives them. It
// is the reference IsStrictDER (which takes the signature without that
// byte) is checked against.
func refIsValidSignatureEncoding(sig []byte) bool {
	n := len(sig)
	if n < 9 || n > 73 || sig[0] != 0x30 || int(sig[1]) != n-3 {
		return false
	}
	lenR := int(sig[3])
	if 5+lenR >= n {
		return false
	}
	lenS := int(sig[5+lenR])
	if lenR+lenS+7 != n {
		return false
	}
	if sig[2] != 0x02 || lenR == 0 || sig[4]&0x80 != 0 || (lenR > 1 && sig[4] == 0 && sig[5]&0x80 == 0) {
		return false
	}
	if sig[lenR+4] != 0x02 || lenS == 0 || sig[lenR+6]&0x80 != 0 || (lenS > 1 && sig[lenR+6] == 0 && sig[lenR+7]&0x80 == 0) {
		return false
	}
	return true
}

// TestIsStrictDERMatchesBIP66 compares IsStrictDER with the BIP66 rules on
// mutations of real signatures (each with any sighash byte appended).
func TestIsStrictDERMatchesBIP66(t *testing.T) {
	sigs, _ := wycheproofSeeds()
	priv := privFromHex(t, "0000000000000000000000000000000000000000000000000000000000000007")
	for i := range 64 {
		h := Keccak256([]byte{byte(i)})
		sigs = append(sigs, SignECDSA(priv, h[:]))
	}
	r := rand.New(rand.NewSource(1))
	t.Logf("seed 1, %d base signatures", len(sigs))
	var agreeTrue, n int
	for _, base := range sigs {
		for range 200 {
			sig := append([]byte(nil), base...)
			switch r.Intn(4) {
			case 0: // flip a byte
				if len(sig) > 0 {
					sig[r.Intn(len(sig))] = byte(r.Intn(256))
				}
			case 1: // truncate
				sig = sig[:r.Intn(len(sig)+1)]
			case 2: // extend
				sig = append(sig, byte(r.Intn(256)))
			}
			want := refIsValidSignatureEncoding(append(sig, byte(r.Intn(256))))
			if got := IsStrictDER(sig); got != want {
				t.Fatalf("IsStrictDER(%x) = %v, BIP66 says %v", sig, got, want)
			}
			if want {
				agreeTrue++
			}
			n++
		}
	}
	t.Logf("%d mutated signatures compared (%d strict)", n, agreeTrue)
}
