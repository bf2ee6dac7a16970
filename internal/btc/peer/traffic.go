package peer

import (
	"sync"
	"time"
)

// otherCommand is the key getpeerinfo uses for bytes of unknown or
// unreadable messages.
const otherCommand = "*other*"

// traffic counts bytes per direction and per command, with the time of the
// last message each way. It has its own lock so the reader and the writer
// do not contend with the peer's state lock.
type traffic struct {
	mu                  sync.Mutex
	bytesSent, bytesRcv uint64
	lastSend, lastRecv  time.Time
	sentPerMsg          map[string]uint64
	recvPerMsg          map[string]uint64
}

func (t *traffic) init() {
	t.sentPerMsg = make(map[string]uint64)
	t.recvPerMsg = make(map[string]uint64)
	now := time.Now()
	t.lastSend, t.lastRecv = now, now
}

// sentBatch counts the messages of one write of n bytes: whole messages
// while the n bytes last.
func (t *traffic) sentBatch(recs []sentRec, n int) {
	if n <= 0 {
		return
	}
	now := time.Now()
	t.mu.Lock()
	t.bytesSent += uint64(n)
	for _, r := range recs {
		k := min(r.n, n)
		if k <= 0 {
			break
		}
		cmd := r.cmd
		if cmd == "" {
			cmd = otherCommand
		}
		t.sentPerMsg[cmd] += uint64(k)
		n -= k
	}
	t.lastSend = now
	t.mu.Unlock()
}

func (t *traffic) recv(cmd string, n int) {
	if n <= 0 {
		return
	}
	if cmd == "" {
		cmd = otherCommand
	}
	now := time.Now()
	t.mu.Lock()
	t.bytesRcv += uint64(n)
	t.recvPerMsg[cmd] += uint64(n)
	t.lastRecv = now
	t.mu.Unlock()
}

func (t *traffic) last() (send, recv time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastSend, t.lastRecv
}
