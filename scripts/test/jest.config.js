/** The set-up scripts' tests (plain JavaScript: run by `npm test` through scripts/test-all.sh). */
module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  testMatch: ["<rootDir>/*.test.js"],
  testTimeout: 30000,
};
