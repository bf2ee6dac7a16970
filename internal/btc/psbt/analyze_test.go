package psbt

import "testing"

// Cases from Bitcoin Core's test/functional/rpc_psbt.py (analyzepsbt).
func TestAnalyzeCoreCases(t *testing.T) {
	tests := []struct {
		name, psbt, next, err string
	}{
		{"unspendable", "cHNidP8BAJoCAAAAAljoeiG1ba8MI76OcHBFbDNvfLqlyHV5JPVFiHuyq911AAAAAAD/////g40EJ9DsZQpoqka7CwmK6kQiwHGyyng1Kgd5WdB86h0BAAAAAP////8CcKrwCAAAAAAWAEHYXCtx0AYLCcmIauuBXlCZHdoSTQDh9QUAAAAAFv8/wADXYP/7//////8JxOh0LR2HAI8AAAAAAAEBIADC6wsAAAAAF2oUt/X69ELjeX2nTof+fZ10l+OyAokDAQcJAwEHEAABAACAAAEBIADC6wsAAAAAF2oUt/X69ELjeX2nTof+fZ10l+OyAokDAQcJAwEHENkMak8AAAAA",
			"creator", "PSBT is not valid. Input 0 spends unspendable output"},
		{"invalid value", "cHNidP8BAHECAAAAAfA00BFgAm6tp86RowwH6BMImQNL5zXUcTT97XoLGz0BAAAAAAD/////AgD5ApUAAAAAFgAUKNw0x8HRctAgmvoevm4u1SbN7XL87QKVAAAAABYAFPck4gF7iL4NL4wtfRAKgQbghiTUAAAAAAABAR8AgIFq49AHABYAFJUDtxf2PHo641HEOBOAIvFMNTr2AAAA",
			"creator", "PSBT is not valid. Input 0 has invalid value"},
		{"signed not finalized", "cHNidP8BAHECAAAAAZYezcxdnbXoQCmrD79t/LzDgtUo9ERqixk8wgioAobrAAAAAAD9////AlDDAAAAAAAAFgAUy/UxxZuzZswcmFnN/E9DGSiHLUsuGPUFAAAAABYAFLsH5o0R38wXx+X2cCosTMCZnQ4baAAAAAABAR8A4fUFAAAAABYAFOBI2h5thf3+Lflb2LGCsVSZwsltIgIC/i4dtVARCRWtROG0HHoGcaVklzJUcwo5homgGkSNAnJHMEQCIGx7zKcMIGr7cEES9BR4Kdt/pzPTK3fKWcGyCJXb7MVnAiALOBgqlMH4GbC1HDh/HmylmO54fyEy4lKde7/BT/PWxwEBAwQBAAAAIgYC/i4dtVARCRWtROG0HHoGcaVklzJUcwo5homgGkSNAnIYDwVpQ1QAAIABAACAAAAAgAAAAAAAAAAAAAAiAgL+CIiB59NSCssOJRGiMYQK1chahgAaaJpIXE41Cyir+xgPBWlDVAAAgAEAAIAAAACAAQAAAAAAAAAA",
			"finalizer", ""},
		{"output amount invalid", "cHNidP8BAHECAAAAAfA00BFgAm6tp86RowwH6BMImQNL5zXUcTT97XoLGz0BAAAAAAD/////AgCAgWrj0AcAFgAUKNw0x8HRctAgmvoevm4u1SbN7XL87QKVAAAAABYAFPck4gF7iL4NL4wtfRAKgQbghiTUAAAAAAABAR8A8gUqAQAAABYAFJUDtxf2PHo641HEOBOAIvFMNTr2AAAA",
			"creator", "PSBT is not valid. Output amount invalid"},
		{"invalid prevout", "cHNidP8BAJoCAAAAAkvEW8NnDtdNtDpsmze+Ht2LH35IJcKv00jKAlUs21RrAwAAAAD/////S8Rbw2cO1020OmybN74e3Ysffkglwq/TSMoCVSzbVGsBAAAAAP7///8CwLYClQAAAAAWABSNJKzjaUb3uOxixsvh1GGE3fW7zQD5ApUAAAAAFgAUKNw0x8HRctAgmvoevm4u1SbN7XIAAAAAAAEAnQIAAAACczMa321tVHuN4GKWKRncycI22aX3uXgwSFUKM2orjRsBAAAAAP7///9zMxrfbW1Ue43gYpYpGdzJwjbZpfe5eDBIVQozaiuNGwAAAAAA/v///wIA+QKVAAAAABl2qRT9zXUVA8Ls5iVqynLHe5/vSe1XyYisQM0ClQAAAAAWABRmWQUcjSjghQ8/uH4Bn/zkakwLtAAAAAAAAQEfQM0ClQAAAAAWABRmWQUcjSjghQ8/uH4Bn/zkakwLtAAAAA==",
			"", "Input specifies output index that does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := DecodeBase64(tc.psbt)
			if tc.next == "" {
				// Core's analyzepsbt once saw this PSBT; today's decoder
				// rejects it first.
				if err == nil || err.Error() != tc.err {
					t.Fatalf("decode error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			before := p.Base64()
			res := p.Analyze()
			if res.Next.String() != tc.next || res.Error != tc.err {
				t.Fatalf("got next %q error %q, want %q %q", res.Next, res.Error, tc.next, tc.err)
			}
			if p.Base64() != before {
				t.Fatal("Analyze modified the packet")
			}
		})
	}
}

// TestAnalyzeRoles walks the Core vectors through the roles: the signer
// input needs signatures, the finalizer input needs finalizing, and the
// finalized PSBT needs extracting with an exact size estimate.
func TestAnalyzeRoles(t *testing.T) {
	v := loadVectors(t)
	p, err := DecodeBase64(v.Signer[0].PSBT)
	if err != nil {
		t.Fatal(err)
	}
	res := p.Analyze()
	if res.Next != RoleSigner || res.Fee == nil || res.EstimatedVSize == nil {
		t.Fatalf("unsigned: %+v", res)
	}
	for i, in := range res.Inputs {
		if !in.HasUTXO || in.IsFinal || in.Next != RoleSigner || len(in.MissingSigs) != 2 {
			t.Errorf("unsigned input %d: %+v", i, in)
		}
	}
	estimate := *res.EstimatedVSize

	p, err = DecodeBase64(v.Finalizer[0].Finalize)
	if err != nil {
		t.Fatal(err)
	}
	if res := p.Analyze(); res.Next != RoleFinalizer {
		t.Fatalf("signed: %+v", res)
	}
	if !p.Finalize() {
		t.Fatal("finalize failed")
	}
	res = p.Analyze()
	if res.Next != RoleExtractor || !res.Inputs[0].IsFinal || !res.Inputs[1].IsFinal {
		t.Fatalf("finalized: %+v", res)
	}
	tx, err := p.Extract()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *res.EstimatedVSize, int64(tx.VSize()); got != want {
		t.Errorf("finalized vsize estimate %d, want %d", got, want)
	}
	if estimate < int64(tx.VSize()) {
		t.Errorf("unsigned estimate %d below the signed size %d", estimate, tx.VSize())
	}
	if *res.EstimatedFeeRate != *res.Fee*1000/int64(tx.VSize()) {
		t.Errorf("fee rate %d", *res.EstimatedFeeRate)
	}
}
