package mempool_test

import (
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// ExampleIsStandardTx shows a standardness rejection and its reason.
func ExampleIsStandardTx() {
	tx := &primitives.Tx{Version: 2,
		Inputs:  []primitives.TxIn{{Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 100, ScriptPubKey: append([]byte{0x00, 20}, make([]byte, 20)...)}}}
	opts := mempool.DefaultStandardOptions()
	err := mempool.IsStandardTx(tx, &opts)
	var re *mempool.RuleError
	if errors.As(err, &re) {
		fmt.Println(re.Reason(), errors.Is(err, mempool.ErrDust))
	}
	// Output: dust true
}
