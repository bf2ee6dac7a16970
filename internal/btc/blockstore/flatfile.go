package blockstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// fileKind tells blk files from rev files.
type fileKind byte

const (
	kindBlock fileKind = 'b'
	kindUndo  fileKind = 'r'
)

func (k fileKind) prefix() string {
	if k == kindBlock {
		return "blk"
	}
	return "rev"
}

// fileName returns "blkNNNNN.dat" or "revNNNNN.dat".
func fileName(kind fileKind, num int32) string {
	return fmt.Sprintf("%s%05d.dat", kind.prefix(), num)
}

type fileKey struct {
	kind fileKind
	num  int32
}

// handle is an open flat file shared by readers and the writer.
type handle struct {
	f        *os.File
	writable bool
	refs     int
	dropped  bool // removed from the cache; close when refs reaches 0
}

// handleCache keeps flat files open across reads and writes. Callers
// acquire a handle, use it with ReadAt/WriteAt (safe concurrently), and
// release it. Unreferenced handles are closed when the cache is over its
// limit, and when their file is pruned.
type handleCache struct {
	dir string
	max int

	mu     sync.Mutex
	m      map[fileKey]*handle
	closed bool
}

func newHandleCache(dir string, max int) *handleCache {
	return &handleCache{dir: dir, max: max, m: make(map[fileKey]*handle)}
}

func (c *handleCache) path(k fileKey) string { return filepath.Join(c.dir, fileName(k.kind, k.num)) }

// acquire returns an open handle for the file. With write set the file is
// opened read-write and created when missing (created reports that); without
// it a missing file is an ErrFileMissing error.
func (c *handleCache) acquire(k fileKey, write bool) (h *handle, created bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, false, makeError(ErrClosed, "blockstore: %s: store closed", fileName(k.kind, k.num))
	}
	if h, ok := c.m[k]; ok && (h.writable || !write) {
		h.refs++
		return h, false, nil
	}
	var f *os.File
	if write {
		f, err = os.OpenFile(c.path(k), os.O_RDWR, 0)
		if errors.Is(err, fs.ErrNotExist) {
			f, err = os.OpenFile(c.path(k), os.O_RDWR|os.O_CREATE, 0o600)
			created = err == nil
		}
	} else {
		f, err = os.Open(c.path(k))
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, wrapError(ErrFileMissing, err, "%s", fileName(k.kind, k.num))
		}
		return nil, false, wrapError(ErrIO, err, "open %s", fileName(k.kind, k.num))
	}
	if old, ok := c.m[k]; ok { // a read-only handle replaced by a writable one
		c.dropLocked(k, old)
	}
	h = &handle{f: f, writable: write, refs: 1}
	c.m[k] = h
	c.evictLocked(k)
	return h, created, nil
}

// release returns a handle acquired with acquire.
func (c *handleCache) release(h *handle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h.refs--
	if h.refs == 0 && h.dropped {
		h.f.Close()
	}
}

// evictLocked closes unreferenced handles (other than keep) while the cache
// is over its limit.
func (c *handleCache) evictLocked(keep fileKey) {
	for k, h := range c.m {
		if len(c.m) <= c.max {
			return
		}
		if k != keep && h.refs == 0 {
			c.dropLocked(k, h)
		}
	}
}

func (c *handleCache) dropLocked(k fileKey, h *handle) {
	delete(c.m, k)
	h.dropped = true
	if h.refs == 0 {
		h.f.Close()
	}
}

// drop forgets the file's handle (before the file is deleted).
func (c *handleCache) drop(k fileKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.m[k]; ok {
		c.dropLocked(k, h)
	}
}

// closeAll closes every handle; later use fails.
func (c *handleCache) closeAll() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var first error
	for k, h := range c.m {
		delete(c.m, k)
		h.dropped = true
		if h.refs == 0 {
			if err := h.f.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// extend grows f to size bytes if it is shorter.
func extend(f *os.File, size int64) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < size {
		return f.Truncate(size)
	}
	return nil
}

// allocate pre-allocates the chunks a write of addSize bytes at pos needs,
// as Core's FlatFileSeq::Allocate: when the write crosses into a chunk not
// yet allocated, the file is grown to the next chunk boundary. It returns
// the number of bytes allocated.
func allocate(f *os.File, pos, addSize, chunk uint32) (int64, error) {
	c := uint64(chunk)
	oldChunks := (uint64(pos) + c - 1) / c
	newChunks := (uint64(pos) + uint64(addSize) + c - 1) / c
	if newChunks <= oldChunks {
		return 0, nil
	}
	newSize := int64(newChunks * c)
	inc := newSize - int64(pos)
	if err := preallocate(f, int64(pos), inc); err != nil {
		return 0, err
	}
	return inc, nil
}

// syncDir fsyncs a directory so that file creations and removals in it are
// durable (Core's DirectoryCommit).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// xorAt applies the blocks XOR key to b, which sits at file offset off
// (Core's util::Xor with the key offset by the file position).
func xorAt(b []byte, key *[8]byte, off int64) {
	var k [8]byte
	s := int(off & 7)
	for i := range k {
		k[i] = key[(s+i)&7]
	}
	kw := binary.LittleEndian.Uint64(k[:])
	i := 0
	for ; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], binary.LittleEndian.Uint64(b[i:])^kw)
	}
	for j := 0; i < len(b); i, j = i+1, j+1 {
		b[i] ^= k[j]
	}
}
