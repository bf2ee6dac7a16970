package walletrpc

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

func addressType(p *jsonrpc.Params, i int) (string, error) {
	t, err := rpcutil.OptString(p, i, "")
	if err != nil {
		return "", err
	}
	if t != "" && !slices.Contains(wallet.OutputTypes, t) {
		return "", jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Unknown address type '%s'", t)
	}
	return t, nil
}

func (s *Service) getNewAddress(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	label, err := rpcutil.OptString(p, 0, "")
	if err != nil {
		return nil, err
	}
	if label == "*" {
		return nil, jsonrpc.NewError(codeWalletInvalidLabelName, "Invalid label name")
	}
	t, err := addressType(p, 1)
	if err != nil {
		return nil, err
	}
	a, err := w.NewAddress(t, label)
	if err != nil {
		return nil, err
	}
	return a.String(), nil
}

func (s *Service) getRawChangeAddress(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	t, err := addressType(p, 0)
	if err != nil {
		return nil, err
	}
	a, err := w.NewChangeAddress(t)
	if err != nil {
		return nil, err
	}
	return a.String(), nil
}

func (s *Service) getAddressInfo(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	as, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	a, err := s.decodeAddress(as)
	if err != nil {
		return nil, err
	}
	spk := a.ScriptPubKey()
	info, err := w.ScriptInfo(spk)
	if err != nil {
		return nil, err
	}
	o := newObj(24).add("address", a.String()).add("scriptPubKey", hex.EncodeToString(spk)).
		add("ismine", info.IsMine).add("solvable", info.Solvable)
	if info.Descriptor != "" {
		o.add("desc", info.Descriptor)
	}
	if info.ParentDesc != "" {
		o.add("parent_desc", info.ParentDesc)
	}
	o.add("iswatchonly", false)
	isScript := len(spk) == 23 && spk[0] == 0xa9
	o.add("isscript", isScript)
	ver, prog, isWitness := txscript.ExtractWitnessProgram(spk)
	o.add("iswitness", isWitness)
	if isWitness {
		o.add("witness_version", ver).add("witness_program", hex.EncodeToString(prog))
	}
	var pub string
	var origin *keyOriginView
	for k, ko := range info.PubKeys {
		pub = k
		origin = &keyOriginView{fp: hex.EncodeToString(ko.Fingerprint[:]), path: ko.Path}
	}
	if isScript && info.IsMine && pub != "" {
		o.add("script", "witness_v0_keyhash")
		pb, _ := hex.DecodeString(pub)
		h := hash160(pb)
		o.add("hex", "0014"+hex.EncodeToString(h[:]))
		o.add("embedded", newObj(4).add("isscript", false).add("iswitness", true).add("witness_version", 0).
			add("witness_program", hex.EncodeToString(h[:])).add("pubkey", pub))
	}
	if pub != "" && len(pub) == 66 {
		o.add("pubkey", pub).add("iscompressed", true)
	}
	if info.IsMine {
		o.add("ischange", info.Internal).add("timestamp", info.Timestamp)
		if origin != nil && len(origin.path) > 0 {
			o.add("hdkeypath", formatPath(origin.path)).add("hdmasterfingerprint", origin.fp)
		}
	} else {
		o.add("ischange", false)
	}
	labels := []string{}
	if l, ok := w.Label(spk); ok {
		labels = append(labels, l)
	}
	o.add("labels", labels)
	return o, nil
}

type keyOriginView struct {
	fp   string
	path []uint32
}

func formatPath(p []uint32) string {
	var b strings.Builder
	b.WriteString("m")
	for _, e := range p {
		b.WriteByte('/')
		if e >= 0x80000000 {
			b.WriteString(itoa(int64(e - 0x80000000)))
			b.WriteByte('h')
		} else {
			b.WriteString(itoa(int64(e)))
		}
	}
	return b.String()
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// ---- Received ----

func (s *Service) getReceivedByAddress(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	as, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	a, err := s.decodeAddress(as)
	if err != nil {
		return nil, err
	}
	minconf, err := rpcutil.OptInt(p, 1, 1)
	if err != nil {
		return nil, err
	}
	inclImmature, err := rpcutil.OptBool(p, 2, false)
	if err != nil {
		return nil, err
	}
	spk := a.ScriptPubKey()
	if !w.IsMine(spk) {
		return nil, jsonrpc.NewError(codeWalletError, "Address not found in wallet")
	}
	var sum int64
	for _, ti := range w.Transactions() {
		if ti.Coinbase && ti.Immature && !inclImmature {
			continue
		}
		if int64(ti.Confirmations) < minconf || ti.Confirmations < 0 {
			continue
		}
		for _, o := range ti.Tx.Outputs {
			if string(o.ScriptPubKey) == string(spk) {
				sum += o.Value
			}
		}
	}
	return btcjson.Amount(sum), nil
}

func (s *Service) listReceivedByAddress(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	minconf, err := rpcutil.OptInt(p, 0, 1)
	if err != nil {
		return nil, err
	}
	includeEmpty, err := rpcutil.OptBool(p, 1, false)
	if err != nil {
		return nil, err
	}
	filter, err := rpcutil.OptString(p, 3, "")
	if err != nil {
		return nil, err
	}
	var filterSpk []byte
	if filter != "" {
		a, err := s.decodeAddress(filter)
		if err != nil {
			return nil, err
		}
		filterSpk = a.ScriptPubKey()
	}
	inclImmature, err := rpcutil.OptBool(p, 4, false)
	if err != nil {
		return nil, err
	}
	type agg struct {
		amount int64
		conf   int32
		txids  []string
	}
	byScript := make(map[string]*agg)
	var order []string
	for _, ti := range w.Transactions() {
		if ti.Coinbase && !inclImmature && ti.Immature {
			continue
		}
		if ti.Confirmations < 0 || int64(ti.Confirmations) < minconf {
			continue
		}
		for i, o := range ti.Tx.Outputs {
			if !ti.Outputs[i].Mine || ti.Outputs[i].Internal {
				continue
			}
			k := string(o.ScriptPubKey)
			a := byScript[k]
			if a == nil {
				a = &agg{conf: ti.Confirmations}
				byScript[k] = a
				order = append(order, k)
			}
			a.amount += o.Value
			a.conf = min(a.conf, ti.Confirmations)
			if id := ti.TxID.String(); !slices.Contains(a.txids, id) {
				a.txids = append(a.txids, id)
			}
		}
	}
	if includeEmpty {
		for k := range w.Labels() {
			if _, ok := byScript[k]; !ok && w.IsMine([]byte(k)) {
				byScript[k] = &agg{}
				order = append(order, k)
			}
		}
	}
	out := []any{}
	for _, k := range order {
		if filterSpk != nil && k != string(filterSpk) {
			continue
		}
		a := byScript[k]
		addr, err := address.FromScriptPubKey([]byte(k), s.params)
		if err != nil {
			continue
		}
		label, _ := w.Label([]byte(k))
		txids := a.txids
		if txids == nil {
			txids = []string{}
		}
		out = append(out, newObj(6).add("address", addr.String()).add("amount", btcjson.Amount(a.amount)).
			add("confirmations", a.conf).add("label", label).add("txids", txids))
	}
	return out, nil
}

func (s *Service) setLabel(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	as, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	a, err := s.decodeAddress(as)
	if err != nil {
		return nil, err
	}
	label, err := rpcutil.ReqString(p, 1)
	if err != nil {
		return nil, err
	}
	if label == "*" {
		return nil, jsonrpc.NewError(codeWalletInvalidLabelName, "Invalid label name")
	}
	return nil, w.SetLabel(a.ScriptPubKey(), label)
}

// ---- Keys and descriptors ----

func (s *Service) listDescriptors(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	private, err := rpcutil.OptBool(p, 0, false)
	if err != nil {
		return nil, err
	}
	list, err := w.ListDescriptors(private)
	if err != nil {
		return nil, err
	}
	descs := make([]any, 0, len(list))
	for _, d := range list {
		o := newObj(7).add("desc", d.Descriptor).add("timestamp", d.Timestamp).add("active", d.Active)
		if d.HasInternal {
			o.add("internal", d.Internal)
		}
		if d.Ranged {
			o.add("range", []uint32{d.RangeStart, d.RangeEnd}).add("next", d.Next).add("next_index", d.Next)
		}
		descs = append(descs, o)
	}
	return newObj(2).add("wallet_name", w.Name()).add("descriptors", descs), nil
}

type importReq struct {
	Desc      string          `json:"desc"`
	Active    bool            `json:"active"`
	Range     json.RawMessage `json:"range"`
	NextIndex *uint32         `json:"next_index"`
	Timestamp json.RawMessage `json:"timestamp"`
	Internal  bool            `json:"internal"`
	Label     string          `json:"label"`
}

func (s *Service) importDescriptors(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	var reqs []importReq
	if err := p.Require(0, &reqs); err != nil {
		return nil, err
	}
	out := make([]any, 0, len(reqs))
	rescanFrom := int64(-1)
	for _, r := range reqs {
		res, ts, err := s.importOne(w, r)
		if err != nil {
			je, _ := rpcError(err).(*jsonrpc.Error)
			if je == nil {
				je = jsonrpc.NewError(codeWalletError, "%v", err)
			}
			out = append(out, newObj(2).add("success", false).add("error", je))
			continue
		}
		out = append(out, res)
		if ts >= 0 && (rescanFrom < 0 || ts < rescanFrom) {
			rescanFrom = ts
		}
	}
	if rescanFrom >= 0 {
		// Rescan the whole chain for old keys: the Chain interface has no
		// time index, and a regtest chain is short.
		if _, _, err := w.Rescan(0, -1); err != nil {
			return nil, jsonrpc.NewError(codeWalletError, "Rescan failed: %v", err)
		}
	}
	return out, nil
}

func (s *Service) importOne(w *wallet.Wallet, r importReq) (*obj, int64, error) {
	if r.Desc == "" {
		return nil, 0, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Descriptor not found.")
	}
	req := wallet.ImportRequest{Descriptor: r.Desc, Active: r.Active, Internal: r.Internal, Label: r.Label}
	ts := int64(-1)
	switch jsonrpc.JSONType(r.Timestamp) {
	case "null":
		return nil, 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Missing required timestamp field for key")
	case "string":
		var v string
		_ = json.Unmarshal(r.Timestamp, &v)
		if v != "now" {
			return nil, 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Expected number or \"now\" timestamp value for key. got type string")
		}
	case "number":
		if err := json.Unmarshal(r.Timestamp, &ts); err != nil {
			return nil, 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Expected number or \"now\" timestamp value for key.")
		}
		req.Timestamp = max(ts, 1)
	default:
		return nil, 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Expected number or \"now\" timestamp value for key. got type %s", jsonrpc.JSONType(r.Timestamp))
	}
	switch jsonrpc.JSONType(r.Range) {
	case "null":
	case "number":
		var end int64
		if err := json.Unmarshal(r.Range, &end); err != nil || end < 0 {
			return nil, 0, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Range should be greater or equal than 0")
		}
		req.HasRange, req.RangeEnd = true, uint32(end)
	case "array":
		var pair []int64
		if err := json.Unmarshal(r.Range, &pair); err != nil || len(pair) != 2 {
			return nil, 0, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Range must be specified as end or as [begin,end]")
		}
		if pair[0] < 0 || pair[1] < pair[0] {
			return nil, 0, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Range specified as [begin,end] must not have begin after end")
		}
		req.HasRange, req.RangeStart, req.RangeEnd = true, uint32(pair[0]), uint32(pair[1])
	default:
		return nil, 0, jsonrpc.NewError(jsonrpc.CodeTypeError, "Range must be specified as end or as [begin,end]")
	}
	if r.NextIndex != nil {
		req.HasNextIndex, req.NextIndex = true, *r.NextIndex
	}
	_, warnings, err := w.ImportDescriptor(req)
	if err != nil {
		return nil, 0, err
	}
	o := newObj(2).add("success", true)
	if len(warnings) > 0 {
		o.add("warnings", warnings)
	}
	return o, ts, nil
}

func (s *Service) dumpPrivKey(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	as, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	a, err := s.decodeAddress(as)
	if err != nil {
		return nil, err
	}
	secret, compressed, err := w.DumpPrivKey(a.ScriptPubKey())
	if err != nil {
		return nil, err
	}
	priv := secp256k1.PrivKeyFromBytes(secret)
	for i := range secret {
		secret[i] = 0
	}
	return address.EncodeWIF(priv, compressed, s.params), nil
}

func (s *Service) importPrivKey(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	wif, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	label, err := rpcutil.OptString(p, 1, "")
	if err != nil {
		return nil, err
	}
	rescan, err := rpcutil.OptBool(p, 2, true)
	if err != nil {
		return nil, err
	}
	_, compressed, err := address.DecodeWIF(wif, s.params)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidAddressOrKey, "Invalid private key encoding")
	}
	if w.PrivateKeysDisabled() {
		return nil, jsonrpc.NewError(codeWalletError, "Cannot import private keys to a wallet with private keys disabled")
	}
	if _, err := w.ImportPrivKey(wif, compressed, label); err != nil {
		return nil, err
	}
	if rescan {
		if _, _, err := w.Rescan(0, -1); err != nil {
			return nil, jsonrpc.NewError(codeWalletError, "Rescan failed: %v", err)
		}
	}
	return nil, nil
}

func (s *Service) signMessage(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	as, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	msg, err := rpcutil.ReqString(p, 1)
	if err != nil {
		return nil, err
	}
	a, err := s.decodeAddress(as)
	if err != nil {
		return nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "Invalid address")
	}
	if _, ok := a.(*address.P2PKH); !ok {
		return nil, jsonrpc.NewError(jsonrpc.CodeTypeError, "Address does not refer to key")
	}
	sig, err := w.SignMessage(a.ScriptPubKey(), msg)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

func (s *Service) keypoolRefill(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	n, err := rpcutil.OptInt(p, 0, 0)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, expected valid size.")
	}
	if w.PrivateKeysDisabled() {
		return nil, jsonrpc.NewError(codeWalletError, "Error: Private keys are disabled for this wallet")
	}
	return nil, w.KeypoolRefill(int(n))
}

// ---- Coins ----

type outpointJSON struct {
	TxID string `json:"txid"`
	Vout *int64 `json:"vout"`
}

func (s *Service) lockUnspent(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	var unlock bool
	if err := p.Require(0, &unlock); err != nil {
		return nil, err
	}
	persistent, err := rpcutil.OptBool(p, 2, false)
	if err != nil {
		return nil, err
	}
	if !p.Has(1) {
		if unlock {
			return true, w.UnlockAll()
		}
		return true, nil
	}
	var ops []outpointJSON
	if err := p.Decode(1, &ops); err != nil {
		return nil, err
	}
	locked := make(map[primitives.OutPoint]bool)
	for _, op := range w.LockedCoins() {
		locked[op] = true
	}
	unspent := make(map[primitives.OutPoint]bool)
	for _, u := range w.Unspent() {
		unspent[u.OutPoint] = true
	}
	var list []primitives.OutPoint
	for _, o := range ops {
		h, err := rpcutil.ParseHash(o.TxID, "txid")
		if err != nil {
			return nil, err
		}
		if o.Vout == nil {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, missing vout key")
		}
		if *o.Vout < 0 {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		op := primitives.OutPoint{Hash: h, Index: uint32(*o.Vout)}
		if _, ok := w.OutputInfo(op); !ok {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, unknown transaction")
		}
		if !unspent[op] {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, expected unspent output")
		}
		if unlock && !locked[op] {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, expected locked output")
		}
		if !unlock && locked[op] {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid parameter, output already locked")
		}
		list = append(list, op)
	}
	for _, op := range list {
		if err := w.LockCoin(op, !unlock, persistent); err != nil {
			return nil, err
		}
	}
	return true, nil
}

func (s *Service) listLockUnspent(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	ops := w.LockedCoins()
	slices.SortFunc(ops, func(a, b primitives.OutPoint) int {
		if c := strings.Compare(a.Hash.String(), b.Hash.String()); c != 0 {
			return c
		}
		return int(a.Index) - int(b.Index)
	})
	out := make([]any, 0, len(ops))
	for _, op := range ops {
		out = append(out, newObj(2).add("txid", op.Hash.String()).add("vout", op.Index))
	}
	return out, nil
}

func (s *Service) setTxFee(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	if !p.Has(0) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter amount")
	}
	v, err := rpcutil.AmountFromJSON(raw(p, 0))
	if err != nil {
		return nil, err
	}
	if v != 0 && v < wallet.DefaultMinTxFee {
		return nil, jsonrpc.NewError(codeWalletError, "txfee cannot be less than min relay tx fee (%s BTC/kvB)", btcjson.Amount(1000).String())
	}
	if v > s.m.Config().MaxTxFee {
		return nil, jsonrpc.NewError(codeWalletError, "txfee cannot be more than wallet max tx fee (%s BTC/kvB)", btcjson.Amount(s.m.Config().MaxTxFee).String())
	}
	return true, w.SetPayTxFee(v)
}

func (s *Service) abandonTransaction(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	ts, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	h, err := rpcutil.ParseHash(ts, "txid")
	if err != nil {
		return nil, err
	}
	return nil, w.Abandon(h)
}

func hash160(b []byte) [20]byte { return crypto.Hash160(b) }
