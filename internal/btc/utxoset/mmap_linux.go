package utxoset

import "syscall"

// madvHugePage is MADV_HUGEPAGE: back the range with transparent huge pages
// when the kernel's policy is "madvise" (the default on many
// distributions).
const madvHugePage = 14

// mapSlots maps size bytes of zeroed anonymous memory for a slot table and
// asks for huge pages. It reports false when the mapping fails; the caller
// then uses the heap.
func mapSlots(size int) ([]byte, bool) {
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, false
	}
	_ = syscall.Madvise(mem, madvHugePage) // advisory: ignore a refusal
	return mem, true
}

// unmapSlots releases memory from mapSlots.
func unmapSlots(mem []byte) { _ = syscall.Munmap(mem) }
