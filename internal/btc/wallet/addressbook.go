package wallet

import (
	"bytes"
	"slices"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Address-book purposes, as Core names them.
const (
	PurposeReceive = "receive"
	PurposeSend    = "send"
	PurposeRefund  = "refund"
)

// AddressBookEntry is one address-book record: a labelled script and its
// purpose.
type AddressBookEntry struct {
	ScriptPubKey []byte
	Label        string
	// Purpose is "receive" for the wallet's own scripts and "send" for
	// others. The wallet does not store a purpose: it is derived from
	// ownership when asked, which is what Core's setlabel records.
	Purpose string
	// Change is set for the wallet's internal (change) scripts. Core's
	// address-book "change" entries are the ones without a label, which
	// this wallet does not keep, so the RPCs do not filter on it.
	Change bool
}

// AddressBook returns the address book in Core's order: by destination
// type, then hash (scripts without an address last, by bytes).
//
// This function is safe for concurrent access.
func (w *Wallet) AddressBook() []AddressBookEntry {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]AddressBookEntry, 0, len(w.labels))
	for k, l := range w.labels {
		e := AddressBookEntry{ScriptPubKey: []byte(k), Label: l, Purpose: PurposeSend}
		if ref, ok := w.scripts[k]; ok {
			e.Purpose = PurposeReceive
			e.Change = ref.d.rec.Internal
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b AddressBookEntry) int { return compareDestination(a.ScriptPubKey, b.ScriptPubKey) })
	return out
}

// AddressBalance is one address of an address grouping with its balance.
type AddressBalance struct {
	ScriptPubKey []byte
	Amount       int64
	Label        string
	HasLabel     bool
}

// AddressGroupings returns Core's listaddressgroupings: the wallet's
// scripts grouped by common-input ownership (the input scripts of a
// transaction spending the wallet's coins, with its change outputs), the
// overlapping groups merged, each script with its spendable balance (Core's
// GetAddressBalances). Groups and their members come in Core's order: by
// destination type, then hash.
//
// This function is safe for concurrent access.
func (w *Wallet) AddressGroupings() [][]AddressBalance {
	w.mu.Lock()
	defer w.mu.Unlock()

	// Union-find over scripts.
	parent := make(map[string]string)
	var find func(string) string
	find = func(s string) string {
		p, ok := parent[s]
		if !ok {
			parent[s] = s
			return s
		}
		if p == s {
			return s
		}
		r := find(p)
		parent[s] = r
		return r
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[rb] = ra
		}
	}
	for _, wtx := range w.txs {
		var group []string
		if !wtx.tx.IsCoinBase() {
			for _, in := range wtx.tx.Inputs {
				if !w.isMineOutPoint(in.PrevOut) {
					continue
				}
				group = append(group, string(w.txs[in.PrevOut.Hash].tx.Outputs[in.PrevOut.Index].ScriptPubKey))
			}
			if len(group) > 0 {
				for _, o := range wtx.tx.Outputs {
					// Core's OutputIsChange: ours and not in the address book.
					k := string(o.ScriptPubKey)
					if _, mine := w.scripts[k]; !mine {
						continue
					}
					if _, labelled := w.labels[k]; !labelled {
						group = append(group, k)
					}
				}
			}
		}
		for _, o := range wtx.tx.Outputs {
			if _, mine := w.scripts[string(o.ScriptPubKey)]; mine {
				find(string(o.ScriptPubKey))
			}
		}
		for i, s := range group {
			find(s)
			if i > 0 {
				union(group[0], s)
			}
		}
	}

	balances := w.addressBalancesLocked()
	groups := make(map[string][]AddressBalance)
	for s := range parent {
		if !destinationLike(s) {
			continue
		}
		r := find(s)
		l, ok := w.labels[s]
		groups[r] = append(groups[r], AddressBalance{ScriptPubKey: []byte(s), Amount: balances[s], Label: l, HasLabel: ok})
	}
	out := make([][]AddressBalance, 0, len(groups))
	for _, g := range groups {
		slices.SortFunc(g, func(a, b AddressBalance) int { return compareDestination(a.ScriptPubKey, b.ScriptPubKey) })
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []AddressBalance) int {
		for i := 0; i < len(a) && i < len(b); i++ {
			if c := compareDestination(a[i].ScriptPubKey, b[i].ScriptPubKey); c != 0 {
				return c
			}
		}
		return len(a) - len(b)
	})
	return out
}

// addressBalancesLocked is Core's GetAddressBalances: per wallet script,
// the value of its unspent outputs in trusted, mature transactions
// (confirmed, or unconfirmed and from the wallet).
func (w *Wallet) addressBalancesLocked() map[string]int64 {
	out := make(map[string]int64)
	memo := make(map[chainhash.Hash]bool)
	for _, wtx := range w.txs {
		if !w.isTrusted(wtx, memo) || w.blocksToMaturity(wtx) > 0 {
			continue
		}
		d := w.depth(wtx)
		fromMe := false
		if !wtx.tx.IsCoinBase() {
			for _, in := range wtx.tx.Inputs {
				if w.isMineOutPoint(in.PrevOut) {
					fromMe = true
					break
				}
			}
		}
		if d < 1 && !fromMe {
			continue
		}
		for i, o := range wtx.tx.Outputs {
			k := string(o.ScriptPubKey)
			if _, mine := w.scripts[k]; !mine {
				continue
			}
			if _, ok := out[k]; !ok {
				out[k] = 0
			}
			if !w.isSpent(primitives.OutPoint{Hash: wtx.txid, Index: uint32(i)}) {
				out[k] += o.Value
			}
		}
	}
	return out
}

// destinationLike reports whether spk is a standard destination script
// (Core's ExtractDestination succeeds): P2PKH, P2SH or a witness program.
func destinationLike(spk string) bool {
	t, _ := destinationOrder([]byte(spk))
	return t >= 0
}

// destinationOrder returns the rank of spk's destination type in Core's
// CTxDestination variant (PKHash, ScriptHash, WitnessV0ScriptHash,
// WitnessV0KeyHash, WitnessV1Taproot, WitnessUnknown) and the bytes it
// compares within the type; -1 for a script with no address.
func destinationOrder(spk []byte) (int, []byte) {
	n := len(spk)
	switch {
	case n == 25 && spk[0] == 0x76 && spk[1] == 0xa9 && spk[2] == 0x14 && spk[23] == 0x88 && spk[24] == 0xac:
		return 2, spk[3:23]
	case n == 23 && spk[0] == 0xa9 && spk[1] == 0x14 && spk[22] == 0x87:
		return 3, spk[2:22]
	case n == 34 && spk[0] == 0x00 && spk[1] == 0x20:
		return 4, spk[2:]
	case n == 22 && spk[0] == 0x00 && spk[1] == 0x14:
		return 5, spk[2:]
	case n == 34 && spk[0] == 0x51 && spk[1] == 0x20:
		return 6, spk[2:]
	case n >= 4 && n <= 42 && (spk[0] == 0 || (spk[0] >= 0x51 && spk[0] <= 0x60)) && int(spk[1])+2 == n && spk[1] >= 2:
		return 7, spk
	}
	return -1, nil
}

// compareDestination orders scripts as Core orders CTxDestination values,
// scripts without an address after all others.
func compareDestination(a, b []byte) int {
	ta, ka := destinationOrder(a)
	tb, kb := destinationOrder(b)
	if ta < 0 {
		ta, ka = 1<<30, a
	}
	if tb < 0 {
		tb, kb = 1<<30, b
	}
	if ta != tb {
		return ta - tb
	}
	return bytes.Compare(ka, kb)
}
