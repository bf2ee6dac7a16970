// Command btcdimport imports a blk file (network magic, 4-byte little-endian
// size, block) into a fresh btcd v0.26.2 database with btcd's full
// validation, for bench/run-import.sh. btcd's own cmd/addblock processes
// blocks with BFFastAdd, which skips the input and script checks; this
// runner opens btcd's database (ffldb) and blockchain.BlockChain the way
// btcd's server does (its default signature and sighash-midstate caches, a
// UTXO cache of -utxocache MiB) and calls ProcessBlock with BFNone for each
// block, in file order, on one goroutine; btcd verifies each block's
// scripts on its own worker goroutines. Blocks btcd already has (the
// genesis block) are skipped. At the end the UTXO cache is flushed and the
// database closed, and the result is printed:
//
//	height=N hash=HASH blocks=N txs=N seconds=S peak_rss_kib=N
//
// (txs counts the transactions of the imported blocks, coinbases included).
//
// usage: btcdimport -datadir DIR [-chain regtest] [-utxocache MiB]
// [-cpuprofile FILE] FILE
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/database"
	_ "github.com/btcsuite/btcd/database/ffldb"
	"github.com/btcsuite/btcd/txscript/v2"
)

// Defaults of btcd's config.go.
const (
	defaultSigCacheMaxSize = 100000
	defaultDBType          = "ffldb"
)

func main() {
	datadir := flag.String("datadir", "", "data directory (must not hold a database yet)")
	chain := flag.String("chain", "regtest", "network: regtest, mainnet, testnet3 or signet")
	utxoCache := flag.Uint64("utxocache", 450, "UTXO cache in MiB (btcd's -utxocachemaxsize)")
	sigCache := flag.Uint("sigcachemaxsize", defaultSigCacheMaxSize, "signature cache entries (btcd's -sigcachemaxsize)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *datadir == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "btcdimport:", err)
			os.Exit(2)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*datadir, *chain, *utxoCache, *sigCache, flag.Arg(0)); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "btcdimport:", err)
		os.Exit(1)
	}
}

func run(datadir, chain string, utxoCacheMiB uint64, sigCacheEntries uint, file string) error {
	var params *chaincfg.Params
	switch chain {
	case "regtest":
		params = &chaincfg.RegressionNetParams
	case "mainnet", "main":
		params = &chaincfg.MainNetParams
	case "testnet3", "test":
		params = &chaincfg.TestNet3Params
	case "signet":
		params = &chaincfg.SigNetParams
	default:
		return fmt.Errorf("unknown chain %q", chain)
	}
	if err := os.MkdirAll(datadir, 0o700); err != nil {
		return err
	}
	db, err := database.Create(defaultDBType, filepath.Join(datadir, "blocks_"+defaultDBType), params.Net)
	if err != nil {
		return err
	}
	start := time.Now()
	bc, err := blockchain.New(&blockchain.Config{
		DB:               db,
		ChainParams:      params,
		Checkpoints:      params.Checkpoints,
		TimeSource:       blockchain.NewMedianTime(),
		SigCache:         txscript.NewSigCache(sigCacheEntries),
		HashCache:        txscript.NewHashCache(sigCacheEntries),
		UtxoCacheMaxSize: utxoCacheMiB << 20,
	})
	if err != nil {
		db.Close()
		return err
	}
	blocks, txs, err := importFile(bc, params, file)
	if err == nil {
		err = bc.FlushUtxoCache(blockchain.FlushRequired)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	best := bc.BestSnapshot()
	fmt.Printf("height=%d hash=%s blocks=%d txs=%d seconds=%.3f peak_rss_kib=%d\n",
		best.Height, best.Hash, blocks, txs, el.Seconds(), peakRSS())
	return nil
}

// importFile processes every block of a blk file with full validation.
func importFile(bc *blockchain.BlockChain, params *chaincfg.Params, file string) (blocks, txs int, err error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var hdr [8]byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return blocks, txs, nil
			}
			return blocks, txs, err
		}
		if binary.LittleEndian.Uint32(hdr[:4]) == 0 {
			return blocks, txs, nil // pre-allocated zeros
		}
		if binary.LittleEndian.Uint32(hdr[:4]) != uint32(params.Net) {
			return blocks, txs, fmt.Errorf("bad magic %x", hdr[:4])
		}
		raw := make([]byte, binary.LittleEndian.Uint32(hdr[4:]))
		if _, err := io.ReadFull(r, raw); err != nil {
			return blocks, txs, err
		}
		blk, err := btcutil.NewBlockFromBytes(raw)
		if err != nil {
			return blocks, txs, err
		}
		have, err := bc.HaveBlock(blk.Hash())
		if err != nil {
			return blocks, txs, err
		}
		if have {
			continue
		}
		_, orphan, err := bc.ProcessBlock(blk, blockchain.BFNone)
		if err != nil {
			return blocks, txs, fmt.Errorf("block %s: %w", blk.Hash(), err)
		}
		if orphan {
			return blocks, txs, fmt.Errorf("block %s: orphan", blk.Hash())
		}
		blocks++
		txs += len(blk.Transactions())
	}
}

// peakRSS returns the process's peak resident set size in KiB (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return -1
}
