//go:build unix

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"

	"github.com/twinchain/twinchain/internal/config"
)

// readyFDEnv names the environment variable that tells a daemon child which
// file descriptor reports its start-up result to the parent (-daemonwait).
const readyFDEnv = "TWINCHAIND_READY_FD"

// daemonize runs -daemon: a Go program cannot fork, so it starts itself again
// in a new session with the same arguments plus -nodaemon, stdin/stdout/stderr
// on /dev/null, and exits. With -daemonwait it first waits for the child to
// report that it started (or why it did not), as Core's -daemonwait does.
func daemonize(args []string, cfg *config.Config, stdout, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "Error: -daemon: %v\n", err)
		return 1
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintf(stderr, "Error: -daemon: %v\n", err)
		return 1
	}
	defer devnull.Close()
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintf(stderr, "Error: -daemon: %v\n", err)
		return 1
	}
	defer r.Close()
	cmd := exec.Command(exe, append(slices.Clone(args), "-nodaemon", "-nodaemonwait")...)
	cmd.Env = append(os.Environ(), readyFDEnv+"=3")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, devnull, devnull
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	w.Close()
	if err != nil {
		fmt.Fprintf(stderr, "Error: -daemon: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "twinchaind starting")
	if !cfg.DaemonWait {
		_ = cmd.Process.Release()
		return 0
	}
	line, _ := bufio.NewReader(r).ReadString('\n')
	line = strings.TrimSpace(line)
	if line == "ok" {
		_ = cmd.Process.Release()
		return 0
	}
	if line == "" {
		line = "the daemon exited during start-up; see debug.log"
	}
	fmt.Fprintf(stderr, "Error during initialization - check debug.log for details: %s\n", line)
	return 1
}

// reportReady tells a waiting -daemonwait parent how start-up went (nothing
// when this process is not a daemon child).
func reportReady(startErr error) {
	if os.Getenv(readyFDEnv) != "3" {
		return
	}
	f := os.NewFile(3, "ready")
	if f == nil {
		return
	}
	defer f.Close()
	if startErr != nil {
		fmt.Fprintln(f, strings.ReplaceAll(startErr.Error(), "\n", " "))
		return
	}
	fmt.Fprintln(f, "ok")
}
