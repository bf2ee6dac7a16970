package wire

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TestBIP157BlockFilters carries the testnet3 filters of Core's
// blockfilters.json in cfilter and cfheaders messages and checks that the
// filter headers a cfheaders message commits to are the expected ones.
func TestBIP157BlockFilters(t *testing.T) {
	var rows [][]any
	if err := json.Unmarshal(readVector(t, "bitcoin-core", "blockfilters.json"), &rows); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows[1:] {
		blk, err := primitives.DecodeBlock(mustHex(t, row[2].(string)))
		if err != nil {
			t.Fatal(err)
		}
		hash, _ := chainhash.NewHashFromStr(row[1].(string))
		if blk.BlockHash() != hash {
			t.Fatalf("height %v: block hash", row[0])
		}
		prev, _ := chainhash.NewHashFromStr(row[4].(string))
		want, _ := chainhash.NewHashFromStr(row[6].(string))
		filter := mustHex(t, row[5].(string))

		cf := MsgCFilter{FilterType: FilterTypeBasic, BlockHash: hash, Filter: filter}
		framed := AppendMessage(nil, [4]byte{0x0b, 0x11, 0x09, 0x07}, &cf)
		msg, _, err := ReadMessage(bytes.NewReader(framed), [4]byte{0x0b, 0x11, 0x09, 0x07})
		if err != nil {
			t.Fatal(err)
		}
		got := msg.(*MsgCFilter)
		if got.BlockHash != hash || !bytes.Equal(got.Filter, filter) {
			t.Fatalf("height %v: cfilter round trip", row[0])
		}

		hdrs := MsgCFHeaders{StopHash: hash, PreviousFilterHeader: prev, FilterHashes: []chainhash.Hash{FilterHash(got.Filter)}}
		var dec MsgCFHeaders
		if err := dec.Decode(hdrs.Encode(nil)); err != nil {
			t.Fatal(err)
		}
		if fh := dec.FilterHeaders(); fh[0] != want {
			t.Fatalf("height %v: filter header %s, want %s", row[0], fh[0], want)
		}
		n++
	}
	t.Logf("%d blockfilters.json vectors", n)
}
