package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestDecodeTxMatchesBitcoinTx feeds the hex of every bitcoin-tx -json
// output in Core's util test data to "btc decode tx" and requires Core's
// file byte for byte (bitcoin-tx also indents by 4).
func TestDecodeTxMatchesBitcoinTx(t *testing.T) {
	dir := testdata.Path(t, "bitcoin-core", "util")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "bitcoin-util-test.json" {
			continue
		}
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Hex string }
		if err := json.Unmarshal(want, &doc); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := runDecode([]string{"tx", doc.Hex}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", filepath.Base(f), code, stderr.String())
		}
		if stdout.String() != string(want) {
			t.Errorf("%s: output differs:\n%s", filepath.Base(f), stdout.String())
		}
		n++
	}
	if n != 24 {
		t.Errorf("%d files", n)
	}
}

func TestDecodeInputs(t *testing.T) {
	dir := testdata.Path(t, "bitcoin-core", "util")
	hexFile := filepath.Join(dir, "txcreatesignv1.hex")
	want, err := os.ReadFile(filepath.Join(dir, "txcreatesignv1.json"))
	if err != nil {
		t.Fatal(err)
	}
	hexText, err := os.ReadFile(hexFile)
	if err != nil {
		t.Fatal(err)
	}
	binFile := filepath.Join(t.TempDir(), "tx.bin")
	raw := mustUnhex(t, strings.TrimSpace(string(hexText)))
	if err := os.WriteFile(binFile, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
	}{
		{"hex file", []string{"tx", "@" + hexFile}, ""},
		{"binary file", []string{"tx", "@" + binFile}, ""},
		{"stdin hex", []string{"tx", "-"}, string(hexText)},
		{"stdin binary", []string{"tx", "@-"}, string(raw)},
		{"explicit main", []string{"-chain=main", "tx", strings.TrimSpace(string(hexText))}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runDecodeIO(tc.args, strings.NewReader(tc.stdin), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if stdout.String() != string(want) {
				t.Errorf("output differs:\n%s", stdout.String())
			}
		})
	}
}

func TestDecodeChainSelectsAddresses(t *testing.T) {
	// A P2WPKH output: bc1 on mainnet, bcrt1 on regtest, tb1 on testnets.
	const tx = "0200000000010000000000000000160014a2516e770582864a6a56ed21a102044e388c62e300000000"
	for chain, prefix := range map[string]string{"main": "bc1q", "regtest": "bcrt1q", "test": "tb1q", "testnet4": "tb1q", "signet": "tb1q"} {
		var stdout, stderr bytes.Buffer
		if code := runDecode([]string{"-chain=" + chain, "tx", tx}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", chain, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), `"address": "`+prefix) {
			t.Errorf("%s: no %s address in\n%s", chain, prefix, stdout.String())
		}
	}
}

func TestDecodeBlock413567(t *testing.T) {
	path := testdata.Path(t, "bitcoin-core", "block413567.raw")
	for _, verbosity := range []string{"1", "2"} {
		var stdout, stderr bytes.Buffer
		if code := runDecode([]string{"-verbosity=" + verbosity, "block", "@" + path}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "BIP34") {
			t.Errorf("no note about the coinbase height: %q", stderr.String())
		}
		var v struct {
			Hash   string            `json:"hash"`
			Height int64             `json:"height"`
			NTx    int               `json:"nTx"`
			Size   int               `json:"size"`
			Weight int               `json:"weight"`
			Tx     []json.RawMessage `json:"tx"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		if v.Hash != "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069" || v.Height != 413567 ||
			v.NTx != 1557 || len(v.Tx) != 1557 || v.Size != 999887 || v.Weight != 3999548 {
			t.Errorf("verbosity %s: %+v", verbosity, v)
		}
		if isObject := v.Tx[0][0] == '{'; isObject != (verbosity == "2") {
			t.Errorf("verbosity %s: tx[0] = %.40s", verbosity, v.Tx[0])
		}
	}
}

func TestDecodeRegtestSegwitBlock(t *testing.T) {
	raw, err := os.ReadFile(testdata.Path(t, "py-bitcoinkernel", "blocks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(raw))
	var stdout, stderr bytes.Buffer
	// Height 202 is the largest block, with segwit spends.
	if code := runDecodeIO([]string{"-chain=regtest", "block", "-"}, strings.NewReader(lines[201]+"\n"), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var v struct {
		Height       int64 `json:"height"`
		Size         int   `json:"size"`
		StrippedSize int   `json:"strippedsize"`
		Tx           []struct {
			TxID string `json:"txid"`
			Hash string `json:"hash"`
			Vout []struct {
				ScriptPubKey struct {
					Address string `json:"address"`
				} `json:"scriptPubKey"`
			} `json:"vout"`
		} `json:"tx"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Height != 202 || v.Size != len(lines[201])/2 || v.StrippedSize >= v.Size {
		t.Fatalf("height %d size %d stripped %d", v.Height, v.Size, v.StrippedSize)
	}
	witness, bcrt := 0, 0
	for _, tx := range v.Tx[1:] {
		if tx.Hash != tx.TxID {
			witness++
		}
		for _, o := range tx.Vout {
			if strings.HasPrefix(o.ScriptPubKey.Address, "bcrt1") {
				bcrt++
			}
		}
	}
	if witness == 0 || bcrt == 0 {
		t.Errorf("%d segwit txs, %d regtest addresses", witness, bcrt)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no args", nil, 2, "usage"},
		{"bad kind", []string{"header", "00"}, 2, "unknown kind"},
		{"bad chain", []string{"-chain=moon", "tx", "00"}, 2, "unknown network"},
		{"bad verbosity", []string{"-verbosity=3", "block", "00"}, 2, "verbosity"},
		{"bad flag", []string{"-x", "tx", "00"}, 2, ""},
		{"odd hex", []string{"tx", "abc"}, 1, "invalid hex"},
		{"not a tx", []string{"tx", "0200"}, 1, "TX decode failed"},
		{"not a block", []string{"block", "0200"}, 1, "Block decode failed"},
		{"missing file", []string{"tx", "@/nonexistent/file"}, 1, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runDecodeIO(tc.args, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
				t.Errorf("exit %d, stderr %q", code, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}

func mustUnhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
