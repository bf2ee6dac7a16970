package wallet_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/wallet"
)

// A node creates its Manager over <btcdatadir>/wallets, creates or loads a
// wallet and hands out addresses; it then feeds BlockConnected,
// BlockDisconnected and TxAccepted as the chain and mempool change.
func ExampleManager() {
	dir, _ := os.MkdirTemp("", "wallets")
	defer os.RemoveAll(dir)
	m, err := wallet.NewManager(wallet.ManagerConfig{Params: chaincfg.RegTest(), Dir: dir, Keypool: 5})
	if err != nil {
		panic(err)
	}
	defer m.Close()
	w, created, err := m.LoadOrCreate("default", wallet.CreateOptions{})
	if err != nil {
		panic(err)
	}
	a, _ := w.NewAddress(wallet.TypeBech32, "first")
	fmt.Println(created, strings.HasPrefix(a.String(), "bcrt1q"), m.Wallets())
	// Output: true true [default]
}
