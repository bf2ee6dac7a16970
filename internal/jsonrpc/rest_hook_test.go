package jsonrpc

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestRESTHook checks that /rest/ paths reach ServerConfig.REST without
// credentials, and that without a REST handler they stay 404.
func TestRESTHook(t *testing.T) {
	rest := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "rest:"+r.URL.Path)
	})
	tests := []struct {
		name       string
		handler    http.Handler
		path       string
		wantStatus int
		wantBody   string
	}{
		{name: "served", handler: rest, path: "/rest/chaininfo.json", wantStatus: 200, wantBody: "rest:/rest/chaininfo.json"},
		{name: "no handler", handler: nil, path: "/rest/chaininfo.json", wantStatus: 404},
		{name: "other path", handler: rest, path: "/restx", wantStatus: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, url := newTestServer(t, func(c *ServerConfig) { c.REST = tc.handler })
			resp, err := http.Get(strings.TrimSuffix(url, "/") + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			if tc.wantBody != "" && string(body) != tc.wantBody {
				t.Fatalf("body %q, want %q", body, tc.wantBody)
			}
		})
	}
}
