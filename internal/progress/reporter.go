package progress

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Mode chooses how a Reporter draws.
type Mode int

// Modes.
const (
	// ModeAuto draws a bar on a terminal and plain lines otherwise.
	ModeAuto Mode = iota
	// ModeLines always writes plain lines.
	ModeLines
	// ModeBar always draws a bar.
	ModeBar
)

// DefaultInterval is the default time between two plain lines.
const DefaultInterval = 2 * time.Second

// Config configures a Reporter.
type Config struct {
	MeterConfig
	// Out receives the bar or the lines (nil: nothing is drawn).
	Out io.Writer
	// Interval is the least time between two plain lines; zero means
	// DefaultInterval, negative writes only the final line.
	Interval time.Duration
	// Mode chooses between a bar and plain lines.
	Mode Mode
	// Detail, when set, returns text appended to each line after ", "
	// (and shown after the label of a bar, refreshed at most once per
	// barDetailInterval). It is called with the Reporter's lock held.
	Detail func() string
}

// barDetailInterval is how often a bar's description is refreshed.
const barDetailInterval = 500 * time.Millisecond

// Reporter draws the progress of one piece of work.
//
// All methods are safe for concurrent access.
type Reporter struct {
	mu       sync.Mutex
	out      io.Writer
	meter    *Meter
	interval time.Duration
	last     time.Time // last plain line
	bar      *progressbar.ProgressBar
	detail   func() string
	label    string
	finished bool
}

// IsTerminal reports whether w is a terminal.
//
// This function is safe for concurrent access.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// New returns a Reporter that starts now.
//
// This function is safe for concurrent access.
func New(cfg Config) *Reporter {
	r := &Reporter{out: cfg.Out, meter: NewMeter(cfg.MeterConfig), interval: cfg.Interval, detail: cfg.Detail}
	r.label = r.meter.label
	if r.interval == 0 {
		r.interval = DefaultInterval
	}
	r.last = r.meter.start
	if r.out == nil {
		return r
	}
	if cfg.Mode == ModeBar || (cfg.Mode == ModeAuto && IsTerminal(r.out)) {
		r.bar = newBar(r.out, r.meter)
	}
	return r
}

// newBar builds the terminal bar of m.
func newBar(out io.Writer, m *Meter) *progressbar.ProgressBar {
	total := m.total
	if total == 0 {
		total = -1 // a spinner
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription(m.label),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSetWidth(30),
	}
	if m.bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString(m.unit))
	}
	return progressbar.NewOptions64(total, opts...)
}

// Set records the amount done and draws.
//
// This function is safe for concurrent access.
func (r *Reporter) Set(done int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.meter.Set(done)
	r.draw()
}

// Add adds n to the amount done and draws.
//
// This function is safe for concurrent access.
func (r *Reporter) Add(n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.meter.Add(n)
	r.draw()
}

// SetTotal changes the total (0: unknown).
//
// This function is safe for concurrent access.
func (r *Reporter) SetTotal(total int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.meter.SetTotal(total)
	if r.bar != nil && total > 0 {
		r.bar.ChangeMax64(total)
	}
}

// Line returns the current plain line.
//
// This function is safe for concurrent access.
func (r *Reporter) Line() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.line()
}

// line returns the plain line with the detail. It MUST be called with r.mu
// held.
func (r *Reporter) line() string {
	l := r.meter.Line()
	if r.detail != nil {
		if d := r.detail(); d != "" {
			l += ", " + d
		}
	}
	return l
}

// Finish completes the bar, or writes the final line. Later calls do
// nothing.
//
// This function is safe for concurrent access.
func (r *Reporter) Finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished || r.out == nil {
		r.finished = true
		return
	}
	r.finished = true
	line := r.meter.FinalLine()
	if r.detail != nil {
		if d := r.detail(); d != "" {
			line += ", " + d
		}
	}
	line += "\n"
	if r.bar != nil {
		_ = r.bar.Exit()
		line = "\n" + line // below the bar
	}
	_, _ = io.WriteString(r.out, line)
}

// draw updates the bar or writes a line when the interval has passed. It
// MUST be called with r.mu held.
func (r *Reporter) draw() {
	if r.out == nil || r.finished {
		return
	}
	if r.bar != nil {
		if r.detail != nil {
			if now := r.meter.now(); now.Sub(r.last) >= barDetailInterval {
				r.last = now
				r.bar.Describe(r.label + " " + r.detail())
			}
		}
		_ = r.bar.Set64(r.meter.done)
		return
	}
	if r.interval < 0 {
		return
	}
	now := r.meter.now()
	if now.Sub(r.last) < r.interval {
		return
	}
	r.last = now
	_, _ = io.WriteString(r.out, r.line()+"\n")
}
