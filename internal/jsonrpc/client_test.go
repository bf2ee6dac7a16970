package jsonrpc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestClientCall(t *testing.T) {
	_, url := newTestServer(t, nil)
	ctx := context.Background()
	for _, v2 := range []bool{false, true} {
		c := &Client{URL: url, User: testUser, Password: testPass, V2: v2}
		var sum int
		if err := c.Call(ctx, "add", []int{40, 2}, &sum); err != nil || sum != 42 {
			t.Errorf("v2=%v positional: %d %v", v2, sum, err)
		}
		sum = 0
		if err := c.Call(ctx, "add", map[string]int{"a": 1, "b": 2}, &sum); err != nil || sum != 3 {
			t.Errorf("v2=%v named: %d %v", v2, sum, err)
		}
		err := c.Call(ctx, "nope", nil, nil)
		var re *Error
		if !errors.As(err, &re) || re.Code != CodeMethodNotFound {
			t.Errorf("v2=%v unknown method: %v", v2, err)
		}
		if err := c.Call(ctx, "bad", nil, nil); !errors.As(err, &re) || re.Code != CodeInvalidAddressOrKey ||
			err.Error() != "error code: -5\nerror message:\nInvalid address" {
			t.Errorf("v2=%v typed error: %v", v2, err)
		}
		var wrong struct{}
		if err := c.Call(ctx, "add", []int{1, 1}, &wrong); !errors.Is(err, ErrBadResponse) {
			t.Errorf("v2=%v undecodable result: %v", v2, err)
		}
	}
	bad := &Client{URL: url, User: testUser, Password: "x"}
	if err := bad.Call(ctx, "ping", nil, nil); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("bad password: %v", err)
	}
	if err := (&Client{URL: "http://127.0.0.1:1/"}).Call(ctx, "ping", nil, nil); !errors.Is(err, ErrConnection) {
		t.Errorf("no server: %v", err)
	}
	if err := (&Client{URL: url + "nothere", User: testUser, Password: testPass}).Call(ctx, "ping", nil, nil); !errors.Is(err, ErrBadResponse) {
		t.Errorf("404 path: %v", err)
	}
}

func TestClientBatch(t *testing.T) {
	_, url := newTestServer(t, nil)
	c := &Client{URL: url, User: testUser, Password: testPass}
	var a, b int
	var h string
	elems := []BatchElem{
		{Method: "add", Params: []int{1, 2}, Result: &a},
		{Method: "nope"},
		{Method: "add", Params: map[string]int{"a": 5, "b": 5}, Result: &b},
		{Method: "help", Params: []string{"ping"}, Result: &h},
		{Method: "fail"},
	}
	if err := c.Batch(context.Background(), elems); err != nil {
		t.Fatal(err)
	}
	var re *Error
	if a != 3 || b != 10 || h != "ping\n\nReturns null." || elems[0].Error != nil || elems[2].Error != nil {
		t.Errorf("results %d %d %q %v %v", a, b, h, elems[0].Error, elems[2].Error)
	}
	if !errors.As(elems[1].Error, &re) || re.Code != CodeMethodNotFound {
		t.Errorf("elem 1: %v", elems[1].Error)
	}
	if !errors.As(elems[4].Error, &re) || re.Code != CodeMiscError || re.Message != "boom" {
		t.Errorf("elem 4: %v", elems[4].Error)
	}
	if err := c.Batch(context.Background(), nil); err == nil {
		t.Errorf("empty batch accepted")
	}
}

func TestClientBadServers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		kind   ErrorKind
	}{
		{"not json", 200, "hello", ErrBadResponse},
		{"empty", 200, "", ErrBadResponse},
		{"503", 503, "Work queue depth exceeded", ErrHTTPStatus},
		{"403", 403, "", ErrHTTPStatus},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			defer ts.Close()
			c := &Client{URL: ts.URL}
			if err := c.Call(context.Background(), "x", nil, nil); !errors.Is(err, tc.kind) {
				t.Errorf("call: %v", err)
			}
			if err := c.Batch(context.Background(), []BatchElem{{Method: "x"}}); !errors.Is(err, tc.kind) {
				t.Errorf("batch: %v", err)
			}
		})
	}
	t.Run("batch wrong ids", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`[{"result":1,"error":null,"id":999}]`))
		}))
		defer ts.Close()
		if err := (&Client{URL: ts.URL}).Batch(context.Background(), []BatchElem{{Method: "x"}}); !errors.Is(err, ErrBadResponse) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("batch missing reply", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`[]`))
		}))
		defer ts.Close()
		elems := []BatchElem{{Method: "x"}}
		if err := (&Client{URL: ts.URL}).Batch(context.Background(), elems); err != nil || !errors.Is(elems[0].Error, ErrBadResponse) {
			t.Errorf("got %v %v", err, elems[0].Error)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(200 * time.Millisecond):
			case <-r.Context().Done():
			}
		}))
		defer ts.Close()
		c := &Client{URL: ts.URL, Timeout: 20 * time.Millisecond}
		if err := c.Call(context.Background(), "x", nil, nil); !errors.Is(err, ErrConnection) {
			t.Errorf("got %v", err)
		}
	})
}
