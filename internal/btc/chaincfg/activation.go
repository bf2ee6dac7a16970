package chaincfg

import (
	"math"
	"strconv"
	"strings"
)

// Deployment names a buried soft fork whose activation height tests may move
// (Core's Consensus::BuriedDeployment).
type Deployment int

// The buried deployments.
const (
	// DeploymentHeightInCB is BIP34 (height in coinbase, version >= 2).
	DeploymentHeightInCB Deployment = iota
	// DeploymentCLTV is BIP65 (OP_CHECKLOCKTIMEVERIFY, version >= 4).
	DeploymentCLTV
	// DeploymentDERSig is BIP66 (strict DER signatures, version >= 3).
	DeploymentDERSig
	// DeploymentCSV is BIP68/112/113 (relative lock times, MTP lock times).
	DeploymentCSV
	// DeploymentSegwit is BIP141/143/147.
	DeploymentSegwit
)

// deploymentNames are Core's names for -testactivationheight
// (DeploymentName in deploymentinfo.cpp), indexed by Deployment.
var deploymentNames = [...]string{
	DeploymentHeightInCB: "bip34",
	DeploymentCLTV:       "cltv",
	DeploymentDERSig:     "dersig",
	DeploymentCSV:        "csv",
	DeploymentSegwit:     "segwit",
}

// String returns Core's name of the deployment ("bip34", "cltv", "dersig",
// "csv", "segwit").
func (d Deployment) String() string {
	if d < 0 || int(d) >= len(deploymentNames) {
		return "unknown"
	}
	return deploymentNames[d]
}

// DeploymentByName returns the deployment Core calls name.
//
// This function is safe for concurrent access.
func DeploymentByName(name string) (Deployment, bool) {
	for i, n := range deploymentNames {
		if n == name {
			return Deployment(i), true
		}
	}
	return 0, false
}

// ActivationHeight returns the first height at which d is enforced.
//
// This function is safe for concurrent access.
func (p *Params) ActivationHeight(d Deployment) int32 {
	switch d {
	case DeploymentHeightInCB:
		return p.BIP34Height
	case DeploymentCLTV:
		return p.BIP65Height
	case DeploymentDERSig:
		return p.BIP66Height
	case DeploymentCSV:
		return p.CSVHeight
	case DeploymentSegwit:
		return p.SegwitHeight
	}
	return math.MaxInt32
}

// DeploymentActiveAt reports whether d is enforced in a block at height
// (Core's DeploymentActiveAt / DeploymentActiveAfter with the next height).
//
// This function is safe for concurrent access.
func (p *Params) DeploymentActiveAt(d Deployment, height int32) bool {
	return height >= p.ActivationHeight(d)
}

// SetActivationHeight moves the activation height of d.
//
// This function MUST NOT be called while p is shared with other goroutines.
func (p *Params) SetActivationHeight(d Deployment, height int32) {
	switch d {
	case DeploymentHeightInCB:
		p.BIP34Height = height
	case DeploymentCLTV:
		p.BIP65Height = height
	case DeploymentDERSig:
		p.BIP66Height = height
	case DeploymentCSV:
		p.CSVHeight = height
	case DeploymentSegwit:
		p.SegwitHeight = height
	}
}

// ApplyTestActivationHeight applies one value of Core's
// -testactivationheight=name@height option, where name is segwit, bip34,
// dersig, cltv or csv and height is in [0, 2^31-1). Errors wrap
// ErrInvalidTestActivationHeight and carry Core's messages. Core accepts the
// option only on regtest; enforcing that is the configuration layer's job.
//
// This function MUST NOT be called while p is shared with other goroutines.
func (p *Params) ApplyTestActivationHeight(arg string) error {
	name, value, found := strings.Cut(arg, "@")
	if !found {
		return makeError(ErrInvalidTestActivationHeight, "Invalid format (%s) for -testactivationheight=name@height.", arg)
	}
	// Core's ToIntegral takes an optional '-' but no '+' and no spaces.
	h, err := strconv.ParseInt(value, 10, 32)
	if err != nil || strings.HasPrefix(value, "+") || h < 0 || h >= math.MaxInt32 {
		return makeError(ErrInvalidTestActivationHeight, "Invalid height value (%s) for -testactivationheight=name@height.", arg)
	}
	d, ok := DeploymentByName(name)
	if !ok {
		return makeError(ErrInvalidTestActivationHeight, "Invalid name (%s) for -testactivationheight=name@height.", arg)
	}
	p.SetActivationHeight(d, int32(h))
	return nil
}
