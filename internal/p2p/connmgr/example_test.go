package connmgr_test

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
)

// A node builds a Manager over its address manager and a handler that runs
// its protocol on each connection.
func Example() {
	handler := func(ctx context.Context, p *connmgr.Peer) connmgr.Outcome {
		// Handshake here (version/verack for Bitcoin), then:
		p.Established()
		if p.Type() == connmgr.Feeler {
			return connmgr.Outcome{Reason: "feeler connection completed"}
		}
		_, err := io.Copy(io.Discard, p.Conn()) // the message loop
		return connmgr.Outcome{Reason: fmt.Sprint(err)}
	}
	m, err := connmgr.New(connmgr.Config{
		Listen:      []string{"127.0.0.1:0"},
		AddrBook:    addrmgr.New(addrmgr.Config{}),
		Handler:     handler,
		DefaultPort: 18444,
	})
	if err != nil {
		panic(err)
	}
	if err := m.Start(context.Background()); err != nil {
		panic(err)
	}
	defer m.Stop()

	fmt.Println(m.AddNode("192.0.2.1:18444", connmgr.AddNodeAdd))
	err = m.AddNode("192.0.2.1:18444", connmgr.AddNodeAdd)
	var e *connmgr.Error
	if errors.As(err, &e) && errors.Is(err, connmgr.ErrNodeAlreadyAdded) {
		fmt.Println(e.Description, e.RPCCode())
	}
	// Output:
	// <nil>
	// Error: Node already added -23
}
