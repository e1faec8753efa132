import assert from 'node:assert/strict';
import { openStore, type SphereStore } from '../../connector/src/store';
import { startMariaDb } from '../support/mariadb';
import { BACKENDS } from './backends';

describe('suitecrmFacts', () => {
  describe('on MariaDB with the SuiteCRM fixture', () => {
    let store: SphereStore;
    before(async () => {
      const maria = await startMariaDb();
      store = await openStore({ type: 'mariadb', url: await maria.createDatabase(`facts_${process.pid}`, { suitecrm: true }) }, { migrate: true });
    });
    after(async () => store?.close());

    it('reads lawful basis (multienum decoded), review date, do-not-call and the e-mail addresses with their opt-in flags, primary first', async () => {
      assert.deepEqual(await store.suitecrmFacts('Contacts', '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9'), {
        lawful_basis: ['consent'], lawful_basis_source: 'website', date_reviewed: '2026-03-01', do_not_call: false, birthdate: '1984-05-17',
        email_addresses: [
          { address: 'anna.schmidt@example.de', primary: true, opt_out: false, invalid: false, confirm_opt_in: 'confirmed-opt-in',
            confirm_opt_in_date: '2026-02-10T09:31:07Z', confirm_opt_in_sent_date: '2026-02-10T09:15:02Z' },
          { address: 'info@mueller-maschinenbau.example', primary: false, opt_out: false, invalid: false, confirm_opt_in: 'not-opt-in',
            confirm_opt_in_date: null, confirm_opt_in_sent_date: null },
        ],
      });
    });

    it('covers leads and prospects, multiple lawful bases, do-not-call and empty values', async () => {
      const weber = await store.suitecrmFacts('Contacts', '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0');
      assert.deepEqual(weber?.lawful_basis, ['contract', 'legitimate_interest']);
      assert.deepEqual(weber?.email_addresses.map((e) => [e.address, e.opt_out, e.invalid]), [['j.weber@example.com', true, false], ['jonas@weber-privat.de', false, true]]);
      const keller = await store.suitecrmFacts('Contacts', '2c3d4e5f-6071-4283-9495-b6c7d8e9f0a1');
      assert.deepEqual([keller?.do_not_call, keller?.lawful_basis, keller?.lawful_basis_source, keller?.email_addresses, keller?.birthdate], [true, [], null, [], null]);
      const bernd = await store.suitecrmFacts('Leads', '4e5f6071-8293-44a5-b6b7-d8e9f0a1b2c3');
      assert.deepEqual([bernd?.lawful_basis, bernd?.email_addresses[0].confirm_opt_in, bernd?.email_addresses[0].confirm_opt_in_sent_date], [[], 'opt-in', '2026-03-05T08:00:00Z']);
      assert.equal((await store.suitecrmFacts('Prospects', '607182a3-a4b5-46c7-98d9-f0a1b2c3d4e5'))?.lawful_basis_source, 'third_party');
      const account = await store.suitecrmFacts('Accounts', '6b1e7f40-2c3d-4e5f-9a0b-1c2d3e4f5a6b');
      assert.deepEqual([account?.lawful_basis, account?.email_addresses.length], [null, 1]);
    });

    it('reads many people at once exactly as one by one, leaving out deleted and unknown ones', async () => {
      const contacts = ['0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9', '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0', '2c3d4e5f-6071-4283-9495-b6c7d8e9f0a1'];
      const asked = [...contacts, '3d4e5f60-7182-4394-a5a6-c7d8e9f0a1b2', 'no-such-id', contacts[0] as string];
      const many = await store.suitecrmFactsMany('Contacts', asked);
      assert.deepEqual([...many.keys()].sort(), [...contacts].sort());
      for (const id of contacts) assert.deepEqual(many.get(id), await store.suitecrmFacts('Contacts', id), id);
      assert.equal(many.get(contacts[0] as string)?.email_addresses.length, 2, 'addresses stay with their person');
      assert.equal((await store.suitecrmFactsMany('Opportunities', contacts)).size, 0);
    });

    it('is null for deleted or unknown people and unknown modules', async () => {
      assert.equal(await store.suitecrmFacts('Contacts', '3d4e5f60-7182-4394-a5a6-c7d8e9f0a1b2'), null);
      assert.equal(await store.suitecrmFacts('Contacts', 'no-such-id'), null);
      assert.equal(await store.suitecrmFacts('Opportunities', '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9'), null);
    });
  });

  for (const backend of BACKENDS) {
    it(`is null on ${backend.name} without SuiteCRM tables`, async () => {
      const { store, dispose } = await backend.fresh();
      try {
        assert.equal(await store.suitecrmFacts('Contacts', '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9'), null);
        assert.equal((await store.suitecrmFactsMany('Contacts', ['0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9'])).size, 0);
      } finally {
        await dispose();
      }
    });
  }
});
