package wallet

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"errors"

	"golang.org/x/crypto/scrypt"
)

// Encryption at rest.
//
// An encrypted wallet holds a random 32-byte master key. The master key is
// stored encrypted under a key derived from the passphrase with scrypt
// (N, r, p and a 16-byte random salt are stored beside it; defaults N=2^15,
// r=8, p=1, about 32 MiB and 0.1 s), and sealed with AES-256-GCM, whose
// authentication tag is how a wrong passphrase is recognised. Every piece of
// private material (the mnemonic, private descriptors, imported keys) is
// sealed with AES-256-GCM under the master key with a random 12-byte nonce and
// the record's key as additional data, so a record moved to another key fails
// to open. Bitcoin Core uses SHA-512 iterations and AES-256-CBC instead;
// scrypt is memory-hard and GCM authenticates, which is why we chose them.

const (
	masterKeyLen   = 32
	saltLen        = 16
	nonceLen       = 12
	defaultScryptN = 1 << 15
	scryptR        = 8
	scryptP        = 1
)

// masterKeyRecord is the stored form of the encrypted master key.
type masterKeyRecord struct {
	Salt      []byte
	N, R, P   uint32
	Encrypted []byte // nonce || AES-256-GCM(master key)
}

func (m *masterKeyRecord) encode() []byte {
	b := make([]byte, 0, 1+saltLen+12+len(m.Encrypted))
	b = append(b, byte(len(m.Salt)))
	b = append(b, m.Salt...)
	b = binary.LittleEndian.AppendUint32(b, m.N)
	b = binary.LittleEndian.AppendUint32(b, m.R)
	b = binary.LittleEndian.AppendUint32(b, m.P)
	return append(b, m.Encrypted...)
}

func decodeMasterKeyRecord(b []byte) (*masterKeyRecord, error) {
	if len(b) < 1 {
		return nil, errors.New("short master key record")
	}
	n := int(b[0])
	if len(b) < 1+n+12+nonceLen+16 {
		return nil, errors.New("short master key record")
	}
	m := &masterKeyRecord{Salt: append([]byte(nil), b[1:1+n]...)}
	b = b[1+n:]
	m.N = binary.LittleEndian.Uint32(b)
	m.R = binary.LittleEndian.Uint32(b[4:])
	m.P = binary.LittleEndian.Uint32(b[8:])
	m.Encrypted = append([]byte(nil), b[12:]...)
	if m.N < 2 || m.N&(m.N-1) != 0 || m.N > 1<<22 || m.R == 0 || m.R > 32 || m.P == 0 || m.P > 16 {
		return nil, errors.New("bad scrypt parameters in master key record")
	}
	return m, nil
}

// deriveKey runs scrypt over the passphrase.
func (m *masterKeyRecord) deriveKey(passphrase string) ([]byte, error) {
	return scrypt.Key([]byte(passphrase), m.Salt, int(m.N), int(m.R), int(m.P), 32)
}

// newMasterKey creates a random master key and its record under passphrase.
func newMasterKey(passphrase string, scryptN int) (key []byte, rec *masterKeyRecord, err error) {
	if scryptN == 0 {
		scryptN = defaultScryptN
	}
	key = make([]byte, masterKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, nil, err
	}
	rec, err = sealMasterKey(key, passphrase, scryptN)
	return key, rec, err
}

// sealMasterKey encrypts key under passphrase with a fresh salt.
func sealMasterKey(key []byte, passphrase string, scryptN int) (*masterKeyRecord, error) {
	rec := &masterKeyRecord{Salt: make([]byte, saltLen), N: uint32(scryptN), R: scryptR, P: scryptP}
	if _, err := rand.Read(rec.Salt); err != nil {
		return nil, err
	}
	kek, err := rec.deriveKey(passphrase)
	if err != nil {
		return nil, err
	}
	rec.Encrypted, err = seal(kek, key, []byte("mkey"))
	return rec, err
}

// openMasterKey decrypts the master key; ErrWrongPassphrase when the
// passphrase does not open it.
func (m *masterKeyRecord) open(passphrase string) ([]byte, error) {
	kek, err := m.deriveKey(passphrase)
	if err != nil {
		return nil, err
	}
	key, err := unseal(kek, m.Encrypted, []byte("mkey"))
	if err != nil {
		return nil, makeError(ErrWrongPassphrase, "Error: The wallet passphrase entered was incorrect.")
	}
	return key, nil
}

// seal encrypts plain with AES-256-GCM under key, binding ad; the result is
// nonce || ciphertext || tag.
func seal(key, plain, ad []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	out := make([]byte, nonceLen, nonceLen+len(plain)+gcm.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, err
	}
	return gcm.Seal(out, out[:nonceLen], plain, ad), nil
}

// unseal reverses seal; it fails when the key, the data or ad differ.
func unseal(key, sealed, ad []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if len(sealed) < nonceLen+gcm.Overhead() {
		return nil, errors.New("sealed data too short")
	}
	return gcm.Open(nil, sealed[:nonceLen], sealed[nonceLen:], ad)
}

// wipe zeroes b (best effort: the Go runtime may have copied it).
func wipe(b []byte) {
	subtle.XORBytes(b, b, b)
}
