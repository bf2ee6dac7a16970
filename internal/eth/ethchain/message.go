package ethchain

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Message is a transaction reduced to what its execution needs, with the
// sender recovered and the effective gas price computed. Besides
// transactions, calls simulated by RPC (eth_call, eth_estimateGas) are
// messages too, and may skip the nonce and sender checks.
type Message struct {
	From     ethtypes.Address
	To       *ethtypes.Address // nil for a contract creation
	Nonce    uint64
	Value    uint256.Int
	GasLimit uint64
	Data     []byte

	// GasPrice is the effective price per gas: the legacy gas price, or
	// min(GasTipCap + base fee, GasFeeCap) for fee-market transactions.
	GasPrice uint256.Int
	// GasFeeCap and GasTipCap are the EIP-1559 maximum fee and priority
	// fee per gas; both equal the gas price for legacy and access-list
	// transactions.
	GasFeeCap uint256.Int
	GasTipCap uint256.Int

	AccessList ethtypes.AccessList

	// BlobTx marks a blob transaction (EIP-4844), whose checks apply even
	// when BlobHashes is empty (which makes it invalid).
	BlobTx        bool
	BlobHashes    []ethtypes.Hash
	BlobGasFeeCap uint256.Int

	// SkipNonceChecks skips the nonce comparison (simulated calls).
	SkipNonceChecks bool
	// SkipFromEOACheck skips the EIP-3607 sender-has-no-code check
	// (simulated calls).
	SkipFromEOACheck bool
}

// BlobGas returns the blob gas the message uses.
func (m *Message) BlobGas() uint64 {
	return uint64(len(m.BlobHashes)) * ethtypes.BlobTxBlobGasPerBlob
}

// EffectiveGasPrice returns the price per gas a fee-market transaction
// pays under baseFee: min(tipCap + baseFee, feeCap). With a nil baseFee
// (before London) it returns feeCap.
//
// This function is safe for concurrent access.
func EffectiveGasPrice(feeCap, tipCap, baseFee *uint256.Int) uint256.Int {
	if baseFee == nil {
		return *feeCap
	}
	var p uint256.Int
	if _, overflow := p.AddOverflow(tipCap, baseFee); overflow || p.Gt(feeCap) {
		return *feeCap
	}
	return p
}

// TransactionToMessage returns the message of tx: the sender is recovered
// with signer (and cached in tx), the gas price is the effective price
// under baseFee (nil before London). It fails with the signer's errors.
//
// This function is safe for concurrent access.
func TransactionToMessage(tx *ethtypes.Transaction, signer ethtypes.Signer, baseFee *uint256.Int) (*Message, error) {
	from, err := ethtypes.Sender(signer, tx)
	if err != nil {
		return nil, err
	}
	m := &Message{
		From:          from,
		Nonce:         tx.Nonce(),
		Value:         tx.Value(),
		GasLimit:      tx.Gas(),
		Data:          tx.Data(),
		GasFeeCap:     tx.GasFeeCap(),
		GasTipCap:     tx.GasTipCap(),
		AccessList:    tx.AccessList(),
		BlobTx:        tx.Type() == ethtypes.BlobTxType,
		BlobHashes:    tx.BlobHashes(),
		BlobGasFeeCap: tx.BlobGasFeeCap(),
	}
	if to, ok := tx.To(); ok {
		m.To = &to
	}
	m.GasPrice = EffectiveGasPrice(&m.GasFeeCap, &m.GasTipCap, baseFee)
	return m, nil
}
