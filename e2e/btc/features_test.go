package btc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestWalletAndChainRPCs drives more of issue 4's wallet, mempool and chain
// RPCs through twinchain-cli, one subtest each, so that a failure names the
// feature (and the exact command and error) without hiding the others.
func TestWalletAndChainRPCs(t *testing.T) {
	n := startNode(t)
	n.cli("createwallet", "w1")
	w1 := "-rpcwallet=w1"
	mine := n.cli(w1, "getnewaddress")
	n.cli("generatetoaddress", "110", mine)
	newAddr := func(t *testing.T, wallet string, kind ...string) string {
		args := append([]string{"-rpcwallet=" + wallet, "getnewaddress"}, kind...)
		return n.cliT(t, args...)
	}
	mempool := func(t *testing.T) []string {
		var m []string
		n.cliJSONT(t, &m, "getrawmempool")
		return m
	}

	t.Run("sendmany", func(t *testing.T) {
		a, b := newAddr(t, "w1"), newAddr(t, "w1")
		txid := n.cliT(t, w1, "sendmany", "", fmt.Sprintf(`{"%s":1,"%s":2.5}`, a, b))
		var tx struct {
			Details []struct {
				Address  string      `json:"address"`
				Category string      `json:"category"`
				Amount   json.Number `json:"amount"`
			} `json:"details"`
		}
		n.cliJSONT(t, &tx, w1, "gettransaction", txid)
		var sends int
		for _, d := range tx.Details {
			if d.Category == "send" && (d.Address == a && amount(t, d.Amount.String()) == -1e8 || d.Address == b && amount(t, d.Amount.String()) == -2.5e8) {
				sends++
			}
		}
		if sends != 2 {
			t.Errorf("gettransaction of the sendmany: details %+v, want sends of 1 and 2.5", tx.Details)
		}
	})

	t.Run("bumpfee", func(t *testing.T) {
		txid := n.cliT(t, w1, "sendtoaddress", newAddr(t, "w1"), "1")
		var bumped struct {
			TxID    string      `json:"txid"`
			OrigFee json.Number `json:"origfee"`
			Fee     json.Number `json:"fee"`
		}
		n.cliJSONT(t, &bumped, w1, "bumpfee", txid)
		if !hashRE.MatchString(bumped.TxID) || amount(t, bumped.Fee.String()) <= amount(t, bumped.OrigFee.String()) {
			t.Fatalf("bumpfee = %+v, want a new txid and a higher fee", bumped)
		}
		m := mempool(t)
		if !slices.Contains(m, bumped.TxID) || slices.Contains(m, txid) {
			t.Errorf("after bumpfee the mempool %v should hold %s and not %s", m, bumped.TxID, txid)
		}
	})

	t.Run("listsinceblock", func(t *testing.T) {
		since := n.cliT(t, "getbestblockhash")
		txid := n.cliT(t, w1, "sendtoaddress", newAddr(t, "w1"), "0.5")
		best := n.cliT(t, "generatetoaddress", "1", mine)
		var res struct {
			Transactions []struct {
				TxID string `json:"txid"`
			} `json:"transactions"`
			LastBlock string `json:"lastblock"`
		}
		n.cliJSONT(t, &res, w1, "listsinceblock", since)
		found := false
		for _, tx := range res.Transactions {
			found = found || tx.TxID == txid
		}
		if !found || !strings.Contains(best, res.LastBlock) {
			t.Errorf("listsinceblock %s: found %v, lastblock %s; want %s listed and the new tip", since, found, res.LastBlock, txid)
		}
	})

	t.Run("lockunspent", func(t *testing.T) {
		var unspent []struct {
			TxID string      `json:"txid"`
			Vout json.Number `json:"vout"`
		}
		n.cliJSONT(t, &unspent, w1, "listunspent")
		if len(unspent) == 0 {
			t.Fatal("listunspent is empty")
		}
		coin := fmt.Sprintf(`[{"txid":"%s","vout":%s}]`, unspent[0].TxID, unspent[0].Vout)
		if got := n.cliT(t, w1, "lockunspent", "false", coin); got != "true" {
			t.Fatalf("lockunspent false = %s", got)
		}
		var locked []struct {
			TxID string `json:"txid"`
		}
		n.cliJSONT(t, &locked, w1, "listlockunspent")
		if len(locked) != 1 || locked[0].TxID != unspent[0].TxID {
			t.Errorf("listlockunspent = %+v", locked)
		}
		if got := n.cliT(t, w1, "lockunspent", "true", coin); got != "true" {
			t.Errorf("lockunspent true = %s", got)
		}
	})

	t.Run("descriptors", func(t *testing.T) {
		var list struct {
			Descriptors []struct {
				Desc   string `json:"desc"`
				Active bool   `json:"active"`
			} `json:"descriptors"`
		}
		n.cliJSONT(t, &list, w1, "listdescriptors")
		var kinds []string
		for _, d := range list.Descriptors {
			kind, _, _ := strings.Cut(d.Desc, "(")
			kinds = append(kinds, kind)
		}
		for _, want := range []string{"pkh", "sh", "wpkh", "tr"} {
			if !slices.Contains(kinds, want) {
				t.Errorf("listdescriptors kinds %v, missing %s", kinds, want)
			}
		}
		addr := newAddr(t, "w1")
		var info struct {
			Desc     string `json:"desc"`
			IsMine   bool   `json:"ismine"`
			Solvable bool   `json:"solvable"`
		}
		n.cliJSONT(t, &info, w1, "getaddressinfo", addr)
		if !info.IsMine || !strings.HasPrefix(info.Desc, "wpkh([") {
			t.Fatalf("getaddressinfo %s = %+v", addr, info)
		}
		var derived []string
		n.cliJSONT(t, &derived, "deriveaddresses", info.Desc)
		if len(derived) != 1 || derived[0] != addr {
			t.Errorf("deriveaddresses %s = %v, want [%s]", info.Desc, derived, addr)
		}
		var di struct {
			Descriptor string `json:"descriptor"`
			Checksum   string `json:"checksum"`
			IsRange    bool   `json:"isrange"`
		}
		n.cliJSONT(t, &di, "getdescriptorinfo", "addr("+addr+")")
		if di.Descriptor != "addr("+addr+")#"+di.Checksum || len(di.Checksum) != 8 || di.IsRange {
			t.Errorf("getdescriptorinfo addr(%s) = %+v", addr, di)
		}
	})

	t.Run("importdescriptors watch-only", func(t *testing.T) {
		addr := newAddr(t, "w1")
		txid := n.cliT(t, w1, "sendtoaddress", addr, "3")
		n.cliT(t, "generatetoaddress", "1", mine)
		n.cliT(t, "-named", "createwallet", "wallet_name=watch", "disable_private_keys=true")
		var di struct {
			Descriptor string `json:"descriptor"`
		}
		n.cliJSONT(t, &di, "getdescriptorinfo", "addr("+addr+")")
		var res []struct {
			Success bool `json:"success"`
		}
		n.cliJSONT(t, &res, "-rpcwallet=watch", "importdescriptors", fmt.Sprintf(`[{"desc":"%s","timestamp":0}]`, di.Descriptor))
		if len(res) != 1 || !res[0].Success {
			t.Fatalf("importdescriptors = %+v", res)
		}
		var unspent []struct {
			TxID   string      `json:"txid"`
			Amount json.Number `json:"amount"`
		}
		n.cliJSONT(t, &unspent, "-rpcwallet=watch", "listunspent")
		if len(unspent) != 1 || unspent[0].TxID != txid || amount(t, unspent[0].Amount.String()) != 3e8 {
			t.Errorf("listunspent of the watch-only wallet after importdescriptors with rescan = %+v, want the 3 BTC coin of %s", unspent, txid)
		}
	})

	t.Run("validateaddress", func(t *testing.T) {
		addr := newAddr(t, "w1", "", "bech32m")
		var v struct {
			IsValid   bool   `json:"isvalid"`
			Address   string `json:"address"`
			IsWitness bool   `json:"iswitness"`
			Version   int    `json:"witness_version"`
		}
		n.cliJSONT(t, &v, "validateaddress", addr)
		if !v.IsValid || v.Address != addr || !v.IsWitness || v.Version != 1 {
			t.Errorf("validateaddress %s = %+v", addr, v)
		}
		n.cliJSONT(t, &v, "validateaddress", "bcrt1qnotanaddress")
		if v.IsValid {
			t.Errorf("validateaddress of garbage says valid")
		}
	})

	t.Run("signmessage", func(t *testing.T) {
		addr := newAddr(t, "w1", "", "legacy")
		sig := n.cliT(t, w1, "signmessage", addr, "twinchain")
		if got := n.cliT(t, "verifymessage", addr, sig, "twinchain"); got != "true" {
			t.Errorf("verifymessage of our signature = %s", got)
		}
		if got := n.cliT(t, "verifymessage", addr, sig, "other"); got != "false" {
			t.Errorf("verifymessage of another message = %s", got)
		}
	})

	t.Run("encryption", func(t *testing.T) {
		n.cliT(t, "createwallet", "vault")
		vault := "-rpcwallet=vault"
		n.cliT(t, w1, "sendtoaddress", newAddr(t, "vault"), "5")
		n.cliT(t, "generatetoaddress", "1", mine)
		n.cliT(t, vault, "encryptwallet", "correct horse")
		dest := newAddr(t, "w1")
		_, errOut, status := n.cliRun(vault, "sendtoaddress", dest, "1")
		if status != 13 {
			t.Errorf("sendtoaddress from a locked wallet: exit %d, %q; want -13", status, errOut)
		}
		_, errOut, status = n.cliRunStdin("wrong\n", vault, "-stdinwalletpassphrase", "walletpassphrase", "60")
		if status != 14 {
			t.Errorf("walletpassphrase with a wrong passphrase: exit %d, %q; want -14", status, errOut)
		}
		if _, errOut, status = n.cliRunStdin("correct horse\n", vault, "-stdinwalletpassphrase", "walletpassphrase", "60"); status != 0 {
			t.Fatalf("walletpassphrase (from stdin): exit %d, %q", status, errOut)
		}
		if txid := n.cliT(t, vault, "sendtoaddress", dest, "1"); !hashRE.MatchString(txid) {
			t.Errorf("sendtoaddress from the unlocked wallet printed %q", txid)
		}
		n.cliT(t, vault, "walletlock")
		if _, errOut, status = n.cliRun(vault, "sendtoaddress", dest, "1"); status != 13 {
			t.Errorf("sendtoaddress after walletlock: exit %d, %q; want -13", status, errOut)
		}
	})

	t.Run("mempool RPCs", func(t *testing.T) {
		txid := n.cliT(t, w1, "sendtoaddress", newAddr(t, "w1"), "0.1")
		var entry struct {
			VSize json.Number `json:"vsize"`
			Fees  struct {
				Base json.Number `json:"base"`
			} `json:"fees"`
		}
		n.cliJSONT(t, &entry, "getmempoolentry", txid)
		if entry.VSize.String() == "" || entry.VSize.String() == "0" || amount(t, entry.Fees.Base.String()) <= 0 {
			t.Errorf("getmempoolentry = %+v", entry)
		}
		var info struct {
			Size json.Number `json:"size"`
		}
		n.cliJSONT(t, &info, "getmempoolinfo")
		if info.Size.String() == "0" {
			t.Errorf("getmempoolinfo size 0 with %s in the mempool", txid)
		}
		var wtx struct {
			Hex string `json:"hex"`
		}
		n.cliJSONT(t, &wtx, w1, "gettransaction", txid)
		var accept []map[string]any
		n.cliJSONT(t, &accept, "testmempoolaccept", `["`+wtx.Hex+`"]`)
		if len(accept) != 1 || accept[0]["allowed"] != false || accept[0]["reject-reason"] != "txn-already-in-mempool" {
			t.Errorf("testmempoolaccept of a mempool transaction = %v, want txn-already-in-mempool", accept)
		}
		_, errOut, status := n.cliRun("sendrawtransaction", "00")
		if status != 22 {
			t.Errorf("sendrawtransaction 00: exit %d, %q; want -22 (TX decode failed)", status, errOut)
		}
	})

	t.Run("chain RPCs", func(t *testing.T) {
		height := atoiT(t, n.cliT(t, "getblockcount"))
		best := n.cliT(t, "getbestblockhash")
		var tips []struct {
			Height    json.Number `json:"height"`
			Hash      string      `json:"hash"`
			BranchLen json.Number `json:"branchlen"`
			Status    string      `json:"status"`
		}
		n.cliJSONT(t, &tips, "getchaintips")
		if len(tips) < 1 || tips[0].Hash != best || tips[0].Status != "active" {
			t.Errorf("getchaintips = %+v", tips)
		}
		var stats struct {
			Height json.Number `json:"height"`
			Txs    json.Number `json:"txs"`
		}
		n.cliJSONT(t, &stats, "getblockstats", strconv.Itoa(height))
		if stats.Height.String() != strconv.Itoa(height) {
			t.Errorf("getblockstats %d = %+v", height, stats)
		}
		var utxo struct {
			Height json.Number `json:"height"`
			TxOuts json.Number `json:"txouts"`
		}
		n.cliJSONT(t, &utxo, "gettxoutsetinfo")
		if utxo.Height.String() != strconv.Itoa(height) || utxo.TxOuts.String() == "0" {
			t.Errorf("gettxoutsetinfo = %+v", utxo)
		}
		var txstats struct {
			TxCount json.Number `json:"txcount"`
		}
		n.cliJSONT(t, &txstats, "getchaintxstats")
		if txstats.TxCount.String() == "" {
			t.Errorf("getchaintxstats has no txcount")
		}
		n.cliT(t, "invalidateblock", best)
		if got := atoiT(t, n.cliT(t, "getblockcount")); got != height-1 {
			t.Errorf("getblockcount after invalidateblock = %d, want %d", got, height-1)
		}
		n.cliT(t, "reconsiderblock", best)
		if got := n.cliT(t, "getbestblockhash"); got != best {
			t.Errorf("getbestblockhash after reconsiderblock = %s, want %s", got, best)
		}
		coinbase := func() string {
			var blk struct {
				Tx []string `json:"tx"`
			}
			n.cliJSONT(t, &blk, "getblock", best)
			return blk.Tx[0]
		}()
		var out struct {
			Value         json.Number `json:"value"`
			Confirmations json.Number `json:"confirmations"`
		}
		n.cliJSONT(t, &out, "gettxout", coinbase, "0")
		if out.Confirmations.String() != "1" || amount(t, out.Value.String()) <= 0 {
			t.Errorf("gettxout of the tip's coinbase = %+v", out)
		}
		if got := n.cliT(t, "gettxout", strings.Repeat("0", 64), "0"); got != "" {
			t.Errorf("gettxout of a missing coin printed %q, want nothing (null)", got)
		}
	})

	t.Run("mining RPCs", func(t *testing.T) {
		var info struct {
			Blocks json.Number `json:"blocks"`
			Chain  string      `json:"chain"`
		}
		n.cliJSONT(t, &info, "getmininginfo")
		if info.Chain != "regtest" {
			t.Errorf("getmininginfo = %+v", info)
		}
		var tmpl struct {
			Height       json.Number       `json:"height"`
			Transactions []json.RawMessage `json:"transactions"`
		}
		n.cliJSONT(t, &tmpl, "getblocktemplate", `{"rules":["segwit"]}`)
		if tmpl.Height.String() != strconv.Itoa(atoiT(t, n.cliT(t, "getblockcount"))+1) {
			t.Errorf("getblocktemplate height %s", tmpl.Height)
		}
		var gen struct {
			Hash string `json:"hash"`
		}
		n.cliJSONT(t, &gen, "generateblock", mine, "[]")
		if gen.Hash != n.cliT(t, "getbestblockhash") {
			t.Errorf("generateblock = %+v, not the new tip", gen)
		}
		var desc []string
		var di struct {
			Descriptor string `json:"descriptor"`
		}
		n.cliJSONT(t, &di, "getdescriptorinfo", "addr("+mine+")")
		n.cliJSONT(t, &desc, "generatetodescriptor", "1", di.Descriptor)
		if len(desc) != 1 || desc[0] != n.cliT(t, "getbestblockhash") {
			t.Errorf("generatetodescriptor = %v", desc)
		}
	})
}
