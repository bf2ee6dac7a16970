package btcjson

import "strconv"

// SatoshiPerBitcoin is the number of satoshis in one bitcoin (Core's COIN).
const SatoshiPerBitcoin = 100_000_000

// Amount is a value in satoshis that marshals to JSON the way Bitcoin Core's
// ValueFromAmount does: a JSON number with exactly eight decimals
// ("0.00100000", "-1.50000000"), formatted from the integer, never through
// a float.
type Amount int64

// AppendText appends the decimal text of a ("21000000.00000000") to b.
//
// This function is safe for concurrent access.
func (a Amount) AppendText(b []byte) ([]byte, error) { return a.appendDecimal(b), nil }

// String returns the decimal text of a.
func (a Amount) String() string { return string(a.appendDecimal(make([]byte, 0, 24))) }

// MarshalJSON writes a as a bare JSON number with eight decimals.
func (a Amount) MarshalJSON() ([]byte, error) { return a.appendDecimal(make([]byte, 0, 24)), nil }

// appendDecimal mirrors Core's "%s%d.%08d" on the quotient and remainder,
// which cannot overflow even for math.MinInt64.
func (a Amount) appendDecimal(b []byte) []byte {
	q := int64(a) / SatoshiPerBitcoin
	r := int64(a) % SatoshiPerBitcoin
	if a < 0 {
		b = append(b, '-')
		q, r = -q, -r
	}
	b = strconv.AppendInt(b, q, 10)
	b = append(b, '.')
	var frac [8]byte
	for i := 7; i >= 0; i-- {
		frac[i] = byte('0' + r%10)
		r /= 10
	}
	return append(b, frac[:]...)
}
