package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// jsonLines decodes buf's lines, failing on a line that is not one object.
func jsonLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON object: %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestJSONFormat(t *testing.T) {
	var buf bytes.Buffer
	l, err := New(Config{Console: &buf, Now: fixedNow, Format: FormatJSON, Debug: []string{"mempool"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		log  func()
		want map[string]any // nil: nothing written
	}{
		{"info", func() { l.For("net").Info("connected", "peer", 3) },
			map[string]any{"level": "INFO", "sub": "net", "msg": "connected", "peer": 3.0}},
		{"warning", func() { l.For("rpc").Warn("slow", "err", errors.New("boom")) },
			map[string]any{"level": "WARN", "sub": "rpc", "msg": "slow", "err": "boom"}},
		{"debug on", func() { l.For("mempool").Debug("accepted", "txid", "ab cd") },
			map[string]any{"level": "DEBUG", "sub": "mempool", "msg": "accepted", "txid": "ab cd"}},
		{"debug off", func() { l.For("net").Debug("ping") }, nil},
		{"no category", func() { l.Slog().Info("hello") }, map[string]any{"msg": "hello"}},
		{"sub attribute", func() { l.Slog().With("sub", "mempool", "k", "v").Debug("via with") },
			map[string]any{"sub": "mempool", "msg": "via with", "k": "v"}},
		{"group", func() { l.For("net").WithGroup("g").With("a", 1).Info("grouped", "b", 2) },
			map[string]any{"sub": "net", "g": map[string]any{"a": 1.0, "b": 2.0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			buf.Reset()
			tc.log()
			lines := jsonLines(t, &buf)
			if tc.want == nil {
				if len(lines) != 0 {
					t.Fatalf("wrote %v", lines)
				}
				return
			}
			if len(lines) != 1 {
				t.Fatalf("%d lines: %q", len(lines), buf.String())
			}
			for k, v := range tc.want {
				got := lines[0][k]
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(v)
				if !bytes.Equal(gb, wb) {
					t.Errorf("%s = %s, want %s", k, gb, wb)
				}
			}
			if ts, _ := lines[0]["time"].(string); !strings.HasSuffix(ts, "Z") {
				t.Errorf("time %q is not UTC", ts)
			}
			if tc.want["sub"] == nil {
				if _, ok := lines[0]["sub"]; ok {
					t.Errorf("sub member on a logger without a category: %v", lines[0])
				}
			}
		})
	}
	// Run-time category changes apply to the JSON output too.
	buf.Reset()
	if err := l.Enable([]string{"net"}); err != nil {
		t.Fatal(err)
	}
	l.For("net").Debug("now on")
	if lines := jsonLines(t, &buf); len(lines) != 1 || lines[0]["msg"] != "now on" {
		t.Fatalf("after Enable: %q", buf.String())
	}
}

func TestJSONFile(t *testing.T) {
	path := t.TempDir() + "/debug.log"
	l, err := New(Config{File: path, Format: FormatJSON})
	if err != nil {
		t.Fatal(err)
	}
	l.For("validation").Info("tip", "height", 7)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l.For("validation").Info("after close") // dropped, no panic
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(data), &m); err != nil || m["msg"] != "tip" {
		t.Fatalf("file %q: %v", data, err)
	}
}

func TestFormats(t *testing.T) {
	for _, f := range []string{"", FormatText, FormatJSON} {
		if _, err := New(Config{Format: f}); err != nil {
			t.Errorf("format %q: %v", f, err)
		}
	}
	if _, err := New(Config{Format: "xml"}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("format xml: %v", err)
	}
	// The text format is unchanged by the JSON support.
	var buf bytes.Buffer
	l, err := New(Config{Console: &buf, Now: fixedNow, Format: FormatText})
	if err != nil {
		t.Fatal(err)
	}
	l.For("net").Info("hello", "k", "v")
	if got, want := buf.String(), "Z [net] hello k=v\n"; !strings.HasSuffix(got, want) || strings.HasPrefix(got, "{") {
		t.Errorf("text line %q, want ...%q", got, want)
	}
}

func BenchmarkJSONInfo(b *testing.B) {
	l, err := New(Config{Console: discardWriter{}, Format: FormatJSON})
	if err != nil {
		b.Fatal(err)
	}
	lg := l.For("net")
	b.ReportAllocs()
	for b.Loop() {
		lg.Info("message", "peer", 3, "addr", "127.0.0.1:8333")
	}
}

var _ slog.Handler = (*handler)(nil)
