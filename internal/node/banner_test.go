package node

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/logging"
)

// TestBannerServices checks the banner's lines for the explorer, the
// metrics and the account chain's P2P address: shown with the bound
// addresses when they run, absent or "not listening" when they do not.
func TestBannerServices(t *testing.T) {
	t.Run("on", func(t *testing.T) {
		cfg := loadConfig(t, t.TempDir(), "-disablewallet")
		cfg.Explorer, cfg.ExplorerDefault = "127.0.0.1:0", false
		cfg.Metrics, cfg.MetricsDefault = "127.0.0.1:0", false
		cfg.ETHPort = 0
		n, _ := startNode(t, cfg)
		if n.ExplorerAddr() == nil || n.MetricsAddr() == nil || len(n.ETHP2PAddrs()) == 0 {
			t.Fatal("explorer, metrics or account-chain P2P not running")
		}
		banner := n.Banner()
		_, eth, ok := strings.Cut(banner, "account chain (Ethereum JSON-RPC)\n")
		if !ok {
			t.Fatalf("no account chain section:\n%s", banner)
		}
		for _, want := range []string{
			"  explorer:       http://" + n.ExplorerAddr().String() + "\n",
			"  metrics:        http://" + n.MetricsAddr().String() + "/metrics\n",
		} {
			if !strings.Contains(banner, want) {
				t.Errorf("banner lacks %q:\n%s", want, banner)
			}
		}
		if want := "  P2P:            " + n.ETHP2PAddrs()[0].String() + "\n"; !strings.Contains(eth, want) {
			t.Errorf("account chain section lacks %q:\n%s", want, eth)
		}
	})
	t.Run("off", func(t *testing.T) {
		n, _ := startNode(t, loadConfig(t, t.TempDir(), "-disablewallet", "-ethlisten=0"))
		banner := n.Banner()
		for _, absent := range []string{"explorer:", "metrics:"} {
			if strings.Contains(banner, absent) {
				t.Errorf("banner shows %q with the service off:\n%s", absent, banner)
			}
		}
		_, eth, _ := strings.Cut(banner, "account chain (Ethereum JSON-RPC)\n")
		if !strings.Contains(eth, "  P2P:            not listening\n") {
			t.Errorf("account chain section should say not listening:\n%s", eth)
		}
	})
}

// TestBTCOff: with -btc=0 only the account chain runs (the banner shows it,
// nothing of the UTXO chain is started) and the banner says so; with both
// chains off the node refuses to start.
func TestBTCOff(t *testing.T) {
	cfg := loadConfig(t, t.TempDir(), "-btc=0", "-ethlisten=0", "-server=0")
	n, _ := startNode(t, cfg)
	if n.Chain() != nil || len(n.RPCAddrs()) != 0 || len(n.P2PAddrs()) != 0 {
		t.Fatal("the UTXO chain runs with -btc=0")
	}
	banner := n.Banner()
	if !strings.Contains(banner, "UTXO chain:     off (-btc=0)") || !strings.Contains(banner, "account chain (Ethereum JSON-RPC)") {
		t.Fatalf("banner:\n%s", banner)
	}
	cfg = loadConfig(t, t.TempDir(), "-btc=0", "-eth=0")
	logs, err := logging.New(logging.Config{File: cfg.DebugLogFile})
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	n2, err := New(cfg, logs)
	if err != nil {
		t.Fatal(err)
	}
	if err := n2.Start(context.Background()); !errors.Is(err, ErrConfig) {
		t.Fatalf("both chains off: err = %v, want ErrConfig", err)
	}
}
