package btcrpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// fakeVB is a chain of n blocks whose median time past is 10*height and
// whose versions signal bit 1 at the heights in signal.
func fakeVB(n int32, signal ...int32) *vbView {
	blocks := make([]vbBlock, n)
	for h := range n {
		blocks[h] = vbBlock{hash: chainhash.Hash{byte(h), byte(h >> 8), 0xaa}, height: h, version: vbTopBits, mtp: int64(h) * 10}
	}
	for _, h := range signal {
		blocks[h].version |= 1 << 1
	}
	return &vbView{cache: &vbCache{}, at: func(h int32) (vbBlock, error) {
		if h < 0 || h >= n {
			return vbBlock{}, fmt.Errorf("no block at %d", h)
		}
		return blocks[h], nil
	}}
}

func TestVersionBitsStates(t *testing.T) {
	base := bip9Param{name: "x", bit: 1, start: 100, timeout: bip9NoTimeout, period: 4, threshold: 3}
	withTimeout, withMinHeight := base, base
	withTimeout.timeout = 150
	withMinHeight.minActivationHeight = 30
	always, never := base, base
	always.start, never.start = bip9AlwaysActive, bip9NeverActive
	lockIn := []int32{12, 13, 14}
	tests := []struct {
		name    string
		d       bip9Param
		signal  []int32
		prev    int32
		state   thresholdState
		since   int32
		elapsed int32 // statistics of the block after prev
		count   int32
		sig     string
	}{
		{"genesis parent", base, nil, -1, stateDefined, 0, 0, 0, ""},
		{"before start", base, nil, 10, stateDefined, 0, 4, 0, "----"},
		{"started", base, nil, 11, stateStarted, 12, 1, 0, "-"},
		{"still started", base, []int32{12}, 40, stateStarted, 12, 2, 0, "--"},
		{"started, counting", base, lockIn, 12, stateStarted, 12, 2, 2, "##"},
		{"locked in", base, lockIn, 15, stateLockedIn, 16, 1, 0, "-"},
		{"active", base, lockIn, 19, stateActive, 20, 1, 0, "-"},
		{"active later", base, lockIn, 37, stateActive, 20, 3, 0, "---"},
		{"threshold missed", base, []int32{12, 13}, 15, stateStarted, 12, 1, 0, "-"},
		{"failed", withTimeout, []int32{12, 13}, 15, stateFailed, 16, 1, 0, "-"},
		{"lock-in beats timeout", withTimeout, lockIn, 15, stateLockedIn, 16, 1, 0, "-"},
		{"min height waits", withMinHeight, lockIn, 27, stateLockedIn, 16, 1, 0, "-"},
		{"min height reached", withMinHeight, lockIn, 31, stateActive, 32, 1, 0, "-"},
		{"always active", always, nil, 5, stateActive, 0, 3, 0, "---"},
		{"never active", never, nil, 5, stateFailed, 0, 3, 0, "---"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := fakeVB(40, tc.signal...)
			for round := range 2 { // the second round reads the shared cache
				if round == 1 {
					v.commit()
					if len(v.cache.m) == 0 && tc.d.start >= 0 && tc.prev >= 3 {
						t.Fatal("nothing cached")
					}
				}
				st, err := v.stateFor(&tc.d, tc.prev)
				if err != nil || st != tc.state {
					t.Fatalf("state after %d = %v, %v; want %v", tc.prev, st, err, tc.state)
				}
				since, err := v.sinceHeight(&tc.d, tc.prev)
				if err != nil || since != tc.since {
					t.Fatalf("since = %d, %v; want %d", since, err, tc.since)
				}
			}
			if tc.prev+1 >= 40 || tc.sig == "" {
				return
			}
			stats, sig, err := v.statistics(&tc.d, tc.prev+1)
			if err != nil || stats.Elapsed != tc.elapsed || stats.Count != tc.count || sig != tc.sig || stats.Period != 4 {
				t.Fatalf("statistics = %+v %q %v; want elapsed %d count %d %q", stats, sig, err, tc.elapsed, tc.count, tc.sig)
			}
		})
	}
}

func TestBIP9DeploymentView(t *testing.T) {
	d := bip9Param{name: "x", bit: 1, start: 100, timeout: bip9NoTimeout, period: 4, threshold: 3}
	tests := []struct {
		name   string
		height int32
		want   string
	}{
		{"defined", 5, `{"type":"bip9","active":false,"bip9":{"start_time":100,"timeout":9223372036854775807,"min_activation_height":0,"status":"defined","since":0,"status_next":"defined"}}`},
		{"started, possible", 13, `{"type":"bip9","active":false,"bip9":{"bit":1,"start_time":100,"timeout":9223372036854775807,"min_activation_height":0,"status":"started","since":12,"status_next":"started","statistics":{"period":4,"threshold":3,"elapsed":2,"count":2,"possible":true},"signalling":"##"}}`},
		{"locked in", 17, `{"type":"bip9","active":false,"bip9":{"bit":1,"start_time":100,"timeout":9223372036854775807,"min_activation_height":0,"status":"locked_in","since":16,"status_next":"locked_in","statistics":{"period":4,"elapsed":2,"count":0},"signalling":"--"}}`},
		{"activating", 19, `{"type":"bip9","height":20,"active":true,"bip9":{"bit":1,"start_time":100,"timeout":9223372036854775807,"min_activation_height":0,"status":"locked_in","since":16,"status_next":"active","statistics":{"period":4,"elapsed":4,"count":0},"signalling":"----"}}`},
		{"active", 30, `{"type":"bip9","height":20,"active":true,"bip9":{"start_time":100,"timeout":9223372036854775807,"min_activation_height":0,"status":"active","since":20,"status_next":"active"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dv, err := bip9Deployment(fakeVB(40, 12, 13, 14), &d, tc.height)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(dv)
			if string(got) != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}

	// A period with too few blocks left says so.
	dv, err := bip9Deployment(fakeVB(40), &d, 14)
	if err != nil || dv.BIP9.Statistics == nil || *dv.BIP9.Statistics.Possible {
		t.Errorf("no signals after 3 of 4 blocks: %+v %v, want possible=false", dv.BIP9, err)
	}
}

func TestGetDeploymentInfo(t *testing.T) {
	env, _ := genEnv(t, false)
	best := env.chain.BestState()
	genesis := chaincfg.RegTest().GenesisHash
	type result struct {
		Hash        string                    `json:"hash"`
		Height      int32                     `json:"height"`
		Deployments map[string]deploymentView `json:"deployments"`
	}
	i32 := func(v int32) *int32 { return &v }
	buried := func(h int32, active bool) deploymentView {
		return deploymentView{Type: "buried", Height: i32(h), Active: active}
	}
	testdummy := deploymentView{Type: "bip9", BIP9: &bip9View{
		StartTime: 0, Timeout: bip9NoTimeout, Status: "defined", StatusNext: "defined",
	}}
	taproot := deploymentView{Type: "bip9", Height: i32(0), Active: true, BIP9: &bip9View{
		StartTime: -1, Timeout: bip9NoTimeout, Status: "active", StatusNext: "active",
	}}
	tests := []struct {
		name   string
		args   []any
		hash   string
		height int32
	}{
		{"tip", nil, best.Hash.String(), best.Height},
		{"null is the tip", []any{nil}, best.Hash.String(), best.Height},
		{"genesis", []any{genesis.String()}, genesis.String(), 0}, // bip34 etc. apply from height 1: active for the next block
		{"a past block", []any{mustBlockHash(t, env, 50)}, mustBlockHash(t, env, 50), 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := env.mustCall(t, "getdeploymentinfo", tc.args...)
			got := unmarshal[result](t, raw)
			want := result{Hash: tc.hash, Height: tc.height, Deployments: map[string]deploymentView{
				"bip34": buried(1, true), "bip66": buried(1, true), "bip65": buried(1, true),
				"csv": buried(1, true), "segwit": buried(0, true), "testdummy": testdummy, "taproot": taproot,
			}}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(bip9Stats{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			// Core's order of the deployments object.
			i := bytes.Index(raw, []byte(`"deployments"`))
			var last int
			for _, k := range []string{"bip34", "bip66", "bip65", "csv", "segwit", "testdummy", "taproot"} {
				at := bytes.Index(raw[i:], []byte(`"`+k+`"`))
				if at < last {
					t.Errorf("deployment %s out of Core's order in %s", k, raw)
				}
				last = at
			}
		})
	}

	for _, c := range []struct {
		name string
		arg  any
		code int
		msg  string
	}{
		{"unknown block", "00000000000000000000000000000000000000000000000000000000000000ff", -5, "Block not found"},
		{"short hash", "abcd", -8, "blockhash must be of length 64 (not 4, for 'abcd')"},
		{"not a string", 5, -3, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rerr := env.call(t, "getdeploymentinfo", c.arg)
			if c.msg == "" {
				if rerr == nil || rerr.Code != c.code {
					t.Fatalf("error %v, want code %d", rerr, c.code)
				}
				return
			}
			wantCode(t, rerr, c.code, c.msg)
		})
	}
}

func TestDeploymentsByNetwork(t *testing.T) {
	tests := []struct {
		params *chaincfg.Params
		names  []string
		start  int64
	}{
		{chaincfg.MainNet(), []string{"taproot"}, 1619222400},
		{chaincfg.TestNet3(), []string{"taproot"}, 1619222400},
		{chaincfg.TestNet4(), []string{"taproot"}, bip9AlwaysActive},
		{chaincfg.SigNet(), []string{"taproot"}, bip9AlwaysActive},
		{chaincfg.RegTest(), []string{"testdummy", "taproot"}, bip9AlwaysActive},
	}
	for _, tc := range tests {
		t.Run(tc.params.Name, func(t *testing.T) {
			var names []string
			var start int64
			for _, d := range bip9Deployments(tc.params) {
				if d.start != bip9NeverActive {
					names = append(names, d.name)
				}
				if d.name == "taproot" {
					start = d.start
				}
			}
			if !cmp.Equal(names, tc.names) || start != tc.start {
				t.Errorf("enabled %v, taproot start %d; want %v, %d", names, start, tc.names, tc.start)
			}
		})
	}
}

func mustBlockHash(t *testing.T, env *testEnv, h int32) string {
	t.Helper()
	hash, err := env.chain.BlockHashByHeight(h)
	if err != nil {
		t.Fatal(err)
	}
	return hash.String()
}
