package descriptor

import (
	"encoding/hex"
	"strconv"
)

func appendHex(b, data []byte) []byte { return hex.AppendEncode(b, data) }

func appendUint(b []byte, v uint64) []byte { return strconv.AppendUint(b, v, 10) }
