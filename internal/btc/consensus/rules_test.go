package consensus

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestGetBlockScriptFlags(t *testing.T) {
	const (
		base = txscript.FlagP2SH | txscript.FlagWitness | txscript.FlagTaproot
		der  = txscript.FlagDERSig
		cltv = txscript.FlagCheckLockTimeVerify
		csv  = txscript.FlagCheckSequenceVerify
		nd   = txscript.FlagNullDummy
	)
	main := chaincfg.MainNet()
	other := chainhash.Hash{7}
	tests := []struct {
		name   string
		p      *chaincfg.Params
		height int32
		hash   chainhash.Hash
		want   txscript.Flags
	}{
		{"mainnet genesis", main, 0, main.GenesisHash, base},
		{"mainnet BIP16 exception block", main, 170060, mustHash("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"), 0},
		{"mainnet before BIP66", main, 363724, other, base},
		{"mainnet BIP66", main, 363725, other, base | der},
		{"mainnet BIP65", main, 388381, other, base | der | cltv},
		{"mainnet CSV", main, 419328, other, base | der | cltv | csv},
		{"mainnet segwit", main, 481824, other, base | der | cltv | csv | nd},
		{"mainnet taproot exception block", main, 692261, mustHash("0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"),
			txscript.FlagP2SH | txscript.FlagWitness | der | cltv | csv | nd},
		{"testnet3 BIP16 exception", chaincfg.TestNet3(), 100, mustHash("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105"), 0},
		{"testnet3 mainnet exception hash is not special", chaincfg.TestNet3(), 100,
			mustHash("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"), base},
		{"regtest genesis", chaincfg.RegTest(), 0, other, base | nd},
		{"regtest height 1", chaincfg.RegTest(), 1, other, base | der | cltv | csv | nd},
		{"testnet4 height 1", chaincfg.TestNet4(), 1, other, base | der | cltv | csv | nd},
		{"signet genesis", chaincfg.SigNet(), 0, other, base},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := GetBlockScriptFlags(tc.p, tc.height, tc.hash); got != tc.want {
				t.Fatalf("flags %s, want %s", got, tc.want)
			}
		})
	}
}

func TestGetBlockSubsidy(t *testing.T) {
	main, rt := chaincfg.MainNet(), chaincfg.RegTest()
	tests := []struct {
		name   string
		p      *chaincfg.Params
		height int32
		want   int64
	}{
		{"genesis", main, 0, 50 * COIN},
		{"last of the first era", main, 209999, 50 * COIN},
		{"first halving", main, 210000, 25 * COIN},
		{"second halving", main, 420000, 1250000000},
		{"third halving", main, 630000, 625000000},
		{"fourth halving", main, 840000, 312500000},
		{"32nd halving", main, 32 * 210000, 1},
		{"33rd halving", main, 33 * 210000, 0},
		{"64th halving", main, 64 * 210000, 0},
		{"regtest first halving", rt, 150, 25 * COIN},
		{"regtest 149", rt, 149, 50 * COIN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := GetBlockSubsidy(tc.height, tc.p); got != tc.want {
				t.Fatalf("subsidy %d, want %d", got, tc.want)
			}
		})
	}
	// Core's subsidy_limit_test: the sum over all halvings.
	var sum int64
	for h := int32(0); h < 14_000_000; h += 1000 {
		s := GetBlockSubsidy(h, main)
		if s > 50*COIN {
			t.Fatal("subsidy above 50 BTC")
		}
		sum += s * 1000
		if !MoneyRange(sum) {
			t.Fatal("sum out of range")
		}
	}
	if sum != 2099999997690000 {
		t.Fatalf("total subsidy %d", sum)
	}
}

func TestCoinbaseAmountAndFees(t *testing.T) {
	p := chaincfg.MainNet()
	cb := coinbaseTx(1, 50*COIN)
	cb.Outputs = append(cb.Outputs, primitives.TxOut{Value: 100})
	wantRule(t, CheckCoinbaseAmount(cb, 1, 100, p), "")
	wantRule(t, CheckCoinbaseAmount(cb, 1, 99, p), ErrBadCbAmount)
	wantRule(t, CheckCoinbaseAmount(cb, 210000, 25*COIN+100, p), "")
	total, err := AccumulateFees(MaxMoney-1, 1)
	if err != nil || total != MaxMoney {
		t.Fatalf("%d %v", total, err)
	}
	_, err = AccumulateFees(MaxMoney, 1)
	wantRule(t, err, ErrBadTxnsAccumulatedFeeOutOfRange)
}

func TestBIP30(t *testing.T) {
	main, rt := chaincfg.MainNet(), chaincfg.RegTest()
	repeat := mustHash("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec")
	other := chainhash.Hash{3}
	tests := []struct {
		name          string
		p             *chaincfg.Params
		height        int32
		hash          chainhash.Hash
		bip34Ancestor chainhash.Hash
		want          bool
	}{
		{"early mainnet block", main, 1000, other, chainhash.Hash{}, true},
		{"repeat block 91842", main, 91842, repeat, chainhash.Hash{}, false},
		{"repeat hash at another height", main, 91843, repeat, chainhash.Hash{}, true},
		{"at BIP34 height", main, 227931, other, main.BIP34Hash, true},
		{"above BIP34 on its chain", main, 227932, other, main.BIP34Hash, false},
		{"above BIP34 on another chain", main, 227932, other, other, true},
		{"from the limit on", main, BIP34ImpliesBIP30Limit, other, main.BIP34Hash, true},
		{"regtest always", rt, 500, other, chainhash.Hash{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EnforceBIP30(tc.p, tc.height, tc.hash, tc.bip34Ancestor); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
	if !IsBIP30Unspendable(91722, mustHash("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e")) ||
		!IsBIP30Unspendable(91812, mustHash("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f")) ||
		IsBIP30Unspendable(91812, other) || !IsBIP30Repeat(91880, mustHash("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721")) {
		t.Fatal("BIP30 exception blocks")
	}

	blk := validRegtestBlock()
	txid := blk.TxHashes()[1]
	wantRule(t, CheckBIP30(blk, CoinMap{}), "")
	wantRule(t, CheckBIP30(blk, CoinMap{{Hash: txid, Index: 0}: {}}), ErrBadTxnsBIP30)
	wantRule(t, CheckBIP30(blk, CoinMap{{Hash: txid, Index: 1}: {}}), "")
}
