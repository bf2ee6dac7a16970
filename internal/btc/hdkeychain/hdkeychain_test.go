package hdkeychain

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// bip32Step is one "Chain" line of a BIP32 test vector.
type bip32Step struct {
	path string
	pub  string
	priv string
}

// bip32Vectors are BIP32's test vectors 1 to 4 (seed, then each chain).
var bip32Vectors = []struct {
	name  string
	seed  string
	steps []bip32Step
}{
	{
		name: "vector 1",
		seed: "000102030405060708090a0b0c0d0e0f",
		steps: []bip32Step{
			{"m", "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"},
			{"m/0H", "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw", "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7"},
			{"m/0H/1", "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ", "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs"},
			{"m/0H/1/2H", "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5", "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"},
			{"m/0H/1/2H/2", "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV", "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"},
			{"m/0H/1/2H/2/1000000000", "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy", "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76"},
		},
	},
	{
		name: "vector 2",
		seed: "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542",
		steps: []bip32Step{
			{"m", "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"},
			{"m/0", "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH", "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt"},
			{"m/0/2147483647H", "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a", "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9"},
			{"m/0/2147483647H/1", "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon", "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef"},
			{"m/0/2147483647H/1/2147483646H", "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL", "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc"},
			{"m/0/2147483647H/1/2147483646H/2", "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt", "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j"},
		},
	},
	{
		name: "vector 3 (leading zeros)",
		seed: "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be",
		steps: []bip32Step{
			{"m", "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ1Z3GC8vBgp2epUt13", "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6"},
			{"m/0H", "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y", "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L"},
		},
	},
	{
		name: "vector 4 (leading zeros, hardened)",
		seed: "3ddd5602285899a946114506157c7997e5444528f3003f6134712147db19b678",
		steps: []bip32Step{
			{"m", "xpub661MyMwAqRbcGczjuMoRm6dXaLDEhW1u34gKenbeYqAix21mdUKJyuyu5F1rzYGVxyL6tmgBUAEPrEz92mBXjByMRiJdba9wpnN37RLLAXa", "xprv9s21ZrQH143K48vGoLGRPxgo2JNkJ3J3fqkirQC2zVdk5Dgd5w14S7fRDyHH4dWNHUgkvsvNDCkvAwcSHNAQwhwgNMgZhLtQC63zxwhQmRv"},
			{"m/0H", "xpub69AUMk3qDBi3uW1sXgjCmVjJ2G6WQoYSnNHyzkmdCHEhSZ4tBok37xfFEqHd2AddP56Tqp4o56AePAgCjYdvpW2PU2jbUPFKsav5ut6Ch1m", "xprv9vB7xEWwNp9kh1wQRfCCQMnZUEG21LpbR9NPCNN1dwhiZkjjeGRnaALmPXCX7SgjFTiCTT6bXes17boXtjq3xLpcDjzEuGLQBM5ohqkao9G"},
			{"m/0H/1H", "xpub6BJA1jSqiukeaesWfxe6sNK9CCGaujFFSJLomWHprUL9DePQ4JDkM5d88n49sMGJxrhpjazuXYWdMf17C9T5XnxkopaeS7jGk1GyyVziaMt", "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5hG1Jaj32dVoS6XLT1"},
		},
	},
}

// TestBIP32Vectors derives every chain of vectors 1-4 from the seed (private
// derivation), checks both serializations, re-derives public children from
// the parent's public key where the step is not hardened, and parses every
// string back.
func TestBIP32Vectors(t *testing.T) {
	params := chaincfg.MainNet()
	passed := 0
	for _, v := range bip32Vectors {
		t.Run(v.name, func(t *testing.T) {
			seed, _ := hex.DecodeString(v.seed)
			master, err := NewMaster(seed, params)
			if err != nil {
				t.Fatal(err)
			}
			var prevPub *ExtendedKey
			for _, s := range v.steps {
				path, err := ParsePath(s.path)
				if err != nil {
					t.Fatalf("%s: %v", s.path, err)
				}
				k, err := master.DerivePath(path)
				if err != nil {
					t.Fatalf("%s: %v", s.path, err)
				}
				if got := k.String(); got != s.priv {
					t.Errorf("%s priv: got %s want %s", s.path, got, s.priv)
				}
				if got := k.Neuter().String(); got != s.pub {
					t.Errorf("%s pub: got %s want %s", s.path, got, s.pub)
				}
				if len(path) > 0 && prevPub != nil && path[len(path)-1] < HardenedKeyStart {
					c, err := prevPub.Child(path[len(path)-1])
					if err != nil {
						t.Fatalf("%s public derivation: %v", s.path, err)
					}
					if c.String() != s.pub {
						t.Errorf("%s public derivation: got %s", s.path, c.String())
					}
				}
				for _, str := range []string{s.priv, s.pub} {
					p, err := ParseExtendedKey(str)
					if err != nil {
						t.Fatalf("parse %s: %v", str, err)
					}
					if p.String() != str || p.IsTestnet() || !p.IsForNet(params) {
						t.Errorf("parse round trip of %s: %s", str, p.String())
					}
					if p.Depth() != uint8(len(path)) {
						t.Errorf("%s depth %d", s.path, p.Depth())
					}
				}
				prevPub = k.Neuter()
				passed++
			}
		})
	}
	t.Logf("%d BIP32 chains (vectors 1-4) passed", passed)
}

// TestBIP32Vector5 checks the invalid extended keys of BIP32's test vector 5.
func TestBIP32Vector5(t *testing.T) {
	tests := []struct {
		name string
		key  string
		kind ErrorKind
	}{
		{"pubkey version / prvkey mismatch", "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6LBpB85b3D2yc8sfvZU521AAwdZafEz7mnzBBsz4wKY5fTtTQBm", ErrInvalidKeyData},
		{"prvkey version / pubkey mismatch", "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGTQQD3dC4H2D5GBj7vWvSQaaBv5cxi9gafk7NF3pnBju6dwKvH", ErrInvalidKeyData},
		{"invalid pubkey prefix 04", "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Txnt3siSujt9RCVYsx4qHZGc62TG4McvMGcAUjeuwZdduYEvFn", ErrInvalidKeyData},
		{"invalid prvkey prefix 04", "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGpWnsj83BHtEy5Zt8CcDr1UiRXuWCmTQLxEK9vbz5gPstX92JQ", ErrInvalidKeyData},
		{"invalid pubkey prefix 01", "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6N8ZMMXctdiCjxTNq964yKkwrkBJJwpzZS4HS2fxvyYUA4q2Xe4", ErrInvalidKeyData},
		{"invalid prvkey prefix 01", "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD9y5gkZ6Eq3Rjuahrv17fEQ3Qen6J", ErrInvalidKeyData},
		{"zero depth with non-zero parent fingerprint (prv)", "xprv9s2SPatNQ9Vc6GTbVMFPFo7jsaZySyzk7L8n2uqKXJen3KUmvQNTuLh3fhZMBoG3G4ZW1N2kZuHEPY53qmbZzCHshoQnNf4GvELZfqTUrcv", ErrInvalidDepth},
		{"zero depth with non-zero parent fingerprint (pub)", "xpub661no6RGEX3uJkY4bNnPcw4URcQTrSibUZ4NqJEw5eBkv7ovTwgiT91XX27VbEXGENhYRCf7hyEbWrR3FewATdCEebj6znwMfQkhRYHRLpJ", ErrInvalidDepth},
		{"zero depth with non-zero index (prv)", "xprv9s21ZrQH4r4TsiLvyLXqM9P7k1K3EYhA1kkD6xuquB5i39AU8KF42acDyL3qsDbU9NmZn6MsGSUYZEsuoePmjzsB3eFKSUEh3Gu1N3cqVUN", ErrInvalidDepth},
		{"zero depth with non-zero index (pub)", "xpub661MyMwAuDcm6CRQ5N4qiHKrJ39Xe1R1NyfouMKTTWcguwVcfrZJaNvhpebzGerh7gucBvzEQWRugZDuDXjNDRmXzSZe4c7mnTK97pTvGS8", ErrInvalidDepth},
		{"unknown extended key version (1)", "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHGMQzT7ayAmfo4z3gY5KfbrZWZ6St24UVf2Qgo6oujFktLHdHY4", ErrUnknownVersion},
		{"unknown extended key version (2)", "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHPmHJiEDXkTiJTVV9rHEBUem2mwVbbNfvT2MTcAqj3nesx8uBf9", ErrUnknownVersion},
		{"private key 0 not in 1..n-1", "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzF93Y5wvzdUayhgkkFoicQZcP3y52uPPxFnfoLZB21Teqt1VvEHx", ErrInvalidKeyData},
		{"private key n not in 1..n-1", "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD5SDKr24z3aiUvKr9bJpdrcLg1y3G", ErrInvalidKeyData},
		{"invalid pubkey 02...07", "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Q5JXayek4PRsn35jii4veMimro1xefsM58PgBMrvdYre8QyULY", ErrInvalidKeyData},
		{"invalid checksum", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL", ErrBadChecksum},
		{"not base58", "xprv0OIl", ErrInvalidKeyLen},
		{"empty", "", ErrInvalidKeyLen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseExtendedKey(tc.key)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("got %v, want %v", err, tc.kind)
			}
		})
	}
}

func TestTestnetKeys(t *testing.T) {
	seed, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	reg := chaincfg.RegTest()
	m, err := NewMaster(seed, reg)
	if err != nil {
		t.Fatal(err)
	}
	s := m.String()
	if s[:4] != "tprv" || m.Neuter().String()[:4] != "tpub" {
		t.Fatalf("got %s", s)
	}
	p, err := ParseExtendedKey(s)
	if err != nil {
		t.Fatal(err)
	}
	if !p.IsTestnet() || !p.IsForNet(reg) || p.IsForNet(chaincfg.MainNet()) {
		t.Fatal("network detection")
	}
	// Same key material as vector 1 on mainnet.
	if got := p.ForNet(chaincfg.MainNet()).String(); got != bip32Vectors[0].steps[0].priv {
		t.Fatalf("ForNet: %s", got)
	}
}

func TestDerivationErrors(t *testing.T) {
	seed, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	m, _ := NewMaster(seed, chaincfg.MainNet())
	pub := m.Neuter()
	if _, err := pub.Child(HardenedKeyStart); !errors.Is(err, ErrDeriveHardFromPublic) {
		t.Fatalf("hardened from public: %v", err)
	}
	if _, err := pub.PrivKey(); !errors.Is(err, ErrNotPrivate) {
		t.Fatalf("PrivKey of public: %v", err)
	}
	if _, err := NewMaster(make([]byte, 15), chaincfg.MainNet()); !errors.Is(err, ErrInvalidSeedLen) {
		t.Fatalf("short seed: %v", err)
	}
	if _, err := NewMaster(make([]byte, 65), chaincfg.MainNet()); !errors.Is(err, ErrInvalidSeedLen) {
		t.Fatalf("long seed: %v", err)
	}
	k := m
	for range MaxDepth {
		var err error
		if k, err = k.Child(0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := k.Child(0); !errors.Is(err, ErrDeriveBeyondMaxDepth) {
		t.Fatalf("beyond max depth: %v", err)
	}
	priv, err := m.PrivKey()
	if err != nil || len(priv) != 32 {
		t.Fatal("PrivKey")
	}
	if m.Fingerprint() != [4]byte{0x34, 0x42, 0x19, 0x3e} {
		t.Fatalf("fingerprint %x", m.Fingerprint())
	}
	c, _ := m.Child(HardenedKeyStart)
	if c.ParentFingerprint() != m.Fingerprint() || c.ChildIndex() != HardenedKeyStart {
		t.Fatal("parent fingerprint")
	}
}

func TestParsePath(t *testing.T) {
	const h = HardenedKeyStart
	tests := []struct {
		name string
		in   string
		want []uint32
		fmt  string
	}{
		{"empty", "", []uint32{}, "m"},
		{"m", "m", []uint32{}, "m"},
		{"apostrophe", "m/84'/1'/0'/0/5", []uint32{84 + h, 1 + h, h, 0, 5}, "m/84h/1h/0h/0/5"},
		{"h without m", "84h/1h/0h", []uint32{84 + h, 1 + h, h}, "m/84h/1h/0h"},
		{"H", "m/0H/1", []uint32{h, 1}, "m/0h/1"},
		{"max", "2147483647'", []uint32{0xffffffff}, "m/2147483647h"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePath(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v", got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v", got)
				}
			}
			if f := FormatPath(got); f != tc.fmt {
				t.Fatalf("FormatPath: %s", f)
			}
		})
	}
	for _, bad := range []string{"m/", "/1", "1//2", "m/2147483648", "m/x", "m/1''", "m/-1", "m/+1", "m/ 1", "mm/1", "1/m", "m/h", "m/99999999999"} {
		if _, err := ParsePath(bad); !errors.Is(err, ErrInvalidPath) {
			t.Errorf("%q: got %v", bad, err)
		}
	}
}

// bip39Vectors are English vectors of the BIP39 reference (Trezor's
// vectors.json), passphrase "TREZOR": entropy, mnemonic, seed, and the master
// xprv where given.
var bip39Vectors = []struct {
	entropy, mnemonic, seed, xprv string
}{
	{"00000000000000000000000000000000", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
		"c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
		"xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF"},
	{"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f", "legal winner thank year wave sausage worth useful legal winner thank yellow",
		"2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607", ""},
	{"80808080808080808080808080808080", "letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
		"d71de856f81a8acc65e6fc851a38d4d7ec216fd0796d0a6827a3ad6ed5511a30fa280f12eb2e47ed2ac03b5c462a0358d18d69fe4f985ec81778c1b370b652a8", ""},
	{"ffffffffffffffffffffffffffffffff", "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
		"ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069", ""},
	{"0000000000000000000000000000000000000000000000000000000000000000", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
		"bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8", ""},
}

func TestBIP39Vectors(t *testing.T) {
	for _, v := range bip39Vectors {
		t.Run(v.mnemonic[:20], func(t *testing.T) {
			ent, _ := hex.DecodeString(v.entropy)
			m, err := NewMnemonic(ent)
			if err != nil || m != v.mnemonic {
				t.Fatalf("NewMnemonic: %q %v", m, err)
			}
			back, err := MnemonicToEntropy(m)
			if err != nil || hex.EncodeToString(back) != v.entropy {
				t.Fatalf("MnemonicToEntropy: %x %v", back, err)
			}
			seed, err := MnemonicToSeed(v.mnemonic, "TREZOR")
			if err != nil || hex.EncodeToString(seed) != v.seed {
				t.Fatalf("seed: %x %v", seed, err)
			}
			if v.xprv != "" {
				k, err := NewMaster(seed, chaincfg.MainNet())
				if err != nil || k.String() != v.xprv {
					t.Fatalf("master: %v %v", k, err)
				}
			}
		})
	}
	t.Logf("%d BIP39 vectors passed", len(bip39Vectors))
}

func TestMnemonicErrors(t *testing.T) {
	bad := []string{
		"",
		"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", // checksum
		"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon",         // 11 words
		"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abou",    // unknown word
		"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo",
	}
	for _, m := range bad {
		if _, err := MnemonicToSeed(m, ""); !errors.Is(err, ErrInvalidMnemonic) {
			t.Errorf("%q: %v", m, err)
		}
	}
	if _, err := NewMnemonic(make([]byte, 15)); !errors.Is(err, ErrInvalidEntropy) {
		t.Errorf("entropy: %v", err)
	}
}
