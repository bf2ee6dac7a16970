package jsonrpc

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"github.com/twinchain/twinchain/internal/fsutil"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
)

// CookieUser is the user name of cookie authentication, as bitcoind's.
const CookieUser = "__cookie__"

// CookieFile is the cookie file name inside the data directory.
const CookieFile = ".cookie"

// Auth holds the accepted credentials. The zero value accepts nothing; an
// Auth with Disabled set accepts every request (for the eth side's
// unauthenticated endpoints).
type Auth struct {
	// Disabled turns authentication off.
	Disabled bool
	// User and Password are -rpcuser/-rpcpassword, or the cookie.
	User, Password string
	// RPCAuth are the parsed -rpcauth entries.
	RPCAuth []RPCAuthEntry
	// Cookie is the cookie password ("" when no cookie is in use).
	Cookie string
}

// RPCAuthEntry is one -rpcauth=user:salt$hash line.
type RPCAuthEntry struct {
	User string
	Salt string // used as the HMAC key as written (hex text)
	Hash []byte // HMAC-SHA256(key=Salt, message=password)
}

// ParseRPCAuth parses a -rpcauth value `user:salt$hexhmac`. It returns an
// ErrBadRPCAuth error when the shape or the hex is wrong.
func ParseRPCAuth(line string) (RPCAuthEntry, error) {
	user, rest, ok := strings.Cut(line, ":")
	if !ok || user == "" {
		return RPCAuthEntry{}, transportError(ErrBadRPCAuth, "invalid -rpcauth argument %q: expected user:salt$hash", line)
	}
	salt, hash, ok := strings.Cut(rest, "$")
	if !ok || salt == "" || strings.Contains(hash, "$") {
		return RPCAuthEntry{}, transportError(ErrBadRPCAuth, "invalid -rpcauth argument %q: expected user:salt$hash", line)
	}
	h, err := hex.DecodeString(hash)
	if err != nil || len(h) != sha256.Size {
		return RPCAuthEntry{}, transportError(ErrBadRPCAuth, "invalid -rpcauth argument %q: hash is not 64 hex digits", line)
	}
	return RPCAuthEntry{User: user, Salt: salt, Hash: h}, nil
}

// rpcAuthHMAC computes hex-decodable HMAC-SHA256(key=salt, msg=password).
func rpcAuthHMAC(salt, password string) []byte {
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(password))
	return m.Sum(nil)
}

// GenerateRPCAuth produces a -rpcauth line for user the way Core's
// share/rpcauth/rpcauth.py does: a 16-byte random salt in hex and the hex
// HMAC-SHA256 of the password keyed with that salt text. An empty password
// is replaced by a random 32-byte base64url one, which is returned.
//
// This function is safe for concurrent access.
func GenerateRPCAuth(user, password string) (line, pass string, err error) {
	if password == "" {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", "", err
		}
		password = base64.URLEncoding.EncodeToString(b[:])
	}
	var s [16]byte
	if _, err := rand.Read(s[:]); err != nil {
		return "", "", err
	}
	salt := hex.EncodeToString(s[:])
	return user + ":" + salt + "$" + hex.EncodeToString(rpcAuthHMAC(salt, password)), password, nil
}

// Check reports whether user/password are accepted. All comparisons are
// constant-time in the secret material.
//
// This function is safe for concurrent access.
func (a *Auth) Check(user, password string) bool {
	if a.Disabled {
		return true
	}
	ok := false
	if a.Cookie != "" {
		ok = equal(user, CookieUser) && equal(password, a.Cookie) || ok
	}
	if a.Password != "" {
		ok = equal(user, a.User) && equal(password, a.Password) || ok
	}
	for i := range a.RPCAuth {
		e := &a.RPCAuth[i]
		if equal(user, e.User) && hmac.Equal(rpcAuthHMAC(e.Salt, password), e.Hash) {
			ok = true
		}
	}
	return ok
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// WriteCookie creates dir/.cookie with a fresh `__cookie__:<64 hex>` line,
// mode 0600, written to a temporary file and renamed into place as Core
// does. It returns the cookie password.
//
// This function is safe for concurrent access.
func WriteCookie(dir string) (string, error) {
	return writeCookie(filepath.Join(dir, CookieFile), false)
}

// WriteCookieFile is WriteCookie for any path (-rpccookiefile): it creates
// the parent directory (0700) when missing and writes the cookie atomically
// with mode 0600. It returns the cookie password.
//
// This function is safe for concurrent access.
func WriteCookieFile(path string) (string, error) {
	return writeCookie(path, true)
}

// writeCookie writes a fresh cookie at path, creating its directory first
// when mkdir is set.
func writeCookie(path string, mkdir bool) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", transportError(ErrCookie, "cookie: %v", err)
	}
	pass := hex.EncodeToString(b[:])
	if mkdir {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return "", transportError(ErrCookie, "unable to create the cookie's directory: %v", err)
		}
	}
	if err := fsutil.WriteFileAtomic(path, []byte(CookieUser+":"+pass), 0o600); err != nil {
		return "", transportError(ErrCookie, "unable to write cookie authentication file %s: %v", path, err)
	}
	return pass, nil
}

// DeleteCookie removes dir/.cookie; a missing file is not an error.
//
// This function is safe for concurrent access.
func DeleteCookie(dir string) error {
	err := os.Remove(filepath.Join(dir, CookieFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return transportError(ErrCookie, "unable to delete cookie file: %v", err)
	}
	return nil
}

// ReadCookie reads a cookie file and returns its user and password.
//
// This function is safe for concurrent access.
func ReadCookie(path string) (user, password string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", transportError(ErrCookie, "could not read cookie file %s: %v", path, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	user, password, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
	if !ok {
		return "", "", transportError(ErrCookie, "malformed cookie file %s", path)
	}
	return user, password, nil
}

// ParseAllowIP parses -rpcallowip values: single addresses, CIDR subnets
// (1.2.3.0/24) or address/netmask (1.2.3.0/255.255.255.0), as Core accepts.
// It returns an ErrBadAllowIP error naming the first bad value.
func ParseAllowIP(values []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(values))
	for _, v := range values {
		p, err := parseSubnet(v)
		if err != nil {
			return nil, transportError(ErrBadAllowIP, "Invalid -rpcallowip subnet specification: %s. Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).", v)
		}
		out = append(out, p)
	}
	return out, nil
}

func parseSubnet(v string) (netip.Prefix, error) {
	addrPart, maskPart, hasMask := strings.Cut(v, "/")
	a, err := netip.ParseAddr(addrPart)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	if !hasMask {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	if m, err := netip.ParseAddr(maskPart); err == nil {
		m = m.Unmap()
		if m.BitLen() != a.BitLen() {
			return netip.Prefix{}, errors.New("mask family")
		}
		ones, ok := maskOnes(m.AsSlice())
		if !ok {
			return netip.Prefix{}, errors.New("non-contiguous mask")
		}
		return a.Prefix(ones)
	}
	p, err := netip.ParsePrefix(a.String() + "/" + maskPart)
	if err != nil {
		return netip.Prefix{}, err
	}
	return p.Masked(), nil
}

func maskOnes(m []byte) (int, bool) {
	ones, zero := 0, false
	for _, b := range m {
		for i := 7; i >= 0; i-- {
			if b&(1<<i) != 0 {
				if zero {
					return 0, false
				}
				ones++
			} else {
				zero = true
			}
		}
	}
	return ones, true
}

// clientAllowed reports whether addr may use the RPC server: loopback is
// always allowed, others must fall in one of the allowed subnets.
func clientAllowed(addr netip.Addr, allowed []netip.Prefix) bool {
	addr = addr.Unmap()
	if addr.IsLoopback() {
		return true
	}
	for _, p := range allowed {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
