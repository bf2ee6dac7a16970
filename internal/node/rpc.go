package node

import (
	"context"
	"net"
	"strconv"

	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// rpcListen returns the addresses the RPC server binds, with Core's rule
// (httpserver.cpp since 0.18): -rpcbind and -rpcallowip must be given together
// to leave loopback; either alone is ignored with Core's warning.
func rpcListen(cfg *config.Config) (listen, warnings []string) {
	if len(cfg.RPCAllowIP) > 0 && len(cfg.RPCBind) == 0 {
		p := strconv.Itoa(cfg.RPCPort)
		return []string{net.JoinHostPort("127.0.0.1", p), net.JoinHostPort("::1", p)},
			[]string{"option -rpcallowip was specified without -rpcbind; this doesn't usually make sense"}
	}
	// The -rpcbind-without-rpcallowip warning comes from config.Warnings.
	return cfg.RPCListen, nil
}

// rpcAuth builds the accepted credentials from -rpcuser/-rpcpassword and
// -rpcauth; the cookie is added by the server (or by writeCookieFile).
func rpcAuth(cfg *config.Config) (jsonrpc.Auth, error) {
	a := jsonrpc.Auth{User: cfg.RPCUser, Password: cfg.RPCPassword}
	for _, line := range cfg.RPCAuth {
		e, err := jsonrpc.ParseRPCAuth(line)
		if err != nil {
			return a, makeError(ErrConfig, "Invalid -rpcauth argument.")
		}
		a.RPCAuth = append(a.RPCAuth, e)
	}
	return a, nil
}

// writeCookieFile writes a cookie at a -rpccookiefile path other than
// <dir>/.cookie (the server itself handles that one).
func writeCookieFile(path string) (string, error) {
	return jsonrpc.WriteCookieFile(path)
}

// fallbackControl registers `stop` when no service provided it (before
// btcrpc is wired), so the node can always be stopped over RPC.
func (n *Node) fallbackControl(srv *jsonrpc.Server) error {
	have := map[string]bool{}
	for _, m := range srv.Methods() {
		have[m] = true
	}
	if have["stop"] {
		return nil
	}
	return srv.RegisterMethod("stop", jsonrpc.Method{
		Handler: func(context.Context, *jsonrpc.Params) (any, error) {
			n.RequestShutdown()
			return "twinchaind stopping", nil
		},
		Help:     "stop\n\nRequest a graceful shutdown of twinchaind.",
		Category: "control",
	})
}
