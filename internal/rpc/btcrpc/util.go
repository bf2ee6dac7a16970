package btcrpc

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// validateAddressResult is Core's validateaddress result.
type validateAddressResult struct {
	IsValid        bool   `json:"isvalid"`
	Address        string `json:"address,omitempty"`
	ScriptPubKey   string `json:"scriptPubKey,omitempty"`
	IsScript       *bool  `json:"isscript,omitempty"`
	IsWitness      *bool  `json:"iswitness,omitempty"`
	WitnessVersion *int   `json:"witness_version,omitempty"`
	WitnessProgram string `json:"witness_program,omitempty"`
	ErrorLocations *[]int `json:"error_locations,omitempty"`
	Error          string `json:"error,omitempty"`
}

// addressError words an address decoding failure as Core's
// DecodeDestination does: strings with the network's Bech32 prefix get the
// Bech32 messages, others the Base58 ones.
func (s *Service) addressError(str string, err error) string {
	bech := strings.HasPrefix(strings.ToLower(str), s.params().Bech32HRP+"1")
	if !bech {
		switch {
		case !isBase58(str):
			return "Invalid or unsupported Segwit (Bech32) or Base58 encoding."
		case errors.Is(err, address.ErrInvalidChecksum):
			return "Invalid checksum or length of Base58 address (P2PKH or P2SH)"
		case errors.Is(err, address.ErrInvalidLength):
			return "Invalid length for Base58 address (P2PKH or P2SH)"
		}
		return "Invalid or unsupported Base58-encoded address."
	}
	switch {
	case errors.Is(err, address.ErrWrongChecksumVariant):
		if strings.Contains(err.Error(), "version 0") {
			return "Version 0 witness address must use Bech32 checksum"
		}
		return "Version 1+ witness address must use Bech32m checksum"
	case errors.Is(err, address.ErrInvalidChecksum):
		return "Invalid Bech32 checksum"
	case errors.Is(err, address.ErrInvalidWitnessVersion):
		return "Invalid Bech32 address witness version"
	case errors.Is(err, address.ErrInvalidLength):
		return "Invalid Bech32 address program size"
	case errors.Is(err, address.ErrInvalidPadding):
		return "Invalid padding in Bech32 data section"
	case errors.Is(err, address.ErrMixedCase):
		return "Invalid character or mixed case in Bech32 address"
	}
	return "Invalid or unsupported Segwit (Bech32) or Base58 encoding."
}

// isBase58 reports whether s uses only the Base58 alphabet.
func isBase58(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('1' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') || c == 'I' || c == 'O' || c == 'l' {
			return false
		}
	}
	return true
}

// witnessProgram splits a witness output script into version and program.
func witnessProgram(script []byte) (int, []byte, bool) {
	if len(script) < 4 || len(script) > 42 || int(script[1]) != len(script)-2 {
		return 0, nil, false
	}
	switch {
	case script[0] == 0:
		return 0, script[2:], true
	case script[0] >= txscript.OP_1 && script[0] <= txscript.OP_16:
		return int(script[0]-txscript.OP_1) + 1, script[2:], true
	}
	return 0, nil, false
}

func (s *Service) validateAddress(_ context.Context, p *jsonrpc.Params) (any, error) {
	str, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	addr, aerr := address.Decode(str, s.params())
	if aerr != nil {
		return &validateAddressResult{ErrorLocations: &[]int{}, Error: s.addressError(str, aerr)}, nil
	}
	script := addr.ScriptPubKey()
	isScript := len(script) == 23 && script[0] == txscript.OP_HASH160
	ver, prog, isWitness := witnessProgram(script)
	out := &validateAddressResult{
		IsValid:      true,
		Address:      addr.String(),
		ScriptPubKey: hex.EncodeToString(script),
		IsScript:     &isScript,
		IsWitness:    &isWitness,
	}
	if isWitness {
		if ver == 0 {
			out.IsScript = boolPtr(len(prog) == 32)
		} else {
			out.IsScript = boolPtr(false)
		}
		out.WitnessVersion = &ver
		out.WitnessProgram = hex.EncodeToString(prog)
	}
	return out, nil
}

func boolPtr(b bool) *bool { return &b }

// messageMagic is Core's MESSAGE_MAGIC.
const messageMagic = "Bitcoin Signed Message:\n"

// MessageHash is Core's MessageHash: SHA-256d of the serialized magic and
// message, the digest signmessage signs.
//
// This function is safe for concurrent access.
func MessageHash(message string) chainhash.Hash {
	b := make([]byte, 0, len(messageMagic)+len(message)+10)
	b = primitives.AppendCompactSize(b, uint64(len(messageMagic)))
	b = append(b, messageMagic...)
	b = primitives.AppendCompactSize(b, uint64(len(message)))
	b = append(b, message...)
	return chainhash.DoubleSHA256(b)
}

// verifyMessageResult is the outcome of Core's MessageVerify.
type verifyMessageResult int

const (
	msgOK verifyMessageResult = iota
	msgInvalidAddress
	msgAddressNoKey
	msgMalformedSignature
	msgNotRecovered
	msgNotSigned
)

// VerifyMessage checks a signmessage signature (base64 of the 65-byte
// compact recoverable form) for a P2PKH address, as Core's MessageVerify.
//
// This function is safe for concurrent access.
func (s *Service) verifyMessageRaw(addrStr, sigB64, message string) verifyMessageResult {
	addr, err := address.Decode(addrStr, s.params())
	if err != nil {
		return msgInvalidAddress
	}
	pkh, ok := addr.(*address.P2PKH)
	if !ok {
		return msgAddressNoKey
	}
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil {
		return msgMalformedSignature
	}
	if len(sig) != 65 || sig[0] < 27 || sig[0] > 34 {
		return msgNotRecovered
	}
	recid := (sig[0] - 27) & 3
	compressed := (sig[0]-27)&4 != 0
	var rsv [65]byte
	copy(rsv[:64], sig[1:])
	rsv[64] = recid
	h := MessageHash(message)
	pub, err := crypto.RecoverPubKey(h[:], rsv[:])
	if err != nil {
		return msgNotRecovered
	}
	var ser []byte
	if compressed {
		ser = pub.SerializeCompressed()
	} else {
		ser = pub.SerializeUncompressed()
	}
	want := pkh.Hash160()
	if got := crypto.Hash160(ser); !bytes.Equal(got[:], want[:]) {
		return msgNotSigned
	}
	return msgOK
}

func (s *Service) verifyMessage(_ context.Context, p *jsonrpc.Params) (any, error) {
	addr, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	sig, err := rpcutil.ReqString(p, 1)
	if err != nil {
		return nil, err
	}
	msg, err := rpcutil.ReqString(p, 2)
	if err != nil {
		return nil, err
	}
	switch s.verifyMessageRaw(addr, sig, msg) {
	case msgInvalidAddress:
		return nil, rpcErr(codeInvalidAddress, "Invalid address")
	case msgAddressNoKey:
		return nil, rpcErr(jsonrpc.CodeTypeError, "Address does not refer to key")
	case msgMalformedSignature:
		return nil, rpcErr(jsonrpc.CodeTypeError, "Malformed base64 encoding")
	case msgOK:
		return true, nil
	}
	return false, nil
}

// scriptNum appends CScript << n for a small non-negative n.
func scriptNum(script []byte, n int) []byte {
	switch {
	case n == 0:
		return append(script, 0)
	case n <= 16:
		return append(script, txscript.OP_1+byte(n-1))
	}
	return append(script, 1, byte(n))
}

// multisigResult is Core's createmultisig result.
type multisigResult struct {
	Address      string   `json:"address"`
	RedeemScript string   `json:"redeemScript"`
	Descriptor   string   `json:"descriptor"`
	Warnings     []string `json:"warnings,omitempty"`
}

// parsePubKeyHex is Core's HexToPubKey.
func parsePubKeyHex(h string) ([]byte, error) {
	if !rpcutil.IsHex(h) {
		return nil, rpcErr(codeInvalidAddress, "Pubkey \"%s\" must be a hex string", h)
	}
	b, _ := hex.DecodeString(h)
	if len(b) != 33 && len(b) != 65 {
		return nil, rpcErr(codeInvalidAddress, "Pubkey \"%s\" must have a length of either 33 or 65 bytes", h)
	}
	if _, err := crypto.ParsePubKey(b); err != nil {
		return nil, rpcErr(codeInvalidAddress, "Pubkey \"%s\" must be cryptographically valid.", h)
	}
	return b, nil
}

func (s *Service) createMultisig(_ context.Context, p *jsonrpc.Params) (any, error) {
	required, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return nil, err
	}
	if !p.Has(1) {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Missing required parameter 2")
	}
	var keyStrs []string
	if err := p.Decode(1, &keyStrs); err != nil {
		return nil, err
	}
	addrType, err := rpcutil.OptString(p, 2, "legacy")
	if err != nil {
		return nil, err
	}
	switch addrType {
	case "legacy", "p2sh-segwit", "bech32":
	case "bech32m":
		return nil, rpcErr(codeInvalidAddress, "createmultisig cannot create bech32m multisig addresses")
	default:
		return nil, rpcErr(codeInvalidAddress, "Unknown address type '%s'", addrType)
	}
	keys := make([][]byte, len(keyStrs))
	for i, k := range keyStrs {
		if keys[i], err = parsePubKeyHex(k); err != nil {
			return nil, err
		}
	}
	if required < 1 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "a multisignature address must require at least one key to redeem")
	}
	if int64(len(keys)) < required {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "not enough keys supplied (got %d keys, but need at least %d to redeem)", len(keys), required)
	}
	if len(keys) > 20 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Number of keys involved in the multisignature address creation > %d\nReduce the number", 20)
	}
	var warnings []string
	if addrType != "legacy" {
		for _, k := range keys {
			if len(k) == 65 {
				addrType = "legacy"
				warnings = append(warnings, "Unable to make chosen address type, please ensure no uncompressed public keys are present.")
				break
			}
		}
	}
	script := scriptNum(nil, int(required))
	inner := "multi(" + itoa(int(required))
	for _, k := range keys {
		script = pushData(script, k)
		inner += "," + hex.EncodeToString(k)
	}
	inner += ")"
	script = scriptNum(script, len(keys))
	script = append(script, txscript.OP_CHECKMULTISIG)
	if len(script) > 520 {
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "redeemScript exceeds size limit: %d > %d", len(script), 520)
	}
	var addr address.Address
	var desc string
	switch addrType {
	case "legacy":
		addr = address.NewP2SHFromScript(script, s.params())
		desc = "sh(" + inner + ")"
	case "bech32":
		addr = address.NewP2WSHFromScript(script, s.params())
		desc = "wsh(" + inner + ")"
	default:
		w := address.NewP2WSHFromScript(script, s.params())
		addr = address.NewP2SHFromScript(w.ScriptPubKey(), s.params())
		desc = "sh(wsh(" + inner + "))"
	}
	return &multisigResult{
		Address:      addr.String(),
		RedeemScript: hex.EncodeToString(script),
		Descriptor:   btcjson.AddDescriptorChecksum(desc),
		Warnings:     warnings,
	}, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
