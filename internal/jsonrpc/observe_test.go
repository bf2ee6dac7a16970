package jsonrpc

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// observation is one call of ServerConfig.Observe.
type observation struct {
	method string
	code   int
}

func TestObserveHook(t *testing.T) {
	var mu sync.Mutex
	var got []observation
	s := NewServer(ServerConfig{Auth: Auth{Disabled: true}, Observe: func(m string, code int, d time.Duration) {
		if d < 0 {
			t.Errorf("%s: negative duration %v", m, d)
		}
		mu.Lock()
		got = append(got, observation{m, code})
		mu.Unlock()
	}})
	s.Register("ok", func(context.Context, *Params) (any, error) { return 1, nil }, "")
	s.Register("fails", func(context.Context, *Params) (any, error) {
		return nil, NewError(CodeInvalidParameter, "bad")
	}, "")
	s.Register("plainerr", func(context.Context, *Params) (any, error) { return nil, errors.New("x") }, "")
	ctx := context.Background()
	tests := []struct {
		name string
		body string
		want []observation
	}{
		{"success", `{"method":"ok","id":1}`, []observation{{"ok", 0}}},
		{"rpc error", `{"jsonrpc":"2.0","method":"fails","id":1}`, []observation{{"fails", CodeInvalidParameter}}},
		{"foreign error", `{"method":"plainerr","id":1}`, []observation{{"plainerr", CodeMiscError}}},
		{"notification", `{"jsonrpc":"2.0","method":"ok"}`, []observation{{"ok", 0}}},
		{"batch", `[{"method":"ok","id":1},{"method":"fails","id":2},{"method":"nope","id":3}]`,
			[]observation{{"ok", 0}, {"fails", CodeInvalidParameter}}},
		{"unknown method", `{"method":"nope","id":1}`, nil},
		{"parse error", `{"method":`, nil},
		{"bad params", `{"method":"ok","params":3,"id":1}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			got = nil
			mu.Unlock()
			s.handleBody(ctx, []byte(tc.body))
			mu.Lock()
			defer mu.Unlock()
			if len(got) != len(tc.want) {
				t.Fatalf("observed %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("observation %d: %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestObserveOff checks that a server without the hook does not allocate
// more than one with it (the hook's cost is a nil check).
func TestObserveOff(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	body := []byte(`{"jsonrpc":"1.0","id":"x","method":"getblockcount","params":[]}`)
	ctx := context.Background()
	allocs := func(obs func(string, int, time.Duration)) float64 {
		s := NewServer(ServerConfig{Auth: Auth{Disabled: true}, Observe: obs})
		s.Register("getblockcount", func(context.Context, *Params) (any, error) { return 850000, nil }, "")
		return testing.AllocsPerRun(50, func() { s.handleBody(ctx, body) })
	}
	off := allocs(nil)
	on := allocs(func(string, int, time.Duration) {})
	if on != off {
		t.Errorf("allocations: %v with the hook, %v without", on, off)
	}
}
