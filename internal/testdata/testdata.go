// Package testdata locates the external test vectors that live outside the
// repository, in ../shared/testdata beside the repository root (or wherever
// $TWINCHAIN_TESTDATA points). Vectors are never copied into the repository.
//
// Tests call Path or Dir. When the folder is missing they skip with a clear
// message, except under CI (CI=true), where a missing vector is a failure.
package testdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the location.
const EnvVar = "TWINCHAIN_TESTDATA"

// ErrNotFound is returned by Locate when the test-data folder does not exist.
var ErrNotFound = errors.New("testdata: ../shared/testdata not found")

// Locate returns the test-data root: $TWINCHAIN_TESTDATA, or the first
// shared/testdata found beside the module root, searching upward from the
// working directory.
func Locate() (string, error) {
	if d := os.Getenv(EnvVar); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, nil
		}
		return "", fmt.Errorf("%w: %s=%q is not a directory", ErrNotFound, EnvVar, d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			cand := filepath.Join(filepath.Dir(dir), "shared", "testdata")
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return cand, nil
			}
		}
		if filepath.Dir(dir) == dir {
			return "", ErrNotFound
		}
	}
}

// Dir returns the test-data root, skipping the test when it is missing
// (failing it under CI=true).
func Dir(tb testing.TB) string {
	tb.Helper()
	d, err := Locate()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("test vectors are required under CI: %v", err)
		}
		tb.Skipf("skipping: %v (set %s or place the shared folder beside the repository)", err, EnvVar)
	}
	return d
}

// Path joins elems under the test-data root and checks the file exists,
// skipping (or failing under CI) when it does not.
func Path(tb testing.TB, elems ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{Dir(tb)}, elems...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("test vector missing under CI: %v", err)
		}
		tb.Skipf("skipping: test vector missing: %v", err)
	}
	return p
}
