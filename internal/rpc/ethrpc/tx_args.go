package ethrpc

import (
	"bytes"
	"encoding/json"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// TransactionArgs are the transaction fields of eth_call,
// eth_estimateGas and eth_sendTransaction.
type TransactionArgs struct {
	From                 *Address       `json:"from"`
	To                   *Address       `json:"to"`
	Gas                  *Quantity      `json:"gas"`
	GasPrice             *Big           `json:"gasPrice"`
	MaxFeePerGas         *Big           `json:"maxFeePerGas"`
	MaxPriorityFeePerGas *Big           `json:"maxPriorityFeePerGas"`
	Value                *Big           `json:"value"`
	Nonce                *Quantity      `json:"nonce"`
	Data                 *Bytes         `json:"data"`
	Input                *Bytes         `json:"input"`
	AccessList           *[]accessTuple `json:"accessList"`
	ChainID              *Big           `json:"chainId"`
	Type                 *Quantity      `json:"type"`
}

type accessTuple struct {
	Address     Address `json:"address"`
	StorageKeys []Hash  `json:"storageKeys"`
}

// DecodeTransactionArgs decodes a JSON transaction-args object, rejecting
// unknown shapes with a description.
func DecodeTransactionArgs(b []byte) (*TransactionArgs, error) {
	var a TransactionArgs
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, errHex("json: cannot unmarshal " + kindOf(b) + " into transaction arguments")
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, err
	}
	if err := a.check(); err != nil {
		return nil, err
	}
	return &a, nil
}

// check applies geth's consistency rules.
func (a *TransactionArgs) check() error {
	if a.Data != nil && a.Input != nil && !bytes.Equal(*a.Data, *a.Input) {
		return errHex(`both "data" and "input" are set and not equal. Please use "input" to pass transaction call data`)
	}
	if a.GasPrice != nil && (a.MaxFeePerGas != nil || a.MaxPriorityFeePerGas != nil) {
		return errHex("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified")
	}
	if a.MaxFeePerGas != nil && a.MaxPriorityFeePerGas != nil {
		fc, tc := (*uint256.Int)(a.MaxFeePerGas), (*uint256.Int)(a.MaxPriorityFeePerGas)
		if fc.Lt(tc) {
			return errHex("maxFeePerGas (" + fc.Dec() + ") < maxPriorityFeePerGas (" + tc.Dec() + ")")
		}
	}
	return nil
}

func (a *TransactionArgs) data() []byte {
	if a.Input != nil {
		return *a.Input
	}
	if a.Data != nil {
		return *a.Data
	}
	return nil
}

func (a *TransactionArgs) from() ethtypes.Address {
	if a.From == nil {
		return ethtypes.Address{}
	}
	return ethtypes.Address(*a.From)
}

func (a *TransactionArgs) accessList() ethtypes.AccessList {
	if a.AccessList == nil {
		return nil
	}
	al := make(ethtypes.AccessList, len(*a.AccessList))
	for i, t := range *a.AccessList {
		keys := make([]ethtypes.Hash, len(t.StorageKeys))
		for j, k := range t.StorageKeys {
			keys[j] = ethtypes.Hash(k)
		}
		al[i] = ethtypes.AccessTuple{Address: ethtypes.Address(t.Address), StorageKeys: keys}
	}
	return al
}

// noFees reports whether the args name no price at all.
func (a *TransactionArgs) noFees() bool {
	return a.GasPrice == nil && a.MaxFeePerGas == nil && a.MaxPriorityFeePerGas == nil
}

// toMessage builds the message of a simulated call with gas limit gas
// under baseFee (nil before London), as geth's ToMessage.
func (a *TransactionArgs) toMessage(gas uint64, baseFee *uint256.Int) *ethchain.Message {
	msg := &ethchain.Message{
		From:             a.from(),
		GasLimit:         gas,
		Data:             a.data(),
		AccessList:       a.accessList(),
		SkipNonceChecks:  true,
		SkipFromEOACheck: true,
	}
	if a.To != nil {
		to := ethtypes.Address(*a.To)
		msg.To = &to
	}
	if a.Value != nil {
		msg.Value = uint256.Int(*a.Value)
	}
	if a.Nonce != nil {
		msg.Nonce = uint64(*a.Nonce)
	}
	switch {
	case baseFee == nil:
		if a.GasPrice != nil {
			msg.GasPrice = uint256.Int(*a.GasPrice)
		}
		msg.GasFeeCap, msg.GasTipCap = msg.GasPrice, msg.GasPrice
	case a.GasPrice != nil:
		msg.GasPrice = uint256.Int(*a.GasPrice)
		msg.GasFeeCap, msg.GasTipCap = msg.GasPrice, msg.GasPrice
	default:
		if a.MaxFeePerGas != nil {
			msg.GasFeeCap = uint256.Int(*a.MaxFeePerGas)
		}
		if a.MaxPriorityFeePerGas != nil {
			msg.GasTipCap = uint256.Int(*a.MaxPriorityFeePerGas)
		}
		if !msg.GasFeeCap.IsZero() || !msg.GasTipCap.IsZero() {
			msg.GasPrice = effectivePrice(&msg.GasFeeCap, &msg.GasTipCap, baseFee)
		}
	}
	return msg
}
