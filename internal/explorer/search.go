package explorer

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/address"
)

// choice is one candidate of an ambiguous search.
type choice struct {
	Chain string
	Kind  string
	Label string
	URL   string
}

// choosePage lists the candidates of an ambiguous search.
type choosePage struct {
	page
	Choices []choice
}

// maxSearchLen bounds the search text.
const maxSearchLen = 128

// handleSearch resolves q to a page: a height, a block hash, a txid or
// transaction hash, or an address, on either chain. One match redirects
// (303); several show a chooser; none is a 404; text that can be no key is
// a 400.
//
// A 64-hex key is tried in a fixed order: UTXO block, UTXO transaction,
// account block, account transaction (with a 0x prefix only the account
// chain is tried).
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		s.fail(w, r, badRequest("type a height, block hash, transaction id or address"))
		return
	}
	if len(q) > maxSearchLen {
		s.fail(w, r, badRequest("search text too long"))
		return
	}
	choices, err := s.resolve(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch len(choices) {
	case 0:
		s.fail(w, r, notFound("nothing matches "+strconv.Quote(q)))
	case 1:
		http.Redirect(w, r, choices[0].URL, http.StatusSeeOther)
	default:
		v := choosePage{page: s.page("Search results"), Choices: choices}
		v.Query = q
		s.render(w, r, http.StatusOK, "choose", v)
	}
}

// resolve returns the pages q may name.
func (s *Server) resolve(q string) ([]choice, error) {
	var out []choice
	lower := strings.ToLower(q)
	hex0x := strings.HasPrefix(lower, "0x")
	body := q
	if hex0x {
		body = q[2:]
	}
	switch {
	case isDigits(q):
		n, err := parseHeight(q)
		if err != nil {
			return nil, err
		}
		if s.cfg.BTC != nil {
			if h, err := s.cfg.BTC.BlockHashAt(n); err == nil {
				out = append(out, choice{Chain: "UTXO", Kind: "block", Label: "block " + q + " (" + h.String() + ")", URL: "/btc/block/" + h.String()})
			} else if !isNotFound(err) {
				return nil, err
			}
		}
		if s.cfg.ETH != nil {
			if b, err := s.cfg.ETH.BlockByNumber(uint64(n)); err == nil && b != nil && b.Block != nil {
				out = append(out, choice{Chain: "account", Kind: "block", Label: "block " + q + " (" + b.Block.Hash().Hex() + ")", URL: "/eth/block/" + q})
			} else if err != nil && !isNotFound(err) {
				return nil, err
			}
		}
		return out, nil
	case len(body) == 64 && isHex(body):
		if s.cfg.BTC != nil && !hex0x {
			h, _ := parseBTCHash(body)
			if _, err := s.cfg.BTC.Block(h); err == nil {
				out = append(out, choice{Chain: "UTXO", Kind: "block", Label: "block " + h.String(), URL: "/btc/block/" + h.String()})
			} else if !isNotFound(err) {
				return nil, err
			}
			if _, err := s.cfg.BTC.Tx(h); err == nil {
				out = append(out, choice{Chain: "UTXO", Kind: "transaction", Label: "transaction " + h.String(), URL: "/btc/tx/" + h.String()})
			} else if !isNotFound(err) {
				return nil, err
			}
		}
		if s.cfg.ETH != nil {
			h, _ := parseETHHash(body)
			if _, err := s.cfg.ETH.BlockByHash(h); err == nil {
				out = append(out, choice{Chain: "account", Kind: "block", Label: "block " + h.Hex(), URL: "/eth/block/" + h.Hex()})
			} else if !isNotFound(err) {
				return nil, err
			}
			if _, err := s.cfg.ETH.Tx(h); err == nil {
				out = append(out, choice{Chain: "account", Kind: "transaction", Label: "transaction " + h.Hex(), URL: "/eth/tx/" + h.Hex()})
			} else if !isNotFound(err) {
				return nil, err
			}
		}
		return out, nil
	case len(body) == 40 && isHex(body) && s.cfg.ETH != nil:
		a, err := parseETHAddress(body)
		if err != nil {
			return nil, err
		}
		return []choice{{Chain: "account", Kind: "address", Label: a.Hex(), URL: "/eth/address/" + a.Hex()}}, nil
	}
	if s.cfg.BTC != nil {
		if a, err := address.Decode(q, s.cfg.BTC.Params()); err == nil {
			return []choice{{Chain: "UTXO", Kind: "address", Label: a.String(), URL: "/btc/address/" + url.PathEscape(a.String())}}, nil
		}
	}
	return nil, badRequest("not a height, block hash, transaction id or address")
}
