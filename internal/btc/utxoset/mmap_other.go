//go:build !linux

package utxoset

// mapSlots is not used outside Linux: slot tables live on the Go heap.
func mapSlots(int) ([]byte, bool) { return nil, false }

// unmapSlots is never called outside Linux.
func unmapSlots([]byte) {}
