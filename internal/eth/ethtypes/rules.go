package ethtypes

// Rules says which protocol changes are active for a block: one boolean per
// fork (and the EIP-155 replay protection that arrived with Spurious
// Dragon). Each flag implies the earlier ones on every public network;
// nothing here enforces that, so a test may switch a single EIP on.
//
// Rules is a plain value with no methods that reach outside the package, so
// that ethparams can take it over (deriving it from a chain config and a
// block number/time) without changing its users.
type Rules struct {
	IsHomestead      bool // EIP-2 (low-S, 53000 create cost), EIP-7
	IsEIP150         bool // Tangerine Whistle: gas repricing, 63/64 rule
	IsEIP155         bool // Spurious Dragon: replay-protected signatures
	IsEIP158         bool // Spurious Dragon: state clearing, EIP-170 code size
	IsByzantium      bool
	IsConstantinople bool
	IsPetersburg     bool
	IsIstanbul       bool // EIP-2028: 16 gas per non-zero calldata byte
	IsBerlin         bool // EIP-2929/2930: access lists, type-1 transactions
	IsLondon         bool // EIP-1559: base fee, type-2 transactions
	IsMerge          bool // Paris: proof of stake, PREVRANDAO
	IsShanghai       bool // EIP-3860 init-code limit and cost, PUSH0, withdrawals
	IsCancun         bool // EIP-4844 blob (type-3) transactions, EIP-1153, EIP-6780
}

// SupportsTxType reports whether transactions of type typ are valid under
// r: legacy always, access-list transactions from Berlin, dynamic-fee from
// London, blob transactions from Cancun.
func (r Rules) SupportsTxType(typ uint8) bool {
	switch typ {
	case LegacyTxType:
		return true
	case AccessListTxType:
		return r.IsBerlin
	case DynamicFeeTxType:
		return r.IsLondon
	case BlobTxType:
		return r.IsCancun
	}
	return false
}
