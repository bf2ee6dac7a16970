package progress

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)} }

func TestMeterLine(t *testing.T) {
	tests := []struct {
		name    string
		cfg     MeterConfig
		done    int64
		elapsed time.Duration
		want    string
	}{
		{"known total", MeterConfig{Unit: "blocks", Total: 5000}, 1200, 1200 * time.Second / 310,
			"progress: 1200/5000 blocks (24.0%), 310 blocks/s, ETA 12s"},
		{"unknown total", MeterConfig{Unit: "blocks"}, 1200, 4 * time.Second,
			"progress: 1200 blocks, 300 blocks/s"},
		{"slow rate", MeterConfig{Unit: "blocks", Total: 100}, 10, 4 * time.Second,
			"progress: 10/100 blocks (10.0%), 2.5 blocks/s, ETA 36s"},
		{"nothing done", MeterConfig{Unit: "blocks", Total: 100}, 0, time.Second,
			"progress: 0/100 blocks (0.0%), 0.0 blocks/s"},
		{"no time yet", MeterConfig{Unit: "blocks", Total: 100}, 5, 0,
			"progress: 5/100 blocks (5.0%), 0.0 blocks/s"},
		{"label", MeterConfig{Label: "rescan", Unit: "blocks", Total: 10}, 10, 2 * time.Second,
			"rescan: 10/10 blocks (100.0%), 5.0 blocks/s, ETA 0s"},
		{"over the total", MeterConfig{Unit: "blocks", Total: 10}, 12, 2 * time.Second,
			"progress: 12/10 blocks (100.0%), 6.0 blocks/s, ETA 0s"},
		{"bytes", MeterConfig{Bytes: true, Total: 50 << 20}, 25 << 19, 4 * time.Second,
			"progress: 12.5/50.0 MiB (25.0%), 3.1 MiB/s, ETA 12s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock()
			tc.cfg.Now = c.now
			m := NewMeter(tc.cfg)
			m.Set(tc.done)
			c.advance(tc.elapsed)
			if got := m.Line(); got != tc.want {
				t.Errorf("Line() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMeterFinalAndETA(t *testing.T) {
	c := newClock()
	m := NewMeter(MeterConfig{Unit: "blocks", Now: c.now})
	if _, ok := m.ETA(); ok {
		t.Error("ETA with an unknown total")
	}
	m.Add(300)
	m.Add(-1000) // never below zero
	if m.Done() != 0 {
		t.Fatalf("done %d", m.Done())
	}
	m.Add(5000)
	m.SetTotal(10000)
	c.advance(16 * time.Second)
	if eta, ok := m.ETA(); !ok || eta != 16*time.Second {
		t.Errorf("ETA = %v %v", eta, ok)
	}
	if got, want := m.FinalLine(), "progress: done, 5000 blocks in 16s, 312 blocks/s"; got != want {
		t.Errorf("FinalLine() = %q, want %q", got, want)
	}
}

func TestReporterLines(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	r := New(Config{MeterConfig: MeterConfig{Unit: "blocks", Total: 100, Now: c.now}, Out: &buf, Interval: 2 * time.Second})
	r.Set(10) // too early: no line
	if buf.Len() != 0 {
		t.Fatalf("line before the interval: %q", buf.String())
	}
	c.advance(2 * time.Second)
	r.Set(20)
	c.advance(time.Second)
	r.Add(10) // within the interval of the last line
	c.advance(time.Second)
	r.Add(10)
	r.Finish()
	r.Finish() // once
	r.Add(10)  // after Finish: nothing
	want := "progress: 20/100 blocks (20.0%), 10.0 blocks/s, ETA 8s\n" +
		"progress: 40/100 blocks (40.0%), 10.0 blocks/s, ETA 6s\n" +
		"progress: done, 40 blocks in 4s, 10.0 blocks/s\n"
	if got := buf.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

func TestReporterDetail(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	height := 0
	r := New(Config{MeterConfig: MeterConfig{Unit: "blocks", Now: c.now}, Out: &buf,
		Detail: func() string { return "height=" + strconv.Itoa(height) }})
	height = 7
	c.advance(DefaultInterval)
	r.Add(7)
	r.Finish()
	want := "progress: 7 blocks, 3.5 blocks/s, height=7\nprogress: done, 7 blocks in 2s, 3.5 blocks/s, height=7\n"
	if got := buf.String(); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
	// A bar shows the detail in its description.
	buf.Reset()
	r = New(Config{MeterConfig: MeterConfig{Label: "import", Unit: "blocks", Total: 10, Now: c.now}, Out: &buf, Mode: ModeBar,
		Detail: func() string { return "height=" + strconv.Itoa(height) }})
	c.advance(time.Second)
	r.Add(5)
	r.Finish()
	if !strings.Contains(buf.String(), "import height=7") {
		t.Errorf("bar output %q", buf.String())
	}
}

func TestReporterOnlyFinal(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	r := New(Config{MeterConfig: MeterConfig{Unit: "blocks", Now: c.now}, Out: &buf, Interval: -1})
	for range 5 {
		c.advance(time.Hour)
		r.Add(1)
	}
	r.Finish()
	if got := buf.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "progress: done, 5 blocks") {
		t.Errorf("output %q", got)
	}
}

func TestReporterBar(t *testing.T) {
	var buf bytes.Buffer
	r := New(Config{MeterConfig: MeterConfig{Label: "importing", Unit: "blocks", Total: 10}, Out: &buf, Mode: ModeBar})
	for range 10 {
		r.Add(1)
	}
	r.SetTotal(20)
	r.Finish()
	out := buf.String()
	if !strings.Contains(out, "importing") || !strings.HasSuffix(out, "|\nimporting: done, 10 blocks in 0s, ") && !strings.Contains(out, ")\nimporting: done, 10 blocks") {
		t.Errorf("bar output %q", out)
	}
}

func TestReporterNoOutput(t *testing.T) {
	r := New(Config{MeterConfig: MeterConfig{Unit: "blocks"}})
	r.Add(5)
	r.Finish()
	if !strings.HasPrefix(r.Line(), "progress: 5 blocks") {
		t.Errorf("line %q", r.Line())
	}
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("a regular file is a terminal")
	}
}

func BenchmarkReporterAdd(b *testing.B) {
	r := New(Config{MeterConfig: MeterConfig{Unit: "blocks", Total: 1 << 40}, Out: &bytes.Buffer{}, Interval: time.Hour})
	b.ReportAllocs()
	for b.Loop() {
		r.Add(1)
	}
}
