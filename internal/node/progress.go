package node

import (
	"log/slog"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/progress"
)

// progressLogInterval is the least time between two progress lines of one
// piece of work in the log.
const progressLogInterval = 10 * time.Second

// rescanLogMinBlocks is the size from which a rescan logs its completion
// even when it was quick (catching up a few blocks at load stays quiet).
const rescanLogMinBlocks = 1000

// reindexLogger returns the chain's ReindexProgress hook: a line with the
// files scanned, the rate and the ETA at most every progressLogInterval,
// and when the last file is done.
func reindexLogger(log *slog.Logger, now func() time.Time) func(blockchain.ReindexStatus) {
	if now == nil {
		now = time.Now
	}
	m := progress.NewMeter(progress.MeterConfig{Label: "Reindexing block files", Unit: "files", Now: now})
	last := now()
	return func(s blockchain.ReindexStatus) {
		m.SetTotal(int64(s.Files))
		m.Set(int64(s.FilesDone))
		t := now()
		if s.FilesDone < s.Files && t.Sub(last) < progressLogInterval {
			return
		}
		last = t
		if s.FilesDone >= s.Files {
			log.Info(m.FinalLine(), "blocks", s.Blocks)
			return
		}
		log.Info(m.Line(), "blocks", s.Blocks)
	}
}

// rescanLogger reports wallet rescans in the log (the wallet manager's
// RescanProgress hook): progress lines with an ETA at most every
// progressLogInterval, and a closing line for long or large rescans.
type rescanLogger struct {
	log *slog.Logger
	now func() time.Time

	mu      sync.Mutex
	running map[string]*rescanState // by wallet name
}

type rescanState struct {
	meter  *progress.Meter
	from   int32
	last   time.Time
	logged bool
}

func newRescanLogger(log *slog.Logger, now func() time.Time) *rescanLogger {
	if now == nil {
		now = time.Now
	}
	return &rescanLogger{log: log, now: now, running: make(map[string]*rescanState)}
}

// report is the wallet.ManagerConfig.RescanProgress hook.
//
// This function is safe for concurrent access.
func (r *rescanLogger) report(s wallet.RescanStatus) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.running[s.Wallet]
	if st == nil || s.Height == s.From || st.from != s.From {
		t := r.now()
		label := "Rescanning wallet " + s.Wallet
		if s.Wallet == "" {
			label = "Rescanning the default wallet"
		}
		st = &rescanState{meter: progress.NewMeter(progress.MeterConfig{Label: label, Unit: "blocks",
			Total: int64(s.To-s.From) + 1, Now: r.now}), from: s.From, last: t}
		r.running[s.Wallet] = st
	}
	st.meter.Set(int64(s.Height-s.From) + 1)
	if s.Height >= s.To {
		delete(r.running, s.Wallet)
		if st.logged || s.To-s.From+1 >= rescanLogMinBlocks {
			r.log.Info(st.meter.FinalLine())
		}
		return
	}
	if t := r.now(); t.Sub(st.last) >= progressLogInterval {
		st.last, st.logged = t, true
		r.log.Info(st.meter.Line(), "height", s.Height)
	}
}
