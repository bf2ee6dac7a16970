package miningrpc

import (
	"context"
	"encoding/hex"
	"errors"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/descriptor"
	"github.com/twinchain/twinchain/internal/btc/mining"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// defaultMaxTries is Core's DEFAULT_MAX_TRIES.
const defaultMaxTries = 1_000_000

// generate mines n blocks to script (Core's generateBlocks): the hashes
// found, stopping without an error when maxTries runs out.
func (s *Service) generate(ctx context.Context, n, maxTries int64, script []byte) (any, error) {
	hashes := []string{}
	if n <= 0 || maxTries <= 0 {
		return hashes, nil
	}
	s.generateLock.Lock()
	defer s.generateLock.Unlock()
	got, err := s.gen.Generate(ctx, int(n), script, uint64(maxTries))
	for _, h := range got {
		hashes = append(hashes, h.String())
	}
	switch {
	case err == nil, errors.Is(err, mining.ErrNoSolution):
		return hashes, nil
	case errors.Is(err, mining.ErrBlockNotAccepted):
		return nil, jsonrpc.NewError(jsonrpc.CodeInternalError, "ProcessNewBlock, block not accepted")
	case ctx.Err() != nil:
		return nil, jsonrpc.NewError(jsonrpc.CodeMiscError, "Shutting down")
	}
	return nil, jsonrpc.NewError(jsonrpc.CodeInternalError, "%v", err)
}

func (s *Service) generateToAddress(ctx context.Context, p *jsonrpc.Params) (any, error) {
	n, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return nil, err
	}
	var addr string
	if err := p.Require(1, &addr); err != nil {
		return nil, err
	}
	maxTries, err := rpcutil.OptInt(p, 2, defaultMaxTries)
	if err != nil {
		return nil, err
	}
	a, err := address.Decode(addr, s.cfg.Params)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Error: Invalid address")
	}
	return s.generate(ctx, n, maxTries, a.ScriptPubKey())
}

// scriptFromDescriptor is Core's getScriptFromDescriptor: ok false with the
// parser's message when desc is not a descriptor.
func (s *Service) scriptFromDescriptor(desc string) (script []byte, msg string, err error) {
	d, perr := descriptor.Parse(desc, s.cfg.Params)
	if perr != nil {
		return nil, perr.Error(), nil
	}
	if d.IsRange() {
		return nil, "", invalidParam("Ranged descriptor not accepted. Maybe pass through deriveaddresses first?")
	}
	x, eerr := d.Expand(0)
	if eerr != nil || len(x.ScriptPubKeys) == 0 {
		return nil, "", jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Cannot derive script without private keys")
	}
	switch len(x.ScriptPubKeys) {
	case 1:
		return x.ScriptPubKeys[0], "", nil
	case 4:
		return x.ScriptPubKeys[2], "", nil // combo() with a compressed key: the P2WPKH script
	default:
		return x.ScriptPubKeys[1], "", nil // combo(): the P2PKH script
	}
}

func (s *Service) generateToDescriptor(ctx context.Context, p *jsonrpc.Params) (any, error) {
	n, err := rpcutil.ReqInt(p, 0)
	if err != nil {
		return nil, err
	}
	var desc string
	if err := p.Require(1, &desc); err != nil {
		return nil, err
	}
	maxTries, err := rpcutil.OptInt(p, 2, defaultMaxTries)
	if err != nil {
		return nil, err
	}
	script, msg, err := s.scriptFromDescriptor(desc)
	if err != nil {
		return nil, err
	}
	if script == nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "%s", msg)
	}
	return s.generate(ctx, n, maxTries, script)
}

type generateBlockResult struct {
	Hash string `json:"hash"`
	Hex  string `json:"hex,omitempty"`
}

func (s *Service) generateBlock(ctx context.Context, p *jsonrpc.Params) (any, error) {
	var output string
	if err := p.Require(0, &output); err != nil {
		return nil, err
	}
	var items []string
	if err := p.Require(1, &items); err != nil {
		return nil, err
	}
	submit := true
	if err := p.Decode(2, &submit); err != nil {
		return nil, err
	}
	script, _, err := s.scriptFromDescriptor(output)
	if err != nil {
		return nil, err
	}
	if script == nil {
		a, aerr := address.Decode(output, s.cfg.Params)
		if aerr != nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Error: Invalid address or descriptor")
		}
		script = a.ScriptPubKey()
	}
	txs := make([]*primitives.Tx, 0, len(items))
	for _, item := range items {
		if h, herr := rpcutil.ParseHash(item, "txid"); herr == nil {
			d, ok := s.cfg.Mempool.Get(h)
			if !ok {
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Transaction %s not in mempool.", item)
			}
			txs = append(txs, d.Tx)
			continue
		}
		raw, derr := btcjson.DecodeHex(item)
		var tx *primitives.Tx
		if derr == nil {
			tx, derr = btcjson.DecodeRawTx(raw, true, true)
		}
		if derr != nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeDeserializationError, "Transaction decode failed for %s. Make sure the tx has at least one input.", item)
		}
		txs = append(txs, tx)
	}

	s.generateLock.Lock()
	defer s.generateLock.Unlock()
	t, err := s.gen.NewTemplateWithTxs(script, txs)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInternalError, "%v", err)
	}
	// Core checks the block before solving it, without the proof of work
	// and the merkle root, which solving settles.
	if err := s.cfg.Chain.TestBlockValidity(t.Block, false, false); err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeVerifyError, "TestBlockValidity failed: %s", stateString(err))
	}
	blk, ok, _, err := t.Solve(ctx, defaultMaxTries)
	if err != nil || !ok {
		return nil, jsonrpc.NewError(jsonrpc.CodeMiscError, "Failed to make block.")
	}
	hash := blk.Header.BlockHash()
	if !submit {
		return generateBlockResult{Hash: hash.String(), Hex: hex.EncodeToString(blk.Bytes())}, nil
	}
	if err := s.cfg.Chain.ProcessBlock(blk); err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInternalError, "ProcessNewBlock, block not accepted")
	}
	return generateBlockResult{Hash: hash.String()}, nil
}

// stateString renders a rejection as Core's BlockValidationState::ToString:
// the reason, then the debug message when there is one.
func stateString(err error) string {
	var re *blockchain.RuleError
	if errors.As(err, &re) {
		if re.Description != "" && re.Description != re.Reason {
			return re.Reason + ", " + re.Description
		}
		return re.Reason
	}
	return err.Error()
}
