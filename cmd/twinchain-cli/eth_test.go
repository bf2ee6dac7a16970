package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeEthServer answers JSON-RPC 2.0 requests: eth_chainId, echo (the
// params back) and fail (an error with data).
func fakeEthServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Method  string          `json:"method"`
			Params  json.RawMessage `json:"params"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.JSONRPC != "2.0" || r.Header.Get("Authorization") != "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		reply := map[string]any{"jsonrpc": "2.0", "id": req.ID}
		switch req.Method {
		case "eth_chainId":
			reply["result"] = "0x539"
		case "echo":
			reply["result"] = req.Params
		default:
			reply["error"] = map[string]any{"code": 3, "message": "execution reverted: nope", "data": "0x08c379a0"}
		}
		json.NewEncoder(w).Encode(reply)
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return port
}

func TestCLIEth(t *testing.T) {
	port := fakeEthServer(t)
	dir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		wantOut    string
		wantErr    string
		wantStatus int
	}{
		{name: "chain id", args: []string{"eth_chainId"}, wantOut: "0x539\n"},
		{name: "args", args: []string{"echo", "0xab", "latest", "12", "true", "null", `{"to":"0x01"}`, "[1,2]", "abc"},
			wantOut: "[\n  \"0xab\",\n  \"latest\",\n  12,\n  true,\n  null,\n  {\n    \"to\": \"0x01\"\n  },\n  [\n    1,\n    2\n  ],\n  \"abc\"\n]\n"},
		{name: "no params", args: []string{"echo"}, wantOut: "[\n]\n"},
		{name: "error", args: []string{"eth_call"}, wantErr: "error code: 3\nerror message:\nexecution reverted: nope\nerror data:\n\"0x08c379a0\"\n", wantStatus: 1},
		{name: "no method", args: nil, wantErr: "error: too few parameters (usage: twinchain-cli eth <method> [params...])\n", wantStatus: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"-datadir=" + dir, "-ethrpcport=" + port, "eth"}, tc.args...)
			status := run(args, strings.NewReader(""), &out, &errb)
			if out.String() != tc.wantOut || errb.String() != tc.wantErr || status != tc.wantStatus {
				t.Errorf("got stdout %q stderr %q status %d\nwant stdout %q stderr %q status %d",
					out.String(), errb.String(), status, tc.wantOut, tc.wantErr, tc.wantStatus)
			}
		})
	}
}

func TestCLIEthConnectionFailure(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	var out, errb bytes.Buffer
	status := run([]string{"-datadir=" + t.TempDir(), "-ethrpcport=" + port, "eth", "eth_chainId"}, strings.NewReader(""), &out, &errb)
	if status != 1 || !strings.Contains(errb.String(), "Could not connect to the account chain") {
		t.Fatalf("status %d stderr %q", status, errb.String())
	}
}

func TestEthArg(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"hex", "0x10", `"0x10"`},
		{"tag", "latest", `"latest"`},
		{"number", "5", `5`},
		{"object", `{"a":1}`, `{"a":1}`},
		{"quoted string stays a string", `"x"`, `"\"x\""`},
		{"empty", "", `""`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(ethArg(tc.in)); got != tc.want {
				t.Fatalf("ethArg(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}
