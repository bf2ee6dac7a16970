package miningrpc

import (
	"context"
	"math"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/fees"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// parseConfTarget is Core's ParseConfirmTarget.
func parseConfTarget(p *jsonrpc.Params, max int64) (int, error) {
	t, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return 0, err
	}
	if t < 1 || t > max {
		return 0, invalidParam("Invalid conf_target, must be between %d and %d", 1, max)
	}
	return int(t), nil
}

type smartFeeResult struct {
	FeeRate *btcjson.Amount `json:"feerate,omitempty"`
	Errors  []string        `json:"errors,omitempty"`
	Blocks  int             `json:"blocks"`
}

func (s *Service) estimateSmartFee(ctx context.Context, p *jsonrpc.Params) (any, error) {
	target, err := parseConfTarget(p, fees.MaxTarget)
	if err != nil {
		return nil, err
	}
	mode := "economical"
	if err := p.Decode(1, &mode); err != nil {
		return nil, err
	}
	var conservative bool
	switch strings.ToUpper(mode) {
	case "UNSET", "ECONOMICAL":
	case "CONSERVATIVE":
		conservative = true
	default:
		return nil, invalidParam(`Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"`)
	}
	var res smartFeeResult
	if s.cfg.Fees == nil {
		res.Errors = []string{"Insufficient data or no feerate found"}
		return res, nil
	}
	rate, blocks, ok := s.cfg.Fees.EstimateSmartFee(target, conservative)
	res.Blocks = blocks
	if !ok {
		res.Errors = []string{"Insufficient data or no feerate found"}
		return res, nil
	}
	rate = max(rate, s.cfg.Mempool.MinFee(), s.cfg.MinRelayFee)
	a := btcjson.Amount(rate)
	res.FeeRate = &a
	return res, nil
}

type rawBucket struct {
	StartRange     float64 `json:"startrange"`
	EndRange       float64 `json:"endrange"`
	WithinTarget   float64 `json:"withintarget"`
	TotalConfirmed float64 `json:"totalconfirmed"`
	InMempool      float64 `json:"inmempool"`
	LeftMempool    float64 `json:"leftmempool"`
}

type rawHorizon struct {
	FeeRate *btcjson.Amount `json:"feerate,omitempty"`
	Decay   btcjson.Float   `json:"decay"`
	Scale   int             `json:"scale"`
	Pass    *rawBucket      `json:"pass,omitempty"`
	Fail    *rawBucket      `json:"fail,omitempty"`
	Errors  []string        `json:"errors,omitempty"`
}

func bucketView(b fees.BucketRange) *rawBucket {
	r2 := func(v float64) float64 { return math.Round(v*100) / 100 }
	return &rawBucket{
		StartRange: math.Round(b.Start), EndRange: math.Round(b.End),
		WithinTarget: r2(b.WithinTarget), TotalConfirmed: r2(b.TotalConfirmed),
		InMempool: r2(b.InMempool), LeftMempool: r2(b.LeftMempool),
	}
}

func (s *Service) estimateRawFee(ctx context.Context, p *jsonrpc.Params) (any, error) {
	target, err := parseConfTarget(p, fees.MaxTarget)
	if err != nil {
		return nil, err
	}
	threshold := 0.95
	if err := p.Decode(1, &threshold); err != nil {
		return nil, err
	}
	if threshold < 0 || threshold > 1 {
		return nil, invalidParam("Invalid threshold")
	}
	var out rawFeeResult
	if s.cfg.Fees == nil {
		return out, nil
	}
	for _, h := range []fees.Horizon{fees.HorizonShort, fees.HorizonMedium, fees.HorizonLong} {
		if target > s.cfg.Fees.HighestTargetTracked(h) {
			continue
		}
		rate, res := s.cfg.Fees.EstimateRawFee(target, threshold, h)
		r := rawHorizon{Decay: btcjson.Float(res.Decay), Scale: res.Scale}
		if rate != 0 {
			a := btcjson.Amount(rate)
			r.FeeRate = &a
			r.Pass = bucketView(res.Pass)
			if res.Fail.Start != -1 {
				r.Fail = bucketView(res.Fail)
			}
		} else {
			r.Fail = bucketView(res.Fail)
			r.Errors = []string{"Insufficient data or no feerate found which meets threshold"}
		}
		switch h {
		case fees.HorizonShort:
			out.Short = &r
		case fees.HorizonMedium:
			out.Medium = &r
		default:
			out.Long = &r
		}
	}
	return out, nil
}

// rawFeeResult is estimaterawfee's reply, horizons in Core's order.
type rawFeeResult struct {
	Short  *rawHorizon `json:"short,omitempty"`
	Medium *rawHorizon `json:"medium,omitempty"`
	Long   *rawHorizon `json:"long,omitempty"`
}
