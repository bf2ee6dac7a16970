package txscript

import (
	"fmt"
	"strings"
)

// Flags selects the script verification rules, one bit per Bitcoin Core
// SCRIPT_VERIFY_* flag. Consensus uses a subset (P2SH, DERSIG, NULLDUMMY,
// CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY, WITNESS, TAPROOT); the others are
// policy rules a node applies to unconfirmed transactions.
//
// As in Core, WITNESS requires P2SH and CLEANSTACK requires both; other
// combinations are evaluated as given.
type Flags uint32

// The verification flags. The bit positions are ours; names match Core's.
const (
	// FlagP2SH evaluates BIP16 pay-to-script-hash redeem scripts.
	FlagP2SH Flags = 1 << iota
	// FlagStrictEnc requires defined sighash types and compressed or
	// uncompressed public keys, and strict DER signatures.
	FlagStrictEnc
	// FlagDERSig requires strict DER signatures (BIP66).
	FlagDERSig
	// FlagLowS requires S at most half the group order (BIP146).
	FlagLowS
	// FlagNullDummy requires an empty CHECKMULTISIG dummy (BIP147).
	FlagNullDummy
	// FlagSigPushOnly requires push-only scriptSigs.
	FlagSigPushOnly
	// FlagMinimalData requires minimal pushes and numbers.
	FlagMinimalData
	// FlagDiscourageUpgradableNops fails OP_NOP1 and OP_NOP4-OP_NOP10.
	FlagDiscourageUpgradableNops
	// FlagCleanStack requires exactly one element after evaluation.
	FlagCleanStack
	// FlagCheckLockTimeVerify enables OP_CHECKLOCKTIMEVERIFY (BIP65).
	FlagCheckLockTimeVerify
	// FlagCheckSequenceVerify enables OP_CHECKSEQUENCEVERIFY (BIP112).
	FlagCheckSequenceVerify
	// FlagWitness evaluates segregated witness programs (BIP141/143).
	FlagWitness
	// FlagDiscourageUpgradableWitnessProgram fails unknown witness
	// programs.
	FlagDiscourageUpgradableWitnessProgram
	// FlagMinimalIf requires empty or 0x01 IF/NOTIF arguments in witness
	// v0 scripts.
	FlagMinimalIf
	// FlagNullFail requires empty signatures on failed signature checks
	// (BIP146).
	FlagNullFail
	// FlagWitnessPubKeyType requires compressed keys in witness v0.
	FlagWitnessPubKeyType
	// FlagConstScriptCode fails OP_CODESEPARATOR and signatures found in
	// the script code of legacy scripts.
	FlagConstScriptCode
	// FlagTaproot evaluates witness v1 taproot outputs (BIP341/342).
	FlagTaproot
	// FlagDiscourageUpgradableTaprootVersion fails unknown leaf versions.
	FlagDiscourageUpgradableTaprootVersion
	// FlagDiscourageOpSuccess fails tapscripts containing OP_SUCCESSx.
	FlagDiscourageOpSuccess
	// FlagDiscourageUpgradablePubKeyType fails unknown tapscript key
	// types.
	FlagDiscourageUpgradablePubKeyType

	numFlags = iota
)

// FlagsNone is the empty flag set.
const FlagsNone Flags = 0

// FlagsAll is every flag.
const FlagsAll Flags = 1<<numFlags - 1

// flagNames is Core's name of each flag, indexed by bit. A constant table.
var flagNames = [numFlags]string{
	"P2SH", "STRICTENC", "DERSIG", "LOW_S", "NULLDUMMY", "SIGPUSHONLY",
	"MINIMALDATA", "DISCOURAGE_UPGRADABLE_NOPS", "CLEANSTACK",
	"CHECKLOCKTIMEVERIFY", "CHECKSEQUENCEVERIFY", "WITNESS",
	"DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", "MINIMALIF", "NULLFAIL",
	"WITNESS_PUBKEYTYPE", "CONST_SCRIPTCODE", "TAPROOT",
	"DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", "DISCOURAGE_OP_SUCCESS",
	"DISCOURAGE_UPGRADABLE_PUBKEYTYPE",
}

// ParseFlags parses Core's comma-separated flag names ("P2SH,WITNESS").
// The empty string and "NONE" mean no flags; an unknown name is an error.
//
// This function is safe for concurrent access.
func ParseFlags(s string) (Flags, error) {
	var f Flags
	if s == "" {
		return 0, nil
	}
	for name := range strings.SplitSeq(s, ",") {
		if name == "NONE" {
			continue
		}
		bit, ok := flagBit(name)
		if !ok {
			return 0, fmt.Errorf("txscript: unknown script verification flag %q", name)
		}
		f |= bit
	}
	return f, nil
}

func flagBit(name string) (Flags, bool) {
	for i, n := range flagNames {
		if n == name {
			return 1 << i, true
		}
	}
	return 0, false
}

// String returns the flags as Core names them, comma-separated in bit
// order; "NONE" for the empty set. Unknown bits are shown in hex.
func (f Flags) String() string {
	if f == 0 {
		return "NONE"
	}
	var b strings.Builder
	for i := 0; i < numFlags; i++ {
		if f&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(flagNames[i])
	}
	if rest := f &^ FlagsAll; rest != 0 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%#x", uint32(rest))
	}
	return b.String()
}

// Has reports whether every flag of g is set in f.
func (f Flags) Has(g Flags) bool { return f&g == g }
