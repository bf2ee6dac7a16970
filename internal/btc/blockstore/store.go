package blockstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// DefaultIndexCacheSize is the LevelDB cache of blocks/index, Core's
// MAX_BLOCK_DB_CACHE (2 MiB), which it uses with the default -dbcache.
const DefaultIndexCacheSize = 2 << 20

// DefaultMaxOpenFiles bounds the blk/rev files kept open.
const DefaultMaxOpenFiles = 64

// IndexDirName is the block index database directory inside blocks/.
const IndexDirName = "index"

// Options configures Open.
type Options struct {
	// Dir is the blocks directory (<datadir>/blocks). It is created when
	// missing.
	Dir string

	// Magic is the network's message start, written before every record.
	Magic [4]byte

	// MaxBlockFileSize, BlockChunkSize and UndoChunkSize override Core's
	// MAX_BLOCKFILE_SIZE (128 MiB), BLOCKFILE_CHUNK_SIZE (16 MiB) and
	// UNDOFILE_CHUNK_SIZE (1 MiB); zero keeps Core's value. Tests use small
	// ones.
	MaxBlockFileSize uint32
	BlockChunkSize   uint32
	UndoChunkSize    uint32

	// Index is the block index database. When nil, Open opens LevelDB in
	// Dir/index with Core's options (and Close closes it); a store passed
	// here stays the caller's to close.
	Index kv.Store

	// IndexCacheSize is the LevelDB cache budget in bytes when Open opens
	// the index itself (zero: DefaultIndexCacheSize).
	IndexCacheSize int

	// WipeIndex deletes Dir/index before opening it (-reindex). It is an
	// error together with Index.
	WipeIndex bool

	// XOR creates a random blocks XOR key (blocks/xor.dat) on a first run,
	// as Core 28+ does by default (-blocksxor=1). Without it the key is
	// zero and blk/rev files are plain, readable by older tools. An
	// existing xor.dat is used either way.
	XOR bool

	// MaxOpenFiles bounds the blk/rev files kept open (zero:
	// DefaultMaxOpenFiles).
	MaxOpenFiles int

	// ReadOnly opens an existing directory for reading only (inspection
	// tools): nothing is created, written or deleted, and the write
	// methods fail with ErrReadOnly.
	ReadOnly bool
}

// Store is Bitcoin Core's blocks directory: blk/rev flat files and the block
// index database. See the package documentation for the locking model.
type Store struct {
	dir      string
	magic    [4]byte
	maxFile  uint32
	blkChunk uint32
	revChunk uint32
	xorKey   [8]byte
	useXOR   bool
	readOnly bool
	handles  *handleCache
	bufs     sync.Pool // *[]byte record buffers
	index    kv.Store
	ownIndex bool

	isClosed atomic.Bool // set by Close; checked by readers, which do not take mu

	// mu serializes writers and guards the state below (Core's
	// cs_LastBlockFile). Readers of blk/rev files do not take it.
	mu         sync.Mutex
	closed     bool
	files      []BlockFileInfo // by file number
	cursor     int32           // the blk file being appended to
	undoHeight int32           // highest height with undo data in the cursor file
	dirtyFiles map[int32]struct{}
	unsynced   map[fileKey]struct{} // files written since their last fsync
	dirDirty   bool                 // files were created or removed since the last directory sync
	havePruned bool
	pruneFlag  bool    // the "prunedblockfiles" flag must be written
	toUnlink   []int32 // pruned files to delete after the next index write
}

// Open opens (creating when needed) the blocks directory.
func Open(o Options) (*Store, error) {
	if o.Dir == "" {
		return nil, makeError(ErrInvalidRecord, "blockstore: no directory given")
	}
	if o.Index != nil && o.WipeIndex {
		return nil, makeError(ErrInvalidRecord, "blockstore: WipeIndex with a caller-provided index")
	}
	s := &Store{
		dir:        o.Dir,
		magic:      o.Magic,
		maxFile:    orDefault(o.MaxBlockFileSize, MaxBlockFileSize),
		blkChunk:   orDefault(o.BlockChunkSize, BlockFileChunkSize),
		revChunk:   orDefault(o.UndoChunkSize, UndoFileChunkSize),
		dirtyFiles: make(map[int32]struct{}),
		unsynced:   make(map[fileKey]struct{}),
	}
	if s.maxFile <= StorageHeaderBytes {
		return nil, makeError(ErrInvalidRecord, "blockstore: MaxBlockFileSize %d too small", s.maxFile)
	}
	s.readOnly = o.ReadOnly
	var key [8]byte
	var err error
	if o.ReadOnly {
		if o.WipeIndex {
			return nil, makeError(ErrInvalidRecord, "blockstore: WipeIndex with ReadOnly")
		}
		if st, err := os.Stat(o.Dir); err != nil || !st.IsDir() {
			return nil, wrapError(ErrFileMissing, err, "blockstore: %s is not a directory", o.Dir)
		}
		key, err = readXORKey(o.Dir)
	} else {
		if err := os.MkdirAll(o.Dir, 0o700); err != nil {
			return nil, wrapError(ErrIO, err, "create %s", o.Dir)
		}
		key, err = initXORKey(o.Dir, o.XOR)
	}
	if err != nil {
		return nil, err
	}
	s.xorKey, s.useXOR = key, key != [8]byte{}
	maxOpen := o.MaxOpenFiles
	if maxOpen <= 0 {
		maxOpen = DefaultMaxOpenFiles
	}
	s.handles = newHandleCache(o.Dir, maxOpen)

	s.index = o.Index
	if s.index == nil {
		path := filepath.Join(o.Dir, IndexDirName)
		if o.WipeIndex {
			if err := os.RemoveAll(path); err != nil {
				return nil, wrapError(ErrIO, err, "wipe %s", path)
			}
		}
		cache := o.IndexCacheSize
		if cache <= 0 {
			cache = DefaultIndexCacheSize
		}
		db, err := leveldb.Open(path, leveldb.Options{CacheSize: cache, ReadOnly: o.ReadOnly, ErrorIfMissing: o.ReadOnly})
		if err != nil {
			return nil, wrapError(ErrIO, err, "open the block index")
		}
		s.index, s.ownIndex = db, true
	}
	if err := s.loadFileInfo(); err != nil {
		s.closeIndex()
		return nil, err
	}
	return s, nil
}

func orDefault(v, def uint32) uint32 {
	if v == 0 {
		return def
	}
	return v
}

func (s *Store) closeIndex() error {
	if s.ownIndex {
		return s.index.Close()
	}
	return nil
}

// loadFileInfo reads the file information records as Core's
// LoadBlockIndexDB: files 0..last, then any later ones present, and sets
// the write cursor to the highest file.
func (s *Store) loadFileInfo() error {
	last := int32(0)
	v, err := s.index.Get(LastFileKey())
	switch {
	case err == nil:
		if len(v) < 4 {
			return makeError(ErrMalformed, "last block file record is %d bytes", len(v))
		}
		last = int32(uint32(v[0]) | uint32(v[1])<<8 | uint32(v[2])<<16 | uint32(v[3])<<24)
		if last < 0 {
			return makeError(ErrMalformed, "last block file %d", last)
		}
	case !errors.Is(err, kv.ErrNotFound):
		return wrapError(ErrIO, err, "read the last block file")
	}
	s.files = make([]BlockFileInfo, last+1)
	for n := int32(0); ; n++ {
		info, err := s.readFileInfo(n)
		if errors.Is(err, ErrNotFound) {
			if n <= last {
				continue // Core leaves such an entry empty
			}
			break
		}
		if err != nil {
			return err
		}
		if n > last {
			s.files = append(s.files, info)
		} else {
			s.files[n] = info
		}
	}
	s.cursor = int32(len(s.files) - 1)

	pruned, ok, err := s.ReadFlag(FlagPrunedBlockFiles)
	if err != nil {
		return err
	}
	s.havePruned = ok && pruned
	if s.havePruned && !s.readOnly {
		// Core's ScanAndUnlinkAlreadyPrunedFiles: finish deletions a crash
		// interrupted.
		for n := int32(0); n < s.cursor; n++ {
			if s.files[n].Size == 0 {
				if err := s.unlinkPair(n); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *Store) readFileInfo(n int32) (BlockFileInfo, error) {
	v, err := s.index.Get(FileInfoKey(n))
	if errors.Is(err, kv.ErrNotFound) {
		return BlockFileInfo{}, makeError(ErrNotFound, "no information for block file %d", n)
	}
	if err != nil {
		return BlockFileInfo{}, wrapError(ErrIO, err, "read block file info %d", n)
	}
	info, err := DecodeBlockFileInfo(v)
	if err != nil {
		return BlockFileInfo{}, wrapError(ErrMalformed, err, "block file info %d", n)
	}
	return info, nil
}

// Dir returns the blocks directory.
func (s *Store) Dir() string { return s.dir }

// Magic returns the network message start the store writes and expects.
func (s *Store) Magic() [4]byte { return s.magic }

// XORKey returns the key blk and rev files are obfuscated with (all zero
// when they are not).
func (s *Store) XORKey() [8]byte { return s.xorKey }

// Flush makes every blk and rev write so far durable (fsync), and the
// directory entries of new files. It does not write the block index; see
// WriteIndex, which calls it first.
//
// This function is safe for concurrent access.
func (s *Store) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return makeError(ErrClosed, "blockstore: flush after close")
	}
	if s.readOnly {
		return nil
	}
	return s.flushLocked()
}

func (s *Store) flushLocked() error {
	// Core's FlushBlockFile also opens (creating them when missing) and
	// syncs the current blk and rev files, so a flushed directory always
	// has the pair.
	s.unsynced[fileKey{kindBlock, s.cursor}] = struct{}{}
	s.unsynced[fileKey{kindUndo, s.cursor}] = struct{}{}
	keys := make([]fileKey, 0, len(s.unsynced))
	for k := range s.unsynced {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].num != keys[j].num {
			return keys[i].num < keys[j].num
		}
		return keys[i].kind < keys[j].kind
	})
	for _, k := range keys {
		if err := s.syncFile(k, -1); err != nil {
			return err
		}
	}
	if s.dirDirty {
		if err := syncDir(s.dir); err != nil {
			return wrapError(ErrIO, err, "sync %s", s.dir)
		}
		s.dirDirty = false
	}
	return nil
}

// syncFile fsyncs one flat file, first truncating it to truncate bytes when
// truncate >= 0 (Core's FlatFileSeq::Flush with finalize).
func (s *Store) syncFile(k fileKey, truncate int64) error {
	h, created, err := s.handles.acquire(k, true)
	if err != nil {
		return err
	}
	defer s.handles.release(h)
	if created {
		s.dirDirty = true
	}
	name := fileName(k.kind, k.num)
	if truncate >= 0 {
		if err := h.f.Truncate(truncate); err != nil {
			return wrapError(ErrIO, err, "truncate %s", name)
		}
	}
	if err := h.f.Sync(); err != nil {
		return wrapError(ErrIO, err, "sync %s", name)
	}
	delete(s.unsynced, k)
	return nil
}

// Close flushes the flat files and closes them and, when Open opened it, the
// index database. It does not write the block index: call WriteIndex first
// to keep the file information of blocks written since the last one.
//
// This function is safe for concurrent access.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return makeError(ErrClosed, "blockstore: already closed")
	}
	s.closed = true
	s.isClosed.Store(true)
	var err error
	if !s.readOnly {
		err = s.flushLocked()
	}
	if cerr := s.handles.closeAll(); err == nil && cerr != nil {
		err = wrapError(ErrIO, cerr, "close the block files")
	}
	if cerr := s.closeIndex(); err == nil && cerr != nil {
		err = wrapError(ErrIO, cerr, "close the block index")
	}
	return err
}

// checkOpen returns ErrClosed after Close and ErrReadOnly on a read-only
// store. It must be called with mu held.
func (s *Store) checkOpen(op string) error {
	if s.closed {
		return makeError(ErrClosed, "blockstore: %s after close", op)
	}
	if s.readOnly {
		return makeError(ErrReadOnly, "blockstore: %s on a read-only store", op)
	}
	return nil
}

// checkWritable is checkOpen for the index writes that do not take mu.
func (s *Store) checkWritable(op string) error {
	if s.isClosed.Load() {
		return makeError(ErrClosed, "blockstore: %s after close", op)
	}
	if s.readOnly {
		return makeError(ErrReadOnly, "blockstore: %s on a read-only store", op)
	}
	return nil
}

// getBuf returns an empty buffer from the store's pool.
func (s *Store) getBuf() *[]byte {
	if b, ok := s.bufs.Get().(*[]byte); ok {
		*b = (*b)[:0]
		return b
	}
	b := make([]byte, 0, 64<<10)
	return &b
}

// putBuf returns a buffer to the pool unless it grew very large.
func (s *Store) putBuf(b *[]byte) {
	if cap(*b) <= 8<<20 {
		s.bufs.Put(b)
	}
}

// checkReadable returns ErrClosed after Close; readers call it.
func (s *Store) checkReadable(op string) error {
	if s.isClosed.Load() {
		return makeError(ErrClosed, "blockstore: %s after close", op)
	}
	return nil
}

func (s *Store) String() string { return fmt.Sprintf("blockstore(%s)", s.dir) }
