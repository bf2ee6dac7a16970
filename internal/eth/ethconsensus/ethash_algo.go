package ethconsensus

import (
	"encoding/binary"
	"hash"
	"math/big"

	"golang.org/x/crypto/sha3"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Ethash constants of the Yellow Paper's appendix J and the Ethash spec.
const (
	// EpochLength is the number of blocks of one Ethash epoch on public
	// networks: the cache and dataset change every EpochLength blocks.
	EpochLength = 30000

	datasetInitBytes   = 1 << 30 // dataset size at epoch 0, before rounding
	datasetGrowthBytes = 1 << 23 // dataset growth per epoch
	cacheInitBytes     = 1 << 24 // cache size at epoch 0, before rounding
	cacheGrowthBytes   = 1 << 17 // cache growth per epoch
	mixBytes           = 128     // width of the mix
	hashBytes          = 64      // size of one cache or dataset item
	hashWords          = 16      // 32-bit words of one item
	mixWords           = 32      // 32-bit words of the mix
	datasetParents     = 256     // cache items mixed into one dataset item
	cacheRounds        = 3       // RandMemoHash rounds of the cache
	loopAccesses       = 64      // dataset accesses of hashimoto

	// MaxGrowingEpoch is the last epoch whose cache and dataset sizes
	// follow the public networks' growth formula (geth's size tables stop
	// there too); beyond it a header cannot be verified.
	MaxGrowingEpoch = 2047

	// MaxFixedEpoch is the last epoch a configuration with fixed sizes can
	// verify: it bounds the seed-hash computation, which is one Keccak-256
	// per epoch.
	MaxFixedEpoch = 1<<20 - 1
)

// keccakHasher is a reusable legacy Keccak sponge (x/crypto's state has
// Read, which squeezes without the copy Sum makes).
type keccakHasher interface {
	hash.Hash
	Read(out []byte) (int, error)
}

// newKeccak512 returns a fresh legacy Keccak-512 sponge.
func newKeccak512() keccakHasher { return sha3.NewLegacyKeccak512().(keccakHasher) }

// hashTo512 sets out to Keccak-512(in) using h.
func hashTo512(h keccakHasher, out, in []byte) {
	h.Reset()
	h.Write(in)
	h.Read(out[:64])
}

// fnv is Ethash's FNV-1 variant: (a * 0x01000193) ^ b modulo 2^32.
func fnv(a, b uint32) uint32 { return a*0x01000193 ^ b }

// isPrime reports whether n is prime. ProbablyPrime(0) is the
// Baillie-PSW test, which has no known counterexample and is proven exact
// below 2^64.
func isPrime(n uint64) bool { return new(big.Int).SetUint64(n).ProbablyPrime(0) }

// CacheSize returns the size in bytes of the Ethash verification cache of
// epoch on the public networks: the largest multiple of 64 bytes not above
// 2^24 + 2^17*epoch - 64 whose count of 64-byte items is prime. epoch must
// be at most MaxGrowingEpoch.
//
// This function is safe for concurrent access.
func CacheSize(epoch uint64) uint64 {
	size := cacheInitBytes + cacheGrowthBytes*epoch - hashBytes
	for !isPrime(size / hashBytes) {
		size -= 2 * hashBytes
	}
	return size
}

// DatasetSize returns the size in bytes of the full Ethash dataset of
// epoch on the public networks: the largest multiple of 128 bytes not
// above 2^30 + 2^23*epoch - 128 whose count of 128-byte rows is prime.
// epoch must be at most MaxGrowingEpoch.
//
// This function is safe for concurrent access.
func DatasetSize(epoch uint64) uint64 {
	size := datasetInitBytes + datasetGrowthBytes*epoch - mixBytes
	for !isPrime(size / mixBytes) {
		size -= 2 * mixBytes
	}
	return size
}

// SeedHash returns the seed of epoch: Keccak-256 applied epoch times to 32
// zero bytes.
//
// This function is safe for concurrent access.
func SeedHash(epoch uint64) ethtypes.Hash {
	var seed [32]byte
	if epoch == 0 {
		return seed
	}
	h := crypto.NewKeccakState()
	for range epoch {
		h.Reset()
		h.Write(seed[:])
		h.Read(seed[:])
	}
	return seed
}

// bytesToWords decodes little-endian 32-bit words from b into w.
func bytesToWords(w []uint32, b []byte) {
	for i := range w {
		w[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
}

// wordsToBytes encodes w into b as little-endian 32-bit words.
func wordsToBytes(b []byte, w []uint32) {
	for i, v := range w {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
}

// generateCache fills cache (a whole number of 16-word items) from seed:
// a chain of Keccak-512 hashes, then cacheRounds rounds of RandMemoHash.
func generateCache(cache []uint32, seed []byte) {
	n := len(cache) / hashWords
	if n == 0 {
		return
	}
	h := newKeccak512()
	var buf, tmp [hashBytes]byte
	hashTo512(h, buf[:], seed)
	bytesToWords(cache[:hashWords], buf[:])
	for i := 1; i < n; i++ {
		hashTo512(h, buf[:], buf[:])
		bytesToWords(cache[i*hashWords:(i+1)*hashWords], buf[:])
	}
	for range cacheRounds {
		for i := range n {
			src := cache[((i-1+n)%n)*hashWords:]
			dst := cache[i*hashWords : (i+1)*hashWords]
			other := cache[(int(dst[0])%n)*hashWords:]
			for k := range hashWords {
				binary.LittleEndian.PutUint32(tmp[4*k:], src[k]^other[k])
			}
			hashTo512(h, buf[:], tmp[:])
			bytesToWords(dst, buf[:])
		}
	}
}

// datasetItem computes dataset item index from cache into out: the cache
// item index mod n mixed with datasetParents pseudo-random cache items by
// FNV, hashed with Keccak-512 before and after. buf is scratch space.
func datasetItem(h keccakHasher, cache []uint32, index uint32, out []uint32, buf *[hashBytes]byte) {
	n := uint32(len(cache) / hashWords)
	mix := (*[hashWords]uint32)(out)
	*mix = *(*[hashWords]uint32)(cache[int(index%n)*hashWords:])
	mix[0] ^= index
	wordsToBytes(buf[:], mix[:])
	hashTo512(h, buf[:], buf[:])
	bytesToWords(mix[:], buf[:])
	for j := uint32(0); j < datasetParents; j++ {
		parent := fnv(index^j, mix[j%hashWords]) % n
		p := (*[hashWords]uint32)(cache[int(parent)*hashWords:])
		for k := range hashWords {
			mix[k] = fnv(mix[k], p[k])
		}
	}
	wordsToBytes(buf[:], mix[:])
	hashTo512(h, buf[:], buf[:])
	bytesToWords(mix[:], buf[:])
}

// generateDatasetRange fills the items [from, to) of dataset from cache.
func generateDatasetRange(dataset, cache []uint32, from, to uint32) {
	h := newKeccak512()
	var buf [hashBytes]byte
	for i := from; i < to; i++ {
		at := int(i) * hashWords
		datasetItem(h, cache, i, dataset[at:at+hashWords], &buf)
	}
}

// scratch is the working memory of hashimoto: the sponges and buffers,
// allocated once per verifier or mining goroutine so that a hashimoto
// evaluation allocates nothing.
type scratch struct {
	k512 keccakHasher
	k256 keccakHasher
	seed [hashBytes + 32]byte // seed, then seed || digest for the result
	temp [mixWords]uint32
	buf  [hashBytes]byte
}

// newScratch returns fresh hashimoto working memory.
func newScratch() *scratch {
	return &scratch{k512: newKeccak512(), k256: crypto.NewKeccakState()}
}

// hashimoto runs Ethash's main loop for the seal hash and nonce over a
// dataset of size bytes, reading its items from dataset when it is
// non-nil, else computing them from cache, and returns the mix digest and
// the result (the value compared with the target).
func (s *scratch) hashimoto(sealHash *ethtypes.Hash, nonce uint64, size uint64, cache, dataset []uint32) (digest, result ethtypes.Hash) {
	rows := uint32(size / mixBytes)

	// seed = Keccak-512(sealHash || little-endian nonce)
	copy(s.seed[:32], sealHash[:])
	binary.LittleEndian.PutUint64(s.seed[32:], nonce)
	s.k512.Reset()
	s.k512.Write(s.seed[:40])
	s.k512.Read(s.seed[:hashBytes])
	seedHead := binary.LittleEndian.Uint32(s.seed[:])

	var mix [mixWords]uint32
	bytesToWords(mix[:hashWords], s.seed[:hashBytes])
	copy(mix[hashWords:], mix[:hashWords])

	temp := &s.temp
	for i := range uint32(loopAccesses) {
		parent := fnv(i^seedHead, mix[i%mixWords]) % rows
		if dataset != nil {
			*(*[mixWords]uint32)(temp) = *(*[mixWords]uint32)(dataset[int(parent)*mixWords:])
		} else {
			datasetItem(s.k512, cache, 2*parent, temp[:hashWords], &s.buf)
			datasetItem(s.k512, cache, 2*parent+1, temp[hashWords:], &s.buf)
		}
		for k := range mixWords {
			mix[k] = fnv(mix[k], temp[k])
		}
	}
	for i := 0; i < mixWords; i += 4 {
		c := fnv(fnv(fnv(mix[i], mix[i+1]), mix[i+2]), mix[i+3])
		binary.LittleEndian.PutUint32(digest[i:], c)
	}
	copy(s.seed[hashBytes:], digest[:])
	s.k256.Reset()
	s.k256.Write(s.seed[:])
	s.k256.Read(s.buf[:32])
	copy(result[:], s.buf[:32])
	return digest, result
}

// HashimotoLight computes the mix digest and result of sealHash and nonce
// from the verification cache (a whole number of 16-word items, as built
// for an epoch) and the dataset size in bytes, computing each of the 128
// dataset items it touches from the cache.
//
// This function is safe for concurrent access (cache is only read).
func HashimotoLight(size uint64, cache []uint32, sealHash ethtypes.Hash, nonce uint64) (digest, result ethtypes.Hash) {
	return newScratch().hashimoto(&sealHash, nonce, size, cache, nil)
}

// HashimotoFull computes the mix digest and result of sealHash and nonce
// from a full dataset (a whole number of 32-word rows; its size is taken
// from the slice).
//
// This function is safe for concurrent access (dataset is only read).
func HashimotoFull(dataset []uint32, sealHash ethtypes.Hash, nonce uint64) (digest, result ethtypes.Hash) {
	return newScratch().hashimoto(&sealHash, nonce, uint64(len(dataset))*4, nil, dataset)
}

// MakeCache returns the verification cache of cacheBytes bytes (a
// multiple of 64) for seed.
//
// This function is safe for concurrent access.
func MakeCache(cacheBytes uint64, seed ethtypes.Hash) []uint32 {
	cache := make([]uint32, cacheBytes/4)
	generateCache(cache, seed[:])
	return cache
}

// MakeDataset returns the full dataset of datasetBytes bytes (a multiple
// of 128) computed from cache on threads goroutines (at least one).
//
// This function is safe for concurrent access.
func MakeDataset(datasetBytes uint64, cache []uint32, threads int) []uint32 {
	dataset := make([]uint32, datasetBytes/4)
	items := uint32(datasetBytes / hashBytes)
	threads = max(1, min(threads, int(items)))
	if threads == 1 {
		generateDatasetRange(dataset, cache, 0, items)
		return dataset
	}
	done := make(chan struct{}, threads)
	per := (items + uint32(threads) - 1) / uint32(threads)
	for t := range uint32(threads) {
		from, to := t*per, min((t+1)*per, items)
		go func() {
			if from < to {
				generateDatasetRange(dataset, cache, from, to)
			}
			done <- struct{}{}
		}()
	}
	for range threads {
		<-done
	}
	return dataset
}

// CacheHash returns the Keccak-256 of the cache serialised as
// little-endian words (the cache_hash of the ethash test vectors).
//
// This function is safe for concurrent access.
func CacheHash(cache []uint32) ethtypes.Hash {
	h := crypto.NewKeccakState()
	var buf [4096]byte
	for len(cache) > 0 {
		n := min(len(cache), len(buf)/4)
		wordsToBytes(buf[:], cache[:n])
		h.Write(buf[:4*n])
		cache = cache[n:]
	}
	var out ethtypes.Hash
	h.Read(out[:])
	return out
}
