package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
)

// Handler answers one method call. It returns a value that encoding/json can
// marshal (or a json.RawMessage already encoded), or an error: an *Error is
// sent as is, any other error as -1 (RPC_MISC_ERROR) with its text.
type Handler func(ctx context.Context, params *Params) (any, error)

// GroupHandler answers a run of consecutive calls of one method within a
// batch at once: it returns one result and one error per element of
// params, in order, with the meaning a Handler's result and error have.
type GroupHandler func(ctx context.Context, params []*Params) ([]any, []error)

// Params are the decoded parameters of one call.
type Params struct {
	// Positional holds the array params, or the named params mapped onto the
	// method's argument names (absent ones are nil).
	Positional []json.RawMessage
	// Named holds object params as sent when the method declared no argument
	// names; nil otherwise.
	Named map[string]json.RawMessage
}

// Len returns the number of positional parameters.
func (p *Params) Len() int { return len(p.Positional) }

// Has reports whether positional parameter i is present and not null.
func (p *Params) Has(i int) bool {
	return i < len(p.Positional) && p.Positional[i] != nil && !bytes.Equal(p.Positional[i], nullJSON)
}

// Decode unmarshals positional parameter i into v. A missing or null
// parameter leaves v untouched and returns nil; a value of the wrong JSON
// type returns an *Error with code -3 (RPC_TYPE_ERROR).
func (p *Params) Decode(i int, v any) error {
	if !p.Has(i) {
		return nil
	}
	if err := json.Unmarshal(p.Positional[i], v); err != nil {
		return NewError(CodeTypeError, "JSON value of type %s for parameter %d is not of expected type", JSONType(p.Positional[i]), i+1)
	}
	return nil
}

// Require is Decode that fails with -8 (RPC_INVALID_PARAMETER) when parameter
// i is missing or null.
func (p *Params) Require(i int, v any) error {
	if !p.Has(i) {
		return NewError(CodeInvalidParameter, "Missing required parameter %d", i+1)
	}
	return p.Decode(i, v)
}

// JSONType returns the name Bitcoin Core's UniValue gives the type of a raw
// JSON value ("null", "bool", "number", "string", "array" or "object"),
// as used in its type-error messages. Empty input is "null"; the value is
// classified by its first non-blank byte only, without validation.
//
// This function is safe for concurrent access.
func JSONType(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

var nullJSON = []byte("null")

// Method describes one registered method.
type Method struct {
	// Handler answers the calls.
	Handler Handler
	// Help is the text `help <name>` returns; its first line (the call
	// synopsis) is shown by the method list.
	Help string
	// Category groups the method list as Core's help does ("blockchain",
	// "control", ...); "hidden" keeps it out of the list.
	Category string
	// ArgNames name the positional arguments so named params can be mapped
	// onto them as Core does; an entry may list aliases as "verbosity|verbose".
	// nil passes named params through unchanged.
	ArgNames []string
	// Group, when non-nil, answers a run of two or more consecutive calls
	// of this method within one batch in one go (eth_sendRawTransaction:
	// the transactions enter the pool in order and are mined together).
	// Each call must get the answer Handler would give it, except for the
	// effects the calls may have on each other's answers, which must be
	// ones the same calls made concurrently could have too. The calls of
	// the run share the per-request timeout.
	Group GroupHandler
}

// method is one registry entry.
type method struct {
	handler  Handler
	group    GroupHandler
	help     string
	category string
	argNames []string
}

// Register adds a method without category; see RegisterMethod.
//
// This function is safe for concurrent access but must precede Start.
func (s *Server) Register(name string, handler Handler, help string, argNames ...string) error {
	return s.RegisterMethod(name, Method{Handler: handler, Help: help, ArgNames: argNames})
}

// RegisterMethod adds a method. It returns an ErrDuplicateMethod error for
// a name already registered and ErrServerStarted after Start.
//
// This function is safe for concurrent access but must precede Start.
func (s *Server) RegisterMethod(name string, m Method) error {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.started {
		return transportError(ErrServerStarted, "jsonrpc: cannot register %q after start", name)
	}
	if _, ok := s.methods[name]; ok {
		return transportError(ErrDuplicateMethod, "jsonrpc: method %q already registered", name)
	}
	s.methods[name] = &method{handler: m.Handler, group: m.Group, help: m.Help, category: m.Category, argNames: slices.Clone(m.ArgNames)}
	return nil
}

// Methods returns the registered method names, sorted.
//
// This function is safe for concurrent access.
func (s *Server) Methods() []string {
	s.regMu.RLock()
	defer s.regMu.RUnlock()
	names := make([]string, 0, len(s.methods))
	for n := range s.methods {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// lookup returns the method named name or nil.
func (s *Server) lookup(name string) *method {
	s.regMu.RLock()
	defer s.regMu.RUnlock()
	return s.methods[name]
}

// helpHandler implements the built-in "help" method: without argument the
// list of methods (the first line of their help) grouped by category under
// "== Category ==" headers as Core prints it, otherwise the help text of one
// method.
func (s *Server) helpHandler(_ context.Context, p *Params) (any, error) {
	var name string
	if err := p.Decode(0, &name); err != nil {
		return nil, err
	}
	if name == "" {
		type entry struct{ category, name, first string }
		s.regMu.RLock()
		list := make([]entry, 0, len(s.methods))
		for n, m := range s.methods {
			if m.category == "hidden" {
				continue
			}
			first, _, _ := strings.Cut(m.help, "\n")
			if first == "" {
				first = n
			}
			list = append(list, entry{m.category, n, first})
		}
		s.regMu.RUnlock()
		slices.SortFunc(list, func(a, b entry) int {
			if c := strings.Compare(a.category, b.category); c != 0 {
				return c
			}
			return strings.Compare(a.name, b.name)
		})
		var b strings.Builder
		for i, e := range list {
			if i == 0 || e.category != list[i-1].category {
				if i > 0 {
					b.WriteByte('\n')
				}
				if e.category != "" {
					b.WriteString("== " + strings.ToUpper(e.category[:1]) + e.category[1:] + " ==\n")
				}
			}
			b.WriteString(e.first)
			b.WriteByte('\n')
		}
		return strings.TrimSuffix(b.String(), "\n"), nil
	}
	m := s.lookup(name)
	if m == nil {
		return "help: unknown command: " + name, nil
	}
	return m.help, nil
}

// mapNamed converts object params into positional ones using the method's
// argument names, following Core's transformNamedArguments: an "args" array
// (bitcoin-cli -named sends its positional arguments there) fills the first
// positions, each argument name may carry aliases ("verbosity|verbose"),
// unknown names, names given twice and names that repeat a positional
// argument are -8 errors; trailing absent arguments are dropped.
func mapNamed(named map[string]json.RawMessage, argNames []string) ([]json.RawMessage, *Error) {
	out := make([]json.RawMessage, len(argNames))
	last := -1
	var positional []json.RawMessage
	if raw, ok := named["args"]; ok && !hasArgName(argNames, "args") {
		if err := json.Unmarshal(raw, &positional); err != nil {
			return nil, NewError(CodeTypeError, "JSON value of type %s for field args is not of expected type array", JSONType(raw))
		}
		if len(positional) > len(argNames) {
			return nil, NewError(CodeMiscError, "Too many positional arguments")
		}
		for i, v := range positional {
			out[i] = v
			last = i
		}
	}
	seen := make(map[string]bool, len(named))
	for i, spec := range argNames {
		for _, n := range strings.Split(spec, "|") {
			v, ok := named[n]
			if !ok {
				continue
			}
			if out[i] != nil {
				if i < len(positional) {
					return nil, NewError(CodeInvalidParameter, "Parameter %s specified twice both as positional and named argument", n)
				}
				return nil, NewError(CodeInvalidParameter, "Parameter %s specified multiple times", n)
			}
			out[i] = v
			seen[n] = true
			last = max(last, i)
		}
	}
	names := make([]string, 0, len(named))
	for n := range named {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if !seen[n] && !(n == "args" && positional != nil) {
			return nil, NewError(CodeInvalidParameter, "Unknown named parameter %s", n)
		}
	}
	return out[:last+1], nil
}

// hasArgName reports whether name is one of argNames (or their aliases).
func hasArgName(argNames []string, name string) bool {
	for _, spec := range argNames {
		if slices.Contains(strings.Split(spec, "|"), name) {
			return true
		}
	}
	return false
}
