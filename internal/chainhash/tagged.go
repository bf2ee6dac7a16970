package chainhash

import (
	"crypto/sha256"
	"encoding"
	"hash"
)

// Tagged is a BIP340 tagged hash function for one tag: SHA-256(SHA-256(tag) ||
// SHA-256(tag) || msg). It keeps the SHA-256 state after the 64-byte prefix so
// that each use only hashes the message.
//
// A Tagged value is immutable and safe for concurrent use.
type Tagged struct {
	tag   string
	state []byte // marshalled sha256 state after absorbing the prefix
}

// NewTagged precomputes the tagged-hash prefix for tag.
func NewTagged(tag string) *Tagged {
	th := sha256.Sum256([]byte(tag))
	d := sha256.New()
	d.Write(th[:])
	d.Write(th[:])
	st, err := d.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		// The standard library's SHA-256 always marshals.
		panic("chainhash: sha256 state does not marshal: " + err.Error())
	}
	return &Tagged{tag: tag, state: st}
}

// Tag returns the tag string.
func (t *Tagged) Tag() string { return t.tag }

// New returns a hash.Hash that has absorbed the tag prefix; write the message
// to it and call Sum(nil).
func (t *Tagged) New() hash.Hash {
	d := sha256.New()
	if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(t.state); err != nil {
		panic("chainhash: sha256 state does not unmarshal: " + err.Error())
	}
	return d
}

// Sum hashes the concatenation of msgs under the tag.
func (t *Tagged) Sum(msgs ...[]byte) Hash {
	d := t.New()
	for _, m := range msgs {
		d.Write(m)
	}
	var h Hash
	d.Sum(h[:0])
	return h
}

// TaggedHash computes the BIP340 tagged hash of msgs under tag without any
// precomputation. Prefer a package-level Tagged for hot paths.
func TaggedHash(tag string, msgs ...[]byte) Hash {
	th := sha256.Sum256([]byte(tag))
	d := sha256.New()
	d.Write(th[:])
	d.Write(th[:])
	for _, m := range msgs {
		d.Write(m)
	}
	var h Hash
	d.Sum(h[:0])
	return h
}

// The tags used by Bitcoin consensus (BIP340, BIP341, BIP342). They are
// constant tables built once; they hold no mutable state.
var (
	TagBIP340Challenge = NewTagged("BIP0340/challenge")
	TagBIP340Aux       = NewTagged("BIP0340/aux")
	TagBIP340Nonce     = NewTagged("BIP0340/nonce")
	TagTapLeaf         = NewTagged("TapLeaf")
	TagTapBranch       = NewTagged("TapBranch")
	TagTapTweak        = NewTagged("TapTweak")
	TagTapSighash      = NewTagged("TapSighash")
)
