package blockstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// mainnet block 1's header.
const block1Header = "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000" +
	"982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299"

const block1Hash = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"

func TestDiskBlockIndexLayout(t *testing.T) {
	hdr := mustHex(t, block1Header)
	header, err := primitives.DecodeHeader(hdr)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		rec  DiskBlockIndex
		// want is the value, hand-encoded field by field.
		want string
	}{{
		name: "data and undo",
		rec: DiskBlockIndex{Height: 1, TxCount: 1, File: 0, DataPos: 293, UndoPos: 8, Header: header,
			Status: BlockValidScripts | BlockHaveData | BlockHaveUndo | BlockOptWitness},
		want: "8eed3c" + // VARINT(259900): 0x0e, (14+1)<<7|0x6d = 2029, (2029+1)<<7|0x3c = 259900
			"01" + // height 1
			"801d" + // status 157 = 0x9d: 0x00 then (0+1)<<7|0x1d
			"01" + // tx count 1
			"00" + // file 0 (HAVE_DATA|HAVE_UNDO)
			"8125" + // data pos 293 = (1+1)<<7|0x25
			"08" + // undo pos 8
			block1Header,
	}, {
		name: "header only",
		rec:  DiskBlockIndex{Height: 300_000, Status: BlockValidTree, File: 7, DataPos: 9, UndoPos: 9, Header: header},
		// File and positions are not written without HAVE_DATA/HAVE_UNDO.
		want: "8eed3c" +
			"91a660" + // 300000: 0x11, (17+1)<<7|0x26 = 2342, (2342+1)<<7|0x60 = 300000
			"02" + // BLOCK_VALID_TREE
			"00" + // no transactions known
			block1Header,
	}, {
		name: "undo only, large file number",
		rec:  DiskBlockIndex{Height: 0, Status: BlockValidChain | BlockHaveUndo | BlockFailedValid, TxCount: 2500, File: 4000, UndoPos: 127, Header: header},
		want: "8eed3c" +
			"00" +
			"34" + // 4|16|32 = 52 = 0x34
			"9244" + // 2500 = (0x12+1)<<7 | 0x44 = 19*128+68
			"9e20" + // 4000 = (0x1e+1)<<7 | 0x20 = 31*128+32
			"7f" + // 127
			block1Header,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.rec.AppendTo(nil)
			want := mustHex(t, tc.want)
			if !bytes.Equal(got, want) {
				t.Fatalf("encoding\n got %x\nwant %x", got, want)
			}
			dec, err := DecodeDiskBlockIndex(got)
			if err != nil {
				t.Fatal(err)
			}
			exp := tc.rec
			exp.ClientVersion = DummyVersion
			exp.Hash = header.BlockHash()
			if exp.Status&BlockHaveMask == 0 {
				exp.File = 0
			}
			if exp.Status&BlockHaveData == 0 {
				exp.DataPos = 0
			}
			if exp.Status&BlockHaveUndo == 0 {
				exp.UndoPos = 0
			}
			if dec != exp {
				t.Fatalf("decoded %+v\nwant %+v", dec, exp)
			}
			if dec.Hash.String() != block1Hash {
				t.Fatalf("hash %v", dec.Hash)
			}
		})
	}
}

// varintBytes is an independent Core VARINT encoder for the tests: it
// builds the groups least significant first and applies the minus-one rule.
func varintBytes(n uint64) []byte {
	var groups []byte
	groups = append(groups, byte(n&0x7f))
	for n > 0x7f {
		n = n>>7 - 1
		groups = append(groups, byte(n&0x7f)|0x80)
	}
	for i, j := 0, len(groups)-1; i < j; i, j = i+1, j-1 {
		groups[i], groups[j] = groups[j], groups[i]
	}
	return groups
}

func TestVarIntKnownValues(t *testing.T) {
	tests := []struct {
		n    uint64
		want string
	}{
		// Values from Core's serialize_tests varints_bitpatterns.
		{0, "00"}, {0x7f, "7f"}, {0x80, "8000"}, {0x1234, "a334"}, {0xffff, "82fe7f"},
		{0x123456, "c7e756"}, {0x80123456, "86ffc7e756"}, {0xffffffff, "8efefefe7f"},
		{0x7fffffffffffffff, "fefefefefefefefe7f"}, {0xffffffffffffffff, "80fefefefefefefefe7f"},
		{259900, "8eed3c"},
	}
	for _, tc := range tests {
		if got := hex.EncodeToString(primitives.AppendVarInt(nil, tc.n)); got != tc.want {
			t.Errorf("AppendVarInt(%#x) = %s, want %s", tc.n, got, tc.want)
		}
		if got := hex.EncodeToString(varintBytes(tc.n)); got != tc.want {
			t.Errorf("varintBytes(%#x) = %s, want %s", tc.n, got, tc.want)
		}
	}
}

func TestReadVarIntLimits(t *testing.T) {
	tests := []struct {
		name string
		n    uint64
		max  uint64
		ok   bool
	}{
		{"int max", math.MaxInt32, maxInt32, true},
		{"int max+1", math.MaxInt32 + 1, maxInt32, false},
		{"uint32 max", math.MaxUint32, maxUint32, true},
		{"uint32 max+1", math.MaxUint32 + 1, maxUint32, false},
		{"uint64 max", math.MaxUint64, maxUint64, true},
		{"zero", 0, maxInt32, true},
		{"small", 300, maxInt32, true},
	}
	for _, tc := range tests {
		b := primitives.AppendVarInt(nil, tc.n)
		v, n, err := readVarInt(b, tc.max, tc.name)
		if tc.ok {
			if err != nil || v != tc.n || n != len(b) {
				t.Errorf("%s: got %d, %d, %v", tc.name, v, n, err)
			}
		} else if !errors.Is(err, primitives.ErrVarIntOverflow) {
			t.Errorf("%s: got %d, %v; want overflow", tc.name, v, err)
		}
	}
	if _, _, err := readVarInt([]byte{0x80}, maxUint32, "eof"); !errors.Is(err, primitives.ErrUnexpectedEOF) {
		t.Errorf("truncated VARINT: %v", err)
	}
}

func TestBlockFileInfoLayout(t *testing.T) {
	info := BlockFileInfo{Blocks: 119, Size: 134_217_000, UndoSize: 16_000_000, HeightFirst: 0, HeightLast: 118, TimeFirst: 1231006505, TimeLast: 1231731025}
	var want []byte
	for _, v := range []uint64{119, 134_217_000, 16_000_000, 0, 118, 1231006505, 1231731025} {
		want = append(want, varintBytes(v)...)
	}
	got := info.AppendTo(nil)
	if !bytes.Equal(got, want) {
		t.Fatalf("encoding\n got %x\nwant %x", got, want)
	}
	// The first bytes, by hand: 119 = 0x77; 134217000 = 0x07fffd28.
	if got[0] != 0x77 {
		t.Fatalf("blocks byte %x", got[0])
	}
	dec, err := DecodeBlockFileInfo(got)
	if err != nil || dec != info {
		t.Fatalf("decoded %+v, %v", dec, err)
	}
	// Trailing bytes are ignored, as Core's database reads ignore them.
	if dec, err := DecodeBlockFileInfo(append(got, 1, 2, 3)); err != nil || dec != info {
		t.Fatalf("with trailing bytes: %+v, %v", dec, err)
	}
	for i := range got {
		if _, err := DecodeBlockFileInfo(got[:i]); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated to %d: %v", i, err)
		}
	}
}

func TestAddBlock(t *testing.T) {
	var f BlockFileInfo
	f.AddBlock(10, 1000)
	f.AddBlock(8, 1200)
	f.AddBlock(12, 900)
	want := BlockFileInfo{Blocks: 3, HeightFirst: 8, HeightLast: 12, TimeFirst: 900, TimeLast: 1200}
	if f != want {
		t.Fatalf("%+v, want %+v", f, want)
	}
}

func TestTxPosLayout(t *testing.T) {
	p := TxPos{Block: FilePos{File: 3, Pos: 1_000_000}, TxOffset: 1}
	// 1000000 = 0x0f4240: groups 0x3c,0x04,0x40 -> minus-one rule gives 0xbc 0x83 0x40
	want := append([]byte{0x03}, varintBytes(1_000_000)...)
	want = append(want, 0x01)
	if got := p.AppendTo(nil); !bytes.Equal(got, want) {
		t.Fatalf("encoding %x, want %x", got, want)
	}
	if hex.EncodeToString(varintBytes(1_000_000)) != "bc8340" {
		t.Fatalf("VARINT(1000000) = %x", varintBytes(1_000_000))
	}
	dec, err := DecodeTxPos(want)
	if err != nil || dec != p {
		t.Fatalf("decoded %+v, %v", dec, err)
	}
}

func TestKeyLayouts(t *testing.T) {
	h, _ := chainhash.NewHashFromStr(block1Hash)
	tests := []struct {
		name string
		key  []byte
		want string
	}{
		{"block index", BlockIndexKey(h), "62" + "4860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000"},
		{"file info 0", FileInfoKey(0), "6600000000"},
		{"file info 258", FileInfoKey(258), "6602010000"},
		{"last file", LastFileKey(), "6c"},
		{"reindexing", ReindexingKey(), "52"},
		{"flag txindex", FlagKey("txindex"), "4607" + hex.EncodeToString([]byte("txindex"))},
		{"flag prunedblockfiles", FlagKey(FlagPrunedBlockFiles), "4610" + hex.EncodeToString([]byte("prunedblockfiles"))},
		{"tx index", TxIndexKey(h), "74" + "4860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000"},
	}
	for _, tc := range tests {
		if got := hex.EncodeToString(tc.key); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestBlockUndoLayout(t *testing.T) {
	hash20 := bytes.Repeat([]byte{0x11}, 20)
	p2pkhScript := append(append([]byte{0x76, 0xa9, 0x14}, hash20...), 0x88, 0xac)
	p2sh := append(append([]byte{0xa9, 0x14}, hash20...), 0x87)
	opReturn := []byte{0x6a, 0x04, 1, 2, 3, 4}
	u := &BlockUndo{Txs: []TxUndo{
		{Coins: []primitives.Coin{
			{Out: primitives.TxOut{Value: 50_0000_0000, ScriptPubKey: p2pkhScript}, Height: 1, IsCoinBase: true},
			{Out: primitives.TxOut{Value: 1, ScriptPubKey: p2sh}, Height: 0},
		}},
		{Coins: []primitives.Coin{
			{Out: primitives.TxOut{Value: 0, ScriptPubKey: opReturn}, Height: 200},
		}},
	}}
	want := "02" + // two transactions
		"02" + // first spends two coins
		"03" + "00" + "32" + "00" + hex.EncodeToString(hash20) + // code 1*2+1, dummy VARINT(0), 50 BTC -> 50, P2PKH
		"00" + "01" + "01" + hex.EncodeToString(hash20) + // code 0: no dummy; 1 sat -> 1; P2SH
		"01" + // second spends one coin
		"8210" + "00" + "00" + "0c" + hex.EncodeToString(opReturn) // code 400 = (0x02+1)<<7|0x10; dummy; 0; VARINT(6+6) + raw script
	got := u.AppendTo(nil)
	if hex.EncodeToString(got) != want {
		t.Fatalf("encoding\n got %x\nwant %s", got, want)
	}
	if u.SerializeSize() != len(got) {
		t.Fatalf("SerializeSize %d, encoded %d", u.SerializeSize(), len(got))
	}
	dec, err := DecodeBlockUndo(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Txs) != 2 || len(dec.Txs[0].Coins) != 2 || len(dec.Txs[1].Coins) != 1 {
		t.Fatalf("shape %+v", dec)
	}
	for i := range u.Txs {
		for j := range u.Txs[i].Coins {
			a, b := u.Txs[i].Coins[j], dec.Txs[i].Coins[j]
			if a.Height != b.Height || a.IsCoinBase != b.IsCoinBase || a.Out.Value != b.Out.Value || !bytes.Equal(a.Out.ScriptPubKey, b.Out.ScriptPubKey) {
				t.Fatalf("coin %d/%d: %+v, want %+v", i, j, b, a)
			}
		}
	}
	// A non-zero legacy version is accepted and ignored.
	alt := mustHex(t, "01"+"01"+"03"+"8e00"+"32"+"00"+hex.EncodeToString(hash20))
	dec, err = DecodeBlockUndo(alt)
	if err != nil || dec.Txs[0].Coins[0].Height != 1 || dec.Txs[0].Coins[0].Out.Value != 50_0000_0000 {
		t.Fatalf("with a non-zero dummy version: %+v, %v", dec, err)
	}
	// The empty undo of a block with only a coinbase.
	if got := (&BlockUndo{}).AppendTo(nil); !bytes.Equal(got, []byte{0}) {
		t.Fatalf("empty undo %x", got)
	}
}

func TestBlockUndoMalformed(t *testing.T) {
	tests := []struct {
		name string
		hex  string
	}{
		{"empty", ""},
		{"tx count larger than data", "05" + "00"},
		{"coin count larger than data", "01" + "fd0010" + "00"},
		{"huge compact size", "fe00000010"},
		{"non-canonical compact size", "fd0100" + "00"},
		{"truncated coin", "01" + "01" + "03" + "00" + "32"},
		{"code beyond uint32", "01" + "01" + "8efefefe7f00" + "00" + "0000"},
		{"amount overflow", "01" + "01" + "02" + "00" + "80fefefefefefefefe7f" + "00" + "1111111111111111111111111111111111111111"},
		{"bad compressed pubkey", "01" + "01" + "02" + "00" + "01" + "04" + "0000000000000000000000000000000000000000000000000000000000000000"},
		{"trailing byte", "00" + "00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeBlockUndo(mustHex(t, tc.hex))
			wantKind(t, err, ErrMalformed)
		})
	}
}

func TestUndoChecksum(t *testing.T) {
	prev := chainhash.Hash{1, 2, 3}
	undo := []byte{0x01, 0x00}
	want := chainhash.DoubleSHA256(append(append([]byte{}, prev[:]...), undo...))
	if got := UndoChecksum(prev, undo); got != want {
		t.Fatalf("%v, want %v", got, want)
	}
}

func TestDiskBlockIndexMalformed(t *testing.T) {
	hdr := block1Header
	tests := []struct {
		name string
		hex  string
	}{
		{"empty", ""},
		{"version beyond int", "8efefefe7f" + "01" + "02" + "00" + hdr},
		{"height beyond int", "8eed3c" + "87fefefe7f" + "02" + "00" + hdr},
		{"file beyond int", "8eed3c" + "01" + "08" + "01" + "87fefefe7f" + "00" + hdr},
		{"missing data pos", "8eed3c" + "01" + "08" + "01" + "00"},
		{"short header", "8eed3c" + "01" + "02" + "00" + hdr[:158]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeDiskBlockIndex(mustHex(t, tc.hex))
			wantKind(t, err, ErrMalformed)
		})
	}
}
