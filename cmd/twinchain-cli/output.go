package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// formatResult renders a JSON-RPC result as bitcoin-cli prints it: nothing
// for null, the bare text of a string, and any other value in UniValue's
// pretty layout with a 2-space indent (numbers exactly as the server wrote
// them, object members in the server's order).
func formatResult(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	}
	var buf bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := writePretty(&buf, dec, 0); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// writePretty copies one JSON value from dec to buf in UniValue's pretty
// format: members one per line at (depth+1)*2 spaces, `"key": value`, the
// closing bracket at depth*2 spaces, and an empty container as the opening
// bracket, a newline and the closing bracket.
func writePretty(buf *bytes.Buffer, dec *json.Decoder, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		open := t
		var closing byte = ']'
		if open == '{' {
			closing = '}'
		} else if open != '[' {
			return errors.New("unexpected delimiter")
		}
		buf.WriteByte(byte(open))
		buf.WriteByte('\n')
		first := true
		for dec.More() {
			if !first {
				buf.WriteString(",\n")
			}
			first = false
			indent(buf, depth+1)
			if open == '{' {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				ks, ok := key.(string)
				if !ok {
					return errors.New("object key is not a string")
				}
				writeString(buf, ks)
				buf.WriteString(": ")
			}
			if err := writePretty(buf, dec, depth+1); err != nil {
				return err
			}
		}
		if !first {
			buf.WriteByte('\n')
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return err
		}
		indent(buf, depth)
		buf.WriteByte(closing)
	case string:
		writeString(buf, t)
	case json.Number:
		buf.WriteString(string(t))
	case bool:
		if t {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case nil:
		buf.WriteString("null")
	default:
		return errors.New("unexpected JSON token")
	}
	return nil
}

func indent(buf *bytes.Buffer, depth int) {
	for range depth * 2 {
		buf.WriteByte(' ')
	}
}

// writeString writes s as UniValue escapes strings: quote, backslash and
// control characters escaped (\b \t \n \f \r by name, others and DEL as
// \u00XX), everything else (including '/' and non-ASCII) as is.
func writeString(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\t':
			buf.WriteString(`\t`)
		case '\n':
			buf.WriteString(`\n`)
		case '\f':
			buf.WriteString(`\f`)
		case '\r':
			buf.WriteString(`\r`)
		default:
			if c < 0x20 || c == 0x7f {
				buf.WriteString(`\u00`)
				buf.WriteByte(hex[c>>4])
				buf.WriteByte(hex[c&15])
			} else {
				buf.WriteByte(c)
			}
		}
	}
	buf.WriteByte('"')
}

// printOut writes text and a newline to w when text is not empty.
func printOut(w io.Writer, text string) {
	if text == "" {
		return
	}
	_, _ = io.WriteString(w, text+"\n")
}
