package keystore

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/twinchain/twinchain/internal/fsutil"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// KeyFileName returns geth's name for the key file of addr created at t:
// "UTC--" + t in UTC as 2006-01-02T15-04-05.000000000Z + "--" + the
// address in lower-case hex without 0x.
//
// This function is safe for concurrent access.
func KeyFileName(addr ethtypes.Address, t time.Time) string {
	return "UTC--" + t.UTC().Format("2006-01-02T15-04-05.000000000Z") + "--" + hex.EncodeToString(addr[:])
}

// WriteKeyFile writes keyJSON to dir/name atomically: it writes a
// temporary file in dir with mode 0600, syncs it and renames it into
// place, so a crash never leaves a partial key file. dir is created (mode
// 0700) if missing. An existing file of that name is not replaced
// (fs.ErrExist).
//
// This function is safe for concurrent access for distinct names.
func WriteKeyFile(dir, name string, keyJSON []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if _, err := os.Lstat(path); err == nil {
		return "", fmt.Errorf("keystore: %s: %w", path, fs.ErrExist)
	}
	if err := fsutil.WriteFileAtomic(path, keyJSON, 0o600); err != nil {
		return "", err
	}
	return path, nil
}

// ReadKeyFile reads and decrypts the key file at path (see DecryptKey).
//
// This function is safe for concurrent access.
func ReadKeyFile(path, password string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return DecryptKey(b, password)
}

// Account is a key file in a Store: its address and path.
type Account struct {
	Address ethtypes.Address
	Path    string
}

// Store is a directory of v3 key files, as geth's keystore directory.
// Keys are written with Params; Rand (crypto/rand.Reader if nil) supplies
// keys, salts and IVs and Now (time.Now if nil) the file-name timestamps.
//
// A Store holds no state besides its configuration; concurrent use is safe
// as far as the file system is (two writers never pick the same name,
// since the name holds the address and a nanosecond timestamp, and
// WriteKeyFile refuses to replace a file).
type Store struct {
	Dir    string
	Params KDFParams
	Rand   io.Reader
	Now    func() time.Time
}

// NewStore returns a store over dir writing with geth's standard scrypt
// parameters.
func NewStore(dir string) *Store {
	return &Store{Dir: dir, Params: Scrypt(StandardScryptN, StandardScryptP)}
}

func (s *Store) rand() io.Reader {
	if s.Rand != nil {
		return s.Rand
	}
	return rand.Reader
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// NewAccount generates a key, writes it encrypted with password and
// returns its account.
func (s *Store) NewAccount(password string) (Account, error) {
	k, err := NewKey(s.rand())
	if err != nil {
		return Account{}, err
	}
	return s.StoreKey(k, password)
}

// ImportKey writes priv encrypted with password (with a new UUID) and
// returns its account.
func (s *Store) ImportKey(priv *secp256k1.PrivateKey, password string) (Account, error) {
	k, err := NewKeyFromPrivate(priv, s.rand())
	if err != nil {
		return Account{}, err
	}
	return s.StoreKey(k, password)
}

// StoreKey writes k encrypted with password under its geth-style name.
func (s *Store) StoreKey(k *Key, password string) (Account, error) {
	b, err := EncryptKey(k, password, s.Params, s.rand())
	if err != nil {
		return Account{}, err
	}
	path, err := WriteKeyFile(s.Dir, KeyFileName(k.Address, s.now()), b)
	if err != nil {
		return Account{}, err
	}
	return Account{Address: k.Address, Path: path}, nil
}

// Accounts lists the key files in the directory, sorted by path (so by
// creation time for geth-named files). A file is a key file when it is a
// regular, non-hidden file holding JSON with a valid "address" field;
// others are skipped. A missing directory has no accounts.
func (s *Store) Accounts() ([]Account, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Account
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
			continue
		}
		path := filepath.Join(s.Dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var head struct {
			Address string `json:"address"`
		}
		if json.Unmarshal(b, &head) != nil || head.Address == "" {
			continue
		}
		a, err := ethtypes.ParseAddress(head.Address)
		if err != nil {
			continue
		}
		out = append(out, Account{Address: a, Path: path})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Find returns the account of addr: ErrNoKey if no key file names it,
// ErrAmbiguousKey if several do.
func (s *Store) Find(addr ethtypes.Address) (Account, error) {
	accts, err := s.Accounts()
	if err != nil {
		return Account{}, err
	}
	var found []Account
	for _, a := range accts {
		if a.Address == addr {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		return Account{}, newError(ErrNoKey, addr.Hex(), nil)
	case 1:
		return found[0], nil
	}
	return Account{}, newError(ErrAmbiguousKey, fmt.Sprintf("%s has %d files", addr.Hex(), len(found)), nil)
}

// Unlock finds the key file of addr and decrypts it with password. A file
// whose key is not the address it names fails with ErrAddressMismatch (see
// DecryptKey).
func (s *Store) Unlock(addr ethtypes.Address, password string) (*Key, error) {
	a, err := s.Find(addr)
	if err != nil {
		return nil, err
	}
	return ReadKeyFile(a.Path, password)
}
