package psbt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// coreVectors is test/functional/data/rpc_psbt.json from Bitcoin Core.
type coreVectors struct {
	Invalid        []string    `json:"invalid"`
	InvalidWithMsg [][2]string `json:"invalid_with_msg"`
	Valid          []string    `json:"valid"`
	Creator        []struct {
		Inputs []struct {
			TxID string `json:"txid"`
			Vout uint32 `json:"vout"`
		} `json:"inputs"`
		Outputs []map[string]json.Number `json:"outputs"`
		Result  string                   `json:"result"`
	} `json:"creator"`
	Signer []struct {
		PrivKeys []string `json:"privkeys"`
		PSBT     string   `json:"psbt"`
		Result   string   `json:"result"`
	} `json:"signer"`
	Combiner []struct {
		Combine []string `json:"combine"`
		Result  string   `json:"result"`
	} `json:"combiner"`
	Finalizer []struct {
		Finalize string `json:"finalize"`
		Result   string `json:"result"`
	} `json:"finalizer"`
	Extractor []struct {
		Extract string `json:"extract"`
		Result  string `json:"result"`
	} `json:"extractor"`
}

func loadVectors(tb testing.TB) *coreVectors {
	tb.Helper()
	raw, err := os.ReadFile(testdata.Path(tb, "bitcoin-core", "rpc_psbt.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var v coreVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		tb.Fatal(err)
	}
	return &v
}

func TestCoreVectorsInvalid(t *testing.T) {
	v := loadVectors(t)
	for i, s := range v.Invalid {
		if p, err := DecodeBase64(s); err == nil {
			t.Errorf("invalid[%d]: decoded, want error: %s", i, p.Base64())
		}
	}
	for i, c := range v.InvalidWithMsg {
		_, err := DecodeBase64(c[0])
		if err == nil {
			t.Errorf("invalid_with_msg[%d]: decoded, want %q", i, c[1])
			continue
		}
		if !strings.Contains(err.Error(), c[1]) {
			t.Errorf("invalid_with_msg[%d]: error %q, want %q", i, err, c[1])
		}
	}
	t.Logf("invalid: %d, invalid_with_msg: %d", len(v.Invalid), len(v.InvalidWithMsg))
}

func TestCoreVectorsValid(t *testing.T) {
	v := loadVectors(t)
	exact, normalized := 0, 0
	for i, s := range v.Valid {
		p, err := DecodeBase64(s)
		if err != nil {
			t.Errorf("valid[%d]: %v", i, err)
			continue
		}
		got := p.Base64()
		if got == s {
			exact++
			continue
		}
		// Core itself re-encodes these differently: it writes
		// non_witness_utxo without witnesses and omits an explicit
		// version 0. Anything else is a bug.
		if !coreNormalizes(p, s) {
			t.Errorf("valid[%d]: re-encoding differs\n got %s\nwant %s", i, got, s)
			continue
		}
		p2, err := DecodeBase64(got)
		if err != nil {
			t.Errorf("valid[%d]: re-encoded PSBT does not decode: %v", i, err)
			continue
		}
		if again := p2.Base64(); again != got {
			t.Errorf("valid[%d]: encoding is not stable", i)
			continue
		}
		normalized++
	}
	t.Logf("valid: %d (byte-identical %d, normalized as Core does %d)", len(v.Valid), exact, normalized)
}

// coreNormalizes reports whether the original text has a feature Core's
// serializer normalizes: a non-witness UTXO carrying witnesses, or an explicit
// PSBT_GLOBAL_VERSION 0.
func coreNormalizes(p *Packet, orig string) bool {
	for i := range p.Inputs {
		if u := p.Inputs[i].NonWitnessUTXO; u != nil && u.HasWitness() {
			return true
		}
	}
	raw, _ := base64.StdEncoding.DecodeString(orig)
	return bytes.Contains(raw[:min(len(raw), 16)], []byte{0x01, 0xfb, 0x04, 0, 0, 0, 0})
}
