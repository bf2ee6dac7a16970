package walletrpc

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// signerVector is one case of the "signer" list of Core's rpc_psbt.json.
type signerVector struct {
	PrivKeys []string `json:"privkeys"`
	PSBT     string   `json:"psbt"`
	Result   string   `json:"result"`
}

// TestPSBTSignerVectors runs the signer cases of Core's rpc_psbt.json
// through the wallet RPCs the way Core's rpc_psbt.py does: a fresh wallet
// per case, importprivkey for each of the case's keys, then
// walletprocesspsbt(psbt, true, "ALL") with the default bip32derivs=true
// and finalize=true; the returned PSBT must equal the case's result byte
// for byte. Each case runs in a default wallet (Core's createwallet call,
// which has its own HD descriptors) and in a blank one.
func TestPSBTSignerVectors(t *testing.T) {
	b, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_psbt.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Signer []signerVector `json:"signer"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Signer) == 0 {
		t.Fatal("no signer vectors")
	}
	r := newRPCTest(t)
	passed := 0
	for i, c := range v.Signer {
		for _, blank := range []bool{false, true} {
			name := fmt.Sprintf("wallet%d", i)
			if blank {
				name += "blank"
			}
			t.Run(name, func(t *testing.T) {
				r.t = t
				// createwallet wallet_name disable_private_keys blank
				r.ok("", "createwallet", nil, name, false, blank)
				for _, k := range c.PrivKeys {
					r.ok(name, "importprivkey", nil, k)
				}
				var res struct {
					PSBT     string `json:"psbt"`
					Complete bool   `json:"complete"`
					Hex      string `json:"hex"`
				}
				r.ok(name, "walletprocesspsbt", &res, c.PSBT, true, "ALL")
				if res.PSBT != c.Result {
					t.Errorf("signer %d:\n got %s\nwant %s", i, res.PSBT, c.Result)
					return
				}
				if res.Complete || res.Hex != "" {
					t.Errorf("signer %d: complete=%v hex=%q for a half-signed 2-of-2", i, res.Complete, res.Hex)
					return
				}
				r.ok("", "unloadwallet", nil, name)
				if !blank {
					passed++
				}
			})
			r.t = t
		}
	}
	t.Logf("rpc_psbt.json signer cases through walletprocesspsbt: %d/%d passed", passed, len(v.Signer))
}
