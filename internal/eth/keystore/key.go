package keystore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"golang.org/x/crypto/scrypt"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Scrypt and PBKDF2 parameters. Standard and light are geth's settings
// (r = 8 for both).
const (
	StandardScryptN = 1 << 18
	StandardScryptP = 1
	LightScryptN    = 1 << 12
	LightScryptP    = 6
	ScryptR         = 8

	// DefaultPBKDF2Iterations is the iteration count used when writing
	// PBKDF2 files.
	DefaultPBKDF2Iterations = 262144

	// MaxScryptMemory bounds the memory scrypt may use for a file being
	// read: 128 * N * r bytes. 1 GiB is four times geth's standard
	// setting.
	MaxScryptMemory = 1 << 30
	// MaxScryptWork bounds the work of scrypt for a file being read:
	// N * r * p (the p blocks are mixed one after the other). 2^24 is eight
	// times geth's standard setting, some seconds.
	MaxScryptWork = 1 << 24
	// MaxPBKDF2Iterations bounds the PBKDF2 work of a file being read.
	MaxPBKDF2Iterations = 1 << 26

	// Version is the key file version this package reads and writes.
	Version = 3

	keyLen  = 32 // derived key: 16 bytes of AES key, 16 of MAC key
	saltLen = 32
	ivLen   = aes.BlockSize
)

// KDFParams selects the key derivation function used to encrypt a key and
// its cost: scrypt (N, R, P) or PBKDF2 with HMAC-SHA256 (Iterations).
type KDFParams struct {
	KDF        string // "scrypt" or "pbkdf2"
	N, R, P    int    // scrypt
	Iterations int    // pbkdf2
}

// Scrypt returns scrypt parameters with cost n (a power of two), r = 8 and
// parallelism p. Use StandardScryptN/StandardScryptP for real accounts and
// LightScryptN/LightScryptP for tests and low-powered machines.
func Scrypt(n, p int) KDFParams { return KDFParams{KDF: "scrypt", N: n, R: ScryptR, P: p} }

// PBKDF2 returns PBKDF2-HMAC-SHA256 parameters with the given iteration
// count.
func PBKDF2(iterations int) KDFParams { return KDFParams{KDF: "pbkdf2", Iterations: iterations} }

// Key is a decrypted account key.
type Key struct {
	ID         [16]byte // the file's UUID
	Address    ethtypes.Address
	PrivateKey *secp256k1.PrivateKey
}

// NewKey generates a key from rand (crypto/rand.Reader in production) with
// a random version-4 UUID.
//
// This function is safe for concurrent access if rand is.
func NewKey(rand io.Reader) (*Key, error) {
	var b [32]byte
	for {
		if _, err := io.ReadFull(rand, b[:]); err != nil {
			return nil, err
		}
		var s secp256k1.ModNScalar
		if overflow := s.SetBytes(&b); overflow == 0 && !s.IsZero() {
			break
		}
	}
	priv := secp256k1.PrivKeyFromBytes(b[:])
	clear(b[:])
	return NewKeyFromPrivate(priv, rand)
}

// NewKeyFromPrivate wraps an existing private key (an import) with a
// random version-4 UUID read from rand.
//
// This function is safe for concurrent access if rand is.
func NewKeyFromPrivate(priv *secp256k1.PrivateKey, rand io.Reader) (*Key, error) {
	k := &Key{PrivateKey: priv, Address: ethtypes.PubkeyToAddress(priv.PubKey())}
	if _, err := io.ReadFull(rand, k.ID[:]); err != nil {
		return nil, err
	}
	k.ID[6] = k.ID[6]&0x0f | 0x40 // version 4
	k.ID[8] = k.ID[8]&0x3f | 0x80 // RFC 4122 variant
	return k, nil
}

// keyFileJSON is the on-disk layout of a v3 key file.
type keyFileJSON struct {
	Address string          `json:"address,omitempty"`
	Crypto  cryptoJSON      `json:"crypto"`
	ID      string          `json:"id,omitempty"`
	Version json.RawMessage `json:"version"`
}

type cryptoJSON struct {
	Cipher       string           `json:"cipher"`
	CipherText   string           `json:"ciphertext"`
	CipherParams cipherParamsJSON `json:"cipherparams"`
	KDF          string           `json:"kdf"`
	KDFParams    kdfParamsJSON    `json:"kdfparams"`
	MAC          string           `json:"mac"`
}

type cipherParamsJSON struct {
	IV string `json:"iv"`
}

// kdfParamsJSON holds the union of scrypt's and pbkdf2's fields; only the
// KDF's own are written.
type kdfParamsJSON struct {
	DKLen int    `json:"dklen"`
	N     int    `json:"n,omitempty"`
	R     int    `json:"r,omitempty"`
	P     int    `json:"p,omitempty"`
	C     int    `json:"c,omitempty"`
	PRF   string `json:"prf,omitempty"`
	Salt  string `json:"salt"`
}

// EncryptKey returns the v3 key file (JSON) holding key encrypted with
// password under params: the derived key's first 16 bytes are the
// AES-128-CTR key, and MAC = keccak256(derivedKey[16:32] || ciphertext).
// Salt and IV are read from rand (crypto/rand.Reader in production).
//
// This function is safe for concurrent access if rand is.
func EncryptKey(key *Key, password string, params KDFParams, rand io.Reader) ([]byte, error) {
	salt := make([]byte, saltLen)
	iv := make([]byte, ivLen)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(rand, iv); err != nil {
		return nil, err
	}
	kp := kdfParamsJSON{DKLen: keyLen, Salt: hex.EncodeToString(salt)}
	switch params.KDF {
	case "scrypt":
		kp.N, kp.R, kp.P = params.N, params.R, params.P
	case "pbkdf2":
		kp.C, kp.PRF = params.Iterations, "hmac-sha256"
	default:
		return nil, newError(ErrUnsupportedKDF, params.KDF, nil)
	}
	if err := checkKDFParams(params.KDF, &kp); err != nil {
		return nil, err
	}
	dk, err := deriveKey(password, params.KDF, &kp, salt)
	if err != nil {
		return nil, err
	}
	defer clear(dk)
	plain := key.PrivateKey.Key.Bytes()
	defer clear(plain[:])
	ct := aesCTR(dk[:16], iv, plain[:])
	mac := crypto.Keccak256(dk[16:32], ct)
	f := keyFileJSON{
		Address: hex.EncodeToString(key.Address[:]),
		Crypto: cryptoJSON{
			Cipher:       "aes-128-ctr",
			CipherText:   hex.EncodeToString(ct),
			CipherParams: cipherParamsJSON{IV: hex.EncodeToString(iv)},
			KDF:          params.KDF,
			KDFParams:    kp,
			MAC:          hex.EncodeToString(mac[:]),
		},
		ID:      formatUUID(key.ID),
		Version: json.RawMessage("3"),
	}
	return json.MarshalIndent(&f, "", "  ")
}

// DecryptKey decrypts a v3 key file with password. A wrong password gives
// ErrDecrypt; a malformed file ErrInvalidKeyFile, ErrUnsupportedVersion,
// ErrUnsupportedCipher, ErrUnsupportedKDF or ErrKDFParams; a file whose
// "address" field (optional) is not the key's address ErrAddressMismatch.
//
// The KDF runs before the MAC can be checked, so decrypting costs what the
// file's parameters ask, up to MaxScryptMemory / MaxPBKDF2Iterations.
//
// This function is safe for concurrent access.
func DecryptKey(keyJSON []byte, password string) (*Key, error) {
	f, err := parseKeyFile(keyJSON)
	if err != nil {
		return nil, err
	}
	dk, err := deriveKey(password, f.kdf, &f.params, f.salt)
	if err != nil {
		return nil, err
	}
	defer clear(dk)
	mac := crypto.Keccak256(dk[16:32], f.cipherText)
	if subtle.ConstantTimeCompare(mac[:], f.mac) != 1 {
		return nil, ErrDecrypt
	}
	plain := aesCTR(dk[:16], f.iv, f.cipherText)
	defer clear(plain)
	var s secp256k1.ModNScalar
	if len(plain) != 32 || s.SetByteSlice(plain) || s.IsZero() {
		return nil, newError(ErrInvalidKeyFile, "decrypted data is not a secp256k1 private key", nil)
	}
	k := &Key{ID: f.id, PrivateKey: secp256k1.NewPrivateKey(&s)}
	k.Address = ethtypes.PubkeyToAddress(k.PrivateKey.PubKey())
	if f.hasAddress && f.address != k.Address {
		return nil, newError(ErrAddressMismatch, fmt.Sprintf("file names %s, key is %s", f.address, k.Address), nil)
	}
	return k, nil
}

// keyFile is a parsed, checked key file.
type keyFile struct {
	address    ethtypes.Address
	hasAddress bool
	id         [16]byte
	kdf        string
	params     kdfParamsJSON
	salt       []byte
	iv         []byte
	cipherText []byte
	mac        []byte
}

// parseKeyFile parses and checks everything but the password.
func parseKeyFile(keyJSON []byte) (*keyFile, error) {
	var j keyFileJSON
	if err := json.Unmarshal(keyJSON, &j); err != nil {
		return nil, newError(ErrInvalidKeyFile, "json", err)
	}
	if string(j.Version) != "3" {
		return nil, newError(ErrUnsupportedVersion, fmt.Sprintf("version %s", j.Version), nil)
	}
	f := &keyFile{kdf: j.Crypto.KDF, params: j.Crypto.KDFParams}
	if j.Address != "" {
		a, err := ethtypes.ParseAddress(j.Address)
		if err != nil {
			return nil, newError(ErrInvalidKeyFile, "address", err)
		}
		f.address, f.hasAddress = a, true
	}
	if j.ID != "" {
		id, ok := parseUUID(j.ID)
		if !ok {
			return nil, newError(ErrInvalidKeyFile, fmt.Sprintf("id %q is not a UUID", j.ID), nil)
		}
		f.id = id
	}
	if j.Crypto.Cipher != "aes-128-ctr" {
		return nil, newError(ErrUnsupportedCipher, j.Crypto.Cipher, nil)
	}
	if j.Crypto.KDF != "scrypt" && j.Crypto.KDF != "pbkdf2" {
		return nil, newError(ErrUnsupportedKDF, j.Crypto.KDF, nil)
	}
	if err := checkKDFParams(j.Crypto.KDF, &f.params); err != nil {
		return nil, err
	}
	var err error
	for _, fld := range []struct {
		name string
		hex  string
		out  *[]byte
		size int // exact size, or 0 for any non-empty
	}{
		{"salt", f.params.Salt, &f.salt, 0},
		{"iv", j.Crypto.CipherParams.IV, &f.iv, ivLen},
		{"ciphertext", j.Crypto.CipherText, &f.cipherText, 0},
		{"mac", j.Crypto.MAC, &f.mac, 32},
	} {
		if *fld.out, err = hex.DecodeString(fld.hex); err != nil {
			return nil, newError(ErrInvalidKeyFile, fld.name, err)
		}
		if len(*fld.out) == 0 || (fld.size != 0 && len(*fld.out) != fld.size) {
			return nil, newError(ErrInvalidKeyFile, fmt.Sprintf("%s has %d bytes", fld.name, len(*fld.out)), nil)
		}
	}
	return f, nil
}

// checkKDFParams bounds the parameters of a KDF.
func checkKDFParams(kdf string, p *kdfParamsJSON) error {
	if p.DKLen != keyLen {
		return newError(ErrKDFParams, fmt.Sprintf("dklen %d, want %d", p.DKLen, keyLen), nil)
	}
	switch kdf {
	case "scrypt":
		if p.N <= 1 || bits.OnesCount(uint(p.N)) != 1 || p.R <= 0 || p.P <= 0 {
			return newError(ErrKDFParams, fmt.Sprintf("scrypt n=%d r=%d p=%d", p.N, p.R, p.P), nil)
		}
		if uint64(p.N) > MaxScryptMemory/128/uint64(p.R) || uint64(p.P) > MaxScryptWork/(uint64(p.N)*uint64(p.R)) {
			return newError(ErrKDFParams, fmt.Sprintf("scrypt n=%d r=%d p=%d exceeds %d bytes or N*r*p %d",
				p.N, p.R, p.P, MaxScryptMemory, MaxScryptWork), nil)
		}
	case "pbkdf2":
		if p.PRF != "hmac-sha256" {
			return newError(ErrUnsupportedKDF, "pbkdf2 prf "+p.PRF, nil)
		}
		if p.C <= 0 || p.C > MaxPBKDF2Iterations {
			return newError(ErrKDFParams, fmt.Sprintf("pbkdf2 c=%d", p.C), nil)
		}
	}
	return nil
}

// deriveKey runs the KDF.
func deriveKey(password, kdf string, p *kdfParamsJSON, salt []byte) ([]byte, error) {
	if kdf == "scrypt" {
		dk, err := scrypt.Key([]byte(password), salt, p.N, p.R, p.P, p.DKLen)
		if err != nil {
			return nil, newError(ErrKDFParams, "scrypt", err)
		}
		return dk, nil
	}
	dk, err := pbkdf2.Key(sha256.New, password, salt, p.C, p.DKLen)
	if err != nil {
		return nil, newError(ErrKDFParams, "pbkdf2", err)
	}
	return dk, nil
}

// aesCTR encrypts or decrypts in with AES-128-CTR. key is 16 bytes and iv
// ivLen bytes (the callers guarantee both).
func aesCTR(key, iv, in []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic("keystore: AES key must be 16 bytes") // unreachable: callers pass dk[:16]
	}
	out := make([]byte, len(in))
	cipher.NewCTR(block, iv).XORKeyStream(out, in)
	return out
}

// formatUUID writes id in the 8-4-4-4-12 form.
func formatUUID(id [16]byte) string {
	h := hex.EncodeToString(id[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// parseUUID parses the 8-4-4-4-12 form (any case).
func parseUUID(s string) ([16]byte, bool) {
	var id [16]byte
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, false
	}
	h := strings.ReplaceAll(s, "-", "")
	if len(h) != 32 {
		return id, false
	}
	if _, err := hex.Decode(id[:], []byte(h)); err != nil {
		return id, false
	}
	return id, true
}
