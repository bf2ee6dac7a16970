// Command benchcmp reads `go test -bench` output of twinchain and of a
// reference implementation and prints a markdown table of the medians per
// benchmark name with the ratio reference/twinchain (above 1 means twinchain
// is faster).
//
// usage: benchcmp -ref NAME OURS.txt REF.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var line = regexp.MustCompile(`^(Benchmark[^\s]+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op`)

func parse(path string) (map[string][]float64, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	res := map[string][]float64{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		if _, ok := res[m[1]]; !ok {
			order = append(order, m[1])
		}
		res[m[1]] = append(res[m[1]], v)
	}
	return res, order, sc.Err()
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func human(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func main() {
	ref := flag.String("ref", "reference", "name of the reference implementation")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchcmp -ref NAME OURS.txt REF.txt")
		os.Exit(2)
	}
	ours, order, err := parse(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	theirs, _, err := parse(flag.Arg(1))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("| benchmark | twinchain (median) | %s (median) | runs | %s / twinchain |\n|---|---|---|---|---|\n", *ref, *ref)
	for _, name := range order {
		o := ours[name]
		// A variant of ours (Name_variant) is compared with the reference's
		// Name.
		base := name
		if i := strings.LastIndexByte(name, '_'); i > 0 {
			base = name[:i]
		}
		t, ok := theirs[base]
		if !ok {
			fmt.Printf("| %s | %s | — | %d | — |\n", name, human(median(o)), len(o))
			continue
		}
		mo, mt := median(o), median(t)
		fmt.Printf("| %s | %s | %s | %d/%d | **%.2fx** |\n", name, human(mo), human(mt), len(o), len(t), mt/mo)
	}
}
