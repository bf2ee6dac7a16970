package wire

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// sampleMessages returns one populated value of every message type.
func sampleMessages(tb testing.TB) []Message {
	tx := segwitTx(tb)
	gen := genesis(tb)
	addr := NetAddr{Services: NodeNetwork | NodeWitness, IP: IPv4Mapped([4]byte{192, 0, 2, 1}), Port: 8333}
	return []Message{
		&MsgVersion{ProtocolVersion: ProtocolVersion, Services: NodeNetwork | NodeWitness | NodeNetworkLimited,
			Timestamp: 1700000000, AddrRecv: addr, AddrFrom: NetAddr{}, Nonce: 0x0123456789abcdef,
			UserAgent: "/twinchain:0.1.0/", StartHeight: 800000, Relay: true},
		&MsgVerAck{},
		&MsgPing{Nonce: 42},
		&MsgPong{Nonce: 1<<64 - 1},
		&MsgAddr{Addrs: []NetAddress{{Time: 1700000000, NetAddr: addr}, {Time: 1, NetAddr: NetAddr{IP: [16]byte{0: 0x20, 1: 0x01, 15: 1}, Port: 18444}}}},
		&MsgAddrV2{Addrs: []NetAddressV2{
			{Time: 1700000000, Services: NodeNetwork | NodeWitness, Net: NetIPv4, Addr: []byte{1, 2, 3, 4}, Port: 8333},
			{Time: 5, Services: 1 << 40, Net: NetTorV3, Addr: bytes.Repeat([]byte{7}, 32), Port: 9050},
			{Time: 6, Services: 0, Net: NetworkID(0xaa), Addr: []byte{0xbb, 0xcc}, Port: 1},
		}},
		&MsgSendAddrV2{},
		&MsgGetAddr{},
		&MsgInv{List: []InvVect{{InvWTx, hashN(1)}, {InvBlock, hashN(2)}}},
		&MsgGetData{List: []InvVect{{InvWitnessTx, hashN(3)}, {InvWitnessBlock, hashN(4)}, {InvCmpctBlock, hashN(5)}}},
		&MsgNotFound{List: []InvVect{{InvWitnessTx, hashN(6)}}},
		&MsgGetHeaders{Version: uint32(ProtocolVersion), Locator: BlockLocator{hashN(7), hashN(8)}, HashStop: hashN(9)},
		&MsgGetBlocks{Version: uint32(ProtocolVersion), Locator: BlockLocator{hashN(10)}},
		&MsgHeaders{Headers: []primitives.Header{gen.Header, {Version: 2, PrevBlock: hashN(1), Bits: 0x207fffff}}},
		&MsgBlock{Block: gen},
		&MsgTx{Tx: tx},
		&MsgMempool{},
		&MsgSendHeaders{},
		&MsgFeeFilter{MinFeeRate: 1000},
		&MsgWTxIDRelay{},
		&MsgSendCmpct{Announce: true, Version: CompactBlocksVersion},
		&MsgCmpctBlock{Header: gen.Header, Nonce: 99, ShortIDs: []uint64{0x0000_1234_5678_9abc, ShortIDMask},
			Prefilled: []PrefilledTx{{Index: 0, Tx: gen.Txs[0]}, {Index: 2, Tx: tx}}},
		&MsgGetBlockTxn{BlockHash: hashN(11), Indexes: []uint16{0, 1, 5, 0xffff}},
		&MsgBlockTxn{BlockHash: hashN(12), Txs: []*primitives.Tx{tx, gen.Txs[0]}},
		&MsgGetCFilters{FilterType: FilterTypeBasic, StartHeight: 100, StopHash: hashN(13)},
		&MsgCFilter{FilterType: FilterTypeBasic, BlockHash: hashN(14), Filter: []byte{1, 2, 3}},
		&MsgGetCFHeaders{StartHeight: 7, StopHash: hashN(15)},
		&MsgCFHeaders{StopHash: hashN(16), PreviousFilterHeader: hashN(17), FilterHashes: []chainhash.Hash{hashN(18), hashN(19)}},
		&MsgGetCFCheckpt{StopHash: hashN(20)},
		&MsgCFCheckpt{StopHash: hashN(21), FilterHeaders: []chainhash.Hash{hashN(22)}},
	}
}

func TestRoundTripEveryMessage(t *testing.T) {
	msgs := sampleMessages(t)
	seen := map[string]bool{}
	for _, m := range msgs {
		t.Run(m.Command(), func(t *testing.T) {
			seen[m.Command()] = true
			payload := m.Encode(nil)
			framed := AppendMessage(nil, mainMagic, m)
			if !bytes.Equal(framed[HeaderSize:], payload) {
				t.Fatal("AppendMessage payload differs from Encode")
			}
			got, n, err := ReadMessage(bytes.NewReader(framed), mainMagic)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(framed) {
				t.Fatalf("read %d bytes of %d", n, len(framed))
			}
			if got.Command() != m.Command() {
				t.Fatalf("command %q", got.Command())
			}
			if re := got.Encode(nil); !bytes.Equal(re, payload) {
				t.Fatalf("re-encoded payload differs:\n%x\n%x", re, payload)
			}
			// Encode appends: a prefix is kept.
			if re := got.Encode([]byte{0xee}); re[0] != 0xee || !bytes.Equal(re[1:], payload) {
				t.Fatal("Encode does not append")
			}
		})
	}
	// Every command NewMessage knows has a sample.
	for _, cmd := range allCommands {
		if !seen[cmd] {
			t.Errorf("no sample for %s", cmd)
		}
		if m, ok := NewMessage(cmd); !ok || m.Command() != cmd {
			t.Errorf("NewMessage(%q)", cmd)
		}
	}
}

var allCommands = []string{CmdVersion, CmdVerAck, CmdAddr, CmdAddrV2, CmdSendAddrV2, CmdInv, CmdGetData,
	CmdNotFound, CmdGetBlocks, CmdGetHeaders, CmdTx, CmdHeaders, CmdBlock, CmdGetAddr, CmdMempool, CmdPing,
	CmdPong, CmdSendHeaders, CmdFeeFilter, CmdSendCmpct, CmdCmpctBlock, CmdGetBlockTxn, CmdBlockTxn,
	CmdWTxIDRelay, CmdGetCFilters, CmdCFilter, CmdGetCFHeaders, CmdCFHeaders, CmdGetCFCheckpt, CmdCFCheckpt}

func TestDecodedFields(t *testing.T) {
	// Spot checks that fields land where they belong, beyond byte equality.
	tests := []struct {
		name  string
		msg   Message
		check func(t *testing.T, m Message)
	}{
		{"addr port big-endian", &MsgAddr{Addrs: []NetAddress{{NetAddr: NetAddr{Port: 8333}}}}, func(t *testing.T, m Message) {
			p := m.Encode(nil)
			if p[len(p)-2] != 0x20 || p[len(p)-1] != 0x8d {
				t.Fatalf("port bytes %x", p[len(p)-2:])
			}
		}},
		{"cmpct short id 6 bytes LE", &MsgCmpctBlock{ShortIDs: []uint64{0x060504030201}}, func(t *testing.T, m Message) {
			p := m.Encode(nil)
			if !bytes.Equal(p[88:96], []byte{1, 1, 2, 3, 4, 5, 6, 0}) {
				t.Fatalf("short ids %x", p[88:96])
			}
		}},
		{"getblocktxn differential", &MsgGetBlockTxn{Indexes: []uint16{3, 4, 10}}, func(t *testing.T, m Message) {
			p := m.Encode(nil)
			if !bytes.Equal(p[32:], []byte{3, 3, 0, 5}) {
				t.Fatalf("indexes %x", p[32:])
			}
		}},
		{"headers tx count 0", &MsgHeaders{Headers: []primitives.Header{{}}}, func(t *testing.T, m Message) {
			p := m.Encode(nil)
			if len(p) != 82 || p[81] != 0 {
				t.Fatalf("headers payload %x", p)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, tc.msg) })
	}
}

func TestCmpctPrefilledDifferential(t *testing.T) {
	gen := genesis(t)
	m := &MsgCmpctBlock{Header: gen.Header, ShortIDs: []uint64{1, 2, 3},
		Prefilled: []PrefilledTx{{Index: 0, Tx: gen.Txs[0]}, {Index: 3, Tx: gen.Txs[0]}}}
	p := m.Encode(nil)
	var got MsgCmpctBlock
	if err := got.Decode(p); err != nil {
		t.Fatal(err)
	}
	if got.Prefilled[0].Index != 0 || got.Prefilled[1].Index != 3 {
		t.Fatalf("indexes %d %d", got.Prefilled[0].Index, got.Prefilled[1].Index)
	}
	// The second differential index is 3-0-1 = 2.
	txLen := gen.Txs[0].SerializeSize()
	if off := 80 + 8 + 1 + 18 + 1 + 1 + txLen; p[off] != 2 {
		t.Fatalf("second differential index %d", p[off])
	}
}

func TestVersionOptionalFields(t *testing.T) {
	full := (&MsgVersion{ProtocolVersion: 70016, Nonce: 5, UserAgent: "/x/", StartHeight: 9, Relay: false}).Encode(nil)
	tests := []struct {
		name      string
		cut       int
		wantErr   bool
		wantRelay bool
		wantUA    string
	}{
		{"through addr_recv", 46, false, true, ""},
		{"truncated addr_recv", 45, true, false, ""},
		{"through nonce", 80, false, true, ""},
		{"half of addr_from", 60, true, false, ""},
		{"through user agent", 84, false, true, "/x/"},
		{"through start height", 88, false, true, "/x/"},
		{"full", 89, false, false, "/x/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m MsgVersion
			err := m.Decode(full[:tc.cut])
			if tc.wantErr {
				wantKind(t, err, ErrMalformed)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Relay != tc.wantRelay || m.UserAgent != tc.wantUA {
				t.Fatalf("relay %v ua %q", m.Relay, m.UserAgent)
			}
		})
	}
	// Trailing bytes after relay are ignored (future fields).
	var m MsgVersion
	if err := m.Decode(append(append([]byte{}, full...), 1, 2, 3)); err != nil {
		t.Fatal(err)
	}
}

func TestLimits(t *testing.T) {
	inv := func(n int) Message { return &MsgInv{List: make([]InvVect, n)} }
	tests := []struct {
		name string
		msg  Message
		into Message
		kind ErrorKind // "" = accepted
	}{
		{"inv 50000", inv(MaxInvSize), &MsgInv{}, ""},
		{"inv 50001", inv(MaxInvSize + 1), &MsgInv{}, ErrTooMany},
		{"getdata 50001", &MsgGetData{List: make([]InvVect, MaxInvSize+1)}, &MsgGetData{}, ErrTooMany},
		{"notfound 50001", &MsgNotFound{List: make([]InvVect, MaxInvSize+1)}, &MsgNotFound{}, ErrTooMany},
		{"addr 1000", &MsgAddr{Addrs: make([]NetAddress, MaxAddrToSend)}, &MsgAddr{}, ""},
		{"addr 1001", &MsgAddr{Addrs: make([]NetAddress, MaxAddrToSend+1)}, &MsgAddr{}, ErrTooMany},
		{"addrv2 1001", &MsgAddrV2{Addrs: make([]NetAddressV2, MaxAddrToSend+1)}, &MsgAddrV2{}, ErrTooMany},
		{"headers 2000", &MsgHeaders{Headers: make([]primitives.Header, MaxHeadersResults)}, &MsgHeaders{}, ""},
		{"headers 2001", &MsgHeaders{Headers: make([]primitives.Header, MaxHeadersResults+1)}, &MsgHeaders{}, ErrTooMany},
		{"locator 101", &MsgGetHeaders{Locator: make(BlockLocator, MaxLocatorSize)}, &MsgGetHeaders{}, ""},
		{"locator 102", &MsgGetHeaders{Locator: make(BlockLocator, MaxLocatorSize+1)}, &MsgGetHeaders{}, ErrTooMany},
		{"getblocks locator 102", &MsgGetBlocks{Locator: make(BlockLocator, MaxLocatorSize+1)}, &MsgGetBlocks{}, ErrTooMany},
		{"user agent 256", &MsgVersion{UserAgent: strings.Repeat("a", 256)}, &MsgVersion{}, ""},
		{"user agent 257", &MsgVersion{UserAgent: strings.Repeat("a", 257)}, &MsgVersion{}, ErrMalformed},
		{"cfheaders 2001", &MsgCFHeaders{FilterHashes: make([]chainhash.Hash, MaxGetCFHeadersSize+1)}, &MsgCFHeaders{}, ErrTooMany},
		{"addrv2 513-byte address", &MsgAddrV2{Addrs: []NetAddressV2{{Net: 0x80, Addr: make([]byte, 513)}}}, &MsgAddrV2{}, ErrMalformed},
		{"addrv2 512-byte unknown", &MsgAddrV2{Addrs: []NetAddressV2{{Net: 0x80, Addr: make([]byte, 512)}}}, &MsgAddrV2{}, ""},
		{"addrv2 IPv4 of 5 bytes", &MsgAddrV2{Addrs: []NetAddressV2{{Net: NetIPv4, Addr: make([]byte, 5)}}}, &MsgAddrV2{}, ErrMalformed},
		{"addrv2 TorV3 of 16 bytes", &MsgAddrV2{Addrs: []NetAddressV2{{Net: NetTorV3, Addr: make([]byte, 16)}}}, &MsgAddrV2{}, ErrMalformed},
		{"addrv2 TorV2 of 10 bytes kept", &MsgAddrV2{Addrs: []NetAddressV2{{Net: NetTorV2, Addr: make([]byte, 10)}}}, &MsgAddrV2{}, ""},
		{"getblocktxn 65535", &MsgGetBlockTxn{Indexes: []uint16{0xffff}}, &MsgGetBlockTxn{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.into.Decode(tc.msg.Encode(nil))
			if tc.kind == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantKind(t, err, tc.kind)
			var me *MessageError
			if !errors.As(err, &me) || me.Command != tc.into.Command() {
				t.Fatalf("error %v lacks command %s", err, tc.into.Command())
			}
		})
	}
}

func TestHostilePayloads(t *testing.T) {
	tests := []struct {
		name    string
		into    Message
		payload string
		kind    ErrorKind
	}{
		{"inv count beyond payload", &MsgInv{}, "fe50c30000", ErrMalformed},         // 50000 entries, no data
		{"inv count above MAX_SIZE", &MsgInv{}, "ff0000000001000000", ErrMalformed}, // 2^32
		{"non-canonical count", &MsgInv{}, "fd0100", ErrMalformed},                  // 1 as 3 bytes
		{"inv trailing byte", &MsgInv{}, "00ff", ErrMalformed},                      //
		{"verack with payload", &MsgVerAck{}, "00", ErrMalformed},                   //
		{"ping short", &MsgPing{}, "01020304", ErrMalformed},                        //
		{"headers count beyond payload", &MsgHeaders{}, "fdd007", ErrMalformed},     // 2000, no data
		{"addr count beyond payload", &MsgAddr{}, "fde803", ErrMalformed},           //
		{"blocktxn count beyond payload", &MsgBlockTxn{}, strings.Repeat("00", 32) + "fe00000100", ErrMalformed},
		{"cmpct short ids beyond payload", &MsgCmpctBlock{}, strings.Repeat("00", 88) + "fe00000100", ErrMalformed},
		{"getblocktxn overflow", &MsgGetBlockTxn{}, strings.Repeat("00", 32) + "02" + "fdffff" + "00", ErrMalformed},
		{"getblocktxn 0x10000", &MsgGetBlockTxn{}, strings.Repeat("00", 32) + "01" + "fe00000100", ErrMalformed},
		{"cmpct prefilled diff 0x10000", &MsgCmpctBlock{}, strings.Repeat("00", 88) + "00" + "01" + "fe00000100" + "01000000000000000000", ErrMalformed},
		{"addrv2 non-canonical services", &MsgAddrV2{}, "01" + "00000000" + "fd0100" + "01" + "04" + "01020304" + "208d", ErrMalformed},
		{"tx garbage", &MsgTx{}, "0100", ErrMalformed},
		{"block garbage", &MsgBlock{}, "00", ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantKind(t, tc.into.Decode(mustHex(t, tc.payload)), tc.kind)
		})
	}
}

func TestCmpctTxCountOverflow(t *testing.T) {
	// 65536 short ids: "indexes overflowed 16 bits", as Core.
	m := &MsgCmpctBlock{ShortIDs: make([]uint64, 0x10000)}
	var got MsgCmpctBlock
	wantKind(t, got.Decode(m.Encode(nil)), ErrMalformed)
	m.ShortIDs = m.ShortIDs[:0xffff]
	if err := got.Decode(m.Encode(nil)); err != nil {
		t.Fatal(err)
	}
}

func TestInvType(t *testing.T) {
	tests := []struct {
		typ  InvType
		val  uint32
		name string
	}{
		{InvTx, 1, "tx"}, {InvBlock, 2, "block"}, {InvFilteredBlock, 3, "merkleblock"},
		{InvCmpctBlock, 4, "cmpctblock"}, {InvWTx, 5, "wtx"},
		{InvWitnessTx, 0x40000001, "witness_tx"}, {InvWitnessBlock, 0x40000002, "witness_block"},
		{InvFilteredWitnessBlock, 0x40000003, "witness_merkleblock"}, {InvType(99), 99, "unknown"},
	}
	for _, tc := range tests {
		if uint32(tc.typ) != tc.val || tc.typ.String() != tc.name {
			t.Errorf("%d: %d %q", tc.val, uint32(tc.typ), tc.typ.String())
		}
	}
	if InvWitnessBlock.Base() != InvBlock {
		t.Error("Base")
	}
	// Service bits, protocol.h.
	if NodeNetwork != 1 || NodeBloom != 4 || NodeWitness != 8 || NodeCompactFilters != 64 ||
		NodeNetworkLimited != 1024 || NodeP2PV2 != 2048 {
		t.Error("service bits")
	}
	if !(NodeNetwork | NodeWitness).Has(NodeWitness) || NodeNetwork.Has(NodeWitness) {
		t.Error("Has")
	}
}

func TestIPv4Mapped(t *testing.T) {
	ip := IPv4Mapped([4]byte{10, 0, 0, 1})
	if !bytes.Equal(ip[:], mustHex(t, "00000000000000000000ffff0a000001")) {
		t.Fatalf("%x", ip)
	}
	if v4, ok := IPv4(ip); !ok || v4 != [4]byte{10, 0, 0, 1} {
		t.Fatal("IPv4")
	}
	if _, ok := IPv4([16]byte{0: 0x20}); ok {
		t.Fatal("IPv6 taken for IPv4")
	}
}
