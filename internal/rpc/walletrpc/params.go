package walletrpc

import (
	"encoding/json"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// raw returns positional parameter i as sent, or nil when it is absent.
func raw(p *jsonrpc.Params, i int) json.RawMessage {
	if i < len(p.Positional) {
		return p.Positional[i]
	}
	return nil
}

// feeRateSatVB reads a fee_rate argument in sat/vB, up to 3 decimals, into
// sat/kvB: Core's AmountFromValue(fee_rate, 3).
func feeRateSatVB(r json.RawMessage) (int64, error) {
	return rpcutil.AmountFromJSONDecimals(r, 3)
}

// decodeAddress decodes an address of the service's network with Core's
// error.
func (s *Service) decodeAddress(a string) (address.Address, error) {
	addr, err := address.Decode(a, s.params)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid address")
	}
	return addr, nil
}

// estimateMode validates estimate_mode and reports conservative.
func estimateMode(p *jsonrpc.Params, i int) (bool, error) {
	m, err := rpcutil.OptString(p, i, "unset")
	if err != nil {
		return false, err
	}
	switch strings.ToLower(m) {
	case "unset", "economical", "":
		return false, nil
	case "conservative":
		return true, nil
	}
	return false, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
}
