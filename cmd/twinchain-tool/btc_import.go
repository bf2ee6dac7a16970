package main

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/progress"
)

const importUsage = `usage: twinchain-tool btc importblocks -datadir=DIR [flags] FILE...

Validates and connects the blocks of each FILE, in order, into the chain
stored in DIR (Bitcoin Core's layout: DIR/blocks, DIR/chainstate), with the
full consensus rules of the network. A FILE is
  - blk format: records of network magic, 4-byte little-endian size, block
    (Core's blkNNNNN.dat, btcd's and bitcoinj's block dumps);
  - compressed with bzip2 when its name ends in .bz2;
  - otherwise a single raw block, or hex blocks, one per line.
Blocks may come before their parent (they wait for it). Progress goes to
standard error: a bar with the share of the input read and an ETA on a
terminal, otherwise a line every -progress interval, e.g.
  progress: 12.5/50.0 MiB (25.0%), 3.1 MiB/s, ETA 12s, height=N date=D blocks/s=R tx/s=R cache=NMiB
At the end the tip's height and hash are printed:
  height=N hash=HASH
The exit status is 1 at the first invalid block (its reason is printed) or
when blocks are left without a parent, 2 for usage or I/O errors, 130 when
interrupted (the data directory is closed cleanly).

Flags:
  -chain=NAME              main (default), test, testnet4, signet or regtest
  -datadir=DIR             the network's data directory (required)
  -dbcache=N               UTXO and database cache in MiB (default 450)
  -coinbase-maturity=N     override the coinbase maturity (tests only)
  -testactivationheight=name@height
                           move a buried deployment (regtest tests; repeatable)
  -txindex                 keep transaction positions
  -prune=N                 prune block files beyond N MiB (N >= 550)
  -reindex                 rebuild the block index and chainstate first
  -reindex-chainstate      rebuild the chainstate first
  -progress=D              progress line interval (default 2s, 0: none)
  -debug                   log the chain's debug messages
`

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runImport implements "twinchain-tool btc importblocks"; args are the
// arguments after "importblocks".
func runImport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("btc importblocks", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, importUsage) }
	chain := fs.String("chain", chaincfg.NameMain, "network")
	datadir := fs.String("datadir", "", "data directory")
	dbcache := fs.Int("dbcache", blockchain.DefaultDBCacheMiB, "cache in MiB")
	maturity := fs.Int("coinbase-maturity", -1, "coinbase maturity override")
	txindex := fs.Bool("txindex", false, "keep transaction positions")
	prune := fs.Int("prune", 0, "prune target in MiB")
	reindex := fs.Bool("reindex", false, "rebuild the block index and chainstate")
	reindexChainstate := fs.Bool("reindex-chainstate", false, "rebuild the chainstate")
	interval := fs.Duration("progress", 2*time.Second, "progress interval")
	debug := fs.Bool("debug", false, "debug logging")
	var activations listFlag
	fs.Var(&activations, "testactivationheight", "name@height")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *datadir == "" || (fs.NArg() == 0 && !*reindex && !*reindexChainstate) {
		fs.Usage()
		return 2
	}
	params, err := chaincfg.ByName(*chain)
	if err != nil {
		fmt.Fprintf(stderr, "btc importblocks: %v\n", err)
		return 2
	}
	if *maturity >= 0 {
		params.CoinbaseMaturity = int32(*maturity)
	}
	for _, a := range activations {
		if err := params.ApplyTestActivationHeight(a); err != nil {
			fmt.Fprintf(stderr, "btc importblocks: %v\n", err)
			return 2
		}
	}
	level := slog.LevelWarn
	if *debug {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	prog := &importProgress{start: time.Now()}
	for _, f := range fs.Args() {
		if st, err := os.Stat(f); err == nil {
			prog.totalBytes += st.Size()
		}
	}
	prog.init(stderr, *interval)
	c, err := blockchain.Open(blockchain.Options{
		Params:            params,
		DataDir:           *datadir,
		DBCacheMiB:        *dbcache,
		TxIndex:           *txindex,
		PruneMiB:          *prune,
		Reindex:           *reindex,
		ReindexChainstate: *reindexChainstate,
		Logger:            logger,
		Progress:          prog.update,
	})
	if err != nil {
		fmt.Fprintf(stderr, "btc importblocks: %v\n", err)
		return 2
	}
	status := importFiles(ctx, c, fs.Args(), prog, stderr)
	prog.final()
	st := c.BestState()
	if err := c.Close(); err != nil {
		fmt.Fprintf(stderr, "btc importblocks: closing: %v\n", err)
		if status == 0 {
			status = 2
		}
	}
	fmt.Fprintf(stdout, "height=%d hash=%s\n", st.Height, st.Hash)
	return status
}

// importFiles starts the chain and imports the files; it returns the exit
// status.
func importFiles(ctx context.Context, c *blockchain.Chain, files []string, prog *importProgress, stderr io.Writer) int {
	if err := c.Start(ctx); err != nil {
		return reportImportError(stderr, "", err)
	}
	im := c.NewImporter()
	for _, name := range files {
		prog.file = name
		if err := importFile(ctx, im, name, prog); err != nil {
			return reportImportError(stderr, name, err)
		}
		prog.doneBytes += prog.fileBytes
		prog.fileBytes = 0
	}
	if n := im.Orphans(); n > 0 {
		parents := im.OrphanParents()
		fmt.Fprintf(stderr, "btc importblocks: %d blocks left without their parent: prev-blk-not-found (first missing parent %s)\n", n, parents[0])
		return 1
	}
	return 0
}

func reportImportError(stderr io.Writer, file string, err error) int {
	prefix := "btc importblocks: "
	if file != "" {
		prefix += file + ": "
	}
	switch {
	case errors.Is(err, blockchain.ErrInterrupted) || errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "%sinterrupted\n", prefix)
		return 130
	case blockchain.IsRuleError(err):
		var re *blockchain.RuleError
		errors.As(err, &re)
		if re.Hash.IsZero() {
			fmt.Fprintf(stderr, "%sinvalid block data: %s\n", prefix, re.Reason)
		} else {
			fmt.Fprintf(stderr, "%sinvalid block %s: %s\n", prefix, re.Hash, re.Reason)
		}
		if re.Description != "" {
			fmt.Fprintf(stderr, "  %s\n", re.Description)
		}
		return 1
	default:
		for _, k := range []blockchain.ErrorKind{blockchain.ErrBadMagic, blockchain.ErrTruncated,
			blockchain.ErrBadRecordSize, blockchain.ErrTooManyOrphans} {
			if errors.Is(err, k) {
				fmt.Fprintf(stderr, "%s%s: %v\n", prefix, k, err)
				return 1
			}
		}
		fmt.Fprintf(stderr, "%s%v\n", prefix, err)
		return 2
	}
}

// importFile imports one file in whichever format it holds.
func importFile(ctx context.Context, im *blockchain.Importer, name string, prog *importProgress) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	counted := &countingReader{r: f, n: &prog.fileBytes}
	var r io.Reader = counted
	if strings.HasSuffix(name, ".bz2") {
		r = bzip2.NewReader(counted)
	}
	br := bufio.NewReaderSize(r, 1<<20)
	head, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	magic := im.Magic()
	if len(head) == 4 && [4]byte(head) == magic {
		return im.ImportBlkFile(ctx, br, func(int64) { prog.maybePrint() })
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	if blocks, ok := hexBlocks(data); ok {
		for _, raw := range blocks {
			if err := im.ImportBlock(ctx, raw); err != nil {
				return err
			}
			prog.maybePrint()
		}
		return nil
	}
	if len(data) >= 8 {
		for _, name := range chaincfg.Names() {
			if p, err := chaincfg.ByName(name); err == nil && [4]byte(data[:4]) == p.NetMagic {
				return fmt.Errorf("%w: the file holds blocks of network %q (magic %x), not %q (magic %x)",
					blockchain.ErrBadMagic, name, data[:4], im.Network(), magic[:])
			}
		}
	}
	return im.ImportBlock(ctx, data)
}

// hexBlocks decodes a text file of hex blocks, one per line.
func hexBlocks(data []byte) ([][]byte, bool) {
	text := bytes.TrimSpace(data)
	if len(text) == 0 {
		return nil, false
	}
	var out [][]byte
	for _, line := range bytes.Split(text, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		raw := make([]byte, hex.DecodedLen(len(line)))
		if _, err := hex.Decode(raw, line); err != nil {
			return nil, false
		}
		out = append(out, raw)
	}
	return out, len(out) > 0
}

// countingReader counts the bytes read from a file, for the ETA.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// importProgress reports the import's progress (internal/progress): the
// share of the input files read with an ETA, and the tip's height, time,
// rates and cache size as the detail.
type importProgress struct {
	rep        *progress.Reporter
	start      time.Time
	file       string
	totalBytes int64
	doneBytes  int64
	fileBytes  int64

	tip       blockchain.Progress
	haveTip   bool
	startTxs  uint64
	startH    int32
	connected int
}

// update is the chain's Progress hook (called under the chain lock).
func (p *importProgress) update(pr blockchain.Progress) {
	if !p.haveTip {
		p.startTxs, p.startH = pr.ChainTxs-1, pr.Height-1
		p.haveTip = true
	}
	p.tip = pr
	p.connected++
}

// init builds the reporter on w: nothing with a non-positive interval.
func (p *importProgress) init(w io.Writer, interval time.Duration) {
	cfg := progress.Config{
		MeterConfig: progress.MeterConfig{Label: "progress", Bytes: true, Total: p.totalBytes},
		Interval:    interval,
		Detail:      p.detail,
	}
	if interval > 0 {
		cfg.Out = w
	}
	p.rep = progress.New(cfg)
}

// maybePrint updates the reporter with the bytes read so far.
func (p *importProgress) maybePrint() {
	p.rep.Set(p.doneBytes + p.fileBytes)
}

// final writes the closing line.
func (p *importProgress) final() {
	p.rep.Set(p.doneBytes + p.fileBytes)
	p.rep.Finish()
}

// detail describes the tip: height, block time, rates, cache (the hash
// is printed at the end).
func (p *importProgress) detail() string {
	if !p.haveTip {
		return ""
	}
	el := time.Since(p.start).Seconds()
	if el <= 0 {
		el = 1e-9
	}
	blocks := float64(p.tip.Height - p.startH)
	txs := float64(p.tip.ChainTxs - p.startTxs)
	return fmt.Sprintf("height=%d date=%s blocks/s=%.1f tx/s=%.0f cache=%.1fMiB",
		p.tip.Height, p.tip.BlockTime.Format("2006-01-02T15:04:05Z"),
		blocks/el, txs/el, float64(p.tip.CoinsCacheBytes)/(1<<20))
}
