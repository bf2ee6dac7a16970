'use strict';
// Wallet-and-mining scenario with the npm bitcoin-core client (pinned in
// package.json): two wallets, mining to an address, a payment, balances,
// listtransactions and gettransaction with confirmations.

const { client, check, step, sats, run } = require('./common');

run('bitcoin-core wallet and mining', async () => {
  const node = client();
  const start = await step('getblockcount', () => node.getBlockCount());

  for (const name of ['js_alice', 'js_bob']) {
    const res = await step(`createwallet ${name}`, () => node.createWallet(name));
    check(res.name === name, `createwallet ${name} returns its name`, res);
  }
  const alice = client('js_alice');
  const bob = client('js_bob');
  const wallets = await step('listwallets', () => node.listWallets());
  check(wallets.includes('js_alice') && wallets.includes('js_bob'), 'listwallets lists both wallets', wallets);

  const aliceAddr = await step('getnewaddress (alice)', () => alice.getNewAddress());
  check(/^bcrt1/.test(aliceAddr), 'getnewaddress gives a regtest bech32 address', aliceAddr);
  const bobAddr = await step('getnewaddress bech32m (bob)', () => bob.getNewAddress('', 'bech32m'));
  check(/^bcrt1p/.test(bobAddr), 'getnewaddress "" bech32m gives a taproot address', bobAddr);
  const info = await step('getaddressinfo', () => bob.command('getaddressinfo', bobAddr).catch(() => null));
  if (info) check(info.ismine === true, 'getaddressinfo says the address is mine', info);

  const hashes = await step('generatetoaddress 101', () => node.generateToAddress(101, aliceAddr));
  check(hashes.length === 101 && hashes.every((h) => /^[0-9a-f]{64}$/.test(h)), 'generatetoaddress returns 101 block hashes');
  const count = await step('getblockcount', () => node.getBlockCount());
  check(count === start + 101, 'the chain grew by 101 blocks', count);
  const best = await step('getbestblockhash', () => node.getBestBlockHash());
  check(best === hashes[100], 'the tip is the last generated block', best);

  const bal = await step('getbalance (alice)', () => alice.getBalance());
  check(sats(bal) === 5000000000n, 'alice has one mature coinbase (50 BTC)', bal);
  const balances = await step('getbalances (alice)', () => alice.getBalances());
  check(sats(balances.mine.trusted) === 5000000000n && sats(balances.mine.immature) === 500000000000n,
    'getbalances: 50 trusted, 5000 immature', balances.mine);

  const txid = await step('sendtoaddress', () => alice.sendToAddress(bobAddr, 1.5));
  check(/^[0-9a-f]{64}$/.test(txid), 'sendtoaddress returns a txid', txid);
  const mempool = await step('getrawmempool', () => node.getRawMempool());
  check(mempool.includes(txid), 'the payment is in the mempool', mempool);
  const entry = await step('getmempoolentry', () => node.command('getmempoolentry', txid));
  check(entry.vsize > 0 && sats(entry.fees.base) > 0n, 'getmempoolentry gives a size and a fee', entry);

  const mined = await step('generatetoaddress 1', () => node.generateToAddress(1, aliceAddr));
  const block = await step('getblock', () => node.getBlock(mined[0], 1));
  check(block.tx.includes(txid), 'the payment is in the new block', block.tx);

  const bobBal = await step('getbalance (bob)', () => bob.getBalance());
  check(sats(bobBal) === 150000000n, 'bob has 1.5 BTC', bobBal);

  const list = await step('listtransactions (bob)', () => bob.listTransactions());
  const recv = list.find((e) => e.txid === txid);
  check(recv && recv.category === 'receive' && sats(recv.amount) === 150000000n && recv.confirmations === 1 && recv.address === bobAddr,
    'listtransactions shows the receive with 1 confirmation', list);

  const sent = await step('gettransaction (alice)', () => alice.getTransaction(txid));
  check(sent.confirmations === 1 && sats(sent.amount) === -150000000n && sats(sent.fee) < 0n && sent.blockhash === mined[0],
    'gettransaction (alice): -1.5 BTC, a fee, 1 confirmation', sent);

  const unspent = await step('listunspent (bob)', () => bob.listUnspent());
  check(unspent.length === 1 && unspent[0].txid === txid && sats(unspent[0].amount) === 150000000n, 'listunspent (bob) shows the coin', unspent);

  const chain = await step('getblockchaininfo', () => node.getBlockchainInfo());
  check(chain.chain === 'regtest' && chain.blocks === start + 102, 'getblockchaininfo: regtest at the new height', chain);

  // A batch through the same client.
  const batch = await step('batch', () => node.command([{ method: 'getblockcount' }, { method: 'getbestblockhash' }]));
  check(batch[0] === start + 102 && batch[1] === mined[0], 'a batch of two calls answers both', batch);

  // Errors come back as bitcoin-core RpcError with Core's codes.
  let err = null;
  await node.getBlock('00'.repeat(32)).catch((e) => { err = e; });
  check(err && err.code === -5, 'getblock of an unknown hash fails with -5', err && err.message);
});
