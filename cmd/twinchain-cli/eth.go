package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// ethArg converts one command-line argument of the eth subcommand: a JSON
// number, object, array, true, false or null is passed as JSON, anything
// else (hex quantities, addresses, block tags) as a string.
func ethArg(s string) json.RawMessage {
	t := strings.TrimSpace(s)
	if t != "" && t[0] != '"' && json.Valid([]byte(t)) {
		return json.RawMessage(t)
	}
	b, _ := json.Marshal(s)
	return b
}

// ethReply is a JSON-RPC 2.0 reply.
type ethReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	} `json:"error"`
}

// eth is "twinchain-cli eth <method> [params...]": one JSON-RPC 2.0
// request to the account chain's endpoint (-rpcconnect's host, -ethrpcport
// or 8545), no authentication. The result is printed as other results are;
// an error prints its code, message and data and exits with status 1.
func (x *cli) eth(ctx context.Context, args []string) (string, int) {
	if len(args) < 1 {
		return "error: too few parameters (usage: twinchain-cli eth <method> [params...])", 1
	}
	params := make([]json.RawMessage, len(args)-1)
	for i, a := range args[1:] {
		params[i] = ethArg(a)
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": args[0], "params": params})
	if err != nil {
		return "error: " + err.Error(), 1
	}
	url := "http://" + net.JoinHostPort(x.s.host, strconv.Itoa(x.s.cfg.ETHRPCPort)) + "/"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "error: " + err.Error(), 1
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: x.s.clientTimeout}).Do(req)
	if err != nil {
		return fmt.Sprintf("error: Could not connect to the account chain's JSON-RPC at %s (is twinchaind running with -eth? see -ethrpcport): %v", url, err), 1
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return "error: reading the reply: " + err.Error(), 1
	}
	var reply ethReply
	if err := json.Unmarshal(data, &reply); err != nil {
		return fmt.Sprintf("error: HTTP status %d, couldn't parse reply from server: %s", resp.StatusCode, bytes.TrimSpace(data)), 1
	}
	if reply.Error != nil {
		text := fmt.Sprintf("error code: %d\nerror message:\n%s", reply.Error.Code, reply.Error.Message)
		if d := bytes.TrimSpace(reply.Error.Data); len(d) > 0 && string(d) != "null" {
			text += "\nerror data:\n" + string(d)
		}
		return text, 1
	}
	text, err := formatResult(reply.Result)
	if err != nil {
		return "error: couldn't parse reply from server", 1
	}
	return text, 0
}
