package metrics_test

import (
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/twinchain/twinchain/internal/metrics"
)

type heights struct{}

func (heights) Heights() (int32, int32) { return 200, 200 }

func Example() {
	reg := metrics.New()
	if err := reg.AddBTC(metrics.BTCSources{Chain: heights{}}); err != nil {
		panic(err)
	}
	// Plug the observer into jsonrpc.ServerConfig.Observe.
	observe := reg.RPCObserver("btc")
	observe("getblockcount", 0, 2*time.Millisecond)

	srv := httptest.NewServer(reg.Handler())
	defer srv.Close()
	fmt.Println("scrape", srv.URL+metrics.Path)
}
