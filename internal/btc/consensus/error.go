package consensus

// ErrorKind identifies a kind of consensus rule violation. Its value is the
// reject reason Bitcoin Core uses for it.
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

// Context-free transaction rule violations (Core's CheckTransaction).
const (
	// ErrBadTxnsVinEmpty: a transaction has no inputs.
	ErrBadTxnsVinEmpty = ErrorKind("bad-txns-vin-empty")
	// ErrBadTxnsVoutEmpty: a transaction has no outputs.
	ErrBadTxnsVoutEmpty = ErrorKind("bad-txns-vout-empty")
	// ErrBadTxnsOversize: the stripped size times the witness scale factor
	// exceeds the maximum block weight.
	ErrBadTxnsOversize = ErrorKind("bad-txns-oversize")
	// ErrBadTxnsVoutNegative: an output value is negative.
	ErrBadTxnsVoutNegative = ErrorKind("bad-txns-vout-negative")
	// ErrBadTxnsVoutTooLarge: an output value exceeds MaxMoney.
	ErrBadTxnsVoutTooLarge = ErrorKind("bad-txns-vout-toolarge")
	// ErrBadTxnsTxoutTotalTooLarge: the sum of output values exceeds MaxMoney.
	ErrBadTxnsTxoutTotalTooLarge = ErrorKind("bad-txns-txouttotal-toolarge")
	// ErrBadTxnsInputsDuplicate: two inputs spend the same outpoint.
	ErrBadTxnsInputsDuplicate = ErrorKind("bad-txns-inputs-duplicate")
	// ErrBadCbLength: a coinbase scriptSig is shorter than 2 or longer than
	// 100 bytes.
	ErrBadCbLength = ErrorKind("bad-cb-length")
	// ErrBadTxnsPrevoutNull: a non-coinbase input spends the null outpoint.
	ErrBadTxnsPrevoutNull = ErrorKind("bad-txns-prevout-null")
)

// RuleError is a consensus rejection: a kind (Core's reason string) and a
// human description of the specific failure.
type RuleError struct {
	Err         ErrorKind
	Description string
}

// Error returns the reason followed by the description.
func (e *RuleError) Error() string {
	if e.Description == "" {
		return string(e.Err)
	}
	return string(e.Err) + ": " + e.Description
}

// Unwrap returns the kind, so errors.Is(err, kind) works.
func (e *RuleError) Unwrap() error { return e.Err }

// Reason returns Core's reject reason string.
func (e *RuleError) Reason() string { return string(e.Err) }

func ruleError(kind ErrorKind, desc string) *RuleError {
	return &RuleError{Err: kind, Description: desc}
}
