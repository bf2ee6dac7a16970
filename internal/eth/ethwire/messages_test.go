package ethwire

import (
	"bytes"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// sampleMessages returns one filled value of every message.
func sampleMessages() []Message {
	blk := sampleBlock()
	logs := []ethtypes.Log{{Address: ethtypes.Address{1}, Topics: []ethtypes.Hash{{2}}, Data: []byte{3}}}
	return []Message{
		&Status{ProtocolVersion: ProtocolVersion, NetworkID: 1337, TD: u256(1 << 40), Head: ethtypes.Hash{1},
			Genesis: ethtypes.Hash{2}, ForkID: ForkID{Hash: [4]byte{1, 2, 3, 4}, Next: 99}},
		&NewBlockHashes{Blocks: []BlockAnnounce{{Hash: ethtypes.Hash{1}, Number: 1}, {Hash: ethtypes.Hash{2}, Number: 1 << 40}}},
		&Transactions{Txs: sampleTxs()},
		&GetBlockHeaders{RequestID: 7, Origin: HashOrNumber{Number: 100}, Amount: 192, Skip: 0, Reverse: false},
		&GetBlockHeaders{RequestID: 8, Origin: HashOrNumber{Hash: ethtypes.Hash{5}}, Amount: 1, Skip: 3, Reverse: true},
		&BlockHeaders{RequestID: 9, Headers: []*ethtypes.Header{sampleHeader(1), legacyHeader(2)}},
		&GetBlockBodies{RequestID: 10, Hashes: []ethtypes.Hash{{1}, {2}}},
		&BlockBodies{RequestID: 11, Bodies: []*ethtypes.Body{blk.Body(), {}}},
		&NewBlock{Block: blk, TD: u256(123456)},
		&NewPooledTransactionHashes{Types: []byte{0, 2}, Sizes: []uint32{100, 1 << 20}, Hashes: []ethtypes.Hash{{1}, {2}}},
		&GetPooledTransactions{RequestID: 12, Hashes: []ethtypes.Hash{{3}}},
		&PooledTransactions{RequestID: 13, Txs: sampleTxs()},
		&GetReceipts{RequestID: 14, Hashes: []ethtypes.Hash{{4}}},
		&Receipts{RequestID: 15, Receipts: []ethtypes.Receipts{
			{{Status: 1, CumulativeGasUsed: 21000}, {Type: ethtypes.DynamicFeeTxType, Status: 1, CumulativeGasUsed: 42000, Logs: logs, Bloom: ethtypes.LogsBloom(logs)}},
			{},
		}},
		&Ping{Nonce: 1 << 63},
		&Pong{Nonce: 0},
		&Disconnect{Reason: DiscUselessPeer, Text: "genesis mismatch"},
	}
}

// TestMessageRoundTrip encodes every message, decodes it by its code,
// re-encodes it and compares bytes and the message's code.
func TestMessageRoundTrip(t *testing.T) {
	seen := map[Code]bool{}
	for _, m := range sampleMessages() {
		t.Run(m.Code().String(), func(t *testing.T) {
			seen[m.Code()] = true
			enc := EncodeMessage(m)
			got, err := DecodeMessage(m.Code(), enc)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got.Code() != m.Code() {
				t.Fatalf("code %v, want %v", got.Code(), m.Code())
			}
			if re := EncodeMessage(got); !bytes.Equal(re, enc) {
				t.Fatalf("re-encoding differs:\n%x\n%x", re, enc)
			}
			// A frame round trip too.
			frame := AppendMessage(nil, m)
			fm, n, err := ReadMessage(bytes.NewReader(frame), 0)
			if err != nil || n != len(frame) {
				t.Fatalf("ReadMessage: %v (n=%d of %d)", err, n, len(frame))
			}
			if !bytes.Equal(EncodeMessage(fm), enc) {
				t.Fatal("frame round trip differs")
			}
		})
	}
	for code := range newMessage {
		if newMessage[code] != nil && !seen[Code(code)] {
			t.Errorf("no sample for %v", Code(code))
		}
	}
}

// TestMessageFields checks decoded field values of a few messages.
func TestMessageFields(t *testing.T) {
	st := &Status{ProtocolVersion: 68, NetworkID: 5, TD: u256(77), Head: ethtypes.Hash{1}, Genesis: ethtypes.Hash{2},
		ForkID: ForkID{Hash: [4]byte{9}, Next: 3}}
	var got Status
	if err := got.DecodeRLP(EncodeMessage(st)); err != nil {
		t.Fatal(err)
	}
	if got != *st {
		t.Errorf("status = %+v, want %+v", got, *st)
	}
	q := &GetBlockHeaders{RequestID: 1, Origin: HashOrNumber{Hash: ethtypes.Hash{7}}, Amount: 2, Skip: 3, Reverse: true}
	var gq GetBlockHeaders
	if err := gq.DecodeRLP(EncodeMessage(q)); err != nil || gq != *q {
		t.Errorf("GetBlockHeaders = %+v, %v", gq, err)
	}
	var nb NewBlock
	blk := sampleBlock()
	if err := nb.DecodeRLP(EncodeMessage(&NewBlock{Block: blk, TD: u256(5)})); err != nil {
		t.Fatal(err)
	}
	if nb.Block.Hash() != blk.Hash() || nb.TD != u256(5) || len(nb.Block.Txs) != 2 || len(nb.Block.Withdrawals) != 1 {
		t.Errorf("NewBlock decoded wrongly: %+v", nb)
	}
	var bb BlockBodies
	if err := bb.DecodeRLP(EncodeMessage(&BlockBodies{RequestID: 3, Raw: [][]byte{AppendBody(nil, blk.Body())}})); err != nil {
		t.Fatal(err)
	}
	if bb.RequestID != 3 || len(bb.Bodies) != 1 || bb.Bodies[0].Transactions[1].Hash() != blk.Txs[1].Hash() {
		t.Errorf("BlockBodies from raw decoded wrongly")
	}
}

// TestBlockVectorMessages carries every block of the shared
// BlockchainTests in NewBlock, BlockHeaders, BlockBodies and Transactions
// messages and checks each round trip.
func TestBlockVectorMessages(t *testing.T) {
	raws := blockVectors(t, true)
	passed := 0
	for i, raw := range raws {
		blk, err := ethtypes.DecodeBlock(raw)
		if err != nil {
			continue // invalid-RLP vectors
		}
		msgs := []Message{
			&NewBlock{Block: blk, TD: u256(uint64(i))},
			&BlockHeaders{RequestID: uint64(i), Headers: []*ethtypes.Header{blk.Header}},
			&BlockBodies{RequestID: uint64(i), Bodies: []*ethtypes.Body{blk.Body()}},
			&Transactions{Txs: blk.Txs},
		}
		for _, m := range msgs {
			enc := EncodeMessage(m)
			got, err := DecodeMessage(m.Code(), enc)
			if err != nil {
				t.Fatalf("block %d %v: %v", i, m.Code(), err)
			}
			if !bytes.Equal(EncodeMessage(got), enc) {
				t.Fatalf("block %d %v: round trip differs", i, m.Code())
			}
		}
		nb, _ := DecodeMessage(NewBlockCode, EncodeMessage(msgs[0]))
		if nb.(*NewBlock).Block.Hash() != blk.Hash() {
			t.Fatalf("block %d: hash changed", i)
		}
		passed++
	}
	if passed == 0 {
		t.Fatal("no block vectors decoded")
	}
	t.Logf("%d block vectors round-tripped through 4 messages each", passed)
}

// TestDecodeErrors feeds malformed and oversized payloads to the decoders.
func TestDecodeErrors(t *testing.T) {
	hashes := func(n int) []ethtypes.Hash { return make([]ethtypes.Hash, n) }
	headers := make([]*ethtypes.Header, MaxHeaders+1)
	for i := range headers {
		headers[i] = legacyHeader(uint64(i))
	}
	bodies := make([]*ethtypes.Body, MaxBodies+1)
	for i := range bodies {
		bodies[i] = &ethtypes.Body{}
	}
	tooManyAnn := &NewBlockHashes{Blocks: make([]BlockAnnounce, MaxHashes+1)}
	pooled := &NewPooledTransactionHashes{Types: make([]byte, MaxHashes+1), Sizes: make([]uint32, MaxHashes+1), Hashes: hashes(MaxHashes + 1)}
	mismatch := &NewPooledTransactionHashes{Types: []byte{0, 2}, Sizes: []uint32{1}, Hashes: hashes(2)}
	mismatch2 := &NewPooledTransactionHashes{Types: []byte{0}, Sizes: []uint32{1}, Hashes: hashes(2)}
	zeroHashOrigin := rlp.AppendListHeader(nil, 1+1+33+3)
	zeroHashOrigin = append(zeroHashOrigin, 0x01)
	zeroHashOrigin = rlp.AppendListHeader(zeroHashOrigin, 33+3)
	zeroHashOrigin = rlp.AppendBytes(zeroHashOrigin, make([]byte, 32))
	zeroHashOrigin = append(zeroHashOrigin, 0x01, 0x80, 0x80)
	tests := []struct {
		name    string
		code    Code
		payload []byte
		want    ErrorKind
	}{
		{"unknown code", 0x20, []byte{0xc0}, ErrUnknownCode},
		{"status empty", StatusCode, nil, ErrMalformed},
		{"status short hash", StatusCode, EncodeMessage(&Status{})[:10], ErrMalformed},
		{"status trailing", StatusCode, append(EncodeMessage(&Status{}), 0x80), ErrMalformed},
		{"headers too many", BlockHeadersCode, EncodeMessage(&BlockHeaders{Headers: headers}), ErrTooMany},
		{"bodies too many", BlockBodiesCode, EncodeMessage(&BlockBodies{Bodies: bodies}), ErrTooMany},
		{"get bodies too many", GetBlockBodiesCode, EncodeMessage(&GetBlockBodies{Hashes: hashes(MaxBodies + 1)}), ErrTooMany},
		{"get receipts too many", GetReceiptsCode, EncodeMessage(&GetReceipts{Hashes: hashes(MaxReceipts + 1)}), ErrTooMany},
		{"get pooled too many", GetPooledTransactionsCode, EncodeMessage(&GetPooledTransactions{Hashes: hashes(MaxHashes + 1)}), ErrTooMany},
		{"announce too many", NewBlockHashesCode, EncodeMessage(tooManyAnn), ErrTooMany},
		{"pooled hashes too many", NewPooledTransactionHashesCode, EncodeMessage(pooled), ErrTooMany},
		{"pooled hashes sizes mismatch", NewPooledTransactionHashesCode, EncodeMessage(mismatch), ErrMalformed},
		{"pooled hashes hashes mismatch", NewPooledTransactionHashesCode, EncodeMessage(mismatch2), ErrMalformed},
		{"hash of 31 bytes", GetBlockBodiesCode, []byte{0xe2, 0x01, 0xe0, 0x9f, 31: 0}, ErrMalformed},
		{"zero hash origin", GetBlockHeadersCode, zeroHashOrigin, ErrMalformed},
		{"origin list", GetBlockHeadersCode, []byte{0xc6, 0x01, 0xc4, 0xc0, 0x01, 0x80, 0x80}, ErrMalformed},
		{"reverse 2", GetBlockHeadersCode, []byte{0xc6, 0x01, 0xc4, 0x01, 0x01, 0x80, 0x02}, ErrMalformed},
		{"new block bad block", NewBlockCode, []byte{0xc2, 0xc0, 0x80}, ErrMalformed},
		{"tx garbage", TransactionsCode, []byte{0xc1, 0x80}, ErrMalformed},
		{"transactions not list", TransactionsCode, []byte{0x80}, ErrMalformed},
		{"transactions trailing", TransactionsCode, []byte{0xc0, 0x00}, ErrMalformed},
		{"receipt typed without type", ReceiptsCode, []byte{0xc5, 0x01, 0xc3, 0xc2, 0x81, 0x80}, ErrMalformed},
		{"disconnect reason too big", DisconnectCode, []byte{0xc4, 0x82, 0x01, 0x00, 0x80}, ErrMalformed},
		{"ping not list", PingCode, []byte{0x01}, ErrMalformed},
		{"pong trailing element", PongCode, []byte{0xc2, 0x01, 0x02}, ErrMalformed},
		{"body bad withdrawal address", BlockBodiesCode, []byte{0xca, 0x01, 0xc8, 0xc7, 0xc0, 0xc0, 0xc4, 0xc3, 0x01, 0x02, 0x80}, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeMessage(tc.code, tc.payload)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCodeString checks the names of codes.
func TestCodeString(t *testing.T) {
	if s := GetBlockHeadersCode.String(); s != "GetBlockHeaders" {
		t.Errorf("got %q", s)
	}
	if s := Code(0x30).String(); s != "0x30" {
		t.Errorf("got %q", s)
	}
	if s := DiscUselessPeer.String(); s != "useless peer" {
		t.Errorf("got %q", s)
	}
	if s := DisconnectReason(0x77).String(); s != "unknown reason 0x77" {
		t.Errorf("got %q", s)
	}
}
