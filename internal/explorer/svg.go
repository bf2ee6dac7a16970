package explorer

import (
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Chart geometry (SVG user units; the CSS scales the chart to its box).
const (
	chartW   = 320
	chartH   = 120
	chartPad = 4
)

// chartView is a server-rendered SVG chart with its accessible label.
type chartView struct {
	Title string
	// Summary is a text alternative (min, max, last) for screen readers
	// and for readers who do not look at the picture.
	Summary string
	SVG     template.HTML
}

// fmtNum formats a chart value compactly.
func fmtNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e12:
		return strconv.FormatFloat(v/1e12, 'f', 2, 64) + "T"
	case a >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', 2, 64) + "G"
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	case a == math.Trunc(a):
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// bounds returns the min and max of vals (0, 1 for an empty or flat series
// so that scaling never divides by zero).
func bounds(vals []float64) (lo, hi float64) {
	if len(vals) == 0 {
		return 0, 1
	}
	lo, hi = vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo > 0 {
		lo = 0
	}
	if hi == lo {
		hi = lo + 1
	}
	return lo, hi
}

// summary describes a series in words.
func summary(vals []float64, unit string) string {
	if len(vals) == 0 {
		return "no data"
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	u := ""
	if unit != "" {
		u = " " + unit
	}
	return strconv.Itoa(len(vals)) + " points; min " + fmtNum(lo) + u + ", max " + fmtNum(hi) + u + ", latest " + fmtNum(vals[len(vals)-1]) + u
}

// svgOpen starts an accessible SVG element.
func svgOpen(b *strings.Builder, title, desc string) {
	b.WriteString(`<svg class="chart" viewBox="0 0 `)
	b.WriteString(strconv.Itoa(chartW))
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(chartH))
	b.WriteString(`" role="img" aria-label="`)
	b.WriteString(html.EscapeString(title + ": " + desc))
	b.WriteString(`" preserveAspectRatio="none"><title>`)
	b.WriteString(html.EscapeString(title))
	b.WriteString(`</title><desc>`)
	b.WriteString(html.EscapeString(desc))
	b.WriteString(`</desc>`)
	b.WriteString(`<rect class="chart-bg" x="0" y="0" width="`)
	b.WriteString(strconv.Itoa(chartW))
	b.WriteString(`" height="`)
	b.WriteString(strconv.Itoa(chartH))
	b.WriteString(`"/>`)
}

// lineChart draws vals (oldest first) as a polyline.
func lineChart(title string, vals []float64, unit string) chartView {
	desc := summary(vals, unit)
	var b strings.Builder
	b.Grow(64 + len(vals)*16)
	svgOpen(&b, title, desc)
	if len(vals) > 0 {
		lo, hi := bounds(vals)
		b.WriteString(`<polyline class="chart-line" fill="none" points="`)
		n := len(vals)
		for i, v := range vals {
			x := float64(chartPad)
			if n > 1 {
				x += float64(i) * float64(chartW-2*chartPad) / float64(n-1)
			}
			y := float64(chartH-chartPad) - (v-lo)/(hi-lo)*float64(chartH-2*chartPad)
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
			b.WriteByte(',')
			b.WriteString(strconv.FormatFloat(y, 'f', 1, 64))
		}
		b.WriteString(`"/>`)
	}
	b.WriteString(`</svg>`)
	return chartView{Title: title, Summary: desc, SVG: template.HTML(b.String())}
}

// barChart draws one bar per value; labels name the bars (used in the
// text alternative only).
func barChart(title string, labels []string, vals []float64, unit string) chartView {
	desc := summary(vals, unit)
	if len(labels) == len(vals) && len(vals) > 0 && len(vals) <= 30 {
		parts := make([]string, len(vals))
		for i := range vals {
			parts[i] = labels[i] + ": " + fmtNum(vals[i])
		}
		desc = strings.Join(parts, "; ")
	}
	var b strings.Builder
	svgOpen(&b, title, desc)
	if n := len(vals); n > 0 {
		_, hi := bounds(vals)
		w := float64(chartW-2*chartPad) / float64(n)
		for i, v := range vals {
			h := v / hi * float64(chartH-2*chartPad)
			if h < 0 {
				h = 0
			}
			b.WriteString(`<rect class="chart-bar" x="`)
			b.WriteString(strconv.FormatFloat(float64(chartPad)+float64(i)*w+w*0.1, 'f', 1, 64))
			b.WriteString(`" y="`)
			b.WriteString(strconv.FormatFloat(float64(chartH-chartPad)-h, 'f', 1, 64))
			b.WriteString(`" width="`)
			b.WriteString(strconv.FormatFloat(w*0.8, 'f', 1, 64))
			b.WriteString(`" height="`)
			b.WriteString(strconv.FormatFloat(h, 'f', 1, 64))
			b.WriteString(`"/>`)
		}
	}
	b.WriteString(`</svg>`)
	return chartView{Title: title, Summary: desc, SVG: template.HTML(b.String())}
}
