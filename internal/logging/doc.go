// Package logging is twinchaind's log/slog setup: one Logger per node writing
// Bitcoin Core's debug.log line format to a file and, optionally, the console,
// with Core's debug categories switchable at run time.
//
// # Model
//
// A Logger owns its outputs (the debug.log file opened for append, and an
// optional console writer) and the set of enabled debug categories. There is
// no package-level logger: the node builds one Logger and hands each subsystem
// its own *slog.Logger from [Logger.For], tagged with the subsystem's category:
//
//	lg, _ := logging.New(logging.Config{File: "/data/btc/regtest/debug.log"})
//	mlog := lg.For("mempool")
//	mlog.Info("loaded mempool.dat", "txs", 12)   // always written
//	mlog.Debug("accepted", "txid", id)          // only with -debug=mempool
//
// Records at slog.LevelInfo and above are always written. Debug records (and
// anything below) are written only when their category is enabled, which
// mirrors Core's LogPrintf / LogDebug(BCLog::CATEGORY, ...). The categories
// are Core's names ([Categories]) plus twinchain's eth, evm and txpool;
// "all" (or "1") enables every category, as -debug=1 does, and -debugexclude
// removes categories afterwards.
//
// The enabled set changes at run time through [Logger.Enable],
// [Logger.Disable] and [Logger.SetCategories] (the `logging` RPC) and is read with
// [Logger.Categories]; the check on the logging hot path is one atomic load.
//
// # Format
//
// Each line is
//
//	2026-11-21T20:15:34Z [category] [warning] message key=value ...
//
// with the category printed for debug records and for subsystem loggers,
// the level printed for warnings and errors (Core's "[warning]"/"[error]"
// prefixes), and attributes in slog's text form. Values are never inspected:
// callers must not pass secrets (passwords, keys, cookies) as attributes.
//
// With Config.Format = FormatJSON (-logformat=json) each record is instead
// one JSON object per line, in slog.JSONHandler's encoding:
//
//	{"time":"2026-11-21T20:15:34.5Z","level":"INFO","sub":"mempool","msg":"loaded mempool.dat","txs":12}
//
// with the same category gating; "sub" is the category.
//
// # Concurrency
//
// A Logger and every *slog.Logger it returns are safe for concurrent use;
// lines from different goroutines never interleave.
package logging
