package netsync

import (
	"time"
)

// Progress describes the synchronisation for the log and the RPCs.
type Progress struct {
	// HeadersHeight is the best header's height, BlocksHeight the tip's.
	HeadersHeight, BlocksHeight int32
	// PeersSyncing is the number of peers with blocks in flight;
	// BlocksInFlight the number of blocks requested and not received.
	PeersSyncing, BlocksInFlight int
	// BlocksPerSecond is the recent connection rate.
	BlocksPerSecond float64
	// ETA estimates the time until the tip reaches the best header (0 when
	// there or unknown).
	ETA time.Duration
	// InitialBlockDownload is the chain's IBD state.
	InitialBlockDownload bool
}

// PeerStats is what the manager knows about one connected peer.
type PeerStats struct {
	ID int64
	// BlocksReceived counts the blocks the peer delivered and we stored.
	BlocksReceived int
	// BlocksInFlight counts the blocks requested from it.
	BlocksInFlight int
	// BestKnownHeight is the height of the best block it has (-1 unknown).
	BestKnownHeight int32
	// SyncPeer: the peer of the initial headers sync.
	SyncPeer bool
	// Stalling: the peer holds the block the download window waits for.
	Stalling bool
}

// progressState is the rate estimate. Guarded by Manager.mu.
type progressState struct {
	lastAt     time.Time
	lastHeight int32
	rate       float64
	lastLog    time.Time
}

// Progress returns the state of the synchronisation.
//
// This function is safe for concurrent access.
func (m *Manager) Progress() Progress {
	best := m.chain.BestState()
	pr := Progress{
		HeadersHeight:        best.BestHeaderHeight,
		BlocksHeight:         best.Height,
		InitialBlockDownload: m.chain.IsInitialBlockDownload(),
	}
	m.mu.Lock()
	m.sampleRateLocked(best.Height)
	for _, ps := range m.peers {
		if len(ps.inFlight) > 0 {
			pr.PeersSyncing++
		}
	}
	pr.BlocksInFlight = len(m.blocksInFlight)
	pr.BlocksPerSecond = m.prog.rate
	m.mu.Unlock()
	if left := pr.HeadersHeight - pr.BlocksHeight; left > 0 && pr.BlocksPerSecond > 0 {
		pr.ETA = time.Duration(float64(left) / pr.BlocksPerSecond * float64(time.Second))
	}
	return pr
}

// sampleRateLocked updates the blocks-per-second estimate (an average
// smoothed over samples at least 100 ms apart). m.mu is held.
func (m *Manager) sampleRateLocked(height int32) {
	now := m.now()
	dt := now.Sub(m.prog.lastAt).Seconds()
	if dt < 0.1 {
		return
	}
	inst := float64(height-m.prog.lastHeight) / dt
	if inst < 0 {
		inst = 0
	}
	if m.prog.rate == 0 {
		m.prog.rate = inst
	} else {
		m.prog.rate = 0.7*m.prog.rate + 0.3*inst
	}
	m.prog.lastAt, m.prog.lastHeight = now, height
}

// logProgress logs the progress every ProgressInterval while blocks are
// behind headers.
func (m *Manager) logProgress() {
	pr := m.Progress()
	if pr.HeadersHeight <= pr.BlocksHeight {
		return
	}
	now := m.now()
	m.mu.Lock()
	due := now.Sub(m.prog.lastLog) >= m.cfg.ProgressInterval
	if due {
		m.prog.lastLog = now
	}
	m.mu.Unlock()
	if !due {
		return
	}
	m.log.Info("Synchronizing blockchain", "height", pr.BlocksHeight, "headers", pr.HeadersHeight,
		"peers", pr.PeersSyncing, "in_flight", pr.BlocksInFlight,
		"blocks_per_s", float64(int(pr.BlocksPerSecond*10))/10, "eta", pr.ETA.Round(time.Second).String())
}

// PeerStats returns the state of every connected peer.
//
// This function is safe for concurrent access.
func (m *Manager) PeerStats() []PeerStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]PeerStats, 0, len(m.peers))
	for _, ps := range m.peers {
		out = append(out, PeerStats{
			ID:              ps.p.ID(),
			BlocksReceived:  ps.blocksReceived,
			BlocksInFlight:  len(ps.inFlight),
			BestKnownHeight: ps.bestKnownHeight,
			SyncPeer:        ps == m.syncPeer,
			Stalling:        !ps.stallingSince.IsZero(),
		})
	}
	return out
}

// BlocksServed returns, per peer id, how many blocks each peer (connected
// or not) delivered to us. The counts of departed peers are dropped once
// more than 4,096 peers are recorded.
//
// This function is safe for concurrent access.
func (m *Manager) BlocksServed() map[int64]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[int64]int, len(m.served))
	for k, v := range m.served {
		out[k] = v
	}
	return out
}
