//go:build race

package jsonrpc

// raceEnabled: allocation counts are not meaningful under the race detector.
const raceEnabled = true
