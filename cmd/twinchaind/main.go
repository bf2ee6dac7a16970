// Command twinchaind is the twinchain daemon: it parses bitcoind's options
// (package config) and runs the node (package node) until SIGINT, SIGTERM or
// the stop RPC.
//
// With no arguments it runs the dev setup: regtest under ~/.twinchain, RPC on
// 127.0.0.1:18443 with a cookie file, and prints a banner saying where
// everything is. Exit status: 0 after a clean shutdown (and for -help and
// -version), 1 when the options are wrong, the node cannot start, or the
// shutdown reported an error.
//
// -daemon starts twinchaind again in the background (a new session, output
// to /dev/null, logs in debug.log) since a Go program cannot fork; with
// -daemonwait the first process exits only once the daemon has started, with
// status 1 and the reason when it could not.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/logging"
	"github.com/twinchain/twinchain/internal/node"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, config.LoadOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	if cfg.Help {
		fmt.Fprintf(stdout, "twinchaind version %s\n\n%s", node.Version, config.Usage())
		return 0
	}
	if cfg.Version {
		fmt.Fprintf(stdout, "twinchaind version %s\n", node.Version)
		return 0
	}
	if cfg.Daemon {
		return daemonize(args, cfg, stdout, stderr)
	}
	var console io.Writer
	if cfg.PrintToConsole {
		console = stdout
	}
	logs, err := logging.New(logging.Config{
		File: cfg.DebugLogFile, Console: console, Debug: cfg.Debug, DebugExclude: cfg.DebugExclude,
		Format: cfg.LogFormat,
	})
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	defer logs.Close()

	n, err := node.New(cfg, logs)
	if err != nil {
		reportReady(err)
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	if err := n.Start(ctx); err != nil {
		reportReady(err)
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	// A second signal during shutdown kills the process, as usual.
	go func() {
		select {
		case <-ctx.Done():
			stopSignals()
		case <-n.Done():
		}
	}()
	pidWritten := writePIDFile(cfg.PIDFile, stderr)
	fmt.Fprint(stdout, n.Banner())
	reportReady(nil)

	err = n.Wait()
	if pidWritten {
		os.Remove(cfg.PIDFile)
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: shutdown: %v\n", err)
		return 1
	}
	return 0
}

// writePIDFile writes the process id to path (-pid) as Core does; a failure
// is only reported.
func writePIDFile(path string, stderr io.Writer) bool {
	if path == "" {
		return false
	}
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		fmt.Fprintf(stderr, "Warning: Unable to create the PID file '%s': %v\n", path, err)
		return false
	}
	return true
}
