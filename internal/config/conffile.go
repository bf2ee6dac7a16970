package config

import (
	"strconv"
	"strings"
)

// Entry is one `name=value` line of a configuration file.
type Entry struct {
	Section string // "" for the top of the file, else the [section] or name prefix
	Name    string // option name without section prefix, e.g. "rpcport" or "norest"
	Value   string // trimmed value
	Line    int    // 1-based line number
}

// ParseConfFile parses bitcoin.conf syntax: `#` comments (anywhere on a
// line), blank lines, `[section]` headers, `name=value` with surrounding
// blanks trimmed, and `section.name=value`. file names the file in error
// messages. It returns the entries in file order; a line without '=' or an
// option written with a leading '-' is an ErrConfSyntax error, as is a '#'
// inside an rpcpassword value (Core refuses it as ambiguous).
//
// The parser does not check names against the known options: Load does.
//
// This function is safe for concurrent access.
func ParseConfFile(data []byte, file string) ([]Entry, error) {
	var out []Entry
	section := ""
	text := string(data)
	for lineNo := 1; len(text) > 0; lineNo++ {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		raw := line
		hadComment := false
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line, hadComment = line[:i], true
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = strings.TrimSpace(line[1 : len(line)-1])
			continue
		}
		if line[0] == '-' {
			return nil, makeError(ErrConfSyntax, "parse error on line %d of %s: %s, options in configuration file must be specified without leading hyphen", lineNo, file, line)
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			msg := "parse error on line " + strconv.Itoa(lineNo) + " of " + file + ": " + line
			if strings.HasPrefix(line, "no") {
				msg += ", if you intended to specify a negated option, use " + line + "=1 instead"
			}
			return nil, makeError(ErrConfSyntax, "%s", msg)
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if name == "" {
			return nil, makeError(ErrConfSyntax, "parse error on line %d of %s: %s, empty option name", lineNo, file, line)
		}
		sec := section
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			sec, name = strings.TrimSpace(name[:i]), strings.TrimSpace(name[i+1:])
			if name == "" {
				return nil, makeError(ErrConfSyntax, "parse error on line %d of %s: %s, empty option name", lineNo, file, line)
			}
		}
		if name[0] == '-' {
			return nil, makeError(ErrConfSyntax, "parse error on line %d of %s: %s, options in configuration file must be specified without leading hyphen", lineNo, file, line)
		}
		if hadComment && strings.Contains(raw, "rpcpassword") && (name == "rpcpassword" || name == "norpcpassword") {
			return nil, makeError(ErrConfSyntax, "parse error on line %d of %s, using # in rpcpassword can be ambiguous and should be avoided", lineNo, file)
		}
		out = append(out, Entry{Section: sec, Name: name, Value: value, Line: lineNo})
	}
	return out, nil
}
