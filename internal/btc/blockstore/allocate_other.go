//go:build !linux

package blockstore

import "os"

// preallocate grows f to at least off+length bytes.
func preallocate(f *os.File, off, length int64) error {
	return extend(f, off+length)
}
