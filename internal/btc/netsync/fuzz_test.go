package netsync

import (
	"sync"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
)

// fuzzCommands are the messages the manager handles.
var fuzzCommands = []string{
	wire.CmdHeaders, wire.CmdBlock, wire.CmdInv, wire.CmdGetData, wire.CmdGetHeaders, wire.CmdGetBlocks,
	wire.CmdTx, wire.CmdNotFound, wire.CmdCmpctBlock, wire.CmdGetBlockTxn, wire.CmdBlockTxn,
}

// FuzzOnMessage feeds decodable hostile messages to a synced node's
// manager: nothing may panic or hang; a misbehaving peer is replaced by a
// new connection.
func FuzzOnMessage(f *testing.F) {
	loadFixture(f)
	blk := fixture.chain.Blocks[testBlocks]
	seed := func(cmd string, m wire.Message) {
		for i, c := range fuzzCommands {
			if c == cmd {
				f.Add(byte(i), m.Encode(nil))
			}
		}
	}
	seed(wire.CmdHeaders, &wire.MsgHeaders{Headers: []primitives.Header{blk.Header}})
	seed(wire.CmdBlock, &wire.MsgBlock{Block: blk})
	seed(wire.CmdInv, &wire.MsgInv{List: []wire.InvVect{{Type: wire.InvBlock, Hash: blk.BlockHash()}}})
	seed(wire.CmdGetData, &wire.MsgGetData{List: []wire.InvVect{{Type: wire.InvCmpctBlock, Hash: fixture.chain.Blocks[testBlocks-1].BlockHash()}}})
	seed(wire.CmdGetHeaders, &wire.MsgGetHeaders{Locator: wire.BlockLocator{fixture.chain.Params.GenesisHash}})
	seed(wire.CmdTx, &wire.MsgTx{Tx: blk.Txs[1]})
	seed(wire.CmdCmpctBlock, wire.NewCmpctBlock(blk, 7))
	seed(wire.CmdGetBlockTxn, &wire.MsgGetBlockTxn{BlockHash: fixture.chain.Blocks[testBlocks-1].BlockHash(), Indexes: []uint16{0, 9}})
	seed(wire.CmdBlockTxn, &wire.MsgBlockTxn{BlockHash: blk.BlockHash(), Txs: blk.Txs[1:2]})

	x := newNode(f, "X", nodeOpts{preload: true})
	y := newNode(f, "Y", nodeOpts{})
	var mu sync.Mutex
	var xp *peer.Peer
	f.Fuzz(func(t *testing.T, which byte, payload []byte) {
		msg, ok := wire.NewMessage(fuzzCommands[int(which)%len(fuzzCommands)])
		if !ok || msg.Decode(payload) != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if xp == nil || !xp.Connected() {
			xp, _ = connect(t, x, y, nil, nop)
		}
		x.mgr.OnMessage(xp, msg)
	})
}
