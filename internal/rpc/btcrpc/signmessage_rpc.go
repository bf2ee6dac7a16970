package btcrpc

import (
	"context"
	"encoding/base64"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

func signMessageMethod(s *Service) methodDef {
	return def("signmessagewithprivkey", "util", s.signMessageWithPrivKey, []string{"privkey", "message"}, 2, helpSpec{
		desc: "Sign a message with the private key of an address",
		args: []string{
			"privkey    (string, required) The private key to sign the message with.",
			"message    (string, required) The message to create a signature of.",
		},
		result:   `"str"    (string) The signature of the message encoded in base 64`,
		examples: []string{`"privkey", "my message"`}})
}

// signMessageWithPrivKey is Core's signmessagewithprivkey: the base64 of
// the 65-byte compact recoverable signature of MessageHash(message), whose
// header byte is 27 + recovery id, plus 4 for a compressed key (what
// verifymessage checks).
func (s *Service) signMessageWithPrivKey(_ context.Context, p *jsonrpc.Params) (any, error) {
	wif, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	msg, err := rpcutil.ReqString(p, 1)
	if err != nil {
		return nil, err
	}
	priv, compressed, err := address.DecodeWIF(wif, s.params())
	if err != nil {
		return nil, rpcErr(codeInvalidAddress, "Invalid private key")
	}
	h := MessageHash(msg)
	sig, err := crypto.SignRecoverable(priv, h[:])
	if err != nil {
		return nil, rpcErr(codeInvalidAddress, "Sign failed")
	}
	var out [65]byte
	out[0] = 27 + sig[64]
	if compressed {
		out[0] += 4
	}
	copy(out[1:], sig[:64])
	return base64.StdEncoding.EncodeToString(out[:]), nil
}
