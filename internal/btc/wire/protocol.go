package wire

// Protocol versions (Core's src/node/protocol_version.h).
const (
	// ProtocolVersion is the version this package speaks: 70016, which adds
	// wtxidrelay (BIP339).
	ProtocolVersion int32 = 70016
	// MinPeerProtocolVersion is the oldest version Core accepts from a peer
	// (MIN_PEER_PROTO_VERSION, 31800).
	MinPeerProtocolVersion int32 = 31800
	// SendHeadersVersion is the first version with sendheaders (BIP130).
	SendHeadersVersion int32 = 70012
	// FeeFilterVersion is the first version with feefilter (BIP133).
	FeeFilterVersion int32 = 70013
	// ShortIDsBlocksVersion is the first version with compact blocks (BIP152).
	ShortIDsBlocksVersion int32 = 70014
	// InvalidCBNoBanVersion is the version from which an invalid compact block
	// is not punished by disconnection.
	InvalidCBNoBanVersion int32 = 70015
	// WtxidRelayVersion is the first version with wtxidrelay (BIP339).
	WtxidRelayVersion int32 = 70016
)

// Limits Core enforces on received messages (net.h, net_processing.cpp,
// protocol.h, blockencodings.h).
const (
	// HeaderSize is the size of a message header: magic, command, length,
	// checksum.
	HeaderSize = 24
	// CommandSize is the size of the NUL-padded command field.
	CommandSize = 12
	// MaxProtocolMessageLength is Core's MAX_PROTOCOL_MESSAGE_LENGTH: the
	// largest payload Core accepts, for every command. A block fits because
	// the largest serialized block (weight 4,000,000) is at most 4,000,000
	// bytes. ReadMessage enforces it by default.
	MaxProtocolMessageLength = 4_000_000
	// MaxMessagePayload is the hard ceiling ReadMessageLimit accepts as a
	// limit: 32 MiB, Core's MAX_SIZE and btcd's MaxMessagePayload.
	MaxMessagePayload = 32 << 20
	// MaxInvSize is MAX_INV_SZ: entries in an inv or getdata message (also
	// applied to notfound).
	MaxInvSize = 50_000
	// MaxAddrToSend is MAX_ADDR_TO_SEND: entries in an addr or addrv2
	// message.
	MaxAddrToSend = 1000
	// MaxHeadersResults is MAX_HEADERS_RESULTS: headers in a headers message.
	MaxHeadersResults = 2000
	// MaxLocatorSize is MAX_LOCATOR_SZ: hashes in a block locator.
	MaxLocatorSize = 101
	// MaxSubversionLength is MAX_SUBVERSION_LENGTH: bytes of a user agent.
	MaxSubversionLength = 256
	// MaxAddrV2Size is BIP155's MAX_ADDRV2_SIZE: bytes of one address.
	MaxAddrV2Size = 512
	// MaxGetCFiltersSize is MAX_GETCFILTERS_SIZE: blocks one getcfilters
	// request may cover.
	MaxGetCFiltersSize = 1000
	// MaxGetCFHeadersSize is MAX_GETCFHEADERS_SIZE: filter headers one
	// getcfheaders request may cover, and so hashes in a cfheaders message.
	MaxGetCFHeadersSize = 2000
	// MaxBlockWeight is MAX_BLOCK_WEIGHT, used to bound compact blocks.
	MaxBlockWeight = 4_000_000
	// MinSerializableTxWeight is MIN_SERIALIZABLE_TRANSACTION_WEIGHT
	// (WITNESS_SCALE_FACTOR * 10).
	MinSerializableTxWeight = 40
	// MaxCompactBlockTxs is the most transactions a compact block may name:
	// MAX_BLOCK_WEIGHT / MIN_SERIALIZABLE_TRANSACTION_WEIGHT, as checked by
	// Core's PartiallyDownloadedBlock::InitData.
	MaxCompactBlockTxs = MaxBlockWeight / MinSerializableTxWeight
	// ShortIDSize is the size of a BIP152 short transaction id.
	ShortIDSize = 6
	// CompactBlocksVersion is the only compact block version Core speaks
	// (2: short ids of wtxids, BIP152 with segwit).
	CompactBlocksVersion uint64 = 2
)

// ServiceFlag is the bit field of services a node offers (protocol.h).
type ServiceFlag uint64

// Service bits.
const (
	// NodeNetwork: serves the full block chain.
	NodeNetwork ServiceFlag = 1 << 0
	// NodeBloom: serves BIP37 bloom-filtered connections.
	NodeBloom ServiceFlag = 1 << 2
	// NodeWitness: serves blocks and transactions with witnesses (BIP144).
	NodeWitness ServiceFlag = 1 << 3
	// NodeCompactFilters: serves BIP157 compact block filters.
	NodeCompactFilters ServiceFlag = 1 << 6
	// NodeNetworkLimited: serves the last 288 blocks (BIP159).
	NodeNetworkLimited ServiceFlag = 1 << 10
	// NodeP2PV2: supports the BIP324 v2 transport.
	NodeP2PV2 ServiceFlag = 1 << 11
)

// Has reports whether all bits of want are set.
func (f ServiceFlag) Has(want ServiceFlag) bool { return f&want == want }

// InvType is the type of an inventory vector (protocol.h GetDataMsg).
type InvType uint32

// Inventory types.
const (
	InvError         InvType = 0
	InvTx            InvType = 1 // MSG_TX
	InvBlock         InvType = 2 // MSG_BLOCK
	InvFilteredBlock InvType = 3 // MSG_FILTERED_BLOCK (BIP37, getdata only)
	InvCmpctBlock    InvType = 4 // MSG_CMPCT_BLOCK (BIP152, getdata only)
	InvWTx           InvType = 5 // MSG_WTX (BIP339)
	// InvWitnessFlag is MSG_WITNESS_FLAG: asks for the witness serialization.
	InvWitnessFlag          InvType = 1 << 30
	InvWitnessTx                    = InvTx | InvWitnessFlag    // MSG_WITNESS_TX
	InvWitnessBlock                 = InvBlock | InvWitnessFlag // MSG_WITNESS_BLOCK
	InvFilteredWitnessBlock         = InvFilteredBlock | InvWitnessFlag
	// InvTypeMask is MSG_TYPE_MASK: the type without the witness flag.
	InvTypeMask InvType = 0xffffffff >> 2
)

// Base returns the type without the witness flag.
func (t InvType) Base() InvType { return t & InvTypeMask }

// String returns Core's name of the type ("tx", "witness_block", ...).
func (t InvType) String() string {
	prefix := ""
	if t&InvWitnessFlag != 0 {
		prefix = "witness_"
	}
	switch t.Base() {
	case InvTx:
		return prefix + "tx"
	case InvBlock:
		return prefix + "block"
	case InvFilteredBlock:
		return prefix + "merkleblock"
	case InvCmpctBlock:
		return prefix + "cmpctblock"
	case InvWTx:
		return prefix + "wtx"
	}
	return "unknown"
}

// Commands (protocol.h NetMsgType).
const (
	CmdVersion      = "version"
	CmdVerAck       = "verack"
	CmdAddr         = "addr"
	CmdAddrV2       = "addrv2"
	CmdSendAddrV2   = "sendaddrv2"
	CmdInv          = "inv"
	CmdGetData      = "getdata"
	CmdNotFound     = "notfound"
	CmdGetBlocks    = "getblocks"
	CmdGetHeaders   = "getheaders"
	CmdTx           = "tx"
	CmdHeaders      = "headers"
	CmdBlock        = "block"
	CmdGetAddr      = "getaddr"
	CmdMempool      = "mempool"
	CmdPing         = "ping"
	CmdPong         = "pong"
	CmdSendHeaders  = "sendheaders"
	CmdFeeFilter    = "feefilter"
	CmdSendCmpct    = "sendcmpct"
	CmdCmpctBlock   = "cmpctblock"
	CmdGetBlockTxn  = "getblocktxn"
	CmdBlockTxn     = "blocktxn"
	CmdWTxIDRelay   = "wtxidrelay"
	CmdGetCFilters  = "getcfilters"
	CmdCFilter      = "cfilter"
	CmdGetCFHeaders = "getcfheaders"
	CmdCFHeaders    = "cfheaders"
	CmdGetCFCheckpt = "getcfcheckpt"
	CmdCFCheckpt    = "cfcheckpt"
)

// NewMessage returns an empty message for command, ready for Decode, or
// false for a command this package does not know.
//
// This function is safe for concurrent access.
func NewMessage(command string) (Message, bool) {
	var m Message
	switch command {
	case CmdVersion:
		m = &MsgVersion{}
	case CmdVerAck:
		m = &MsgVerAck{}
	case CmdAddr:
		m = &MsgAddr{}
	case CmdAddrV2:
		m = &MsgAddrV2{}
	case CmdSendAddrV2:
		m = &MsgSendAddrV2{}
	case CmdInv:
		m = &MsgInv{}
	case CmdGetData:
		m = &MsgGetData{}
	case CmdNotFound:
		m = &MsgNotFound{}
	case CmdGetBlocks:
		m = &MsgGetBlocks{}
	case CmdGetHeaders:
		m = &MsgGetHeaders{}
	case CmdTx:
		m = &MsgTx{}
	case CmdHeaders:
		m = &MsgHeaders{}
	case CmdBlock:
		m = &MsgBlock{}
	case CmdGetAddr:
		m = &MsgGetAddr{}
	case CmdMempool:
		m = &MsgMempool{}
	case CmdPing:
		m = &MsgPing{}
	case CmdPong:
		m = &MsgPong{}
	case CmdSendHeaders:
		m = &MsgSendHeaders{}
	case CmdFeeFilter:
		m = &MsgFeeFilter{}
	case CmdSendCmpct:
		m = &MsgSendCmpct{}
	case CmdCmpctBlock:
		m = &MsgCmpctBlock{}
	case CmdGetBlockTxn:
		m = &MsgGetBlockTxn{}
	case CmdBlockTxn:
		m = &MsgBlockTxn{}
	case CmdWTxIDRelay:
		m = &MsgWTxIDRelay{}
	case CmdGetCFilters:
		m = &MsgGetCFilters{}
	case CmdCFilter:
		m = &MsgCFilter{}
	case CmdGetCFHeaders:
		m = &MsgGetCFHeaders{}
	case CmdCFHeaders:
		m = &MsgCFHeaders{}
	case CmdGetCFCheckpt:
		m = &MsgGetCFCheckpt{}
	case CmdCFCheckpt:
		m = &MsgCFCheckpt{}
	default:
		return nil, false
	}
	return m, true
}
