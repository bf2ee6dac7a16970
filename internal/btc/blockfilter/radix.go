package blockfilter

import (
	"cmp"
	"slices"
)

// sortHashed sorts hs by hash. Large inputs use a least-significant-digit
// radix sort over the eight bytes of the hash (skipping bytes on which all
// hashes agree), which beats a comparison sort several times over for the
// few thousand elements of a block; small inputs use pdqsort.
func sortHashed(hs []hashed) {
	if len(hs) < 256 {
		slices.SortFunc(hs, func(a, b hashed) int { return cmp.Compare(a.h, b.h) })
		return
	}
	var counts [8][256]int
	for _, x := range hs {
		h := x.h
		for d := range 8 {
			counts[d][byte(h>>(8*d))]++
		}
	}
	src, dst := hs, make([]hashed, len(hs))
	for d := range 8 {
		c := &counts[d]
		if c[byte(src[0].h>>(8*d))] == len(src) {
			continue // every hash has the same byte here
		}
		sum := 0
		for i := range c {
			sum, c[i] = sum+c[i], sum
		}
		shift := 8 * uint(d)
		for _, x := range src {
			k := byte(x.h >> shift)
			dst[c[k]] = x
			c[k]++
		}
		src, dst = dst, src
	}
	if &src[0] != &hs[0] {
		copy(hs, src)
	}
}
