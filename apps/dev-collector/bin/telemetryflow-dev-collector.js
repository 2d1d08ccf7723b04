#!/usr/bin/env node
// The bin is this committed file, not dist/cli.js: package managers link bins at install time, before
// a workspace build has made dist/ (pnpm warned "Failed to create bin" on every fresh install).
import '../dist/cli.js';
