import { main } from './program.js';

// The exit code, not process.exit(): pending output is written before the process ends.
process.exitCode = await main(process.argv);
