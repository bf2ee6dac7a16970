//go:build !unix

package node

import "os"

// tryLock is a no-op where flock is not available: the lock file is created
// but not enforced.
func tryLock(*os.File) error { return nil }

func unlock(*os.File) error { return nil }
