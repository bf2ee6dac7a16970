package progress

import (
	"strconv"
	"time"
)

// Meter measures the progress of one piece of work.
type Meter struct {
	label string
	unit  string
	bytes bool
	now   func() time.Time

	start time.Time
	total int64
	done  int64
}

// MeterConfig configures a Meter.
type MeterConfig struct {
	// Label starts the plain lines ("progress" when empty).
	Label string
	// Unit names what is counted ("blocks"); ignored when Bytes is set.
	Unit string
	// Bytes says the amounts are bytes, shown in MiB.
	Bytes bool
	// Total is the amount of work, 0 when unknown.
	Total int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewMeter returns a Meter that starts now.
func NewMeter(cfg MeterConfig) *Meter {
	m := &Meter{label: cfg.Label, unit: cfg.Unit, bytes: cfg.Bytes, now: cfg.Now, total: max(cfg.Total, 0)}
	if m.label == "" {
		m.label = "progress"
	}
	if m.bytes {
		m.unit = "MiB"
	}
	if m.now == nil {
		m.now = time.Now
	}
	m.start = m.now()
	return m
}

// Set records the amount done.
func (m *Meter) Set(done int64) { m.done = max(done, 0) }

// Add adds n to the amount done.
func (m *Meter) Add(n int64) { m.done = max(m.done+n, 0) }

// SetTotal changes the total (0: unknown).
func (m *Meter) SetTotal(total int64) { m.total = max(total, 0) }

// Done returns the amount done.
func (m *Meter) Done() int64 { return m.done }

// Total returns the total (0 when unknown).
func (m *Meter) Total() int64 { return m.total }

// Elapsed returns the time since the Meter started.
func (m *Meter) Elapsed() time.Duration { return m.now().Sub(m.start) }

// Rate returns the amount done per second since the start (0 before any
// time has passed).
func (m *Meter) Rate() float64 {
	s := m.Elapsed().Seconds()
	if s <= 0 {
		return 0
	}
	return float64(m.done) / s
}

// ETA returns the estimated time left, rounded to the second, and false
// when it cannot be estimated (unknown total, nothing done yet).
func (m *Meter) ETA() (time.Duration, bool) {
	r := m.Rate()
	if m.total == 0 || r <= 0 {
		return 0, false
	}
	left := float64(max(m.total-m.done, 0)) / r
	if left > float64(1<<62)/float64(time.Second) {
		return 0, false
	}
	return (time.Duration(left * float64(time.Second))).Round(time.Second), true
}

// Line returns the plain progress line, without a newline:
//
//	progress: 1200/5000 blocks (24.0%), 310 blocks/s, ETA 12s
//	progress: 1200 blocks, 310 blocks/s                        (unknown total)
//	progress: 12.5/50.0 MiB (25.0%), 3.1 MiB/s, ETA 12s       (Bytes)
func (m *Meter) Line() string {
	b := make([]byte, 0, 96)
	b = append(b, m.label...)
	b = append(b, ": "...)
	b = m.appendAmount(b, m.done)
	if m.total > 0 {
		b = append(b, '/')
		b = m.appendAmount(b, m.total)
	}
	b = append(b, ' ')
	b = append(b, m.unit...)
	if m.total > 0 {
		b = append(b, " ("...)
		b = strconv.AppendFloat(b, 100*float64(min(m.done, m.total))/float64(m.total), 'f', 1, 64)
		b = append(b, "%)"...)
	}
	b = append(b, ", "...)
	b = appendRate(b, m.Rate(), m.bytes)
	b = append(b, ' ')
	b = append(b, m.unit...)
	b = append(b, "/s"...)
	if eta, ok := m.ETA(); ok {
		b = append(b, ", ETA "...)
		b = append(b, eta.String()...)
	}
	return string(b)
}

// FinalLine returns the closing line, without a newline:
//
//	progress: done, 5000 blocks in 16s, 310 blocks/s
func (m *Meter) FinalLine() string {
	b := make([]byte, 0, 64)
	b = append(b, m.label...)
	b = append(b, ": done, "...)
	b = m.appendAmount(b, m.done)
	b = append(b, ' ')
	b = append(b, m.unit...)
	b = append(b, " in "...)
	b = append(b, m.Elapsed().Round(time.Millisecond).String()...)
	b = append(b, ", "...)
	b = appendRate(b, m.Rate(), m.bytes)
	b = append(b, ' ')
	b = append(b, m.unit...)
	b = append(b, "/s"...)
	return string(b)
}

func (m *Meter) appendAmount(b []byte, v int64) []byte {
	if m.bytes {
		return strconv.AppendFloat(b, float64(v)/(1<<20), 'f', 1, 64)
	}
	return strconv.AppendInt(b, v, 10)
}

// appendRate appends a rate: whole numbers from 100 up, one decimal below.
func appendRate(b []byte, r float64, bytes bool) []byte {
	if bytes {
		r /= 1 << 20
	}
	if r >= 100 {
		return strconv.AppendFloat(b, r, 'f', 0, 64)
	}
	return strconv.AppendFloat(b, r, 'f', 1, 64)
}
