package blockchain

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// FuzzImportBlkFile feeds arbitrary bytes to the blk-file importer of a
// regtest chain: it must reject or accept them without panicking, and the
// chain must stay usable.
func FuzzImportBlkFile(f *testing.F) {
	p := chaincfg.RegTest()
	var file []byte
	for _, raw := range kernelBlocks(f)[:20] {
		file = append(file, p.NetMagic[:]...)
		file = binary.LittleEndian.AppendUint32(file, uint32(len(raw)))
		file = append(file, raw...)
		f.Add(append([]byte(nil), file...))
	}
	f.Add(file[:len(file)-7])
	f.Add([]byte{})
	f.Add(make([]byte, 64))
	c := openChain(f, p, f.TempDir(), nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		im := c.NewImporter()
		im.MaxOrphanBytes = 1 << 20
		err := im.ImportBlkFile(context.Background(), bytes.NewReader(data), nil)
		if err != nil && !IsRuleError(err) {
			switch {
			case errorsIsAny(err, ErrBadMagic, ErrTruncated, ErrBadRecordSize, ErrTooManyOrphans):
			default:
				t.Fatalf("unexpected error kind: %v", err)
			}
		}
		if c.BestHeight() < 0 {
			t.Fatal("the chain lost its tip")
		}
	})
}
