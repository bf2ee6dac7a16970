package logging

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func fixedNow() time.Time { return time.Date(2026, 11, 21, 20, 15, 34, 0, time.UTC) }

func TestCategoriesAndGating(t *testing.T) {
	tests := []struct {
		name          string
		debug, exclud []string
		wantOn        []string
		wantOff       []string
	}{
		{name: "off", wantOff: []string{"net", "mempool"}},
		{name: "one", debug: []string{"mempool"}, wantOn: []string{"mempool"}, wantOff: []string{"net"}},
		{name: "all", debug: []string{"1"}, wantOn: []string{"net", "mempool", "walletdb", "other"}},
		{name: "all but net", debug: []string{"all"}, exclud: []string{"net"}, wantOn: []string{"rpc", "other"}, wantOff: []string{"net"}},
		{name: "none", debug: []string{"none"}, wantOff: []string{"rpc"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			l, err := New(Config{Console: &buf, Debug: tc.debug, DebugExclude: tc.exclud})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tc.wantOn {
				buf.Reset()
				l.For(c).Debug("hello")
				if !strings.Contains(buf.String(), "["+c+"] hello") {
					t.Errorf("%s: debug line missing: %q", c, buf.String())
				}
			}
			for _, c := range tc.wantOff {
				buf.Reset()
				l.For(c).Debug("hello")
				if buf.Len() != 0 {
					t.Errorf("%s: debug line written: %q", c, buf.String())
				}
				l.For(c).Info("info")
				if !strings.Contains(buf.String(), "info") {
					t.Errorf("%s: info line missing", c)
				}
			}
		})
	}
}

func TestUnknownCategory(t *testing.T) {
	_, err := New(Config{Debug: []string{"nosuch"}})
	if !errors.Is(err, ErrUnknownCategory) {
		t.Fatalf("err = %v, want ErrUnknownCategory", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Description != "unknown logging category nosuch" {
		t.Fatalf("err = %#v", err)
	}
	l := Discard()
	if err := l.Enable([]string{"net", "bogus"}); !errors.Is(err, ErrUnknownCategory) {
		t.Fatalf("Enable: %v", err)
	}
	if l.Categories()["net"] {
		t.Fatal("a failed Enable changed the set")
	}
	if err := l.Disable([]string{"bogus"}); !errors.Is(err, ErrUnknownCategory) {
		t.Fatalf("Disable: %v", err)
	}
}

func TestRuntimeChange(t *testing.T) {
	l := Discard()
	if err := l.Enable([]string{"rpc", "mempool"}); err != nil {
		t.Fatal(err)
	}
	c := l.Categories()
	if !c["rpc"] || !c["mempool"] || c["net"] || len(c) != len(categoryNames) {
		t.Fatalf("categories = %v", c)
	}
	if err := l.Disable([]string{"rpc"}); err != nil {
		t.Fatal(err)
	}
	if l.Enabled("rpc") || !l.Enabled("mempool") {
		t.Fatal("Disable did not apply")
	}
	if err := l.SetCategories([]string{"net", "bench"}, []string{"bench", "mempool"}); err != nil {
		t.Fatal(err)
	}
	if c := l.Categories(); !c["net"] || c["bench"] || c["mempool"] {
		t.Fatalf("SetCategories: %v", c)
	}
	if err := l.SetCategories([]string{"qt"}, []string{"nope"}); !errors.Is(err, ErrUnknownCategory) || l.Enabled("qt") {
		t.Fatalf("SetCategories with a bad name: %v", err)
	}
	if err := l.Enable([]string{"all"}); err != nil {
		t.Fatal(err)
	}
	if !l.Enabled("net") || !l.Enabled("something-else") {
		t.Fatal("all did not enable everything")
	}
}

func TestFileFormat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "debug.log")
	l, err := New(Config{File: path, Debug: []string{"net"}, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	lg := l.Slog().With("sub", "net").With("peer", 3)
	lg.Debug("got message", "cmd", "inv", "note", "two words", "err", errors.New("x=y"))
	l.For("validation").Warn("fork", "height", int64(12))
	l.For("rpc").WithGroup("req").Error("bad", "id", true)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	want := []string{
		`[net] got message peer=3 cmd=inv note="two words" err="x=y"`,
		`[validation] [warning] fork height=12`,
		`[rpc] [error] bad req.id=true`,
	}
	if len(lines) != len(want) {
		t.Fatalf("lines = %q", lines)
	}
	for i, w := range want {
		if !strings.HasSuffix(lines[i], w) || !strings.HasPrefix(lines[i], "20") || lines[i][19] != 'Z' {
			t.Errorf("line %d = %q, want suffix %q", i, lines[i], w)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode: %v %v", fi.Mode(), err)
	}
	// Appends on reopen, as debug.log does.
	l2, err := New(Config{File: path})
	if err != nil {
		t.Fatal(err)
	}
	l2.Slog().Info("again")
	_ = l2.Close()
	got, _ = os.ReadFile(path)
	if n := strings.Count(string(got), "\n"); n != 4 {
		t.Fatalf("after reopen %d lines", n)
	}
}

func BenchmarkDisabledDebug(b *testing.B) {
	l := Discard()
	lg := l.For("mempool")
	b.ReportAllocs()
	for b.Loop() {
		lg.Debug("accepted", "n", 1)
	}
}

func BenchmarkInfoLine(b *testing.B) {
	l, _ := New(Config{Console: discardWriter{}})
	lg := l.For("validation")
	b.ReportAllocs()
	for b.Loop() {
		lg.Info("UpdateTip", "height", 100, "hash", "00000000000000000001")
	}
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }
