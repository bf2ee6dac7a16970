package ethrpc

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// submit adds tx to the pool and mines it with automine.
func (s *Service) submit(ctx context.Context, tx *ethtypes.Transaction) (any, error) {
	if err := s.pool.AddLocal(tx); err != nil {
		return nil, serverError("%v", err)
	}
	if s.cfg.Automine && s.miner != nil {
		if _, err := s.miner.MinePending(ctx); err != nil {
			return nil, serverError("automine: %v", err)
		}
	}
	return hexHash(tx.Hash()), nil
}

func (s *Service) sendRawTransaction(ctx context.Context, p []json.RawMessage) (any, error) {
	var raw Bytes
	if err := arg(p, 0, &raw, true); err != nil {
		return nil, err
	}
	tx, err := ethtypes.DecodeTx(raw)
	if err != nil {
		return nil, serverError("%v", err)
	}
	return s.submit(ctx, tx)
}

// sendRawTransactions answers a run of eth_sendRawTransaction calls in one
// batch: the transactions are decoded, their senders recovered in
// parallel, and they enter the pool in the batch's order under one lock;
// with automine, one MinePending then mines them together (as concurrent
// calls would be group-committed), and every call returns once its
// transaction is mined. Each call gets the answer it would get alone: its
// hash, or its own decoding or pool rejection; an automine failure is
// every accepted call's error, as each would have met it.
func (s *Service) sendRawTransactions(ctx context.Context, ps [][]json.RawMessage) ([]any, []error) {
	vs, errs := make([]any, len(ps)), make([]error, len(ps))
	txs := make([]*ethtypes.Transaction, 0, len(ps))
	idx := make([]int, 0, len(ps))
	for i, p := range ps {
		var raw Bytes
		if err := arg(p, 0, &raw, true); err != nil {
			errs[i] = err
			continue
		}
		tx, err := ethtypes.DecodeTx(raw)
		if err != nil {
			errs[i] = serverError("%v", err)
			continue
		}
		txs = append(txs, tx)
		idx = append(idx, i)
	}
	if len(txs) == 0 {
		return vs, errs
	}
	accepted := 0
	for k, err := range s.pool.AddLocals(txs) {
		i := idx[k]
		if err != nil {
			errs[i] = serverError("%v", err)
			continue
		}
		vs[i] = hexHash(txs[k].Hash())
		accepted++
	}
	if accepted > 0 && s.cfg.Automine && s.miner != nil {
		if _, err := s.miner.MinePending(ctx); err != nil {
			for _, i := range idx {
				if errs[i] == nil {
					vs[i], errs[i] = nil, serverError("automine: %v", err)
				}
			}
		}
	}
	return vs, errs
}

// account returns the unlocked key of addr.
func (s *Service) account(addr ethtypes.Address) (*secp256k1.PrivateKey, bool) {
	for _, a := range s.cfg.Accounts {
		if a.Address == addr {
			return secp256k1.PrivKeyFromBytes(a.PrivateKey[:]), true
		}
	}
	return nil, false
}

func (s *Service) sendTransaction(ctx context.Context, p []json.RawMessage) (any, error) {
	args, err := txArgs(p, 0)
	if err != nil {
		return nil, err
	}
	if args.From == nil {
		return nil, invalidParams("from address is required")
	}
	from := ethtypes.Address(*args.From)
	key, ok := s.account(from)
	if !ok {
		return nil, serverError("unknown account")
	}
	cfg := s.chain.Config()
	if args.ChainID != nil {
		id := uint256.Int(*args.ChainID)
		if !id.IsUint64() || id.Uint64() != cfg.ChainID {
			return nil, serverError("chainId does not match node's (have=%s, want=%d)", id.Dec(), cfg.ChainID)
		}
	}
	nonce := s.pool.Nonce(from)
	if args.Nonce != nil {
		nonce = uint64(*args.Nonce)
	}
	head := s.chain.CurrentBlock()
	if args.Gas == nil {
		st, err := s.chain.StateAt(head.Header.Root)
		if err != nil {
			return nil, serverError("%v", err)
		}
		est := *args
		est.Nonce = nil
		g, err := s.estimate(ctx, &est, st, head)
		if err != nil {
			return nil, err
		}
		q := Quantity(g)
		args.Gas = &q
	}
	var to *ethtypes.Address
	if args.To != nil {
		t := ethtypes.Address(*args.To)
		to = &t
	}
	var value uint256.Int
	if args.Value != nil {
		value = uint256.Int(*args.Value)
	}
	baseFee := s.pool.BaseFee()
	if baseFee == nil {
		baseFee = head.Header.BaseFee
	}
	var data ethtypes.TxData
	if args.GasPrice != nil || baseFee == nil {
		gp := uint256.Int{}
		if args.GasPrice != nil {
			gp = uint256.Int(*args.GasPrice)
		} else {
			gp.Set(suggestTip)
		}
		if args.AccessList != nil {
			data = &ethtypes.AccessListTx{ChainID: *uint256.NewInt(cfg.ChainID), Nonce: nonce, GasPrice: gp,
				Gas: uint64(*args.Gas), To: to, Value: value, Data: args.data(), AccessList: args.accessList()}
		} else {
			data = &ethtypes.LegacyTx{Nonce: nonce, GasPrice: gp, Gas: uint64(*args.Gas), To: to, Value: value, Data: args.data()}
		}
	} else {
		var tip, feeCap uint256.Int
		tip.Set(suggestTip)
		if args.MaxPriorityFeePerGas != nil {
			tip = uint256.Int(*args.MaxPriorityFeePerGas)
		}
		if args.MaxFeePerGas != nil {
			feeCap = uint256.Int(*args.MaxFeePerGas)
		} else {
			feeCap.Add(baseFee, baseFee)
			feeCap.Add(&feeCap, &tip)
		}
		if feeCap.Lt(&tip) {
			return nil, serverError("maxFeePerGas (%s) < maxPriorityFeePerGas (%s)", feeCap.Dec(), tip.Dec())
		}
		data = &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(cfg.ChainID), Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap,
			Gas: uint64(*args.Gas), To: to, Value: value, Data: args.data(), AccessList: args.accessList()}
	}
	tx, err := ethtypes.SignTx(ethtypes.NewTx(data), s.signer, key)
	if err != nil {
		return nil, serverError("%v", err)
	}
	return s.submit(ctx, tx)
}

// personalHash is the EIP-191 hash of a personal message.
func personalHash(msg []byte) []byte {
	prefix := "\x19Ethereum Signed Message:\n" + strconv.Itoa(len(msg))
	h := crypto.Keccak256([]byte(prefix), msg)
	return h[:]
}

// signHash signs hash with key and returns R || S || V with V 27/28.
func signHash(key *secp256k1.PrivateKey, hash []byte) ([]byte, error) {
	sig, err := crypto.SignRecoverable(key, hash)
	if err != nil {
		return nil, err
	}
	out := sig[:]
	out[64] += 27
	return out, nil
}

func (s *Service) sign(_ context.Context, p []json.RawMessage) (any, error) {
	return s.signPersonal(p, 0, 1)
}

// personalSign is personal_sign (params: data, address), the order ethers'
// JsonRpcSigner.signMessage, Hardhat's node and anvil use; the signature is
// eth_sign's (EIP-191 "\x19Ethereum Signed Message:\n" prefix).
func (s *Service) personalSign(_ context.Context, p []json.RawMessage) (any, error) {
	return s.signPersonal(p, 1, 0)
}

// signPersonal signs the EIP-191 personal-message hash of the data at
// parameter dataIdx with the unlocked account at parameter addrIdx.
func (s *Service) signPersonal(p []json.RawMessage, addrIdx, dataIdx int) (any, error) {
	var addr Address
	if err := arg(p, addrIdx, &addr, true); err != nil {
		return nil, err
	}
	var msg Bytes
	if err := arg(p, dataIdx, &msg, true); err != nil {
		return nil, err
	}
	key, ok := s.account(ethtypes.Address(addr))
	if !ok {
		return nil, serverError("unknown account")
	}
	sig, err := signHash(key, personalHash(msg))
	if err != nil {
		return nil, serverError("%v", err)
	}
	return hexBytes(sig), nil
}
