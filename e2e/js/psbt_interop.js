'use strict';
// PSBT (BIP174) between bitcoinjs-lib and the node, both ways:
//   - the wallet funds and signs (walletcreatefundedpsbt, walletprocesspsbt),
//     bitcoinjs parses the PSBTs and extracts the transaction the node then
//     accepts;
//   - bitcoinjs creates and signs a PSBT, the node decodes it (decodepsbt),
//     analyzes it (analyzepsbt), finalizes and extracts it (finalizepsbt)
//     and accepts the result.

const bitcoin = require('bitcoinjs-lib');
const ecc = require('tiny-secp256k1');
const { ECPairFactory } = require('ecpair');
const { client, check, step, run } = require('./common');

bitcoin.initEccLib(ecc);
const ECPair = ECPairFactory(ecc);
const network = bitcoin.networks.regtest;
const toHex = (u8) => Buffer.from(u8).toString('hex');

run('bitcoinjs-lib PSBT interoperability', async () => {
  const node = client();
  await step('createwallet js_psbt', () => node.createWallet('js_psbt'));
  const wallet = client('js_psbt');
  const mineAddr = await step('getnewaddress', () => wallet.getNewAddress());
  await step('generatetoaddress 101', () => node.generateToAddress(101, mineAddr));

  // Node -> bitcoinjs.
  const payTo = bitcoin.payments.p2wpkh({ pubkey: ECPair.makeRandom({ network }).publicKey, network }).address;
  const funded = await step('walletcreatefundedpsbt', () => wallet.walletCreateFundedPsbt([], [{ [payTo]: 0.25 }]));
  const unsigned = bitcoin.Psbt.fromBase64(funded.psbt, { network });
  check(unsigned.inputCount >= 1 && unsigned.txOutputs.some((o) => o.address === payTo && o.value === 25000000n),
    "bitcoinjs parses the wallet's unsigned PSBT (inputs, the 0.25 BTC output)", unsigned.txOutputs.map((o) => o.address));
  check(unsigned.data.inputs.every((i) => i.witnessUtxo || i.nonWitnessUtxo), 'every input of the wallet PSBT carries its UTXO');
  const processed = await step('walletprocesspsbt', () => wallet.walletProcessPsbt(funded.psbt));
  check(processed.complete === true, 'walletprocesspsbt signs and finalizes', processed);
  const signed = bitcoin.Psbt.fromBase64(processed.psbt, { network });
  const tx1 = signed.extractTransaction();
  const txid1 = await step('sendrawtransaction (wallet PSBT)', () => node.sendRawTransaction(tx1.toHex()));
  check(txid1 === tx1.getId(), "the transaction bitcoinjs extracts from the wallet's PSBT is accepted", txid1);

  // bitcoinjs -> node.
  const key = ECPair.makeRandom({ network });
  const p2wpkh = bitcoin.payments.p2wpkh({ pubkey: key.publicKey, network });
  const fundTxid = await step('sendtoaddress', () => wallet.sendToAddress(p2wpkh.address, 1));
  const fundTx = bitcoin.Transaction.fromHex(await step('getrawtransaction', () => node.getRawTransaction(fundTxid)));
  const vout = fundTx.outs.findIndex((o) => toHex(o.script) === toHex(p2wpkh.output));
  check(vout >= 0, 'the funding pays our P2WPKH script', vout);
  const psbt = new bitcoin.Psbt({ network });
  psbt.addInput({ hash: fundTxid, index: vout, witnessUtxo: { script: p2wpkh.output, value: 100000000n } });
  psbt.addOutput({ address: mineAddr, value: 100000000n - 3000n });
  psbt.signInput(0, key);
  const unsignedId = bitcoin.Transaction.fromBuffer(psbt.data.globalMap.unsignedTx.toBuffer()).getId();
  const dec = await step('decodepsbt (made by bitcoinjs)', () => node.decodePsbt(psbt.toBase64()));
  check(dec.tx.txid === unsignedId && dec.inputs.length === 1 && dec.inputs[0].partial_signatures
    && dec.inputs[0].partial_signatures[toHex(key.publicKey)] !== undefined && Math.round(dec.fee * 1e8) === 3000,
    'decodepsbt reads the bitcoinjs PSBT: unsigned txid, the partial signature, a 3000-sat fee', dec);
  const an = await step('analyzepsbt (made by bitcoinjs)', () => node.analyzePsbt(psbt.toBase64()));
  check(an.next === 'finalizer' && an.inputs[0].is_final === false, 'analyzepsbt: the next role is the finalizer', an);
  const fin = await step('finalizepsbt (made by bitcoinjs)', () => node.finalizePsbt(psbt.toBase64()));
  check(fin.complete === true && typeof fin.hex === 'string', 'finalizepsbt completes the bitcoinjs PSBT', fin);
  const tx2 = bitcoin.Transaction.fromHex(fin.hex);
  check(tx2.getId() === unsignedId && tx2.ins[0].witness.length === 2, 'the node-finalized transaction keeps the txid and has a P2WPKH witness');
  const txid2 = await step('sendrawtransaction (node-finalized PSBT)', () => node.sendRawTransaction(fin.hex));
  check(txid2 === unsignedId, 'sendrawtransaction accepts the node-finalized bitcoinjs PSBT', txid2);

  const mined = await step('generatetoaddress 1', () => node.generateToAddress(1, mineAddr));
  const block = await step('getblock', () => node.getBlock(mined[0], 1));
  check(block.tx.includes(txid1) && block.tx.includes(txid2), 'both PSBT transactions are mined', block.tx);
});
