package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testUser = "alice"
	testPass = "s3cret"
)

// newTestServer starts a server on 127.0.0.1:0 with echo-style methods.
func newTestServer(t testing.TB, mod func(*ServerConfig)) (*Server, string) {
	t.Helper()
	cfg := ServerConfig{
		Listen:        []string{"127.0.0.1:0"},
		Auth:          Auth{User: testUser, Password: testPass},
		AuthFailDelay: -1,
	}
	if mod != nil {
		mod(&cfg)
	}
	s := NewServer(cfg)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Register("ping", func(context.Context, *Params) (any, error) { return nil, nil }, "ping\n\nReturns null."))
	must(s.Register("add", func(_ context.Context, p *Params) (any, error) {
		var a, b int
		if err := p.Require(0, &a); err != nil {
			return nil, err
		}
		if err := p.Require(1, &b); err != nil {
			return nil, err
		}
		return a + b, nil
	}, "add a b\n\nAdds two integers.", "a", "b"))
	must(s.Register("echonamed", func(_ context.Context, p *Params) (any, error) {
		return p.Named, nil
	}, "echonamed {...}"))
	must(s.Register("fail", func(context.Context, *Params) (any, error) {
		return nil, errors.New("boom")
	}, "fail"))
	must(s.Register("bad", func(context.Context, *Params) (any, error) {
		return nil, NewError(CodeInvalidAddressOrKey, "Invalid address")
	}, "bad"))
	must(s.Register("panic", func(context.Context, *Params) (any, error) {
		panic("handler bug")
	}, "panic"))
	must(s.Register("info", func(ctx context.Context, _ *Params) (any, error) {
		ri, _ := InfoFromContext(ctx)
		return ri.User + " " + ri.Path, nil
	}, "info"))
	must(s.RegisterMethod("secret", Method{Handler: func(context.Context, *Params) (any, error) { return 1, nil }, Help: "secret", Category: "hidden"}))
	must(s.Register("sleep", func(ctx context.Context, _ *Params) (any, error) {
		select {
		case <-time.After(20 * time.Millisecond):
			return "slept", nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}, "sleep"))
	if err := s.Register("ping", nil, ""); !errors.Is(err, ErrDuplicateMethod) {
		t.Fatalf("duplicate register: got %v", err)
	}
	must(s.Start(context.Background()))
	t.Cleanup(func() { s.Stop() })
	return s, "http://" + s.Addrs()[0].String() + "/"
}

type rawResult struct {
	status int
	header http.Header
	body   string
}

func post(t testing.TB, url, user, pass, body string) rawResult {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if user != "" || pass != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawResult{resp.StatusCode, resp.Header, strings.TrimSpace(string(b))}
}

func TestDispatch(t *testing.T) {
	_, url := newTestServer(t, nil)
	tests := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"1.0 success", `{"method":"add","params":[2,3],"id":1}`, 200, `{"result":5,"error":null,"id":1}`},
		{"1.0 explicit version", `{"jsonrpc":"1.0","method":"add","params":[2,3],"id":"x"}`, 200, `{"result":5,"error":null,"id":"x"}`},
		{"2.0 success", `{"jsonrpc":"2.0","method":"add","params":[2,3],"id":7}`, 200, `{"jsonrpc":"2.0","result":5,"id":7}`},
		{"null result", `{"method":"ping","id":1}`, 200, `{"result":null,"error":null,"id":1}`},
		{"null params", `{"method":"ping","params":null,"id":1}`, 200, `{"result":null,"error":null,"id":1}`},
		{"missing id 1.0", `{"method":"ping"}`, 200, `{"result":null,"error":null,"id":null}`},
		{"named params", `{"method":"add","params":{"b":3,"a":2},"id":1}`, 200, `{"result":5,"error":null,"id":1}`},
		{"named params raw", `{"method":"echonamed","params":{"x":1},"id":1}`, 200, `{"result":{"x":1},"error":null,"id":1}`},
		{"duplicate named", `{"method":"add","params":{"a":1,"a":2},"id":1}`, 500, `{"result":null,"error":{"code":-8,"message":"Parameter a specified multiple times"},"id":1}`},
		{"unknown named", `{"method":"add","params":{"a":1,"c":2},"id":1}`, 500, `{"result":null,"error":{"code":-8,"message":"Unknown named parameter c"},"id":1}`},
		{"named with args", `{"method":"add","params":{"args":[2],"b":5},"id":1}`, 200, `{"result":7,"error":null,"id":1}`},
		{"args only", `{"method":"add","params":{"args":[2,3]},"id":1}`, 200, `{"result":5,"error":null,"id":1}`},
		{"args and name twice", `{"method":"add","params":{"args":[2],"a":5},"id":1}`, 500, `{"result":null,"error":{"code":-8,"message":"Parameter a specified twice both as positional and named argument"},"id":1}`},
		{"too many args", `{"method":"add","params":{"args":[1,2,3]},"id":1}`, 500, `{"result":null,"error":{"code":-1,"message":"Too many positional arguments"},"id":1}`},
		{"args not array", `{"method":"add","params":{"args":1},"id":1}`, 500, `{"result":null,"error":{"code":-3,"message":"JSON value of type number for field args is not of expected type array"},"id":1}`},
		{"missing named", `{"method":"add","params":{"b":1},"id":1}`, 500, `{"result":null,"error":{"code":-8,"message":"Missing required parameter 1"},"id":1}`},
		{"wrong type", `{"method":"add","params":["x",1],"id":1}`, 500, `{"result":null,"error":{"code":-3,"message":"JSON value of type string for parameter 1 is not of expected type"},"id":1}`},
		{"unknown method 1.0", `{"method":"nope","id":1}`, 404, `{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}`},
		{"unknown method 2.0", `{"jsonrpc":"2.0","method":"nope","id":1}`, 200, `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":1}`},
		{"missing method", `{"id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"Missing method"},"id":1}`},
		{"method not string", `{"method":5,"id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"Method must be a string"},"id":1}`},
		{"params not container", `{"method":"ping","params":"x","id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"Params must be an array or object"},"id":1}`},
		{"bad version", `{"jsonrpc":"3.0","method":"ping","id":1}`, 400, `{"result":null,"error":{"code":-32600,"message":"JSON-RPC version not supported"},"id":1}`},
		{"malformed json", `{"method":`, 500, `{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}`},
		{"empty body", ``, 500, `{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}`},
		{"top-level scalar", `42`, 500, `{"result":null,"error":{"code":-32700,"message":"Top-level object parse error"},"id":null}`},
		{"handler error", `{"method":"fail","id":1}`, 500, `{"result":null,"error":{"code":-1,"message":"boom"},"id":1}`},
		{"typed error", `{"method":"bad","id":1}`, 500, `{"result":null,"error":{"code":-5,"message":"Invalid address"},"id":1}`},
		{"typed error 2.0", `{"jsonrpc":"2.0","method":"bad","id":1}`, 200, `{"jsonrpc":"2.0","error":{"code":-5,"message":"Invalid address"},"id":1}`},
		{"panic", `{"method":"panic","id":1}`, 500, `{"result":null,"error":{"code":-32603,"message":"Internal error"},"id":1}`},
		{"request info", `{"method":"info","id":1}`, 200, `{"result":"alice /","error":null,"id":1}`},
		{"2.0 notification", `{"jsonrpc":"2.0","method":"ping"}`, 204, ``},
		{"batch mixed", `[{"method":"add","params":[1,1],"id":1},{"jsonrpc":"2.0","method":"nope","id":2},{"jsonrpc":"2.0","method":"ping"},5,{"method":"fail","id":3}]`, 200,
			`[{"result":2,"error":null,"id":1},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":2},{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null},{"result":null,"error":{"code":-1,"message":"boom"},"id":3}]`},
		{"batch only notifications", `[{"jsonrpc":"2.0","method":"ping"}]`, 204, ``},
		{"empty batch", `[]`, 400, `{"result":null,"error":{"code":-32600,"message":"Invalid Request: empty batch"},"id":null}`},
		{"malformed batch", `[{"method":"ping"},`, 500, `{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}`},
		{"help list", `{"method":"help","id":1}`, 200, `{"result":"add a b\nbad\necho` + `named {...}\nfail\ninfo\npanic\nping\nsleep\n\n== Control ==\nhelp ( \"command\" )","error":null,"id":1}`},
		{"help one", `{"method":"help","params":["add"],"id":1}`, 200, `{"result":"add a b\n\nAdds two integers.","error":null,"id":1}`},
		{"help named", `{"method":"help","params":{"command":"ping"},"id":1}`, 200, `{"result":"ping\n\nReturns null.","error":null,"id":1}`},
		{"help unknown", `{"method":"help","params":["zz"],"id":1}`, 200, `{"result":"help: unknown command: zz","error":null,"id":1}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := post(t, url, testUser, testPass, tc.body)
			if got.status != tc.status || got.body != tc.want {
				t.Errorf("got %d %s\nwant %d %s", got.status, got.body, tc.status, tc.want)
			}
			if tc.want != "" && got.header.Get("Content-Type") != "application/json" {
				t.Errorf("content type %q", got.header.Get("Content-Type"))
			}
		})
	}
}

func TestHTTPErrors(t *testing.T) {
	_, url := newTestServer(t, func(c *ServerConfig) { c.MaxBodyBytes = 1024 })
	t.Run("missing credentials", func(t *testing.T) {
		got := post(t, url, "", "", `{"method":"ping"}`)
		if got.status != 401 || got.header.Get("WWW-Authenticate") != `Basic realm="jsonrpc"` {
			t.Errorf("got %d %v", got.status, got.header)
		}
	})
	for _, c := range [][2]string{{testUser, "wrong"}, {"bob", testPass}, {"", "x"}} {
		t.Run("bad credentials "+c[0]+":"+c[1], func(t *testing.T) {
			got := post(t, url, c[0], c[1], `{"method":"ping"}`)
			if got.status != 401 || got.header.Get("WWW-Authenticate") != `Basic realm="jsonrpc"` {
				t.Errorf("got %d %v", got.status, got.header)
			}
		})
	}
	t.Run("oversized body", func(t *testing.T) {
		got := post(t, url, testUser, testPass, `{"method":"ping","params":["`+strings.Repeat("a", 2000)+`"]}`)
		if got.status != 413 {
			t.Errorf("got %d", got.status)
		}
	})
	t.Run("oversized chunked body", func(t *testing.T) {
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte(`{"method":"ping","params":["` + strings.Repeat("a", 2000) + `"]}`))
			pw.Close()
		}()
		req, _ := http.NewRequest(http.MethodPost, url, pr)
		req.SetBasicAuth(testUser, testPass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("got %d", resp.StatusCode)
		}
	})
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		t.Run("method "+m, func(t *testing.T) {
			req, _ := http.NewRequest(m, url, nil)
			req.SetBasicAuth(testUser, testPass)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 405 {
				t.Errorf("got %d", resp.StatusCode)
			}
		})
	}
	t.Run("unknown path", func(t *testing.T) {
		if got := post(t, url+"foo", testUser, testPass, `{"method":"ping"}`); got.status != 404 {
			t.Errorf("got %d", got.status)
		}
	})
	t.Run("wallet path", func(t *testing.T) {
		got := post(t, url+"wallet/w1", testUser, testPass, `{"method":"info","id":1}`)
		if got.body != `{"result":"alice /wallet/w1","error":null,"id":1}` {
			t.Errorf("got %s", got.body)
		}
	})
}

func TestAllowIP(t *testing.T) {
	s := NewServer(ServerConfig{Auth: Auth{Disabled: true}, AllowIP: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	s.Register("ping", func(context.Context, *Params) (any, error) { return "pong", nil }, "")
	tests := []struct {
		name   string
		remote string
		status int
	}{
		{"loopback v4", "127.0.0.1:5000", 200},
		{"loopback other", "127.8.9.1:5000", 200},
		{"loopback v6", "[::1]:5000", 200},
		{"allowed subnet", "10.1.2.3:5000", 200},
		{"disallowed", "192.168.1.1:5000", 403},
		{"disallowed v6", "[2001:db8::1]:5000", 403},
		{"mapped disallowed", "[::ffff:192.168.1.1]:5000", 403},
		{"mapped allowed", "[::ffff:10.0.0.1]:5000", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(`{"method":"ping","id":1}`))
			req.RemoteAddr = tc.remote
			w := &recorder{header: http.Header{}}
			s.ServeHTTP(w, req)
			if w.status != tc.status {
				t.Errorf("got %d want %d", w.status, tc.status)
			}
		})
	}
}

// recorder is a minimal http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(s int) { r.status = s }

func TestConcurrencyStorm(t *testing.T) {
	const threads, queue = 4, 8
	var running, maxRunning atomic.Int64
	release := make(chan struct{})
	s, url := newTestServer(t, func(c *ServerConfig) { c.Threads, c.WorkQueue = threads, queue })
	_ = s
	// A second server shares nothing; use a blocking method on this one.
	// Register is closed after Start, so build a dedicated server.
	bs := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: Auth{Disabled: true}, Threads: threads, WorkQueue: queue})
	bs.Register("block", func(ctx context.Context, _ *Params) (any, error) {
		n := running.Add(1)
		for {
			m := maxRunning.Load()
			if n <= m || maxRunning.CompareAndSwap(m, n) {
				break
			}
		}
		<-release
		running.Add(-1)
		return "ok", nil
	}, "")
	if err := bs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer bs.Stop()
	burl := "http://" + bs.Addrs()[0].String() + "/"

	// A private transport whose spare connections are closed before Stop, so
	// Shutdown does not wait for never-used (StateNew) connections.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	const n = 300
	var wg sync.WaitGroup
	var ok200, busy503, other atomic.Int64
	for range n {
		wg.Go(func() {
			resp, err := hc.Post(burl, "application/json", strings.NewReader(`{"method":"block","id":1}`))
			if err != nil {
				other.Add(1)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			switch resp.StatusCode {
			case 200:
				ok200.Add(1)
			case 503:
				busy503.Add(1)
			default:
				other.Add(1)
			}
		})
	}
	// Wait until the workers are saturated and the rejects are in.
	deadline := time.Now().Add(10 * time.Second)
	for busy503.Load() < n-threads-queue && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	// Meanwhile the other server keeps serving.
	if got := post(t, url, testUser, testPass, `{"method":"add","params":[1,2],"id":1}`); got.status != 200 {
		t.Errorf("other server: %d", got.status)
	}
	close(release)
	wg.Wait()
	if maxRunning.Load() > threads {
		t.Errorf("max concurrent handlers %d > %d", maxRunning.Load(), threads)
	}
	if ok200.Load() != threads+queue || busy503.Load() != n-threads-queue || other.Load() != 0 {
		t.Errorf("200=%d 503=%d other=%d", ok200.Load(), busy503.Load(), other.Load())
	}
	// After the storm the server serves again.
	resp, err := hc.Post(burl, "application/json", strings.NewReader(`{"method":"help","id":1}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after storm: %v %v", err, resp)
	}
	resp.Body.Close()
}

func TestStormMixed(t *testing.T) {
	_, url := newTestServer(t, func(c *ServerConfig) { c.Threads, c.WorkQueue = 8, 1000 })
	c := &Client{URL: url, User: testUser, Password: testPass, V2: true,
		HTTPClient: &http.Client{Transport: &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}}}
	var wg sync.WaitGroup
	var bad atomic.Int64
	for i := range 400 {
		wg.Go(func() {
			if i%3 == 0 {
				var s string
				if err := c.Call(context.Background(), "sleep", nil, &s); err != nil || s != "slept" {
					bad.Add(1)
				}
				return
			}
			var sum int
			if err := c.Call(context.Background(), "add", []int{i, 1}, &sum); err != nil || sum != i+1 {
				bad.Add(1)
			}
		})
	}
	wg.Wait()
	if bad.Load() != 0 {
		t.Errorf("%d bad replies", bad.Load())
	}
}

func TestRequestTimeout(t *testing.T) {
	s := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: Auth{Disabled: true}, RequestTimeout: 10 * time.Millisecond})
	s.Register("wait", func(ctx context.Context, _ *Params) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}, "")
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	got := post(t, "http://"+s.Addrs()[0].String()+"/", "", "", `{"method":"wait","id":1}`)
	if got.body != `{"result":null,"error":{"code":-1,"message":"Request timed out"},"id":1}` {
		t.Errorf("got %s", got.body)
	}
}

func TestRegisterAfterStart(t *testing.T) {
	s, _ := newTestServer(t, nil)
	if err := s.Register("late", nil, ""); !errors.Is(err, ErrServerStarted) {
		t.Errorf("got %v", err)
	}
}

func TestBindFailure(t *testing.T) {
	s := NewServer(ServerConfig{Listen: []string{"256.0.0.1:1"}, Auth: Auth{Disabled: true}})
	err := s.Start(context.Background())
	var te *TransportError
	if !errors.Is(err, ErrBadBind) || !errors.As(err, &te) {
		t.Errorf("got %v", err)
	}
}

func TestDefaultListen(t *testing.T) {
	got := DefaultListen(18443)
	if len(got) != 2 || got[0] != "127.0.0.1:18443" || got[1] != "[::1]:18443" {
		t.Errorf("got %v", got)
	}
}

func BenchmarkServeHTTP(b *testing.B) {
	s := NewServer(ServerConfig{Auth: Auth{User: "u", Password: "p"}})
	s.Register("getblockcount", func(context.Context, *Params) (any, error) { return json.RawMessage("850000"), nil }, "")
	body := []byte(`{"jsonrpc":"1.0","id":"curltest","method":"getblockcount","params":[]}`)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		w := &recorder{header: http.Header{}}
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			req.RemoteAddr = "127.0.0.1:1234"
			req.SetBasicAuth("u", "p")
			w.body.Reset()
			w.status = 0
			s.ServeHTTP(w, req)
			if w.status != 200 {
				b.Fatal(w.status)
			}
		}
	})
}

func BenchmarkHTTPRoundTrip(b *testing.B) {
	_, url := newTestServer(b, nil)
	c := &Client{URL: url, User: testUser, Password: testPass}
	ctx := context.Background()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.Call(ctx, "ping", nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkHandleBody(b *testing.B) {
	s := NewServer(ServerConfig{Auth: Auth{Disabled: true}})
	s.Register("getblockcount", func(context.Context, *Params) (any, error) { return 850000, nil }, "")
	body := []byte(`{"jsonrpc":"1.0","id":"curltest","method":"getblockcount","params":[]}`)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, status := s.handleBody(ctx, body); status != 200 {
			b.Fatal(status)
		}
	}
}

func TestHeaderLimit(t *testing.T) {
	_, url := newTestServer(t, func(c *ServerConfig) { c.MaxHeaderBytes = 1024 })
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"method":"ping"}`))
	req.SetBasicAuth(testUser, testPass)
	req.Header.Set("X-Filler", strings.Repeat("a", 8192))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("got %d", resp.StatusCode)
	}
}
