package wallet

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/btc/hdkeychain"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
)

// Output types, as Core's -addresstype / getnewaddress name them.
const (
	TypeLegacy     = "legacy"
	TypeP2SHSegwit = "p2sh-segwit"
	TypeBech32     = "bech32"
	TypeBech32m    = "bech32m"
)

// OutputTypes lists the four output types a new wallet gets active
// descriptors for, with their BIP purpose.
var OutputTypes = []string{TypeLegacy, TypeP2SHSegwit, TypeBech32, TypeBech32m}

func purposeOf(t string) uint32 {
	switch t {
	case TypeLegacy:
		return 44
	case TypeP2SHSegwit:
		return 49
	case TypeBech32:
		return 84
	default:
		return 86
	}
}

// CreateOptions are createwallet's options.
type CreateOptions struct {
	// DisablePrivateKeys makes a watch-only wallet (no seed, no keys).
	DisablePrivateKeys bool
	// Blank creates no descriptors (and no seed).
	Blank bool
	// Passphrase, when not empty, encrypts the wallet at creation.
	Passphrase string
	// AvoidReuse sets the avoid_reuse flag.
	AvoidReuse bool
	// Mnemonic, when not empty, restores the HD seed from these BIP39
	// words instead of drawing fresh entropy.
	Mnemonic string
}

// walletDesc is a descriptor of the wallet with its key-pool state.
type walletDesc struct {
	id   chainhash.Hash
	rec  descriptorRecord
	desc *descriptor.Descriptor // public form
	priv *descriptor.Descriptor // private form, cached while unlocked
}

// scriptRef tells which descriptor and index produced a scriptPubKey.
type scriptRef struct {
	d     *walletDesc
	index uint32
}

type activeKey struct {
	outputType string
	internal   bool
}

// Wallet is one loaded descriptor wallet.
//
// All methods are safe for concurrent access; they take the wallet's lock.
type Wallet struct {
	sendMu sync.Mutex // serialises sends across the unlocked broadcast
	mu     sync.Mutex
	name   string
	m      *Manager
	db     kv.Store
	closed bool // set by close; the store then answers kv.ErrClosed

	flags     uint64
	mkey      *masterKeyRecord
	masterKey []byte // nil while locked (or unencrypted)
	lockTimer *time.Timer
	unlockEnd time.Time

	descs   []*walletDesc
	byID    map[chainhash.Hash]*walletDesc
	active  map[activeKey]*walletDesc
	scripts map[string]scriptRef

	txs       map[chainhash.Hash]*walletTx
	spends    map[primitives.OutPoint][]chainhash.Hash
	locked    map[primitives.OutPoint]bool
	labels    map[string]string
	nextOrder int64

	bestHash   chainhash.Hash
	bestHeight int32
	payTxFee   int64 // sat/kvB from settxfee, 0 when unset

	// scanning is set while Rescan runs; abortScan asks it to stop
	// (abortrescan). Both are read without mu.
	scanning  atomic.Bool
	abortScan atomic.Bool
}

// Name returns the wallet's name ("" for the default wallet).
func (w *Wallet) Name() string { return w.name }

// IsEncrypted reports whether the wallet has a passphrase.
func (w *Wallet) IsEncrypted() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mkey != nil
}

// PrivateKeysDisabled reports the disable_private_keys flag.
func (w *Wallet) PrivateKeysDisabled() bool { return w.flags&flagDisablePrivateKeys != 0 }

// AvoidReuse reports the avoid_reuse flag.
func (w *Wallet) AvoidReuse() bool { return w.flags&flagAvoidReuse != 0 }

// IsBlank reports the blank flag.
func (w *Wallet) IsBlank() bool { return w.flags&flagBlank != 0 }

// newWallet returns an empty in-memory wallet bound to db.
func newWallet(m *Manager, name string, db kv.Store) *Wallet {
	return &Wallet{
		name:       name,
		m:          m,
		db:         db,
		byID:       make(map[chainhash.Hash]*walletDesc),
		active:     make(map[activeKey]*walletDesc),
		scripts:    make(map[string]scriptRef),
		txs:        make(map[chainhash.Hash]*walletTx),
		spends:     make(map[primitives.OutPoint][]chainhash.Hash),
		locked:     make(map[primitives.OutPoint]bool),
		labels:     make(map[string]string),
		bestHeight: -1,
	}
}

// initNew writes a new wallet's records: flags, optional encryption, seed and
// the eight active descriptors.
func (w *Wallet) initNew(opts CreateOptions) error {
	b := w.db.NewBatch()
	w.flags = flagDescriptors
	if opts.DisablePrivateKeys {
		w.flags |= flagDisablePrivateKeys
	}
	if opts.Blank {
		w.flags |= flagBlank
	}
	if opts.AvoidReuse {
		w.flags |= flagAvoidReuse
	}
	var f [8]byte
	binary.LittleEndian.PutUint64(f[:], w.flags)
	_ = b.Put(keyFlags, f[:])
	if opts.Passphrase != "" && !opts.DisablePrivateKeys {
		key, rec, err := newMasterKey(opts.Passphrase, w.m.cfg.ScryptN)
		if err != nil {
			return err
		}
		w.mkey, w.masterKey = rec, key
		_ = b.Put(keyMasterKey, rec.encode())
	}
	if w.m.chain != nil {
		w.bestHash, w.bestHeight = w.m.chain.BestHash(), w.m.chain.BestHeight()
		_ = b.Put(keyBestBlock, encodeBest(w.bestHash, w.bestHeight))
	}
	if err := b.Write(true); err != nil {
		return storageErr(err)
	}
	if !opts.Blank && !opts.DisablePrivateKeys {
		if err := w.setupHD(opts.Mnemonic); err != nil {
			return err
		}
	}
	// The version record goes last: a wallet whose creation was cut short
	// by a crash fails verification instead of loading half made.
	var v [4]byte
	binary.LittleEndian.PutUint32(v[:], schemaVersion)
	vb := w.db.NewBatch()
	_ = vb.Put(keyVersion, v[:])
	if err := vb.Write(true); err != nil {
		return storageErr(err)
	}
	// A wallet encrypted at creation starts locked, as Core's does.
	w.lockLocked()
	return nil
}

// setupHD creates the seed and the active descriptors of the four output
// types for the external and internal chains, with key origins as Core
// prints them. Precondition: the wallet is unlocked or unencrypted.
func (w *Wallet) setupHD(mnemonic string) error {
	if mnemonic == "" {
		entropy := make([]byte, 32)
		if _, err := rand.Read(entropy); err != nil {
			return err
		}
		var err error
		if mnemonic, err = hdkeychain.NewMnemonic(entropy); err != nil {
			return err
		}
	}
	seed, err := hdkeychain.MnemonicToSeed(mnemonic, "")
	if err != nil {
		return makeError(ErrInvalidParameter, "Invalid mnemonic: %v", err)
	}
	defer wipe(seed)
	master, err := hdkeychain.NewMaster(seed, w.m.cfg.Params)
	if err != nil {
		return err
	}
	sealed, err := w.sealValue(keyMnemonic, []byte(mnemonic))
	if err != nil {
		return err
	}
	if err := w.db.Put(keyMnemonic, sealed); err != nil {
		return storageErr(err)
	}
	coin := uint32(1)
	if w.m.cfg.Params.Name == "main" {
		coin = 0
	}
	fp := master.Fingerprint()
	now := w.m.now().Unix()
	for _, t := range OutputTypes {
		path := []uint32{purposeOf(t) + hdkeychain.HardenedKeyStart, coin + hdkeychain.HardenedKeyStart, hdkeychain.HardenedKeyStart}
		acct, err := master.DerivePath(path)
		if err != nil {
			return err
		}
		for _, internal := range []bool{false, true} {
			chain := 0
			if internal {
				chain = 1
			}
			key := fmt.Sprintf("[%x/%dh/%dh/0h]%s/%d/*", fp[:], purposeOf(t), coin, acct.String(), chain)
			var s string
			switch t {
			case TypeLegacy:
				s = "pkh(" + key + ")"
			case TypeP2SHSegwit:
				s = "sh(wpkh(" + key + "))"
			case TypeBech32:
				s = "wpkh(" + key + ")"
			default:
				s = "tr(" + key + ")"
			}
			if _, err := w.addDescriptor(s, descriptorRecord{Active: true, Internal: internal, OutputType: t, Created: now}); err != nil {
				return err
			}
		}
	}
	return nil
}

// addDescriptor parses s (public or private), stores it, derives its key
// pool and, for an active one, makes it the active descriptor of its type.
// It returns the stored descriptor (an existing one when already present).
func (w *Wallet) addDescriptor(s string, rec descriptorRecord) (*walletDesc, error) {
	d, err := descriptor.Parse(s, w.m.cfg.Params)
	if err != nil {
		return nil, makeError(ErrInvalidParameter, "%v", err)
	}
	if d.HasPrivateKeys() && w.PrivateKeysDisabled() {
		return nil, makeError(ErrPrivateKeysDisabled, "Cannot import private keys to a wallet with private keys disabled")
	}
	if rec.Active && d.IsRange() && rec.OutputType == "" && d.OutputType() == "" {
		return nil, makeError(ErrInvalidParameter, "Active descriptors must have a single output type")
	}
	pub := d.String()
	id := chainhash.Hash(sha256.Sum256([]byte(pub)))
	wd := w.byID[id]
	if wd == nil {
		wd = &walletDesc{id: id, desc: d}
		w.byID[id] = wd
		w.descs = append(w.descs, wd)
	} else {
		// Re-import: keep the pool state, update the rest.
		rec.Next = max(rec.Next, wd.rec.Next)
		rec.End = max(rec.End, wd.rec.End)
		if rec.Created == 0 || (wd.rec.Created != 0 && wd.rec.Created < rec.Created) {
			rec.Created = wd.rec.Created
		}
	}
	rec.Public = pub
	if d.HasPrivateKeys() {
		ps, err := d.PrivateString()
		if err != nil {
			return nil, err
		}
		if rec.Priv, err = w.sealValue(descriptorKey(id), []byte(ps)); err != nil {
			return nil, err
		}
		if w.mkey == nil || w.masterKey != nil {
			wd.priv = d
		}
	} else if wd.rec.Priv != nil {
		rec.Priv = wd.rec.Priv
	}
	if !d.IsRange() {
		rec.End = max(rec.End, 1)
		rec.Active = false
	}
	if rec.OutputType == "" {
		rec.OutputType = d.OutputType()
	}
	wd.rec = rec
	if rec.Active {
		if rec.OutputType == "" {
			return nil, makeError(ErrInvalidParameter, "Active descriptors must have a single output type")
		}
		k := activeKey{rec.OutputType, rec.Internal}
		if old := w.active[k]; old != nil && old != wd {
			old.rec.Active = false
			if err := w.putDescriptor(old); err != nil {
				return nil, err
			}
		}
		w.active[k] = wd
	}
	if err := w.topUp(wd); err != nil {
		return nil, err
	}
	return wd, nil
}

// topUp derives wd's scripts up to Next+keypool (ranged) and stores the
// record and the new script-cache entries in one batch.
func (w *Wallet) topUp(wd *walletDesc) error {
	end := wd.rec.End
	if wd.desc.IsRange() {
		end = max(end, wd.rec.Next+uint32(w.m.keypool()))
	}
	return w.topUpTo(wd, end)
}

// topUpTo derives wd's scripts for indexes [End, end).
func (w *Wallet) topUpTo(wd *walletDesc, end uint32) error {
	end = max(end, wd.rec.End)
	if !wd.desc.IsRange() {
		end = 1
	}
	b := w.db.NewBatch()
	start := wd.rec.End
	if !wd.desc.IsRange() {
		start = 0
	}
	for i := start; i < end; i++ {
		exp, err := wd.desc.Expand(i)
		if err != nil {
			return err
		}
		var v []byte
		for _, spk := range exp.ScriptPubKeys {
			v = primitives.AppendCompactSize(v, uint64(len(spk)))
			v = append(v, spk...)
			w.scripts[string(spk)] = scriptRef{wd, i}
		}
		_ = b.Put(scriptCacheKey(wd.id, i), v)
	}
	wd.rec.End = end
	rv, err := json.Marshal(&wd.rec)
	if err != nil {
		return err
	}
	_ = b.Put(descriptorKey(wd.id), rv)
	return storageErr(b.Write(true))
}

func (w *Wallet) putDescriptor(wd *walletDesc) error {
	rv, err := json.Marshal(&wd.rec)
	if err != nil {
		return err
	}
	return storageErr(w.db.Put(descriptorKey(wd.id), rv))
}

// load reads every record of an existing wallet.
func (w *Wallet) load() error {
	v, err := w.db.Get(keyVersion)
	if err != nil || len(v) != 4 || binary.LittleEndian.Uint32(v) > schemaVersion {
		return makeError(ErrBadWalletFile, "Wallet file verification failed. Unknown or missing wallet version.")
	}
	f, err := w.db.Get(keyFlags)
	if err != nil || len(f) != 8 {
		return makeError(ErrBadWalletFile, "Wallet file verification failed. Missing wallet flags.")
	}
	w.flags = binary.LittleEndian.Uint64(f)
	if mk, err := w.db.Get(keyMasterKey); err == nil {
		if w.mkey, err = decodeMasterKeyRecord(mk); err != nil {
			return makeError(ErrBadWalletFile, "Wallet file verification failed. %v", err)
		}
	} else if !errors.Is(err, kv.ErrNotFound) {
		return storageErr(err)
	}
	if bb, err := w.db.Get(keyBestBlock); err == nil && len(bb) == 36 {
		copy(w.bestHash[:], bb)
		w.bestHeight = int32(binary.LittleEndian.Uint32(bb[32:]))
	}
	if s, err := w.db.Get(keySettings); err == nil {
		var st walletSettings
		if json.Unmarshal(s, &st) == nil {
			w.payTxFee = st.PayTxFee
		}
	}
	// Descriptors and their script caches.
	it := w.db.NewIterator(prefixDescriptor, nil)
	for it.Next() {
		var rec descriptorRecord
		if err := json.Unmarshal(it.Value(), &rec); err != nil {
			it.Release()
			return makeError(ErrBadWalletFile, "Wallet file verification failed. Bad descriptor record: %v", err)
		}
		d, err := descriptor.Parse(rec.Public, w.m.cfg.Params)
		if err != nil {
			it.Release()
			return makeError(ErrBadWalletFile, "Wallet file verification failed. Bad descriptor %q: %v", rec.Public, err)
		}
		var id chainhash.Hash
		copy(id[:], it.Key()[1:])
		wd := &walletDesc{id: id, rec: rec, desc: d}
		w.descs = append(w.descs, wd)
		w.byID[id] = wd
		if rec.Active {
			w.active[activeKey{rec.OutputType, rec.Internal}] = wd
		}
	}
	it.Release()
	if err := it.Error(); err != nil {
		return storageErr(err)
	}
	slices.SortStableFunc(w.descs, func(a, b *walletDesc) int { return int(a.rec.Created - b.rec.Created) })
	it = w.db.NewIterator(prefixScript, nil)
	for it.Next() {
		k := it.Key()
		if len(k) != 37 {
			continue
		}
		var id chainhash.Hash
		copy(id[:], k[1:33])
		wd := w.byID[id]
		if wd == nil {
			continue
		}
		idx := binary.BigEndian.Uint32(k[33:])
		val := it.Value()
		for len(val) > 0 {
			n, sz, err := primitives.ReadCompactSize(val)
			if err != nil || uint64(len(val)-sz) < n {
				break
			}
			w.scripts[string(val[sz:sz+int(n)])] = scriptRef{wd, idx}
			val = val[sz+int(n):]
		}
	}
	it.Release()
	if err := it.Error(); err != nil {
		return storageErr(err)
	}
	// Private descriptors of an unencrypted wallet are usable at once.
	if w.mkey == nil {
		for _, wd := range w.descs {
			if wd.rec.Priv != nil {
				if err := w.openPrivate(wd); err != nil {
					return err
				}
			}
		}
	}
	// Transactions.
	it = w.db.NewIterator(prefixTx, nil)
	for it.Next() {
		wtx, err := decodeTxRecord(it.Value())
		if err != nil {
			it.Release()
			return makeError(ErrBadWalletFile, "Wallet file verification failed. Bad transaction record: %v", err)
		}
		w.addTxIndex(wtx)
	}
	it.Release()
	if err := it.Error(); err != nil {
		return storageErr(err)
	}
	it = w.db.NewIterator(prefixLocked, nil)
	for it.Next() {
		k := it.Key()
		if len(k) == 37 {
			var op primitives.OutPoint
			copy(op.Hash[:], k[1:33])
			op.Index = binary.LittleEndian.Uint32(k[33:])
			w.locked[op] = true
		}
	}
	it.Release()
	it = w.db.NewIterator(prefixLabel, nil)
	for it.Next() {
		w.labels[string(it.Key()[1:])] = string(it.Value())
	}
	it.Release()
	return it.Error()
}

type walletSettings struct {
	PayTxFee int64 `json:"paytxfee"`
}

func encodeBest(h chainhash.Hash, height int32) []byte {
	b := append(make([]byte, 0, 36), h[:]...)
	return binary.LittleEndian.AppendUint32(b, uint32(height))
}

func storageErr(err error) error {
	if err == nil {
		return nil
	}
	return Error{Err: ErrStorage, Description: "Error: wallet database: " + err.Error()}
}

// sealValue encodes private material for storage under key: plaintext in
// an unencrypted wallet, AES-256-GCM under the master key otherwise.
func (w *Wallet) sealValue(key, plain []byte) ([]byte, error) {
	if w.mkey == nil {
		return append([]byte{sealPlain}, plain...), nil
	}
	if w.masterKey == nil {
		return nil, lockedError()
	}
	s, err := seal(w.masterKey, plain, key)
	if err != nil {
		return nil, err
	}
	return append([]byte{sealEncrypted}, s...), nil
}

// unsealValue reverses sealValue.
func (w *Wallet) unsealValue(key, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, makeError(ErrBadWalletFile, "empty sealed record")
	}
	switch sealed[0] {
	case sealPlain:
		return sealed[1:], nil
	case sealEncrypted:
		if w.masterKey == nil {
			return nil, lockedError()
		}
		p, err := unseal(w.masterKey, sealed[1:], key)
		if err != nil {
			return nil, makeError(ErrBadWalletFile, "Wallet file verification failed. A private record does not decrypt.")
		}
		return p, nil
	}
	return nil, makeError(ErrBadWalletFile, "unknown seal type %d", sealed[0])
}

func lockedError() error {
	return makeError(ErrLocked, "Error: Please enter the wallet passphrase with walletpassphrase first.")
}

// openPrivate parses wd's private descriptor into the unlocked cache.
func (w *Wallet) openPrivate(wd *walletDesc) error {
	p, err := w.unsealValue(descriptorKey(wd.id), wd.rec.Priv)
	if err != nil {
		return err
	}
	d, err := descriptor.Parse(string(p), w.m.cfg.Params)
	wipe(p)
	if err != nil {
		return makeError(ErrBadWalletFile, "Wallet file verification failed. Bad private descriptor.")
	}
	wd.priv = d
	return nil
}

// ---- Addresses ----

// NewAddress hands out the next unused address of outputType ("" for the
// default, bech32) on the external chain and records label.
//
// This function is safe for concurrent access.
func (w *Wallet) NewAddress(outputType, label string) (address.Address, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if outputType == "" {
		outputType = w.m.cfg.AddressType
	}
	a, spk, err := w.nextAddress(outputType, false)
	if err != nil {
		return nil, err
	}
	if err := w.setLabelLocked(spk, label); err != nil {
		return nil, err
	}
	return a, nil
}

// NewChangeAddress hands out the next internal (change) address.
//
// This function is safe for concurrent access.
func (w *Wallet) NewChangeAddress(outputType string) (address.Address, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if outputType == "" {
		outputType = w.m.cfg.changeType()
	}
	a, _, err := w.nextAddress(outputType, true)
	return a, err
}

func (w *Wallet) nextAddress(outputType string, internal bool) (address.Address, []byte, error) {
	if !slices.Contains(OutputTypes, outputType) {
		return nil, nil, makeError(ErrInvalidParameter, "Unknown address type '%s'", outputType)
	}
	wd := w.active[activeKey{outputType, internal}]
	if wd == nil {
		if len(w.active) == 0 {
			return nil, nil, makeError(ErrNoKeys, "Error: This wallet has no available keys")
		}
		return nil, nil, makeError(ErrNoDescriptor, "Error: No %s addresses available.", outputType)
	}
	idx := wd.rec.Next
	exp, err := wd.desc.Expand(idx)
	if err != nil {
		return nil, nil, err
	}
	if len(exp.ScriptPubKeys) == 0 {
		return nil, nil, makeError(ErrNoDescriptor, "Error: descriptor gives no script")
	}
	spk := exp.ScriptPubKeys[0]
	a, err := address.FromScriptPubKey(spk, w.m.cfg.Params)
	if err != nil {
		return nil, nil, err
	}
	wd.rec.Next = idx + 1
	if err := w.topUp(wd); err != nil {
		return nil, nil, err
	}
	return a, spk, nil
}

// SetLabel sets the address-book label of a scriptPubKey.
//
// This function is safe for concurrent access.
func (w *Wallet) SetLabel(spk []byte, label string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.setLabelLocked(spk, label)
}

func (w *Wallet) setLabelLocked(spk []byte, label string) error {
	w.labels[string(spk)] = label
	return storageErr(w.db.Put(labelKey(spk), []byte(label)))
}

// Label returns the label of spk and whether it is in the address book.
//
// This function is safe for concurrent access.
func (w *Wallet) Label(spk []byte) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	l, ok := w.labels[string(spk)]
	return l, ok
}

// Labels returns the address book: scriptPubKey (as a string) to label.
//
// This function is safe for concurrent access.
func (w *Wallet) Labels() map[string]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]string, len(w.labels))
	for k, v := range w.labels {
		out[k] = v
	}
	return out
}

// IsMine reports whether spk is one of the wallet's scripts.
//
// This function is safe for concurrent access.
func (w *Wallet) IsMine(spk []byte) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.scripts[string(spk)]
	return ok
}

// ScriptInfo describes a wallet script for getaddressinfo.
type ScriptInfo struct {
	IsMine      bool
	Solvable    bool
	Descriptor  string // the inferred descriptor of this script, with origins
	ParentDesc  string // the wallet descriptor that produced it
	Internal    bool
	Index       uint32
	Ranged      bool
	PubKeys     map[string]descriptor.KeyOrigin
	Timestamp   int64
	HasPrivKeys bool
}

// ScriptInfo returns what the wallet knows about spk.
//
// This function is safe for concurrent access.
func (w *Wallet) ScriptInfo(spk []byte) (ScriptInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ref, ok := w.scripts[string(spk)]
	if !ok {
		return ScriptInfo{}, nil
	}
	exp, err := ref.d.desc.Expand(ref.index)
	if err != nil {
		return ScriptInfo{}, err
	}
	info := ScriptInfo{
		IsMine:      true,
		Solvable:    ref.d.desc.IsSolvable(),
		ParentDesc:  ref.d.rec.Public,
		Internal:    ref.d.rec.Internal,
		Index:       ref.index,
		Ranged:      ref.d.desc.IsRange(),
		PubKeys:     exp.PubKeys,
		Timestamp:   ref.d.rec.Created,
		HasPrivKeys: ref.d.rec.Priv != nil,
	}
	info.Descriptor = inferWithOrigins(spk, exp)
	return info, nil
}

// inferWithOrigins builds Core's getaddressinfo "desc" for the standard
// single-key scripts: e.g. wpkh([fp/84h/1h/0h/0/3]02ab..)#checksum.
func inferWithOrigins(spk []byte, exp *descriptor.Expanded) string {
	var keyHex string
	var origin descriptor.KeyOrigin
	for k, o := range exp.PubKeys {
		keyHex, origin = k, o
		break
	}
	if keyHex == "" || len(exp.PubKeys) != 1 {
		return ""
	}
	key := "[" + hex.EncodeToString(origin.Fingerprint[:]) + hdkeychain.FormatPath(origin.Path)[1:] + "]" + keyHex
	var s string
	switch {
	case len(spk) == 25 && spk[0] == 0x76:
		s = "pkh(" + key + ")"
	case len(spk) == 23 && spk[0] == 0xa9:
		s = "sh(wpkh(" + key + "))"
	case len(spk) == 22 && spk[0] == 0x00:
		s = "wpkh(" + key + ")"
	case len(spk) == 34 && spk[0] == 0x51:
		s = "tr(" + key + ")"
	default:
		return ""
	}
	c, err := descriptor.Checksum(s)
	if err != nil {
		return s
	}
	return s + "#" + c
}

// ---- Encryption ----

// Encrypt encrypts an unencrypted wallet with passphrase and leaves it
// locked (Core's encryptwallet).
//
// This function is safe for concurrent access.
func (w *Wallet) Encrypt(passphrase string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mkey != nil {
		return makeError(ErrAlreadyEncrypted, "Error: running with an encrypted wallet, but encryptwallet was called.")
	}
	if w.PrivateKeysDisabled() {
		return makeError(ErrPrivateKeysDisabled, "Error: wallet does not contain private keys, nothing to encrypt.")
	}
	if passphrase == "" {
		return makeError(ErrInvalidParameter, "passphrase cannot be empty")
	}
	key, rec, err := newMasterKey(passphrase, w.m.cfg.ScryptN)
	if err != nil {
		return err
	}
	// Re-seal every private record in one batch.
	b := w.db.NewBatch()
	w.mkey, w.masterKey = rec, key
	reseal := func(k, old []byte) ([]byte, error) {
		if len(old) == 0 || old[0] != sealPlain {
			return old, nil
		}
		return w.sealValue(k, old[1:])
	}
	if mn, err := w.db.Get(keyMnemonic); err == nil {
		s, err := reseal(keyMnemonic, mn)
		if err != nil {
			w.mkey, w.masterKey = nil, nil
			return err
		}
		_ = b.Put(keyMnemonic, s)
	}
	newPriv := make(map[*walletDesc][]byte)
	for _, wd := range w.descs {
		if wd.rec.Priv == nil {
			continue
		}
		s, err := reseal(descriptorKey(wd.id), wd.rec.Priv)
		if err != nil {
			w.mkey, w.masterKey = nil, nil
			return err
		}
		newPriv[wd] = s
		rec := wd.rec
		rec.Priv = s
		rv, _ := json.Marshal(&rec)
		_ = b.Put(descriptorKey(wd.id), rv)
	}
	_ = b.Put(keyMasterKey, rec.encode())
	if err := b.Write(true); err != nil {
		w.mkey, w.masterKey = nil, nil
		return storageErr(err)
	}
	for wd, s := range newPriv {
		wd.rec.Priv = s
	}
	w.lockLocked()
	return nil
}

// Unlock decrypts the master key for timeout (Core's walletpassphrase; a
// timeout <= 0 keeps it until Lock). A second call replaces the timeout.
//
// This function is safe for concurrent access.
func (w *Wallet) Unlock(passphrase string, timeout time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mkey == nil {
		return makeError(ErrNotEncrypted, "Error: running with an unencrypted wallet, but walletpassphrase was called.")
	}
	key, err := w.mkey.open(passphrase)
	if err != nil {
		return err
	}
	w.masterKey = key
	for _, wd := range w.descs {
		if wd.rec.Priv != nil && wd.priv == nil {
			if err := w.openPrivate(wd); err != nil {
				w.lockLocked()
				return err
			}
		}
	}
	if w.lockTimer != nil {
		w.lockTimer.Stop()
		w.lockTimer = nil
	}
	w.unlockEnd = time.Time{}
	if timeout > 0 {
		w.unlockEnd = w.m.now().Add(timeout)
		w.lockTimer = time.AfterFunc(timeout, func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.lockLocked()
		})
	}
	return nil
}

// Lock forgets the master key and the decrypted private descriptors.
//
// This function is safe for concurrent access.
func (w *Wallet) Lock() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mkey == nil {
		return makeError(ErrNotEncrypted, "Error: running with an unencrypted wallet, but walletlock was called.")
	}
	w.lockLocked()
	return nil
}

func (w *Wallet) lockLocked() {
	if w.mkey == nil {
		return
	}
	if w.lockTimer != nil {
		w.lockTimer.Stop()
		w.lockTimer = nil
	}
	if w.masterKey != nil {
		wipe(w.masterKey)
		w.masterKey = nil
	}
	w.unlockEnd = time.Time{}
	for _, wd := range w.descs {
		wd.priv = nil
	}
}

// IsLocked reports whether an encrypted wallet is locked.
//
// This function is safe for concurrent access.
func (w *Wallet) IsLocked() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mkey != nil && w.masterKey == nil
}

// UnlockedUntil returns the time the wallet locks again (zero when locked,
// unencrypted or unlocked without timeout).
//
// This function is safe for concurrent access.
func (w *Wallet) UnlockedUntil() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.unlockEnd
}

// ChangePassphrase re-encrypts the master key under a new passphrase.
//
// This function is safe for concurrent access.
func (w *Wallet) ChangePassphrase(oldPass, newPass string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mkey == nil {
		return makeError(ErrNotEncrypted, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.")
	}
	if newPass == "" {
		return makeError(ErrInvalidParameter, "passphrase cannot be empty")
	}
	key, err := w.mkey.open(oldPass)
	if err != nil {
		return err
	}
	defer wipe(key)
	rec, err := sealMasterKey(key, newPass, int(w.mkey.N))
	if err != nil {
		return err
	}
	if err := w.db.Put(keyMasterKey, rec.encode()); err != nil {
		return storageErr(err)
	}
	w.mkey = rec
	return nil
}

// Mnemonic returns the wallet's BIP39 words (needs the wallet unlocked).
//
// This function is safe for concurrent access.
func (w *Wallet) Mnemonic() (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	v, err := w.db.Get(keyMnemonic)
	if err != nil {
		if errors.Is(err, kv.ErrNotFound) {
			return "", makeError(ErrNoDescriptor, "This wallet has no mnemonic")
		}
		return "", storageErr(err)
	}
	p, err := w.unsealValue(keyMnemonic, v)
	if err != nil {
		return "", err
	}
	return string(p), nil
}

// close stops the lock timer and closes the database.
func (w *Wallet) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lockLocked()
	if w.closed {
		return nil
	}
	// The store stays referenced: a caller still holding the *Wallet gets
	// kv.ErrClosed from it rather than a nil dereference.
	w.closed = true
	return w.db.Close()
}
