package walletrpc

import (
	"context"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/wallet"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// methodTable lists every wallet method: name, Core's argument names (the
// required ones first; optional ones are shown in parentheses by help) and
// a description.
func (s *Service) methodTable() []method {
	type def struct {
		name     string
		required int
		args     []string
		desc     string
		wallet   bool
		h        any
	}
	defs := []def{
		{"abandontransaction", 1, []string{"txid"}, "Mark an in-wallet transaction and its in-wallet descendants as abandoned, so their inputs can be respent.", true, s.abandonTransaction},
		{"abortrescan", 0, nil, "Stops current wallet rescan triggered by an RPC call, e.g. by an importprivkey call.\nReturns false when no rescan is in progress, true when one was asked to stop.", true, s.abortRescan},
		{"backupwallet", 1, []string{"destination"}, "Safely copies the wallet's database to destination, a directory that loadwallet can open.", true, s.backupWallet},
		{"bumpfee", 1, []string{"txid", "options"}, "Bump the fee of an opt-in-RBF transaction, replacing it with a new one (BIP125).\nReturns {\"txid\",\"origfee\",\"fee\",\"errors\"}.", true, s.bumpFee},
		{"createwallet", 1, []string{"wallet_name", "disable_private_keys", "blank", "passphrase", "avoid_reuse", "descriptors", "load_on_startup", "external_signer"}, "Creates and loads a new descriptor wallet (BIP39 seed, BIP44/49/84/86 descriptors).", false, s.createWallet},
		{"dumpprivkey", 1, []string{"address"}, "Reveals the private key (WIF) of a wallet address.", true, s.dumpPrivKey},
		{"encryptwallet", 1, []string{"passphrase"}, "Encrypts the wallet with a passphrase (scrypt + AES-256-GCM). The wallet is locked afterwards.", true, s.encryptWallet},
		{"fundrawtransaction", 1, []string{"hexstring", "options", "iswitness"}, "Adds inputs (and a change output) to a transaction until it pays its outputs and the fee.\nReturns {\"hex\",\"fee\",\"changepos\"}.", true, s.fundRawTransaction},
		{"getaddressesbylabel", 1, []string{"label"}, "Returns the list of addresses assigned the specified label.\nResult: {\"address\": {\"purpose\": \"send\"|\"receive\"}, ...}.", true, s.getAddressesByLabel},
		{"getaddressinfo", 1, []string{"address"}, "Return information about the given bitcoin address.", true, s.getAddressInfo},
		{"getbalance", 0, []string{"dummy", "minconf", "include_watchonly", "avoid_reuse"}, "Returns the total available balance.", true, s.getBalance},
		{"getbalances", 0, nil, "Returns an object with all balances in BTC.", true, s.getBalances},
		{"getnewaddress", 0, []string{"label", "address_type"}, "Returns a new Bitcoin address for receiving payments (legacy, p2sh-segwit, bech32 or bech32m).", true, s.getNewAddress},
		{"getrawchangeaddress", 0, []string{"address_type"}, "Returns a new Bitcoin address, for receiving change.", true, s.getRawChangeAddress},
		{"getreceivedbyaddress", 1, []string{"address", "minconf", "include_immature_coinbase"}, "Returns the total amount received by the given address in transactions with at least minconf confirmations.", true, s.getReceivedByAddress},
		{"getreceivedbylabel", 1, []string{"label", "minconf", "include_immature_coinbase"}, "Returns the total amount received by addresses with <label> in transactions with at least [minconf] confirmations.", true, s.getReceivedByLabel},
		{"gettransaction", 1, []string{"txid", "include_watchonly", "verbose"}, "Get detailed information about in-wallet transaction <txid>.", true, s.getTransaction},
		{"getwalletinfo", 0, nil, "Returns an object containing various wallet state info.", true, s.getWalletInfo},
		{"importdescriptors", 1, []string{"requests"}, "Import descriptors, rescanning the chain for ones with a past timestamp.", true, s.importDescriptors},
		{"importprivkey", 1, []string{"privkey", "label", "rescan"}, "Adds a private key (WIF) to the wallet as pkh/wpkh/sh(wpkh) descriptors.", true, s.importPrivKey},
		{"keypoolrefill", 0, []string{"newsize"}, "Refills each descriptor keypool.", true, s.keypoolRefill},
		{"listaddressgroupings", 0, nil, "Lists groups of addresses which have had their common ownership\nmade public by common use as inputs or as the resulting change\nin past transactions.\nResult: [[[\"address\", amount, \"label\"], ...], ...].", true, s.listAddressGroupings},
		{"listdescriptors", 0, []string{"private"}, "List descriptors imported into a descriptor-enabled wallet.", true, s.listDescriptors},
		{"listlabels", 0, []string{"purpose"}, "Returns the list of all labels, or labels that are assigned to addresses with a specific purpose ('send', 'receive').", true, s.listLabels},
		{"listlockunspent", 0, nil, "Returns list of temporarily unspendable outputs.", true, s.listLockUnspent},
		{"listreceivedbyaddress", 0, []string{"minconf", "include_empty", "include_watchonly", "address_filter", "include_immature_coinbase"}, "List balances by receiving address.", true, s.listReceivedByAddress},
		{"listreceivedbylabel", 0, []string{"minconf", "include_empty", "include_watchonly", "include_immature_coinbase"}, "List received transactions by label.\nResult: [{\"amount\", \"confirmations\", \"label\"}, ...].", true, s.listReceivedByLabel},
		{"listsinceblock", 0, []string{"blockhash", "target_confirmations", "include_watchonly", "include_removed", "include_change", "label"}, "Get all transactions in blocks since block [blockhash], or all transactions if omitted.", true, s.listSinceBlock},
		{"listtransactions", 0, []string{"label", "count", "skip", "include_watchonly"}, "Returns up to 'count' most recent transactions skipping the first 'skip' transactions.", true, s.listTransactions},
		{"listunspent", 0, []string{"minconf", "maxconf", "addresses", "include_unsafe", "query_options"}, "Returns array of unspent transaction outputs with between minconf and maxconf (inclusive) confirmations.", true, s.listUnspent},
		{"listwalletdir", 0, nil, "Returns a list of wallets in the wallet directory.", false, s.listWalletDir},
		{"listwallets", 0, nil, "Returns a list of currently loaded wallets.", false, s.listWallets},
		{"loadwallet", 1, []string{"filename", "load_on_startup"}, "Loads a wallet from a wallet file or directory.", false, s.loadWallet},
		{"lockunspent", 1, []string{"unlock", "transactions", "persistent"}, "Updates list of temporarily unspendable outputs.", true, s.lockUnspent},
		{"psbtbumpfee", 1, []string{"txid", "options"}, "Bumps the fee of an opt-in-RBF transaction T, replacing it with a new transaction B.\nReturns a PSBT instead of creating and signing a new transaction.\nAn opt-in RBF transaction with the given txid must be in the wallet.\nThe options are those of bumpfee.\nReturns {\"psbt\",\"origfee\",\"fee\",\"errors\"}: the base64 unsigned PSBT of the replacement, the fees of the original and of the replacement.", true, s.psbtBumpFee},
		{"rescanblockchain", 0, []string{"start_height", "stop_height"}, "Rescan the local blockchain for wallet related transactions.", true, s.rescanBlockchain},
		{"restorewallet", 2, []string{"wallet_name", "backup_file", "load_on_startup"}, "Restores and loads a wallet from backup.\nThe backup_file is a directory written by backupwallet; it is copied into the wallets directory as wallet_name.\nReturns {\"name\", \"warnings\"} as loadwallet does.", false, s.restoreWallet},
		{"send", 1, []string{"outputs", "conf_target", "estimate_mode", "fee_rate", "options"}, "Send a transaction (or create a PSBT with options.psbt).", true, s.send},
		{"sendall", 1, []string{"recipients", "conf_target", "estimate_mode", "fee_rate", "options"}, "Spend the value of all (or specific) confirmed UTXOs and unconfirmed change in the wallet to one or more recipients.\nUnconfirmed inbound UTXOs and locked UTXOs will not be spent. Recipients given without an amount share the remainder.\nReturns {\"psbt\", \"txid\", \"hex\", \"complete\"} as send does.", true, s.sendAll},
		{"sendmany", 2, []string{"dummy", "amounts", "minconf", "comment", "subtractfeefrom", "replaceable", "conf_target", "estimate_mode", "fee_rate", "verbose"}, "Send multiple times. Amounts are double-precision floating point numbers.", true, s.sendMany},
		{"sendtoaddress", 2, []string{"address", "amount", "comment", "comment_to", "subtractfeefromamount", "replaceable", "conf_target", "estimate_mode", "avoid_reuse", "fee_rate", "verbose"}, "Send an amount to a given address.", true, s.sendToAddress},
		{"setlabel", 2, []string{"address", "label"}, "Sets the label associated with the given address.", true, s.setLabel},
		{"settxfee", 1, []string{"amount"}, "Set the transaction fee rate in BTC/kvB for this wallet. Overrides the global -paytxfee command line parameter.", true, s.setTxFee},
		{"signmessage", 2, []string{"address", "message"}, "Sign a message with the private key of an address.", true, s.signMessage},
		{"signrawtransactionwithwallet", 1, []string{"hexstring", "prevtxs", "sighashtype"}, "Sign inputs for raw transaction (serialized, hex-encoded).", true, s.signRawTransactionWithWallet},
		{"simulaterawtransaction", 0, []string{"rawtxs", "options"}, "Calculate the balance change resulting in the signing and broadcasting of the given transaction(s).\nrawtxs is an array of hex strings of raw transactions, applied in order; options is {\"include_watchonly\": bool}.\nReturns {\"balance_change\": amount} (negative means decrease).", true, s.simulateRawTransaction},
		{"unloadwallet", 0, []string{"wallet_name", "load_on_startup"}, "Unloads the wallet referenced by the request endpoint or the wallet_name argument.", false, s.unloadWallet},
		{"walletcreatefundedpsbt", 2, []string{"inputs", "outputs", "locktime", "options", "bip32derivs"}, "Creates and funds a transaction in the Partially Signed Transaction format.", true, s.walletCreateFundedPSBT},
		{"walletlock", 0, nil, "Removes the wallet encryption key from memory, locking the wallet.", true, s.walletLock},
		{"walletpassphrase", 2, []string{"passphrase", "timeout"}, "Stores the wallet decryption key in memory for 'timeout' seconds.", true, s.walletPassphrase},
		{"walletpassphrasechange", 2, []string{"oldpassphrase", "newpassphrase"}, "Changes the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.", true, s.walletPassphraseChange},
		{"walletprocesspsbt", 1, []string{"psbt", "sign", "sighashtype", "bip32derivs", "finalize"}, "Update a PSBT with input information from our wallet and then sign inputs that we can sign for.", true, s.walletProcessPSBT},
	}
	out := make([]method, 0, len(defs))
	for _, d := range defs {
		var h jsonrpc.Handler
		switch f := d.h.(type) {
		case func(ctx context.Context, p *jsonrpc.Params) (any, error):
			h = f
		case func(ctx context.Context, w *wallet.Wallet, p *jsonrpc.Params) (any, error):
			h = s.walletHandler(f)
		default:
			continue // unreachable: every entry above has one of the two shapes
		}
		out = append(out, method{name: d.name, args: d.args, help: helpText(d.name, d.required, d.args, d.desc), handler: h})
	}
	return out
}

// helpText builds Core's help layout: the synopsis line, then the
// description.
func helpText(name string, required int, args []string, desc string) string {
	var b strings.Builder
	b.WriteString(name)
	for i, a := range args {
		if i == required {
			b.WriteString(" (")
		}
		b.WriteString(" ")
		b.WriteString(a)
	}
	if len(args) > required {
		b.WriteString(" )")
	}
	b.WriteString("\n\n")
	b.WriteString(desc)
	b.WriteString("\n")
	return b.String()
}
