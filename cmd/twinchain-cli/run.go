package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// cli is one invocation: its streams and resolved settings.
type cli struct {
	stdin          *bufio.Reader
	stdout, stderr io.Writer
	opts           *options
	s              *settings
	c              *client
}

// run executes twinchain-cli with args (without the program name) and
// returns the exit status: 0 on success, the absolute RPC error code for a
// server error (as bitcoin-cli), 1 for anything else.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseOptions(args)
	if err != nil {
		fmt.Fprintf(stderr, "Error parsing command line arguments: %s\n", err)
		return 1
	}
	if len(args) == 0 || o.boolean("help") || o.boolean("h") || o.boolean("?") || o.isSet("version") {
		fmt.Fprint(stdout, usage(o.isSet("version")))
		if len(args) == 0 {
			fmt.Fprint(stderr, "Error: too few parameters\n")
			return 1
		}
		return 0
	}
	s, err := resolveSettings(o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	x := &cli{stdin: bufio.NewReader(stdin), stdout: stdout, stderr: stderr, opts: o, s: s}
	text, status := x.commandLineRPC()
	if status == 0 {
		printOut(stdout, text)
	} else {
		printOut(stderr, text)
	}
	return status
}

// readLine reads one line of standard input without its '\n'.
func (x *cli) readLine() (string, bool) {
	line, err := x.stdin.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", false
	}
	return strings.TrimSuffix(line, "\n"), true
}

// commandLineRPC is Core's CommandLineRPC: it gathers the arguments, picks
// the request handler and returns the text to print and the exit status.
func (x *cli) commandLineRPC() (string, int) {
	o := x.opts
	args := append([]string(nil), o.command...)
	if o.boolean("stdinrpcpass") {
		pass, ok := x.readLine()
		if !ok {
			return "error: -stdinrpcpass specified but failed to read from standard input", 1
		}
		x.s.password = pass
	}
	if o.boolean("stdinwalletpassphrase") {
		if len(args) < 1 || !strings.HasPrefix(args[0], "walletpassphrase") {
			return "error: -stdinwalletpassphrase is only applicable for walletpassphrase(change)", 1
		}
		pass, ok := x.readLine()
		if !ok {
			return "error: -stdinwalletpassphrase specified but failed to read from standard input", 1
		}
		args = append(args[:1], append([]string{pass}, args[1:]...)...)
	}
	if o.boolean("stdin") {
		for {
			line, ok := x.readLine()
			if !ok {
				break
			}
			args = append(args, line)
		}
	}
	x.c = newClient(x.s)
	ctx := context.Background()
	var wallet *string
	if x.s.walletSet {
		wallet = &x.s.wallet
	}

	switch {
	case o.isSet("getinfo"):
		return x.getinfo(ctx, args, wallet)
	case o.boolean("generate"):
		return x.generate(ctx, args, wallet)
	}
	if len(args) < 1 {
		return "error: too few parameters (need at least command)", 1
	}
	if args[0] == "eth" {
		return x.eth(ctx, args[1:])
	}
	method, rest := args[0], args[1:]
	var params any
	var err error
	if o.boolean("named") {
		params, err = convertNamed(method, rest)
	} else {
		params, err = convertPositional(method, rest)
	}
	if err != nil {
		return "error: " + err.Error(), 1
	}
	reply, err := x.c.call(ctx, method, params, wallet)
	if err != nil {
		return "error: " + err.Error(), 1
	}
	return x.printReply(reply)
}

// printReply returns a reply's result text or its error text and status.
func (x *cli) printReply(reply *rpcReply) (string, int) {
	if reply.hasError() {
		return formatError(reply.Error)
	}
	text, err := formatResult(reply.Result)
	if err != nil {
		return "error: couldn't parse reply from server", 1
	}
	return text, 0
}

// generate is -generate [nblocks] [maxtries]: getnewaddress, then
// generatetoaddress, printing {"address": ..., "blocks": [...]}.
func (x *cli) generate(ctx context.Context, args []string, wallet *string) (string, int) {
	addrReply, err := x.c.call(ctx, "getnewaddress", nil, wallet)
	if err != nil {
		return "error: " + err.Error(), 1
	}
	if addrReply.hasError() {
		return formatError(addrReply.Error)
	}
	var address string
	if err := json.Unmarshal(addrReply.Result, &address); err != nil {
		return "error: getnewaddress did not return an address", 1
	}
	if len(args) > 2 {
		return "error: too many arguments (maximum 2 for nblocks and maxtries)", 1
	}
	if len(args) == 0 {
		args = []string{defaultNBlocks}
	} else if args[0] == "0" {
		return "error: the first argument (number of blocks to generate, default: " + defaultNBlocks + ") must be an integer value greater than zero", 1
	}
	args = append([]string{args[0], address}, args[1:]...)
	params, err := convertPositional("generatetoaddress", args)
	if err != nil {
		return "error: " + err.Error(), 1
	}
	reply, err := x.c.call(ctx, "generatetoaddress", params, wallet)
	if err != nil {
		return "error: " + err.Error(), 1
	}
	if reply.hasError() {
		return formatError(reply.Error)
	}
	out := &namedParams{}
	out.set("address", jsonString(address))
	out.set("blocks", reply.Result)
	raw, _ := out.MarshalJSON()
	text, err := formatResult(raw)
	if err != nil {
		return "error: couldn't parse reply from server", 1
	}
	return text, 0
}

// usage is the -help (or -version) text.
func usage(versionOnly bool) string {
	var b strings.Builder
	b.WriteString("Twinchain RPC client version " + clientVersion + "\n")
	if versionOnly {
		return b.String()
	}
	b.WriteString("\nUsage:  twinchain-cli [options] <command> [params]  Send command to twinchaind\n" +
		"or:     twinchain-cli [options] -named <command> [name=value]...  Send command to twinchaind (with named arguments)\n" +
		"or:     twinchain-cli [options] help                List commands\n" +
		"or:     twinchain-cli [options] help <command>      Get help for a command\n\nOptions:\n\n")
	names := make([]string, 0, len(cliOptions))
	for n := range cliOptions {
		if n != "?" && n != "h" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		opt := cliOptions[n]
		head := "  -" + n
		if opt.arg != "" {
			head += "=" + opt.arg
		}
		b.WriteString(head + "\n")
		b.WriteString(wrap(opt.help, 7, 79) + "\n\n")
	}
	return b.String()
}

// wrap formats text as an indented paragraph of at most width columns.
func wrap(text string, indent, width int) string {
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	line := pad
	for _, w := range strings.Fields(text) {
		if len(line) > indent && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = pad
		}
		if len(line) > indent {
			line += " "
		}
		line += w
	}
	b.WriteString(line)
	return b.String()
}

// isTerminal reports whether f is a character device (for -color=auto).
func isTerminal(f io.Writer) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
