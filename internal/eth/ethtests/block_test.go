package ethtests

import (
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/kv/pebble"
	"github.com/twinchain/twinchain/internal/testdata"
)

// expectedBlockFailures are the BlockchainTests that fail, by test name,
// with the reason. Empty: the whole shared slice passes.
var expectedBlockFailures = map[string]string{}

// TestBlockchainTests runs every BlockchainTests file of the shared
// ethereum/tests subset and requires every test to pass, except the
// expected failures above.
func TestBlockchainTests(t *testing.T) {
	runBlockchainTests(t, Options{})
}

// TestBlockchainTestsPipeline runs the same tests through the node's
// persistent pipeline, ethchain.BlockChain, on a memdb store per test.
func TestBlockchainTestsPipeline(t *testing.T) {
	runBlockchainTests(t, Options{NewStore: func() (kv.Store, error) { return memdb.New(), nil }})
}

// TestBlockchainTestsPebble runs one file of the tests through
// ethchain.BlockChain on Pebble.
func TestBlockchainTestsPebble(t *testing.T) {
	dir := testdata.Path(t, "ethereum-tests", "BlockchainTests")
	files, err := expandPaths([]string{dir})
	if err != nil || len(files) == 0 {
		t.Fatal("no blockchain test files", err)
	}
	root := t.TempDir()
	n := 0
	r := NewBlockRunner(Options{NewStore: func() (kv.Store, error) {
		n++
		return pebble.Open(filepath.Join(root, strconv.Itoa(n)), pebble.Options{CacheSize: 1 << 20, MemTableSize: 1 << 20})
	}})
	var pass int
	for _, f := range files[:min(10, len(files))] {
		res, err := r.RunFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range res {
			if !x.Pass && expectedBlockFailures[x.Name] == "" {
				t.Errorf("%s: %s", x.Name, x.Error)
				continue
			}
			pass++
		}
	}
	t.Logf("BlockchainTests on Pebble: %d passed", pass)
}

// runBlockchainTests runs every BlockchainTests file with opts.
func runBlockchainTests(t *testing.T, opts Options) {
	dir := testdata.Path(t, "ethereum-tests", "BlockchainTests")
	files, err := expandPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no blockchain test files")
	}
	start := time.Now()
	results := make([][]BlockResult, len(files))
	errs := make([]error, len(files))
	cache := NewCache()
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := opts
			o.Cache = cache
			r := NewBlockRunner(o)
			for i := range next {
				results[i], errs[i] = r.RunFile(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var pass, fail, expected int
	for i, f := range files {
		if errs[i] != nil {
			t.Errorf("%s: %v", f, errs[i])
			continue
		}
		rel, _ := filepath.Rel(dir, f)
		for _, res := range results[i] {
			_, exp := expectedBlockFailures[res.Name]
			switch {
			case res.Pass && exp:
				pass++
				t.Logf("expected failure passes: %s", res.Name)
			case res.Pass:
				pass++
			case exp:
				expected++
			default:
				fail++
				t.Errorf("%s %s: %s", rel, res.Name, res.Error)
			}
		}
	}
	t.Logf("BlockchainTests: %d passed, %d failed, %d expected failures, in %v", pass, fail, expected, time.Since(start))
}

// BenchmarkBlockchainTests runs the whole shared BlockchainTests folder on
// one goroutine (geth's `evm blocktest` takes 1.6 s on it).
func BenchmarkBlockchainTests(b *testing.B) {
	benchBlockchainTests(b, Options{})
}

// BenchmarkBlockchainTestsPipeline runs the folder through
// ethchain.BlockChain on memdb.
func BenchmarkBlockchainTestsPipeline(b *testing.B) {
	benchBlockchainTests(b, Options{NewStore: func() (kv.Store, error) { return memdb.New(), nil }})
}

// benchBlockchainTests runs the whole folder with opts on one goroutine.
func benchBlockchainTests(b *testing.B, opts Options) {
	dir := testdata.Path(b, "ethereum-tests", "BlockchainTests")
	files, err := expandPaths([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r := NewBlockRunner(opts)
		for _, f := range files {
			res, err := r.RunFile(f)
			if err != nil {
				b.Fatal(err)
			}
			for _, x := range res {
				if !x.Pass && expectedBlockFailures[x.Name] == "" {
					b.Fatalf("%s: %s", x.Name, x.Error)
				}
			}
		}
	}
}
