package btcrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"sync"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// Special BIP9 start times and the no-timeout value (Core's
// BIP9Deployment::ALWAYS_ACTIVE, NEVER_ACTIVE and NO_TIMEOUT).
const (
	bip9AlwaysActive int64 = -1
	bip9NeverActive  int64 = -2
	bip9NoTimeout    int64 = math.MaxInt64

	vbTopMask = 0xe0000000 // VERSIONBITS_TOP_MASK
	vbTopBits = 0x20000000 // VERSIONBITS_TOP_BITS
)

// bip9Param is one BIP9 deployment of Core's consensus parameters.
type bip9Param struct {
	name                string
	bit                 uint8
	start, timeout      int64
	minActivationHeight int32
	period, threshold   int32
}

// bip9Deployments returns Core's testdummy and taproot deployments for the
// network, in the order getdeploymentinfo lists them. chaincfg has no BIP9
// table, so the values of Core's chainparams are kept here.
func bip9Deployments(params *chaincfg.Params) []bip9Param {
	const (
		taprootStart   = 1619222400 // April 24th, 2021
		taprootTimeout = 1628640000 // August 11th, 2021
	)
	dummy := func(period, threshold int32) bip9Param {
		return bip9Param{name: "testdummy", bit: 28, start: bip9NeverActive, timeout: bip9NoTimeout, period: period, threshold: threshold}
	}
	taproot := func(start, timeout int64, minHeight, period, threshold int32) bip9Param {
		return bip9Param{name: "taproot", bit: 2, start: start, timeout: timeout, minActivationHeight: minHeight, period: period, threshold: threshold}
	}
	switch params.Name {
	case chaincfg.NameMain:
		return []bip9Param{dummy(2016, 1815), taproot(taprootStart, taprootTimeout, 709632, 2016, 1815)}
	case chaincfg.NameTestNet3:
		return []bip9Param{dummy(2016, 1512), taproot(taprootStart, taprootTimeout, 0, 2016, 1512)}
	case chaincfg.NameTestNet4:
		return []bip9Param{dummy(2016, 1512), taproot(bip9AlwaysActive, bip9NoTimeout, 0, 2016, 1512)}
	case chaincfg.NameRegTest:
		d := dummy(144, 108)
		d.start = 0
		return []bip9Param{d, taproot(bip9AlwaysActive, bip9NoTimeout, 0, 144, 108)}
	default: // signet
		return []bip9Param{dummy(2016, 1815), taproot(bip9AlwaysActive, bip9NoTimeout, 0, 2016, 1815)}
	}
}

// thresholdState is Core's ThresholdState.
type thresholdState uint8

const (
	stateDefined thresholdState = iota
	stateStarted
	stateLockedIn
	stateActive
	stateFailed
)

var thresholdNames = [...]string{"defined", "started", "locked_in", "active", "failed"}

func (st thresholdState) String() string { return thresholdNames[st] }

// vbBlock is what the versionbits logic reads of a block.
type vbBlock struct {
	hash    chainhash.Hash
	height  int32
	version int32
	mtp     int64
}

// vbCache remembers the state of a deployment after a period's last block
// (keyed by that block's hash, which fixes its ancestors, so entries never
// go stale), as Core's VersionBitsCache does.
type vbCache struct {
	mu sync.Mutex
	m  map[vbKey]thresholdState
}

type vbKey struct {
	name string
	hash chainhash.Hash
}

func (c *vbCache) get(k vbKey) (thresholdState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.m[k]
	return st, ok
}

func (c *vbCache) putAll(m map[vbKey]thresholdState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[vbKey]thresholdState)
	}
	for k, st := range m {
		c.m[k] = st
	}
}

// vbView evaluates deployments on the chain that ends at one block: at
// returns that chain's block at a height (0 <= height <= the block's). The
// states it computes wait in pending until commit, so that a view whose
// lookups raced with a reorganisation can be dropped.
type vbView struct {
	at      func(height int32) (vbBlock, error)
	cache   *vbCache
	pending map[vbKey]thresholdState
}

func (v *vbView) get(k vbKey) (thresholdState, bool) {
	if st, ok := v.pending[k]; ok {
		return st, true
	}
	return v.cache.get(k)
}

func (v *vbView) put(k vbKey, st thresholdState) {
	if v.pending == nil {
		v.pending = make(map[vbKey]thresholdState)
	}
	v.pending[k] = st
}

// commit adds the pending states to the shared cache.
func (v *vbView) commit() {
	if len(v.pending) > 0 {
		v.cache.putAll(v.pending)
		v.pending = nil
	}
}

func (d *bip9Param) signals(version int32) bool {
	return uint32(version)&vbTopMask == vbTopBits && uint32(version)&(1<<d.bit) != 0
}

// stateFor is Core's GetStateFor: the state of d for the block after the
// one at height prev (-1: the genesis block's parent).
func (v *vbView) stateFor(d *bip9Param, prev int32) (thresholdState, error) {
	switch d.start {
	case bip9AlwaysActive:
		return stateActive, nil
	case bip9NeverActive:
		return stateFailed, nil
	}
	if prev >= 0 {
		prev -= (prev + 1) % d.period // the last block of the previous period
	}
	var todo []vbBlock
	state := stateDefined
	for prev >= 0 {
		b, err := v.at(prev)
		if err != nil {
			return 0, err
		}
		if st, ok := v.get(vbKey{d.name, b.hash}); ok {
			state = st
			break
		}
		if b.mtp < d.start {
			v.put(vbKey{d.name, b.hash}, stateDefined)
			break
		}
		todo = append(todo, b)
		prev -= d.period
	}
	for i := len(todo) - 1; i >= 0; i-- {
		next := todo[i]
		switch state {
		case stateDefined:
			if next.mtp >= d.start {
				state = stateStarted
			}
		case stateStarted:
			var count int32
			for h := next.height - d.period + 1; h <= next.height; h++ {
				b, err := v.at(h)
				if err != nil {
					return 0, err
				}
				if d.signals(b.version) {
					count++
				}
			}
			if count >= d.threshold {
				state = stateLockedIn
			} else if next.mtp >= d.timeout {
				state = stateFailed
			}
		case stateLockedIn:
			if next.height+1 >= d.minActivationHeight {
				state = stateActive
			}
		}
		v.put(vbKey{d.name, next.hash}, state)
	}
	return state, nil
}

// sinceHeight is Core's StateSinceHeight: the first height of the run of
// periods that share the state after the block at height prev.
func (v *vbView) sinceHeight(d *bip9Param, prev int32) (int32, error) {
	if d.start == bip9AlwaysActive || d.start == bip9NeverActive {
		return 0, nil
	}
	initial, err := v.stateFor(d, prev)
	if err != nil || initial == stateDefined {
		return 0, err
	}
	prev -= (prev + 1) % d.period
	for pp := prev - d.period; pp >= 0; pp -= d.period {
		st, err := v.stateFor(d, pp)
		if err != nil {
			return 0, err
		}
		if st != initial {
			break
		}
		prev = pp
	}
	return prev + 1, nil
}

// bip9Stats is Core's BIP9Stats with the signalling string.
type bip9Stats struct {
	Period    int32  `json:"period"`
	Threshold *int32 `json:"threshold,omitempty"`
	Elapsed   int32  `json:"elapsed"`
	Count     int32  `json:"count"`
	Possible  *bool  `json:"possible,omitempty"`
}

// statistics is Core's Statistics for the period of the block at height:
// the counts and the '#'/'-' string of the blocks that signalled.
func (v *vbView) statistics(d *bip9Param, height int32) (bip9Stats, string, error) {
	n := 1 + height%d.period
	sig := make([]byte, n)
	st := bip9Stats{Period: d.period, Elapsed: n}
	for i := n - 1; i >= 0; i-- {
		b, err := v.at(height - (n - 1 - i))
		if err != nil {
			return st, "", err
		}
		sig[i] = '-'
		if d.signals(b.version) {
			sig[i] = '#'
			st.Count++
		}
	}
	return st, string(sig), nil
}

// deploymentView is one entry of getdeploymentinfo's deployments.
type deploymentView struct {
	Type   string    `json:"type"`
	Height *int32    `json:"height,omitempty"`
	Active bool      `json:"active"`
	BIP9   *bip9View `json:"bip9,omitempty"`
}

type bip9View struct {
	Bit                 *uint8     `json:"bit,omitempty"`
	StartTime           int64      `json:"start_time"`
	Timeout             int64      `json:"timeout"`
	MinActivationHeight int32      `json:"min_activation_height"`
	Status              string     `json:"status"`
	Since               int32      `json:"since"`
	StatusNext          string     `json:"status_next"`
	Statistics          *bip9Stats `json:"statistics,omitempty"`
	Signalling          *string    `json:"signalling,omitempty"`
}

// namedDeployment keeps Core's order of the deployments object.
type namedDeployment struct {
	name string
	view deploymentView
}

type deploymentList []namedDeployment

// MarshalJSON writes the deployments as one object in list order.
func (l deploymentList) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, d := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(d.name)
		v, err := json.Marshal(d.view)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// deploymentInfo is getdeploymentinfo's result.
type deploymentInfo struct {
	Hash        string         `json:"hash"`
	Height      int32          `json:"height"`
	Deployments deploymentList `json:"deployments"`
}

// buriedOrder is the order and Core names of the buried deployments.
var buriedOrder = []struct {
	name string
	dep  chaincfg.Deployment
}{
	{"bip34", chaincfg.DeploymentHeightInCB},
	{"bip66", chaincfg.DeploymentDERSig},
	{"bip65", chaincfg.DeploymentCLTV},
	{"csv", chaincfg.DeploymentCSV},
	{"segwit", chaincfg.DeploymentSegwit},
}

func deploymentMethod(s *Service) methodDef {
	return def("getdeploymentinfo", "blockchain", s.getDeploymentInfo, []string{"blockhash"}, 0, helpSpec{
		desc: "Returns an object containing various state info regarding deployments of consensus changes.",
		args: []string{`blockhash    (string, optional, default="hash of current chain tip") The block hash at which to query deployment state`},
		result: strings.Join([]string{
			"{    (json object)",
			`  "hash" : "str",    (string) requested block hash (or tip)`,
			`  "height" : n,    (numeric) requested block height (or tip)`,
			`  "deployments" : {    (json object)`,
			`    "xxxx" : {    (json object) name of the deployment`,
			`      "type" : "str",    (string) one of "buried", "bip9"`,
			`      "height" : n,    (numeric, optional) height of the first block which the rules are or will be enforced (only for "buried" type, or "bip9" type with "active" status)`,
			`      "active" : true|false,    (boolean) true if the rules are enforced for the mempool and the next block`,
			`      "bip9" : {    (json object, optional) status of bip9 softforks (only for "bip9" type)`,
			`        "bit" : n,    (numeric, optional) the bit (0-28) in the block version field used to signal this softfork (only for "started" and "locked_in" status)`,
			`        "start_time" : xxx,    (numeric) the minimum median time past of a block at which the bit gains its meaning`,
			`        "timeout" : xxx,    (numeric) the median time past of a block at which the deployment is considered failed if not yet locked in`,
			`        "min_activation_height" : n,    (numeric) minimum height of blocks for which the rules may be enforced`,
			`        "status" : "str",    (string) status of deployment at specified block (one of "defined", "started", "locked_in", "active", "failed")`,
			`        "since" : n,    (numeric) height of the first block to which the status applies`,
			`        "status_next" : "str",    (string) status of deployment at the next block`,
			`        "statistics" : {    (json object, optional) numeric statistics about signalling for a softfork (only for "started" and "locked_in" status)`,
			`          "period" : n,    (numeric) the length in blocks of the signalling period`,
			`          "threshold" : n,    (numeric, optional) the number of blocks with the version bit set required to activate the feature (only for "started" status)`,
			`          "elapsed" : n,    (numeric) the number of blocks elapsed since the beginning of the current period`,
			`          "count" : n,    (numeric) the number of blocks with the version bit set in the current period`,
			`          "possible" : true|false    (boolean, optional) returns false if there are not enough blocks left in this period to pass activation threshold (only for "started" status)`,
			`        },`,
			`        "signalling" : "str"    (string, optional) indicates blocks that signalled with a # and blocks that did not with a -`,
			`      }`,
			`    }`,
			`  }`,
			`}`,
		}, "\n")})
}

// getDeploymentInfo is Core's getdeploymentinfo.
func (s *Service) getDeploymentInfo(_ context.Context, p *jsonrpc.Params) (any, error) {
	tip := s.cfg.Chain.BestState().Hash
	hash := tip
	if p.Has(0) {
		h, err := rpcutil.ReqHash(p, 0, "blockhash")
		if err != nil {
			return nil, err
		}
		hash = h
	}
	info, err := s.blockInfo(hash)
	if err != nil {
		return nil, err
	}
	view := &vbView{at: s.ancestorsOf(info), cache: &s.vbits}
	deps, err := deploymentsAt(s.params(), view, info.Height)
	if err != nil {
		return nil, chainErr(err)
	}
	if s.cfg.Chain.BestState().Hash == tip { // no reorganisation raced the height lookups
		view.commit()
	}
	return &deploymentInfo{Hash: info.Hash.String(), Height: info.Height, Deployments: deps}, nil
}

// ancestorsOf returns the block lookup of the chain ending at tip: the
// blocks off the active chain by their parent links, the rest by height.
func (s *Service) ancestorsOf(tip blockchain.BlockInfo) func(int32) (vbBlock, error) {
	return func(h int32) (vbBlock, error) {
		info := tip
		var err error
		for info.Height > h && !info.InActiveChain {
			if info, err = s.cfg.Chain.BlockInfo(info.Header.PrevBlock); err != nil {
				return vbBlock{}, err
			}
		}
		if info.Height != h {
			hash, err := s.cfg.Chain.BlockHashByHeight(h)
			if err != nil {
				return vbBlock{}, err
			}
			if info, err = s.cfg.Chain.BlockInfo(hash); err != nil {
				return vbBlock{}, err
			}
		}
		return vbBlock{hash: info.Hash, height: info.Height, version: info.Header.Version, mtp: info.MedianTime.Unix()}, nil
	}
}

// deploymentsAt is Core's DeploymentInfo for the block at height on the
// chain view reads.
func deploymentsAt(params *chaincfg.Params, view *vbView, height int32) (deploymentList, error) {
	var out deploymentList
	for _, b := range buriedOrder {
		ah := params.ActivationHeight(b.dep)
		if ah == math.MaxInt32 { // DeploymentEnabled
			continue
		}
		out = append(out, namedDeployment{b.name, deploymentView{
			Type: "buried", Height: &ah, Active: params.DeploymentActiveAt(b.dep, height+1),
		}})
	}
	for _, d := range bip9Deployments(params) {
		if d.start == bip9NeverActive {
			continue
		}
		dv, err := bip9Deployment(view, &d, height)
		if err != nil {
			return nil, err
		}
		out = append(out, namedDeployment{d.name, dv})
	}
	return out, nil
}

func bip9Deployment(view *vbView, d *bip9Param, height int32) (deploymentView, error) {
	next, err := view.stateFor(d, height)
	if err != nil {
		return deploymentView{}, err
	}
	current, err := view.stateFor(d, height-1)
	if err != nil {
		return deploymentView{}, err
	}
	since, err := view.sinceHeight(d, height-1)
	if err != nil {
		return deploymentView{}, err
	}
	bv := &bip9View{
		StartTime: d.start, Timeout: d.timeout, MinActivationHeight: d.minActivationHeight,
		Status: current.String(), Since: since, StatusNext: next.String(),
	}
	if current == stateStarted || current == stateLockedIn {
		bit := d.bit
		bv.Bit = &bit
		st, sig, err := view.statistics(d, height)
		if err != nil {
			return deploymentView{}, err
		}
		if current != stateLockedIn {
			th, possible := d.threshold, d.period-d.threshold >= st.Elapsed-st.Count
			st.Threshold, st.Possible = &th, &possible
		}
		bv.Statistics, bv.Signalling = &st, &sig
	}
	dv := deploymentView{Type: "bip9", Active: next == stateActive, BIP9: bv}
	if next == stateActive {
		h, err := view.sinceHeight(d, height)
		if err != nil {
			return deploymentView{}, err
		}
		dv.Height = &h
	}
	return dv, nil
}
