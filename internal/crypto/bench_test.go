package crypto

import (
	"crypto/sha256"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func benchKey(b *testing.B) (*secp256k1.PrivateKey, [32]byte) {
	b.Helper()
	priv := privFromHex(b, "c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b14e5c9")
	return priv, sha256.Sum256([]byte("benchmark message"))
}

func BenchmarkVerifyECDSA(b *testing.B) {
	priv, hash := benchKey(b)
	pub, err := ParsePubKey(priv.PubKey().SerializeCompressed())
	if err != nil {
		b.Fatal(err)
	}
	sig := SignECDSA(priv, hash[:])
	b.ReportAllocs()
	for b.Loop() {
		if !VerifyECDSA(pub, sig, hash[:]) {
			b.Fatal("verify failed")
		}
	}
}

func BenchmarkParsePubKeyCompressed(b *testing.B) {
	priv, _ := benchKey(b)
	pk := priv.PubKey().SerializeCompressed()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePubKey(pk); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDERSignatureLax(b *testing.B) {
	priv, hash := benchKey(b)
	sig := SignECDSA(priv, hash[:])
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ParseDERSignatureLax(sig); !ok {
			b.Fatal("parse failed")
		}
	}
}

func BenchmarkVerifySchnorr(b *testing.B) {
	priv, hash := benchKey(b)
	pub := SerializeXOnly(priv.PubKey())
	sig, err := SignSchnorr(priv, hash[:], [32]byte{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !VerifySchnorr(pub[:], hash[:], sig[:]) {
			b.Fatal("verify failed")
		}
	}
}

func BenchmarkSignECDSA(b *testing.B) {
	priv, hash := benchKey(b)
	b.ReportAllocs()
	for b.Loop() {
		SignECDSA(priv, hash[:])
	}
}

func BenchmarkSignSchnorr(b *testing.B) {
	priv, hash := benchKey(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SignSchnorr(priv, hash[:], [32]byte{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecoverPubKey(b *testing.B) {
	priv, hash := benchKey(b)
	sig, err := SignRecoverable(priv, hash[:])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RecoverPubKey(hash[:], sig[:]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckTapTweak(b *testing.B) {
	priv, hash := benchKey(b)
	internal := SerializeXOnly(priv.PubKey())
	tweak := TapTweakHash(internal, hash[:])
	q, odd, err := TweakXOnly(internal, tweak)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !CheckTapTweak(internal, q, odd, tweak) {
			b.Fatal("check failed")
		}
	}
}

func BenchmarkKeccak256Reused(b *testing.B) {
	data := make([]byte, 532) // a typical branch node
	st := NewKeccakState()
	var out [32]byte
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		st.Reset()
		st.Write(data)
		st.Read(out[:])
	}
}

func BenchmarkHash160(b *testing.B) {
	data := make([]byte, 33)
	b.ReportAllocs()
	for b.Loop() {
		Hash160(data)
	}
}
