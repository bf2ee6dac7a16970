package jsonrpc

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzHandleBody feeds arbitrary bodies to the dispatcher: it must not
// panic, and whatever it answers must be valid JSON (or nothing with 204).
func FuzzHandleBody(f *testing.F) {
	for _, seed := range []string{
		`{"method":"add","params":[1,2],"id":1}`,
		`{"jsonrpc":"2.0","method":"add","params":{"a":1,"b":2},"id":"x"}`,
		`{"jsonrpc":"2.0","method":"ping"}`,
		`[{"method":"add","params":[1,2],"id":1},{"jsonrpc":"2.0","method":"nope","id":2},3]`,
		`[]`, `{}`, `null`, `"x"`, `{"method":5}`, `{"method":"add","params":"x"}`,
		`{"jsonrpc":"2.0","method":"add","params":[1e400,2],"id":[1]}`,
		`{"id":{"a":1},"method":"help","params":["add"]}`,
	} {
		f.Add([]byte(seed))
	}
	s := NewServer(ServerConfig{Auth: Auth{Disabled: true}})
	s.Register("add", func(_ context.Context, p *Params) (any, error) {
		var a, b float64
		if err := p.Require(0, &a); err != nil {
			return nil, err
		}
		if err := p.Require(1, &b); err != nil {
			return nil, err
		}
		return a + b, nil
	}, "add", "a", "b")
	s.Register("echo", func(_ context.Context, p *Params) (any, error) { return p, nil }, "echo")
	f.Fuzz(func(t *testing.T, body []byte) {
		out, status := s.handleBody(context.Background(), body)
		if out == nil {
			if status != http.StatusNoContent {
				t.Fatalf("no body with status %d", status)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON reply %q for %q", out, body)
		}
	})
}
