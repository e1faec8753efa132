import assert from 'node:assert/strict';
import { openStore, type SphereStore } from '../../connector/src/store';
import { launchMariaDb, type MariaDb } from '../support/mariadb';
import { decisions } from './backends';

describe('store when MariaDB goes away', () => {
  let maria: MariaDb;
  let store: SphereStore;
  before(async () => {
    maria = await launchMariaDb();
    store = await openStore({ type: 'mariadb', url: await maria.createDatabase('sphere') }, { migrate: true });
    await store.decisions.appendMany(decisions(3));
  });
  after(async () => store?.close().catch(() => undefined));

  it('ping and appendMany reject once the server is stopped', async () => {
    await store.ping();
    await maria.stop();
    await assert.rejects(store.ping());
    await assert.rejects(store.decisions.appendMany(decisions(5, 3)));
    await assert.rejects(store.consents.list('Contacts', 'x'));
  });

  it('opening a store on an unreachable server rejects with the connection error', async () => {
    await assert.rejects(openStore({ type: 'mariadb', url: `mysql://sphere:x@127.0.0.1:${maria.port}/sphere` }), /ECONNREFUSED|connect/);
  });
});
