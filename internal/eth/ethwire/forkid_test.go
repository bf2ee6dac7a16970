package ethwire

import (
	"encoding/hex"
	"errors"
	"math"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// mainnetGenesis is Ethereum mainnet's genesis block hash; mainnet's genesis
// timestamp is 0.
var mainnetGenesis = mustHash("d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3")

func mustHash(s string) ethtypes.Hash {
	h, err := ethtypes.HexToHash(s)
	if err != nil {
		panic(err)
	}
	return h
}

func fid(h uint32, next uint64) ForkID { return ForkID{Hash: sumBytes(h), Next: next} }

// petersburgMainnet is mainnet's configuration capped at Petersburg, the
// state EIP-2124's test vectors were written for.
func petersburgMainnet() *ethparams.ChainConfig {
	c := ethparams.MainnetConfig()
	c.IstanbulBlock, c.MuirGlacierBlock, c.BerlinBlock, c.LondonBlock = nil, nil, nil, nil
	c.ArrowGlacierBlock, c.GrayGlacierBlock, c.ShanghaiTime, c.CancunTime = nil, nil, nil, nil
	return c
}

// TestForkIDEIP2124 runs EIP-2124's mainnet fork id vectors (Petersburg
// cap).
func TestForkIDEIP2124(t *testing.T) {
	s := NewForkSchedule(petersburgMainnet(), mainnetGenesis, 0)
	tests := []struct {
		name string
		head uint64
		want ForkID
	}{
		{"unsynced", 0, fid(0xfc64ec04, 1150000)},
		{"last frontier", 1149999, fid(0xfc64ec04, 1150000)},
		{"first homestead", 1150000, fid(0x97c2c34c, 1920000)},
		{"last homestead", 1919999, fid(0x97c2c34c, 1920000)},
		{"first dao", 1920000, fid(0x91d1f948, 2463000)},
		{"last dao", 2462999, fid(0x91d1f948, 2463000)},
		{"first tangerine", 2463000, fid(0x7a64da13, 2675000)},
		{"last tangerine", 2674999, fid(0x7a64da13, 2675000)},
		{"first spurious", 2675000, fid(0x3edd5b10, 4370000)},
		{"last spurious", 4369999, fid(0x3edd5b10, 4370000)},
		{"first byzantium", 4370000, fid(0xa00bc324, 7280000)},
		{"last byzantium", 7279999, fid(0xa00bc324, 7280000)},
		{"first petersburg", 7280000, fid(0x668db0af, 0)},
		{"today petersburg", 7987396, fid(0x668db0af, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.ID(tc.head, 0); got != tc.want {
				t.Errorf("ID(%d) = %x/%d, want %x/%d", tc.head, got.Hash, got.Next, tc.want.Hash, tc.want.Next)
			}
		})
	}
}

// TestForkIDMainnetCancun extends the vectors to mainnet's configuration up
// to Cancun (block forks, then the Shanghai and Cancun timestamps), with
// the checksums geth's forkid tests list for mainnet.
func TestForkIDMainnetCancun(t *testing.T) {
	s := NewForkSchedule(ethparams.MainnetConfig(), mainnetGenesis, 0)
	tests := []struct {
		name       string
		head, time uint64
		want       ForkID
	}{
		{"petersburg", 7987396, 0, fid(0x668db0af, 9069000)},
		{"first istanbul", 9069000, 0, fid(0x879d6e30, 9200000)},
		{"first muir glacier", 9200000, 0, fid(0xe029e991, 12244000)},
		{"first berlin", 12244000, 0, fid(0x0eb440f6, 12965000)},
		{"first london", 12965000, 0, fid(0xb715077d, 13773000)},
		{"first arrow glacier", 13773000, 0, fid(0x20c327fc, 15050000)},
		{"first gray glacier", 15050000, 0, fid(0xf0afd0e3, 1681338455)},
		{"last pre-shanghai", 20000000, 1681338454, fid(0xf0afd0e3, 1681338455)},
		{"first shanghai", 20000000, 1681338455, fid(0xdce96c2d, 1710338135)},
		{"first cancun", 20000000, 1710338135, fid(0x9f3d2254, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.ID(tc.head, tc.time); got != tc.want {
				t.Errorf("ID(%d, %d) = %x/%d, want %x/%d", tc.head, tc.time, got.Hash, got.Next, tc.want.Hash, tc.want.Next)
			}
		})
	}
	if got := NewForkID(ethparams.MainnetConfig(), mainnetGenesis, 0, 0, 0); got != fid(0xfc64ec04, 1150000) {
		t.Errorf("NewForkID at genesis = %x/%d", got.Hash, got.Next)
	}
}

// TestForkIDValidate runs EIP-2124's validation vectors: a mainnet node at
// a given head checking remote fork ids.
func TestForkIDValidate(t *testing.T) {
	s := NewForkSchedule(petersburgMainnet(), mainnetGenesis, 0)
	tests := []struct {
		name string
		head uint64
		id   ForkID
		want error
	}{
		{"same petersburg", 7987396, fid(0x668db0af, 0), nil},
		{"same petersburg, remote announces future", 7987396, fid(0x668db0af, math.MaxUint64), nil},
		{"byzantium, remote unaware of petersburg", 7279999, fid(0xa00bc324, 0), nil},
		{"byzantium, remote aware of petersburg", 7279999, fid(0xa00bc324, 7280000), nil},
		{"byzantium, remote announces random fork", 7279999, fid(0xa00bc324, math.MaxUint64), nil},
		{"petersburg, remote syncing byzantium", 7987396, fid(0xa00bc324, 7280000), nil},
		{"petersburg, remote syncing spurious", 7987396, fid(0x3edd5b10, 4370000), nil},
		{"byzantium, remote petersburg (local syncing)", 7279999, fid(0x668db0af, 0), nil},
		{"spurious, remote byzantium unaware of petersburg", 4369999, fid(0xa00bc324, 0), nil},
		{"petersburg, remote byzantium stale", 7987396, fid(0xa00bc324, 0), ErrRemoteStale},
		{"petersburg, remote unknown fork", 7987396, fid(0x5cddc0e1, 0), ErrLocalIncompatibleOrStale},
		{"byzantium, remote unknown fork", 7279999, fid(0x5cddc0e1, 0), ErrLocalIncompatibleOrStale},
		{"petersburg, remote rinkeby", 7987396, fid(0xafec6b27, 0), ErrLocalIncompatibleOrStale},
		// Rule 1a: the remote's next fork is behind our head.
		{"remote next fork already passed locally", 7987396, fid(0x668db0af, 7987396), ErrLocalIncompatibleOrStale},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(tc.id, tc.head, 0)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("Validate = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestForkIDValidateTime checks the timestamp phase: rule 1a with a
// timestamp next fork, and rule 2 across the block/time boundary.
func TestForkIDValidateTime(t *testing.T) {
	s := NewForkSchedule(ethparams.MainnetConfig(), mainnetGenesis, 0)
	const head = 20000000
	tests := []struct {
		name string
		time uint64
		id   ForkID
		want error
	}{
		{"cancun same", 1710338135, fid(0x9f3d2254, 0), nil},
		{"shanghai remote syncing", 1710338135, fid(0xdce96c2d, 1710338135), nil},
		{"shanghai remote stale", 1710338135, fid(0xdce96c2d, 0), ErrRemoteStale},
		{"gray glacier remote syncing", 1710338135, fid(0xf0afd0e3, 1681338455), nil},
		{"shanghai, remote future time fork passed", 1710338135, fid(0x9f3d2254, 1710338134), ErrLocalIncompatibleOrStale},
		{"shanghai, remote future time fork ahead", 1700000000, fid(0xdce96c2d, 1800000000), nil},
		{"local syncing remote cancun", 1681338455, fid(0x9f3d2254, 0), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(tc.id, head, tc.time)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("Validate = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestForkIDGenesisForks checks that forks active at genesis (block 0,
// time at or before the genesis time) are not forks.
func TestForkIDGenesisForks(t *testing.T) {
	zero, ts := uint64(0), uint64(1000)
	c := &ethparams.ChainConfig{ChainID: 1337, HomesteadBlock: &zero, EIP150Block: &zero, LondonBlock: &zero,
		ShanghaiTime: &ts, CancunTime: &ts}
	s := NewForkSchedule(c, mainnetGenesis, 1000)
	blocks, times := s.Forks()
	if len(blocks) != 0 || len(times) != 0 {
		t.Fatalf("forks %v %v, want none", blocks, times)
	}
	if got := s.ID(5, 2000); got != fid(0xfc64ec04, 0) {
		t.Errorf("ID = %x/%d, want the bare genesis checksum", got.Hash, got.Next)
	}
	later := uint64(5000)
	c.CancunTime = &later
	s = NewForkSchedule(c, mainnetGenesis, 1000)
	if got := s.ID(5, 2000); got.Next != 5000 {
		t.Errorf("next = %d, want 5000", got.Next)
	}
}

// TestForkIDRLP runs EIP-2124's encoding vectors.
func TestForkIDRLP(t *testing.T) {
	tests := []struct {
		name string
		id   ForkID
		want string
	}{
		{"zero", fid(0, 0), "c6840000000080"},
		{"deadbeef", fid(0xdeadbeef, 0xBADDCAFE), "ca84deadbeef84baddcafe"},
		{"max", fid(math.MaxUint32, math.MaxUint64), "ce84ffffffff88ffffffffffffffff"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := hex.EncodeToString(tc.id.AppendRLP(nil))
			if got != tc.want {
				t.Fatalf("encoding %s, want %s", got, tc.want)
			}
			b, _ := hex.DecodeString(tc.want)
			id, err := DecodeForkID(b)
			if err != nil || id != tc.id {
				t.Fatalf("decode = %v, %v", id, err)
			}
		})
	}
	for _, bad := range []string{"c58300000080", "c6840000000000", "c784000000008000", "c0"} {
		b, _ := hex.DecodeString(bad)
		if _, err := DecodeForkID(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeForkID(%s) = %v, want ErrMalformed", bad, err)
		}
	}
}
