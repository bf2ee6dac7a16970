package hdkeychain

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/sha512"
	"strings"

	bip39 "github.com/cosmos/go-bip39"
	"golang.org/x/text/unicode/norm"
)

// NewMnemonic returns the BIP39 English mnemonic sentence of entropy, which
// must be 16, 20, 24, 28 or 32 bytes (12 to 24 words).
//
// This function is safe for concurrent access.
func NewMnemonic(entropy []byte) (string, error) {
	switch len(entropy) {
	case 16, 20, 24, 28, 32:
	default:
		return "", makeError(ErrInvalidEntropy, "entropy must be 16, 20, 24, 28 or 32 bytes, got %d", len(entropy))
	}
	m, err := bip39.NewMnemonic(entropy)
	if err != nil {
		return "", makeError(ErrInvalidEntropy, "%v", err)
	}
	return m, nil
}

// MnemonicToEntropy checks a BIP39 English mnemonic (word count, words,
// checksum) and returns the entropy it encodes. Words are separated by any
// white space; the sentence is NFKD-normalized first.
//
// This function is safe for concurrent access.
func MnemonicToEntropy(mnemonic string) ([]byte, error) {
	words := strings.Fields(norm.NFKD.String(mnemonic))
	n := len(words)
	if n < 12 || n > 24 || n%3 != 0 {
		return nil, makeError(ErrInvalidMnemonic, "mnemonic must have 12, 15, 18, 21 or 24 words, got %d", n)
	}
	// n words carry 11n bits: 32n/3 bits of entropy and n/3 checksum bits.
	var bits [33]byte
	pos := 0
	for _, w := range words {
		idx, ok := bip39.ReverseWordMap[w]
		if !ok || idx < 0 || idx >= 2048 {
			return nil, makeError(ErrInvalidMnemonic, "word %q is not in the BIP39 English list", w)
		}
		for j := 10; j >= 0; j-- {
			if idx>>j&1 == 1 {
				bits[pos/8] |= 0x80 >> (pos % 8)
			}
			pos++
		}
	}
	entLen := n * 4 / 3 // bytes of entropy
	csBits := n / 3
	entropy := make([]byte, entLen)
	copy(entropy, bits[:entLen])
	h := sha256.Sum256(entropy)
	want := h[0] >> (8 - csBits)
	got := bits[entLen] >> (8 - csBits)
	if want != got {
		return nil, makeError(ErrInvalidMnemonic, "mnemonic checksum mismatch")
	}
	return entropy, nil
}

// MnemonicToSeed validates a BIP39 English mnemonic (see MnemonicToEntropy)
// and returns its 64-byte seed: PBKDF2-HMAC-SHA512 with 2048 iterations of
// the NFKD-normalized sentence (words joined by single spaces), salted with
// "mnemonic" followed by the NFKD-normalized passphrase.
//
// This function is safe for concurrent access.
func MnemonicToSeed(mnemonic, passphrase string) ([]byte, error) {
	if _, err := MnemonicToEntropy(mnemonic); err != nil {
		return nil, err
	}
	sentence := strings.Join(strings.Fields(norm.NFKD.String(mnemonic)), " ")
	salt := "mnemonic" + norm.NFKD.String(passphrase)
	seed, err := pbkdf2.Key(sha512.New, sentence, []byte(salt), 2048, 64)
	if err != nil {
		return nil, makeError(ErrInvalidMnemonic, "pbkdf2: %v", err)
	}
	return seed, nil
}
