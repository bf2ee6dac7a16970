package connmgr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// DefaultBanTime is Core's DEFAULT_MISBEHAVING_BANTIME: the ban length used
// when setban is given no (or a non-positive) time.
const DefaultBanTime = 24 * time.Hour

// discouragedGeneration is the size of one generation of the discouraged
// set: it remembers at least this many most recently discouraged
// addresses and at most twice as many (Core keeps a rolling bloom filter of
// 50,000; this set is exact, without false positives).
const discouragedGeneration = 25000

// BanEntry is one banned subnet with the time the ban was made and the time
// it ends.
type BanEntry struct {
	Subnet  netip.Prefix
	Created time.Time
	Until   time.Time
}

// SubnetString returns the subnet as Core prints it in listbanned and
// banlist.json ("1.2.3.4/32", "10.0.0.0/8", "2001:db8::/32").
func (e BanEntry) SubnetString() string { return e.Subnet.String() }

// BanList holds the manual bans (setban and misbehaviour, by subnet, with
// an end time) and the discouraged addresses (misbehaving peers, remembered
// in a bounded set until it rolls over). It is Core's BanMan.
//
// A BanList is safe for concurrent use.
type BanList struct {
	now func() time.Time

	mu    sync.Mutex
	bans  map[netip.Prefix]BanEntry
	dirty bool
	// discouraged is a two-generation set: cur fills up to
	// discouragedGeneration entries, then becomes prev.
	cur, prev map[addrmgr.Addr]struct{}
}

// NewBanList returns an empty ban list reading time from now (nil means
// time.Now).
func NewBanList(now func() time.Time) *BanList {
	if now == nil {
		now = time.Now
	}
	return &BanList{now: now, bans: make(map[netip.Prefix]BanEntry), cur: make(map[addrmgr.Addr]struct{})}
}

// ParseSubnet parses an IP address ("1.2.3.4", "2001:db8::1") or subnet
// ("10.0.0.0/8", "10.0.0.0/255.0.0.0", "2001:db8::/32") as Core's
// LookupSubNet does, without name lookups. A single address becomes a /32
// or /128; host bits below the prefix are cleared; IPv4-mapped IPv6 becomes
// IPv4. It fails with ErrInvalidSubnet.
func ParseSubnet(s string) (netip.Prefix, error) {
	bad := func() (netip.Prefix, error) {
		return netip.Prefix{}, makeError(ErrInvalidSubnet, "Error: Invalid IP/Subnet")
	}
	host, mask, hasMask := strings.Cut(s, "/")
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.Zone() != "" {
		return bad()
	}
	mapped := ip.Is4In6()
	ip = ip.Unmap()
	bits := ip.BitLen()
	if hasMask {
		if n, err := strconv.Atoi(mask); err == nil && mask != "" && mask[0] != '+' && mask[0] != '-' {
			if mapped {
				n -= 96
			}
			if n < 0 || n > ip.BitLen() {
				return bad()
			}
			bits = n
		} else {
			m, err := netip.ParseAddr(mask)
			if err != nil || m.Zone() != "" {
				return bad()
			}
			m = m.Unmap()
			if m.BitLen() != ip.BitLen() {
				return bad()
			}
			n, ok := maskBits(m.AsSlice())
			if !ok {
				return bad()
			}
			bits = n
		}
	}
	p, err := ip.Prefix(bits)
	if err != nil {
		return bad()
	}
	return p, nil
}

// maskBits returns the prefix length of a contiguous netmask.
func maskBits(m []byte) (int, bool) {
	n := 0
	for i, b := range m {
		if b == 0xff {
			n += 8
			continue
		}
		for b&0x80 != 0 {
			n++
			b <<= 1
		}
		if b != 0 {
			return 0, false
		}
		for _, r := range m[i+1:] {
			if r != 0 {
				return 0, false
			}
		}
		return n, true
	}
	return n, true
}

// Ban bans subnet until until (which must be after now). A ban that already
// lasts longer is kept. It reports whether the list changed.
//
// This function is safe for concurrent access.
func (b *BanList) Ban(subnet netip.Prefix, until time.Time) bool {
	subnet = subnet.Masked()
	b.mu.Lock()
	defer b.mu.Unlock()
	if old, ok := b.bans[subnet]; ok && !old.Until.Before(until) {
		return false
	}
	b.bans[subnet] = BanEntry{Subnet: subnet, Created: b.now(), Until: until}
	b.dirty = true
	return true
}

// Unban lifts the ban of exactly subnet and reports whether there was one.
//
// This function is safe for concurrent access.
func (b *BanList) Unban(subnet netip.Prefix) bool {
	subnet = subnet.Masked()
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.bans[subnet]; !ok {
		return false
	}
	delete(b.bans, subnet)
	b.dirty = true
	return true
}

// IsBanned reports whether an unexpired ban covers the IP address of a
// (non-IP addresses are never banned).
//
// This function is safe for concurrent access.
func (b *BanList) IsBanned(a addrmgr.Addr) bool {
	ip, ok := a.IP()
	if !ok {
		return false
	}
	return b.IsIPBanned(ip)
}

// IsIPBanned reports whether an unexpired ban covers ip.
//
// This function is safe for concurrent access.
func (b *BanList) IsIPBanned(ip netip.Addr) bool {
	ip = ip.Unmap()
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for p, e := range b.bans {
		if now.Before(e.Until) && p.Contains(ip) {
			return true
		}
	}
	return false
}

// IsSubnetBanned reports whether exactly subnet has an unexpired ban.
//
// This function is safe for concurrent access.
func (b *BanList) IsSubnetBanned(subnet netip.Prefix) bool {
	subnet = subnet.Masked()
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.bans[subnet]
	return ok && b.now().Before(e.Until)
}

// List removes expired bans and returns the others, ordered by subnet.
//
// This function is safe for concurrent access.
func (b *BanList) List() []BanEntry {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweepLocked()
	out := make([]BanEntry, 0, len(b.bans))
	for _, e := range b.bans {
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y BanEntry) int {
		if c := x.Subnet.Addr().Compare(y.Subnet.Addr()); c != 0 {
			return c
		}
		return x.Subnet.Bits() - y.Subnet.Bits()
	})
	return out
}

func (b *BanList) sweep() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweepLocked()
}

func (b *BanList) sweepLocked() {
	now := b.now()
	for p, e := range b.bans {
		if !now.Before(e.Until) {
			delete(b.bans, p)
			b.dirty = true
		}
	}
}

// Clear removes every ban (clearbanned). Discouragement is kept, as in
// Core.
//
// This function is safe for concurrent access.
func (b *BanList) Clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.bans) > 0 {
		b.dirty = true
	}
	clear(b.bans)
}

// Discourage remembers a's address (its port is ignored) as misbehaving.
//
// This function is safe for concurrent access.
func (b *BanList) Discourage(a addrmgr.Addr) {
	a = a.WithPort(0)
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.cur[a]; ok {
		return
	}
	if len(b.cur) >= discouragedGeneration {
		b.prev, b.cur = b.cur, make(map[addrmgr.Addr]struct{})
	}
	b.cur[a] = struct{}{}
}

// IsDiscouraged reports whether a's address was discouraged recently.
//
// This function is safe for concurrent access.
func (b *BanList) IsDiscouraged(a addrmgr.Addr) bool {
	a = a.WithPort(0)
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.cur[a]; ok {
		return true
	}
	_, ok := b.prev[a]
	return ok
}

// banlist.json layout (Core ≥ 22, addrdb.cpp CBanDB and net_types.cpp):
//
//	{
//	    "banned_nets": [
//	        {
//	            "version": 1,            CBanEntry::CURRENT_VERSION
//	            "ban_created": <int64>,  unix seconds
//	            "banned_until": <int64>, unix seconds
//	            "address": "<subnet>"    CSubNet::ToString, e.g. "1.2.3.4/32"
//	        }
//	    ]
//	}
//
// Reading follows Core: entries of another version and entries whose
// address does not parse are dropped; any type error or missing field
// rejects the whole file.
const (
	banlistKey      = "banned_nets"
	banEntryVersion = 1
	// MaxBanlistSize bounds the banlist.json this package reads.
	MaxBanlistSize = 32 << 20
)

type banEntryJSON struct {
	Version     int    `json:"version"`
	BanCreated  int64  `json:"ban_created"`
	BannedUntil int64  `json:"banned_until"`
	Address     string `json:"address"`
}

// EncodeBanlist returns entries in banlist.json form, indented with four
// spaces like Core's file.
func EncodeBanlist(entries []BanEntry) []byte {
	list := make([]banEntryJSON, len(entries))
	for i, e := range entries {
		list[i] = banEntryJSON{Version: banEntryVersion, BanCreated: e.Created.Unix(), BannedUntil: e.Until.Unix(), Address: e.SubnetString()}
	}
	out, _ := json.MarshalIndent(map[string][]banEntryJSON{banlistKey: list}, "", "    ") // cannot fail: plain types
	return append(out, '\n')
}

// DecodeBanlist parses banlist.json bytes. It returns the entries, the
// number of entries dropped (unknown version or unparseable subnet, as
// Core drops them), and an ErrBanlistCorrupt error when the file as a whole
// is unusable. Bans of the same subnet keep the last entry.
func DecodeBanlist(data []byte) (entries []BanEntry, dropped int, err error) {
	corrupt := func(format string, args ...any) ([]BanEntry, int, error) {
		return nil, 0, makeError(ErrBanlistCorrupt, "banlist.json: "+format, args...)
	}
	if len(data) > MaxBanlistSize {
		return corrupt("file of %d bytes exceeds %d", len(data), MaxBanlistSize)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		return corrupt("not a JSON object")
	}
	raw, ok := top[banlistKey]
	if !ok {
		return corrupt("no %q key", banlistKey)
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || items == nil && !bytes.Equal(bytes.TrimSpace(raw), []byte("[]")) {
		return corrupt("%q is not an array of objects", banlistKey)
	}
	seen := make(map[netip.Prefix]int, len(items))
	for i, it := range items {
		if it == nil {
			return corrupt("entry %d is not an object", i)
		}
		version, err := jsonInt(it, "version", 32)
		if err != nil {
			return corrupt("entry %d: %v", i, err)
		}
		if version != banEntryVersion {
			dropped++
			continue
		}
		var addr string
		if err := jsonString(it, "address", &addr); err != nil {
			return corrupt("entry %d: %v", i, err)
		}
		created, err := jsonInt(it, "ban_created", 64)
		if err != nil {
			return corrupt("entry %d: %v", i, err)
		}
		until, err := jsonInt(it, "banned_until", 64)
		if err != nil {
			return corrupt("entry %d: %v", i, err)
		}
		subnet, err := ParseSubnet(addr)
		if err != nil {
			dropped++
			continue
		}
		e := BanEntry{Subnet: subnet, Created: time.Unix(created, 0), Until: time.Unix(until, 0)}
		if j, ok := seen[subnet]; ok {
			entries[j] = e
			continue
		}
		seen[subnet] = len(entries)
		entries = append(entries, e)
	}
	return entries, dropped, nil
}

func jsonInt(obj map[string]json.RawMessage, key string, bits int) (int64, error) {
	raw, ok := obj[key]
	if !ok {
		return 0, fmt.Errorf("missing %q", key)
	}
	s := string(bytes.TrimSpace(raw))
	v, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", key)
	}
	return v, nil
}

func jsonString(obj map[string]json.RawMessage, key string, dst *string) error {
	raw, ok := obj[key]
	if !ok {
		return fmt.Errorf("missing %q", key)
	}
	if err := json.Unmarshal(raw, dst); err != nil || len(raw) == 0 || bytes.TrimSpace(raw)[0] != '"' {
		return fmt.Errorf("%q is not a string", key)
	}
	return nil
}

// Replace sets the bans to entries (loading banlist.json), dropping expired
// ones, and marks the list clean.
//
// This function is safe for concurrent access.
func (b *BanList) Replace(entries []BanEntry) {
	b.mu.Lock()
	defer b.mu.Unlock()
	clear(b.bans)
	for _, e := range entries {
		b.bans[e.Subnet] = e
	}
	b.sweepLocked()
	b.dirty = false
}

// Encode sweeps expired bans and returns the list in banlist.json form,
// marking it clean.
//
// This function is safe for concurrent access.
func (b *BanList) Encode() []byte {
	entries := b.List()
	b.mu.Lock()
	b.dirty = false
	b.mu.Unlock()
	return EncodeBanlist(entries)
}

// Dirty reports whether the list changed since it was last loaded or
// encoded.
//
// This function is safe for concurrent access.
func (b *BanList) Dirty() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dirty
}
