// Each test drives the real Pulumi CLI: minutes, not seconds.
module.exports = { ...require("../../jest.preset.js"), testTimeout: 600000 };
