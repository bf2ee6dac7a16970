package config

import (
	"strconv"
	"strings"
)

// setting is one assignment of an option.
type setting struct {
	value   string
	negated bool // -noname, or an empty list reset
}

// settings holds the assignments of one source, keyed by option name.
type settings map[string][]setting

// interpretBool is Core's InterpretBool for option values: the empty
// string is true, anything else must be an integer and is true when not 0.
func interpretBool(v string) (bool, bool) {
	if v == "" {
		return true, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return false, false
	}
	return n != 0, true
}

// elidable are the non-boolean options that may be given without a value
// (-debug means every category, -blockfilterindex every filter type, as in
// Core; -explorer and -metrics their default addresses).
var elidable = map[string]bool{"debug": true, "debugexclude": true, "blockfilterindex": true, "explorer": true, "metrics": true}

// interpretName splits -noname into name and negation, following Core's
// InterpretOption: `-nofoo` and `-nofoo=1` negate foo; `-nofoo=0` is a
// double negative meaning foo=1. known reports whether the resulting name is
// an option.
func interpretName(raw, value string, hasValue bool) (name string, s setting, known bool, err error) {
	if _, ok := options[raw]; ok {
		o := options[raw]
		if !hasValue {
			if elidable[raw] {
				return raw, setting{value: ""}, true, nil
			}
			if o.kind != kindBool {
				return raw, s, true, makeError(ErrInvalidValue, "Can not set -%s with no value. Please specify value with -%s=value.", raw, raw)
			}
			value = "1"
		} else if o.kind == kindBool {
			if _, ok := interpretBool(value); !ok {
				return raw, s, true, makeError(ErrInvalidValue, "Invalid value for -%s=%s: expected 0 or 1", raw, value)
			}
		}
		return raw, setting{value: value}, true, nil
	}
	base, ok := strings.CutPrefix(raw, "no")
	if !ok {
		return raw, s, false, nil
	}
	if _, ok := options[base]; !ok {
		return raw, s, false, nil
	}
	neg, ok := interpretBool(value)
	if !ok {
		return base, s, true, makeError(ErrInvalidValue, "Negating of -%s is meaningless and therefore forbidden", base)
	}
	if !neg {
		// Double negative: -nofoo=0 is foo=1.
		return base, setting{value: "1"}, true, nil
	}
	return base, setting{negated: true, value: "0"}, true, nil
}

// parseCommandLine reads bitcoind-style arguments (without the program
// name) into a settings map.
func parseCommandLine(args []string) (settings, error) {
	out := settings{}
	for _, arg := range args {
		if len(arg) < 2 || arg[0] != '-' {
			return nil, makeError(ErrUnexpectedToken, "Command line contains unexpected token '%s', see twinchaind -h for a list of options.", arg)
		}
		key := strings.TrimPrefix(arg[1:], "-")
		rawName, value, hasValue := strings.Cut(key, "=")
		if rawName == "" || strings.Contains(rawName, ".") {
			return nil, makeError(ErrUnknownOption, "Invalid parameter -%s", rawName)
		}
		name, s, known, err := interpretName(rawName, value, hasValue)
		if err != nil {
			return nil, err
		}
		if !known {
			return nil, makeError(ErrUnknownOption, "Invalid parameter -%s", rawName)
		}
		if name == "includeconf" {
			return nil, makeError(ErrIncompatible, "-includeconf cannot be used from commandline; -includeconf=%s", value)
		}
		out[name] = append(out[name], s)
	}
	return out, nil
}
