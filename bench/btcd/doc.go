// Package btcdbench runs btcd v0.26.2 on the same inputs as twinchain's own
// benchmarks, with the same benchmark names, so that bench/run-btc.sh can set
// the two side by side in one run. btcd is a dependency of this module only,
// never of the main module. Inputs are loaded with twinchain's decoders
// outside the timed loops.
//
// Two commands serve bench/run-import.sh: cmd/genchain writes the generated
// acceptance chain (package chaingen) as a blk file, and cmd/btcdimport
// imports a blk file into btcd with full validation (ProcessBlock with
// BFNone; btcd's own addblock uses BFFastAdd, which skips the input and
// script checks).
package btcdbench
