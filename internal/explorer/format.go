package explorer

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

const (
	// pageSize is the number of rows per page (block transactions,
	// address history) and Esplora's block txs page size.
	pageSize = 25
	// maxPage bounds page numbers in query strings.
	maxPage = 100000
	// maxRows bounds the inputs/outputs a transaction page lists.
	maxRows = 250
)

// formatSats prints a satoshi amount as BTC with eight decimals, computed
// from the integer.
func formatSats(v int64) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	s := strconv.FormatUint(u/1e8, 10) + "." + pad(strconv.FormatUint(u%1e8, 10), 8)
	if neg {
		s = "-" + s
	}
	return s + " BTC"
}

// pad left-pads s with zeros to n digits.
func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

// formatUnits prints v / 10^dec with trailing zeros trimmed.
func formatUnits(v *uint256.Int, dec int) string {
	s := v.Dec()
	if len(s) <= dec {
		s = pad(s, dec+1)
	}
	i, f := s[:len(s)-dec], strings.TrimRight(s[len(s)-dec:], "0")
	if f == "" {
		return i
	}
	return i + "." + f
}

// formatWei prints a wei amount in ETH.
func formatWei(v *uint256.Int) string { return formatUnits(v, 18) + " ETH" }

// formatGwei prints a wei amount in gwei.
func formatGwei(v *uint256.Int) string { return formatUnits(v, 9) + " gwei" }

// badRequest returns an ErrBadRequest error with a description.
func badRequest(desc string) error { return newError(ErrBadRequest, desc) }

// notFound returns an ErrNotFound error with a description.
func notFound(desc string) error { return newError(ErrNotFound, desc) }

// isHex reports whether s is non-empty and all hex digits.
func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isDigits reports whether s is non-empty and all decimal digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseBTCHash parses a block hash or txid in display order (64 hex).
func parseBTCHash(s string) (chainhash.Hash, error) {
	if len(s) != 64 || !isHex(s) {
		return chainhash.Hash{}, badRequest("not a 64-character hex hash")
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, badRequest("not a 64-character hex hash")
	}
	return h, nil
}

// parseETHHash parses a 32-byte hash with or without 0x.
func parseETHHash(s string) (ethtypes.Hash, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s) != 64 || !isHex(s) {
		return ethtypes.Hash{}, badRequest("not a 32-byte hex hash")
	}
	h, err := ethtypes.HexToHash("0x" + s)
	if err != nil {
		return ethtypes.Hash{}, badRequest("not a 32-byte hex hash")
	}
	return h, nil
}

// parseETHAddress parses a 20-byte address with or without 0x.
func parseETHAddress(s string) (ethtypes.Address, error) {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(t) != 40 || !isHex(t) {
		return ethtypes.Address{}, badRequest("not a 20-byte hex address")
	}
	a, err := ethtypes.ParseAddress("0x" + t)
	if err != nil {
		return ethtypes.Address{}, badRequest("not a valid address")
	}
	return a, nil
}

// parseHeight parses a non-negative decimal block height or number.
func parseHeight(s string) (int64, error) {
	if !isDigits(s) || len(s) > 18 {
		return 0, badRequest("not a block height")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, badRequest("not a block height")
	}
	return n, nil
}

// parsePage reads the 1-based page number from query parameter key.
func parsePage(r *http.Request, key string) (int, error) {
	v := r.URL.Query().Get(key)
	if v == "" {
		return 1, nil
	}
	if !isDigits(v) || len(v) > 6 {
		return 0, badRequest("bad page number")
	}
	n, _ := strconv.Atoi(v)
	if n < 1 || n > maxPage {
		return 0, badRequest("page number out of range")
	}
	return n, nil
}

// pager is the paging bar of a list.
type pager struct {
	Page, Pages int
	PrevURL     string
	NextURL     string
}

// makePager builds the paging links of a list of total rows (total < 0:
// unknown, hasMore says whether a next page exists).
func makePager(base, key string, page, total int, hasMore bool) pager {
	p := pager{Page: page}
	if total >= 0 {
		p.Pages = (total + pageSize - 1) / pageSize
		hasMore = page < p.Pages
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	if page > 1 {
		p.PrevURL = base + sep + key + "=" + strconv.Itoa(page-1)
	}
	if hasMore {
		p.NextURL = base + sep + key + "=" + strconv.Itoa(page+1)
	}
	return p
}
