package keystore

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/testdata"
)

type vector struct {
	JSON     json.RawMessage `json:"json"`
	Password string          `json:"password"`
	Priv     string          `json:"priv"`
}

func loadVectors(t *testing.T) map[string]vector {
	t.Helper()
	raw, err := os.ReadFile(testdata.Path(t, "ethereum-tests", "KeyStoreTests", "basic_tests.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]vector
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestKeyStoreTests decrypts every case of KeyStoreTests/basic_tests.json,
// checks that a wrong password fails with ErrDecrypt, and re-encrypts the
// key (light scrypt) to check our own files decrypt to the same key.
func TestKeyStoreTests(t *testing.T) {
	vectors := loadVectors(t)
	names := make([]string, 0, len(vectors))
	for n := range vectors {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		v := vectors[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			k, err := DecryptKey(v.JSON, v.Password)
			if err != nil {
				t.Fatal(err)
			}
			got := k.PrivateKey.Key.Bytes()
			if hex.EncodeToString(got[:]) != v.Priv {
				t.Fatalf("private key %x, want %s", got, v.Priv)
			}
			if k.Address != ethtypes.PubkeyToAddress(k.PrivateKey.PubKey()) {
				t.Fatal("address does not match the key")
			}
			if _, err := DecryptKey(v.JSON, v.Password+"x"); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("wrong password: %v, want ErrDecrypt", err)
			}
			again, err := EncryptKey(k, v.Password, Scrypt(LightScryptN, LightScryptP), rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k2, err := DecryptKey(again, v.Password)
			if err != nil || k2.PrivateKey.Key != k.PrivateKey.Key || k2.ID != k.ID || k2.Address != k.Address {
				t.Fatalf("re-encrypted key differs: %v", err)
			}
		})
	}
	t.Logf("KeyStoreTests: %d cases (%s)", len(vectors), strings.Join(names, ", "))
}

func TestEncryptDecryptRoundTrip(t *testing.T) {
	for _, params := range []KDFParams{Scrypt(LightScryptN, LightScryptP), PBKDF2(1000)} {
		t.Run(params.KDF, func(t *testing.T) {
			k, err := NewKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			if k.ID[6]>>4 != 4 || k.ID[8]>>6 != 2 {
				t.Fatalf("UUID %x is not version 4 / RFC 4122", k.ID)
			}
			b, err := EncryptKey(k, "pässwörd", params, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			var j map[string]any
			if err := json.Unmarshal(b, &j); err != nil {
				t.Fatal(err)
			}
			if j["version"] != float64(3) || j["address"] != hex.EncodeToString(k.Address[:]) ||
				j["id"] != formatUUID(k.ID) {
				t.Fatalf("file fields: %s", b)
			}
			c := j["crypto"].(map[string]any)
			kp := c["kdfparams"].(map[string]any)
			if c["cipher"] != "aes-128-ctr" || c["kdf"] != params.KDF || kp["dklen"] != float64(32) {
				t.Fatalf("crypto fields: %s", b)
			}
			if params.KDF == "pbkdf2" && (kp["prf"] != "hmac-sha256" || kp["c"] != float64(1000) || kp["n"] != nil) {
				t.Fatalf("pbkdf2 params: %s", b)
			}
			if params.KDF == "scrypt" && (kp["n"] != float64(LightScryptN) || kp["r"] != float64(8) ||
				kp["p"] != float64(LightScryptP) || kp["c"] != nil) {
				t.Fatalf("scrypt params: %s", b)
			}
			got, err := DecryptKey(b, "pässwörd")
			if err != nil || got.PrivateKey.Key != k.PrivateKey.Key || got.Address != k.Address || got.ID != k.ID {
				t.Fatalf("decrypt: %v", err)
			}
			if _, err := DecryptKey(b, "password"); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("wrong password: %v", err)
			}
		})
	}
}

// TestEncryptDeterministic checks that with a fixed randomness source the
// output is reproducible and the MAC is keccak256(dk[16:32] || ciphertext).
func TestEncryptDeterministic(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, 200)
	k, err := NewKey(bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	a, err := EncryptKey(k, "pw", PBKDF2(2), bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := EncryptKey(k, "pw", PBKDF2(2), bytes.NewReader(seed))
	if !bytes.Equal(a, b) {
		t.Fatal("not deterministic")
	}
	f, err := parseKeyFile(a)
	if err != nil {
		t.Fatal(err)
	}
	dk, err := deriveKey("pw", f.kdf, &f.params, f.salt)
	if err != nil {
		t.Fatal(err)
	}
	mac := crypto.Keccak256(dk[16:32], f.cipherText)
	if !bytes.Equal(mac[:], f.mac) {
		t.Fatal("MAC is not keccak256(dk[16:32] || ciphertext)")
	}
}

// mutate returns the JSON of a light key file with fn applied to its
// decoded form.
func mutate(t *testing.T, base []byte, fn func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(base, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// craftFile builds a pbkdf2 file around an arbitrary plaintext with a
// correct MAC, to reach the checks made after decryption.
func craftFile(t *testing.T, plain []byte) []byte {
	t.Helper()
	kp := kdfParamsJSON{DKLen: 32, C: 1, PRF: "hmac-sha256", Salt: "01"}
	dk, err := deriveKey("pw", "pbkdf2", &kp, []byte{1})
	if err != nil {
		t.Fatal(err)
	}
	iv := make([]byte, 16)
	ct := aesCTR(dk[:16], iv, plain)
	mac := crypto.Keccak256(dk[16:32], ct)
	f := keyFileJSON{Crypto: cryptoJSON{Cipher: "aes-128-ctr", CipherText: hex.EncodeToString(ct),
		CipherParams: cipherParamsJSON{IV: hex.EncodeToString(iv)}, KDF: "pbkdf2", KDFParams: kp,
		MAC: hex.EncodeToString(mac[:])}, Version: json.RawMessage("3")}
	b, _ := json.Marshal(&f)
	return b
}

// TestDecryptErrors forces every rejection of DecryptKey.
func TestDecryptErrors(t *testing.T) {
	k, err := NewKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	base, err := EncryptKey(k, "pw", PBKDF2(1), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	crypt := func(f func(c map[string]any)) func(m map[string]any) {
		return func(m map[string]any) { f(m["crypto"].(map[string]any)) }
	}
	kdfp := func(f func(p map[string]any)) func(m map[string]any) {
		return crypt(func(c map[string]any) { f(c["kdfparams"].(map[string]any)) })
	}
	toScrypt := func(n, r, p float64) func(m map[string]any) {
		return crypt(func(c map[string]any) {
			c["kdf"] = "scrypt"
			c["kdfparams"] = map[string]any{"dklen": 32, "n": n, "r": r, "p": p, "salt": "01"}
		})
	}
	otherAddr := strings.Repeat("ab", 20)
	tests := []struct {
		name string
		json []byte
		kind ErrorKind
	}{
		{"not json", []byte("{"), ErrInvalidKeyFile},
		{"version 1", mutate(t, base, func(m map[string]any) { m["version"] = 1 }), ErrUnsupportedVersion},
		{"version string", mutate(t, base, func(m map[string]any) { m["version"] = "3" }), ErrUnsupportedVersion},
		{"no version", mutate(t, base, func(m map[string]any) { delete(m, "version") }), ErrUnsupportedVersion},
		{"bad address", mutate(t, base, func(m map[string]any) { m["address"] = "xyz" }), ErrInvalidKeyFile},
		{"other address", mutate(t, base, func(m map[string]any) { m["address"] = otherAddr }), ErrAddressMismatch},
		{"bad uuid", mutate(t, base, func(m map[string]any) { m["id"] = "1234" }), ErrInvalidKeyFile},
		{"uuid bad dashes", mutate(t, base, func(m map[string]any) {
			m["id"] = "3198bc9c-6672-5ab3-d995-4942343ae5b-"
		}), ErrInvalidKeyFile},
		{"uuid not hex", mutate(t, base, func(m map[string]any) {
			m["id"] = "3198bc9c-6672-5ab3-d995-4942343ae5bz"
		}), ErrInvalidKeyFile},
		{"cipher", mutate(t, base, crypt(func(c map[string]any) { c["cipher"] = "aes-128-cbc" })), ErrUnsupportedCipher},
		{"kdf", mutate(t, base, crypt(func(c map[string]any) { c["kdf"] = "argon2" })), ErrUnsupportedKDF},
		{"prf", mutate(t, base, kdfp(func(p map[string]any) { p["prf"] = "hmac-sha512" })), ErrUnsupportedKDF},
		{"dklen", mutate(t, base, kdfp(func(p map[string]any) { p["dklen"] = 16 })), ErrKDFParams},
		{"pbkdf2 c zero", mutate(t, base, kdfp(func(p map[string]any) { p["c"] = 0 })), ErrKDFParams},
		{"pbkdf2 c huge", mutate(t, base, kdfp(func(p map[string]any) { p["c"] = MaxPBKDF2Iterations + 1 })), ErrKDFParams},
		{"scrypt n not power of two", mutate(t, base, toScrypt(1000, 8, 1)), ErrKDFParams},
		{"scrypt n one", mutate(t, base, toScrypt(1, 8, 1)), ErrKDFParams},
		{"scrypt r zero", mutate(t, base, toScrypt(1024, 0, 1)), ErrKDFParams},
		{"scrypt n too big", mutate(t, base, toScrypt(1<<21, 8, 1)), ErrKDFParams},
		{"scrypt p too big", mutate(t, base, toScrypt(1024, 8, 1<<11+1)), ErrKDFParams},
		{"scrypt p huge", mutate(t, base, toScrypt(1024, 8, 1<<40)), ErrKDFParams},
		{"scrypt wrong password", mutate(t, base, toScrypt(16, 1, 1)), ErrDecrypt},
		{"salt not hex", mutate(t, base, kdfp(func(p map[string]any) { p["salt"] = "zz" })), ErrInvalidKeyFile},
		{"salt empty", mutate(t, base, kdfp(func(p map[string]any) { p["salt"] = "" })), ErrInvalidKeyFile},
		{"iv short", mutate(t, base, crypt(func(c map[string]any) {
			c["cipherparams"] = map[string]any{"iv": "00"}
		})), ErrInvalidKeyFile},
		{"mac short", mutate(t, base, crypt(func(c map[string]any) { c["mac"] = "00" })), ErrInvalidKeyFile},
		{"ciphertext empty", mutate(t, base, crypt(func(c map[string]any) { c["ciphertext"] = "" })), ErrInvalidKeyFile},
		{"mac mismatch", mutate(t, base, crypt(func(c map[string]any) { c["mac"] = strings.Repeat("00", 32) })), ErrDecrypt},
		{"plaintext 31 bytes", craftFile(t, make([]byte, 31)), ErrInvalidKeyFile},
		{"plaintext zero key", craftFile(t, make([]byte, 32)), ErrInvalidKeyFile},
		{"plaintext above order", craftFile(t, bytes.Repeat([]byte{0xff}, 32)), ErrInvalidKeyFile},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecryptKey(tc.json, "pw")
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want %v", err, tc.kind)
			}
		})
	}
	if _, err := DecryptKey(craftFile(t, bytes.Repeat([]byte{1}, 32)), "pw"); err != nil {
		t.Fatalf("crafted file with a valid key: %v", err)
	}
}

func TestEncryptErrors(t *testing.T) {
	k, err := NewKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		params KDFParams
		kind   ErrorKind
	}{
		{"unknown kdf", KDFParams{KDF: "argon2"}, ErrUnsupportedKDF},
		{"scrypt n", Scrypt(1000, 1), ErrKDFParams},
		{"pbkdf2 zero", PBKDF2(0), ErrKDFParams},
	} {
		if _, err := EncryptKey(k, "pw", tc.params, rand.Reader); !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
		}
	}
	// A randomness source that runs dry fails cleanly.
	for n := range 48 {
		if _, err := EncryptKey(k, "pw", PBKDF2(1), bytes.NewReader(make([]byte, n))); err == nil {
			t.Fatalf("short rand (%d bytes) accepted", n)
		}
	}
	if _, err := NewKey(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Fatal("NewKey with short rand")
	}
	// A candidate key of zero is skipped.
	seed := append(make([]byte, 32), bytes.Repeat([]byte{3}, 48)...)
	if k, err := NewKey(bytes.NewReader(seed)); err != nil || k.PrivateKey.Key.IsZero() {
		t.Fatalf("NewKey did not skip a zero key: %v", err)
	}
	if _, err := NewKey(bytes.NewReader(make([]byte, 40))); err == nil {
		t.Fatal("NewKey with rand ending after a rejected candidate")
	}
	if _, err := NewKeyFromPrivate(k.PrivateKey, bytes.NewReader(nil)); err == nil {
		t.Fatal("NewKeyFromPrivate with empty rand")
	}
}

func TestKeyFileName(t *testing.T) {
	addr, _ := ethtypes.ParseAddress("0x7ef5a6135f1fd6a02593eedc869c6d41d934aef8")
	ts := time.Date(2016, 3, 22, 13, 57, 55, 920751759, time.FixedZone("CET", 3600))
	const want = "UTC--2016-03-22T12-57-55.920751759Z--7ef5a6135f1fd6a02593eedc869c6d41d934aef8"
	if got := KeyFileName(addr, ts); got != want {
		t.Fatalf("%s, want %s", got, want)
	}
}

// TestStoreRoundTrip writes keys into a directory with the light scrypt
// parameters and reads them back.
func TestStoreRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keystore")
	s := &Store{Dir: dir, Params: Scrypt(LightScryptN, LightScryptP)}
	if accts, err := s.Accounts(); err != nil || len(accts) != 0 {
		t.Fatalf("empty store: %v %v", accts, err)
	}
	a1, err := s.NewAccount("one")
	if err != nil {
		t.Fatal(err)
	}
	priv := secp256k1.PrivKeyFromBytes(bytes.Repeat([]byte{0x42}, 32))
	a2, err := s.ImportKey(priv, "two")
	if err != nil {
		t.Fatal(err)
	}
	if a2.Address != ethtypes.PubkeyToAddress(priv.PubKey()) {
		t.Fatal("imported address")
	}
	name := regexp.MustCompile(`^UTC--\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{9}Z--[0-9a-f]{40}$`)
	for _, a := range []Account{a1, a2} {
		base := filepath.Base(a.Path)
		if !name.MatchString(base) || !strings.HasSuffix(base, hex.EncodeToString(a.Address[:])) {
			t.Errorf("file name %s", base)
		}
		st, err := os.Stat(a.Path)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v", a.Path, st.Mode(), err)
		}
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, %v", st.Mode(), err)
	}
	// Noise the listing must skip.
	os.WriteFile(filepath.Join(dir, "README"), []byte("not json"), 0o600)
	os.WriteFile(filepath.Join(dir, "other.json"), []byte(`{"address":"zz"}`), 0o600)
	os.WriteFile(filepath.Join(dir, ".hidden"), []byte(`{"address":"`+strings.Repeat("11", 20)+`"}`), 0o600)
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	accts, err := s.Accounts()
	if err != nil || len(accts) != 2 {
		t.Fatalf("Accounts: %v %v", accts, err)
	}
	k, err := s.Unlock(a2.Address, "two")
	if err != nil || k.PrivateKey.Key != priv.Key {
		t.Fatalf("Unlock: %v", err)
	}
	if _, err := s.Unlock(a1.Address, "two"); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := s.Unlock(ethtypes.Address{1}, "x"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("unknown address: %v", err)
	}
	k1, err := ReadKeyFile(a1.Path, "one")
	if err != nil || k1.Address != a1.Address {
		t.Fatalf("ReadKeyFile: %v", err)
	}
	if _, err := ReadKeyFile(filepath.Join(dir, "missing"), "one"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}

	// The same key twice at the same instant: the second write refuses to
	// replace the first; a later instant makes the address ambiguous.
	fixed := time.Unix(1700000000, 5)
	s.Now = func() time.Time { return fixed }
	if _, err := s.ImportKey(priv, "three"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportKey(priv, "three"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("overwrite: %v", err)
	}
	if _, err := s.Find(a2.Address); !errors.Is(err, ErrAmbiguousKey) {
		t.Fatalf("ambiguous: %v", err)
	}

	// A file named for one address but holding another key.
	bogus := filepath.Join(dir, "UTC--bogus")
	body, _ := os.ReadFile(a1.Path)
	body = mutate(t, body, func(m map[string]any) { m["address"] = strings.Repeat("cd", 20) })
	os.WriteFile(bogus, body, 0o600)
	cd, _ := ethtypes.ParseAddress(strings.Repeat("cd", 20))
	if _, err := s.Unlock(cd, "one"); !errors.Is(err, ErrAddressMismatch) {
		t.Fatalf("mismatch: %v", err)
	}
}

func TestStoreErrors(t *testing.T) {
	dir := t.TempDir()
	// A file where the directory should be.
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o600)
	s := &Store{Dir: filepath.Join(file, "keystore"), Params: PBKDF2(1)}
	if _, err := s.NewAccount("x"); err == nil {
		t.Fatal("NewAccount under a file")
	}
	if _, err := (&Store{Dir: file}).Accounts(); err == nil {
		t.Fatal("Accounts on a file")
	}
	if _, err := (&Store{Dir: file}).Find(ethtypes.Address{}); err == nil {
		t.Fatal("Find on a file")
	}
	bad := &Store{Dir: dir, Params: KDFParams{KDF: "none"}}
	if _, err := bad.NewAccount("x"); !errors.Is(err, ErrUnsupportedKDF) {
		t.Fatalf("bad params: %v", err)
	}
	if _, err := (&Store{Dir: dir, Rand: bytes.NewReader(nil)}).NewAccount("x"); err == nil {
		t.Fatal("NewAccount with empty rand")
	}
	if _, err := (&Store{Dir: dir, Rand: bytes.NewReader(nil)}).ImportKey(secp256k1.PrivKeyFromBytes([]byte{1}), "x"); err == nil {
		t.Fatal("ImportKey with empty rand")
	}
	if s := NewStore(dir); s.Params.N != StandardScryptN || s.Params.P != StandardScryptP || s.Params.R != 8 {
		t.Fatalf("NewStore params %+v", s.Params)
	}
	// An unreadable key file makes the listing fail (skipped as root,
	// which reads anything).
	if os.Geteuid() != 0 {
		p := filepath.Join(dir, "locked")
		os.WriteFile(p, []byte("{}"), 0o000)
		if _, err := (&Store{Dir: dir}).Accounts(); err == nil {
			t.Fatal("unreadable file not reported")
		}
	}
}

func TestErrorKinds(t *testing.T) {
	kinds := []ErrorKind{ErrDecrypt, ErrInvalidKeyFile, ErrUnsupportedVersion, ErrUnsupportedCipher,
		ErrUnsupportedKDF, ErrKDFParams, ErrAddressMismatch, ErrNoKey, ErrAmbiguousKey}
	cause := errors.New("cause")
	for _, k := range kinds {
		err := newError(k, "d", cause)
		if !errors.Is(err, k) || !errors.Is(err, cause) || err.Error() != k.Error()+": d" {
			t.Errorf("%q: %v", k, err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Err != k {
			t.Errorf("errors.As %q", k)
		}
		for _, o := range kinds {
			if o != k && errors.Is(err, o) {
				t.Errorf("%q matches %q", k, o)
			}
		}
	}
	if (&Error{Err: ErrNoKey}).Error() != ErrNoKey.Error() {
		t.Error("Error() without description")
	}
}

// FuzzParseKeyFile parses arbitrary key files (everything but the KDF).
func FuzzParseKeyFile(f *testing.F) {
	if dir, err := testdata.Locate(); err == nil {
		raw, err := os.ReadFile(filepath.Join(dir, "ethereum-tests", "KeyStoreTests", "basic_tests.json"))
		if err == nil {
			var v map[string]vector
			if json.Unmarshal(raw, &v) == nil {
				for _, c := range v {
					f.Add([]byte(c.JSON))
				}
			}
		}
	}
	f.Add([]byte(`{"version":3,"crypto":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		kf, err := parseKeyFile(b)
		if err != nil {
			return
		}
		if len(kf.iv) != 16 || len(kf.mac) != 32 || len(kf.salt) == 0 || len(kf.cipherText) == 0 {
			t.Fatalf("accepted malformed file %s", b)
		}
		if kf.params.DKLen != 32 || (kf.kdf == "scrypt" && (uint64(kf.params.N)*uint64(kf.params.R)*128 > MaxScryptMemory ||
			uint64(kf.params.N)*uint64(kf.params.R)*uint64(kf.params.P) > MaxScryptWork)) {
			t.Fatalf("accepted out-of-range params %+v", kf.params)
		}
	})
}
