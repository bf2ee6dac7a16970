package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// runImportT runs importblocks and returns its exit status, stdout and
// stderr.
func runImportT(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runImport(append([]string{"-progress=0", "-dbcache=16"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestImportBlocksTool(t *testing.T) {
	bitcoinj := testdata.Path(t, "bitcoinj", "first-100k-blocks.dat")
	btcd := testdata.Path(t, "btcd", "database", "blocks1-256.bz2")
	const tip438 = "height=438 hash=0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a\n"

	t.Run("mainnet", func(t *testing.T) {
		dir := t.TempDir()
		code, out, errs := runImportT(t, "-datadir="+dir, btcd, bitcoinj)
		if code != 0 || out != tip438 {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
		}
		// Again on the same directory: nothing new, same tip.
		code, out, errs = runImportT(t, "-datadir="+dir, bitcoinj)
		if code != 0 || out != tip438 {
			t.Fatalf("second run: exit %d, stdout %q, stderr %s", code, out, errs)
		}
		var dump, derr bytes.Buffer
		if code := runDumpDB([]string{"-datadir=" + dir}, &dump, &derr); code != 0 {
			t.Fatalf("dumpdb: %d %s", code, derr.String())
		}
		for _, want := range []string{
			"b 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f height=0 status=0xb(VALID_TRANSACTIONS|HAVE_DATA) txs=1 file=0 data=8 ",
			"\nf 0 blocks=439 size=99969 ",
			"\nl 0\n", "\nF txindex=0\n",
			"\nB 0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a\n",
			"\nC 46e421bd0d33659cf4be11abfa1b864c25a0e5671a646ed6e7c81d3a69211700:0 height=218 coinbase=true value=5000000000 ",
		} {
			if !strings.Contains(dump.String(), want) {
				t.Errorf("dumpdb output lacks %q", want)
			}
		}
	})

	t.Run("reorg", func(t *testing.T) {
		dir := t.TempDir()
		var files []string
		for _, f := range []string{"blk_0_to_4.dat.bz2", "blk_3A.dat.bz2", "blk_4A.dat.bz2", "blk_5A.dat.bz2"} {
			files = append(files, testdata.Path(t, "btcd", "blockchain", f))
		}
		code, out, errs := runImportT(t, append([]string{"-datadir=" + dir, "-coinbase-maturity=1"}, files...)...)
		want := "height=5 hash=00000000195f85184e77c18914bd0febd11278d950f5e4731a38f71ed79f044e\n"
		if code != 0 || out != want {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
		}
		// Without the override, block 2 spends an immature coinbase.
		code, _, errs = runImportT(t, "-datadir="+t.TempDir(), files[0])
		if code != 1 || !strings.Contains(errs, "bad-txns-premature-spend-of-coinbase") {
			t.Fatalf("maturity 100: exit %d, stderr %s", code, errs)
		}
	})

	t.Run("hex-regtest", func(t *testing.T) {
		code, out, errs := runImportT(t, "-chain=regtest", "-datadir="+t.TempDir(),
			testdata.Path(t, "py-bitcoinkernel", "blocks.txt"))
		want := "height=206 hash=3de082158b117acd088306c395d09771bb7cbf0b7355796c1b1e0bd748ef9bed\n"
		if code != 0 || out != want {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
		}
	})

	raw, err := os.ReadFile(bitcoinj)
	if err != nil {
		t.Fatal(err)
	}
	// offsetOf returns the offset of record i of the bitcoinj file.
	offsetOf := func(i int) int {
		off := 0
		for range i {
			off += 8 + int(binary.LittleEndian.Uint32(raw[off+4:]))
		}
		return off
	}
	const tip99 = "height=99 hash=00000000cd9b12643e6854cb25939b39cd7a1ad0af31a9bd8b2efe67854b1995\n"
	bad := []struct {
		name   string
		data   func() []byte
		chain  string
		reason string
		out    string
	}{
		{"wrong-magic", func() []byte { return raw }, "regtest", "ErrBadMagic", "height=0 "},
		{"truncated", func() []byte { return raw[:offsetOf(101)-10] }, "main", "ErrTruncated", tip99},
		{"corrupted-header", func() []byte {
			b := bytes.Clone(raw)
			b[offsetOf(100)+8+40] ^= 0xff // merkle root of block 100
			return b
		}, "main", "high-hash", tip99},
		{"corrupted-body", func() []byte {
			b := bytes.Clone(raw)
			b[offsetOf(100)+8+80+50] ^= 0x01 // inside block 100's coinbase
			return b
		}, "main", "bad-txnmrklroot", tip99},
		{"bad-size", func() []byte {
			b := bytes.Clone(raw)
			binary.LittleEndian.PutUint32(b[offsetOf(100)+4:], 5_000_000)
			return b
		}, "main", "ErrBadRecordSize", tip99},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(t.TempDir(), "blk.dat")
			if err := os.WriteFile(file, tc.data(), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runImportT(t, "-chain="+tc.chain, "-datadir="+dir, file)
			if code != 1 || !strings.Contains(errs, tc.reason) || !strings.HasPrefix(out, tc.out) {
				t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
			}
			// The directory is consistent: it reopens at the same tip and
			// goes on with the intact file.
			if tc.chain == "main" {
				code, out, errs = runImportT(t, "-datadir="+dir, bitcoinj)
				if code != 0 || out != tip438 {
					t.Fatalf("continuing: exit %d, stdout %q, stderr %s", code, out, errs)
				}
			}
		})
	}

	t.Run("orphans", func(t *testing.T) {
		// Blocks 200-438 alone: their parents never come.
		file := filepath.Join(t.TempDir(), "tail.dat")
		if err := os.WriteFile(file, raw[offsetOf(200):], 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runImportT(t, "-datadir="+t.TempDir(), file)
		if code != 1 || !strings.Contains(errs, "prev-blk-not-found") || !strings.HasPrefix(out, "height=0 ") {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
		}
	})

	t.Run("usage", func(t *testing.T) {
		if code, _, _ := runImportT(t, bitcoinj); code != 2 {
			t.Errorf("no -datadir: exit %d, want 2", code)
		}
		if code, _, _ := runImportT(t, "-chain=nope", "-datadir="+t.TempDir(), bitcoinj); code != 2 {
			t.Errorf("bad chain: exit %d, want 2", code)
		}
	})
}
