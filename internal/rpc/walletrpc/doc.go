// Package walletrpc serves Bitcoin Core's wallet RPC methods over
// internal/jsonrpc, backed by internal/btc/wallet: wallet management
// (createwallet, loadwallet, unloadwallet, listwallets, listwalletdir,
// getwalletinfo), addresses (getnewaddress, getrawchangeaddress,
// getaddressinfo, setlabel, listaddressgroupings), labels (listlabels,
// getaddressesbylabel, getreceivedbylabel, listreceivedbylabel), balances
// and history (getbalance, getbalances, listunspent, listtransactions,
// listsinceblock, gettransaction, getreceivedbyaddress,
// listreceivedbyaddress, rescanblockchain, abortrescan), backups
// (backupwallet, restorewallet), sending (sendtoaddress, sendmany, send, sendall,
// fundrawtransaction,
// signrawtransactionwithwallet, bumpfee, settxfee, lockunspent,
// listlockunspent, abandontransaction, simulaterawtransaction), PSBT
// (walletcreatefundedpsbt, walletprocesspsbt, psbtbumpfee; finalizepsbt
// and friends are btcrpc's), keys
// (importdescriptors, listdescriptors, dumpprivkey, importprivkey,
// signmessage, keypoolrefill) and encryption (encryptwallet,
// walletpassphrase, walletpassphrasechange, walletlock).
//
// # Routing
//
// As in Core, a call names its wallet with the /wallet/<name> URI path
// (bitcoin-cli -rpcwallet); without one, the only loaded wallet is used,
// and with several loaded the call fails with -19 "Wallet file not
// specified (must request wallet RPC through /wallet/<filename>
// uri-path).". An unknown wallet gives -18.
//
// # Usage
//
//	svc, err := walletrpc.New(walletrpc.Config{Manager: mgr})
//	...
//	err = svc.Register(srv) // before srv.Start
//
// # Errors
//
// Handlers return *jsonrpc.Error values with Core's codes (error.go maps the
// wallet's error kinds): -4 wallet error, -6 insufficient funds, -13 unlock
// needed, -14 wrong passphrase, -15 wrong encryption state, -18 wallet not
// found, -19 wallet not specified, -35 already loaded, and the generic -3,
// -5, -8 of parameter checks.
//
// # Concurrency
//
// A Service is safe for concurrent use; each wallet serialises its own
// operations.
package walletrpc
