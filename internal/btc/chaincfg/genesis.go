package chaincfg

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// The genesis blocks are built from their parameters the way Core's
// CreateGenesisBlock does: one coinbase transaction (version 1, lock time 0)
// whose input script pushes 486604799 (0x1d00ffff as a script number), the
// script number 4 and the timestamp text, and whose single output pays the
// genesis reward to the output script. The header has version 1, a zero
// previous hash and the coinbase's txid as merkle root.

// genesisReward is the 50 BTC paid by every genesis coinbase.
const genesisReward = 50 * 100_000_000

// satoshiTimestamp is the text of the mainnet genesis coinbase, reused by
// testnet3, signet and regtest.
const satoshiTimestamp = "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks"

// satoshiPubKey is the uncompressed public key the mainnet genesis pays to.
var satoshiPubKey = [65]byte{
	0x04, 0x67, 0x8a, 0xfd, 0xb0, 0xfe, 0x55, 0x48, 0x27, 0x19, 0x67, 0xf1,
	0xa6, 0x71, 0x30, 0xb7, 0x10, 0x5c, 0xd6, 0xa8, 0x28, 0xe0, 0x39, 0x09,
	0xa6, 0x79, 0x62, 0xe0, 0xea, 0x1f, 0x61, 0xde, 0xb6, 0x49, 0xf6, 0xbc,
	0x3f, 0x4c, 0xef, 0x38, 0xc4, 0xf3, 0x55, 0x04, 0xe5, 0x1e, 0xc1, 0x12,
	0xde, 0x5c, 0x38, 0x4d, 0xf7, 0xba, 0x0b, 0x8d, 0x57, 0x8a, 0x4c, 0x70,
	0x2b, 0x6b, 0xf1, 0x1d, 0x5f,
}

const opCheckSig = 0xac

// satoshiGenesis builds a genesis block with the mainnet coinbase and the
// given header fields.
func satoshiGenesis(time, nonce, bits uint32) *primitives.Block {
	script := appendPush(nil, satoshiPubKey[:])
	script = append(script, opCheckSig)
	return createGenesisBlock(satoshiTimestamp, script, time, nonce, bits)
}

// testNet4GenesisOutputScript pays to a 33-byte all-zero "public key".
func testNet4GenesisOutputScript() []byte {
	script := appendPush(nil, make([]byte, 33))
	return append(script, opCheckSig)
}

// createGenesisBlock builds a genesis block (Core's CreateGenesisBlock).
func createGenesisBlock(timestamp string, outputScript []byte, time, nonce, bits uint32) *primitives.Block {
	// CScript() << 486604799 << CScriptNum(4) << timestamp bytes.
	scriptSig := appendPush(nil, []byte{0xff, 0xff, 0x00, 0x1d})
	scriptSig = appendPush(scriptSig, []byte{0x04})
	scriptSig = appendPush(scriptSig, []byte(timestamp))
	tx := &primitives.Tx{
		Version: 1,
		Inputs: []primitives.TxIn{{
			PrevOut:   primitives.OutPoint{Index: 0xffffffff},
			ScriptSig: scriptSig,
			Sequence:  primitives.SequenceFinal,
		}},
		Outputs: []primitives.TxOut{{Value: genesisReward, ScriptPubKey: outputScript}},
	}
	return &primitives.Block{
		Header: primitives.Header{
			Version:    1,
			MerkleRoot: tx.TxHash(), // the merkle root of a single transaction
			Timestamp:  time,
			Bits:       bits,
			Nonce:      nonce,
		},
		Txs: []*primitives.Tx{tx},
	}
}

// appendPush appends a data push as CScript's operator<< writes it: a direct
// length byte below 76 bytes, then OP_PUSHDATA1/2.
func appendPush(b, data []byte) []byte {
	switch n := len(data); {
	case n < 0x4c:
		b = append(b, byte(n))
	case n <= 0xff:
		b = append(b, 0x4c, byte(n))
	default:
		b = append(b, 0x4d, byte(n), byte(n>>8))
	}
	return append(b, data...)
}

// setGenesis installs the genesis block and its hash.
func (p *Params) setGenesis(b *primitives.Block) {
	p.GenesisBlock = b
	p.GenesisHash = b.BlockHash()
}
