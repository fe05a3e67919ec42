// Packs, installs from the registry and drives the real Pulumi CLI: minutes, not seconds.
module.exports = { ...require("../../jest.preset.js"), testTimeout: 900000 };
