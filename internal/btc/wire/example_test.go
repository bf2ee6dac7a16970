package wire_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
)

// A peer reads messages in a loop, ignoring unknown commands and dropping
// messages with a bad checksum, as Core does, and disconnecting otherwise.
func Example() {
	magic := chaincfg.RegTest().NetMagic
	var conn bytes.Buffer
	wire.WriteMessage(&conn, magic, &wire.MsgPing{Nonce: 7})
	conn.Write(wire.AppendMessage(nil, magic, &wire.MsgSendHeaders{})[:4]) // a truncated message

	for {
		msg, _, err := wire.ReadMessage(&conn, magic)
		var me *wire.MessageError
		switch {
		case errors.Is(err, wire.ErrUnknownCommand), errors.Is(err, wire.ErrBadChecksum):
			continue // ignored, the stream is still in step
		case errors.As(err, &me):
			fmt.Println("disconnect:", me.Kind)
			return
		case err != nil:
			fmt.Println("connection:", err)
			return
		}
		if ping, ok := msg.(*wire.MsgPing); ok {
			fmt.Println("pong with nonce", ping.Nonce)
		}
	}
	// Output:
	// pong with nonce 7
	// connection: unexpected EOF
}

// A node rebuilds a block announced as a compact block: it asks for what its
// mempool lacks with getblocktxn and completes the block with the answer.
func ExampleNewPartialBlock() {
	// The announcing peer's side: a block of a coinbase only.
	raw, _ := hex.DecodeString("0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c0101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000")
	blk, _ := primitives.DecodeBlock(raw)
	cb := wire.NewCmpctBlock(blk, 0x1234) // the nonce should be random

	// The receiving side, with an empty mempool (nil TxSource).
	pb, err := wire.NewPartialBlock(cb, nil, nil)
	if err != nil {
		fmt.Println(err) // ErrCmpctInvalid: penalize; ErrCmpctFailed: getdata the block
		return
	}
	missing := pb.MissingIndexes() // send getblocktxn if not empty
	rebuilt, err := pb.FillBlock(nil, true)
	fmt.Println(len(missing), err, rebuilt.BlockHash() == blk.BlockHash())
	// Output: 0 <nil> true
}
