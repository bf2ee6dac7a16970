package descriptor

import (
	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// MaxRangeSize is how many indices one derivation range may span (Core's
// ParseDescriptorRange limit of 1,000,000).
const MaxRangeSize = 1000000

// Info is getdescriptorinfo's result.
type Info struct {
	// Descriptor is the public form with checksum (String).
	Descriptor string
	// Checksum is the checksum of the input text (without its checksum).
	Checksum       string
	IsRange        bool
	IsSolvable     bool
	HasPrivateKeys bool
}

// GetInfo parses s (checksum optional) and returns getdescriptorinfo's
// fields.
//
// This function is safe for concurrent access.
func GetInfo(s string, params *chaincfg.Params) (Info, error) {
	d, err := Parse(s, params)
	if err != nil {
		return Info{}, err
	}
	return Info{
		Descriptor:     d.String(),
		Checksum:       d.InputChecksum(),
		IsRange:        d.IsRange(),
		IsSolvable:     d.IsSolvable(),
		HasPrivateKeys: d.HasPrivateKeys(),
	}, nil
}

// addresses returns the addresses of the scripts the way deriveaddresses
// collects them: a script without address fails with ErrNoAddress, except
// combo()'s P2PK, which is skipped.
func addresses(scripts [][]byte, params *chaincfg.Params) ([]string, error) {
	out := make([]string, 0, len(scripts))
	for _, s := range scripts {
		a, err := address.FromScriptPubKey(s, params)
		if err != nil {
			if len(scripts) > 1 && isP2PK(s) {
				continue
			}
			return nil, makeError(ErrNoAddress, "Descriptor does not have a corresponding address")
		}
		out = append(out, a.String())
	}
	return out, nil
}

// isP2PK reports whether s is <pubkey> OP_CHECKSIG.
func isP2PK(s []byte) bool {
	return (len(s) == 35 && s[0] == 33 || len(s) == 67 && s[0] == 65) && s[len(s)-1] == opCheckSig
}

// Address returns the address of the descriptor's output at index for
// params (for combo(), the first script with an address: P2PKH). It fails
// with ErrNoAddress when there is none, or as Expand does.
//
// This function is safe for concurrent access.
func (d *Descriptor) Address(index uint32, params *chaincfg.Params) (string, error) {
	e, err := d.Expand(index)
	if err != nil {
		return "", err
	}
	addrs, err := addresses(e.ScriptPubKeys, params)
	if err != nil {
		return "", err
	}
	if len(addrs) == 0 {
		return "", makeError(ErrNoAddress, "Descriptor does not have a corresponding address")
	}
	return addrs[0], nil
}

// CheckRange validates a derivation range [begin, end] as Core's
// ParseDescriptorRange does (a single number n means [0, n]). Errors have
// kind ErrInvalidRange and Core's messages.
//
// This function is safe for concurrent access.
func CheckRange(begin, end int64) error {
	switch {
	case begin > end:
		return makeError(ErrInvalidRange, "Range specified as [begin,end] must not have begin after end")
	case begin < 0:
		return makeError(ErrInvalidRange, "Range should be greater or equal than 0")
	case end>>31 != 0:
		return makeError(ErrInvalidRange, "End of range is too high")
	case end >= begin+MaxRangeSize:
		return makeError(ErrInvalidRange, "Range is too large")
	}
	return nil
}

// DeriveAddresses is the core of the deriveaddresses RPC: the addresses of d
// at each index of the range (nil when the caller gave none). As in Core, a
// ranged descriptor needs a range and an unranged one must not have one;
// for combo() every address form is listed per index.
//
// This function is safe for concurrent access.
func DeriveAddresses(d *Descriptor, rng *[2]int64) ([]string, error) {
	begin, end := int64(0), int64(0)
	if rng != nil {
		if err := CheckRange(rng[0], rng[1]); err != nil {
			return nil, err
		}
		begin, end = rng[0], rng[1]
	}
	if !d.IsRange() && rng != nil {
		return nil, makeError(ErrInvalidRange, "Range should not be specified for an un-ranged descriptor")
	}
	if d.IsRange() && rng == nil {
		return nil, makeError(ErrInvalidRange, "Range must be specified for a ranged descriptor")
	}
	var out []string
	for i := begin; i <= end; i++ {
		e, err := d.Expand(uint32(i))
		if err != nil {
			return nil, err
		}
		addrs, err := addresses(e.ScriptPubKeys, d.params)
		if err != nil {
			return nil, err
		}
		out = append(out, addrs...)
	}
	return out, nil
}
