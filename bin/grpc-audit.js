#!/usr/bin/env node
'use strict';
// Entry point of the `grpc-audit` executable. The sources are TypeScript; tsx compiles them on
// load, so a fresh clone needs no build step.
require('tsx/cjs');
require('../collector/cli/main.ts').main(process.argv);
