package chaingen

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// fastParams returns regtest parameters with a short coinbase maturity, so
// that small chains spend from early on.
func fastParams(maturity int32) *chaincfg.Params {
	p := chaincfg.RegTest()
	p.CoinbaseMaturity = maturity
	return p
}

// validateChain connects blocks on a fresh validator and returns it.
func validateChain(t *testing.T, p *chaincfg.Params, blocks []*primitives.Block) *validator {
	t.Helper()
	v := newValidator(p)
	for _, blk := range blocks {
		if err := v.connect(blk); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// TestGenerateValid builds a 150-block regtest chain with the real coinbase
// maturity and checks every block and every input against the consensus
// rules, and that the chain mixes every output type, spend path and hash
// type.
func TestGenerateValid(t *testing.T) {
	cfg := Config{Seed: 7, Blocks: 150, TxsPerBlock: 40}
	start := time.Now()
	c, err := GenerateChain(cfg)
	if err != nil {
		t.Fatal(err)
	}
	gen := time.Since(start)
	if len(c.Blocks) != 150 {
		t.Fatalf("%d blocks, want 150", len(c.Blocks))
	}
	start = time.Now()
	v := validateChain(t, c.Params, c.Blocks)
	t.Logf("generated in %v, validated in %v: %d txs, %d inputs (scripts verified: %d), %d bytes",
		gen, time.Since(start), c.Stats.Txs, c.Stats.Inputs, v.inputs, c.Stats.Bytes)

	// Spending starts once the first coinbase matures, at height 101.
	if want := 50 * 40; c.Stats.Txs != want {
		t.Errorf("%d transactions, want %d", c.Stats.Txs, want)
	}
	if v.inputs != c.Stats.Inputs {
		t.Errorf("validator verified %d inputs, stats say %d", v.inputs, c.Stats.Inputs)
	}
	checkMix(t, &c.Stats)

	// The validator's UTXO set holds exactly what the chain created and
	// did not spend: count it against the stats.
	created := c.Stats.OutputsByType
	total := 0
	for ty := range NumOutputTypes {
		total += created[ty] - c.Stats.InputsByType[ty]
	}
	// Plus the witness-commitment outputs, which are OP_RETURN (not in
	// the set), so nothing to add.
	if len(v.utxo) != total {
		t.Errorf("UTXO set has %d coins, stats predict %d", len(v.utxo), total)
	}
}

// checkMix fails unless the chain holds every kind of spend.
func checkMix(t *testing.T, s *Stats) {
	t.Helper()
	for ty := range OutputType(NumOutputTypes) {
		if s.InputsByType[ty] == 0 || s.OutputsByType[ty] == 0 {
			t.Errorf("%s: %d inputs, %d outputs", ty, s.InputsByType[ty], s.OutputsByType[ty])
		}
	}
	if s.TapLeafCheckSig == 0 || s.TapLeafMultiSig == 0 || s.TapScriptKeyPath == 0 {
		t.Errorf("taproot script-path spends: checksig %d, multisig %d, key %d", s.TapLeafCheckSig, s.TapLeafMultiSig, s.TapScriptKeyPath)
	}
	for _, ht := range []txscript.SigHashType{
		txscript.SigHashDefault, txscript.SigHashAll, txscript.SigHashNone, txscript.SigHashSingle,
		txscript.SigHashAll | txscript.SigHashAnyOneCanPay, txscript.SigHashNone | txscript.SigHashAnyOneCanPay,
		txscript.SigHashSingle | txscript.SigHashAnyOneCanPay,
	} {
		if s.HashTypes[ht] == 0 {
			t.Errorf("no signature with hash type %#x", ht)
		}
	}
	if s.ChainedSpends == 0 || s.CoinbaseSpends == 0 || s.RelativeLocks == 0 || s.LockTimes == 0 || s.NullData == 0 {
		t.Errorf("missing variety: chained %d, coinbase spends %d, relative locks %d, lock times %d, OP_RETURN %d",
			s.ChainedSpends, s.CoinbaseSpends, s.RelativeLocks, s.LockTimes, s.NullData)
	}
	if s.Fees <= 0 {
		t.Errorf("fees %d", s.Fees)
	}
	t.Logf("inputs by type %v, outputs by type %v, hash types %v, chained %d, relative locks %d, lock times %d",
		s.InputsByType, s.OutputsByType, s.HashTypes, s.ChainedSpends, s.RelativeLocks, s.LockTimes)
}

// TestDeterministic checks that the same configuration gives the same
// bytes whatever the number of signing workers, and that the seed matters.
func TestDeterministic(t *testing.T) {
	base := Config{Params: fastParams(5), Seed: 3, Blocks: 40, TxsPerBlock: 30, ForkDepth: 5, Invalid: true}
	serial := base
	serial.Workers = 1
	parallel := base
	parallel.Workers = 4
	a, err := GenerateChain(serial)
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateChain(parallel)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(chainBytes(a), chainBytes(b)) {
		t.Fatal("1 and 4 workers give different chains")
	}
	other := serial
	other.Seed = 4
	c, err := GenerateChain(other)
	if err != nil {
		t.Fatal(err)
	}
	if c.Blocks[len(c.Blocks)-1].BlockHash() == a.Blocks[len(a.Blocks)-1].BlockHash() {
		t.Fatal("seeds 3 and 4 give the same tip")
	}
	// A fork and invalid blocks do not change the main chain.
	plain := serial
	plain.ForkDepth, plain.Invalid = 0, false
	d, err := GenerateChain(plain)
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Blocks {
		if d.Blocks[i].BlockHash() != a.Blocks[i].BlockHash() {
			t.Fatalf("block %d differs with a fork and invalid blocks", i+1)
		}
	}
}

// chainBytes concatenates every block of c.
func chainBytes(c *Chain) []byte {
	var buf bytes.Buffer
	WriteBlocks(&buf, c.Params.NetMagic, c.Blocks...)
	WriteBlocks(&buf, c.Params.NetMagic, c.Fork...)
	for _, ib := range c.Invalid {
		WriteBlocks(&buf, c.Params.NetMagic, ib.Block)
	}
	return buf.Bytes()
}

// TestFork builds a chain with a competing branch and validates the branch
// from its fork point: same parent, one block more.
func TestFork(t *testing.T) {
	const depth = 20
	cfg := Config{Params: fastParams(10), Seed: 11, Blocks: 60, TxsPerBlock: 25, ForkDepth: depth}
	c, err := GenerateChain(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Fork) != depth+1 || c.ForkHeight != int32(60-depth+1) {
		t.Fatalf("fork of %d blocks at height %d", len(c.Fork), c.ForkHeight)
	}
	parent := c.Blocks[c.ForkHeight-2]
	if c.Fork[0].Header.PrevBlock != parent.BlockHash() {
		t.Fatal("fork does not start on the fork point")
	}
	if c.Fork[0].BlockHash() == c.Blocks[c.ForkHeight-1].BlockHash() {
		t.Fatal("fork repeats the main chain")
	}
	validateChain(t, c.Params, c.Blocks)
	v := validateChain(t, c.Params, c.Blocks[:c.ForkHeight-1])
	mainTxids := make(map[string]bool)
	for _, blk := range c.Blocks[c.ForkHeight-1:] {
		for _, h := range blk.TxHashes() {
			mainTxids[h.String()] = true
		}
	}
	shared := 0
	for _, blk := range c.Fork {
		if err := v.connect(blk); err != nil {
			t.Fatal(err)
		}
		for _, h := range blk.TxHashes() {
			if mainTxids[h.String()] {
				shared++
			}
		}
	}
	if shared != 0 {
		t.Errorf("%d transactions appear on both branches", shared)
	}
	forkWork, mainWork := 0, 0
	for _, blk := range c.Fork {
		w := consensus.CalcWork(blk.Header.Bits)
		forkWork += int(w.Uint64())
	}
	for _, blk := range c.Blocks[c.ForkHeight-1:] {
		w := consensus.CalcWork(blk.Header.Bits)
		mainWork += int(w.Uint64())
	}
	if forkWork <= mainWork {
		t.Errorf("fork work %d not above the replaced blocks' %d", forkWork, mainWork)
	}
}

// TestInvalidBlocks checks that each invalid block fails the independent
// validator at the stated stage, with the stated error kind and Core's
// reason, and that everything before that stage passes.
func TestInvalidBlocks(t *testing.T) {
	cfg := Config{Params: fastParams(20), Seed: 5, Blocks: 45, TxsPerBlock: 20, Invalid: true}
	c, err := GenerateChain(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v := validateChain(t, c.Params, c.Blocks)
	names := InvalidClasses()
	if len(c.Invalid) != len(names) {
		t.Fatalf("%d invalid blocks, %d classes", len(c.Invalid), len(names))
	}
	tipHash := c.Blocks[len(c.Blocks)-1].BlockHash()
	for i, ib := range c.Invalid {
		t.Run(ib.Name, func(t *testing.T) {
			if ib.Name != names[i] {
				t.Fatalf("block %d is %q, want %q", i, ib.Name, names[i])
			}
			if ib.Block.Header.PrevBlock != tipHash {
				t.Fatal("not built on the tip")
			}
			if size := ib.Block.SerializeSize(); size > maxBlockSerializedSize {
				t.Errorf("%d bytes: blk-file loaders refuse records over %d", size, maxBlockSerializedSize)
			}
			stage, _, err := v.check(ib.Block)
			if err == nil {
				t.Fatal("the block is valid")
			}
			if stage != ib.Stage || !errors.Is(err, ib.Err) {
				t.Fatalf("failed at stage %s with %v; want stage %s, %v", stage, err, ib.Stage, ib.Err)
			}
			var re *consensus.RuleError
			var se *txscript.Error
			switch {
			case errors.As(err, &re):
				if re.Reason() != ib.Reason {
					t.Errorf("reason %q, want %q", re.Reason(), ib.Reason)
				}
			case errors.As(err, &se):
				if got := "mandatory-script-verify-flag-failed (" + se.Code.Description() + ")"; got != ib.Reason {
					t.Errorf("reason %q, want %q", got, ib.Reason)
				}
			default:
				t.Errorf("error %T: %v", err, err)
			}
		})
	}
	// The validator's state is untouched: the real next block still fits.
	if v.chain.tip() != int32(len(c.Blocks)) {
		t.Fatal("checking invalid blocks changed the tip")
	}
}

// maxBlockSerializedSize is Core's MAX_BLOCK_SERIALIZED_SIZE, the largest
// record -loadblock reads.
const maxBlockSerializedSize = 4_000_000

// TestBlockLimits asks for far more transactions than fit in a block: the
// generator stops below the weight and sigop limits, and the blocks stay
// valid.
func TestBlockLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two blocks of about 4,000 transactions")
	}
	c, err := GenerateChain(Config{Params: fastParams(1), Seed: 2, Blocks: 3, TxsPerBlock: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	for i, blk := range c.Blocks {
		t.Logf("block %d: %d transactions, weight %d", i+1, len(blk.Txs), blk.Weight())
	}
	if n := len(c.Blocks[2].Txs); n < 2000 {
		t.Errorf("last block holds only %d transactions", n)
	}
	validateChain(t, c.Params, c.Blocks)
}

func TestConfigErrors(t *testing.T) {
	noRetarget := chaincfg.MainNet()
	lateSegwit := chaincfg.RegTest()
	lateSegwit.SegwitHeight = 500
	for _, tc := range []struct {
		name string
		cfg  Config
		want error
	}{
		{"negative blocks", Config{Blocks: -1}, ErrBadConfig},
		{"negative txs", Config{TxsPerBlock: -1}, ErrBadConfig},
		{"fork too deep", Config{Blocks: 10, ForkDepth: 10}, ErrBadConfig},
		{"fork length without depth", Config{Blocks: 10, ForkLength: 3}, ErrBadConfig},
		{"mainnet", Config{Params: noRetarget, Blocks: 1}, ErrUnsupportedParams},
		{"late segwit", Config{Params: lateSegwit, Blocks: 1}, ErrUnsupportedParams},
		{"invalid without funds", Config{Blocks: 5, Invalid: true}, ErrBadConfig},
		{"start before genesis", Config{Blocks: 5, StartTime: 1296688602}, ErrBadConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := GenerateChain(tc.cfg)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCoinbaseOnly covers a chain shorter than the coinbase maturity:
// every block holds only its coinbase.
func TestCoinbaseOnly(t *testing.T) {
	blocks, err := Generate(Config{Blocks: 20})
	if err != nil {
		t.Fatal(err)
	}
	for i, blk := range blocks {
		if len(blk.Txs) != 1 {
			t.Fatalf("block %d has %d transactions", i+1, len(blk.Txs))
		}
	}
	validateChain(t, chaincfg.RegTest(), blocks)
}

// BenchmarkGenerate builds ten blocks of 100 transactions after the first
// coinbase matures (1,000 transactions).
func BenchmarkGenerate(b *testing.B) {
	cfg := Config{Params: fastParams(1), Seed: 1, Blocks: 11, TxsPerBlock: 100}
	b.ReportAllocs()
	for b.Loop() {
		c, err := GenerateChain(cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(c.Stats.Txs), "txs/op")
	}
}
