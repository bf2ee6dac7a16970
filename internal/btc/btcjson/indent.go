package btcjson

import (
	"bytes"
	"encoding/json"
)

// MarshalIndent encodes v as JSON laid out the way Bitcoin Core's UniValue
// writes it with a pretty-print indent (bitcoin-tx -json uses 4,
// bitcoin-cli 2): one member or element per line, `"key": value`, and empty
// arrays and objects written as an opening bracket, a newline and the
// closing bracket at the enclosing indent. HTML characters are not escaped.
// The result has no trailing newline.
//
// This function is safe for concurrent access.
func MarshalIndent(v any, indent int) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	compact := bytes.TrimRight(buf.Bytes(), "\n")
	return appendCoreIndent(make([]byte, 0, len(compact)*2), compact, indent), nil
}

// appendCoreIndent re-lays compact JSON (as encoding/json produces it: no
// insignificant whitespace) in UniValue's pretty format.
func appendCoreIndent(dst, src []byte, indent int) []byte {
	depth := 0
	newline := func(d int) {
		dst = append(dst, '\n')
		for range d * indent {
			dst = append(dst, ' ')
		}
	}
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			dst = append(dst, c)
			switch c {
			case '\\':
				if i+1 < len(src) {
					i++
					dst = append(dst, src[i])
				}
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			dst = append(dst, c)
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				// UniValue writes an empty container as "[\n<indent>]",
				// closing at the indent of the line that opened it.
				newline(depth)
				i++
				dst = append(dst, src[i])
				continue
			}
			depth++
			newline(depth)
		case '}', ']':
			depth--
			newline(depth)
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline(depth)
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
