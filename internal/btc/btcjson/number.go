package btcjson

import (
	"math"
	"strconv"
)

// Float is a float64 that marshals to JSON the way Core's UniValue prints a
// double (std::setprecision(16), the %.16g format): 1 prints as "1",
// 194254820283.444 as "194254820283.444", tiny values in exponent form
// ("4.656542373906925e-10"). A NaN or infinity, which JSON cannot hold,
// marshals as null.
type Float float64

// MarshalJSON writes f with 16 significant digits, trailing zeros removed.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(make([]byte, 0, 24), v, 'g', 16, 64), nil
}
