package main

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

const decodeUsage = `usage: twinchain-tool btc decode [-chain=NAME] [-verbosity=N] tx|block HEX|@FILE|-

Prints a transaction as bitcoind's decoderawtransaction does (plus "hex", as
bitcoin-tx -json prints it) or a block as getblock does at verbosity 2 (1:
txids only), as JSON indented by 4 spaces.

  HEX     the serialization in hex
  @FILE   a file holding the raw bytes or their hex (detected automatically)
  -, @-   the same, read from standard input

Flags:
  -chain=NAME      network for addresses: main (default), test, testnet4,
                   signet or regtest
  -verbosity=N     block detail: 1 (txids) or 2 (decoded transactions, default)

Without a chain, a block's "height" is the BIP34 height its coinbase claims
(printed only for version >= 2 blocks that carry one), and confirmations,
mediantime, chainwork and nextblockhash are left out.
`

// runDecode implements "twinchain-tool btc decode"; args are the arguments
// after "decode".
func runDecode(args []string, stdout, stderr io.Writer) int {
	return runDecodeIO(args, os.Stdin, stdout, stderr)
}

func runDecodeIO(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("btc decode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, decodeUsage) }
	chain := fs.String("chain", chaincfg.NameMain, "network for addresses")
	verbosity := fs.Int("verbosity", btcjson.VerbosityTxs, "block verbosity (1 or 2)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	kind, src := fs.Arg(0), fs.Arg(1)
	if kind != "tx" && kind != "block" {
		fmt.Fprintf(stderr, "btc decode: unknown kind %q (want tx or block)\n\n%s", kind, decodeUsage)
		return 2
	}
	if *verbosity != btcjson.VerbosityTxIDs && *verbosity != btcjson.VerbosityTxs {
		fmt.Fprintf(stderr, "btc decode: -verbosity must be 1 or 2\n")
		return 2
	}
	params, err := chaincfg.ByName(*chain)
	if err != nil {
		fmt.Fprintf(stderr, "btc decode: %v\n", err)
		return 2
	}
	raw, err := readDecodeInput(src, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "btc decode: %v\n", err)
		return 1
	}

	var view any
	switch kind {
	case "tx":
		tx, err := btcjson.DecodeRawTx(raw, true, true)
		if err != nil {
			fmt.Fprintf(stderr, "btc decode: %v\n", err)
			return 1
		}
		view = btcjson.NewTxView(tx, params, &btcjson.TxOptions{IncludeHex: true})
	case "block":
		blk, err := primitives.DecodeBlock(raw)
		if err != nil {
			fmt.Fprintf(stderr, "btc decode: Block decode failed: %v\n", err)
			return 1
		}
		ctx := &btcjson.BlockContext{}
		if h, ok := btcjson.CoinbaseHeight(blk); ok {
			// Offline there is no chain: the height is what the
			// coinbase claims, and we say so.
			ctx.Height = &h
			fmt.Fprintln(stderr, `btc decode: note: "height" is the BIP34 height the coinbase claims (no chain context)`)
		}
		view = btcjson.NewBlockView(blk, params, *verbosity, ctx)
	}
	out, err := btcjson.MarshalIndent(view, 4)
	if err != nil {
		fmt.Fprintf(stderr, "btc decode: %v\n", err)
		return 1
	}
	out = append(out, '\n')
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "btc decode: %v\n", err)
		return 1
	}
	return 0
}

// readDecodeInput returns the bytes named by src: hex text, or "@FILE",
// "-" or "@-" for a file or standard input holding raw bytes or hex.
func readDecodeInput(src string, stdin io.Reader) ([]byte, error) {
	var data []byte
	var err error
	switch {
	case src == "-" || src == "@-":
		data, err = io.ReadAll(stdin)
	case strings.HasPrefix(src, "@"):
		data, err = os.ReadFile(src[1:])
	default:
		return btcjson.DecodeHex(strings.TrimSpace(src))
	}
	if err != nil {
		return nil, err
	}
	if text := bytes.TrimSpace(data); isHexText(text) {
		out := make([]byte, len(text)/2)
		if _, err := hex.Decode(out, text); err == nil {
			return out, nil
		}
	}
	return data, nil
}

// isHexText reports whether b is a non-empty, even-length run of hex
// digits: such input is taken as hex rather than raw bytes (a serialized
// transaction or block is never all ASCII hex digits in practice, as its
// version and counts include other bytes).
func isHexText(b []byte) bool {
	if len(b) == 0 || len(b)%2 != 0 {
		return false
	}
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
