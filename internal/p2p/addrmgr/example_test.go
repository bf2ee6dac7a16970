package addrmgr_test

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

func Example() {
	regtest := [4]byte{0xfa, 0xbf, 0xb5, 0xda}
	dir, _ := os.MkdirTemp("", "addrmgr")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "peers.dat")

	m, err := addrmgr.LoadFile(path, regtest, addrmgr.Config{})
	if err != nil {
		fmt.Println("starting empty:", err)
	}
	peer := addrmgr.AddrFromAddrPort(netip.MustParseAddrPort("203.0.114.7:8333"))
	gossip := addrmgr.AddrFromAddrPort(netip.MustParseAddrPort("198.51.99.1:8333"))
	m.Add([]addrmgr.Address{{Addr: gossip, Services: 1, Time: time.Now()}}, peer, addrmgr.RelayPenalty)

	if a, _, ok := m.Select(false); ok {
		m.Attempt(a.Addr, true)
		// ... connect; on success:
		m.Good(a.Addr)
	}
	fmt.Println(m.Size(0, addrmgr.TableNew), m.Size(0, addrmgr.TableTried))
	if err := m.SaveFile(path, regtest); err != nil {
		fmt.Println(err)
	}
	m2, _ := addrmgr.LoadFile(path, regtest, addrmgr.Config{})
	fmt.Println(m2.Size(0, addrmgr.TableAll))
	// Output:
	// 0 1
	// 1
}
