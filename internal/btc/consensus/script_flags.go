package consensus

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// GetBlockScriptFlags returns the script verification flags for the block at
// height with hash blockHash, exactly as Core's GetBlockScriptFlags: P2SH,
// WITNESS and TAPROOT for every block except the network's exception blocks
// (which keep only the flags their entry lists), plus DERSIG from BIP66,
// CHECKLOCKTIMEVERIFY from BIP65, CHECKSEQUENCEVERIFY from CSV and NULLDUMMY
// from segwit activation.
//
// This function is safe for concurrent access.
func GetBlockScriptFlags(p *chaincfg.Params, height int32, blockHash chainhash.Hash) txscript.Flags {
	flags := txscript.FlagP2SH | txscript.FlagWitness | txscript.FlagTaproot
	for i := range p.ScriptFlagExceptions {
		e := &p.ScriptFlagExceptions[i]
		if e.BlockHash != blockHash {
			continue
		}
		flags = 0
		if e.P2SH {
			flags |= txscript.FlagP2SH
		}
		if e.Witness {
			flags |= txscript.FlagWitness
		}
		if e.Taproot {
			flags |= txscript.FlagTaproot
		}
		break
	}
	if p.DeploymentActiveAt(chaincfg.DeploymentDERSig, height) {
		flags |= txscript.FlagDERSig
	}
	if p.DeploymentActiveAt(chaincfg.DeploymentCLTV, height) {
		flags |= txscript.FlagCheckLockTimeVerify
	}
	if p.DeploymentActiveAt(chaincfg.DeploymentCSV, height) {
		flags |= txscript.FlagCheckSequenceVerify
	}
	if p.DeploymentActiveAt(chaincfg.DeploymentSegwit, height) {
		flags |= txscript.FlagNullDummy
	}
	return flags
}
