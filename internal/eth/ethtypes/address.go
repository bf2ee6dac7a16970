package ethtypes

import (
	"encoding/binary"
	"encoding/hex"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/crypto"
)

// AddressLength is the size in bytes of an Address.
const AddressLength = 20

// Address is a 20-byte account address: the last 20 bytes of the Keccak-256
// of an uncompressed public key (externally owned accounts), or of the
// CREATE/CREATE2 preimage (contracts).
type Address [AddressLength]byte

// BytesToAddress returns b as an Address, keeping the last 20 bytes when b is
// longer and left-padding with zeros when shorter (the conversion the EVM
// applies to a 32-byte word).
//
// This function is safe for concurrent access.
func BytesToAddress(b []byte) Address {
	var a Address
	if len(b) > AddressLength {
		b = b[len(b)-AddressLength:]
	}
	copy(a[AddressLength-len(b):], b)
	return a
}

// ParseAddress parses an address written as 40 hex digits with an optional
// 0x prefix. Any capitalisation is accepted and the EIP-55 checksum is NOT
// checked; use ParseAddressChecked (or ValidateChecksum) for user input
// where a mixed-case checksum should be enforced. Errors have kind
// ErrInvalidHex.
//
// This function is safe for concurrent access.
func ParseAddress(s string) (Address, error) {
	var a Address
	if err := decodeFixedHex(a[:], s, "address"); err != nil {
		return Address{}, err
	}
	return a, nil
}

// ParseAddressChecked parses s like ParseAddress and, when s mixes upper-
// and lower-case letters, requires that the capitalisation be the EIP-55
// checksum (ErrBadChecksum otherwise). All-lower and all-upper addresses
// carry no checksum and are accepted.
//
// This function is safe for concurrent access.
func ParseAddressChecked(s string) (Address, error) {
	a, err := ParseAddress(s)
	if err != nil {
		return Address{}, err
	}
	if err := ValidateChecksum(s); err != nil {
		return Address{}, err
	}
	return a, nil
}

// ValidateChecksum checks the EIP-55 checksum of a hex address (40 digits,
// optional 0x prefix). It returns nil for an all-lower or all-upper case
// address (no checksum), nil for a mixed-case address whose capitalisation
// matches its checksum, ErrBadChecksum for one that does not and
// ErrInvalidHex for a string that is not an address.
//
// This function is safe for concurrent access.
func ValidateChecksum(s string) error {
	a, err := ParseAddress(s)
	if err != nil {
		return err
	}
	digits := trim0x(s)
	var lower, upper bool
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		lower = lower || ('a' <= c && c <= 'f')
		upper = upper || ('A' <= c && c <= 'F')
	}
	if !lower || !upper {
		return nil
	}
	want := a.checksumHex()
	if string(want[2:]) != digits {
		return ruleErrorf(ErrBadChecksum, "%s (expected %s)", s, string(want[:]))
	}
	return nil
}

// Hex returns the address in its EIP-55 mixed-case checksum form, 0x
// prefixed.
func (a Address) Hex() string {
	b := a.checksumHex()
	return string(b[:])
}

// String returns a.Hex().
func (a Address) String() string { return a.Hex() }

// Bytes returns the address as a new byte slice.
func (a Address) Bytes() []byte { return append([]byte(nil), a[:]...) }

// IsZero reports whether a is the zero address.
func (a Address) IsZero() bool { return a == Address{} }

// checksumHex returns "0x" + the EIP-55 checksummed hex digits: a letter is
// upper-cased when the corresponding nibble of keccak256(lower-case hex) is
// 8 or more.
func (a Address) checksumHex() [2 + 2*AddressLength]byte {
	var buf [2 + 2*AddressLength]byte
	buf[0], buf[1] = '0', 'x'
	hex.Encode(buf[2:], a[:])
	h := crypto.Keccak256(buf[2:])
	for i := 2; i < len(buf); i++ {
		c := buf[i]
		if c < 'a' {
			continue
		}
		nib := h[(i-2)/2]
		if (i-2)%2 == 0 {
			nib >>= 4
		}
		if nib&0xf >= 8 {
			buf[i] = c - 'a' + 'A'
		}
	}
	return buf
}

// MarshalText implements encoding.TextMarshaler with the checksummed form.
func (a Address) MarshalText() ([]byte, error) {
	b := a.checksumHex()
	return b[:], nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Any capitalisation is
// accepted (JSON-RPC clients send lower case); the checksum is not checked.
func (a *Address) UnmarshalText(text []byte) error {
	v, err := ParseAddress(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// PubkeyToAddress returns the address of a public key: the last 20 bytes of
// the Keccak-256 of its uncompressed X || Y coordinates.
//
// This function is safe for concurrent access.
func PubkeyToAddress(pub *secp256k1.PublicKey) Address {
	u := pub.SerializeUncompressed()
	h := crypto.Keccak256(u[1:])
	return BytesToAddress(h[12:])
}

// CreateAddress returns the address of a contract created by sender with
// the given account nonce (CREATE and creation transactions):
// keccak256(rlp([sender, nonce]))[12:].
//
// This function is safe for concurrent access.
func CreateAddress(sender Address, nonce uint64) Address {
	// rlp([sender, nonce]) is at most 1 + 21 + 9 = 31 bytes, so the list
	// header is a single byte.
	var buf [32]byte
	buf[1] = 0x80 + AddressLength
	copy(buf[2:], sender[:])
	n := 2 + AddressLength
	switch {
	case nonce == 0:
		buf[n] = 0x80
		n++
	case nonce < 0x80:
		buf[n] = byte(nonce)
		n++
	default:
		var be [8]byte
		binary.BigEndian.PutUint64(be[:], nonce)
		i := 0
		for be[i] == 0 {
			i++
		}
		buf[n] = byte(0x80 + 8 - i)
		n++
		n += copy(buf[n:], be[i:])
	}
	buf[0] = byte(0xc0 + n - 1)
	h := crypto.Keccak256(buf[:n])
	return BytesToAddress(h[12:])
}

// CreateAddress2 returns the address of a contract created with CREATE2
// (EIP-1014): keccak256(0xff ++ sender ++ salt ++ initCodeHash)[12:], where
// initCodeHash is the Keccak-256 of the init code.
//
// This function is safe for concurrent access.
func CreateAddress2(sender Address, salt [32]byte, initCodeHash Hash) Address {
	var buf [1 + AddressLength + 32 + HashLength]byte
	buf[0] = 0xff
	copy(buf[1:], sender[:])
	copy(buf[1+AddressLength:], salt[:])
	copy(buf[1+AddressLength+32:], initCodeHash[:])
	h := crypto.Keccak256(buf[:])
	return BytesToAddress(h[12:])
}
