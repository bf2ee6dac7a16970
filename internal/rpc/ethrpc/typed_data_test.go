package ethrpc

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// mailTypedData is the example of the EIP-712 text.
const mailTypedData = `{
  "types": {
    "EIP712Domain": [
      {"name": "name", "type": "string"},
      {"name": "version", "type": "string"},
      {"name": "chainId", "type": "uint256"},
      {"name": "verifyingContract", "type": "address"}
    ],
    "Person": [
      {"name": "name", "type": "string"},
      {"name": "wallet", "type": "address"}
    ],
    "Mail": [
      {"name": "from", "type": "Person"},
      {"name": "to", "type": "Person"},
      {"name": "contents", "type": "string"}
    ]
  },
  "primaryType": "Mail",
  "domain": {
    "name": "Ether Mail",
    "version": "1",
    "chainId": 1,
    "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
  },
  "message": {
    "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
    "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
    "contents": "Hello, Bob!"
  }
}`

// TestTypedDataMail checks the EIP-712 example: encodeType, the domain
// separator, hashStruct(message), the digest and the signature by
// keccak256("cow") given in the EIP's reference test.
func TestTypedDataMail(t *testing.T) {
	td, err := decodeTypedData(json.RawMessage(mailTypedData))
	if err != nil {
		t.Fatal(err)
	}
	et, err := td.EncodeType("Mail")
	if err != nil || et != "Mail(Person from,Person to,string contents)Person(string name,address wallet)" {
		t.Fatalf("encodeType %q %v", et, err)
	}
	dom, err := td.HashStruct("EIP712Domain", td.Domain)
	if err != nil || hexHash(dom) != "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f" {
		t.Fatalf("domain %s %v", hexHash(dom), err)
	}
	msg, err := td.HashStruct("Mail", td.Message)
	if err != nil || hexHash(msg) != "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e" {
		t.Fatalf("message %s %v", hexHash(msg), err)
	}
	h, err := td.Hash()
	if err != nil || hexHash(h) != "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2" {
		t.Fatalf("digest %s %v", hexHash(h), err)
	}
	// Sign through the RPC with the EIP's key, keccak256("cow").
	e := newEnv(t)
	priv := crypto.Keccak256([]byte("cow"))
	addr := ethtypes.PubkeyToAddress(secp256k1.PrivKeyFromBytes(priv[:]).PubKey())
	if hexAddr(addr) != "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826" {
		t.Fatalf("cow address %s", hexAddr(addr))
	}
	e.svc.cfg.Accounts = append(e.svc.cfg.Accounts, Account{Address: addr, PrivateKey: priv})
	for _, param := range []json.RawMessage{json.RawMessage(mailTypedData), mustJSON(t, mailTypedData)} {
		res, err := e.svc.Call(context.Background(), "eth_signTypedData_v4", mustJSON(t, hexAddr(addr)), param)
		if err != nil {
			t.Fatal(err)
		}
		want := "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d" +
			"07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562" + "1c"
		if res != want {
			t.Fatalf("signature %v\nwant      %s", res, want)
		}
	}
}

func mustJSON(t testing.TB, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTypedDataValues covers arrays, fixed bytes, integers and errors.
func TestTypedDataValues(t *testing.T) {
	td := &TypedData{Types: map[string][]TypedField{
		"EIP712Domain": {},
		"T":            {{"a", "uint8[2]"}, {"b", "bytes4"}, {"c", "int8"}, {"d", "bytes"}, {"e", "bool"}},
	}, PrimaryType: "T"}
	good := map[string]any{"a": []any{json.Number("1"), "0x2"}, "b": "0x01020304", "c": json.Number("-1"), "d": "0x", "e": true}
	if _, err := td.HashStruct("T", good); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		mod  func(m map[string]any)
	}{
		{"array length", func(m map[string]any) { m["a"] = []any{json.Number("1")} }},
		{"uint8 overflow", func(m map[string]any) { m["a"] = []any{json.Number("256"), json.Number("1")} }},
		{"int8 underflow", func(m map[string]any) { m["c"] = json.Number("-129") }},
		{"bytes4 too long", func(m map[string]any) { m["b"] = "0x0102030405" }},
		{"bad bool", func(m map[string]any) { m["e"] = json.Number("1") }},
		{"not array", func(m map[string]any) { m["a"] = "x" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := map[string]any{}
			for k, v := range good {
				m[k] = v
			}
			c.mod(m)
			if _, err := td.HashStruct("T", m); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if _, err := decodeTypedData(json.RawMessage(`{"types":{}}`)); err == nil {
		t.Fatal("typed data without domain type accepted")
	}
}
