package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// convertIndex maps "method\x00index" and "method\x00name" to the first
// matching entry of convertParams, as Core's find_if does.
var convertByPos, convertByName = buildConvertIndex()

func buildConvertIndex() (map[string]*convertParam, map[string]*convertParam) {
	byPos := make(map[string]*convertParam, len(convertParams))
	byName := make(map[string]*convertParam, len(convertParams))
	for i := range convertParams {
		p := &convertParams[i]
		kp := p.method + "\x00" + strconv.Itoa(p.index)
		if _, ok := byPos[kp]; !ok {
			byPos[kp] = p
		}
		kn := p.method + "\x00" + p.name
		if _, ok := byName[kn]; !ok {
			byName[kn] = p
		}
	}
	return byPos, byName
}

func paramAt(method string, pos int) *convertParam {
	return convertByPos[method+"\x00"+strconv.Itoa(pos)]
}

func paramNamed(method, name string) *convertParam {
	return convertByName[method+"\x00"+name]
}

// argError is a failure whose text is printed as is (after "error: " for
// the command's errors), worded as bitcoin-cli words it.
type argError string

func (e argError) Error() string { return string(e) }

// parseJSON returns raw as compact JSON when it is valid JSON.
func parseJSON(raw string) (json.RawMessage, bool) {
	if !json.Valid([]byte(raw)) {
		return nil, false
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(raw)); err != nil {
		return nil, false
	}
	return json.RawMessage(buf.Bytes()), true
}

// jsonString encodes s as a JSON string.
func jsonString(s string) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return json.RawMessage(bytes.TrimRight(buf.Bytes(), "\n"))
}

// convertParamValue turns one argument into a parameter value following
// the table entry p (nil: a string).
func convertParamValue(p *convertParam, raw string) (json.RawMessage, error) {
	if p == nil || p.format == formatString {
		return jsonString(raw), nil
	}
	if v, ok := parseJSON(raw); ok {
		return v, nil
	}
	if p.format == formatJSONOrString {
		return jsonString(raw), nil
	}
	return nil, argError("Error parsing JSON: " + raw)
}

// convertPositional converts command-line arguments into positional
// parameters (Core's RPCConvertValues).
func convertPositional(method string, args []string) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, 0, len(args))
	for _, a := range args {
		v, err := convertParamValue(paramAt(method, len(out)), a)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// namedParams is a JSON object that keeps its members in insertion order.
type namedParams struct {
	keys   []string
	values []json.RawMessage
}

// set replaces the value of an existing key in place, or appends it.
func (n *namedParams) set(key string, v json.RawMessage) {
	for i, k := range n.keys {
		if k == key {
			n.values[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.values = append(n.values, v)
}

// MarshalJSON writes the members in order.
func (n *namedParams) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range n.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(jsonString(k))
		buf.WriteByte(':')
		buf.Write(n.values[i])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// convertNamed converts -named arguments (Core's RPCConvertNamedValues):
// NAME=VALUE pairs, with arguments without '=' collected as positional
// values into "args". An argument whose NAME is unknown is taken as
// positional when the next positional parameter is JSON and the whole
// argument parses as JSON, or when that parameter is a string.
func convertNamed(method string, args []string) (*namedParams, error) {
	params := &namedParams{}
	var positional []json.RawMessage
	for _, a := range args {
		name, value, found := strings.Cut(a, "=")
		if !found {
			v, err := convertParamValue(paramAt(method, len(positional)), a)
			if err != nil {
				return nil, err
			}
			positional = append(positional, v)
			continue
		}
		named := paramNamed(method, name)
		if named == nil {
			if pp := paramAt(method, len(positional)); pp != nil {
				if pp.format == formatJSON {
					if v, ok := parseJSON(a); ok {
						positional = append(positional, v)
						continue
					}
				} else if pp.format == formatString {
					positional = append(positional, jsonString(a))
					continue
				}
			}
		}
		v, err := convertParamValue(named, value)
		if err != nil {
			return nil, err
		}
		params.set(name, v)
	}
	if len(positional) > 0 {
		arr, err := json.Marshal(positional)
		if err != nil {
			return nil, err
		}
		// Appended even when "args" was given by name: the server decides.
		params.keys = append(params.keys, "args")
		params.values = append(params.values, arr)
	}
	return params, nil
}
