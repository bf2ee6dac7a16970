//go:build linux

package blockstore

import (
	"os"
	"syscall"
)

// preallocate reserves [off, off+length) of f, growing the file, as Core's
// AllocateFileRange does with posix_fallocate. File systems without
// fallocate get a plain size extension.
func preallocate(f *os.File, off, length int64) error {
	for {
		err := syscall.Fallocate(int(f.Fd()), 0, off, length)
		if err == syscall.EINTR {
			continue
		}
		if err == nil {
			return nil
		}
		break
	}
	return extend(f, off+length)
}
