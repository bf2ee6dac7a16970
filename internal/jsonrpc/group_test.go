package jsonrpc

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// groupServer registers "dbl" (a group handler that doubles its integer
// argument and fails on negatives, recording the size of each run it
// answers), "gpanic" (a group handler that panics) and "add".
func groupServer(t *testing.T, observe func(string, int, time.Duration)) (*Server, *[]int) {
	t.Helper()
	s := NewServer(ServerConfig{Observe: observe})
	var mu sync.Mutex
	var runs []int
	dbl := func(v int) (any, error) {
		if v < 0 {
			return nil, NewError(CodeInvalidParameter, "negative %d", v)
		}
		return 2 * v, nil
	}
	err := s.RegisterMethod("dbl", Method{
		Handler: func(_ context.Context, p *Params) (any, error) {
			mu.Lock()
			runs = append(runs, 1)
			mu.Unlock()
			var v int
			if err := p.Require(0, &v); err != nil {
				return nil, err
			}
			return dbl(v)
		},
		Group: func(_ context.Context, ps []*Params) ([]any, []error) {
			mu.Lock()
			runs = append(runs, len(ps))
			mu.Unlock()
			vs, errs := make([]any, len(ps)), make([]error, len(ps))
			for i, p := range ps {
				var v int
				if errs[i] = p.Require(0, &v); errs[i] == nil {
					vs[i], errs[i] = dbl(v)
				}
			}
			return vs, errs
		},
		ArgNames: []string{"v"},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.RegisterMethod("gpanic", Method{
		Handler: func(context.Context, *Params) (any, error) { return "single", nil },
		Group:   func(context.Context, []*Params) ([]any, []error) { panic("group bug") },
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Register("add", func(_ context.Context, p *Params) (any, error) {
		var a, b int
		if err := p.Require(0, &a); err != nil {
			return nil, err
		}
		return a + b, p.Require(1, &b)
	}, "add a b")
	if err != nil {
		t.Fatal(err)
	}
	return s, &runs
}

func call(id int, method string, params string) string {
	return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, params)
}

// TestGroupRuns checks that runs of consecutive calls of a method with a
// group handler are answered by one group call each, single calls by the
// handler, and that every call gets its own answer in order.
func TestGroupRuns(t *testing.T) {
	var mu sync.Mutex
	observed := map[string]int{}
	s, runs := groupServer(t, func(name string, code int, _ time.Duration) {
		mu.Lock()
		observed[fmt.Sprintf("%s/%d", name, code)]++
		mu.Unlock()
	})
	body := "[" + strings.Join([]string{
		call(1, "dbl", "[1]"),
		call(2, "dbl", "[2]"),
		call(3, "add", "[1,2]"),
		call(4, "dbl", "[3]"),
		call(5, "dbl", "[-1]"),
		`{"jsonrpc":"2.0","method":"dbl","params":[100]}`, // a notification inside the run
		call(6, "dbl", `{"v":4}`),                         // named params mapped onto ArgNames
		`7`,                                               // not an object: breaks the run
		call(8, "dbl", "[5]"),
		call(9, "nosuch", "[]"),
		call(10, "dbl", `["x"]`),
	}, ",") + "]"
	out, status := s.handleBody(context.Background(), []byte(body))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	want := `[{"jsonrpc":"2.0","result":2,"id":1},{"jsonrpc":"2.0","result":4,"id":2},{"jsonrpc":"2.0","result":3,"id":3},` +
		`{"jsonrpc":"2.0","result":6,"id":4},{"jsonrpc":"2.0","error":{"code":-8,"message":"negative -1"},"id":5},` +
		`{"jsonrpc":"2.0","result":8,"id":6},{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null},` +
		`{"jsonrpc":"2.0","result":10,"id":8},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":9},` +
		`{"jsonrpc":"2.0","error":{"code":-3,"message":"JSON value of type string for parameter 1 is not of expected type"},"id":10}]`
	if string(out) != want {
		t.Fatalf("reply\n got %s\nwant %s", out, want)
	}
	// Runs: [1 2] grouped, [4 5 notify 6] grouped, 8 alone, 10 alone.
	if got := fmt.Sprint(*runs); got != "[2 4 1 1]" {
		t.Fatalf("runs %s, want [2 4 1 1]", got)
	}
	if observed["dbl/0"] != 6 || observed["dbl/-8"] != 1 || observed["dbl/-3"] != 1 || observed["add/0"] != 1 {
		t.Fatalf("observed %v", observed)
	}

	// A single call is never grouped.
	*runs = nil
	out, _ = s.handleBody(context.Background(), []byte(call(1, "dbl", "[7]")))
	if string(out) != `{"jsonrpc":"2.0","result":14,"id":1}` || fmt.Sprint(*runs) != "[1]" {
		t.Fatalf("single call: %s, runs %v", out, *runs)
	}
}

// TestGroupPanic checks that a panicking group handler gives every call of
// its run an internal error and the rest of the batch its answers.
func TestGroupPanic(t *testing.T) {
	s, _ := groupServer(t, nil)
	body := "[" + call(1, "gpanic", "[]") + "," + call(2, "gpanic", "[]") + "," + call(3, "add", "[2,2]") + "," + call(4, "gpanic", "[]") + "]"
	out, _ := s.handleBody(context.Background(), []byte(body))
	want := `[{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":1},` +
		`{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":2},` +
		`{"jsonrpc":"2.0","result":4,"id":3},{"jsonrpc":"2.0","result":"single","id":4}]`
	if string(out) != want {
		t.Fatalf("reply\n got %s\nwant %s", out, want)
	}
}

// TestGroupWrongCount checks that a group handler answering the wrong
// number of calls is treated as a handler bug, not trusted.
func TestGroupWrongCount(t *testing.T) {
	s := NewServer(ServerConfig{})
	err := s.RegisterMethod("short", Method{
		Handler: func(context.Context, *Params) (any, error) { return 1, nil },
		Group:   func(context.Context, []*Params) ([]any, []error) { return []any{1}, []error{nil} },
	})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := s.handleBody(context.Background(), []byte("["+call(1, "short", "[]")+","+call(2, "short", "[]")+"]"))
	if strings.Count(string(out), `"Internal error"`) != 2 {
		t.Fatalf("reply %s", out)
	}
}
