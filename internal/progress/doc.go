// Package progress reports the progress of long work (block imports,
// reindexing, wallet rescans) to a person: a progress bar with an ETA when
// the output is a terminal, plain periodic lines otherwise.
//
// # Model
//
// A Meter is the arithmetic, with no I/O: it is given the amount done (and
// the total, when known) and computes the rate since it started, the ETA and
// the plain line
//
//	progress: 1200/5000 blocks (24.0%), 310 blocks/s, ETA 12s
//
// A Reporter draws a Meter on an io.Writer. In ModeAuto it draws a
// github.com/schollz/progressbar bar when the writer is a terminal (an
// *os.File for which golang.org/x/term.IsTerminal holds) and otherwise
// writes a plain line at most once per Config.Interval, then a final line
// from Finish. The daemon does not draw: it logs Meter lines through its
// slog logger (see internal/node).
//
// # Concurrency
//
// A Reporter is safe for concurrent use; a Meter is not (its owner
// serialises calls).
package progress
