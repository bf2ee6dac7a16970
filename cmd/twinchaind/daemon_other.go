//go:build !unix

package main

import (
	"fmt"
	"io"

	"github.com/twinchain/twinchain/internal/config"
)

// daemonize refuses -daemon where sessions (setsid) are not available.
func daemonize(_ []string, _ *config.Config, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "Error: -daemon is not supported on this operating system")
	return 1
}

func reportReady(error) {}
