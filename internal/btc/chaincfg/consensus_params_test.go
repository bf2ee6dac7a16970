package chaincfg

import (
	"errors"
	"net"
	"strconv"
	"testing"
)

// TestConsensusParams checks the consensus values of every network against
// Core's chainparams.cpp.
func TestConsensusParams(t *testing.T) {
	type heights struct{ bip34, bip65, bip66, csv, segwit, taproot int32 }
	tests := []struct {
		name                        string
		powLimitBits                uint32
		timespan, spacing           int64
		interval                    int32
		minDiff, noRetarget, bip94  bool
		halving                     int32
		h                           heights
		bip34Hash                   string
		exceptions                  int
		zeroChainWork, zeroAssume   bool
		dnsSeeds, rpcPort, pruneAft int
	}{
		{"main", 0x1d00ffff, 1209600, 600, 2016, false, false, false, 210000,
			heights{227931, 388381, 363725, 419328, 481824, 709632},
			"000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8", 2, false, false, 8, 8332, 100000},
		{"test", 0x1d00ffff, 1209600, 600, 2016, true, false, false, 210000,
			heights{21111, 581885, 330776, 770112, 834624, 2011968},
			"0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8", 1, false, false, 5, 18332, 1000},
		{"testnet4", 0x1d00ffff, 1209600, 600, 2016, true, false, true, 210000,
			heights{1, 1, 1, 1, 1, 0}, "", 0, false, false, 2, 48332, 1000},
		{"signet", 0x1e0377ae, 1209600, 600, 2016, false, false, false, 210000,
			heights{1, 1, 1, 1, 1, 0}, "", 0, false, false, 2, 38332, 1000},
		{"regtest", 0x207fffff, 86400, 600, 144, true, true, false, 150,
			heights{1, 1, 1, 1, 0, 0}, "", 0, true, true, 0, 18443, 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ByName(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if p.PowLimitBits != tc.powLimitBits || p.PowTargetTimespan != tc.timespan || p.PowTargetSpacing != tc.spacing ||
				p.DifficultyAdjustmentInterval() != tc.interval {
				t.Errorf("pow: bits %08x timespan %d spacing %d interval %d", p.PowLimitBits, p.PowTargetTimespan,
					p.PowTargetSpacing, p.DifficultyAdjustmentInterval())
			}
			if p.PowAllowMinDifficultyBlocks != tc.minDiff || p.PowNoRetargeting != tc.noRetarget || p.EnforceBIP94 != tc.bip94 {
				t.Errorf("pow rules: minDiff %v noRetarget %v bip94 %v", p.PowAllowMinDifficultyBlocks, p.PowNoRetargeting, p.EnforceBIP94)
			}
			if p.SubsidyHalvingInterval != tc.halving {
				t.Errorf("halving %d", p.SubsidyHalvingInterval)
			}
			got := heights{p.BIP34Height, p.BIP65Height, p.BIP66Height, p.CSVHeight, p.SegwitHeight, p.TaprootHeight}
			if got != tc.h {
				t.Errorf("heights %+v, want %+v", got, tc.h)
			}
			if tc.bip34Hash == "" {
				if !p.BIP34Hash.IsZero() {
					t.Errorf("BIP34Hash %s, want zero", p.BIP34Hash)
				}
			} else if p.BIP34Hash.String() != tc.bip34Hash {
				t.Errorf("BIP34Hash %s", p.BIP34Hash)
			}
			if len(p.ScriptFlagExceptions) != tc.exceptions {
				t.Errorf("%d script flag exceptions", len(p.ScriptFlagExceptions))
			}
			if p.CoinbaseMaturity != 100 {
				t.Errorf("coinbase maturity %d", p.CoinbaseMaturity)
			}
			if p.MinimumChainWork.IsZero() != tc.zeroChainWork || p.DefaultAssumeValid.IsZero() != tc.zeroAssume {
				t.Errorf("minimum chain work %s, assume valid %s", p.MinimumChainWork.Hex(), p.DefaultAssumeValid)
			}
			if len(p.DNSSeeds) != tc.dnsSeeds || int(p.DefaultRPCPort) != tc.rpcPort || int(p.PruneAfterHeight) != tc.pruneAft {
				t.Errorf("dns seeds %d, rpc port %d, prune after %d", len(p.DNSSeeds), p.DefaultRPCPort, p.PruneAfterHeight)
			}
			for i := 1; i < len(p.Checkpoints); i++ {
				if p.Checkpoints[i].Height <= p.Checkpoints[i-1].Height {
					t.Errorf("checkpoints not sorted at %d", i)
				}
			}
			for _, s := range p.FixedSeeds {
				host, port, err := net.SplitHostPort(s)
				if err != nil || net.ParseIP(host) == nil || port != strconv.Itoa(int(p.DefaultPort)) {
					t.Errorf("fixed seed %q: %v", s, err)
				}
			}
		})
	}
}

// TestMainNetExceptions checks the two mainnet script-flag exceptions.
func TestMainNetExceptions(t *testing.T) {
	p := MainNet()
	bip16, taproot := p.ScriptFlagExceptions[0], p.ScriptFlagExceptions[1]
	if bip16.BlockHash.String() != "00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22" ||
		bip16.P2SH || bip16.Witness || bip16.Taproot {
		t.Errorf("BIP16 exception %+v", bip16)
	}
	if taproot.BlockHash.String() != "0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad" ||
		!taproot.P2SH || !taproot.Witness || taproot.Taproot {
		t.Errorf("taproot exception %+v", taproot)
	}
	if got := p.MinimumChainWork.Hex(); got != "0x1128750f82f4c366153a3a030" {
		t.Errorf("minimum chain work %s", got)
	}
}

func TestApplyTestActivationHeight(t *testing.T) {
	tests := []struct {
		arg  string
		d    Deployment
		want int32
		err  bool
	}{
		{arg: "segwit@431", d: DeploymentSegwit, want: 431},
		{arg: "bip34@2", d: DeploymentHeightInCB, want: 2},
		{arg: "dersig@0", d: DeploymentDERSig, want: 0},
		{arg: "cltv@1351", d: DeploymentCLTV, want: 1351},
		{arg: "csv@432", d: DeploymentCSV, want: 432},
		{arg: "csv@2147483646", d: DeploymentCSV, want: 2147483646},
		{arg: "csv", err: true},
		{arg: "csv@", err: true},
		{arg: "csv@-1", err: true},
		{arg: "csv@+5", err: true},
		{arg: "csv@ 5", err: true},
		{arg: "csv@2147483647", err: true},
		{arg: "csv@99999999999", err: true},
		{arg: "taproot@5", err: true},
		{arg: "@5", err: true},
		{arg: "Segwit@5", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			p := RegTest()
			err := p.ApplyTestActivationHeight(tc.arg)
			if tc.err {
				var e Error
				if !errors.Is(err, ErrInvalidTestActivationHeight) || !errors.As(err, &e) || e.Description == "" {
					t.Fatalf("got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.ActivationHeight(tc.d); got != tc.want {
				t.Fatalf("%s height %d, want %d", tc.d, got, tc.want)
			}
			if !p.DeploymentActiveAt(tc.d, tc.want) || (tc.want > 0 && p.DeploymentActiveAt(tc.d, tc.want-1)) {
				t.Fatal("DeploymentActiveAt disagrees with the height")
			}
			if RegTest().ActivationHeight(tc.d) == tc.want && tc.want > 2 {
				t.Fatal("override leaked into a fresh RegTest")
			}
		})
	}
}

func TestDeploymentNames(t *testing.T) {
	for _, name := range []string{"bip34", "cltv", "dersig", "csv", "segwit"} {
		d, ok := DeploymentByName(name)
		if !ok || d.String() != name {
			t.Errorf("%s: %v %v", name, d, ok)
		}
	}
	if Deployment(99).String() != "unknown" || MainNet().ActivationHeight(Deployment(99)) != 1<<31-1 {
		t.Error("unknown deployment")
	}
}

func TestCustomSigNet(t *testing.T) {
	challenge := []byte{0x51} // OP_TRUE
	p := CustomSigNet(challenge)
	challenge[0] = 0
	if !p.IsSignet() || p.SignetChallenge[0] != 0x51 {
		t.Fatal("challenge not copied")
	}
	if p.NetMagic == SigNet().NetMagic {
		t.Fatal("custom signet has the default magic")
	}
	if p.NetMagic != signetMagic([]byte{0x51}) || !p.MinimumChainWork.IsZero() || !p.DefaultAssumeValid.IsZero() ||
		len(p.DNSSeeds) != 0 || len(p.FixedSeeds) != 0 {
		t.Fatalf("custom signet: %+v", p)
	}
	if p.GenesisHash != SigNet().GenesisHash {
		t.Fatal("custom signet has another genesis")
	}
	if MainNet().IsSignet() || RegTest().IsSignet() {
		t.Fatal("IsSignet on a non-signet")
	}
}

func TestCoinbaseMaturityOverride(t *testing.T) {
	p := MainNet()
	p.CoinbaseMaturity = 1
	if MainNet().CoinbaseMaturity != DefaultCoinbaseMaturity {
		t.Fatal("override leaked")
	}
}
