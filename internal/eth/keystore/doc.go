// Package keystore reads and writes account keys in the Web3 Secret Storage
// format, version 3: the JSON key files of geth's keystore directory
// (<datadir>/eth/<network>/keystore).
//
// # Model
//
// A key file holds a secp256k1 private key encrypted with AES-128-CTR under
// a key derived from the password by scrypt or PBKDF2-HMAC-SHA256. The
// derived key is 32 bytes: the first 16 are the AES key, and the MAC that
// detects a wrong password is keccak256(derivedKey[16:32] || ciphertext).
//
// EncryptKey and DecryptKey convert between a Key and the JSON, with no
// I/O. KeyFileName gives geth's file name (UTC--<time>--<address>);
// WriteKeyFile writes a file atomically (temporary file, fsync, rename;
// mode 0600); ReadKeyFile reads and decrypts one. Store manages a
// directory: NewAccount, ImportKey, Accounts, Find, Unlock.
//
// Parameters: StandardScryptN/StandardScryptP (N = 2^18, r = 8, p = 1,
// 256 MiB and about a second per unlock) for real accounts, and
// LightScryptN/LightScryptP (N = 2^12, p = 6) for tests and dev networks.
// Reading accepts any scrypt or PBKDF2 cost up to MaxScryptMemory,
// MaxScryptWork and MaxPBKDF2Iterations.
//
// # Errors
//
// Errors are ErrorKind values, usually wrapped in an *Error; test with
// errors.Is. A wrong password is ErrDecrypt (geth's text: "could not
// decrypt key with given password"). File-system errors are returned as
// they are (test with errors.Is(err, fs.ErrNotExist) and so on).
//
// # Concurrency
//
// Everything is safe for concurrent use; see Store for the file-system
// caveats. Decrypted keys are held in memory as *secp256k1.PrivateKey; the
// intermediate derived keys and plaintexts are cleared after use.
package keystore
