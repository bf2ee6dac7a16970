package ethtests

import (
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/testdata"
)

// expectedBlockFailures are the BlockchainTests that fail, by test name,
// with the reason. Empty: the whole shared slice passes.
var expectedBlockFailures = map[string]string{}

// TestBlockchainTests runs every BlockchainTests file of the shared
// ethereum/tests subset and requires every test to pass, except the
// expected failures above.
func TestBlockchainTests(t *testing.T) {
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
			r := NewBlockRunner(Options{Cache: cache})
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
	dir := testdata.Path(b, "ethereum-tests", "BlockchainTests")
	files, err := expandPaths([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r := NewBlockRunner(Options{})
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
