package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseConfFile(t *testing.T) {
	in := "# top comment\n" +
		"rpcuser = alice \n" +
		"\n" +
		"  txindex=1 # inline\n" +
		"main.rpcport=1\n" +
		"[regtest]\r\n" +
		"rpcport=18443\r\n" +
		"a.b.c=d=e\n" +
		"[ test ]\n" +
		"empty=\n"
	got, err := ParseConfFile([]byte(in), "x.conf")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{"", "rpcuser", "alice", 2},
		{"", "txindex", "1", 4},
		{"main", "rpcport", "1", 5},
		{"regtest", "rpcport", "18443", 7},
		{"a.b", "c", "d=e", 8},
		{"test", "empty", "", 10},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestParseConfFileErrors(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"no equals", "txindex\n", "parse error on line 1 of f: txindex"},
		{"negation hint", "a=1\nnotxindex\n", "parse error on line 2 of f: notxindex, if you intended to specify a negated option, use notxindex=1 instead"},
		{"leading hyphen", "-txindex=1", "parse error on line 1 of f: -txindex=1, options in configuration file must be specified without leading hyphen"},
		{"empty name", "=1", "parse error on line 1 of f: =1, empty option name"},
		{"hash in password", "rpcpassword=ab#cd", "parse error on line 1 of f, using # in rpcpassword can be ambiguous and should be avoided"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfFile([]byte(tc.in), "f")
			var ce *Error
			if !errors.Is(err, ErrConfSyntax) || !errors.As(err, &ce) || ce.Description != tc.msg {
				t.Errorf("got %v", err)
			}
		})
	}
}

func TestErrorKinds(t *testing.T) {
	for _, k := range []ErrorKind{ErrUnknownOption, ErrUnexpectedToken, ErrInvalidValue, ErrChainConflict,
		ErrUnknownChain, ErrConfSyntax, ErrConfRead, ErrDataDir, ErrIncompatible} {
		err := error(makeError(k, "x %d", 1))
		var ce *Error
		if !errors.Is(err, k) || !errors.As(err, &ce) || ce.Error() != "x 1" || k.Error() != string(k) {
			t.Errorf("%s: errors.Is/As failed", k)
		}
	}
}

// FuzzParseConfFile checks the parser never panics and that rendering the
// entries back as `section.name=value` lines parses to the same entries.
func FuzzParseConfFile(f *testing.F) {
	for _, seed := range []string{
		"rpcuser=u\nrpcpassword=p\n[regtest]\nrpcport=1\n",
		"# c\n\n txindex = 1 # x\nmain.dbcache=4\n[test]\nnoserver=1\n",
		"includeconf=a.conf\n[signet]\nsignetchallenge=51\n",
		"rpcauth=bob:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144\n",
		"[", "]", "=", "a=b=c", "-x=1", "rpcpassword=a#b",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParseConfFile(data, "fuzz")
		if err != nil {
			return
		}
		var b strings.Builder
		for _, e := range entries {
			if strings.HasPrefix(e.Name, "[") || e.Section != strings.TrimSpace(e.Section) ||
				strings.ContainsAny(e.Section, "#\n") {
				return // not representable canonically
			}
			b.WriteString("[" + e.Section + "]\n" + e.Name + "=" + e.Value + "\n")
		}
		again, err := ParseConfFile([]byte(b.String()), "fuzz")
		if err != nil {
			t.Fatalf("re-parse of %q: %v", b.String(), err)
		}
		if len(again) != len(entries) {
			t.Fatalf("re-parse count %d != %d", len(again), len(entries))
		}
		for i := range again {
			a, e := again[i], entries[i]
			if a.Section != e.Section || a.Name != e.Name || a.Value != e.Value {
				t.Fatalf("entry %d: %+v != %+v", i, a, e)
			}
		}
	})
}

// FuzzLoadArgs feeds arbitrary command lines to the resolver: no panic.
func FuzzLoadArgs(f *testing.F) {
	f.Add("-regtest\x00-rpcport=1\x00-debug=net")
	f.Add("-chain=main\x00-prune=550\x00-norpcallowip")
	f.Add("-rpcallowip=1.2.3.4\x00-rpcbind=[::1]:x")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		args = slices.DeleteFunc(args, func(a string) bool {
			return strings.HasPrefix(strings.TrimLeft(a, "-"), "datadir") || strings.HasPrefix(strings.TrimLeft(a, "-"), "conf")
		})
		Load(append([]string{"-datadir=" + dir, "-noconf"}, args...), LoadOptions{})
	})
}
