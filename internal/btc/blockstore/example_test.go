package blockstore_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Example stores a block and its index record the way Core does, then reads
// both back.
func Example() {
	dir, err := os.MkdirTemp("", "blocks")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	regtest := [4]byte{0xfa, 0xbf, 0xb5, 0xda}
	s, err := blockstore.Open(blockstore.Options{Dir: filepath.Join(dir, "blocks"), Magic: regtest})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	blk := &primitives.Block{Header: primitives.Header{Version: 1, Timestamp: 1296688602, Bits: 0x207fffff, Nonce: 2},
		Txs: []*primitives.Tx{{Version: 1,
			Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{0x51, 0x51}, Sequence: 0xffffffff}},
			Outputs: []primitives.TxOut{{Value: 50_0000_0000, ScriptPubKey: []byte{0x51}}}}}}
	blk.Header.MerkleRoot, _ = blk.MerkleRoot()

	pos, err := s.WriteBlock(blk.Bytes(), 0)
	if err != nil {
		log.Fatal(err)
	}
	rec := &blockstore.DiskBlockIndex{Height: 0, TxCount: 1, File: pos.File, DataPos: pos.Pos, Header: blk.Header,
		Status: blockstore.BlockValidScripts | blockstore.BlockHaveData}
	if err := s.WriteIndex([]*blockstore.DiskBlockIndex{rec}); err != nil {
		log.Fatal(err)
	}

	hash := blk.BlockHash()
	got, err := s.ReadBlockIndex(hash)
	if err != nil {
		log.Fatal(err)
	}
	bpos, _ := got.BlockPos()
	b, err := s.ReadBlock(bpos, &hash)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bpos, len(b.Txs), got.Status.IsValid(blockstore.BlockValidScripts))
	// Output: FlatFilePos(nFile=0, nPos=8) 1 true
}
