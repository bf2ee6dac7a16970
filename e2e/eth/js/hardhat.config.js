// Hardhat 2 configuration for scenario B of issue 7: the project's
// contracts (../contracts) compiled offline with the pinned solc-js, and
// twinchaind's account chain as the external network "twinchain".
"use strict";

require("@nomicfoundation/hardhat-ethers");
const path = require("path");
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");
const { devKeys } = require("./common");

const solcVersion = require("solc/package.json").version;

// Hardhat downloads its compilers by default; use the solc-js from
// node_modules instead, so compiling needs no network.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, hre, runSuper) => {
  if (args.solcVersion !== solcVersion) {
    return runSuper();
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: solcVersion,
    longVersion: require("solc").version(),
  };
});

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: solcVersion,
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  paths: {
    // The contracts live beside this JS project, in ../contracts, and
    // Hardhat compiles only sources inside its root.
    root: path.join(__dirname, ".."),
    sources: path.join(__dirname, "..", "contracts"),
    tests: path.join(__dirname, "test"),
    cache: path.join(__dirname, "cache"),
    artifacts: path.join(__dirname, "artifacts"),
  },
  networks: {
    twinchain: {
      url: process.env.TWINCHAIN_ETH_URL || "http://127.0.0.1:8545",
      chainId: 1337,
      accounts: devKeys,
      timeout: 30000,
    },
  },
  mocha: { timeout: 60000 },
};
