//go:build !race

package ethminer

// raceEnabled reports a build with the race detector.
const raceEnabled = false
