package wallet

import "fmt"

// ErrorKind identifies a kind of wallet error; test with errors.Is.
type ErrorKind string

// Error implements the error interface.
func (e ErrorKind) Error() string { return string(e) }

// The error kinds. The RPC layer maps each to Bitcoin Core's code.
const (
	// ErrWalletNotFound: no wallet of that name on disk (RPC -18).
	ErrWalletNotFound = ErrorKind("ErrWalletNotFound")
	// ErrWalletExists: createwallet over an existing wallet (RPC -4).
	ErrWalletExists = ErrorKind("ErrWalletExists")
	// ErrAlreadyLoaded: the wallet is loaded already (RPC -35).
	ErrAlreadyLoaded = ErrorKind("ErrAlreadyLoaded")
	// ErrNotLoaded: the wallet is not loaded (RPC -18).
	ErrNotLoaded = ErrorKind("ErrNotLoaded")
	// ErrBadWalletFile: the database could not be opened or verified
	// (RPC -4 "Wallet file verification failed...").
	ErrBadWalletFile = ErrorKind("ErrBadWalletFile")
	// ErrLocked: the operation needs the wallet unlocked (RPC -13).
	ErrLocked = ErrorKind("ErrLocked")
	// ErrWrongPassphrase: the passphrase does not open the wallet (RPC -14).
	ErrWrongPassphrase = ErrorKind("ErrWrongPassphrase")
	// ErrNotEncrypted: walletpassphrase and friends on an unencrypted
	// wallet (RPC -15).
	ErrNotEncrypted = ErrorKind("ErrNotEncrypted")
	// ErrAlreadyEncrypted: encryptwallet on an encrypted wallet (RPC -15).
	ErrAlreadyEncrypted = ErrorKind("ErrAlreadyEncrypted")
	// ErrPrivateKeysDisabled: the wallet holds no private keys (RPC -4).
	ErrPrivateKeysDisabled = ErrorKind("ErrPrivateKeysDisabled")
	// ErrNoDescriptor: no active descriptor for the asked output type
	// (RPC -12 / -4).
	ErrNoDescriptor = ErrorKind("ErrNoDescriptor")
	// ErrNoKeys: the wallet has no active descriptor at all (blank or
	// watch-only without imports) (RPC -4).
	ErrNoKeys = ErrorKind("ErrNoKeys")
	// ErrInsufficientFunds: the coins do not cover the amount (RPC -6).
	ErrInsufficientFunds = ErrorKind("ErrInsufficientFunds")
	// ErrFeeTooHigh: the fee exceeds -maxtxfee or maxfeerate (RPC -4 or
	// -25).
	ErrFeeTooHigh = ErrorKind("ErrFeeTooHigh")
	// ErrTxTooLarge: the transaction would exceed the standard weight
	// (RPC -4).
	ErrTxTooLarge = ErrorKind("ErrTxTooLarge")
	// ErrInvalidAmount: an amount is not positive or is dust (RPC -3/-6).
	ErrInvalidAmount = ErrorKind("ErrInvalidAmount")
	// ErrInvalidParameter: a bad argument (RPC -8).
	ErrInvalidParameter = ErrorKind("ErrInvalidParameter")
	// ErrInvalidAddressOrKey: an unknown address, key or transaction (RPC
	// -5).
	ErrInvalidAddressOrKey = ErrorKind("ErrInvalidAddressOrKey")
	// ErrBroadcast: the node rejected the transaction (RPC -26).
	ErrBroadcast = ErrorKind("ErrBroadcast")
	// ErrFeeEstimation: no estimate and no fallback fee (RPC -4).
	ErrFeeEstimation = ErrorKind("ErrFeeEstimation")
	// ErrStorage: a database read or write failed (RPC -4).
	ErrStorage = ErrorKind("ErrStorage")
	// ErrSigning: a transaction could not be signed (RPC -4).
	ErrSigning = ErrorKind("ErrSigning")
	// ErrRescanAborted: abortrescan stopped a rescan (RPC -1 "Rescan
	// aborted.").
	ErrRescanAborted = ErrorKind("ErrRescanAborted")
	// ErrBackupFailed: backupwallet could not write the copy (RPC -4).
	ErrBackupFailed = ErrorKind("ErrBackupFailed")
	// ErrInvalidBackup: restorewallet's backup file does not exist
	// (RPC -8).
	ErrInvalidBackup = ErrorKind("ErrInvalidBackup")
	// ErrNotBumpable: bumpfee/psbtbumpfee cannot replace the transaction
	// (mined or conflicted, not BIP125 replaceable, foreign inputs;
	// Core's feebumper WALLET_ERROR, RPC -4).
	ErrNotBumpable = ErrorKind("ErrNotBumpable")
)

// Error is a wallet error: a kind and the message Core prints.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, for errors.Is.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	if len(args) == 0 {
		return Error{Err: kind, Description: format}
	}
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
