package txpool

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// journal keeps the local transactions in a file so they survive a
// restart. The file is a plain concatenation of transactions in their
// block-body RLP form (a legacy transaction's RLP list, a typed
// transaction as an RLP string holding its EIP-2718 envelope), the format
// of geth's transactions.rlp.
//
// New transactions are appended with one write each (no fsync: a crash
// can at worst tear the last record, which loading ignores). New, and
// Reset when Config.Rejournal has passed or the appends since the last
// rewrite outgrow the rewritten content (at least 1 MiB), rewrite the
// whole file with the pool's current local transactions crash-safely:
// into path.new, fsync, rename over path, fsync the directory. Between
// rewrites the file may still hold mined transactions; loading drops them
// as stale.
type journal struct {
	path string
	f    *os.File // open for appending; nil until first needed
	buf  []byte

	rotated  time.Time // time of the last rewrite
	size     int64     // bytes written by the last rewrite
	appended int64     // bytes appended since
}

// minRejournalGrowth is the append volume that triggers a rewrite before
// Rejournal has passed, when the journal was small.
const minRejournalGrowth = 1 << 20

// due reports whether the journal should be rewritten at now.
func (j *journal) due(now time.Time, every time.Duration) bool {
	return now.Sub(j.rotated) >= every || j.appended > max(minRejournalGrowth, j.size)
}

// append writes tx at the end of the journal.
func (j *journal) append(tx *ethtypes.Transaction) error {
	if j.f == nil {
		f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return err
		}
		j.f = f
	}
	j.buf = tx.AppendRLP(j.buf[:0])
	n, err := j.f.Write(j.buf)
	j.appended += int64(n)
	return err
}

// close closes the append handle.
func (j *journal) close() error {
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// rewrite replaces the journal's content with txs, crash-safely.
func (j *journal) rewrite(txs []*ethtypes.Transaction) error {
	if err := j.close(); err != nil {
		return err
	}
	var b []byte
	for _, tx := range txs {
		b = tx.AppendRLP(b)
	}
	tmp := j.path + ".new"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, j.path); err != nil {
		return err
	}
	j.size, j.appended = int64(len(b)), 0
	if d, err := os.Open(filepath.Dir(j.path)); err == nil {
		_ = d.Sync() // best effort: not every platform syncs directories
		d.Close()
	}
	return nil
}

// rotateJournal rewrites the journal with the pool's local transactions,
// per account in nonce order, pending before queued. p.mu must be held.
func (p *Pool) rotateJournal() error {
	accts := make([]ethtypes.Address, 0, len(p.locals))
	for a := range p.locals {
		accts = append(accts, a)
	}
	sort.Slice(accts, func(i, j int) bool { return string(accts[i][:]) < string(accts[j][:]) })
	var txs []*ethtypes.Transaction
	for _, a := range accts {
		if l := p.pending[a]; l != nil {
			txs = append(txs, l.txs...)
		}
		if l := p.queue[a]; l != nil {
			txs = append(txs, l.txs...)
		}
	}
	if err := p.journal.rewrite(txs); err != nil {
		return &RuleError{Err: ErrJournal, Cause: err, Description: p.journal.path}
	}
	p.journal.rotated = p.cfg.Now()
	return nil
}

// loadJournal reads the journal at path; a missing file is an empty
// journal. Decoding stops at the first record that does not decode (a torn
// write from a crash).
func loadJournal(path string) ([]*ethtypes.Transaction, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &RuleError{Err: ErrJournal, Cause: err, Description: path}
	}
	txs, _, _ := DecodeJournal(b)
	return txs, nil
}

// DecodeJournal decodes a journal's content: transactions in block-body
// RLP form, back to back. It returns the transactions decoded before the
// first record that fails, the number of bytes they occupy and the
// decoding error of that record (nil when all of b decoded).
//
// This function is safe for concurrent access.
func DecodeJournal(b []byte) ([]*ethtypes.Transaction, int, error) {
	var txs []*ethtypes.Transaction
	used := 0
	for rest := b; len(rest) > 0; {
		tx, next, err := ethtypes.SplitTx(rest)
		if err != nil {
			return txs, used, fmt.Errorf("journal record %d at offset %d: %w", len(txs), used, err)
		}
		txs = append(txs, tx)
		used += len(rest) - len(next)
		rest = next
	}
	return txs, used, nil
}
