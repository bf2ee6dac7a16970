package walletrpc

import (
	"context"
	"errors"
	"time"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

func (s *Service) createWallet(ctx context.Context, p *jsonrpc.Params) (any, error) {
	name, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	var opts wallet.CreateOptions
	if opts.DisablePrivateKeys, err = rpcutil.OptBool(p, 1, false); err != nil {
		return nil, err
	}
	if opts.Blank, err = rpcutil.OptBool(p, 2, false); err != nil {
		return nil, err
	}
	if opts.Passphrase, err = rpcutil.OptString(p, 3, ""); err != nil {
		return nil, err
	}
	if opts.AvoidReuse, err = rpcutil.OptBool(p, 4, false); err != nil {
		return nil, err
	}
	descriptors, err := rpcutil.OptBool(p, 5, true)
	if err != nil {
		return nil, err
	}
	if !descriptors {
		return nil, jsonrpc.NewError(codeWalletError, "Error: Legacy (BDB) wallets are not supported; only descriptor wallets can be created (descriptors=true).")
	}
	if ext, _ := rpcutil.OptBool(p, 7, false); ext {
		return nil, jsonrpc.NewError(codeWalletError, "Compiled without external signing support (required for external signing)")
	}
	var warnings []string
	if p.Has(3) && opts.Passphrase == "" {
		warnings = append(warnings, "Empty string given as passphrase, wallet will not be encrypted.")
	}
	if opts.Passphrase != "" && opts.DisablePrivateKeys {
		return nil, jsonrpc.NewError(codeWalletEncryptionFailed, "Error: Passphrase provided but private keys are disabled. A passphrase is only used to encrypt private keys, so cannot be used for wallets with private keys disabled.")
	}
	if _, err := s.m.Create(name, opts); err != nil {
		var we wallet.Error
		if errors.As(err, &we) && we.Err == wallet.ErrWalletExists {
			return nil, jsonrpc.NewError(codeWalletError, "%s", we.Description)
		}
		return nil, rpcError(err)
	}
	warnings = s.loadOnStartup(p, 6, name, warnings)
	o := newObj(2).add("name", name)
	if len(warnings) > 0 {
		o.add("warnings", warnings)
	}
	return o, nil
}

func (s *Service) loadWallet(ctx context.Context, p *jsonrpc.Params) (any, error) {
	name, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.m.Load(name); err != nil {
		return nil, rpcError(err)
	}
	o := newObj(2).add("name", name)
	if w := s.loadOnStartup(p, 1, name, nil); len(w) > 0 {
		o.add("warnings", w)
	}
	return o, nil
}

func (s *Service) restoreWallet(ctx context.Context, p *jsonrpc.Params) (any, error) {
	name, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	backup, err := rpcutil.ReqString(p, 1)
	if err != nil {
		return nil, err
	}
	if _, err := s.m.Restore(name, backup); err != nil {
		var we wallet.Error
		if errors.As(err, &we) {
			switch we.Err {
			case wallet.ErrInvalidBackup:
				return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "%s", we.Description)
			case wallet.ErrWalletExists:
				return nil, jsonrpc.NewError(codeWalletAlreadyExists, "%s", we.Description)
			}
		}
		return nil, rpcError(err)
	}
	o := newObj(2).add("name", name)
	if w := s.loadOnStartup(p, 2, name, nil); len(w) > 0 {
		o.add("warnings", w)
	}
	return o, nil
}

func (s *Service) unloadWallet(ctx context.Context, p *jsonrpc.Params) (any, error) {
	pathName, fromPath := walletName(ctx)
	name := pathName
	if p.Has(0) {
		n, err := rpcutil.ReqString(p, 0)
		if err != nil {
			return nil, err
		}
		if fromPath && n != pathName {
			return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "RPC endpoint wallet and wallet_name parameter specify different wallets")
		}
		name = n
	} else if !fromPath {
		w, err := s.wallet(ctx)
		if err != nil {
			return nil, err
		}
		name = w.Name()
	}
	if err := s.m.Unload(name); err != nil {
		return nil, jsonrpc.NewError(codeWalletNotFound, "Requested wallet does not exist or is not loaded")
	}
	o := newObj(1)
	if w := s.loadOnStartup(p, 1, name, nil); len(w) > 0 {
		o.add("warnings", w)
	}
	return o, nil
}

func (s *Service) listWallets(ctx context.Context, p *jsonrpc.Params) (any, error) {
	names := s.m.Wallets()
	if names == nil {
		names = []string{}
	}
	return names, nil
}

func (s *Service) listWalletDir(ctx context.Context, p *jsonrpc.Params) (any, error) {
	names, err := s.m.WalletDir()
	if err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "%v", err)
	}
	list := make([]any, 0, len(names))
	for _, n := range names {
		list = append(list, newObj(1).add("name", n))
	}
	return newObj(1).add("wallets", list), nil
}

func (s *Service) getWalletInfo(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	bal := w.Balances()
	ext, intl := w.KeypoolSize()
	hash, height := w.BestBlock()
	o := newObj(20).
		add("walletname", w.Name()).
		add("walletversion", 169900).
		add("format", "leveldb").
		add("balance", btcjson.Amount(bal.Trusted)).
		add("unconfirmed_balance", btcjson.Amount(bal.UntrustedPending)).
		add("immature_balance", btcjson.Amount(bal.Immature)).
		add("txcount", w.TxCount()).
		add("keypoolsize", ext).
		add("keypoolsize_hd_internal", intl)
	if w.IsEncrypted() {
		var until int64
		if !w.IsLocked() {
			if t := w.UnlockedUntil(); !t.IsZero() {
				until = t.Unix()
			}
		}
		o.add("unlocked_until", until)
	}
	o.add("paytxfee", btcjson.Amount(w.PayTxFee())).
		add("private_keys_enabled", !w.PrivateKeysDisabled()).
		add("avoid_reuse", w.AvoidReuse()).
		add("scanning", false).
		add("descriptors", true).
		add("external_signer", false).
		add("blank", w.IsBlank()).
		add("lastprocessedblock", newObj(2).add("hash", hash.String()).add("height", height))
	return o, nil
}

func (s *Service) rescanBlockchain(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	start, err := rpcutil.OptInt(p, 0, 0)
	if err != nil {
		return nil, err
	}
	stop, err := rpcutil.OptInt(p, 1, -1)
	if err != nil {
		return nil, err
	}
	if start < 0 || (p.Has(1) && stop < start) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Invalid stop_height")
	}
	from, to, err := w.Rescan(int32(start), int32(stop))
	if errors.Is(err, wallet.ErrRescanAborted) {
		return nil, jsonrpc.NewError(jsonrpc.CodeMiscError, "Rescan aborted.")
	}
	if err != nil {
		return nil, jsonrpc.NewError(codeWalletError, "Rescan failed: %v", err)
	}
	return newObj(2).add("start_height", from).add("stop_height", to), nil
}

// ---- Encryption ----

func (s *Service) encryptWallet(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	pass, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	if pass == "" {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "passphrase cannot be empty")
	}
	if err := w.Encrypt(pass); err != nil {
		return nil, err
	}
	// Unlike Core, the existing seed and descriptors are kept (now sealed)
	// rather than replaced, so the mnemonic stays a valid backup.
	return "wallet encrypted; the existing HD seed and descriptors are now encrypted. Keep the wallet passphrase safe.", nil
}

func (s *Service) walletPassphrase(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	pass, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	if !p.Has(1) {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Missing required parameter timeout")
	}
	timeout, err := rpcutil.OptInt(p, 1, 0)
	if err != nil {
		return nil, err
	}
	if timeout < 0 {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Timeout cannot be negative.")
	}
	if timeout > 100_000_000 {
		timeout = 100_000_000
	}
	if !w.IsEncrypted() {
		return nil, jsonrpc.NewError(codeWalletWrongEncState, "Error: running with an unencrypted wallet, but walletpassphrase was called.")
	}
	if pass == "" {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "passphrase cannot be empty")
	}
	// Core treats a zero timeout as "unlock then lock at once"; keep the
	// key for at least one second so the call has an effect.
	d := time.Duration(max(timeout, 1)) * time.Second
	if err := w.Unlock(pass, d); err != nil {
		return nil, err
	}
	return nil, nil
}

func (s *Service) walletLock(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	return nil, w.Lock()
}

func (s *Service) walletPassphraseChange(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error) {
	oldPass, err := rpcutil.ReqString(p, 0)
	if err != nil {
		return nil, err
	}
	newPass, err := rpcutil.ReqString(p, 1)
	if err != nil {
		return nil, err
	}
	if oldPass == "" || newPass == "" {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "passphrase cannot be empty")
	}
	return nil, w.ChangePassphrase(oldPass, newPass)
}

// loadOnStartup applies a load_on_startup argument at position i (absent
// or null: unchanged), returning warnings as Core does when the setting
// cannot be saved.
func (s *Service) loadOnStartup(p *jsonrpc.Params, i int, name string, warnings []string) []string {
	if !p.Has(i) {
		return warnings
	}
	on, err := rpcutil.OptBool(p, i, false)
	if err != nil {
		return append(warnings, "Wallet load on startup setting was not updated: "+err.Error())
	}
	if err := s.m.SetLoadOnStartup(name, on); err != nil {
		return append(warnings, "Wallet load on startup setting could not be updated, so wallet may still be loaded next node startup.")
	}
	return warnings
}
