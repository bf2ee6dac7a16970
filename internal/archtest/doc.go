// Package archtest enforces the import rules of docs/ARCHITECTURE.md: every
// package of the module has a tier, imports only lower tiers (or the
// same-tier packages listed for it), the two chains never import each other,
// tier-1 protocol packages import nothing that does I/O, reads clocks or
// draws randomness, and the main module links no go-ethereum or btcd chain
// packages.
//
// The package has no code outside its test; keep the table in arch_test.go
// and the one in docs/ARCHITECTURE.md in step.
package archtest
