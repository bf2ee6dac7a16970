// Package corevectors runs Bitcoin Core's conformance vectors against
// twinchain's script engine and signature hashes: script_tests.json,
// tx_valid.json / tx_invalid.json, sighash.json and Core's script-assets
// format (Core's fuzz corpus shape, plus our own taproot cases under
// testdata/script_assets).
//
// Each runner has the shape
//
//	RunXxx(path string, w io.Writer) (passed, failed int, err error)
//
// and prints one line per failing case to w; err is reserved for files that
// cannot be read or parsed at all. The Go tests of this package run every
// runner on ../shared/testdata (see internal/testdata) and require zero
// failures; cmd/twinchain-tool exposes the same runners on the command line.
//
// This is a tier-2 package: it reads files. Runners hold no shared state and
// are safe to call concurrently.
package corevectors
