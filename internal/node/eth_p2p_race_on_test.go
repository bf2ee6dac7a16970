//go:build race

package node

// ethRaceEnabled reports a build with the race detector, which makes proof
// of work about ten times slower.
const ethRaceEnabled = true
