package chaincfg

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestByName(t *testing.T) {
	tests := []struct {
		name      string
		magic     [4]byte
		port      uint16
		p2pkh     byte
		p2sh      byte
		wif       byte
		hrp       string
		hdPrivate [4]byte
	}{
		{"main", [4]byte{0xf9, 0xbe, 0xb4, 0xd9}, 8333, 0, 5, 128, "bc", [4]byte{0x04, 0x88, 0xad, 0xe4}},
		{"test", [4]byte{0x0b, 0x11, 0x09, 0x07}, 18333, 111, 196, 239, "tb", [4]byte{0x04, 0x35, 0x83, 0x94}},
		{"testnet4", [4]byte{0x1c, 0x16, 0x3f, 0x28}, 48333, 111, 196, 239, "tb", [4]byte{0x04, 0x35, 0x83, 0x94}},
		{"signet", [4]byte{0x0a, 0x03, 0xcf, 0x40}, 38333, 111, 196, 239, "tb", [4]byte{0x04, 0x35, 0x83, 0x94}},
		{"regtest", [4]byte{0xfa, 0xbf, 0xb5, 0xda}, 18444, 111, 196, 239, "bcrt", [4]byte{0x04, 0x35, 0x83, 0x94}},
	}
	if len(tests) != len(Names()) {
		t.Fatalf("Names() has %d entries, table %d", len(Names()), len(tests))
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if Names()[i] != tc.name {
				t.Fatalf("Names()[%d] = %q", i, Names()[i])
			}
			p, err := ByName(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tc.name || p.NetMagic != tc.magic || p.DefaultPort != tc.port ||
				p.PubKeyHashAddrID != tc.p2pkh || p.ScriptHashAddrID != tc.p2sh || p.PrivateKeyID != tc.wif ||
				p.Bech32HRP != tc.hrp || p.HDPrivateKeyID != tc.hdPrivate {
				t.Fatalf("unexpected params: %+v", p)
			}
			if p.HDPublicKeyID == p.HDPrivateKeyID || p.HDPublicKeyID == [4]byte{} {
				t.Fatalf("HDPublicKeyID %x", p.HDPublicKeyID)
			}
		})
	}
}

func TestConstructorsReturnFreshValues(t *testing.T) {
	a := SigNet()
	a.Bech32HRP = "changed"
	a.SignetChallenge[0] = 0
	b := SigNet()
	if b.Bech32HRP != "tb" || b.SignetChallenge[0] != 0x51 {
		t.Fatal("SigNet returned shared state")
	}
	for _, f := range []func() *Params{MainNet, TestNet3, TestNet4, RegTest} {
		if first, second := f(), f(); first == second {
			t.Fatal("constructor returned the same pointer twice")
		}
		if f().SignetChallenge != nil {
			t.Fatal("non-signet network has a signet challenge")
		}
		first, second := f(), f()
		if first.GenesisBlock == second.GenesisBlock || first.GenesisBlock.Txs[0] == second.GenesisBlock.Txs[0] {
			t.Fatal("constructor shares its genesis block")
		}
		if len(first.DNSSeeds) > 0 {
			first.DNSSeeds[0] = "changed"
			if second.DNSSeeds[0] == "changed" {
				t.Fatal("constructor shares its DNS seeds")
			}
		}
	}
}

// TestSignetMagic derives the default signet's message start from its
// challenge (BIP325: first four bytes of SHA256d of the serialized script).
func TestSignetMagic(t *testing.T) {
	p := SigNet()
	ser := append([]byte{byte(len(p.SignetChallenge))}, p.SignetChallenge...)
	h := chainhash.DoubleSHA256(ser)
	if [4]byte(h[:4]) != p.NetMagic {
		t.Fatalf("derived magic %x, table %x", h[:4], p.NetMagic)
	}
}

func TestByNameUnknown(t *testing.T) {
	for _, name := range []string{"", "mainnet", "testnet", "testnet3", "Main", "REGTEST"} {
		t.Run(name, func(t *testing.T) {
			p, err := ByName(name)
			if p != nil || !errors.Is(err, ErrUnknownNetwork) {
				t.Fatalf("ByName(%q) = %v, %v", name, p, err)
			}
			var e Error
			if !errors.As(err, &e) || e.Description == "" {
				t.Fatalf("not an Error with a description: %v", err)
			}
		})
	}
}
