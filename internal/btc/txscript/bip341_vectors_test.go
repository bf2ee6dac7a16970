package txscript_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/testdata"
)

type bip341File struct {
	ScriptPubKey []struct {
		Given struct {
			InternalPubkey string          `json:"internalPubkey"`
			ScriptTree     json.RawMessage `json:"scriptTree"`
		} `json:"given"`
		Intermediary struct {
			LeafHashes    []string `json:"leafHashes"`
			MerkleRoot    *string  `json:"merkleRoot"`
			Tweak         string   `json:"tweak"`
			TweakedPubkey string   `json:"tweakedPubkey"`
		} `json:"intermediary"`
		Expected struct {
			ScriptPubKey            string   `json:"scriptPubKey"`
			Bip350Address           string   `json:"bip350Address"`
			ScriptPathControlBlocks []string `json:"scriptPathControlBlocks"`
		} `json:"expected"`
	} `json:"scriptPubKey"`
	KeyPathSpending []struct {
		Given struct {
			RawUnsignedTx string `json:"rawUnsignedTx"`
			UtxosSpent    []struct {
				ScriptPubKey string `json:"scriptPubKey"`
				AmountSats   int64  `json:"amountSats"`
			} `json:"utxosSpent"`
		} `json:"given"`
		Intermediary struct {
			HashAmounts       string `json:"hashAmounts"`
			HashOutputs       string `json:"hashOutputs"`
			HashPrevouts      string `json:"hashPrevouts"`
			HashScriptPubkeys string `json:"hashScriptPubkeys"`
			HashSequences     string `json:"hashSequences"`
		} `json:"intermediary"`
		InputSpending []struct {
			Given struct {
				TxinIndex       int     `json:"txinIndex"`
				InternalPrivkey string  `json:"internalPrivkey"`
				MerkleRoot      *string `json:"merkleRoot"`
				HashType        int     `json:"hashType"`
			} `json:"given"`
			Intermediary struct {
				InternalPubkey string `json:"internalPubkey"`
				Tweak          string `json:"tweak"`
				TweakedPrivkey string `json:"tweakedPrivkey"`
				SigMsg         string `json:"sigMsg"`
				SigHash        string `json:"sigHash"`
			} `json:"intermediary"`
			Expected struct {
				Witness []string `json:"witness"`
			} `json:"expected"`
		} `json:"inputSpending"`
	} `json:"keyPathSpending"`
}

func loadBIP341(t *testing.T) *bip341File {
	t.Helper()
	data, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "bip341_wallet_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f bip341File
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

func checkHex(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	if hex.EncodeToString(got) != want {
		t.Errorf("%s: got %x want %s", what, got, want)
	}
}

// TestBIP341ScriptPubKey checks every scriptPubKey case of Core's
// bip341_wallet_vectors.json: leaf hashes, Merkle root, tweak, output key,
// scriptPubKey, bech32m address and control blocks, and that each control
// block passes VerifyTaprootCommitment.
func TestBIP341ScriptPubKey(t *testing.T) {
	f := loadBIP341(t)
	if len(f.ScriptPubKey) != 7 {
		t.Fatalf("%d scriptPubKey cases, want 7", len(f.ScriptPubKey))
	}
	for i, c := range f.ScriptPubKey {
		internal := [32]byte(unhex(t, c.Given.InternalPubkey))
		var tree *txscript.TapTree
		if string(c.Given.ScriptTree) != "null" && len(c.Given.ScriptTree) != 0 {
			tree = new(txscript.TapTree)
			if err := json.Unmarshal(c.Given.ScriptTree, tree); err != nil {
				t.Fatalf("case %d: tree: %v", i, err)
			}
		}
		info, err := txscript.BuildTaprootTree(internal, tree)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if len(info.Leaves) != len(c.Intermediary.LeafHashes) {
			t.Fatalf("case %d: %d leaves, want %d", i, len(info.Leaves), len(c.Intermediary.LeafHashes))
		}
		for j, l := range info.Leaves {
			checkHex(t, "leaf hash", l.LeafHash[:], c.Intermediary.LeafHashes[j])
			if h := txscript.TapLeafHash(l.Version, l.Script); h != l.LeafHash {
				t.Errorf("case %d leaf %d: TapLeafHash disagrees with the builder", i, j)
			}
		}
		switch {
		case c.Intermediary.MerkleRoot == nil && info.MerkleRoot != nil:
			t.Errorf("case %d: unexpected merkle root %x", i, info.MerkleRoot[:])
		case c.Intermediary.MerkleRoot != nil && info.MerkleRoot == nil:
			t.Errorf("case %d: missing merkle root", i)
		case c.Intermediary.MerkleRoot != nil:
			checkHex(t, "merkle root", info.MerkleRoot[:], *c.Intermediary.MerkleRoot)
		}
		checkHex(t, "tweak", info.Tweak[:], c.Intermediary.Tweak)
		checkHex(t, "tweaked pubkey", info.OutputKey[:], c.Intermediary.TweakedPubkey)
		out, odd, err := txscript.TaprootOutputKey(internal, info.MerkleRoot)
		if err != nil || out != info.OutputKey || odd != info.OddY {
			t.Errorf("case %d: TaprootOutputKey disagrees: %x %v %v", i, out, odd, err)
		}
		checkHex(t, "scriptPubKey", info.ScriptPubKey(), c.Expected.ScriptPubKey)
		addr := address.NewP2TR(info.OutputKey, chaincfg.MainNet())
		if addr.String() != c.Expected.Bip350Address {
			t.Errorf("case %d: address %s want %s", i, addr, c.Expected.Bip350Address)
		}
		if !bytes.Equal(addr.ScriptPubKey(), info.ScriptPubKey()) {
			t.Errorf("case %d: address scriptPubKey %x", i, addr.ScriptPubKey())
		}
		if len(c.Expected.ScriptPathControlBlocks) != len(info.Leaves) {
			t.Fatalf("case %d: %d control blocks, want %d", i, len(info.Leaves), len(c.Expected.ScriptPathControlBlocks))
		}
		for j, l := range info.Leaves {
			checkHex(t, "control block", l.ControlBlock, c.Expected.ScriptPathControlBlocks[j])
			if !txscript.VerifyTaprootCommitment(l.ControlBlock, info.OutputKey[:], l.LeafHash) {
				t.Errorf("case %d leaf %d: commitment does not verify", i, j)
			}
			if root := txscript.ComputeTaprootMerkleRoot(l.ControlBlock, l.LeafHash); root != *info.MerkleRoot {
				t.Errorf("case %d leaf %d: path root %x", i, j, root[:])
			}
			// Flipping the parity bit, a path byte or the leaf must break it.
			bad := bytes.Clone(l.ControlBlock)
			bad[0] ^= 1
			if txscript.VerifyTaprootCommitment(bad, info.OutputKey[:], l.LeafHash) {
				t.Errorf("case %d leaf %d: wrong parity accepted", i, j)
			}
			other := l.LeafHash
			other[0] ^= 1
			if txscript.VerifyTaprootCommitment(l.ControlBlock, info.OutputKey[:], other) {
				t.Errorf("case %d leaf %d: wrong leaf accepted", i, j)
			}
		}
	}
}

// TestBIP341KeyPathSpending checks every keyPathSpending input of Core's
// bip341_wallet_vectors.json: the transaction-wide single-SHA256 midstates,
// each input's tweak, tweaked private key, signature message, signature
// hash and the signature made with crypto.SignSchnorr and zero aux
// randomness (as the vectors do), which must also verify against the spent
// output key.
func TestBIP341KeyPathSpending(t *testing.T) {
	f := loadBIP341(t)
	inputs := 0
	for i, c := range f.KeyPathSpending {
		tx, err := primitives.DecodeTx(unhex(t, c.Given.RawUnsignedTx))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		prevOuts := make([]primitives.TxOut, len(c.Given.UtxosSpent))
		for j, u := range c.Given.UtxosSpent {
			prevOuts[j] = primitives.TxOut{Value: u.AmountSats, ScriptPubKey: unhex(t, u.ScriptPubKey)}
		}
		sh := txscript.NewSigHashes(tx, prevOuts)
		if !sh.HasPrevOuts() {
			t.Fatalf("case %d: no taproot midstates", i)
		}
		checkHex(t, "sha_amounts", sh.ShaAmounts[:], c.Intermediary.HashAmounts)
		checkHex(t, "sha_outputs", sh.ShaOutputs[:], c.Intermediary.HashOutputs)
		checkHex(t, "sha_prevouts", sh.ShaPrevOuts[:], c.Intermediary.HashPrevouts)
		checkHex(t, "sha_scriptpubkeys", sh.ShaScriptPubKeys[:], c.Intermediary.HashScriptPubkeys)
		checkHex(t, "sha_sequences", sh.ShaSequences[:], c.Intermediary.HashSequences)

		for _, in := range c.InputSpending {
			inputs++
			g := in.Given
			priv := secp256k1.PrivKeyFromBytes(unhex(t, g.InternalPrivkey))
			internal := crypto.SerializeXOnly(priv.PubKey())
			checkHex(t, "internal pubkey", internal[:], in.Intermediary.InternalPubkey)
			var root *chainhash.Hash
			var rootBytes []byte
			if g.MerkleRoot != nil {
				h := chainhash.Hash(unhex(t, *g.MerkleRoot))
				root, rootBytes = &h, h[:]
			}
			tweak := crypto.TapTweakHash(internal, rootBytes)
			checkHex(t, "tweak", tweak[:], in.Intermediary.Tweak)
			tweaked, err := crypto.TweakPrivKeyTaproot(priv, tweak)
			if err != nil {
				t.Fatalf("case %d input %d: %v", i, g.TxinIndex, err)
			}
			tb := tweaked.Key.Bytes()
			checkHex(t, "tweaked privkey", tb[:], in.Intermediary.TweakedPrivkey)

			ht := uint8(g.HashType)
			msg, err := txscript.AppendTaprootSigMsg(nil, sh, ht, tx, g.TxinIndex, nil, nil)
			if err != nil {
				t.Fatalf("case %d input %d: sigmsg: %v", i, g.TxinIndex, err)
			}
			checkHex(t, "sigMsg", msg, in.Intermediary.SigMsg)
			hash, err := txscript.TaprootSignatureHash(sh, ht, tx, g.TxinIndex, nil, nil)
			if err != nil {
				t.Fatalf("case %d input %d: sighash: %v", i, g.TxinIndex, err)
			}
			checkHex(t, "sigHash", hash[:], in.Intermediary.SigHash)

			sig, err := crypto.SignSchnorr(tweaked, hash[:], [32]byte{})
			if err != nil {
				t.Fatal(err)
			}
			wit := sig[:]
			if ht != uint8(txscript.SigHashDefault) {
				wit = append(wit, ht)
			}
			if len(in.Expected.Witness) != 1 {
				t.Fatalf("case %d input %d: witness of %d items", i, g.TxinIndex, len(in.Expected.Witness))
			}
			checkHex(t, "signature", wit, in.Expected.Witness[0])

			outKey, _, err := txscript.TaprootOutputKey(internal, root)
			if err != nil {
				t.Fatal(err)
			}
			spk := prevOuts[g.TxinIndex].ScriptPubKey
			if !bytes.Equal(spk, txscript.PayToTaprootScript(outKey)) {
				t.Errorf("case %d input %d: spent script %x is not P2TR(%x)", i, g.TxinIndex, spk, outKey)
			}
			if !crypto.VerifySchnorr(outKey[:], hash[:], sig[:]) {
				t.Errorf("case %d input %d: signature does not verify", i, g.TxinIndex)
			}
		}
	}
	t.Logf("%d keyPathSpending inputs checked", inputs)
	if inputs != 7 {
		t.Errorf("%d inputs, want 7", inputs)
	}
}
