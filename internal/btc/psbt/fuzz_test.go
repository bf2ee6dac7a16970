package psbt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// FuzzDecode checks that Decode never panics and that whatever it accepts
// re-encodes to bytes that decode to the same encoding (Core's encoding is a
// normal form), and that Analyze, DecodeView and Finalize run on it.
func FuzzDecode(f *testing.F) {
	if path, err := testdata.Locate(); err == nil {
		if raw, err := os.ReadFile(path + "/bitcoin-core/rpc_psbt.json"); err == nil {
			var v coreVectors
			if json.Unmarshal(raw, &v) == nil {
				seeds := append(append([]string{}, v.Valid...), v.Invalid...)
				for _, c := range v.InvalidWithMsg {
					seeds = append(seeds, c[0])
				}
				for _, s := range v.Signer {
					seeds = append(seeds, s.PSBT, s.Result)
				}
				for _, s := range seeds {
					if b, err := base64.StdEncoding.DecodeString(s); err == nil {
						f.Add(b)
					}
				}
			}
		}
	}
	f.Add(append([]byte("psbt\xff"), 0x00))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b)
		if err != nil {
			return
		}
		enc := p.Encode()
		q, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-encoding does not decode: %v", err)
		}
		if enc2 := q.Encode(); !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable")
		}
		_ = q.Analyze()
		_ = DecodeView(q, nil)
		q.Finalize()
	})
}
