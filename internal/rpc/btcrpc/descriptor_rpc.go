package btcrpc

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// descriptorInfo is Core's getdescriptorinfo result.
type descriptorInfo struct {
	Descriptor     string `json:"descriptor"`
	Checksum       string `json:"checksum"`
	IsRange        bool   `json:"isrange"`
	IsSolvable     bool   `json:"issolvable"`
	HasPrivateKeys bool   `json:"hasprivatekeys"`
}

// descriptorErr maps a descriptor failure: range errors are -8, anything
// else -5 with the package's (Core's) message.
func descriptorErr(err error) error {
	if errors.Is(err, descriptor.ErrInvalidRange) {
		return rpcErr(jsonrpc.CodeInvalidParameter, "%s", err.Error())
	}
	return rpcErr(codeInvalidAddress, "%s", err.Error())
}

func (s *Service) getDescriptorInfo(_ context.Context, p *jsonrpc.Params) (any, error) {
	str, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	info, err := descriptor.GetInfo(str, s.params())
	if err != nil {
		return nil, descriptorErr(err)
	}
	return &descriptorInfo{
		Descriptor: info.Descriptor, Checksum: info.Checksum, IsRange: info.IsRange,
		IsSolvable: info.IsSolvable, HasPrivateKeys: info.HasPrivateKeys,
	}, nil
}

// expandDescriptor parses a descriptor (a multipath one gives several)
// and calls fn with its expansion at every index of the inclusive range
// rng, or at index 0 for a descriptor without a range, as Core's
// EvalDescriptorStringOrObject does for scantxoutset and
// descriptorprocesspsbt.
func (s *Service) expandDescriptor(str string, rng [2]int64, fn func(*descriptor.Expanded) error) error {
	ds, err := descriptor.ParseMultipath(str, s.params())
	if err != nil {
		return descriptorErr(err)
	}
	for _, d := range ds {
		first, last := int64(0), int64(0)
		if d.IsRange() {
			first, last = rng[0], rng[1]
		}
		for i := first; i <= last; i++ {
			e, err := d.Expand(uint32(i))
			if err != nil {
				return descriptorErr(err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// descriptorRange is Core's ParseDescriptorRange: n means [0, n], or an
// array [begin, end].
func descriptorRange(raw json.RawMessage) (*[2]int64, error) {
	var rng [2]int64
	switch jsonrpc.JSONType(raw) {
	case "number":
		n, err := rpcutil.ReqInt(&jsonrpc.Params{Positional: []json.RawMessage{raw}}, 0)
		if err != nil {
			return nil, err
		}
		rng = [2]int64{0, n}
	case "array":
		var arr []json.RawMessage
		if json.Unmarshal(raw, &arr) != nil || len(arr) != 2 {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Range must be specified as end or as [begin,end]")
		}
		p := &jsonrpc.Params{Positional: arr}
		b, err := rpcutil.ReqInt(p, 0)
		if err != nil {
			return nil, err
		}
		e, err := rpcutil.ReqInt(p, 1)
		if err != nil {
			return nil, err
		}
		rng = [2]int64{b, e}
	default:
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "Range must be specified as end or as [begin,end]")
	}
	if err := descriptor.CheckRange(rng[0], rng[1]); err != nil {
		return nil, descriptorErr(err)
	}
	return &rng, nil
}

func (s *Service) deriveAddresses(_ context.Context, p *jsonrpc.Params) (any, error) {
	str, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	var rng *[2]int64
	if p.Has(1) {
		if rng, err = descriptorRange(p.Positional[1]); err != nil {
			return nil, err
		}
	}
	ds, err := descriptor.ParseMultipathWithChecksum(str, s.params())
	if err != nil {
		return nil, descriptorErr(err)
	}
	if len(ds) == 1 {
		addrs, err := descriptor.DeriveAddresses(ds[0], rng)
		if err != nil {
			return nil, descriptorErr(err)
		}
		return addrs, nil
	}
	all, err := descriptor.DeriveAddressesMultipath(ds, rng)
	if err != nil {
		return nil, descriptorErr(err)
	}
	return all, nil
}
