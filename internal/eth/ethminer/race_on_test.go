//go:build race

package ethminer

// raceEnabled reports a build with the race detector, which makes proof of
// work too slow to test.
const raceEnabled = true
