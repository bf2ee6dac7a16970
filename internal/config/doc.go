// Package config parses twinchaind's options with bitcoind's syntax and
// rules and resolves them into a typed [Config].
//
// # Syntax
//
// On the command line: `-name=value`, `-name` (a boolean set to 1),
// `-noname` (negation: 0, or an empty list), `--name` as `-name`,
// `-section.name=value` for one network only, and repeated options for the
// list-valued ones (-rpcallowip, -rpcauth, -addnode, -debug, ...). A token
// that does not start with '-' and an unknown option are errors naming the
// token.
//
// In the configuration file (`-conf=FILE`, default `<datadir>/twinchain.conf`,
// bitcoin.conf syntax): `name=value` lines, `#` comments, `[main]`, `[test]`,
// `[testnet4]`, `[signet]` and `[regtest]` sections, `section.name=value`,
// and `includeconf=FILE` (relative to the data directory, processed after the
// file, not nested). As in Core, unknown names in the file only produce a
// warning, so a bitcoin.conf carrying options we do not implement still loads.
//
// # Precedence
//
// Command line > the selected network's section > the top of the file. For a
// single-valued option the last value on the command line wins but the first
// one in the file wins (Core's backwards-compatible rule). List options
// collect the values of every source, and a negation (-norpcallowip) clears
// the lower-priority sources. The network-only options (-addnode, -connect,
// -port, -bind, -rpcport, -rpcbind, -wallet) are not taken from the top of
// the file when a network other than main is selected; Core's warning is
// reported in [Config.Warnings].
//
// # Networks
//
// The network comes from -chain=main|test|testnet4|signet|regtest or one of
// -regtest, -testnet, -testnet4, -signet (command line or top of the file);
// selecting more than one is an error. Without any, twinchaind runs regtest
// (the dev setup of the README), unlike bitcoind which defaults to main.
// The btc data directory is `<datadir>/btc/<network>/` with network one of
// main, testnet3, testnet4, signet, regtest (Core's sub-directory names).
//
// # Errors
//
// Every failure is an *[Error] whose Err is an [ErrorKind], usable with
// errors.Is; the description names the option as Core's messages do.
package config
