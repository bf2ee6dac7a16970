package blockstore

import (
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// XORKeyFile is the name of the file holding the blocks XOR key (Core 28+).
const XORKeyFile = "xor.dat"

// readXORKey reads blocks/xor.dat without creating it: a missing file means
// the zero key (a directory written before Core 28).
func readXORKey(dir string) ([8]byte, error) {
	var key [8]byte
	path := filepath.Join(dir, XORKeyFile)
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return key, nil
	case err != nil:
		return key, wrapError(ErrIO, err, "read %s", path)
	case len(b) != len(key):
		return key, makeError(ErrBadXORKey, "%s is %d bytes, want %d", path, len(b), len(key))
	}
	copy(key[:], b)
	return key, nil
}

// initXORKey reads blocks/xor.dat, or creates it as Core's
// InitBlocksdirXorKey does: with a random key when random is set and the
// directory holds nothing but hidden files (a first run), with zeros
// otherwise. An existing key is always used as found.
func initXORKey(dir string, random bool) ([8]byte, error) {
	path := filepath.Join(dir, XORKeyFile)
	if _, err := os.Stat(path); err == nil {
		return readXORKey(dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return [8]byte{}, wrapError(ErrIO, err, "stat %s", path)
	}
	var key [8]byte
	if random {
		first, err := onlyHiddenFiles(dir)
		if err != nil {
			return key, err
		}
		if first {
			if _, err := rand.Read(key[:]); err != nil {
				return key, wrapError(ErrIO, err, "generate the blocks XOR key")
			}
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return key, wrapError(ErrIO, err, "create %s", path)
	}
	_, err = f.Write(key[:])
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return key, wrapError(ErrIO, err, "write %s", path)
	}
	if err := syncDir(dir); err != nil {
		return key, wrapError(ErrIO, err, "sync %s", dir)
	}
	return key, nil
}

func onlyHiddenFiles(dir string) (bool, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, wrapError(ErrIO, err, "read %s", dir)
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") {
			return false, nil
		}
	}
	return true, nil
}
