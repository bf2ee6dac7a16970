package wallet

import (
	"slices"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/descriptor"
)

// ImportRequest is one element of importdescriptors.
type ImportRequest struct {
	Descriptor string
	Active     bool
	// RangeStart/RangeEnd bound a ranged descriptor's indexes
	// (inclusive end); HasRange tells whether a range was given.
	RangeStart, RangeEnd uint32
	HasRange             bool
	NextIndex            uint32
	HasNextIndex         bool
	Timestamp            int64 // Unix seconds; 0 means "now" (no rescan)
	Internal             bool
	Label                string
}

// ImportDescriptor adds a descriptor to the wallet (importdescriptors). It
// returns the stored public descriptor and the warnings Core would give.
//
// This function is safe for concurrent access.
func (w *Wallet) ImportDescriptor(req ImportRequest) (string, []string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mkey != nil && w.masterKey == nil {
		return "", nil, lockedError()
	}
	d, err := descriptor.Parse(req.Descriptor, w.m.cfg.Params)
	if err != nil {
		return "", nil, makeError(ErrInvalidParameter, "%v", err)
	}
	var warnings []string
	if !d.IsRange() && req.HasRange {
		return "", nil, makeError(ErrInvalidParameter, "Range should not be specified for an un-ranged descriptor")
	}
	if d.IsRange() && !req.HasRange {
		req.RangeStart, req.RangeEnd = 0, 0
	}
	if req.Active && !d.IsRange() {
		return "", nil, makeError(ErrInvalidParameter, "Active descriptors must be ranged")
	}
	if req.Label != "" && req.Internal {
		return "", nil, makeError(ErrInvalidParameter, "Internal addresses should not have a label")
	}
	if req.Active && req.Label != "" {
		return "", nil, makeError(ErrInvalidParameter, "Active descriptors cannot have labels")
	}
	if !d.HasPrivateKeys() && !w.PrivateKeysDisabled() {
		warnings = append(warnings, "Not all private keys provided. Some wallet functionality may return unexpected errors")
	}
	rec := descriptorRecord{
		Active:     req.Active,
		Internal:   req.Internal,
		Created:    req.Timestamp,
		RangeStart: req.RangeStart,
		Label:      req.Label,
	}
	if req.Timestamp == 0 {
		rec.Created = w.m.now().Unix()
	}
	if d.IsRange() {
		rec.End = 0
		if req.HasRange {
			rec.Next = req.RangeStart
		}
		if req.HasNextIndex {
			rec.Next = req.NextIndex
		}
	}
	wd, err := w.addDescriptor(req.Descriptor, rec)
	if err != nil {
		return "", nil, err
	}
	if d.IsRange() && req.HasRange {
		if err := w.topUpTo(wd, req.RangeEnd+1); err != nil {
			return "", nil, err
		}
	}
	if req.Label != "" && !d.IsRange() {
		exp, err := wd.desc.Expand(0)
		if err == nil {
			for _, spk := range exp.ScriptPubKeys {
				_ = w.setLabelLocked(spk, req.Label)
			}
		}
	}
	return wd.rec.Public, warnings, nil
}

// DescriptorInfo is one listdescriptors entry.
type DescriptorInfo struct {
	Descriptor  string
	Timestamp   int64
	Active      bool
	Internal    bool
	HasInternal bool // an active descriptor reports internal
	Ranged      bool
	RangeStart  uint32
	RangeEnd    uint32 // inclusive
	Next        uint32
}

// ListDescriptors lists the wallet's descriptors, with private keys when
// private is set (needs the wallet unlocked).
//
// This function is safe for concurrent access.
func (w *Wallet) ListDescriptors(private bool) ([]DescriptorInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if private {
		if w.PrivateKeysDisabled() {
			return nil, makeError(ErrPrivateKeysDisabled, "Can't get descriptor string.")
		}
		if w.mkey != nil && w.masterKey == nil {
			return nil, lockedError()
		}
	}
	out := make([]DescriptorInfo, 0, len(w.descs))
	for _, wd := range w.descs {
		di := DescriptorInfo{
			Descriptor:  wd.rec.Public,
			Timestamp:   wd.rec.Created,
			Active:      wd.rec.Active,
			Internal:    wd.rec.Internal,
			HasInternal: wd.rec.Active || wd.rec.Internal,
			Ranged:      wd.desc.IsRange(),
			RangeStart:  wd.rec.RangeStart,
			Next:        wd.rec.Next,
		}
		if wd.rec.End > 0 {
			di.RangeEnd = wd.rec.End - 1
		}
		if private {
			if wd.rec.Priv == nil {
				return nil, makeError(ErrPrivateKeysDisabled, "Can't get descriptor string.")
			}
			if wd.priv == nil {
				if err := w.openPrivate(wd); err != nil {
					return nil, err
				}
			}
			s, err := wd.priv.PrivateString()
			if err != nil {
				return nil, err
			}
			di.Descriptor = s
		}
		out = append(out, di)
	}
	// Core lists them sorted by the descriptor string.
	slices.SortFunc(out, func(a, b DescriptorInfo) int { return strings.Compare(a.Descriptor, b.Descriptor) })
	return out, nil
}

// ImportPrivKey imports a WIF key the way the legacy importprivkey did, as
// descriptors: pkh, wpkh and sh(wpkh) of the key (only pkh for an
// uncompressed key), labelled label. It returns the descriptors added.
//
// This function is safe for concurrent access.
func (w *Wallet) ImportPrivKey(wif string, compressed bool, label string) ([]string, error) {
	if w.PrivateKeysDisabled() {
		return nil, makeError(ErrPrivateKeysDisabled, "Cannot import private keys to a wallet with private keys disabled")
	}
	forms := []string{"pkh(" + wif + ")"}
	if compressed {
		forms = append(forms, "wpkh("+wif+")", "sh(wpkh("+wif+"))")
	}
	var added []string
	for _, f := range forms {
		s, _, err := w.ImportDescriptor(ImportRequest{Descriptor: f, Label: label, Timestamp: w.m.now().Unix()})
		if err != nil {
			return added, err
		}
		added = append(added, s)
	}
	return added, nil
}

// KeypoolRefill derives every active descriptor's pool up to size
// (keypoolrefill; 0 uses the configured size).
//
// This function is safe for concurrent access.
func (w *Wallet) KeypoolRefill(size int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mkey != nil && w.masterKey == nil {
		return lockedError()
	}
	if size <= 0 {
		size = w.m.keypool()
	}
	for _, wd := range w.descs {
		if !wd.rec.Active {
			continue
		}
		if err := w.topUpTo(wd, wd.rec.Next+uint32(size)); err != nil {
			return err
		}
	}
	return nil
}

// KeypoolSize returns the number of derived but not handed-out external and
// internal keys of the active descriptors (getwalletinfo's keypoolsize).
//
// This function is safe for concurrent access.
func (w *Wallet) KeypoolSize() (external, internal int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, wd := range w.descs {
		if !wd.rec.Active {
			continue
		}
		n := int(wd.rec.End) - int(wd.rec.Next)
		if n < 0 {
			n = 0
		}
		if wd.rec.Internal {
			internal += n
		} else {
			external += n
		}
	}
	return external, internal
}

// TxCount returns the number of wallet transactions.
//
// This function is safe for concurrent access.
func (w *Wallet) TxCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.txs)
}
