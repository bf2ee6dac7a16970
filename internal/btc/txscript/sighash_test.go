package txscript

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

func mustTx(t testing.TB, s string) *primitives.Tx {
	t.Helper()
	tx, err := primitives.DecodeTx(mustHex(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// TestWitnessV0SignatureHashBIP143 checks the worked examples of BIP143.
func TestWitnessV0SignatureHashBIP143(t *testing.T) {
	const (
		p2wpkhTx    = "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000"
		p2shP2wpkh  = "0100000001db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a54770100000000feffffff02b8b4eb0b000000001976a914a457b684d7f0d539a46a45bbc043f35b59d0d96388ac0008af2f000000001976a914fd270b1ee6abcaea97fea7ad0402e8bd8ad6d77c88ac92040000"
		p2wshTx     = "0100000002fe3dc9208094f3ffd12645477b3dc56f60ec4fa8e6f5d67c565d1c6b9216b36e0000000000ffffffff0815cf020f013ed6cf91d29f4202e8a58726b1ac6c79da47c23d1bee0a6925f80000000000ffffffff0100f2052a010000001976a914a30741f8145e5acadf23f751864167f32e0963f788ac00000000"
		acpTx       = "0100000002e9b542c5176808107ff1df906f46bb1f2583b16112b95ee5380665ba7fcfc0010000000000ffffffff80e68831516392fcd100d186b3c2c7b95c80b53c77e77c35ba03a66b429a2a1b0000000000ffffffff0280969800000000001976a914de4b231626ef508c9a74a8517e6783c0546d6b2888ac80969800000000001976a9146648a8cd4531e1ec47f35916de8e259237294d1e88ac00000000"
		multisigTx  = "010000000136641869ca081e70f394c6948e8af409e18b619df2ed74aa106c1ca29787b96e0100000000ffffffff0200e9a435000000001976a914389ffce9cd9ae88dcc0631e88a821ffdbe9bfe2688acc0832f05000000001976a9147480a33f950689af511e6e84c138dbbd3c3ee41588ac00000000"
		multisigScr = "56210307b8ae49ac90a048e9b53357a2354b3334e9c8bee813ecb98e99a7e07e8c3ba32103b28f0c28bfab54554ae8c658ac5c3e0ce6e79ad336331f78c428dd43eea8449b21034b8113d703413d57761b8b9781957b8c0ac1dfe69f492580ca4195f50376ba4a21033400f6afecb833092a9a21cfdf1ed1376e58c5d1f47de74683123987e967a8f42103a6d48b1131e94ba04d9737d61acdaa1322008af9602b3b14862c07a1789aac162102d8b661b0b3302ee2f162b09e07a55ad5dfbe673a9f01d9f0c19617681024306b56ae"
	)
	tests := []struct {
		name       string
		tx         string
		idx        int
		scriptCode string
		amount     int64
		hashType   uint32
		want       string
	}{
		{"native P2WPKH", p2wpkhTx, 1, "76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac", 600000000, 1,
			"c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670"},
		{"P2SH-P2WPKH", p2shP2wpkh, 0, "76a91479091972186c449eb1ded22b78e40d009bdf008988ac", 1000000000, 1,
			"64f3b0f4dd2bb3aa1ce8566d220cc74dda9df97d8490cc81d89d735c92e59fb6"},
		{"P2WSH SINGLE out of range, unexecuted separator kept", p2wshTx, 1,
			"21026dccc749adc2a9d0d89497ac511f760f45c47dc5ed9cf352a58ac706453880aeadab210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac",
			4900000000, 3, "82dde6e4f1e94d02c2b7ad03d2115d691f48d064e9d52f58194a6637e4194391"},
		{"P2WSH SINGLE after separator", p2wshTx, 1,
			"210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac",
			4900000000, 3, "fef7bd749cce710c5c052bd796df1af0d935e59cea63736268bcbe2d2134fc47"},
		{"SINGLE|ANYONECANPAY input 0", acpTx, 0,
			"0063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac",
			16777215, 0x83, "e9071e75e25b8a1e298a72f0d2e9f4f95a0f5cdf86a533cda597eb402ed13b3a"},
		{"SINGLE|ANYONECANPAY input 1", acpTx, 1,
			"68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac",
			16777215, 0x83, "cd72f1f1a433ee9df816857fad88d8ebd97e09a75cd481583eb841c330275e54"},
		{"6-of-6 ALL", multisigTx, 0, multisigScr, 987654321, 0x01,
			"185c0be5263dce5b4bb50a047973c1b6272bfbd0103a89444597dc40b248ee7c"},
		{"6-of-6 NONE", multisigTx, 0, multisigScr, 987654321, 0x02,
			"e9733bc60ea13c95c6527066bb975a2ff29a925e80aa14c213f686cbae5d2f36"},
		{"6-of-6 SINGLE", multisigTx, 0, multisigScr, 987654321, 0x03,
			"1e1f1c303dc025bd664acb72e583e933fae4cff9148bf78c157d1e8f78530aea"},
		{"6-of-6 ALL|ANYONECANPAY", multisigTx, 0, multisigScr, 987654321, 0x81,
			"2a67f03e63a6a422125878b40b82da593be8d4efaafe88ee528af6e5a9955c6e"},
		{"6-of-6 NONE|ANYONECANPAY", multisigTx, 0, multisigScr, 987654321, 0x82,
			"781ba15f3779d5542ce8ecb5c18716733a5ee42a6f51488ec96154934e2c890a"},
		{"6-of-6 SINGLE|ANYONECANPAY", multisigTx, 0, multisigScr, 987654321, 0x83,
			"511e8e52ed574121fc1b654970395502128263f62662e076dc6baf05c2e6a99b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := mustTx(t, tc.tx)
			code := mustHex(t, tc.scriptCode)
			got := WitnessV0SignatureHash(code, NewSigHashes(tx, nil), tc.hashType, tx, tc.idx, tc.amount)
			if hex.EncodeToString(got[:]) != tc.want {
				t.Fatalf("got %x want %s", got, tc.want)
			}
			// Without precomputed midstates the result is the same.
			if again := WitnessV0SignatureHash(code, nil, tc.hashType, tx, tc.idx, tc.amount); again != got {
				t.Fatalf("nil SigHashes: got %x", again)
			}
		})
	}
}

// TestBIP143Midstates checks the intermediate values of BIP143's first
// example.
func TestBIP143Midstates(t *testing.T) {
	tx := mustTx(t, "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000")
	sh := NewSigHashes(tx, nil)
	for _, c := range []struct {
		name string
		got  chainhash.Hash
		want string
	}{
		{"hashPrevouts", sh.HashPrevOuts, "96b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd37"},
		{"hashSequence", sh.HashSequence, "52b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3b"},
		{"hashOutputs", sh.HashOutputs, "863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e5"},
	} {
		if hex.EncodeToString(c.got[:]) != c.want {
			t.Errorf("%s: got %x want %s", c.name, c.got, c.want)
		}
	}
	if sh.HasPrevOuts() {
		t.Error("HasPrevOuts without prevOuts")
	}
	if NewSigHashes(tx, make([]primitives.TxOut, 1)).HasPrevOuts() {
		t.Error("HasPrevOuts with a prevOuts slice of the wrong length")
	}
}

// legacyTx has two inputs and one output.
const legacyTx = "0100000002fe3dc9208094f3ffd12645477b3dc56f60ec4fa8e6f5d67c565d1c6b9216b36e0000000000ffffffff0815cf020f013ed6cf91d29f4202e8a58726b1ac6c79da47c23d1bee0a6925f80000000000ffffffff0100f2052a010000001976a914a30741f8145e5acadf23f751864167f32e0963f788ac00000000"

func TestLegacySigHashSingleBug(t *testing.T) {
	tx := mustTx(t, legacyTx)
	one := chainhash.Hash{1}
	if got := LegacySignatureHash([]byte{0x51}, tx, 1, 3); got != one {
		t.Fatalf("SINGLE without output: got %x", got)
	}
	if got := LegacySignatureHash([]byte{0x51}, tx, 1, 0x83); got != one {
		t.Fatalf("SINGLE|ANYONECANPAY without output: got %x", got)
	}
	// Bits above 0x1f do not change the mode: 0x43 is SINGLE too.
	if got := LegacySignatureHash([]byte{0x51}, tx, 1, 0x43); got != one {
		t.Fatalf("0x43 without output: got %x", got)
	}
	if got := LegacySignatureHash([]byte{0x51}, tx, 0, 3); got == one {
		t.Fatal("SINGLE with an output returned one")
	}
	if got := LegacySignatureHash([]byte{0x51}, tx, 5, 1); got != one {
		t.Fatalf("index out of range: got %x", got)
	}
}

// TestLegacyCodeSeparatorRemoval checks that separators are dropped while
// serialising: a script with separators hashes like the same script
// without them, except for the malformed tail Core leaves out.
func TestLegacyCodeSeparatorRemoval(t *testing.T) {
	tx := mustTx(t, legacyTx)
	tests := []struct {
		name      string
		with, eq  string
		wantEqual bool
	}{
		{"separators removed", "ab51ab52abab", "5152", true},
		{"separator inside a push kept", "02ab51", "02ab51", true},
		{"separator inside a push differs from removed", "02ab51", "0251", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := LegacySignatureHash(mustHex(t, tc.with), tx, 0, 1)
			b := LegacySignatureHash(mustHex(t, tc.eq), tx, 0, 1)
			if (a == b) != tc.wantEqual {
				t.Fatalf("equal=%v, want %v", a == b, tc.wantEqual)
			}
		})
	}
}

func TestAppendScriptCode(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"empty", "", "00"},
		{"plain", "5152", "025152"},
		{"separators", "ab51ab52ab", "025152"},
		// The separator parses before the truncated push, so it counts;
		// Core then writes up to where parsing stopped: the 0x05 push
		// consumed its opcode byte only, and the 0x01 after it is dropped.
		{"truncated push", "51ab0501", "03" + "5105"},
		{"truncated push, no separator", "510501", "03" + "5105"},
		// PUSHDATA1 without its length byte: the opcode is consumed.
		{"truncated pushdata1", "514c", "02514c"},
		// PUSHDATA2 with one length byte: only the opcode is consumed.
		{"truncated pushdata2 length", "514d01", "03514d"},
		{"truncated push after separator", "ab5102ff", "03" + "5102"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := appendScriptCode(nil, mustHex(t, tc.script))
			if hex.EncodeToString(got) != tc.want {
				t.Fatalf("got %x want %s", got, tc.want)
			}
		})
	}
}

func TestFindAndDelete(t *testing.T) {
	tests := []struct {
		name, script, pattern, want string
	}{
		{"empty pattern", "0302ff03", "", "0302ff03"},
		{"whole script", "0302ff03", "0302ff03", ""},
		{"twice", "0302ff030302ff03", "0302ff03", ""},
		{"inside a push is not a boundary", "0302ff030302ff03", "02", "0302ff030302ff03"},
		{"push data byte", "0302ff030302ff03", "ff", "0302ff030302ff03"},
		{"opcode-length prefix", "0302ff030302ff03", "03", "02ff0302ff03"},
		{"whole opcodes only", "00005151", "0051", "0051"},
		{"twice with leftovers", "000051005151", "0051", "0051"},
		{"straddles the next opcode", "0003feed", "03feed", "00"},
		{"first opcode", "0003feed", "00", "03feed"},
		{"back-to-back copies", "abababab51", "ab", "51"},
		{"after a truncated push", "4c", "4c", ""},
		{"no match in malformed", "51024c", "4c", "51024c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := FindAndDelete(mustHex(t, tc.script), mustHex(t, tc.pattern))
			if hex.EncodeToString(got) != tc.want {
				t.Fatalf("got %x want %s", got, tc.want)
			}
		})
	}
}

func TestFindAndDeleteSig(t *testing.T) {
	sig := bytes.Repeat([]byte{0x30}, 71)
	push := append([]byte{71}, sig...)
	script := append(append(append([]byte{}, push...), 0xac), push...)
	if got := FindAndDeleteSig(script, sig); !bytes.Equal(got, []byte{0xac}) {
		t.Fatalf("got %x", got)
	}
	long := bytes.Repeat([]byte{1}, 80)
	script = append([]byte{0x4c, 80}, long...)
	if got := FindAndDeleteSig(script, long); len(got) != 0 {
		t.Fatalf("PUSHDATA1 sig: got %x", got)
	}
	// The no-match path returns the input without copying.
	s := []byte{0x51, 0x52}
	if got := FindAndDeleteSig(s, []byte{9}); &got[0] != &s[0] {
		t.Fatal("no-match path copied")
	}
}

func TestTaprootSignatureHashErrors(t *testing.T) {
	tx := mustTx(t, legacyTx)
	prev := []primitives.TxOut{{Value: 1, ScriptPubKey: []byte{0x51}}, {Value: 2, ScriptPubKey: []byte{0x51}}}
	sh := NewSigHashes(tx, prev)
	for _, ht := range []uint8{0x00, 0x01, 0x02, 0x81, 0x82} {
		if _, err := TaprootSignatureHash(sh, ht, tx, 1, nil, nil); err != nil {
			t.Errorf("hash type %#x: %v", ht, err)
		}
	}
	for _, ht := range []uint8{0x04, 0x80, 0x84, 0x20, 0xff, 0x43} {
		if _, err := TaprootSignatureHash(sh, ht, tx, 0, nil, nil); !errors.Is(err, ErrTapSigHashType) {
			t.Errorf("hash type %#x: %v", ht, err)
		}
	}
	for _, ht := range []uint8{0x03, 0x83} {
		if _, err := TaprootSignatureHash(sh, ht, tx, 1, nil, nil); !errors.Is(err, ErrTapSigHashSingle) {
			t.Errorf("SINGLE %#x at index 1: %v", ht, err)
		}
		if _, err := TaprootSignatureHash(sh, ht, tx, 0, nil, nil); err != nil {
			t.Errorf("SINGLE %#x at index 0: %v", ht, err)
		}
	}
	if _, err := TaprootSignatureHash(sh, 0x04, tx, 0, nil, nil); !errors.Is(err, ErrSchnorrSigHashType) || errors.Is(err, ErrTapSigHashSingle) {
		t.Errorf("sentinels: %v", err)
	}
	if _, err := TaprootSignatureHash(NewSigHashes(tx, nil), 0, tx, 0, nil, nil); !errors.Is(err, ErrTapSigHashPrevOuts) {
		t.Errorf("no prevouts: %v", err)
	}
	if _, err := TaprootSignatureHash(nil, 0, tx, 0, nil, nil); !errors.Is(err, ErrTapSigHashPrevOuts) {
		t.Errorf("nil SigHashes: %v", err)
	}
	if _, err := TaprootSignatureHash(sh, 0, tx, 2, nil, nil); !errors.Is(err, ErrTapSigHashPrevOuts) {
		t.Errorf("index out of range: %v", err)
	}
}

// TestTaprootSigMsgCommitments checks that the message commits to what
// BIP341/342 say: the annex, the leaf, the code-separator position, the
// hash type byte itself (0x00 and 0x01 differ) and the spend type.
func TestTaprootSigMsgCommitments(t *testing.T) {
	tx := mustTx(t, legacyTx)
	prev := []primitives.TxOut{{Value: 1, ScriptPubKey: []byte{0x51}}, {Value: 2, ScriptPubKey: []byte{0x52}}}
	sh := NewSigHashes(tx, prev)
	hash := func(ht uint8, annex []byte, leaf *TapscriptInfo) chainhash.Hash {
		h, err := TaprootSignatureHash(sh, ht, tx, 0, annex, leaf)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	leaf := &TapscriptInfo{LeafHash: chainhash.Hash{7}, CodeSepPos: NoCodeSeparator}
	leaf2 := &TapscriptInfo{LeafHash: chainhash.Hash{7}, CodeSepPos: 3}
	leaf3 := &TapscriptInfo{LeafHash: chainhash.Hash{8}, CodeSepPos: NoCodeSeparator}
	all := []chainhash.Hash{
		hash(0, nil, nil), hash(1, nil, nil), hash(0, []byte{0x50}, nil), hash(0, []byte{0x50, 1}, nil),
		hash(0, nil, leaf), hash(0, nil, leaf2), hash(0, nil, leaf3), hash(0, []byte{0x50}, leaf),
		hash(0x81, nil, nil), hash(0x82, nil, nil), hash(0x83, nil, nil), hash(2, nil, nil), hash(3, nil, nil),
	}
	seen := map[chainhash.Hash]int{}
	for i, h := range all {
		if j, ok := seen[h]; ok {
			t.Errorf("variants %d and %d hash alike", j, i)
		}
		seen[h] = i
	}
	// The message layout: epoch, hash type, version, locktime.
	msg, err := AppendTaprootSigMsg(nil, sh, 0x01, tx, 0, nil, leaf)
	if err != nil {
		t.Fatal(err)
	}
	if msg[0] != 0 || msg[1] != 1 {
		t.Fatalf("prefix %x", msg[:2])
	}
	// 1+1+4+4+5*32+1+4 = 175 bytes, plus 37 for the BIP342 extension.
	if len(msg) != 175+37 {
		t.Fatalf("message length %d", len(msg))
	}
	if got := chainhash.TagTapSighash.Sum(msg); got != hash(1, nil, leaf) {
		t.Fatal("TaprootSignatureHash is not TapSighash(AppendTaprootSigMsg)")
	}
}
