package crypto

import (
	"encoding/hex"
	"errors"
	"testing"
)

// TestDeriveHDPrivate checks the private keys of BIP32's test vectors 1
// and 2.
func TestDeriveHDPrivate(t *testing.T) {
	const h = HardenedKeyStart
	seed1 := "000102030405060708090a0b0c0d0e0f"
	seed2 := "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542"
	tests := []struct {
		name string
		seed string
		path []uint32
		want string
	}{
		{"v1 m", seed1, nil, "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"},
		{"v1 m/0H", seed1, []uint32{h}, "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea"},
		{"v1 m/0H/1", seed1, []uint32{h, 1}, "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368"},
		{"v1 m/0H/1/2H", seed1, []uint32{h, 1, h + 2}, "cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca"},
		{"v1 m/0H/1/2H/2", seed1, []uint32{h, 1, h + 2, 2}, "0f479245fb19a38a1954c5c7c0ebab2f9bdfd96a17563ef28a6a4b1a2a764ef4"},
		{"v1 m/0H/1/2H/2/1000000000", seed1, []uint32{h, 1, h + 2, 2, 1000000000}, "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8"},
		{"v2 m", seed2, nil, "4b03d6fc340455b363f51020ad3ecca4f0850280cf436c70c727923f6db46c3e"},
		{"v2 m/0", seed2, []uint32{0}, "abe74a98f6c7eabee0428f53798f0ab8aa1bd37873999041703c742f15ac7e1e"},
		{"v2 m/0/2147483647H", seed2, []uint32{0, h + 2147483647}, "877c779ad9687164e9c2f4f0f4ff0340814392330693ce95a58fe18fd52e6e93"},
		{"v2 m/0/2147483647H/1", seed2, []uint32{0, h + 2147483647, 1}, "704addf544a06e5ee4bea37098463c23613da32020d604506da8c0518e1da4b7"},
		{"v2 m/0/2147483647H/1/2147483646H", seed2, []uint32{0, h + 2147483647, 1, h + 2147483646}, "f1c7c871a54a804afe328b4c83a1c33b8e5ff48f5087273f04efa83b247d6a2d"},
		{"v2 m/0/2147483647H/1/2147483646H/2", seed2, []uint32{0, h + 2147483647, 1, h + 2147483646, 2}, "bb7d39bdb83ecf58f2fd82b6d918341cbef428661ef01ab97c28a4842125ac23"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seed, _ := hex.DecodeString(tc.seed)
			got, err := DeriveHDPrivate(seed, tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(got[:]) != tc.want {
				t.Fatalf("got %x, want %s", got, tc.want)
			}
		})
	}
}

// TestDeriveHDPrivateSeedLength checks the seed length bounds.
func TestDeriveHDPrivateSeedLength(t *testing.T) {
	for _, n := range []int{0, 15, 65} {
		if _, err := DeriveHDPrivate(make([]byte, n), nil); !errors.Is(err, ErrInvalidHDKey) {
			t.Errorf("seed of %d bytes: err %v", n, err)
		}
	}
}
