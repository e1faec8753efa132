'use strict';
// Spec output plus the plain closing line CI reads: "mocha: N passed, M failed, K skipped".
const Mocha = require('mocha');

class SphereReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = runner.stats;
      process.stdout.write(`\nmocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}
module.exports = SphereReporter;
