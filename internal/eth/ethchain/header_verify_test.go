package ethchain

import (
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

func u64p(v uint64) *uint64 { return &v }

// TestCalcBaseFee checks EIP-1559's update rule (the cases of the EIP and
// of geth's tests) and the London transition block's initial base fee.
func TestCalcBaseFee(t *testing.T) {
	cfg, err := ethparams.ForkConfig("London")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		baseFee        uint64
		limit, used    uint64
		want           uint64
		preLondonChild bool
	}{
		{"at target", 1_000_000_000, 20_000_000, 10_000_000, 1_000_000_000, false},
		{"below target", 1_000_000_000, 20_000_000, 9_000_000, 987_500_000, false},
		{"above target", 1_000_000_000, 20_000_000, 11_000_000, 1_012_500_000, false},
		{"empty parent", 1_000_000_000, 20_000_000, 0, 875_000_000, false},
		{"full parent", 1_000_000_000, 20_000_000, 20_000_000, 1_125_000_000, false},
		{"rise of at least 1", 7, 20_000_000, 10_000_001, 8, false},
		{"fall to zero stays", 0, 20_000_000, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &ethtypes.Header{Number: 5, GasLimit: tc.limit, GasUsed: tc.used, BaseFee: uint256.NewInt(tc.baseFee)}
			got := CalcBaseFee(cfg, p)
			if got.Uint64() != tc.want {
				t.Fatalf("got %d, want %d", got.Uint64(), tc.want)
			}
		})
	}
	berlin, _ := ethparams.ForkConfig("BerlinToLondonAt5")
	if berlin != nil {
		got := CalcBaseFee(berlin, &ethtypes.Header{Number: 4, GasLimit: 10_000_000})
		if got.Uint64() != InitialBaseFee {
			t.Fatalf("London transition base fee %d", got.Uint64())
		}
	}
}

// TestCalcExcessBlobGas checks EIP-4844's excess blob gas.
func TestCalcExcessBlobGas(t *testing.T) {
	bc := ethparams.DefaultCancunBlobConfig
	target := bc.TargetBlobGas()
	tests := []struct {
		name         string
		excess, used *uint64
		want         uint64
	}{
		{"pre-Cancun parent", nil, nil, 0},
		{"below target", u64p(0), u64p(target - ethparams.BlobGasPerBlob), 0},
		{"at target", u64p(5), u64p(target), 5},
		{"above target", u64p(0), u64p(bc.MaxBlobGas()), bc.MaxBlobGas() - target},
		{"excess consumed", u64p(ethparams.BlobGasPerBlob), u64p(0), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &ethtypes.Header{ExcessBlobGas: tc.excess, BlobGasUsed: tc.used}
			if got := CalcExcessBlobGas(p, bc); got != tc.want {
				t.Fatalf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// TestVerifyHeaderForkFields checks the fields that must be absent before
// their fork and the London transition's gas limit elasticity.
func TestVerifyHeaderForkFields(t *testing.T) {
	cfg, err := ethparams.ForkConfig("Berlin")
	if err != nil {
		t.Fatal(err)
	}
	parent := &ethtypes.Header{Number: 1, GasLimit: 8_000_000, Time: 10, UncleHash: ethtypes.EmptyUncleHash}
	parent.Difficulty.SetUint64(0x20000)
	child := func(mod func(h *ethtypes.Header)) *ethtypes.Header {
		h := &ethtypes.Header{ParentHash: parent.Hash(), Number: 2, GasLimit: 8_000_000, Time: 20, UncleHash: ethtypes.EmptyUncleHash}
		h.Difficulty.SetUint64(0x20000)
		if mod != nil {
			mod(h)
		}
		return h
	}
	tests := []struct {
		name string
		mod  func(h *ethtypes.Header)
		want error
	}{
		{"valid proof-of-work child", nil, nil},
		{"base fee before London", func(h *ethtypes.Header) { h.BaseFee = uint256.NewInt(1) }, ErrInvalidBaseFee},
		{"withdrawals before Shanghai", func(h *ethtypes.Header) { h.WithdrawalsHash = &ethtypes.EmptyRootHash }, ErrInvalidWithdrawals},
		{"blob gas before Cancun", func(h *ethtypes.Header) { h.BlobGasUsed, h.ExcessBlobGas = u64p(0), u64p(0) }, ErrInvalidBlobGas},
		{"beacon root before Cancun", func(h *ethtypes.Header) { h.ParentBeaconRoot = &ethtypes.Hash{} }, ErrMissingBeaconRoot},
		{"gas limit up by 1/1024", func(h *ethtypes.Header) { h.GasLimit += 8_000_000 / 1024 }, ErrInvalidGasLimit},
		{"gas limit up by less", func(h *ethtypes.Header) { h.GasLimit += 8_000_000/1024 - 1 }, nil},
		{"gas limit above 2^63-1", func(h *ethtypes.Header) { h.GasLimit = 1 << 63 }, ErrInvalidGasLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := VerifyHeader(cfg, child(tc.mod), parent)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
		})
	}

	// The London transition block doubles the parent's limit.
	london, err := ethparams.ForkConfig("London")
	if err != nil {
		t.Fatal(err)
	}
	trans := *london
	two := uint64(2)
	trans.LondonBlock = &two
	h := child(func(h *ethtypes.Header) { h.GasLimit = 16_000_000; h.BaseFee = uint256.NewInt(InitialBaseFee) })
	if err := VerifyHeader(&trans, h, parent); err != nil {
		t.Fatalf("London transition block: %v", err)
	}
}

// TestBlockRewards checks the proof-of-work rewards: the block reward plus
// 1/32 of it per uncle to the miner, (8 - depth)/8 of it to each uncle's
// miner.
func TestBlockRewards(t *testing.T) {
	cfg, err := ethparams.ForkConfig("Byzantium")
	if err != nil {
		t.Fatal(err)
	}
	sdb, err := statedb.New(ethtypes.Hash{}, statedb.NewMemoryDatabase())
	if err != nil {
		t.Fatal(err)
	}
	miner, uncleMiner := ethtypes.Address{1}, ethtypes.Address{2}
	h := &ethtypes.Header{Number: 10, Coinbase: miner}
	ethconsensus.AccumulateRewards(sdb, ethconsensus.BlockReward(cfg, h.Number), h, []*ethtypes.Header{{Number: 8, Coinbase: uncleMiner}})
	minerBal, uncleBal := sdb.GetBalance(miner), sdb.GetBalance(uncleMiner)
	if want := uint64(3e18 + 3e18/32); minerBal.Uint64() != want {
		t.Errorf("miner %s, want %d", &minerBal, want)
	}
	if want := uint64(3e18 * 6 / 8); uncleBal.Uint64() != want {
		t.Errorf("uncle miner %s, want %d", &uncleBal, want)
	}
}

// TestBlockErrorKinds checks errors.Is and errors.As on every block kind.
func TestBlockErrorKinds(t *testing.T) {
	kinds := []ErrorKind{
		ErrUnknownAncestor, ErrKnownBlock, ErrInvalidNumber, ErrOlderBlockTime, ErrExtraDataTooLong,
		ErrInvalidGasLimit, ErrInvalidGasUsed, ErrInvalidBaseFee, ErrInvalidDifficulty, ErrInvalidNonce,
		ErrInvalidUncleHash, ErrTooManyUncles, ErrInvalidWithdrawals, ErrInvalidBlobGas, ErrMissingBeaconRoot,
		ErrUncleRootMismatch, ErrTxRootMismatch, ErrWithdrawalsRootMismatch, ErrGasUsedMismatch,
		ErrBlobGasUsedMismatch, ErrBloomMismatch, ErrReceiptRootMismatch, ErrStateRootMismatch, ErrTxApply,
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if seen[k.Error()] {
			t.Errorf("duplicate kind text %q", k)
		}
		seen[k.Error()] = true
		err := error(&BlockError{Err: k, Description: "d", Cause: ErrNonceTooLow})
		var be *BlockError
		if !errors.Is(err, k) || !errors.Is(err, ErrNonceTooLow) || !errors.As(err, &be) || be.Err != k {
			t.Errorf("kind %q: errors.Is/As failed", k)
		}
	}
}
