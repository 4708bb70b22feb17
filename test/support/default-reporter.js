// Jest's default per-file reporter, named by path so that Jest adds no summary of its own after ours.
module.exports = require('@jest/reporters').DefaultReporter;
