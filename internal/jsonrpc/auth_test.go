package jsonrpc

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// TestRPCAuthCoreVectors checks -rpcauth lines from Bitcoin Core's
// test/functional/rpc_users.py with the passwords that test uses.
func TestRPCAuthCoreVectors(t *testing.T) {
	tests := []struct {
		name, line, user, pass string
	}{
		{"rt", "rt:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144", "rt", "cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM="},
		{"rt2", "rt2:f8607b1a88861fac29dfccf9b52ff9f$ff36a0c23c8c62b4846112e50fa888416e94c17bfd4c42f88fd8f55ec6a3137e", "rt2", "8/F3uMDw4KSEbw96U3CA1C4X05dkHDN2BPFjTgZW4KI="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseRPCAuth(tc.line)
			if err != nil {
				t.Fatal(err)
			}
			a := Auth{RPCAuth: []RPCAuthEntry{e}}
			if !a.Check(tc.user, tc.pass) {
				t.Errorf("Core's password rejected")
			}
			if a.Check(tc.user, tc.pass+"x") || a.Check(tc.user+"x", tc.pass) {
				t.Errorf("wrong credentials accepted")
			}
		})
	}
}

func TestGenerateRPCAuth(t *testing.T) {
	re := regexp.MustCompile(`^bob:[0-9a-f]{32}\$[0-9a-f]{64}$`)
	for _, pass := range []string{"hunter2", "", "pässwörd with spaces"} {
		line, got, err := GenerateRPCAuth("bob", pass)
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(line) {
			t.Errorf("line %q has the wrong shape", line)
		}
		if pass != "" && got != pass {
			t.Errorf("password changed")
		}
		if pass == "" && len(got) != 44 {
			t.Errorf("generated password %q", got)
		}
		e, err := ParseRPCAuth(line)
		if err != nil {
			t.Fatal(err)
		}
		a := Auth{RPCAuth: []RPCAuthEntry{e}}
		if !a.Check("bob", got) || a.Check("bob", got+"!") {
			t.Errorf("round trip failed for %q", line)
		}
	}
}

func TestParseRPCAuthErrors(t *testing.T) {
	for name, line := range map[string]string{
		"empty":        "",
		"no colon":     "bob",
		"no user":      ":salt$" + hex64,
		"no dollar":    "bob:salt" + hex64,
		"empty salt":   "bob:$" + hex64,
		"bad hex":      "bob:salt$zz",
		"short hash":   "bob:salt$abcd",
		"two dollars":  "bob:salt$" + hex64 + "$",
		"odd hex size": "bob:salt$" + hex64[:63],
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseRPCAuth(line)
			var te *TransportError
			if !errors.Is(err, ErrBadRPCAuth) || !errors.As(err, &te) {
				t.Errorf("got %v", err)
			}
		})
	}
}

const hex64 = "7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144"

func TestAuthCheck(t *testing.T) {
	line, _, _ := GenerateRPCAuth("carol", "pw3")
	e, _ := ParseRPCAuth(line)
	a := Auth{User: "alice", Password: "pw1", Cookie: "c00k1e", RPCAuth: []RPCAuthEntry{e}}
	tests := []struct {
		name, user, pass string
		ok               bool
	}{
		{"userpass", "alice", "pw1", true},
		{"cookie", CookieUser, "c00k1e", true},
		{"rpcauth", "carol", "pw3", true},
		{"wrong pass", "alice", "pw2", false},
		{"cookie wrong", CookieUser, "pw1", false},
		{"cross user", "carol", "pw1", false},
		{"empty", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.Check(tc.user, tc.pass); got != tc.ok {
				t.Errorf("got %v", got)
			}
		})
	}
	if (&Auth{}).Check("", "") {
		t.Error("zero Auth accepted empty credentials")
	}
	if !(&Auth{Disabled: true}).Check("x", "y") {
		t.Error("disabled Auth rejected")
	}
}

func TestCookieLifecycle(t *testing.T) {
	dir := t.TempDir()
	s := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, CookieDir: dir, AuthFailDelay: -1})
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, CookieFile)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("cookie mode %v", st.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !regexp.MustCompile(`^__cookie__:[0-9a-f]{64}$`).Match(b) {
		t.Errorf("cookie content %q", b)
	}
	c := &Client{URL: "http://" + s.Addrs()[0].String() + "/"}
	if err := c.UseCookie(path); err != nil {
		t.Fatal(err)
	}
	var help string
	if err := c.Call(context.Background(), "help", nil, &help); err != nil {
		t.Fatalf("call with cookie: %v", err)
	}
	c.Password = "00"
	if err := c.Call(context.Background(), "help", nil, nil); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong cookie: %v", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cookie not deleted: %v", err)
	}
	if err := DeleteCookie(dir); err != nil {
		t.Errorf("second delete: %v", err)
	}
	if _, _, err := ReadCookie(path); !errors.Is(err, ErrCookie) {
		t.Errorf("read missing cookie: %v", err)
	}
	os.WriteFile(path, []byte("nocolon"), 0o600)
	if _, _, err := ReadCookie(path); !errors.Is(err, ErrCookie) {
		t.Errorf("read malformed cookie: %v", err)
	}
	if _, err := WriteCookie(filepath.Join(dir, "missing", "dir")); !errors.Is(err, ErrCookie) {
		t.Errorf("write into missing dir: %v", err)
	}
}

func TestCookieNotWrittenWithPassword(t *testing.T) {
	dir := t.TempDir()
	s := NewServer(ServerConfig{Listen: []string{"127.0.0.1:0"}, CookieDir: dir, Auth: Auth{User: "u", Password: "p"}})
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if _, err := os.Stat(filepath.Join(dir, CookieFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cookie written although -rpcpassword is set: %v", err)
	}
}

func TestParseAllowIP(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"1.2.3.4", "1.2.3.4/32"},
		{"1.2.3.4/24", "1.2.3.0/24"},
		{"1.2.3.4/255.255.0.0", "1.2.0.0/16"},
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"0.0.0.0/0", "0.0.0.0/0"},
		{"::/0", "::/0"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"::ffff:1.2.3.4", "1.2.3.4/32"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			p, err := ParseAllowIP([]string{tc.in})
			if err != nil {
				t.Fatal(err)
			}
			if p[0].String() != tc.want {
				t.Errorf("got %v", p[0])
			}
		})
	}
	for _, bad := range []string{"", "x", "1.2.3", "1.2.3.4/33", "1.2.3.4/255.0.255.0", "1.2.3.4/ffff::", "1.2.3.4/-1", "host.example"} {
		t.Run("bad "+bad, func(t *testing.T) {
			if _, err := ParseAllowIP([]string{"127.0.0.1", bad}); !errors.Is(err, ErrBadAllowIP) {
				t.Errorf("got %v", err)
			}
		})
	}
	allowed, _ := ParseAllowIP([]string{"192.168.0.0/16"})
	for addr, want := range map[string]bool{"127.0.0.1": true, "::1": true, "192.168.5.5": true, "192.169.0.1": false, "::ffff:192.168.1.1": true} {
		if got := clientAllowed(netip.MustParseAddr(addr), allowed); got != want {
			t.Errorf("clientAllowed(%s) = %v", addr, got)
		}
	}
}
