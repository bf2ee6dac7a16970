package consensus

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BIP325 signet block solutions. A signet block proves it was signed by
// carrying, in its witness commitment output, a push that starts with
// SignetHeader followed by a serialized scriptSig and witness stack. These
// must satisfy the network's challenge script as the input of a virtual
// transaction (to_sign) spending a virtual output (to_spend) that commits to
// the block header with the solution removed.

// SignetHeader is the 4-byte tag that starts the signet solution push.
var SignetHeader = [4]byte{0xec, 0xc7, 0xda, 0xa2}

// signetScriptFlags are the rules the solution is verified under (Core's
// BLOCK_SCRIPT_VERIFY_FLAGS in signet.cpp).
const signetScriptFlags = txscript.FlagP2SH | txscript.FlagWitness | txscript.FlagDERSig | txscript.FlagNullDummy

// SignetTxs are BIP325's two virtual transactions for a block.
type SignetTxs struct {
	ToSpend *primitives.Tx
	ToSign  *primitives.Tx
}

// NewSignetTxs builds the virtual transactions of blk for challenge (Core's
// SignetTxs::Create). It fails when the block has no coinbase or no witness
// commitment, or when the solution does not parse or has trailing bytes. A
// commitment without a solution push gives an empty solution (valid for a
// trivially true challenge).
//
// This function is safe for concurrent access if blk is not being modified.
func NewSignetTxs(blk *primitives.Block, challenge []byte) (*SignetTxs, error) {
	if len(blk.Txs) == 0 {
		return nil, ruleError(ErrBadSignetBlksig, "block solution parse failure: no coinbase")
	}
	cb := blk.Txs[0]
	pos := primitives.WitnessCommitmentIndex(cb)
	if pos < 0 {
		return nil, ruleError(ErrBadSignetBlksig, "block solution parse failure: no witness commitment")
	}
	toSign := &primitives.Tx{
		Inputs:  []primitives.TxIn{{}},
		Outputs: []primitives.TxOut{{ScriptPubKey: []byte{txscript.OP_RETURN}}},
	}
	cleared, solution, found := fetchAndClearCommitmentSection(cb.Outputs[pos].ScriptPubKey)
	if found {
		scriptSig, witness, ok := parseSignetSolution(solution)
		if !ok {
			return nil, ruleError(ErrBadSignetBlksig, "block solution parse failure: malformed solution")
		}
		toSign.Inputs[0].ScriptSig = scriptSig
		toSign.Inputs[0].Witness = witness
	}

	// The merkle root with the solution removed from the coinbase.
	modified := *cb
	modified.Outputs = append([]primitives.TxOut(nil), cb.Outputs...)
	if found {
		modified.Outputs[pos].ScriptPubKey = cleared
	}
	leaves := append([]chainhash.Hash(nil), blk.TxHashes()...)
	leaves[0] = modified.TxHash()
	root, _ := primitives.ComputeMerkleRoot(leaves)

	var data [72]byte
	binary.LittleEndian.PutUint32(data[0:], uint32(blk.Header.Version))
	copy(data[4:36], blk.Header.PrevBlock[:])
	copy(data[36:68], root[:])
	binary.LittleEndian.PutUint32(data[68:], blk.Header.Timestamp)
	toSpend := &primitives.Tx{
		Inputs: []primitives.TxIn{{
			PrevOut:   primitives.OutPoint{Index: 0xffffffff},
			ScriptSig: txscript.AppendPushData([]byte{txscript.OP_0}, data[:]),
		}},
		Outputs: []primitives.TxOut{{ScriptPubKey: challenge}},
	}
	toSign.Inputs[0].PrevOut = primitives.OutPoint{Hash: toSpend.TxHash()}
	return &SignetTxs{ToSpend: toSpend, ToSign: toSign}, nil
}

// CheckSignetBlockSolution verifies blk's BIP325 solution against challenge
// (Core's CheckSignetBlockSolution, without its genesis exemption, which
// CheckBlock applies). It fails with ErrBadSignetBlksig.
//
// This function is safe for concurrent access if blk is not being modified.
func CheckSignetBlockSolution(blk *primitives.Block, challenge []byte) error {
	txs, err := NewSignetTxs(blk, challenge)
	if err != nil {
		return err
	}
	in := &txs.ToSign.Inputs[0]
	ctx := &txscript.TxContext{Tx: txs.ToSign, Index: 0, Amount: 0, PrevOuts: txs.ToSpend.Outputs}
	if err := txscript.VerifyScript(in.ScriptSig, challenge, in.Witness, signetScriptFlags, ctx); err != nil {
		return ruleErrorf(ErrBadSignetBlksig, "signet block signature validation failure: %v", err)
	}
	return nil
}

// fetchAndClearCommitmentSection finds the first push in script longer than
// SignetHeader that starts with it, and returns the script rebuilt with that
// push cut to the header, the bytes after the header, and whether it was
// found (Core's FetchAndClearCommitmentSection). As in Core, the script is
// rebuilt operation by operation (pushes re-encoded minimally, other
// operations as their opcode byte) and parsing stops at a truncated push.
func fetchAndClearCommitmentSection(script []byte) (cleared, solution []byte, found bool) {
	var out []byte
	for pc := 0; pc < len(script); {
		op, data, next, ok := nextOp(script, pc)
		if !ok {
			break
		}
		pc = next
		if len(data) == 0 {
			out = append(out, op)
			continue
		}
		if !found && len(data) > len(SignetHeader) && [4]byte(data[:4]) == SignetHeader {
			solution = data[len(SignetHeader):]
			data = data[:len(SignetHeader)]
			found = true
		}
		out = txscript.AppendPushData(out, data)
	}
	return out, solution, found
}

// nextOp decodes the operation at pc: the opcode, its push data, the offset
// of the next operation, and false for a truncated push (Core's GetOp).
func nextOp(script []byte, pc int) (op byte, data []byte, next int, ok bool) {
	op = script[pc]
	pc++
	var n int
	switch {
	case op < txscript.OP_PUSHDATA1:
		n = int(op)
	case op == txscript.OP_PUSHDATA1:
		if len(script)-pc < 1 {
			return op, nil, 0, false
		}
		n = int(script[pc])
		pc++
	case op == txscript.OP_PUSHDATA2:
		if len(script)-pc < 2 {
			return op, nil, 0, false
		}
		n = int(binary.LittleEndian.Uint16(script[pc:]))
		pc += 2
	case op == txscript.OP_PUSHDATA4:
		if len(script)-pc < 4 {
			return op, nil, 0, false
		}
		n64 := uint64(binary.LittleEndian.Uint32(script[pc:]))
		pc += 4
		if n64 > uint64(len(script)-pc) {
			return op, nil, 0, false
		}
		n = int(n64)
	default:
		return op, nil, pc, true
	}
	if n > len(script)-pc {
		return op, nil, 0, false
	}
	return op, script[pc : pc+n], pc + n, true
}

// parseSignetSolution decodes a serialized scriptSig followed by a witness
// stack, with nothing after them.
func parseSignetSolution(b []byte) (scriptSig []byte, witness [][]byte, ok bool) {
	scriptSig, b, ok = readVarBytes(b)
	if !ok {
		return nil, nil, false
	}
	count, n, err := primitives.ReadCompactSize(b)
	if err != nil || count > uint64(len(b)) {
		return nil, nil, false
	}
	b = b[n:]
	if count > 0 {
		witness = make([][]byte, 0, count)
	}
	for range count {
		var item []byte
		if item, b, ok = readVarBytes(b); !ok {
			return nil, nil, false
		}
		witness = append(witness, item)
	}
	return scriptSig, witness, len(b) == 0
}

func readVarBytes(b []byte) (data, rest []byte, ok bool) {
	l, n, err := primitives.ReadCompactSize(b)
	if err != nil || l > uint64(len(b)-n) {
		return nil, nil, false
	}
	end := n + int(l)
	return b[n:end], b[end:], true
}
