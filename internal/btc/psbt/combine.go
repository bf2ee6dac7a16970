package psbt

// Combine merges PSBTs of the same transaction (Core's CombinePSBTs): the
// result starts as a copy of the first and takes from each next one every
// field it lacks; for map fields the first value of a key wins. PSBTs of
// different transactions or versions fail with ErrNotCompatible and Core's
// message "PSBTs not compatible (different transactions)".
//
// The result shares byte slices with the arguments; none is modified. This
// function is safe for concurrent access.
func Combine(ps ...*Packet) (*Packet, error) {
	if len(ps) == 0 {
		return nil, makeError(ErrNotCompatible, "Parameter 'txs' cannot be empty")
	}
	out := ps[0].clone()
	for _, q := range ps[1:] {
		if err := out.merge(q); err != nil {
			return nil, err
		}
	}
	out.sortFields()
	return out, nil
}

// clone copies the packet's structure (slices of fields) so that merging into
// it never writes into the original.
func (p *Packet) clone() *Packet {
	c := *p
	c.XPubs = append([]XPub(nil), p.XPubs...)
	c.Proprietary = append([]Proprietary(nil), p.Proprietary...)
	c.Unknown = append([]Unknown(nil), p.Unknown...)
	if p.Tx != nil {
		c.Tx = p.Tx.Copy()
	}
	c.Inputs = make([]Input, len(p.Inputs))
	for i := range p.Inputs {
		in := p.Inputs[i]
		in.PartialSigs = append([]PartialSig(nil), in.PartialSigs...)
		in.Bip32Derivation = append([]Bip32Derivation(nil), in.Bip32Derivation...)
		in.RIPEMD160Preimages = append([]Preimage(nil), in.RIPEMD160Preimages...)
		in.SHA256Preimages = append([]Preimage(nil), in.SHA256Preimages...)
		in.HASH160Preimages = append([]Preimage(nil), in.HASH160Preimages...)
		in.HASH256Preimages = append([]Preimage(nil), in.HASH256Preimages...)
		in.TapScriptSigs = append([]TapScriptSig(nil), in.TapScriptSigs...)
		in.TapLeafScripts = append([]TapLeafScript(nil), in.TapLeafScripts...)
		in.TapBip32Derivation = append([]TapBip32Derivation(nil), in.TapBip32Derivation...)
		in.MuSig2Participants = append([]MuSig2Participants(nil), in.MuSig2Participants...)
		in.MuSig2PubNonces = append([]MuSig2PubNonce(nil), in.MuSig2PubNonces...)
		in.MuSig2PartialSigs = append([]MuSig2PartialSig(nil), in.MuSig2PartialSigs...)
		in.Proprietary = append([]Proprietary(nil), in.Proprietary...)
		in.Unknown = append([]Unknown(nil), in.Unknown...)
		c.Inputs[i] = in
	}
	c.Outputs = make([]Output, len(p.Outputs))
	for i := range p.Outputs {
		o := p.Outputs[i]
		o.Bip32Derivation = append([]Bip32Derivation(nil), o.Bip32Derivation...)
		o.TapTree = append([]TapTreeLeaf(nil), o.TapTree...)
		o.TapBip32Derivation = append([]TapBip32Derivation(nil), o.TapBip32Derivation...)
		o.MuSig2Participants = append([]MuSig2Participants(nil), o.MuSig2Participants...)
		o.Proprietary = append([]Proprietary(nil), o.Proprietary...)
		o.Unknown = append([]Unknown(nil), o.Unknown...)
		c.Outputs[i] = o
	}
	return &c
}

// Clone returns a copy of p whose lists and transaction can be modified
// without affecting p (byte slices are shared; they are never written).
func (p *Packet) Clone() *Packet { return p.clone() }

func notCompatible() error {
	return makeError(ErrNotCompatible, "PSBTs not compatible (different transactions)")
}

// merge is Core's PartiallySignedTransaction::Merge. Appending and then
// sorting with first-wins deduplication reproduces std::map::insert.
func (p *Packet) merge(q *Packet) error {
	a, errA := p.UniqueID()
	b, errB := q.UniqueID()
	if errA != nil || errB != nil || a != b || p.Version != q.Version ||
		len(p.Inputs) != len(q.Inputs) || len(p.Outputs) != len(q.Outputs) {
		return notCompatible()
	}
	for i := range p.Inputs {
		mergeInput(&p.Inputs[i], &q.Inputs[i])
	}
	for i := range p.Outputs {
		mergeOutput(&p.Outputs[i], &q.Outputs[i])
	}
	p.XPubs = append(p.XPubs, q.XPubs...)
	if p.FallbackLockTime == nil && q.FallbackLockTime != nil {
		v := *q.FallbackLockTime
		p.FallbackLockTime = &v
	}
	if p.TxModifiable != nil || q.TxModifiable != nil {
		var x, y uint8
		if p.TxModifiable != nil {
			x = *p.TxModifiable
		}
		if q.TxModifiable != nil {
			y = *q.TxModifiable
		}
		m := x&y | (x|y)&0x04
		p.TxModifiable = &m
	}
	p.Proprietary = append(p.Proprietary, q.Proprietary...)
	p.Unknown = append(p.Unknown, q.Unknown...)
	p.sortFields()
	return nil
}

func mergeInput(in, o *Input) {
	if in.NonWitnessUTXO == nil && o.NonWitnessUTXO != nil {
		in.NonWitnessUTXO = o.NonWitnessUTXO
	}
	if (in.WitnessUTXO == nil || isNullTxOut(in.WitnessUTXO)) && o.WitnessUTXO != nil && !isNullTxOut(o.WitnessUTXO) {
		u := *o.WitnessUTXO
		in.WitnessUTXO = &u
	}
	in.PartialSigs = append(in.PartialSigs, o.PartialSigs...)
	in.RIPEMD160Preimages = append(in.RIPEMD160Preimages, o.RIPEMD160Preimages...)
	in.SHA256Preimages = append(in.SHA256Preimages, o.SHA256Preimages...)
	in.HASH160Preimages = append(in.HASH160Preimages, o.HASH160Preimages...)
	in.HASH256Preimages = append(in.HASH256Preimages, o.HASH256Preimages...)
	in.Bip32Derivation = append(in.Bip32Derivation, o.Bip32Derivation...)
	in.Proprietary = append(in.Proprietary, o.Proprietary...)
	in.Unknown = append(in.Unknown, o.Unknown...)
	in.TapScriptSigs = append(in.TapScriptSigs, o.TapScriptSigs...)
	in.TapLeafScripts = append(in.TapLeafScripts, o.TapLeafScripts...)
	in.TapBip32Derivation = append(in.TapBip32Derivation, o.TapBip32Derivation...)
	if len(in.RedeemScript) == 0 {
		in.RedeemScript = o.RedeemScript
	}
	if len(in.WitnessScript) == 0 {
		in.WitnessScript = o.WitnessScript
	}
	if len(in.FinalScriptSig) == 0 {
		in.FinalScriptSig = o.FinalScriptSig
	}
	if len(in.FinalScriptWitness) == 0 {
		in.FinalScriptWitness = o.FinalScriptWitness
	}
	if len(in.TapKeySig) == 0 {
		in.TapKeySig = o.TapKeySig
	}
	if in.TapInternalKey == ([32]byte{}) {
		in.TapInternalKey = o.TapInternalKey
	}
	if in.TapMerkleRoot == ([32]byte{}) {
		in.TapMerkleRoot = o.TapMerkleRoot
	}
	in.MuSig2Participants = append(in.MuSig2Participants, o.MuSig2Participants...)
	in.MuSig2PubNonces = append(in.MuSig2PubNonces, o.MuSig2PubNonces...)
	in.MuSig2PartialSigs = append(in.MuSig2PartialSigs, o.MuSig2PartialSigs...)
	if in.Sequence == nil {
		in.Sequence = o.Sequence
	}
	if in.RequiredTimeLock == nil {
		in.RequiredTimeLock = o.RequiredTimeLock
	}
	if in.RequiredHeightLock == nil {
		in.RequiredHeightLock = o.RequiredHeightLock
	}
}

func mergeOutput(out, o *Output) {
	out.Bip32Derivation = append(out.Bip32Derivation, o.Bip32Derivation...)
	out.Proprietary = append(out.Proprietary, o.Proprietary...)
	out.Unknown = append(out.Unknown, o.Unknown...)
	out.TapBip32Derivation = append(out.TapBip32Derivation, o.TapBip32Derivation...)
	if len(out.RedeemScript) == 0 {
		out.RedeemScript = o.RedeemScript
	}
	if len(out.WitnessScript) == 0 {
		out.WitnessScript = o.WitnessScript
	}
	if out.TapInternalKey == ([32]byte{}) {
		out.TapInternalKey = o.TapInternalKey
	}
	if len(out.TapTree) == 0 {
		out.TapTree = o.TapTree
	}
	out.MuSig2Participants = append(out.MuSig2Participants, o.MuSig2Participants...)
}
