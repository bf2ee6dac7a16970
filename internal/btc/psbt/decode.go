package psbt

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/crypto"
)

// MaxSize is the largest serialized PSBT Decode accepts (Core's
// MAX_FILE_SIZE_PSBT).
const MaxSize = 100_000_000

// lockTimeThreshold separates block heights from timestamps in lock times.
const lockTimeThreshold = 500_000_000

// Decode parses a serialized PSBT exactly as Bitcoin Core's DecodeRawPSBT
// does, with Core's error messages as the returned Error's description (kind
// ErrDecode). Unknown and proprietary fields are kept. The result aliases b,
// which must not be modified afterwards.
//
// This function is safe for concurrent access.
func Decode(b []byte) (*Packet, error) {
	if len(b) > MaxSize {
		return nil, makeError(ErrDecode, "PSBT too large")
	}
	r := &reader{b: b}
	p, err := decodePacket(r)
	if err != nil {
		return nil, err
	}
	if !r.empty() {
		return nil, makeError(ErrDecode, "extra data after PSBT")
	}
	return p, nil
}

// DecodeBase64 decodes Base64 text (standard alphabet with padding, as Core's
// DecodeBase64) and then the PSBT. Invalid Base64 is an ErrInvalidBase64 error
// with Core's message "invalid base64".
//
// This function is safe for concurrent access.
func DecodeBase64(s string) (*Packet, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") {
		return nil, makeError(ErrInvalidBase64, "invalid base64")
	}
	return Decode(b)
}

// keySet detects duplicate keys within one map.
type keySet map[string]struct{}

func (ks keySet) add(k []byte) bool {
	if _, ok := ks[string(k)]; ok {
		return false
	}
	ks[string(k)] = struct{}{}
	return true
}

func expectKeySize(name string, key []byte, n int) error {
	if len(key) != n {
		return decodeErr(fmt.Sprintf("Size of key was not %d for the type %s", n, name))
	}
	return nil
}

// keyType reads the compact-size type at the start of key and returns it with
// the key data after it.
func keyType(key []byte) (uint64, []byte, error) {
	t, n, err := primitives.ReadCompactSize(key)
	if err != nil {
		return 0, nil, streamErr(err)
	}
	return t, key[n:], nil
}

func readProprietary(key, keyData []byte, r *reader) (Proprietary, error) {
	kr := &reader{b: keyData}
	id, err := kr.vec()
	if err != nil {
		return Proprietary{}, err
	}
	sub, err := kr.compact()
	if err != nil {
		return Proprietary{}, err
	}
	val, err := r.vec()
	if err != nil {
		return Proprietary{}, err
	}
	return Proprietary{Identifier: id, Subtype: sub, Key: key, Value: val}, nil
}

func validPubKey(b []byte) bool {
	if len(b) != 33 && len(b) != 65 {
		return false
	}
	_, err := crypto.ParsePubKey(b)
	return err == nil
}

func validCompressed(b []byte) bool { return len(b) == 33 && validPubKey(b) }

func decodePacket(r *reader) (*Packet, error) {
	m, err := r.take(5)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(m, magic[:]) {
		return nil, decodeErr("Invalid PSBT magic bytes")
	}
	p := &Packet{}
	keys := keySet{}
	var v2fields []Unknown
	var (
		version                                 *uint32
		inputCount, outputCount                 uint64
		foundInCount, foundOutCount, foundTxVer bool
		foundFallback, foundSep                 bool
	)
	for !r.empty() {
		key, err := r.vec()
		if err != nil {
			return nil, err
		}
		if len(key) == 0 {
			foundSep = true
			break
		}
		if !keys.add(key) {
			return nil, decodeErr(fmt.Sprintf("Duplicate Key, global key %q already provided", hex.EncodeToString(key)))
		}
		typ, keyData, err := keyType(key)
		if err != nil {
			return nil, err
		}
		switch typ {
		case GlobalUnsignedTx:
			if err := expectKeySize("Global Unsigned TX", key, 1); err != nil {
				return nil, err
			}
			val, err := r.vec()
			if err != nil {
				return nil, err
			}
			tx, err := primitives.DecodeTxNoWitness(val)
			if err != nil {
				if errorsIsTrailing(err) {
					return nil, decodeErr(msgValueSize)
				}
				return nil, streamErr(err)
			}
			for i := range tx.Inputs {
				if len(tx.Inputs[i].ScriptSig) != 0 || len(tx.Inputs[i].Witness) != 0 {
					return nil, decodeErr("Unsigned tx does not have empty scriptSigs and scriptWitnesses.")
				}
			}
			p.Tx = tx
			p.TxVersion = uint32(tx.Version)
			lt := tx.LockTime
			p.FallbackLockTime = &lt
			inputCount = uint64(len(tx.Inputs))
			outputCount = uint64(len(tx.Outputs))
		case GlobalTxVersion, GlobalFallbackLock, GlobalInputCount, GlobalOutputCount, GlobalTxModifiable:
			// BIP370 globals: interpreted once the version is known. In a
			// version 0 PSBT the real fields (no key data) are forbidden
			// and keys with data are unknown fields.
			val, err := r.vec()
			if err != nil {
				return nil, err
			}
			v2fields = append(v2fields, Unknown{Key: key, Value: val})
		case GlobalXPub:
			if err := expectKeySize("Global XPUB", key, 79); err != nil {
				return nil, err
			}
			if !validCompressed(key[46:79]) {
				return nil, decodeErr(msgInvalidPubKey)
			}
			ko, err := r.hdKeyPath()
			if err != nil {
				return nil, err
			}
			p.XPubs = append(p.XPubs, XPub{ExtendedKey: key[1:79:79], Origin: ko})
		case GlobalVersion:
			if err := expectKeySize("Global PSBT Version", key, 1); err != nil {
				return nil, err
			}
			v, err := r.sizedU32()
			if err != nil {
				return nil, err
			}
			version = &v
			if v > highestVersion {
				return nil, decodeErr("Unsupported version number")
			}
		case GlobalProprietary:
			prop, err := readProprietary(key, keyData, r)
			if err != nil {
				return nil, err
			}
			p.Proprietary = append(p.Proprietary, prop)
		default:
			val, err := r.vec()
			if err != nil {
				return nil, err
			}
			p.Unknown = append(p.Unknown, Unknown{Key: key, Value: val})
		}
	}
	if !foundSep {
		return nil, decodeErr("Separator is missing at the end of the global map")
	}
	if version != nil {
		p.Version = *version
	}
	if p.Version == 2 {
		for _, f := range v2fields {
			if err := p.decodeV2Global(f, &inputCount, &outputCount, &foundTxVer, &foundFallback, &foundInCount, &foundOutCount); err != nil {
				return nil, err
			}
		}
	} else {
		for _, f := range v2fields {
			if len(f.Key) == 1 {
				return nil, decodeErr(v2GlobalNames[f.Key[0]] + " is not allowed in PSBTv0")
			}
			p.Unknown = append(p.Unknown, f) // see decodeInput
		}
	}
	switch p.Version {
	case 0:
		if p.Tx == nil {
			return nil, decodeErr("No unsigned transaction was provided")
		}
	case 1:
		return nil, decodeErr("There is no PSBT version 1")
	case 2:
		switch {
		case !foundTxVer:
			return nil, decodeErr("PSBT_GLOBAL_TX_VERSION is required in PSBTv2")
		case !foundInCount:
			return nil, decodeErr("PSBT_GLOBAL_INPUT_COUNT is required in PSBTv2")
		case !foundOutCount:
			return nil, decodeErr("PSBT_GLOBAL_OUTPUT_COUNT is required in PSBTv2")
		case p.Tx != nil:
			return nil, decodeErr("PSBT_GLOBAL_UNSIGNED_TX is not allowed in PSBTv2")
		}
	}

	// Inputs: never preallocate from an untrusted count; each map needs at
	// least one byte.
	if inputCount <= uint64(r.remaining()) {
		p.Inputs = make([]Input, 0, inputCount)
	}
	for i := uint64(0); !r.empty() && i < inputCount; i++ {
		var in Input
		if p.Version < 2 {
			txin := &p.Tx.Inputs[i]
			in.PreviousTxID = txin.PrevOut.Hash
			in.OutputIndex = txin.PrevOut.Index
			seq := txin.Sequence
			in.Sequence = &seq
		}
		if err := decodeInput(r, &in, p.Version); err != nil {
			return nil, err
		}
		if u := in.NonWitnessUTXO; u != nil {
			if u.TxHash() != in.PreviousTxID {
				return nil, decodeErr("Non-witness UTXO does not match outpoint hash")
			}
			if int(in.OutputIndex) >= len(u.Outputs) || in.OutputIndex >= uint32(len(u.Outputs)) {
				return nil, decodeErr("Input specifies output index that does not exist")
			}
		}
		p.Inputs = append(p.Inputs, in)
	}
	if uint64(len(p.Inputs)) != inputCount {
		return nil, decodeErr("Inputs provided does not match the number of inputs in transaction.")
	}
	if outputCount <= uint64(r.remaining()) {
		p.Outputs = make([]Output, 0, outputCount)
	}
	for i := uint64(0); !r.empty() && i < outputCount; i++ {
		var out Output
		if p.Version < 2 {
			out.Amount = p.Tx.Outputs[i].Value
			out.Script = p.Tx.Outputs[i].ScriptPubKey
		}
		if err := decodeOutput(r, &out, p.Version); err != nil {
			return nil, err
		}
		p.Outputs = append(p.Outputs, out)
	}
	if uint64(len(p.Outputs)) != outputCount {
		return nil, decodeErr("Outputs provided does not match the number of outputs in transaction.")
	}
	if p.Version >= 2 {
		p.Tx, _ = p.UnsignedTx()
	}
	p.sortFields()
	return p, nil
}

// v2GlobalNames are Core's names of the BIP370 global fields.
var v2GlobalNames = map[byte]string{
	GlobalTxVersion: "PSBT_GLOBAL_TX_VERSION", GlobalFallbackLock: "PSBT_GLOBAL_FALLBACK_LOCKTIME",
	GlobalInputCount: "PSBT_GLOBAL_INPUT_COUNT", GlobalOutputCount: "PSBT_GLOBAL_OUTPUT_COUNT",
	GlobalTxModifiable: "PSBT_GLOBAL_TX_MODIFIABLE",
}

// decodeV2Global interprets one BIP370 global field of a version 2 PSBT.
func (p *Packet) decodeV2Global(f Unknown, inputCount, outputCount *uint64, foundTxVer, foundFallback, foundIn, foundOut *bool) error {
	r := &reader{b: primitives.AppendCompactSize(nil, uint64(len(f.Value)))}
	r.b = append(r.b, f.Value...)
	var err error
	switch f.Key[0] {
	case GlobalTxVersion:
		if err := expectKeySize("Global Transaction Version", f.Key, 1); err != nil {
			return err
		}
		p.TxVersion, err = r.sizedU32()
		*foundTxVer = true
	case GlobalFallbackLock:
		if err := expectKeySize("Global Fallback Locktime", f.Key, 1); err != nil {
			return err
		}
		var v uint32
		v, err = r.sizedU32()
		p.FallbackLockTime = &v
		*foundFallback = true
	case GlobalInputCount, GlobalOutputCount:
		name, dst, found := "Global Input Count", inputCount, foundIn
		if f.Key[0] == GlobalOutputCount {
			name, dst, found = "Global Output Count", outputCount, foundOut
		}
		if err := expectKeySize(name, f.Key, 1); err != nil {
			return err
		}
		err = r.sized(func() error { var e error; *dst, e = r.compact(); return e })
		*found = true
	case GlobalTxModifiable:
		if err := expectKeySize("Global TX Modifiable Flags", f.Key, 1); err != nil {
			return err
		}
		var v uint8
		err = r.sized(func() error {
			b, e := r.take(1)
			if e == nil {
				v = b[0]
			}
			return e
		})
		p.TxModifiable = &v
	}
	return err
}
