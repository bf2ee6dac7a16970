package precompile

import (
	"reflect"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

func TestForRules(t *testing.T) {
	tests := []struct {
		name  string
		rules ethtypes.Rules
		want  []Contract
	}{
		{"frontier", ethtypes.Rules{}, []Contract{ECRecover{}, SHA256{}, RIPEMD160{}, Identity{}}},
		{"homestead", ethtypes.Rules{IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true},
			[]Contract{ECRecover{}, SHA256{}, RIPEMD160{}, Identity{}}},
		{"byzantium", ethtypes.Rules{IsHomestead: true, IsByzantium: true}, []Contract{
			ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
			ModExp{}, BN254Add{}, BN254ScalarMul{}, BN254Pairing{},
		}},
		{"petersburg", ethtypes.Rules{IsByzantium: true, IsConstantinople: true, IsPetersburg: true}, []Contract{
			ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
			ModExp{}, BN254Add{}, BN254ScalarMul{}, BN254Pairing{},
		}},
		{"istanbul", ethtypes.Rules{IsByzantium: true, IsIstanbul: true}, []Contract{
			ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
			ModExp{}, BN254Add{true}, BN254ScalarMul{true}, BN254Pairing{true}, Blake2F{},
		}},
		{"berlin", ethtypes.Rules{IsByzantium: true, IsIstanbul: true, IsBerlin: true}, []Contract{
			ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
			ModExp{true}, BN254Add{true}, BN254ScalarMul{true}, BN254Pairing{true}, Blake2F{},
		}},
		{"shanghai", ethtypes.Rules{IsByzantium: true, IsIstanbul: true, IsBerlin: true, IsLondon: true, IsMerge: true, IsShanghai: true}, []Contract{
			ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
			ModExp{true}, BN254Add{true}, BN254ScalarMul{true}, BN254Pairing{true}, Blake2F{},
		}},
		{"cancun", ethtypes.Rules{IsByzantium: true, IsIstanbul: true, IsBerlin: true, IsLondon: true, IsMerge: true, IsShanghai: true, IsCancun: true}, []Contract{
			ECRecover{}, SHA256{}, RIPEMD160{}, Identity{},
			ModExp{true}, BN254Add{true}, BN254ScalarMul{true}, BN254Pairing{true}, Blake2F{}, PointEvaluation{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ForRules(tt.rules)
			if s.Len() != len(tt.want) {
				t.Fatalf("Len = %d, want %d", s.Len(), len(tt.want))
			}
			addrs := s.Addresses()
			if len(addrs) != len(tt.want) {
				t.Fatalf("len(Addresses) = %d, want %d", len(addrs), len(tt.want))
			}
			for i, want := range tt.want {
				var addr ethtypes.Address
				addr[19] = byte(i + 1)
				if addrs[i] != addr {
					t.Errorf("Addresses[%d] = %x, want %x", i, addrs[i], addr)
				}
				got, ok := s.Lookup(addr)
				if !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("Lookup(%x) = %#v, %v; want %#v", addr, got, ok, want)
				}
			}
			// The next address is not a precompile of this fork.
			var next ethtypes.Address
			next[19] = byte(len(tt.want) + 1)
			if c, ok := s.Lookup(next); ok || c != nil {
				t.Errorf("Lookup(%x) = %v, %v; want none", next, c, ok)
			}
		})
	}
}

func TestLookupNonPrecompiles(t *testing.T) {
	s := ForRules(ethtypes.Rules{IsByzantium: true, IsIstanbul: true, IsBerlin: true, IsCancun: true})
	var (
		zero, high, mid, b0b, b100, bff [20]byte
	)
	high[0], high[19] = 1, 1 // 0x0100..01
	mid[10], mid[19] = 1, 5
	b0b[19] = 0x0b
	b100[18] = 1 // 0x..0100
	bff[19] = 0xff
	for name, a := range map[string][20]byte{
		"zero": zero, "high byte set": high, "middle byte set": mid,
		"0x0b": b0b, "0x0100": b100, "0xff": bff,
	} {
		if c, ok := s.Lookup(a); ok || c != nil {
			t.Errorf("%s: Lookup(%x) = %v, %v; want none", name, a, c, ok)
		}
	}
	var zs Set
	one := [20]byte{19: 1}
	if _, ok := zs.Lookup(one); ok {
		t.Errorf("zero Set: Lookup(0x01) found a contract")
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	s := ForRules(ethtypes.Rules{IsCancun: true})
	addr := ethtypes.Address{19: 5}
	other := ethtypes.Address{0: 0xaa, 19: 5}
	n := testing.AllocsPerRun(100, func() {
		if _, ok := s.Lookup(addr); !ok {
			t.Fatal("modexp not found")
		}
		if _, ok := s.Lookup(other); ok {
			t.Fatal("found a contract at a non-precompile address")
		}
		_ = s.Addresses()
	})
	if n != 0 {
		t.Errorf("Lookup allocates %v times per call", n)
	}
}
