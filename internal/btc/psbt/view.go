package psbt

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcutil/base58"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Viewer builds the JSON views this package cannot build itself: the
// transaction and script views live in internal/btc/btcjson, a higher tier.
// The RPC layer implements it with btcjson.NewTxView (no hex, decoderaw-
// transaction's form) and btcjson.NewScriptPubKeyView (dropping the address
// when withAddress is false).
type Viewer interface {
	// TxView returns Core's TxToUniv of tx without "hex".
	TxView(tx *primitives.Tx) any
	// ScriptView returns Core's ScriptToUniv of script: asm, desc, hex,
	// address (only when withAddress and the script has one), type.
	ScriptView(script []byte, withAddress bool) any
}

// Amount is a satoshi amount that marshals as Core's ValueFromAmount: a JSON
// number with exactly eight decimals.
type Amount int64

// MarshalJSON implements json.Marshaler.
func (a Amount) MarshalJSON() ([]byte, error) {
	v := int64(a)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Appendf(nil, "%s%d.%08d", sign, v/100_000_000, v%100_000_000), nil
}

// DecodeResult is decodepsbt's result, fields in Core's order.
type DecodeResult struct {
	Tx               any               `json:"tx"`
	GlobalXPubs      []XPubView        `json:"global_xpubs"`
	TxVersion        *uint32           `json:"tx_version,omitempty"`
	FallbackLockTime *uint32           `json:"fallback_locktime,omitempty"`
	InputCount       *int              `json:"input_count,omitempty"`
	OutputCount      *int              `json:"output_count,omitempty"`
	TxModifiable     *uint8            `json:"tx_modifiable,omitempty"`
	PSBTVersion      uint32            `json:"psbt_version"`
	Proprietary      []ProprietaryView `json:"proprietary"`
	Unknown          map[string]string `json:"unknown"`
	Inputs           []InputView       `json:"inputs"`
	Outputs          []OutputView      `json:"outputs"`
	Fee              *Amount           `json:"fee,omitempty"`
}

// XPubView is one global_xpubs entry.
type XPubView struct {
	XPub              string `json:"xpub"`
	MasterFingerprint string `json:"master_fingerprint"`
	Path              string `json:"path"`
}

// ProprietaryView is one proprietary entry.
type ProprietaryView struct {
	Identifier string `json:"identifier"`
	Subtype    uint64 `json:"subtype"`
	Key        string `json:"key"`
	Value      string `json:"value"`
}

// WitnessUTXOView is an input's witness_utxo.
type WitnessUTXOView struct {
	Amount       Amount `json:"amount"`
	ScriptPubKey any    `json:"scriptPubKey"`
}

// Bip32View is one bip32_derivs entry.
type Bip32View struct {
	PubKey            string `json:"pubkey"`
	MasterFingerprint string `json:"master_fingerprint"`
	Path              string `json:"path"`
}

// ScriptSigView is final_scriptSig.
type ScriptSigView struct {
	Asm string `json:"asm"`
	Hex string `json:"hex"`
}

// TapScriptSigView is one taproot_script_path_sigs entry.
type TapScriptSigView struct {
	PubKey   string `json:"pubkey"`
	LeafHash string `json:"leaf_hash"`
	Sig      string `json:"sig"`
}

// TapScriptView is one taproot_scripts entry.
type TapScriptView struct {
	Script        string   `json:"script"`
	LeafVer       int      `json:"leaf_ver"`
	ControlBlocks []string `json:"control_blocks"`
}

// TapBip32View is one taproot_bip32_derivs entry.
type TapBip32View struct {
	PubKey            string   `json:"pubkey"`
	MasterFingerprint string   `json:"master_fingerprint"`
	Path              string   `json:"path"`
	LeafHashes        []string `json:"leaf_hashes"`
}

// TapTreeLeafView is one taproot_tree entry.
type TapTreeLeafView struct {
	Depth   int    `json:"depth"`
	LeafVer int    `json:"leaf_ver"`
	Script  string `json:"script"`
}

// MuSig2ParticipantsView is one musig2_participant_pubkeys entry.
type MuSig2ParticipantsView struct {
	AggregatePubKey    string   `json:"aggregate_pubkey"`
	ParticipantPubKeys []string `json:"participant_pubkeys"`
}

// MuSig2PubNonceView is one musig2_pubnonces entry.
type MuSig2PubNonceView struct {
	ParticipantPubKey string `json:"participant_pubkey"`
	AggregatePubKey   string `json:"aggregate_pubkey"`
	LeafHash          string `json:"leaf_hash,omitempty"`
	PubNonce          string `json:"pubnonce"`
}

// MuSig2PartialSigView is one musig2_partial_sigs entry.
type MuSig2PartialSigView struct {
	ParticipantPubKey string `json:"participant_pubkey"`
	AggregatePubKey   string `json:"aggregate_pubkey"`
	LeafHash          string `json:"leaf_hash,omitempty"`
	PartialSig        string `json:"partial_sig"`
}

// InputView is one decodepsbt input.
type InputView struct {
	WitnessUTXO        *WitnessUTXOView         `json:"witness_utxo,omitempty"`
	NonWitnessUTXO     any                      `json:"non_witness_utxo,omitempty"`
	PartialSignatures  *orderedMap              `json:"partial_signatures,omitempty"`
	Sighash            *string                  `json:"sighash,omitempty"`
	RedeemScript       any                      `json:"redeem_script,omitempty"`
	WitnessScript      any                      `json:"witness_script,omitempty"`
	Bip32Derivs        []Bip32View              `json:"bip32_derivs,omitempty"`
	FinalScriptSig     *ScriptSigView           `json:"final_scriptSig,omitempty"`
	FinalScriptWitness []string                 `json:"final_scriptwitness,omitempty"`
	RIPEMD160Preimages map[string]string        `json:"ripemd160_preimages,omitempty"`
	SHA256Preimages    map[string]string        `json:"sha256_preimages,omitempty"`
	HASH160Preimages   map[string]string        `json:"hash160_preimages,omitempty"`
	HASH256Preimages   map[string]string        `json:"hash256_preimages,omitempty"`
	PreviousTxID       string                   `json:"previous_txid,omitempty"`
	PreviousVout       *uint32                  `json:"previous_vout,omitempty"`
	Sequence           *uint32                  `json:"sequence,omitempty"`
	TimeLockTime       *uint32                  `json:"time_locktime,omitempty"`
	HeightLockTime     *uint32                  `json:"height_locktime,omitempty"`
	TapKeySig          string                   `json:"taproot_key_path_sig,omitempty"`
	TapScriptSigs      []TapScriptSigView       `json:"taproot_script_path_sigs,omitempty"`
	TapScripts         []TapScriptView          `json:"taproot_scripts,omitempty"`
	TapBip32Derivs     []TapBip32View           `json:"taproot_bip32_derivs,omitempty"`
	TapInternalKey     string                   `json:"taproot_internal_key,omitempty"`
	TapMerkleRoot      string                   `json:"taproot_merkle_root,omitempty"`
	MuSig2Participants []MuSig2ParticipantsView `json:"musig2_participant_pubkeys,omitempty"`
	MuSig2PubNonces    []MuSig2PubNonceView     `json:"musig2_pubnonces,omitempty"`
	MuSig2PartialSigs  []MuSig2PartialSigView   `json:"musig2_partial_sigs,omitempty"`
	Proprietary        []ProprietaryView        `json:"proprietary,omitempty"`
	Unknown            map[string]string        `json:"unknown,omitempty"`
}

// OutputView is one decodepsbt output.
type OutputView struct {
	RedeemScript       any                      `json:"redeem_script,omitempty"`
	WitnessScript      any                      `json:"witness_script,omitempty"`
	Bip32Derivs        []Bip32View              `json:"bip32_derivs,omitempty"`
	Amount             *Amount                  `json:"amount,omitempty"`
	Script             any                      `json:"script,omitempty"`
	TapInternalKey     string                   `json:"taproot_internal_key,omitempty"`
	TapTree            []TapTreeLeafView        `json:"taproot_tree,omitempty"`
	TapBip32Derivs     []TapBip32View           `json:"taproot_bip32_derivs,omitempty"`
	MuSig2Participants []MuSig2ParticipantsView `json:"musig2_participant_pubkeys,omitempty"`
	Proprietary        []ProprietaryView        `json:"proprietary,omitempty"`
	Unknown            map[string]string        `json:"unknown,omitempty"`
}

// orderedMap is a JSON object whose keys keep insertion order (partial
// signatures are ordered by key ID, not by public key).
type orderedMap struct {
	keys, values []string
}

func (m *orderedMap) add(k, v string) {
	m.keys = append(m.keys, k)
	m.values = append(m.values, v)
}

// MarshalJSON implements json.Marshaler.
func (m *orderedMap) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i := range m.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, m.keys[i])
		b = append(b, ':')
		b = strconv.AppendQuote(b, m.values[i])
	}
	return append(b, '}'), nil
}

// FormatPath prints a derivation path as Core's WriteHDKeypath: "m/84h/1h/0".
func FormatPath(path []uint32) string {
	var sb strings.Builder
	sb.WriteByte('m')
	for _, x := range path {
		sb.WriteByte('/')
		sb.WriteString(strconv.FormatUint(uint64(x&^0x80000000), 10))
		if x&0x80000000 != 0 {
			sb.WriteByte('h')
		}
	}
	return sb.String()
}

// SighashString is Core's SighashToStr ("ALL", "NONE|ANYONECANPAY", ...;
// "" for an undefined type).
func SighashString(t uint32) string {
	names := map[uint32]string{
		0x00: "DEFAULT", 0x01: "ALL", 0x02: "NONE", 0x03: "SINGLE",
		0x81: "ALL|ANYONECANPAY", 0x82: "NONE|ANYONECANPAY", 0x83: "SINGLE|ANYONECANPAY",
	}
	return names[t&0xff]
}

// defaultScriptView is the script view used without a Viewer: asm, hex,
// address, type (no descriptor).
type defaultScriptView struct {
	Asm     string `json:"asm"`
	Hex     string `json:"hex"`
	Address string `json:"address,omitempty"`
	Type    string `json:"type"`
}

type defaultViewer struct{ params *chaincfg.Params }

func (defaultViewer) TxView(tx *primitives.Tx) any {
	return map[string]string{"txid": tx.TxHash().String(), "hex": hex.EncodeToString(tx.Bytes())}
}

func (d defaultViewer) ScriptView(script []byte, withAddress bool) any {
	v := defaultScriptView{
		Asm: txscript.ScriptToAsm(script, false), Hex: hex.EncodeToString(script),
		Type: txscript.ClassifyScript(script).String(),
	}
	if withAddress && d.params != nil {
		if a, err := address.FromScriptPubKey(script, d.params); err == nil {
			v.Address = a.String()
		}
	}
	return v
}

func hexMap(list []Preimage) map[string]string {
	if len(list) == 0 {
		return nil
	}
	m := make(map[string]string, len(list))
	for _, pi := range list {
		m[hex.EncodeToString(pi.Hash)] = hex.EncodeToString(pi.Preimage)
	}
	return m
}

func unknownMap(list []Unknown, always bool) map[string]string {
	if len(list) == 0 && !always {
		return nil
	}
	m := make(map[string]string, len(list))
	for _, u := range list {
		m[hex.EncodeToString(u.Key)] = hex.EncodeToString(u.Value)
	}
	return m
}

func propViews(list []Proprietary, always bool) []ProprietaryView {
	if len(list) == 0 && !always {
		return nil
	}
	out := make([]ProprietaryView, 0, len(list))
	for _, pr := range list {
		out = append(out, ProprietaryView{
			Identifier: hex.EncodeToString(pr.Identifier), Subtype: pr.Subtype,
			Key: hex.EncodeToString(pr.Key), Value: hex.EncodeToString(pr.Value),
		})
	}
	return out
}

func bip32Views(list []Bip32Derivation) []Bip32View {
	var out []Bip32View
	for _, d := range list {
		out = append(out, Bip32View{
			PubKey: hex.EncodeToString(d.PubKey), MasterFingerprint: hex.EncodeToString(d.Fingerprint[:]),
			Path: FormatPath(d.Path),
		})
	}
	return out
}

func tapBip32Views(list []TapBip32Derivation) []TapBip32View {
	var out []TapBip32View
	for _, d := range list {
		hs := make([]string, 0, len(d.LeafHashes))
		for _, h := range d.LeafHashes {
			hs = append(hs, hex.EncodeToString(h[:]))
		}
		out = append(out, TapBip32View{
			PubKey: hex.EncodeToString(d.XOnlyPubKey[:]), MasterFingerprint: hex.EncodeToString(d.Fingerprint[:]),
			Path: FormatPath(d.Path), LeafHashes: hs,
		})
	}
	return out
}

func musigViews(list []MuSig2Participants) []MuSig2ParticipantsView {
	var out []MuSig2ParticipantsView
	for _, mp := range list {
		v := MuSig2ParticipantsView{AggregatePubKey: hex.EncodeToString(mp.AggregateKey), ParticipantPubKeys: []string{}}
		for _, pk := range mp.Participants {
			v.ParticipantPubKeys = append(v.ParticipantPubKeys, hex.EncodeToString(pk))
		}
		out = append(out, v)
	}
	return out
}

func leafHex(h chainhash.Hash) string {
	if h.IsZero() {
		return ""
	}
	return hex.EncodeToString(h[:])
}

func xpubString(ext []byte) string {
	sum := chainhash.DoubleSHA256(ext)
	b := make([]byte, 0, len(ext)+4)
	b = append(b, ext...)
	b = append(b, sum[:4]...)
	return base58.Encode(b)
}

// DecodeView returns decodepsbt's result for p, fields in Core's order.
//
// The transaction views ("tx", "non_witness_utxo") and the script views
// (witness_utxo's scriptPubKey, redeem_script, witness_script) come from the
// optional Viewer, because they are btcjson's (a higher tier) — the RPC layer
// passes one built on btcjson so the output is exactly Core's. Without a
// Viewer, transactions are shown as {txid, hex} and scripts without "desc",
// with addresses for params. For a version 2 PSBT, "tx" is the computed
// unsigned transaction (omitted when the lock time cannot be computed) and
// the BIP370 fields are shown as well.
//
// DecodeView sorts p's list fields like Encode. It is not safe for concurrent
// use on the same Packet.
func DecodeView(p *Packet, params *chaincfg.Params, views ...Viewer) *DecodeResult {
	var v Viewer = defaultViewer{params: params}
	if len(views) > 0 && views[0] != nil {
		v = views[0]
	}
	p.sortFields()
	res := &DecodeResult{
		GlobalXPubs: []XPubView{}, PSBTVersion: p.Version,
		Proprietary: propViews(p.Proprietary, true), Unknown: unknownMap(p.Unknown, true),
		Inputs: make([]InputView, len(p.Inputs)), Outputs: make([]OutputView, len(p.Outputs)),
	}
	utx, txErr := p.UnsignedTx()
	if txErr == nil {
		res.Tx = v.TxView(utx)
	}
	for _, x := range p.XPubs {
		res.GlobalXPubs = append(res.GlobalXPubs, XPubView{
			XPub: xpubString(x.ExtendedKey), MasterFingerprint: hex.EncodeToString(x.Origin.Fingerprint[:]),
			Path: FormatPath(x.Origin.Path),
		})
	}
	if p.Version >= 2 {
		txv := p.TxVersion
		res.TxVersion = &txv
		res.FallbackLockTime = p.FallbackLockTime
		ni, no := len(p.Inputs), len(p.Outputs)
		res.InputCount, res.OutputCount = &ni, &no
		res.TxModifiable = p.TxModifiable
	}

	var totalIn int64
	haveAll := true
	for i := range p.Inputs {
		in := &p.Inputs[i]
		iv := &res.Inputs[i]
		var utxo *primitives.TxOut
		if u := in.WitnessUTXO; u != nil && !isNullTxOut(u) {
			iv.WitnessUTXO = &WitnessUTXOView{Amount: Amount(u.Value), ScriptPubKey: v.ScriptView(u.ScriptPubKey, true)}
			utxo = u
		}
		if in.NonWitnessUTXO != nil {
			iv.NonWitnessUTXO = v.TxView(in.NonWitnessUTXO)
			if idx := p.outpoint(i).Index; int(idx) < len(in.NonWitnessUTXO.Outputs) {
				utxo = &in.NonWitnessUTXO.Outputs[idx]
			}
		}
		if utxo != nil && moneyRange(utxo.Value) && moneyRange(totalIn+utxo.Value) {
			totalIn += utxo.Value
		} else {
			haveAll = false
		}
		if len(in.PartialSigs) != 0 {
			m := &orderedMap{}
			for _, ps := range in.PartialSigs {
				m.add(hex.EncodeToString(ps.PubKey), hex.EncodeToString(ps.Signature))
			}
			iv.PartialSignatures = m
		}
		if in.SighashType != nil {
			sh := SighashString(*in.SighashType)
			iv.Sighash = &sh
		}
		if len(in.RedeemScript) != 0 {
			iv.RedeemScript = v.ScriptView(in.RedeemScript, false)
		}
		if len(in.WitnessScript) != 0 {
			iv.WitnessScript = v.ScriptView(in.WitnessScript, false)
		}
		iv.Bip32Derivs = bip32Views(in.Bip32Derivation)
		if len(in.FinalScriptSig) != 0 {
			iv.FinalScriptSig = &ScriptSigView{Asm: txscript.ScriptToAsm(in.FinalScriptSig, true), Hex: hex.EncodeToString(in.FinalScriptSig)}
		}
		for _, it := range in.FinalScriptWitness {
			iv.FinalScriptWitness = append(iv.FinalScriptWitness, hex.EncodeToString(it))
		}
		iv.RIPEMD160Preimages = hexMap(in.RIPEMD160Preimages)
		iv.SHA256Preimages = hexMap(in.SHA256Preimages)
		iv.HASH160Preimages = hexMap(in.HASH160Preimages)
		iv.HASH256Preimages = hexMap(in.HASH256Preimages)
		if p.Version >= 2 {
			iv.PreviousTxID = in.PreviousTxID.String()
			idx := in.OutputIndex
			iv.PreviousVout = &idx
			iv.Sequence, iv.TimeLockTime, iv.HeightLockTime = in.Sequence, in.RequiredTimeLock, in.RequiredHeightLock
		}
		if len(in.TapKeySig) != 0 {
			iv.TapKeySig = hex.EncodeToString(in.TapKeySig)
		}
		for _, ts := range in.TapScriptSigs {
			iv.TapScriptSigs = append(iv.TapScriptSigs, TapScriptSigView{
				PubKey: hex.EncodeToString(ts.XOnlyPubKey[:]), LeafHash: hex.EncodeToString(ts.LeafHash[:]),
				Sig: hex.EncodeToString(ts.Signature),
			})
		}
		for j, l := range in.TapLeafScripts {
			cb := hex.EncodeToString(l.ControlBlock)
			if j > 0 {
				prev := in.TapLeafScripts[j-1]
				if string(prev.Script) == string(l.Script) && prev.LeafVersion == l.LeafVersion {
					last := &iv.TapScripts[len(iv.TapScripts)-1]
					last.ControlBlocks = append(last.ControlBlocks, cb)
					continue
				}
			}
			iv.TapScripts = append(iv.TapScripts, TapScriptView{
				Script: hex.EncodeToString(l.Script), LeafVer: int(l.LeafVersion), ControlBlocks: []string{cb},
			})
		}
		iv.TapBip32Derivs = tapBip32Views(in.TapBip32Derivation)
		if in.TapInternalKey != ([32]byte{}) {
			iv.TapInternalKey = hex.EncodeToString(in.TapInternalKey[:])
		}
		if in.TapMerkleRoot != ([32]byte{}) {
			iv.TapMerkleRoot = hex.EncodeToString(in.TapMerkleRoot[:])
		}
		iv.MuSig2Participants = musigViews(in.MuSig2Participants)
		for _, n := range in.MuSig2PubNonces {
			iv.MuSig2PubNonces = append(iv.MuSig2PubNonces, MuSig2PubNonceView{
				ParticipantPubKey: hex.EncodeToString(n.ParticipantKey), AggregatePubKey: hex.EncodeToString(n.AggregateKey),
				LeafHash: leafHex(n.LeafHash), PubNonce: hex.EncodeToString(n.PubNonce),
			})
		}
		for _, s := range in.MuSig2PartialSigs {
			iv.MuSig2PartialSigs = append(iv.MuSig2PartialSigs, MuSig2PartialSigView{
				ParticipantPubKey: hex.EncodeToString(s.ParticipantKey), AggregatePubKey: hex.EncodeToString(s.AggregateKey),
				LeafHash: leafHex(s.LeafHash), PartialSig: hex.EncodeToString(s.PartialSig[:]),
			})
		}
		iv.Proprietary = propViews(in.Proprietary, false)
		iv.Unknown = unknownMap(in.Unknown, false)
	}

	var outVal int64
	for i := range p.Outputs {
		out := &p.Outputs[i]
		ov := &res.Outputs[i]
		if len(out.RedeemScript) != 0 {
			ov.RedeemScript = v.ScriptView(out.RedeemScript, false)
		}
		if len(out.WitnessScript) != 0 {
			ov.WitnessScript = v.ScriptView(out.WitnessScript, false)
		}
		ov.Bip32Derivs = bip32Views(out.Bip32Derivation)
		if p.Version >= 2 {
			a := Amount(out.Amount)
			ov.Amount = &a
			ov.Script = v.ScriptView(out.Script, true)
		}
		if out.TapInternalKey != ([32]byte{}) {
			ov.TapInternalKey = hex.EncodeToString(out.TapInternalKey[:])
		}
		for _, l := range out.TapTree {
			ov.TapTree = append(ov.TapTree, TapTreeLeafView{Depth: int(l.Depth), LeafVer: int(l.LeafVersion), Script: hex.EncodeToString(l.Script)})
		}
		ov.TapBip32Derivs = tapBip32Views(out.TapBip32Derivation)
		ov.MuSig2Participants = musigViews(out.MuSig2Participants)
		ov.Proprietary = propViews(out.Proprietary, false)
		ov.Unknown = unknownMap(out.Unknown, false)

		val := out.Amount
		if p.Version < 2 && p.Tx != nil {
			val = p.Tx.Outputs[i].Value
		}
		if moneyRange(val) && moneyRange(outVal+val) {
			outVal += val
		} else {
			haveAll = false
		}
	}
	if haveAll {
		fee := Amount(totalIn - outVal)
		res.Fee = &fee
	}
	return res
}

// ParseSighash is Core's ParseSighashString for the sighashtype RPC
// arguments: "DEFAULT", "ALL", "NONE", "SINGLE" and the "|ANYONECANPAY"
// forms. An empty string gives SigHashUnspecified.
func ParseSighash(s string) (uint32, error) {
	if s == "" {
		return SigHashUnspecified, nil
	}
	for _, t := range []uint32{0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83} {
		if SighashString(t) == s {
			return t, nil
		}
	}
	return 0, makeError(ErrSign, "'"+s+"' is not a valid sighash parameter.")
}
