package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// descriptorPSBTMethods is descriptorprocesspsbt.
func (s *Service) descriptorPSBTMethods() []methodDef {
	return []methodDef{
		def("descriptorprocesspsbt", "rawtransactions", s.descriptorProcessPSBT, []string{"psbt", "descriptors", "sighashtype", "bip32derivs", "finalize"}, 2, helpSpec{
			desc: "Update all segwit inputs in a PSBT with information from output descriptors, the UTXO set or the mempool. \n" +
				"Then, sign the inputs we are able to with information from the output descriptors. ",
			args: []string{
				"psbt           (string, required) The transaction base64 string",
				"descriptors    (json array, required) An array of either strings or objects\n" +
					"     [\n       \"str\",                    (string) An output descriptor\n" +
					"       {                        (json object) An object with an output descriptor and extra information\n" +
					"         \"desc\": \"str\",           (string, required) An output descriptor\n" +
					"         \"range\": n or [n,n],     (numeric or array, optional, default=1000) Up to what index HD chains should be explored (either end or [begin,end])\n" +
					"       },\n       ...\n     ]",
				"sighashtype    (string, optional, default=`DEFAULT` for Taproot, `ALL` otherwise) The signature hash type to sign with if not specified by the PSBT. Must be one of\n" +
					"                \"DEFAULT\"\n                \"ALL\"\n                \"NONE\"\n                \"SINGLE\"\n                \"ALL|ANYONECANPAY\"\n                \"NONE|ANYONECANPAY\"\n                \"SINGLE|ANYONECANPAY\"",
				"bip32derivs    (boolean, optional, default=true) Include BIP 32 derivation paths for public keys if we know them",
				"finalize       (boolean, optional, default=true) Also finalize inputs if possible",
			},
			result: "{    (json object)\n  \"psbt\" : \"str\",        (string) The base64-encoded partially signed transaction\n" +
				"  \"complete\" : true|false,    (boolean) If the transaction has a complete set of signatures\n" +
				"  \"hex\" : \"hex\"          (string, optional) The hex-encoded network transaction if complete\n}",
			examples: []string{`"psbt", "[\"descriptor1\", \"descriptor2\"]"`}}),
	}
}

// defaultDescriptorRange is the last index Core's
// EvalDescriptorStringOrObject expands a ranged descriptor to when no range
// is given (the range is inclusive: 1001 indices).
const defaultDescriptorRange = 1000

// processResult is descriptorprocesspsbt's result.
type processResult struct {
	PSBT     string `json:"psbt"`
	Complete bool   `json:"complete"`
	Hex      string `json:"hex,omitempty"`
}

// descriptorProvider expands descriptorprocesspsbt's descriptors (strings,
// or objects {"desc", "range"}; ranged ones over [0, 1000] by default) with
// their private keys into a signing provider. With origins, key origins are
// recorded so that signing adds BIP32 derivations.
func (s *Service) descriptorProvider(raw json.RawMessage, origins bool) (*psbt.SimpleProvider, error) {
	var objs []json.RawMessage
	if jsonrpc.JSONType(raw) != "array" || json.Unmarshal(raw, &objs) != nil {
		return nil, rpcutil.TypeError(raw, "array")
	}
	all := &descriptor.Expanded{}
	for _, o := range objs {
		var str string
		rng := &[2]int64{0, defaultDescriptorRange}
		switch jsonrpc.JSONType(o) {
		case "string":
			_ = json.Unmarshal(o, &str)
		case "object":
			pairs, _ := orderedObject(o)
			d := findKey(pairs, "desc")
			switch t := jsonrpc.JSONType(d); t {
			case "null":
				return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Descriptor needs to be provided in scan object")
			case "string":
				_ = json.Unmarshal(d, &str)
			default:
				return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type string", t)
			}
			if r := findKey(pairs, "range"); jsonrpc.JSONType(r) != "null" {
				var err error
				if rng, err = descriptorRange(r); err != nil {
					return nil, err
				}
			}
		default:
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Scan object needs to be either a string or an object")
		}
		err := s.expandDescriptor(str, *rng, func(e *descriptor.Expanded) error {
			all.Merge(e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	prov := psbt.NewSimpleProvider()
	for k, priv := range all.PrivKeys {
		pub, err := hex.DecodeString(k)
		if err != nil {
			continue
		}
		if err := prov.AddKey(priv, len(pub) != 65); err != nil {
			return nil, rpcErr(codeInvalidAddress, "Invalid private key")
		}
	}
	for _, sc := range all.Scripts {
		prov.AddScript(sc)
	}
	for _, tr := range all.Taproot {
		leaves := make([]psbt.TapLeaf, len(tr.Leaves))
		for i, l := range tr.Leaves {
			leaves[i] = psbt.TapLeaf{Script: l.Script, LeafVersion: l.LeafVersion, ControlBlock: l.ControlBlock}
		}
		if _, err := prov.AddTaproot(tr.InternalKey, tr.MerkleRoot, leaves); err != nil {
			return nil, rpcErr(jsonrpc.CodeMiscError, "%s", psbtMessage(err))
		}
	}
	if origins {
		for k, o := range all.PubKeys {
			if pub, err := hex.DecodeString(k); err == nil {
				prov.AddKeyOrigin(pub, psbt.KeyOrigin{Fingerprint: o.Fingerprint, Path: o.Path})
			}
		}
	}
	return prov, nil
}

func (s *Service) descriptorProcessPSBT(_ context.Context, p *jsonrpc.Params) (any, error) {
	pk, err := decodePSBTParam(p, 0)
	if err != nil {
		return nil, err
	}
	if !p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 2")
	}
	sighash := uint32(psbt.SigHashUnspecified)
	if p.Has(2) {
		str, err := rpcutil.ReqString(p, 2)
		if err != nil {
			return nil, err
		}
		if sighash, err = psbt.ParseSighash(str); err != nil {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "'%s' is not a valid sighash parameter.", str)
		}
	}
	bip32derivs, err := rpcutil.OptBool(p, 3, true)
	if err != nil {
		return nil, err
	}
	finalize, err := rpcutil.OptBool(p, 4, true)
	if err != nil {
		return nil, err
	}
	prov, err := s.descriptorProvider(p.Positional[1], bip32derivs)
	if err != nil {
		return nil, err
	}
	if err := s.fillPSBTUTXOs(pk); err != nil {
		return nil, err
	}
	if _, err := pk.Sign(prov, sighash); err != nil {
		if errors.Is(err, psbt.ErrSighashMismatch) {
			return nil, rpcErr(jsonrpc.CodeDeserializationError, "%s", psbtMessage(err))
		}
		return nil, rpcErr(jsonrpc.CodeMiscError, "%s", psbtMessage(err))
	}
	complete := true
	if finalize {
		complete = pk.Finalize()
	} else {
		// Core counts an input as signed only once it is finalized.
		for i := range pk.Inputs {
			complete = complete && pk.Inputs[i].IsFinalized()
		}
	}
	res := &processResult{PSBT: pk.Base64(), Complete: complete}
	if complete {
		if tx, err := pk.Clone().Extract(); err == nil {
			res.Hex = hex.EncodeToString(tx.Bytes())
		}
	}
	return res, nil
}
