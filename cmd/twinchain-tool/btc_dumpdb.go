package main

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

const dumpUsage = `usage: twinchain-tool btc dumpdb -datadir=DIR [-chain=NAME] [-what=all|index|chainstate]

Prints the records of DIR/blocks/index and DIR/chainstate (Bitcoin Core's
layout), decoded, one per line:

  b HASH height= status= txs= file= data= undo= version= prev= merkle= time= bits= nonce=
  f FILE blocks= size= undosize= heights=FIRST..LAST times=FIRST..LAST
  l FILE | R VALUE | F NAME=VALUE | t TXID file= blockpos= txoffset=
  obfuscate_key HEX | B HASH | H TO FROM
  C TXID:VOUT height= coinbase= value= script=HEX

Block index records are sorted by height, coins by key. The databases are
opened read-only; -chain only names the network in the header line.
`

// runDumpDB implements "twinchain-tool btc dumpdb".
func runDumpDB(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("btc dumpdb", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, dumpUsage) }
	datadir := fs.String("datadir", "", "data directory")
	chain := fs.String("chain", chaincfg.NameMain, "network")
	what := fs.String("what", "all", "all, index or chainstate")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *datadir == "" || fs.NArg() != 0 || (*what != "all" && *what != "index" && *what != "chainstate") {
		fs.Usage()
		return 2
	}
	if _, err := chaincfg.ByName(*chain); err != nil {
		fmt.Fprintf(stderr, "btc dumpdb: %v\n", err)
		return 2
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	defer w.Flush()
	fmt.Fprintf(w, "# network %s, data directory %s\n", *chain, *datadir)
	if *what != "chainstate" {
		dir := filepath.Join(*datadir, blockchain.BlocksDirName, blockstore.IndexDirName)
		if err := dumpIndex(w, dir); err != nil {
			w.Flush()
			fmt.Fprintf(stderr, "btc dumpdb: %s: %v\n", dir, err)
			return 1
		}
	}
	if *what != "index" {
		dir := filepath.Join(*datadir, blockchain.ChainstateDirName)
		if err := dumpChainstate(w, dir); err != nil {
			w.Flush()
			fmt.Fprintf(stderr, "btc dumpdb: %s: %v\n", dir, err)
			return 1
		}
	}
	return 0
}

func openReadOnly(dir string) (*leveldb.DB, error) {
	return leveldb.Open(dir, leveldb.Options{ReadOnly: true, ErrorIfMissing: true})
}

// dumpIndex prints the block index database.
func dumpIndex(w io.Writer, dir string) error {
	db, err := openReadOnly(dir)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(w, "# blocks/index\n")
	var blocks []blockstore.DiskBlockIndex
	var other []string
	it := db.NewIterator(nil, nil)
	defer it.Release()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if len(k) == 0 {
			continue
		}
		switch k[0] {
		case 'b':
			r, err := blockstore.DecodeDiskBlockIndex(v)
			if err != nil {
				return fmt.Errorf("record %x: %w", k, err)
			}
			blocks = append(blocks, r)
		case 'f':
			info, err := blockstore.DecodeBlockFileInfo(v)
			if err != nil || len(k) != 5 {
				return fmt.Errorf("record %x: malformed file information", k)
			}
			other = append(other, fmt.Sprintf("f %d blocks=%d size=%d undosize=%d heights=%d..%d times=%d..%d",
				int32(binary.LittleEndian.Uint32(k[1:])), info.Blocks, info.Size, info.UndoSize,
				info.HeightFirst, info.HeightLast, info.TimeFirst, info.TimeLast))
		case 'l':
			if len(v) < 4 {
				return fmt.Errorf("last file record %x is malformed", v)
			}
			other = append(other, fmt.Sprintf("l %d", int32(binary.LittleEndian.Uint32(v))))
		case 'R':
			other = append(other, fmt.Sprintf("R %q", v))
		case 'F':
			n, used, err := primitives.ReadCompactSize(k[1:])
			if err != nil || uint64(len(k)-1-used) != n {
				return fmt.Errorf("flag key %x is malformed", k)
			}
			other = append(other, fmt.Sprintf("F %s=%s", k[1+used:], v))
		case 't':
			pos, err := blockstore.DecodeTxPos(v)
			if err != nil || len(k) != 33 {
				return fmt.Errorf("record %x: malformed transaction position", k)
			}
			var txid [32]byte
			copy(txid[:], k[1:])
			other = append(other, fmt.Sprintf("t %s file=%d blockpos=%d txoffset=%d",
				hashString(txid), pos.Block.File, pos.Block.Pos, pos.TxOffset))
		default:
			other = append(other, fmt.Sprintf("? %x -> %x", k, v))
		}
	}
	if err := it.Error(); err != nil {
		return err
	}
	slices.SortStableFunc(blocks, func(a, b blockstore.DiskBlockIndex) int { return cmp.Compare(a.Height, b.Height) })
	for i := range blocks {
		r := &blocks[i]
		h := &r.Header
		fmt.Fprintf(w, "b %s height=%d status=0x%x(%s) txs=%d file=%d data=%d undo=%d version=0x%08x prev=%s merkle=%s time=%d bits=%08x nonce=%d\n",
			r.Hash, r.Height, uint32(r.Status), statusNames(r.Status), r.TxCount, r.File, r.DataPos, r.UndoPos,
			uint32(h.Version), h.PrevBlock, h.MerkleRoot, h.Timestamp, h.Bits, h.Nonce)
	}
	for _, line := range other {
		fmt.Fprintln(w, line)
	}
	return nil
}

func hashString(b [32]byte) string {
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return hex.EncodeToString(b[:])
}

// statusNames spells out BlockStatus bits as Core names them.
func statusNames(s blockstore.BlockStatus) string {
	names := []string{[]string{"VALID_UNKNOWN", "VALID_RESERVED", "VALID_TREE", "VALID_TRANSACTIONS",
		"VALID_CHAIN", "VALID_SCRIPTS", "VALID_6", "VALID_7"}[s&blockstore.BlockValidMask]}
	for _, f := range []struct {
		bit  blockstore.BlockStatus
		name string
	}{
		{blockstore.BlockHaveData, "HAVE_DATA"}, {blockstore.BlockHaveUndo, "HAVE_UNDO"},
		{blockstore.BlockFailedValid, "FAILED_VALID"}, {blockstore.BlockFailedChild, "FAILED_CHILD"},
		{blockstore.BlockOptWitness, "OPT_WITNESS"}, {blockstore.BlockStatusReserved, "STATUS_RESERVED"},
	} {
		if s&f.bit != 0 {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, "|")
}

// dumpChainstate prints the chainstate database.
func dumpChainstate(w io.Writer, dir string) error {
	db, err := openReadOnly(dir)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(w, "# chainstate\n")
	cs, err := utxoset.OpenDB(db, utxoset.DBOptions{NoObfuscate: true})
	if err != nil {
		return err
	}
	key := cs.ObfuscationKey()
	fmt.Fprintf(w, "obfuscate_key %x\n", key[:])
	best, err := cs.BestBlock()
	if err != nil {
		return err
	}
	if !best.IsZero() {
		fmt.Fprintf(w, "B %s\n", best)
	}
	heads, err := cs.HeadBlocks()
	if err != nil {
		return err
	}
	if len(heads) > 0 {
		fmt.Fprintf(w, "H")
		for _, h := range heads {
			fmt.Fprintf(w, " %s", h)
		}
		fmt.Fprintln(w)
	}
	return cs.ForEachCoin(func(op primitives.OutPoint, c primitives.Coin) error {
		_, err := fmt.Fprintf(w, "C %s:%d height=%d coinbase=%v value=%d script=%x\n",
			op.Hash, op.Index, c.Height, c.IsCoinBase, c.Out.Value, c.Out.ScriptPubKey)
		return err
	})
}
