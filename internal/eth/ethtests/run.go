package ethtests

import (
	"bufio"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// RunStateTests runs the GeneralStateTests in paths (files, or directories
// searched recursively for *.json files, in lexical order; with no paths,
// the paths read from opts.Stdin one per line, as geth's `evm statetest`
// does) and writes one JSON line per subtest to w in the shape of geth's
// `evm statetest` output:
//
//	{"name":"add11","pass":true,"stateRoot":"0x…","fork":"Cancun"}
//
// with an "error" member when the subtest fails. The subtests are spread
// over opts.Workers goroutines (see RunStateTestFiles); the output keeps
// the order of the files. It returns the numbers of passed and failed
// subtests; err reports a path that cannot be read or a file that is not
// state-test JSON (the lines of the files before it are written).
//
// This function is safe for concurrent access.
func RunStateTests(paths []string, opts Options, w io.Writer) (passed, failed int, err error) {
	if len(paths) == 0 && opts.Stdin != nil {
		sc := bufio.NewScanner(opts.Stdin)
		for sc.Scan() {
			if p := strings.TrimSpace(sc.Text()); p != "" {
				paths = append(paths, p)
			}
		}
		if err := sc.Err(); err != nil {
			return 0, 0, err
		}
	}
	files, err := expandPaths(paths)
	if err != nil {
		return 0, 0, err
	}
	bw := bufio.NewWriter(w)
	var line []byte
	err = RunStateTestFiles(files, opts, func(_ string, results []Result) error {
		for i := range results {
			res := &results[i]
			line, _ = json.Marshal(res)
			bw.Write(line)
			bw.WriteByte('\n')
			if res.Pass {
				passed++
			} else {
				failed++
			}
		}
		return nil
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return passed, failed, err
}

// filesAhead bounds the files parsed ahead of the one being reported.
const filesAhead = 8

// RunStateTestFiles runs the state tests of files with opts.Workers
// goroutines (below 1: one) and calls emit with each file's results, in
// the order of files. The subtests of a file are spread over the workers,
// so one heavy file does not hold back the others; at most a few files
// are parsed ahead of the one reported. A file that cannot be read or
// parsed, or an error from emit, stops the run and is returned (emit has
// been called for the files before it).
//
// This function is safe for concurrent access.
func RunStateTestFiles(files []string, opts Options, emit func(path string, results []Result) error) error {
	if opts.Cache == nil {
		opts.Cache = NewCache()
	}
	type job struct {
		f *loadedFile
		i int
	}
	var (
		jobs    = make(chan job, 64)
		ready   = make(chan *loadedFile, filesAhead)
		stop    = make(chan struct{})
		stopped atomic.Bool
		workers sync.WaitGroup
	)
	for range max(1, opts.Workers) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			r := NewStateRunner(opts)
			for j := range jobs {
				if !stopped.Load() {
					r.runOne(&j.f.subtests[j.i], &j.f.results[j.i])
				}
				j.f.done.Done()
			}
		}()
	}
	go func() {
		defer close(ready)
		defer close(jobs)
		for _, path := range files {
			lf := &loadedFile{}
			data, err := os.ReadFile(path)
			if err == nil {
				lf.stateFile, err = loadStateFile(data, path, &opts)
			}
			if err != nil {
				lf.err = err
				select {
				case ready <- lf:
				case <-stop:
				}
				return
			}
			lf.done.Add(len(lf.subtests))
			select {
			case ready <- lf:
			case <-stop:
				return
			}
			for i := range lf.subtests {
				select {
				case jobs <- job{lf, i}:
				case <-stop:
					return
				}
			}
		}
	}()

	var err error
	for lf := range ready {
		if lf.err != nil {
			err = lf.err
			break
		}
		lf.done.Wait()
		if err = emit(lf.path, lf.results); err != nil {
			break
		}
	}
	stopped.Store(true)
	close(stop)
	workers.Wait()
	return err
}

// loadedFile is a parsed file in flight in RunStateTestFiles.
type loadedFile struct {
	*stateFile
	err  error
	done sync.WaitGroup // one per subtest
}

// expandPaths replaces directories by the *.json files below them.
func expandPaths(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	return files, nil
}
