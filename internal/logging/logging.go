package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Config configures a Logger.
type Config struct {
	// File is the debug log path (<btcdatadir>/debug.log); it is opened
	// for append and created with mode 0600 when missing. Empty writes no
	// file.
	File string
	// Console, when set, receives every line too (-printtoconsole).
	Console io.Writer
	// Debug are the -debug categories ("all"/"1" for every one).
	Debug []string
	// DebugExclude are the -debugexclude categories, removed after Debug.
	DebugExclude []string
	// Now is the clock for the line timestamps when a record has none; nil
	// means time.Now.
	Now func() time.Time
	// Format is FormatText (Core's debug.log lines; "" means text) or
	// FormatJSON (one JSON object per line, -logformat=json).
	Format string
}

// Logger is the node's log sink. Build one with New, hand subsystems For(name)
// and Close it last.
type Logger struct {
	enabled atomic.Uint64 // category mask

	mu      sync.Mutex // serialises writes
	file    *os.File
	console io.Writer
	now     func() time.Time
	closed  bool
	json    slog.Handler // the JSON encoder with FormatJSON; nil for text
}

// New opens the log outputs and applies the -debug/-debugexclude categories.
// It returns an ErrUnknownCategory error for a category it does not know and
// an ErrOpenFile error when the file cannot be opened.
//
// This function is safe for concurrent access.
func New(cfg Config) (*Logger, error) {
	on, err := parseCategories(cfg.Debug)
	if err != nil {
		return nil, err
	}
	off, err := parseCategories(cfg.DebugExclude)
	if err != nil {
		return nil, err
	}
	l := &Logger{console: cfg.Console, now: cfg.Now}
	if l.now == nil {
		l.now = time.Now
	}
	switch cfg.Format {
	case "", FormatText:
	case FormatJSON:
		l.json = newJSONBase(l)
	default:
		return nil, makeError(ErrUnknownFormat, "unknown log format %s: use text or json", cfg.Format)
	}
	l.enabled.Store(on &^ off)
	if cfg.File != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.File), 0o700); err != nil {
			return nil, makeError(ErrOpenFile, "cannot create the directory of %s: %v", cfg.File, err)
		}
		f, err := os.OpenFile(cfg.File, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, makeError(ErrOpenFile, "cannot open debug log file %s: %v", cfg.File, err)
		}
		l.file = f
	}
	return l, nil
}

// Discard returns a Logger that writes nowhere (for tests and embedding).
//
// This function is safe for concurrent access.
func Discard() *Logger {
	return &Logger{now: time.Now}
}

// For returns the logger of a subsystem. sub is normally one of Core's
// categories ("mempool", "validation", "rpc", ...): its Debug records are
// written when that category is enabled. Another name still tags the lines
// but its Debug records need -debug=all.
//
// This function is safe for concurrent access.
func (l *Logger) For(sub string) *slog.Logger {
	return slog.New(l.newHandler(sub))
}

// Slog returns the logger without a subsystem (its Debug records need
// -debug=all).
//
// This function is safe for concurrent access.
func (l *Logger) Slog() *slog.Logger {
	return slog.New(l.newHandler(""))
}

// Categories returns every debug category with whether it is enabled, the
// shape of the `logging` RPC's answer.
//
// This function is safe for concurrent access.
func (l *Logger) Categories() map[string]bool {
	m := l.enabled.Load()
	out := make(map[string]bool, len(categoryNames))
	for i, n := range categoryNames {
		out[n] = m&(1<<i) != 0
	}
	return out
}

// Enabled reports whether debug records of category name are written.
//
// This function is safe for concurrent access.
func (l *Logger) Enabled(name string) bool {
	b := categoryBit(name)
	if b == 0 {
		b = allBit
	}
	return l.enabled.Load()&b != 0
}

// Enable turns on the named categories ("all"/"1" for every one). Nothing
// changes when a name is unknown (ErrUnknownCategory).
//
// This function is safe for concurrent access.
func (l *Logger) Enable(names []string) error {
	m, err := parseCategories(names)
	if err != nil {
		return err
	}
	for {
		old := l.enabled.Load()
		if l.enabled.CompareAndSwap(old, old|m) {
			return nil
		}
	}
}

// Disable turns off the named categories ("all"/"1" for every one). Nothing
// changes when a name is unknown (ErrUnknownCategory).
//
// This function is safe for concurrent access.
func (l *Logger) Disable(names []string) error {
	m, err := parseCategories(names)
	if err != nil {
		return err
	}
	for {
		old := l.enabled.Load()
		if l.enabled.CompareAndSwap(old, old&^m) {
			return nil
		}
	}
}

// SetCategories enables include, then disables exclude, in one step (the
// `logging` RPC's two arguments). Nothing changes when a name is unknown
// (ErrUnknownCategory, "unknown logging category X").
//
// This function is safe for concurrent access.
func (l *Logger) SetCategories(include, exclude []string) error {
	on, err := parseCategories(include)
	if err != nil {
		return err
	}
	off, err := parseCategories(exclude)
	if err != nil {
		return err
	}
	for {
		old := l.enabled.Load()
		if l.enabled.CompareAndSwap(old, (old|on)&^off) {
			return nil
		}
	}
}

// Sync flushes the debug log file to stable storage.
//
// This function is safe for concurrent access.
func (l *Logger) Sync() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil || l.closed {
		return nil
	}
	return l.file.Sync()
}

// Close closes the debug log file; later records go to the console only.
//
// This function is safe for concurrent access.
func (l *Logger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.file == nil {
		return nil
	}
	return l.file.Close()
}

// write sends one formatted line to the outputs.
func (l *Logger) write(line []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file != nil && !l.closed {
		_, _ = l.file.Write(line)
	}
	if l.console != nil {
		_, _ = l.console.Write(line)
	}
}

// handler is the slog.Handler of one subsystem logger.
type handler struct {
	root   *Logger
	cat    string
	bit    uint64
	attrs  []byte // preformatted " key=value" pairs from WithAttrs
	prefix string // group prefix "g1.g2." for later attributes

	// With FormatJSON: json encodes the records (category, attributes
	// and groups applied) and pre are the attributes given before any
	// group, to rebuild json when "sub" changes the category.
	json slog.Handler
	pre  []slog.Attr
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Enabled implements slog.Handler: Info and above always, Debug when the
// category is on.
func (h *handler) Enabled(_ context.Context, lvl slog.Level) bool {
	if lvl >= slog.LevelInfo {
		return true
	}
	b := h.bit
	if b == 0 {
		b = allBit
	}
	return h.root.enabled.Load()&b != 0
}

// Handle implements slog.Handler.
func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	if h.json != nil {
		return h.handleJSON(ctx, r)
	}
	bp := bufPool.Get().(*[]byte)
	b := (*bp)[:0]
	t := r.Time
	if t.IsZero() {
		t = h.root.now()
	}
	b = t.UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
	if h.cat != "" {
		b = append(b, " ["...)
		b = append(b, h.cat...)
		b = append(b, ']')
	}
	switch {
	case r.Level >= slog.LevelError:
		b = append(b, " [error]"...)
	case r.Level >= slog.LevelWarn:
		b = append(b, " [warning]"...)
	}
	b = append(b, ' ')
	b = append(b, r.Message...)
	b = append(b, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		b = appendAttr(b, h.prefix, a)
		return true
	})
	b = append(b, '\n')
	h.root.write(b)
	*bp = b
	bufPool.Put(bp)
	return nil
}

// WithAttrs implements slog.Handler. A "sub" attribute with a string value
// sets the subsystem (category) instead of being printed, so
// logger.With("sub", "mempool") is the same as Logger.For("mempool").
func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if h.json != nil {
		return h.withAttrsJSON(attrs)
	}
	n := *h
	n.attrs = append([]byte(nil), h.attrs...)
	for _, a := range attrs {
		if a.Key == "sub" && h.prefix == "" && a.Value.Kind() == slog.KindString {
			n.cat = a.Value.String()
			n.bit = categoryBit(n.cat)
			continue
		}
		n.attrs = appendAttr(n.attrs, h.prefix, a)
	}
	return &n
}

// WithGroup implements slog.Handler: later keys are prefixed with name.
func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	n := *h
	n.prefix = h.prefix + name + "."
	if h.json != nil {
		n.json = h.json.WithGroup(name)
	}
	return &n
}

// appendAttr appends " key=value" in slog's text style.
func appendAttr(b []byte, prefix string, a slog.Attr) []byte {
	v := a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return b
	}
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range v.Group() {
			b = appendAttr(b, p, g)
		}
		return b
	}
	b = append(b, ' ')
	b = appendText(b, prefix+a.Key)
	b = append(b, '=')
	switch v.Kind() {
	case slog.KindString:
		return appendText(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindFloat64:
		return strconv.AppendFloat(b, v.Float64(), 'g', -1, 64)
	case slog.KindDuration:
		return append(b, v.Duration().String()...)
	case slog.KindTime:
		return v.Time().UTC().AppendFormat(b, time.RFC3339Nano)
	default:
		if e, ok := v.Any().(error); ok {
			return appendText(b, e.Error())
		}
		return appendText(b, v.String())
	}
}

// appendText appends s, quoted when it is empty or holds spaces, quotes, '='
// or anything unprintable.
func appendText(b []byte, s string) []byte {
	if needsQuote(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '=' || c == '"' || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}
