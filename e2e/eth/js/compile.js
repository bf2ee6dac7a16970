// compile.js compiles the project's contracts (../contracts/*.sol) with the
// solc-js pinned in package.json: no compiler download, works offline.
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc");

const contractsDir = path.join(__dirname, "..", "contracts");

// compile returns { Name: { abi, bytecode } } for every contract of the
// given files (default: all of ../contracts) and throws on any error.
function compile(files) {
  files = files || fs.readdirSync(contractsDir).filter((f) => f.endsWith(".sol")).sort();
  const sources = {};
  for (const f of files) {
    sources[f] = { content: fs.readFileSync(path.join(contractsDir, f), "utf8") };
  }
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter((e) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error("solc: " + errors.map((e) => e.formattedMessage).join("\n"));
  }
  const result = {};
  for (const file of Object.keys(out.contracts)) {
    for (const [name, c] of Object.entries(out.contracts[file])) {
      result[name] = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
    }
  }
  return result;
}

module.exports = { compile, contractsDir, solcVersion: solc.version() };

if (require.main === module) {
  const r = compile();
  for (const [name, c] of Object.entries(r)) {
    console.log(`${name}: ${c.abi.length} ABI entries, ${(c.bytecode.length - 2) / 2} bytes of init code`);
  }
  console.log("solc", solc.version());
}
