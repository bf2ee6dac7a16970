package btcrpc

import (
	"strings"
	"testing"
)

func TestDescriptorMethods(t *testing.T) {
	env := newTestEnv(t, nil, envOptions{})
	// Core's rpc_deriveaddresses.py descriptors.
	const desc = "wpkh(tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK/1/1/0)"
	info := unmarshal[descriptorInfo](t, env.mustCall(t, "getdescriptorinfo", desc))
	if !info.IsSolvable || info.IsRange || !info.HasPrivateKeys || len(info.Checksum) != 8 || strings.Contains(info.Descriptor, "tprv") {
		t.Fatalf("getdescriptorinfo %+v", info)
	}
	addrs := unmarshal[[]string](t, env.mustCall(t, "deriveaddresses", desc+"#"+info.Checksum))
	if len(addrs) != 1 || addrs[0] != "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5" {
		t.Fatalf("deriveaddresses %v", addrs)
	}
	ranged := strings.Replace(desc, "/1/1/0)", "/1/1/*)", 1)
	ri := unmarshal[descriptorInfo](t, env.mustCall(t, "getdescriptorinfo", ranged))
	got := unmarshal[[]string](t, env.mustCall(t, "deriveaddresses", ranged+"#"+ri.Checksum, []int{1, 2}))
	if len(got) != 2 {
		t.Fatalf("ranged %v", got)
	}
	if n := unmarshal[[]string](t, env.mustCall(t, "deriveaddresses", ranged+"#"+ri.Checksum, 2)); len(n) != 3 || n[1] != got[0] {
		t.Fatalf("range as end %v", n)
	}
	tests := []struct {
		name   string
		method string
		params []any
		code   int
		msg    string
	}{
		{"bad descriptor", "getdescriptorinfo", []any{"nope(x)"}, -5, ""},
		{"no checksum", "deriveaddresses", []any{desc}, -5, ""},
		{"range on unranged", "deriveaddresses", []any{desc + "#" + info.Checksum, 2}, -8, "Range should not be specified for an un-ranged descriptor"},
		{"missing range", "deriveaddresses", []any{ranged + "#" + ri.Checksum}, -8, "Range must be specified for a ranged descriptor"},
		{"reversed range", "deriveaddresses", []any{ranged + "#" + ri.Checksum, []int{2, 1}}, -8, "Range specified as [begin,end] must not have begin after end"},
		{"bad range type", "deriveaddresses", []any{ranged + "#" + ri.Checksum, "x"}, -8, "Range must be specified as end or as [begin,end]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, rerr := env.call(t, tc.method, tc.params...)
			wantCode(t, rerr, tc.code, tc.msg)
		})
	}
}
