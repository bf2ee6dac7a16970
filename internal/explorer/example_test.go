package explorer

import (
	"fmt"
	"net/http/httptest"
)

// ExampleNew serves the explorer over a UTXO source (a test fixture here; in
// twinchaind the node's adapter) with the account chain switched off.
func ExampleNew() {
	src := newBTCFixture([]int{2, 3}, 1)
	s := New(Config{BTC: src})
	for _, path := range []string{"/", "/api/blocks/tip/height", "/btc/block-height/2", "/eth/block/1", "/btc/block-height/-1"} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Println(path, rec.Code)
	}
	// Output:
	// / 200
	// /api/blocks/tip/height 200
	// /btc/block-height/2 200
	// /eth/block/1 404
	// /btc/block-height/-1 400
}
