'use strict';
// bitcoinjs-lib against the node: keys generated here receive coins from
// the node's wallet; bitcoinjs builds and signs a P2WPKH spend and a P2TR
// key-path spend that the node must accept with sendrawtransaction and
// mine; bitcoinjs also parses transactions (and a block) the node made.

const bitcoin = require('bitcoinjs-lib');
const ecc = require('tiny-secp256k1');
const { ECPairFactory } = require('ecpair');
const { client, check, step, run } = require('./common');

bitcoin.initEccLib(ecc);
const ECPair = ECPairFactory(ecc);
const network = bitcoin.networks.regtest;
const toHex = (u8) => Buffer.from(u8).toString('hex');

run('bitcoinjs-lib spends', async () => {
  const node = client();
  await step('createwallet js_funder', () => node.createWallet('js_funder'));
  const funder = client('js_funder');
  const mineAddr = await step('getnewaddress', () => funder.getNewAddress());
  await step('generatetoaddress 101', () => node.generateToAddress(101, mineAddr));

  // fund sends 1 BTC from the wallet to script/address and returns the
  // funding transaction as bitcoinjs parsed it and the output index.
  async function fund(address, script, label) {
    const txid = await step(`sendtoaddress to the ${label} address`, () => funder.sendToAddress(address, 1));
    const hex = await step(`getrawtransaction of the ${label} funding`, () => node.getRawTransaction(txid));
    const tx = bitcoin.Transaction.fromHex(hex);
    check(tx.getId() === txid, `bitcoinjs parses the wallet's ${label} funding transaction (txid matches)`, tx.getId());
    const walletTx = await step('gettransaction', () => funder.getTransaction(txid));
    check(walletTx.hex === hex, `gettransaction hex equals getrawtransaction hex (${label})`);
    const vout = tx.outs.findIndex((o) => toHex(o.script) === toHex(script));
    check(vout >= 0 && tx.outs[vout].value === 100000000n, `the ${label} funding pays 1 BTC to our script`, vout);
    return { txid, tx, vout };
  }

  // spend signs psbt's single input with signer, sends it, and checks the
  // node's view of it.
  async function send(psbt, label) {
    psbt.finalizeAllInputs();
    const tx = psbt.extractTransaction();
    const hex = tx.toHex();
    const decoded = await step(`decoderawtransaction (${label})`, () => node.decodeRawTransaction(hex));
    check(decoded.txid === tx.getId() && decoded.hash === toHex(Buffer.from(tx.getHash(true)).reverse()) && decoded.vsize === tx.virtualSize() && decoded.weight === tx.weight(),
      `decoderawtransaction agrees with bitcoinjs on txid, wtxid, vsize and weight (${label})`, decoded);
    const accept = await step(`testmempoolaccept (${label})`, () => node.command('testmempoolaccept', [hex]));
    check(accept[0].allowed === true, `testmempoolaccept allows the ${label} spend`, accept);
    const txid = await step(`sendrawtransaction (${label})`, () => node.sendRawTransaction(hex));
    check(txid === tx.getId(), `sendrawtransaction accepts the ${label} spend`, txid);
    return { txid, tx };
  }

  // P2WPKH.
  const wpkhKey = ECPair.makeRandom({ network });
  const p2wpkh = bitcoin.payments.p2wpkh({ pubkey: wpkhKey.publicKey, network });
  const f1 = await fund(p2wpkh.address, p2wpkh.output, 'P2WPKH');
  const dest1 = await step('getnewaddress', () => funder.getNewAddress());
  const psbt1 = new bitcoin.Psbt({ network });
  psbt1.addInput({ hash: f1.txid, index: f1.vout, witnessUtxo: { script: p2wpkh.output, value: 100000000n } });
  psbt1.addOutput({ address: dest1, value: 100000000n - 2000n });
  psbt1.signInput(0, wpkhKey);
  check(psbt1.validateSignaturesOfInput(0, (pub, msg, sig) => ecc.verify(msg, pub, sig)), 'bitcoinjs verifies its P2WPKH signature');
  const s1 = await send(psbt1, 'P2WPKH');

  // P2TR key path: the output key is the internal key tweaked with
  // TapTweak(internal key); the signer is the tweaked private key.
  const trKey = ECPair.makeRandom({ network });
  const internalPubkey = trKey.publicKey.slice(1, 33);
  const p2tr = bitcoin.payments.p2tr({ internalPubkey, network });
  check(/^bcrt1p/.test(p2tr.address), 'bitcoinjs gives a regtest taproot address', p2tr.address);
  const f2 = await fund(p2tr.address, p2tr.output, 'P2TR');
  const dest2 = await step('getnewaddress bech32m', () => funder.getNewAddress('', 'bech32m'));
  const psbt2 = new bitcoin.Psbt({ network });
  psbt2.addInput({ hash: f2.txid, index: f2.vout, witnessUtxo: { script: p2tr.output, value: 100000000n }, tapInternalKey: internalPubkey });
  psbt2.addOutput({ address: dest2, value: 100000000n - 2000n });
  const tweaked = trKey.tweak(bitcoin.crypto.taggedHash('TapTweak', internalPubkey));
  psbt2.signInput(0, tweaked);
  const s2 = await send(psbt2, 'P2TR');
  check(s2.tx.ins[0].witness.length === 1 && s2.tx.ins[0].witness[0].length === 64, 'the P2TR spend carries one 64-byte Schnorr signature');

  const mempool = await step('getrawmempool', () => node.getRawMempool());
  check(mempool.includes(s1.txid) && mempool.includes(s2.txid), 'both spends are in the mempool', mempool);

  const mined = await step('generatetoaddress 1', () => node.generateToAddress(1, mineAddr));
  const block = await step('getblock', () => node.getBlock(mined[0], 1));
  check(block.tx.includes(s1.txid) && block.tx.includes(s2.txid), 'both spends are mined in the next block', block.tx);
  for (const [s, label] of [[s1, 'P2WPKH'], [s2, 'P2TR']]) {
    const v = await step(`getrawtransaction verbose (${label})`, () => node.getRawTransaction(s.txid, true, mined[0]));
    check(v.confirmations === 1 && v.blockhash === mined[0] && v.hex === s.tx.toHex(), `the ${label} spend has 1 confirmation`, v);
    const w = await step(`gettransaction (${label} spend, funder)`, () => funder.getTransaction(s.txid));
    check(w.confirmations === 1 && w.amount > 0, `the funder wallet sees the ${label} spend's output as received`, w);
  }

  // The whole block, as the node serializes it, parses with bitcoinjs.
  const blockHex = await step('getblock verbosity 0', () => node.getBlock(mined[0], 0));
  const parsed = bitcoin.Block.fromHex(blockHex);
  check(parsed.getId() === mined[0] && parsed.transactions.length === block.tx.length && parsed.checkTxRoots(),
    'bitcoinjs parses the mined block (hash, transaction count, merkle and witness roots)');
});
