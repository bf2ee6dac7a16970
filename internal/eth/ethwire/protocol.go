package ethwire

import "fmt"

// Code is a message code: eth/68's codes, and ours from 0x40.
type Code uint8

// Message codes. Status to Receipts are eth/68's; Ping, Pong and
// Disconnect replace what devp2p's base protocol provides.
const (
	StatusCode                     Code = 0x00
	NewBlockHashesCode             Code = 0x01
	TransactionsCode               Code = 0x02
	GetBlockHeadersCode            Code = 0x03
	BlockHeadersCode               Code = 0x04
	GetBlockBodiesCode             Code = 0x05
	BlockBodiesCode                Code = 0x06
	NewBlockCode                   Code = 0x07
	NewPooledTransactionHashesCode Code = 0x08
	GetPooledTransactionsCode      Code = 0x09
	PooledTransactionsCode         Code = 0x0a
	GetReceiptsCode                Code = 0x0f
	ReceiptsCode                   Code = 0x10
	PingCode                       Code = 0x40
	PongCode                       Code = 0x41
	DisconnectCode                 Code = 0x42
)

var codeNames = [...]string{
	StatusCode:                     "Status",
	NewBlockHashesCode:             "NewBlockHashes",
	TransactionsCode:               "Transactions",
	GetBlockHeadersCode:            "GetBlockHeaders",
	BlockHeadersCode:               "BlockHeaders",
	GetBlockBodiesCode:             "GetBlockBodies",
	BlockBodiesCode:                "BlockBodies",
	NewBlockCode:                   "NewBlock",
	NewPooledTransactionHashesCode: "NewPooledTransactionHashes",
	GetPooledTransactionsCode:      "GetPooledTransactions",
	PooledTransactionsCode:         "PooledTransactions",
	GetReceiptsCode:                "GetReceipts",
	ReceiptsCode:                   "Receipts",
	PingCode:                       "Ping",
	PongCode:                       "Pong",
	DisconnectCode:                 "Disconnect",
}

// String returns the message's name, or "0x.." for an unknown code.
func (c Code) String() string {
	if int(c) < len(codeNames) && codeNames[c] != "" {
		return codeNames[c]
	}
	return fmt.Sprintf("0x%02x", uint8(c))
}

// Protocol constants.
const (
	// ProtocolVersion is the eth protocol version whose message set and
	// shapes we speak (eth/68).
	ProtocolVersion = 68

	// MaxMessageSize is the largest payload accepted (geth's 10 MiB).
	MaxMessageSize = 10 << 20

	// MaxHeaders is the most headers a BlockHeaders message may carry and
	// a peer serves per request (geth's maxHeadersServe).
	MaxHeaders = 1024
	// MaxBodies is the most bodies a BlockBodies message may carry and
	// hashes a GetBlockBodies may ask for.
	MaxBodies = 256
	// MaxReceipts is the most block receipt lists a Receipts message may
	// carry and hashes a GetReceipts may ask for.
	MaxReceipts = 256
	// MaxHashes is the most hashes of a NewBlockHashes,
	// NewPooledTransactionHashes or GetPooledTransactions message, and the
	// most transactions of a PooledTransactions answer (geth's
	// maxTxAnnounce-like soft limit of 4096).
	MaxHashes = 4096
	// MaxDisconnectText bounds the reason text of a Disconnect message.
	MaxDisconnectText = 256
)

// Magic starts every frame: "TCE1".
var Magic = [4]byte{'T', 'C', 'E', '1'}

// FrameHeaderSize is the size of a frame header: magic (4), code (1),
// big-endian payload length (4), checksum (4).
const FrameHeaderSize = 13

// DisconnectReason is the reason code of a Disconnect message; the values
// are devp2p's.
type DisconnectReason uint8

// Disconnect reasons.
const (
	DiscRequested           DisconnectReason = 0x00
	DiscNetworkError        DisconnectReason = 0x01
	DiscProtocolError       DisconnectReason = 0x02
	DiscUselessPeer         DisconnectReason = 0x03
	DiscTooManyPeers        DisconnectReason = 0x04
	DiscAlreadyConnected    DisconnectReason = 0x05
	DiscIncompatibleVersion DisconnectReason = 0x06
	DiscQuitting            DisconnectReason = 0x08
	DiscSelf                DisconnectReason = 0x0a
	DiscReadTimeout         DisconnectReason = 0x0b
	DiscSubprotocolError    DisconnectReason = 0x10
)

var reasonNames = map[DisconnectReason]string{
	DiscRequested:           "disconnect requested",
	DiscNetworkError:        "network error",
	DiscProtocolError:       "breach of protocol",
	DiscUselessPeer:         "useless peer",
	DiscTooManyPeers:        "too many peers",
	DiscAlreadyConnected:    "already connected",
	DiscIncompatibleVersion: "incompatible protocol version",
	DiscQuitting:            "client quitting",
	DiscSelf:                "connected to self",
	DiscReadTimeout:         "read timeout",
	DiscSubprotocolError:    "subprotocol error",
}

// String returns the reason's devp2p description.
func (r DisconnectReason) String() string {
	if s, ok := reasonNames[r]; ok {
		return s
	}
	return fmt.Sprintf("unknown reason 0x%02x", uint8(r))
}
