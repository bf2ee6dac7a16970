package walletrpc

import (
	"errors"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Core's wallet RPC error codes (src/rpc/protocol.h).
const (
	codeWalletError               = -4
	codeWalletInsufficientFunds   = -6
	codeWalletInvalidLabelName    = -11
	codeWalletKeypoolRanOut       = -12
	codeWalletUnlockNeeded        = -13
	codeWalletPassphraseIncorrect = -14
	codeWalletWrongEncState       = -15
	codeWalletEncryptionFailed    = -16
	codeWalletAlreadyUnlocked     = -17
	codeWalletNotFound            = -18
	codeWalletNotSpecified        = -19
	codeWalletAlreadyLoaded       = -35
	codeWalletAlreadyExists       = -36
)

// rpcError maps a wallet error to Core's RPC code.
func rpcError(err error) error {
	var je *jsonrpc.Error
	if errors.As(err, &je) {
		return err
	}
	var we wallet.Error
	if !errors.As(err, &we) {
		return jsonrpc.NewError(codeWalletError, "%s", err.Error())
	}
	code := codeWalletError
	switch we.Err {
	case wallet.ErrWalletNotFound, wallet.ErrNotLoaded:
		code = codeWalletNotFound
	case wallet.ErrAlreadyLoaded:
		code = codeWalletAlreadyLoaded
	case wallet.ErrLocked:
		code = codeWalletUnlockNeeded
	case wallet.ErrWrongPassphrase:
		code = codeWalletPassphraseIncorrect
	case wallet.ErrNotEncrypted, wallet.ErrAlreadyEncrypted:
		code = codeWalletWrongEncState
	case wallet.ErrNoDescriptor:
		code = codeWalletKeypoolRanOut
	case wallet.ErrInsufficientFunds:
		code = codeWalletInsufficientFunds
	case wallet.ErrInvalidAmount:
		code = jsonrpc.CodeTypeError
		if strings.Contains(we.Description, "too small") {
			code = codeWalletError
			if strings.Contains(we.Description, "pay the fee") {
				code = codeWalletInsufficientFunds
			}
		}
	case wallet.ErrInvalidParameter:
		code = jsonrpc.CodeInvalidParameter
	case wallet.ErrInvalidAddressOrKey:
		code = jsonrpc.CodeInvalidAddressOrKey
	case wallet.ErrBroadcast:
		code = jsonrpc.CodeVerifyRejected
	}
	return jsonrpc.NewError(code, "%s", we.Description)
}

// fundingKinds are the errors of Core's CreateTransaction: the send RPCs
// report them all with -6 (sendtoaddress, sendmany: RPC_WALLET_INSUFFICIENT_FUNDS)
// and the funding RPCs with -4 (fundrawtransaction, send,
// walletcreatefundedpsbt: RPC_WALLET_ERROR).
var fundingKinds = []wallet.ErrorKind{
	wallet.ErrInsufficientFunds, wallet.ErrFeeTooHigh, wallet.ErrTxTooLarge, wallet.ErrFeeEstimation,
	wallet.ErrNoDescriptor, wallet.ErrInvalidAmount, wallet.ErrSigning,
}

// fundingError maps a funding failure to code, other errors as rpcError.
func fundingError(err error, code int) error {
	var we wallet.Error
	if errors.As(err, &we) {
		for _, k := range fundingKinds {
			if we.Err == k {
				if k == wallet.ErrInvalidAmount && strings.HasPrefix(we.Description, "Invalid amount") {
					break
				}
				return jsonrpc.NewError(code, "%s", we.Description)
			}
		}
	}
	return rpcError(err)
}
