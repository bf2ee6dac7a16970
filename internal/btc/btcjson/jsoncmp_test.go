package btcjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// jsonTokens flattens a JSON document into its token stream, with each
// value prefixed by its path, numbers kept as the literal text. Comparing
// two streams checks keys, key order and values (numbers as text, so
// "0.00100000" differs from "0.001"), ignoring whitespace.
func jsonTokens(doc []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var out []string
	type frame struct {
		obj    bool
		key    string
		expKey bool
		idx    int
	}
	var stack []frame
	path := func() string {
		var sb strings.Builder
		for _, f := range stack {
			if f.obj {
				sb.WriteString("." + f.key)
			} else {
				fmt.Fprintf(&sb, "[%d]", f.idx)
			}
		}
		return sb.String()
	}
	// afterValue advances the enclosing container after a complete value.
	afterValue := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		if top.obj {
			top.expKey = true
		} else {
			top.idx++
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(stack) > 0 && stack[len(stack)-1].obj && stack[len(stack)-1].expKey {
			if k, ok := tok.(string); ok {
				stack[len(stack)-1].key = k
				stack[len(stack)-1].expKey = false
				out = append(out, path()+" key")
				continue
			}
		}
		switch x := tok.(type) {
		case json.Delim:
			switch x {
			case '{', '[':
				out = append(out, path()+" "+x.String())
				stack = append(stack, frame{obj: x == '{', expKey: x == '{'})
			default:
				stack = stack[:len(stack)-1]
				out = append(out, path()+" "+x.String())
				afterValue()
			}
		case json.Number:
			out = append(out, path()+" number "+x.String())
			afterValue()
		case string:
			out = append(out, path()+" string "+x)
			afterValue()
		case bool:
			out = append(out, fmt.Sprintf("%s bool %v", path(), x))
			afterValue()
		case nil:
			out = append(out, path()+" null")
			afterValue()
		}
	}
	return out, nil
}

// diffJSON returns "" when got and want are the same document in the
// sense of jsonTokens, or a description of the first difference.
func diffJSON(got, want []byte) string {
	g, err := jsonTokens(got)
	if err != nil {
		return "got is not JSON: " + err.Error()
	}
	w, err := jsonTokens(want)
	if err != nil {
		return "want is not JSON: " + err.Error()
	}
	for i := 0; i < len(g) || i < len(w); i++ {
		switch {
		case i >= len(g):
			return "missing: " + w[i]
		case i >= len(w):
			return "extra: " + g[i]
		case g[i] != w[i]:
			return fmt.Sprintf("got %q, want %q", g[i], w[i])
		}
	}
	return ""
}
