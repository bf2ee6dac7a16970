package ethtypes

import (
	"testing"
)

// benchDynamicFeeTx returns a signed EIP-1559 transaction with a small
// calldata and access list, a typical mainnet shape.
func benchDynamicFeeTx(b *testing.B) *Transaction {
	b.Helper()
	tx, err := SignTx(NewTx(sampleTxs(b)["dynamic fee"]), LatestSigner(1), mustPrivKey(b, testKey))
	if err != nil {
		b.Fatal(err)
	}
	return tx
}

func BenchmarkDecodeDynamicFeeTx(b *testing.B) {
	enc := benchDynamicFeeTx(b).EncodedBytes()
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeTx(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeLegacyTx(b *testing.B) {
	tx, err := SignTx(NewTx(sampleTxs(b)["legacy"]), NewEIP155Signer(1), mustPrivKey(b, testKey))
	if err != nil {
		b.Fatal(err)
	}
	enc := tx.EncodedBytes()
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeTx(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSenderDynamicFeeTx recovers the sender without the cache.
func BenchmarkSenderDynamicFeeTx(b *testing.B) {
	tx := benchDynamicFeeTx(b)
	signer := LatestSigner(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := signer.Sender(tx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSigningHashDynamicFeeTx(b *testing.B) {
	tx := benchDynamicFeeTx(b)
	signer := LatestSigner(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := signer.SigningHash(tx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewTxDynamicFee(b *testing.B) {
	d := benchDynamicFeeTx(b).TxData()
	b.ReportAllocs()
	for b.Loop() {
		NewTx(d)
	}
}

func BenchmarkCreateAddress(b *testing.B) {
	sender := Address{1, 2, 3}
	b.ReportAllocs()
	for b.Loop() {
		CreateAddress(sender, 123456)
	}
}

func BenchmarkAddressHex(b *testing.B) {
	a := Address{1, 2, 3, 0xab, 0xcd}
	b.ReportAllocs()
	for b.Loop() {
		_ = a.Hex()
	}
}
