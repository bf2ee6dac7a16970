package btcdbench

import (
	"bytes"
	"compress/bzip2"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func testdataDir(tb testing.TB) string {
	if d := os.Getenv("TWINCHAIN_TESTDATA"); d != "" {
		return d
	}
	d, _ := filepath.Abs("../../../shared/testdata")
	if _, err := os.Stat(d); err != nil {
		tb.Skipf("no test vectors at %s", d)
	}
	return d
}

func readFile(tb testing.TB, rel ...string) []byte {
	tb.Helper()
	p := filepath.Join(append([]string{testdataDir(tb)}, rel...)...)
	f, err := os.Open(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if filepath.Ext(p) == ".bz2" {
		r = bzip2.NewReader(f)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func BenchmarkDecodeBlock413567(b *testing.B) {
	raw := readFile(b, "bitcoin-core", "block413567.raw")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var blk wire.MsgBlock
		if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
		// twinchain's DecodeBlock also yields every txid; do the same.
		for _, tx := range blk.Transactions {
			_ = tx.TxHash()
		}
	}
}

// BenchmarkDecodeBlock413567NoTxids is btcd's decode alone, for reference.
func BenchmarkDecodeBlock413567NoTxids(b *testing.B) {
	raw := readFile(b, "bitcoin-core", "block413567.raw")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var blk wire.MsgBlock
		if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

type input277647 struct {
	tx     *wire.MsgTx
	idx    int
	pkript []byte
	amount int64
	fetch  txscript.PrevOutputFetcher
}

// load277647 builds btcd's view of block 277647 and the coins it spends.
func load277647(b *testing.B) []input277647 {
	rec := readFile(b, "btcd", "blockchain", "277647.dat.bz2")
	raw := rec[8 : 8+binary.LittleEndian.Uint32(rec[4:8])]
	var blk wire.MsgBlock
	if err := blk.Deserialize(bytes.NewReader(raw)); err != nil {
		b.Fatal(err)
	}
	store := readFile(b, "btcd", "blockchain", "277647.utxostore.bz2")
	prev := make(map[wire.OutPoint]*wire.TxOut)
	for len(store) > 0 {
		var op wire.OutPoint
		copy(op.Hash[:], store[:32])
		op.Index = binary.LittleEndian.Uint32(store[32:36])
		n := binary.LittleEndian.Uint32(store[36:40])
		c, _, err := primitives.DecodeCoin(store[40 : 40+n])
		if err != nil {
			b.Fatal(err)
		}
		prev[op] = wire.NewTxOut(c.Out.Value, c.Out.ScriptPubKey)
		store = store[40+n:]
	}
	for _, tx := range blk.Transactions {
		h := tx.TxHash()
		for i, out := range tx.TxOut {
			if _, ok := prev[wire.OutPoint{Hash: h, Index: uint32(i)}]; !ok {
				prev[wire.OutPoint{Hash: h, Index: uint32(i)}] = out
			}
		}
	}
	fetch := txscript.NewMultiPrevOutFetcher(prev)
	var ins []input277647
	for _, tx := range blk.Transactions[1:] {
		for i, in := range tx.TxIn {
			out := prev[in.PreviousOutPoint]
			ins = append(ins, input277647{tx: tx, idx: i, pkript: out.PkScript, amount: out.Value, fetch: fetch})
		}
	}
	return ins
}

func verifyInput(in *input277647) error {
	vm, err := txscript.NewEngine(in.pkript, in.tx, in.idx, txscript.ScriptBip16, nil, nil, in.amount, in.fetch)
	if err != nil {
		return err
	}
	return vm.Execute()
}

func BenchmarkVerifyBlock277647Serial(b *testing.B) {
	ins := load277647(b)
	b.ReportAllocs()
	for b.Loop() {
		for k := range ins {
			if err := verifyInput(&ins[k]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkVerifyBlock277647Parallel uses the same scheme as twinchain's
// scriptcheck: GOMAXPROCS workers pulling inputs from a shared counter.
func BenchmarkVerifyBlock277647Parallel(b *testing.B) {
	ins := load277647(b)
	b.ReportAllocs()
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					k := next.Add(1) - 1
					if k >= int64(len(ins)) {
						return
					}
					if err := verifyInput(&ins[k]); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

func benchKey() (*btcec.PrivateKey, [32]byte) {
	seed := sha256.Sum256([]byte("twinchain benchmark key"))
	priv, _ := btcec.PrivKeyFromBytes(seed[:])
	return priv, sha256.Sum256([]byte("twinchain benchmark message"))
}

// BenchmarkVerifyECDSA parses a DER signature and verifies it against a
// parsed public key, the work twinchain's crypto.VerifyECDSA does.
func BenchmarkVerifyECDSA(b *testing.B) {
	priv, msg := benchKey()
	der := ecdsa.Sign(priv, msg[:]).Serialize()
	pub := priv.PubKey()
	for b.Loop() {
		sig, err := ecdsa.ParseDERSignature(der)
		if err != nil || !sig.Verify(msg[:], pub) {
			b.Fatal("verify failed")
		}
	}
}

// BenchmarkVerifySchnorr verifies a BIP340 signature from its 64 bytes and a
// 32-byte x-only key, the work twinchain's crypto.VerifySchnorr does.
func BenchmarkVerifySchnorr(b *testing.B) {
	priv, msg := benchKey()
	sig, err := schnorr.Sign(priv, msg[:])
	if err != nil {
		b.Fatal(err)
	}
	raw := sig.Serialize()
	xonly := schnorr.SerializePubKey(priv.PubKey())
	for b.Loop() {
		pk, err := schnorr.ParsePubKey(xonly)
		if err != nil {
			b.Fatal(err)
		}
		s, err := schnorr.ParseSignature(raw)
		if err != nil || !s.Verify(msg[:], pk) {
			b.Fatal("verify failed")
		}
	}
}
