package ethchain

import "testing"

// BenchmarkApplyTransfer measures a plain value transfer through
// ApplyMessage and the end of the transaction.
func BenchmarkApplyTransfer(b *testing.B) {
	e := newEnv(b, "Cancun")
	gp := GasPool(^uint64(0))
	m := transfer(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ApplyMessage(e.evm, m, &gp); err != nil {
			b.Fatal(err)
		}
		m.Nonce++
		e.state.Finalise(true)
	}
}

// BenchmarkApplyContractCall measures a call running a little code with a
// storage write.
func BenchmarkApplyContractCall(b *testing.B) {
	e := newEnv(b, "Cancun")
	gp := GasPool(^uint64(0))
	m := transfer(0)
	m.To, m.GasLimit = &contract, 100000
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ApplyMessage(e.evm, m, &gp); err != nil {
			b.Fatal(err)
		}
		m.Nonce++
		e.state.Finalise(true)
	}
}
