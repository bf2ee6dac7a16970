package ethrpc

import (
	"bytes"
	"encoding/json"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// maxTopics is the number of topic positions a log has at most.
const maxTopics = 4

// maxFilterAlternatives bounds the addresses or topics of one position
// (hostile input).
const maxFilterAlternatives = 1024

// FilterCriteria is the filter object of eth_getLogs, eth_newFilter and
// logs subscriptions.
type FilterCriteria struct {
	BlockHash *ethtypes.Hash
	FromBlock *BlockNumber
	ToBlock   *BlockNumber
	Addresses []ethtypes.Address
	// Topics[i] lists the accepted values at position i; an empty list
	// accepts anything.
	Topics [][]ethtypes.Hash
}

// UnmarshalJSON decodes geth's filter object: address as one address or a
// list, topics as a list whose entries are null, a topic or a list of
// topics.
func (fc *FilterCriteria) UnmarshalJSON(b []byte) error {
	var raw struct {
		BlockHash *Hash             `json:"blockHash"`
		FromBlock *BlockNumber      `json:"fromBlock"`
		ToBlock   *BlockNumber      `json:"toBlock"`
		Address   json.RawMessage   `json:"address"`
		Topics    []json.RawMessage `json:"topics"`
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return errHex("json: cannot unmarshal " + kindOf(b) + " into a filter")
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*fc = FilterCriteria{FromBlock: raw.FromBlock, ToBlock: raw.ToBlock}
	if raw.BlockHash != nil {
		if raw.FromBlock != nil || raw.ToBlock != nil {
			return errHex("cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other")
		}
		h := ethtypes.Hash(*raw.BlockHash)
		fc.BlockHash = &h
	}
	if len(raw.Address) > 0 && kindOf(raw.Address) != "null" {
		switch kindOf(raw.Address) {
		case "string":
			var a Address
			if err := json.Unmarshal(raw.Address, &a); err != nil {
				return errHex("invalid address: " + err.Error())
			}
			fc.Addresses = []ethtypes.Address{ethtypes.Address(a)}
		case "array":
			var as []Address
			if err := json.Unmarshal(raw.Address, &as); err != nil {
				return errHex("invalid address: " + err.Error())
			}
			if len(as) > maxFilterAlternatives {
				return errHex("too many addresses in filter")
			}
			for _, a := range as {
				fc.Addresses = append(fc.Addresses, ethtypes.Address(a))
			}
		default:
			return errHex("invalid addresses in query")
		}
	}
	if len(raw.Topics) > maxTopics {
		return errHex("too many topics in filter, at most 4")
	}
	for _, t := range raw.Topics {
		var alts []ethtypes.Hash
		switch kindOf(t) {
		case "null":
		case "string":
			var h Hash
			if err := json.Unmarshal(t, &h); err != nil {
				return errHex("invalid topic: " + err.Error())
			}
			alts = []ethtypes.Hash{ethtypes.Hash(h)}
		case "array":
			var hs []*Hash
			if err := json.Unmarshal(t, &hs); err != nil {
				return errHex("invalid topic: " + err.Error())
			}
			if len(hs) > maxFilterAlternatives {
				return errHex("too many topics in filter position")
			}
			for _, h := range hs {
				if h == nil {
					// a null inside an OR list matches anything
					alts = nil
					break
				}
				alts = append(alts, ethtypes.Hash(*h))
			}
		default:
			return errHex("invalid topic(s)")
		}
		fc.Topics = append(fc.Topics, alts)
	}
	return nil
}

// matches reports whether l passes the address and topic criteria.
func (fc *FilterCriteria) matches(l *ethtypes.Log) bool {
	if len(fc.Addresses) > 0 {
		ok := false
		for _, a := range fc.Addresses {
			if a == l.Address {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(fc.Topics) > len(l.Topics) {
		return false
	}
	for i, alts := range fc.Topics {
		if len(alts) == 0 {
			continue
		}
		ok := false
		for _, h := range alts {
			if h == l.Topics[i] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// bloomMatches reports whether a block's bloom may hold a matching log.
func (fc *FilterCriteria) bloomMatches(b *ethtypes.Bloom) bool {
	if len(fc.Addresses) > 0 {
		ok := false
		for _, a := range fc.Addresses {
			if b.Test(a[:]) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for _, alts := range fc.Topics {
		if len(alts) == 0 {
			continue
		}
		ok := false
		for _, h := range alts {
			if b.Test(h[:]) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
