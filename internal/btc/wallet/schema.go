package wallet

import (
	"encoding/binary"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// The on-disk schema of one wallet: a LevelDB database (internal/kv/leveldb)
// in <btcdatadir>/wallets/<name>/ (the default wallet "" lives in wallets/
// itself, as in Core). LevelDB's write-ahead log makes every committed batch
// survive a crash; the wallet writes each state change as one synced batch.
//
// Keys are one prefix byte followed by a fixed-layout suffix; integers are
// little-endian unless noted. Records holding private material are "sealed"
// when the wallet is encrypted: a leading byte 0x00 means plaintext follows,
// 0x01 means nonce || AES-256-GCM ciphertext under the master key (see
// crypter.go) with the record's key as additional data.
const schemaVersion = 1

var (
	// keyVersion -> uint32 schema version (schemaVersion). Written last when
	// a wallet is created, so a creation cut short does not verify.
	keyVersion = []byte("V")

	// keyFlags -> uint64 wallet flags (flag* constants below).
	keyFlags = []byte("F")

	// keyMasterKey -> encrypted master key record, present only in an
	// encrypted wallet:
	//   salt length (1) | salt | scrypt N (4) | r (4) | p (4) |
	//   nonce (12) | AES-256-GCM(master key 32 bytes) + tag (16)
	keyMasterKey = []byte("K")

	// keyMnemonic -> sealed BIP39 mnemonic (UTF-8 words separated by one
	// space) the HD descriptors were derived from. Absent in blank wallets
	// and wallets without private keys.
	keyMnemonic = []byte("M")

	// keyBestBlock -> the last block the wallet processed:
	//   block hash (32, internal byte order) | height int32 (4)
	keyBestBlock = []byte("B")

	// keySettings -> JSON object of wallet settings: {"paytxfee": sat/kvB}.
	keySettings = []byte("S")

	// prefixDescriptor + descriptor id (32: SHA256 of the public descriptor
	// string with checksum) -> JSON descriptorRecord; its "priv" field is a
	// sealed private descriptor string (base64 in JSON).
	prefixDescriptor = []byte("D")

	// prefixScript + descriptor id (32) + index uint32 big-endian (4) ->
	// the derived scriptPubKeys of that index, each as compact-size length
	// | script. A cache so loading does not re-derive the key pool.
	prefixScript = []byte("P")

	// prefixTx + txid (32) -> txRecord:
	//   height int32 (-1: unconfirmed) | block hash (32) | block time uint32 |
	//   index in block uint32 | time received int64 | flags uint8
	//   (bit 0 abandoned) | order position int64 | serialized tx (with
	//   witnesses)
	prefixTx = []byte("T")

	// prefixLocked + outpoint (txid 32 | index uint32) -> empty: coins
	// locked with lockunspent persistent=true.
	prefixLocked = []byte("L")

	// prefixLabel + scriptPubKey -> label (UTF-8), the address book.
	prefixLabel = []byte("A")
)

// Wallet flags (keyFlags), Core's WalletFlags where one exists.
const (
	flagAvoidReuse           uint64 = 1 << 0  // WALLET_FLAG_AVOID_REUSE
	flagBlank                uint64 = 1 << 28 // WALLET_FLAG_BLANK_WALLET
	flagDescriptors          uint64 = 1 << 34 // WALLET_FLAG_DESCRIPTORS
	flagDisablePrivateKeys   uint64 = 1 << 32 // WALLET_FLAG_DISABLE_PRIVATE_KEYS
	txFlagAbandoned          uint8  = 1 << 0
	sealPlain, sealEncrypted byte   = 0, 1
)

func descriptorKey(id chainhash.Hash) []byte {
	return append(append([]byte(nil), prefixDescriptor...), id[:]...)
}

func scriptCacheKey(id chainhash.Hash, index uint32) []byte {
	k := append(append(make([]byte, 0, 37), prefixScript...), id[:]...)
	return binary.BigEndian.AppendUint32(k, index)
}

func txKey(txid chainhash.Hash) []byte {
	return append(append(make([]byte, 0, 33), prefixTx...), txid[:]...)
}

func outpointKey(prefix []byte, op primitives.OutPoint) []byte {
	k := append(append(make([]byte, 0, 37), prefix...), op.Hash[:]...)
	return binary.LittleEndian.AppendUint32(k, op.Index)
}

func labelKey(spk []byte) []byte {
	return append(append(make([]byte, 0, 1+len(spk)), prefixLabel...), spk...)
}

// txRecordHeaderLen is the fixed part of a txRecord.
const txRecordHeaderLen = 4 + 32 + 4 + 4 + 8 + 1 + 8

func encodeTxRecord(wtx *walletTx) []byte {
	b := make([]byte, 0, txRecordHeaderLen+len(wtx.raw))
	b = binary.LittleEndian.AppendUint32(b, uint32(wtx.height))
	b = append(b, wtx.blockHash[:]...)
	b = binary.LittleEndian.AppendUint32(b, wtx.blockTime)
	b = binary.LittleEndian.AppendUint32(b, wtx.blockIndex)
	b = binary.LittleEndian.AppendUint64(b, uint64(wtx.timeReceived))
	var fl uint8
	if wtx.abandoned {
		fl |= txFlagAbandoned
	}
	b = append(b, fl)
	b = binary.LittleEndian.AppendUint64(b, uint64(wtx.orderPos))
	return append(b, wtx.raw...)
}

func decodeTxRecord(b []byte) (*walletTx, error) {
	if len(b) < txRecordHeaderLen {
		return nil, errors.New("short transaction record")
	}
	wtx := &walletTx{}
	wtx.height = int32(binary.LittleEndian.Uint32(b))
	copy(wtx.blockHash[:], b[4:36])
	wtx.blockTime = binary.LittleEndian.Uint32(b[36:])
	wtx.blockIndex = binary.LittleEndian.Uint32(b[40:])
	wtx.timeReceived = int64(binary.LittleEndian.Uint64(b[44:]))
	wtx.abandoned = b[52]&txFlagAbandoned != 0
	wtx.orderPos = int64(binary.LittleEndian.Uint64(b[53:]))
	wtx.raw = append([]byte(nil), b[txRecordHeaderLen:]...)
	tx, err := primitives.DecodeTx(wtx.raw)
	if err != nil {
		return nil, err
	}
	wtx.tx = tx
	wtx.txid = tx.TxHash()
	return wtx, nil
}

// descriptorRecord is the JSON value of a prefixDescriptor record.
type descriptorRecord struct {
	Public     string `json:"desc"`            // public form with checksum
	Priv       []byte `json:"priv,omitempty"`  // sealed private form
	Active     bool   `json:"active"`          // an active (address-giving) descriptor
	Internal   bool   `json:"internal"`        // change chain
	OutputType string `json:"type,omitempty"`  // legacy, p2sh-segwit, bech32, bech32m
	Next       uint32 `json:"next"`            // next index to hand out
	End        uint32 `json:"end"`             // indexes derived: [0, End)
	RangeStart uint32 `json:"range_start"`     // first index of the range
	Created    int64  `json:"timestamp"`       // creation time, Unix seconds
	Label      string `json:"label,omitempty"` // import label
}
