package ethrpc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Filter limits.
const (
	// FilterTimeout is how long a filter lives without being polled.
	FilterTimeout = 5 * time.Minute
	// MaxFilters bounds the installed filters.
	MaxFilters = 1024
	// MaxFilterBuffer bounds the changes one filter keeps between polls;
	// older ones are dropped.
	MaxFilterBuffer = 10_000
	// MaxSubscriptions bounds the live subscriptions of the service.
	MaxSubscriptions = 1024
	// MaxConnSubscriptions bounds the live subscriptions of one WebSocket
	// connection, so that one client cannot take every slot of
	// MaxSubscriptions from the others.
	MaxConnSubscriptions = 128
	// subBuffer is the notifications queued per subscription; a client
	// that falls further behind loses its subscription.
	subBuffer = 1024
)

type filterKind int

const (
	blockFilter filterKind = iota
	pendingTxFilter
	logsFilter
)

type filter struct {
	kind     filterKind
	crit     *FilterCriteria
	lastPoll time.Time
	hashes   []string
	logs     []map[string]any
}

type subscription struct {
	conn   *jsonrpc.Notifier // the connection it notifies
	kind   string
	crit   *FilterCriteria
	ch     chan any
	closed chan struct{}
	once   sync.Once
}

func (s *subscription) close() { s.once.Do(func() { close(s.closed) }) }

// events holds the filter and subscription tables.
type events struct {
	mu      sync.Mutex
	filters map[string]*filter
	subs    map[string]*subscription
	now     func() time.Time
	unsub   []func()
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "0x" + hex.EncodeToString(b[:])
}

// startEvents subscribes the service to the backend's events.
func (s *Service) startEvents() {
	s.ev.filters = make(map[string]*filter)
	s.ev.subs = make(map[string]*subscription)
	if s.ev.now == nil {
		s.ev.now = time.Now
	}
	ce := s.cfg.Events
	if ce == nil {
		ce, _ = s.chain.(ChainEvents)
	}
	if ce != nil {
		s.ev.unsub = append(s.ev.unsub, ce.SubscribeChainEvents(s.onChainEvent))
	}
	if te, ok := s.pool.(TxEvents); ok {
		s.ev.unsub = append(s.ev.unsub, te.SubscribeNewTxs(s.onNewTxs))
	}
}

// Close unsubscribes from the backend and ends every subscription.
//
// This function is safe for concurrent access.
func (s *Service) Close() {
	s.ev.mu.Lock()
	unsub := s.ev.unsub
	s.ev.unsub = nil
	for id, sub := range s.ev.subs {
		sub.close()
		delete(s.ev.subs, id)
	}
	s.ev.mu.Unlock()
	for _, u := range unsub {
		u()
	}
}

// expire drops filters not polled for FilterTimeout. Called with mu held.
func (s *Service) expire() {
	now := s.ev.now()
	for id, f := range s.ev.filters {
		if now.Sub(f.lastPoll) > FilterTimeout {
			delete(s.ev.filters, id)
		}
	}
}

func (s *Service) onChainEvent(ev ethchain.ChainEvent) {
	if ev.Kind != ethchain.EventNewHead || ev.Block == nil {
		return
	}
	added := ev.Added
	if len(added) == 0 {
		added = []*ethtypes.Block{ev.Block}
	}
	s.ev.mu.Lock()
	idle := len(s.ev.filters) == 0 && len(s.ev.subs) == 0
	s.ev.mu.Unlock()
	if idle {
		return
	}
	// Read each block's receipts once, outside the lock.
	receipts := make(map[*ethtypes.Block]ethtypes.Receipts, len(added)+len(ev.Removed))
	for _, b := range append(append([]*ethtypes.Block{}, ev.Removed...), added...) {
		if b == ev.Block && ev.Receipts != nil {
			receipts[b] = ev.Receipts
			continue
		}
		rs, _ := s.chain.GetReceipts(b.Hash())
		receipts[b] = rs
	}
	receiptsOf := func(b *ethtypes.Block) ethtypes.Receipts { return receipts[b] }
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	s.expire()
	if len(s.ev.filters) == 0 && len(s.ev.subs) == 0 {
		return
	}
	for _, f := range s.ev.filters {
		switch f.kind {
		case blockFilter:
			for _, b := range added {
				f.hashes = appendBounded(f.hashes, hexHash(b.Hash()))
			}
		case logsFilter:
			var logs []map[string]any
			for _, b := range ev.Removed {
				logs = blockLogs(logs, f.crit, b, receiptsOf(b), true)
			}
			for _, b := range added {
				logs = blockLogs(logs, f.crit, b, receiptsOf(b), false)
			}
			f.logs = append(f.logs, logs...)
			if over := len(f.logs) - MaxFilterBuffer; over > 0 {
				f.logs = f.logs[over:]
			}
		}
	}
	for id, sub := range s.ev.subs {
		switch sub.kind {
		case "newHeads":
			for _, b := range added {
				s.push(id, sub, headerFields(b.Header))
			}
		case "logs":
			var logs []map[string]any
			for _, b := range ev.Removed {
				logs = blockLogs(logs, sub.crit, b, receiptsOf(b), true)
			}
			for _, b := range added {
				logs = blockLogs(logs, sub.crit, b, receiptsOf(b), false)
			}
			for _, l := range logs {
				s.push(id, sub, l)
			}
		}
	}
}

func (s *Service) onNewTxs(txs []*ethtypes.Transaction) {
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	for _, f := range s.ev.filters {
		if f.kind == pendingTxFilter {
			for _, tx := range txs {
				f.hashes = appendBounded(f.hashes, hexHash(tx.Hash()))
			}
		}
	}
	for id, sub := range s.ev.subs {
		if sub.kind == "newPendingTransactions" {
			for _, tx := range txs {
				s.push(id, sub, hexHash(tx.Hash()))
			}
		}
	}
}

// push queues a notification; a full queue ends the subscription. Called
// with mu held.
func (s *Service) push(id string, sub *subscription, v any) {
	select {
	case sub.ch <- v:
	default:
		sub.close()
		delete(s.ev.subs, id)
	}
}

func appendBounded(h []string, v string) []string {
	if len(h) >= MaxFilterBuffer {
		h = h[1:]
	}
	return append(h, v)
}

func (s *Service) install(f *filter) (any, error) {
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	s.expire()
	if len(s.ev.filters) >= MaxFilters {
		return nil, serverError("too many filters installed (max %d)", MaxFilters)
	}
	f.lastPoll = s.ev.now()
	id := newID()
	s.ev.filters[id] = f
	return id, nil
}

func (s *Service) newFilter(_ context.Context, p []json.RawMessage) (any, error) {
	fc, err := filterArg(p, 0)
	if err != nil {
		return nil, err
	}
	if fc.BlockHash != nil {
		return nil, invalidParams("blockHash is not supported by eth_newFilter")
	}
	return s.install(&filter{kind: logsFilter, crit: fc})
}

func (s *Service) newBlockFilter(context.Context, []json.RawMessage) (any, error) {
	return s.install(&filter{kind: blockFilter})
}

func (s *Service) newPendingTxFilter(context.Context, []json.RawMessage) (any, error) {
	return s.install(&filter{kind: pendingTxFilter})
}

func idArg(p []json.RawMessage) (string, error) {
	if !present(p, 0) {
		return "", invalidParams("missing value for required argument 0")
	}
	return jsonString(p[0], "argument 0")
}

func (s *Service) getFilterChanges(_ context.Context, p []json.RawMessage) (any, error) {
	id, err := idArg(p)
	if err != nil {
		return nil, err
	}
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	s.expire()
	f, ok := s.ev.filters[id]
	if !ok {
		return nil, serverError("filter not found")
	}
	f.lastPoll = s.ev.now()
	if f.kind == logsFilter {
		out := f.logs
		f.logs = nil
		if out == nil {
			out = []map[string]any{}
		}
		return out, nil
	}
	out := f.hashes
	f.hashes = nil
	if out == nil {
		out = []string{}
	}
	return out, nil
}

func (s *Service) getFilterLogs(ctx context.Context, p []json.RawMessage) (any, error) {
	id, err := idArg(p)
	if err != nil {
		return nil, err
	}
	s.ev.mu.Lock()
	s.expire()
	f, ok := s.ev.filters[id]
	if ok {
		f.lastPoll = s.ev.now()
	}
	s.ev.mu.Unlock()
	if !ok || f.kind != logsFilter {
		return nil, serverError("filter not found")
	}
	return s.filterLogs(ctx, f.crit)
}

func (s *Service) uninstallFilter(_ context.Context, p []json.RawMessage) (any, error) {
	id, err := idArg(p)
	if err != nil {
		return nil, err
	}
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	_, ok := s.ev.filters[id]
	delete(s.ev.filters, id)
	return ok, nil
}

func (s *Service) subscribe(ctx context.Context, p []json.RawMessage) (any, error) {
	n, ok := jsonrpc.NotifierFromContext(ctx)
	if !ok {
		return nil, &jsonrpc.Error{Code: CodeUnsupported, Message: "notifications not supported"}
	}
	if !present(p, 0) {
		return nil, invalidParams("missing value for required argument 0")
	}
	kind, err := jsonString(p[0], "argument 0")
	if err != nil {
		return nil, err
	}
	sub := &subscription{conn: n, kind: kind, closed: make(chan struct{})}
	switch kind {
	case "newHeads", "newPendingTransactions":
	case "logs":
		sub.crit = &FilterCriteria{}
		if present(p, 1) {
			if sub.crit, err = filterArg(p, 1); err != nil {
				return nil, err
			}
		}
	default:
		return nil, invalidParams("unsupported subscription type %q", kind)
	}
	id := newID()
	s.ev.mu.Lock()
	if len(s.ev.subs) >= MaxSubscriptions {
		s.ev.mu.Unlock()
		return nil, serverError("too many subscriptions (max %d)", MaxSubscriptions)
	}
	perConn := 0
	for _, other := range s.ev.subs {
		if other.conn == n {
			perConn++
		}
	}
	if perConn >= MaxConnSubscriptions {
		s.ev.mu.Unlock()
		return nil, serverError("too many subscriptions on this connection (max %d)", MaxConnSubscriptions)
	}
	sub.ch = make(chan any, subBuffer)
	s.ev.subs[id] = sub
	s.ev.mu.Unlock()
	go s.deliver(id, sub, n)
	return id, nil
}

// deliver sends a subscription's notifications until it or the connection
// ends.
func (s *Service) deliver(id string, sub *subscription, n *jsonrpc.Notifier) {
	defer func() {
		s.ev.mu.Lock()
		if s.ev.subs[id] == sub {
			delete(s.ev.subs, id)
		}
		s.ev.mu.Unlock()
	}()
	for {
		select {
		case v := <-sub.ch:
			if err := n.Notify("eth_subscription", map[string]any{"subscription": id, "result": v}); err != nil {
				return
			}
		case <-sub.closed:
			return
		case <-n.Closed():
			return
		}
	}
}

func (s *Service) unsubscribe(_ context.Context, p []json.RawMessage) (any, error) {
	id, err := idArg(p)
	if err != nil {
		return nil, err
	}
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	sub, ok := s.ev.subs[id]
	if ok {
		sub.close()
		delete(s.ev.subs, id)
	}
	return ok, nil
}
