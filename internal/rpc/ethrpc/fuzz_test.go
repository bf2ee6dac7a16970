package ethrpc

import (
	"encoding/json"
	"testing"
)

// FuzzTransactionArgs checks that the transaction-args decoder never
// panics and that what it accepts builds a message.
func FuzzTransactionArgs(f *testing.F) {
	for _, s := range []string{
		`{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","value":"0x1"}`,
		`{"to":"0x0000000000000000000000000000000000000001","data":"0x00","gas":"0x5208","gasPrice":"0x1"}`,
		`{"maxFeePerGas":"0x10","maxPriorityFeePerGas":"0x1","input":"0xabcd","accessList":[{"address":"0x0000000000000000000000000000000000000001","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000001"]}]}`,
		`{"data":"0x01","input":"0x02"}`, `[]`, `null`, `{"gas":"0x01"}`, `{"value":"0x` + "1" + `0000000000000000000000000000000000000000000000000000000000000000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := DecodeTransactionArgs(b)
		if err != nil {
			return
		}
		_ = a.toMessage(21000, nil)
		if a.Data != nil && a.Input != nil && string(*a.Data) != string(*a.Input) {
			t.Fatal("accepted differing data and input")
		}
	})
}

// FuzzBlockNumberOrHash checks the block parameter decoder: no panic, and
// a decoded number re-encodes to the same quantity.
func FuzzBlockNumberOrHash(f *testing.F) {
	for _, s := range []string{`"latest"`, `"pending"`, `"earliest"`, `"safe"`, `"finalized"`, `"0x0"`, `"0x1b4"`, `"0x01"`,
		`{"blockHash":"0x0000000000000000000000000000000000000000000000000000000000000001","requireCanonical":true}`,
		`{"blockNumber":"0x10"}`, `{}`, `12`, `"0xffffffffffffffff"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var bp BlockNumberOrHash
		if err := json.Unmarshal(b, &bp); err != nil {
			return
		}
		if bp.Hash == nil && bp.Number >= 0 {
			q := hexUint(uint64(bp.Number))
			back, err := parseBlockNumber(q)
			if err != nil || back != bp.Number {
				t.Fatalf("round trip %s: %v %v", q, back, err)
			}
		}
	})
}

// FuzzQuantity checks the quantity decoder against its encoder.
func FuzzQuantity(f *testing.F) {
	for _, s := range []string{"0x0", "0x1", "0xff", "0x", "0x00", "1", "0xfffffffffffffffff", "0xG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseQuantityString(s)
		if err != nil {
			return
		}
		if got := hexUint(v); got != s && "0x"+lower(s[2:]) != got {
			t.Fatalf("%q -> %d -> %q", s, v, got)
		}
		if _, err := parseU256String(s); err != nil {
			t.Fatalf("u256 rejects %q: %v", s, err)
		}
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'F' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// FuzzFilterCriteria checks the filter decoder: no panic, and accepted
// criteria respect the limits.
func FuzzFilterCriteria(f *testing.F) {
	for _, s := range []string{
		`{"fromBlock":"0x0","toBlock":"latest","address":"0x0000000000000000000000000000000000000001"}`,
		`{"address":["0x0000000000000000000000000000000000000001"],"topics":[null,["0x00000000000000000000000000000000000000000000000000000000000000aa",null]]}`,
		`{"blockHash":"0x0000000000000000000000000000000000000000000000000000000000000001"}`,
		`{"topics":[1]}`, `{"address":5}`, `[]`, `{"topics":[null,null,null,null,null]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fc FilterCriteria
		if err := json.Unmarshal(b, &fc); err != nil {
			return
		}
		if len(fc.Topics) > maxTopics || len(fc.Addresses) > maxFilterAlternatives {
			t.Fatalf("limits exceeded: %d topics, %d addresses", len(fc.Topics), len(fc.Addresses))
		}
		if fc.BlockHash != nil && (fc.FromBlock != nil || fc.ToBlock != nil) {
			t.Fatal("blockHash with a range accepted")
		}
	})
}

// FuzzTypedData checks that EIP-712 hashing of arbitrary input never
// panics.
func FuzzTypedData(f *testing.F) {
	f.Add([]byte(mailTypedData))
	f.Add([]byte(`{"types":{"EIP712Domain":[],"A":[{"name":"a","type":"A[]"}]},"primaryType":"A","domain":{},"message":{"a":[{"a":[]}]}}`))
	f.Add([]byte(`{"types":{"EIP712Domain":[{"name":"x","type":"int256"}]},"primaryType":"EIP712Domain","domain":{"x":"-0x1"},"message":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		td, err := decodeTypedData(b)
		if err != nil {
			return
		}
		_, _ = td.Hash()
	})
}
