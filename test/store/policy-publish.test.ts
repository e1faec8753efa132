// Adding a revision with activation is all or nothing on both backends: a refused activation leaves nothing stored.
import assert from 'node:assert/strict';
import { BACKENDS } from './backends';

// The database itself refuses the activation write, after the insert of the new revision has succeeded.
const REFUSE_ACTIVATION = {
  sqlite: "CREATE TRIGGER refuse_activation BEFORE UPDATE OF active ON sphere_policy_revisions WHEN NEW.active BEGIN SELECT RAISE(ABORT, 'activation refused'); END",
  mariadb: "CREATE TRIGGER refuse_activation BEFORE UPDATE ON sphere_policy_revisions FOR EACH ROW BEGIN IF NEW.active THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'activation refused'; END IF; END",
};

for (const backend of BACKENDS) {
  describe(`publishing a policy revision on ${backend.name}`, function () {
    this.timeout(300_000);
    let ctx: Awaited<ReturnType<typeof backend.fresh>>;
    before(async () => { ctx = await backend.fresh(); });
    after(async () => { await ctx?.dispose(); });

    const revision = (name: string) => ({ revision: name, sha256: 'a'.repeat(64), source: null, bundle: Buffer.from(name), author: 'dpo', createdAt: new Date() });

    it('stores and activates in one transaction: when activation fails, the new revision is not stored and the old one stays active', async () => {
      const revisions = ctx.store.policyRevisions;
      assert.equal((await revisions.add(revision('r1'), { activate: true })).active, true);
      await ctx.exec(REFUSE_ACTIVATION[backend.name]);
      try {
        await assert.rejects(revisions.add(revision('r2'), { activate: true }), /activation refused/);
        assert.deepEqual((await revisions.list()).map((r) => [r.revision, r.active]), [['r1', true]]);
      } finally {
        await ctx.exec('DROP TRIGGER refuse_activation');
      }
      await revisions.add(revision('r2'), { activate: true });
      assert.equal((await revisions.active())?.revision, 'r2');
      assert.deepEqual((await revisions.list()).map((r) => [r.revision, r.active]), [['r1', false], ['r2', true]]);
    });
  });
}
