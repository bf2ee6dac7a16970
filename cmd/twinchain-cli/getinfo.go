package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The ids of the -getinfo batch, as Core numbers them.
const (
	idNetworkInfo = iota
	idBlockchainInfo
	idWalletInfo
	idBalances
)

// jsonObj is a decoded JSON object whose members stay raw.
type jsonObj map[string]json.RawMessage

func decodeObj(raw json.RawMessage) jsonObj {
	var o jsonObj
	_ = json.Unmarshal(raw, &o)
	return o
}

// valStr is UniValue's getValStr: a string's text, a number's digits as
// written, "true"/"false", and "" for null, missing, arrays and objects.
func (o jsonObj) valStr(key string) string {
	return valStr(o[key])
}

func valStr(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}

func (o jsonObj) has(key string) bool {
	v, ok := o[key]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

// getinfo is -getinfo: getnetworkinfo, getblockchaininfo, getwalletinfo and
// getbalances in one batch (the wallet calls may fail without a wallet),
// plus the balance of every loaded wallet when several are loaded and
// -rpcwallet is not given; printed in Core's human-readable layout.
func (x *cli) getinfo(ctx context.Context, args []string, wallet *string) (string, int) {
	if len(args) > 0 {
		return "error: -getinfo takes no arguments", 1
	}
	empty := []json.RawMessage{}
	reqs := []rpcRequest{
		{Method: "getnetworkinfo", Params: empty, ID: idNetworkInfo},
		{Method: "getblockchaininfo", Params: empty, ID: idBlockchainInfo},
		{Method: "getwalletinfo", Params: empty, ID: idWalletInfo},
		{Method: "getbalances", Params: empty, ID: idBalances},
	}
	var batch []*rpcReply
	_, err := x.c.withWait(func() (*rpcReply, error) {
		var err error
		batch, err = x.c.batchOnce(ctx, reqs, wallet)
		if err != nil {
			return nil, err
		}
		return batch[idBlockchainInfo], nil
	})
	if err != nil {
		return "error: " + err.Error(), 1
	}
	for _, id := range []int{idNetworkInfo, idBlockchainInfo} {
		if batch[id].hasError() {
			return formatError(batch[id].Error)
		}
	}
	net := decodeObj(batch[idNetworkInfo].Result)
	chain := decodeObj(batch[idBlockchainInfo].Result)

	color := x.opts.set["color"]
	colorize := isTerminal(x.stdout)
	switch color {
	case "", "auto":
	case "always":
		colorize = true
	case "never":
		colorize = false
	default:
		return "error: Invalid value for -color option. Valid values: always, auto, never.", 1
	}
	var reset, green, blue, yellow, magenta, cyan string
	if colorize {
		reset, green, blue, yellow, magenta, cyan = "\x1b[0m", "\x1b[32m", "\x1b[34m", "\x1b[33m", "\x1b[35m", "\x1b[36m"
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%sChain: %s%s\n", blue, chain.valStr("chain"), reset)
	fmt.Fprintf(&b, "Blocks: %s\n", chain.valStr("blocks"))
	fmt.Fprintf(&b, "Headers: %s\n", chain.valStr("headers"))
	progress, _ := strconv.ParseFloat(chain.valStr("verificationprogress"), 64)
	bar := ""
	if progress < 0.99 {
		bar = progressBar(progress) + " "
	}
	fmt.Fprintf(&b, "Verification progress: %s%.4f%%\n", bar, progress*100)
	fmt.Fprintf(&b, "Difficulty: %s\n\n", chain.valStr("difficulty"))

	fmt.Fprintf(&b, "%sNetwork: in %s, out %s, total %s%s\n", green,
		net.valStr("connections_in"), net.valStr("connections_out"), net.valStr("connections"), reset)
	fmt.Fprintf(&b, "Version: %s\n", net.valStr("version"))
	fmt.Fprintf(&b, "Time offset (s): %s\n", net.valStr("timeoffset"))
	fmt.Fprintf(&b, "Proxies: %s\n", proxies(net["networks"]))
	fmt.Fprintf(&b, "Min tx relay fee rate (BTC/kvB): %s\n\n", net.valStr("relayfee"))

	if !batch[idWalletInfo].hasError() && len(bytes.TrimSpace(batch[idWalletInfo].Result)) > 0 && string(batch[idWalletInfo].Result) != "null" {
		w := decodeObj(batch[idWalletInfo].Result)
		name := w.valStr("walletname")
		if name == "" {
			name = `""`
		}
		fmt.Fprintf(&b, "%sWallet: %s%s\n", magenta, name, reset)
		fmt.Fprintf(&b, "Keypool size: %s\n", w.valStr("keypoolsize"))
		if w.has("unlocked_until") {
			fmt.Fprintf(&b, "Unlocked until: %s\n", w.valStr("unlocked_until"))
		}
		fmt.Fprintf(&b, "Transaction fee rate (-paytxfee) (BTC/kvB): %s\n\n", w.valStr("paytxfee"))
	}
	if !batch[idBalances].hasError() {
		bal := decodeObj(batch[idBalances].Result)
		if mine := decodeObj(bal["mine"]); mine.has("trusted") {
			fmt.Fprintf(&b, "%sBalance:%s %s\n\n", cyan, reset, mine.valStr("trusted"))
		}
	}
	if wallet == nil {
		if names, balances := x.walletBalances(ctx); len(names) > 1 {
			fmt.Fprintf(&b, "%sBalances%s\n", cyan, reset)
			width := 10
			for _, v := range balances {
				width = max(width, len(v))
			}
			for i, n := range names {
				if n == "" {
					n = `""`
				}
				fmt.Fprintf(&b, "%*s %s\n", width, balances[i], n)
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "%sWarnings:%s %s", yellow, reset, warnings(net["warnings"]))
	return b.String(), 0
}

// walletBalances lists the loaded wallets and their trusted balances.
func (x *cli) walletBalances(ctx context.Context) ([]string, []string) {
	reply, err := x.c.callOnce(ctx, "listwallets", nil, nil)
	if err != nil || reply.hasError() {
		return nil, nil
	}
	var names []string
	if json.Unmarshal(reply.Result, &names) != nil || len(names) <= 1 {
		return nil, nil
	}
	balances := make([]string, len(names))
	for i := range names {
		r, err := x.c.callOnce(ctx, "getbalances", nil, &names[i])
		if err != nil || r.hasError() {
			continue
		}
		balances[i] = decodeObj(decodeObj(r.Result)["mine"]).valStr("trusted")
	}
	return names, balances
}

// progressBar draws Core's 5%-step bar for the verification progress.
func progressBar(progress float64) string {
	if progress < 0 || progress > 1 {
		return ""
	}
	var b strings.Builder
	for i := 0; float64(i) < progress/0.05; i++ {
		b.WriteString("\u2592")
	}
	for i := 0; float64(i) < (1-progress)/0.05; i++ {
		b.WriteString("\u2591")
	}
	return b.String()
}

// proxies formats getnetworkinfo's networks as "proxy (net, net), ..." or
// "n/a".
func proxies(raw json.RawMessage) string {
	var nets []jsonObj
	_ = json.Unmarshal(raw, &nets)
	var order []string
	byProxy := map[string][]string{}
	for _, n := range nets {
		p := n.valStr("proxy")
		if p == "" {
			continue
		}
		if _, ok := byProxy[p]; !ok {
			order = append(order, p)
		}
		byProxy[p] = append(byProxy[p], n.valStr("name"))
	}
	if len(order) == 0 {
		return "n/a"
	}
	parts := make([]string, len(order))
	for i, p := range order {
		parts[i] = fmt.Sprintf("%s (%s)", p, strings.Join(byProxy[p], ", "))
	}
	return strings.Join(parts, ", ")
}

// warnings formats getnetworkinfo's warnings (a string, or Core 28's
// array) or "(none)".
func warnings(raw json.RawMessage) string {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		switch len(list) {
		case 0:
			return "(none)"
		case 1:
			return list[0]
		}
		return "\n(" + strings.Join(list, ")\n(") + ")"
	}
	if s := valStr(raw); s != "" {
		return s
	}
	return "(none)"
}
