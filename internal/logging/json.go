package logging

import (
	"context"
	"log/slog"
)

// Log formats of Config.Format.
const (
	// FormatText is Core's debug.log line format (the default).
	FormatText = "text"
	// FormatJSON writes one JSON object per line, as slog.JSONHandler
	// does: "time" (UTC, RFC 3339 with nanoseconds), "level" (DEBUG,
	// INFO, WARN, ERROR), "sub" (the category, when the logger has one),
	// "msg", then the attributes, groups as nested objects.
	FormatJSON = "json"
)

// rootWriter sends the JSON encoder's lines (one Write per record) to the
// Logger's outputs.
type rootWriter struct{ l *Logger }

func (w rootWriter) Write(p []byte) (int, error) {
	w.l.write(p)
	return len(p), nil
}

// newJSONBase returns the JSON encoder of l's records. It lets every level
// through: the category gating is done by handler.Enabled, as for text.
func newJSONBase(l *Logger) slog.Handler {
	return slog.NewJSONHandler(rootWriter{l}, &slog.HandlerOptions{
		Level: slog.Level(-1 << 20),
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey && a.Value.Kind() == slog.KindTime {
				return slog.Time(slog.TimeKey, a.Value.Time().UTC())
			}
			return a
		},
	})
}

// newHandler returns the handler of subsystem sub ("" for none).
func (l *Logger) newHandler(sub string) *handler {
	h := &handler{root: l, cat: sub, bit: categoryBit(sub)}
	if l.json != nil {
		h.json = jsonWithSub(l.json, sub, nil)
	}
	return h
}

// jsonWithSub derives from base the encoder of category sub with the
// attributes pre.
func jsonWithSub(base slog.Handler, sub string, pre []slog.Attr) slog.Handler {
	if sub == "" && len(pre) == 0 {
		return base
	}
	attrs := make([]slog.Attr, 0, len(pre)+1)
	if sub != "" {
		attrs = append(attrs, slog.String("sub", sub))
	}
	return base.WithAttrs(append(attrs, pre...))
}

// handleJSON writes r as one JSON line.
func (h *handler) handleJSON(ctx context.Context, r slog.Record) error {
	if r.Time.IsZero() {
		r.Time = h.root.now()
	}
	return h.json.Handle(ctx, r)
}

// withAttrsJSON is WithAttrs for the JSON format: a "sub" attribute outside
// any group sets the category (and the "sub" member) instead of repeating
// it.
func (h *handler) withAttrsJSON(attrs []slog.Attr) slog.Handler {
	n := *h
	if h.prefix != "" {
		n.json = h.json.WithAttrs(attrs)
		return &n
	}
	n.pre = append([]slog.Attr(nil), h.pre...)
	for _, a := range attrs {
		if a.Key == "sub" && a.Value.Kind() == slog.KindString {
			n.cat = a.Value.String()
			n.bit = categoryBit(n.cat)
			continue
		}
		n.pre = append(n.pre, a)
	}
	n.json = jsonWithSub(h.root.json, n.cat, n.pre)
	return &n
}
