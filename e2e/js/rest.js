'use strict';
// Core's REST interface (-rest) through the npm bitcoin-core client's REST
// methods: chaininfo, block (full, summary, hex), headers, tx, mempool info
// and getutxos. Runs on a node that already has blocks (after
// wallet_mining.js), started with -rest -txindex.

const { client, check, step, run } = require('./common');

run('bitcoin-core REST', async () => {
  const node = client();
  const best = await step('getbestblockhash', () => node.getBestBlockHash());
  const height = await step('getblockcount', () => node.getBlockCount());
  check(height >= 5, 'the chain has blocks to look at', height);

  const info = await step('GET /rest/chaininfo.json', () => node.getBlockchainInformation());
  check(info.chain === 'regtest' && info.bestblockhash === best && info.blocks === height, '/rest/chaininfo.json matches the RPC view', info);

  const block = await step('GET /rest/block/<hash>.json', () => node.getBlockByHash(best));
  check(block.hash === best && block.height === height && block.tx.length >= 1 && typeof block.tx[0] === 'object',
    '/rest/block/<hash>.json has the block with full transactions', { hash: block.hash, height: block.height });
  const summary = await step('GET /rest/block/notxdetails/<hash>.json', () => node.getBlockByHash(best, { summary: true }));
  check(summary.hash === best && typeof summary.tx[0] === 'string' && summary.tx[0] === block.tx[0].txid,
    '/rest/block/notxdetails lists txids only', summary.tx);
  const hex = await step('GET /rest/block/<hash>.hex', () => node.getBlockByHash(best, { extension: 'hex' }));
  const rpcHex = await step('getblock <hash> 0', () => node.getBlock(best, 0));
  check(hex.trim() === rpcHex, '/rest/block/<hash>.hex equals getblock verbosity 0');

  const genesis = await step('getblockhash 0', () => node.getBlockHash(0));
  const headers = await step('GET /rest/headers/5/<genesis>.json', () => node.getBlockHeadersByHash(genesis, 5));
  check(Array.isArray(headers) && headers.length === 5 && headers[0].hash === genesis && headers[4].height === 4,
    '/rest/headers returns 5 headers from genesis', headers.map((h) => h.height));

  const coinbase = block.tx[0].txid;
  const tx = await step('GET /rest/tx/<txid>.json', () => node.getTransactionByHash(coinbase));
  check(tx.txid === coinbase && tx.blockhash === best, '/rest/tx/<txid>.json finds the coinbase (txindex)', tx.txid);

  const mempool = await step('GET /rest/mempool/info.json', () => node.getMemoryPoolInformation());
  check(typeof mempool.size === 'number' && mempool.loaded === true, '/rest/mempool/info.json answers', mempool);

  const utxos = await step('GET /rest/getutxos/checkmempool/<txid>-0.json', () => node.getUnspentTransactionOutputs([{ id: coinbase, index: 0 }]));
  check(utxos.chaintipHash === best && utxos.bitmap === '1' && utxos.utxos.length === 1 && utxos.utxos[0].height === height,
    '/rest/getutxos reports the unspent coinbase output', utxos);

  let err = null;
  await node.getBlockByHash('00'.repeat(32)).catch((e) => { err = e; });
  check(err && err.code === 404, 'an unknown block is HTTP 404', err && err.message);
});
