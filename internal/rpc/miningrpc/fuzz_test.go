package miningrpc

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// FuzzParams feeds arbitrary positional parameters to every method that
// does not mine (so each run stays fast): no panic, and a failure is a
// *jsonrpc.Error.
func FuzzParams(f *testing.F) {
	for _, s := range []string{
		`[6]`, `[6,"conservative"]`, `[1009]`, `[-1]`, `[6, 0.5]`,
		`[{"rules":["segwit"]}]`, `[{"mode":"proposal","data":"00"}]`, `[{"mode":"proposal"}]`,
		`["00"]`, `["` + `0000000000000000000000000000000000000000000000000000000000000000` + `", 0, 5]`,
		`[120, -1]`, `[0]`, `[null, null]`, `[{"a":1}]`, `["zz"]`,
	} {
		f.Add(s)
	}
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, params string) {
		var pos []json.RawMessage
		if json.Unmarshal([]byte(params), &pos) != nil {
			return
		}
		for _, m := range e.svc.methods {
			switch m.name {
			case "generatetoaddress", "generatetodescriptor", "generateblock":
				continue
			case "getblocktemplate":
				// Long polling would wait.
				var req map[string]json.RawMessage
				if len(pos) > 0 && json.Unmarshal(pos[0], &req) == nil {
					if _, ok := req["longpollid"]; ok {
						continue
					}
				}
			}
			_, err := m.handler(context.Background(), &jsonrpc.Params{Positional: pos})
			if err != nil {
				if _, ok := err.(*jsonrpc.Error); !ok {
					t.Fatalf("%s%s: %T %v", m.name, params, err, err)
				}
			}
		}
	})
}
