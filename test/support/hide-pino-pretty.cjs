'use strict';
// Preloaded (NODE_OPTIONS=--require …) into a real tokengate process to play a production install
// (npm ci --omit=dev): pino-pretty, a devDependency, cannot be resolved.
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'pino-pretty' || request.startsWith('pino-pretty/')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
