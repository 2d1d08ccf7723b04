// Placeholder for root scripts whose issue has not landed yet: says so and fails,
// rather than pretending to work.
const [name, issue] = process.argv.slice(2);
console.error(`pnpm ${name} is not available yet: it arrives with issue #${issue}.`);
process.exit(1);
