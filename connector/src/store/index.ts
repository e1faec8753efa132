// Sphere's storage: opens the configured database, runs migrations on request and assembles the SphereStore API.
import { approvalStore } from './approvals';
import { decisionLog } from './decision-log';
import { openDataSource, storeKey } from './datasource';
import { migrateUp } from './migrator';
import { policyRevisionStore } from './policy-revisions';
import { consentStore, provenanceStore } from './records';
import { reportQueries } from './report-queries';
import { reportRuns } from './report-runs';
import { requestNonceStore } from './request-nonces';
import { suitecrmFactsReader } from './suitecrm-facts';
import { suitecrmSummaryWriter } from './suitecrm-summary';
import { WalCheckpointer } from './wal-checkpointer';
import { writesFor } from './write-queue';
import { mysqlCommittedReads, sqliteCommittedReads } from './committed-reads';
import type { OpenStoreOptions, SphereStore, StoreConfig } from './types';

export type * from './types';
export { StoreConflictError, StoreValidationError } from './validate';
export { JsonText } from './decision-log';
export { parseDbUrl } from './datasource';
export { MAX_PROVENANCE_VALUE } from './records';
export { valueFingerprint } from './value-fingerprint';
export type { NonceClaim, NonceSweep, RequestNonceStore } from './request-nonces';
export type { ApprovalCounts, ChainAnchor, ConsentCounts, DecisionCounts, PersonRef, ReportQueries, TimeRange } from './report-queries';

export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<SphereStore> {
  const ds = await openDataSource(config);
  try {
    if (options.migrate) await migrateUp(ds);
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  const checkpointer = config.type === 'sqlite' ? new WalCheckpointer(ds, config.file) : null;
  const writes = writesFor(storeKey(config), config.type === 'sqlite');
  const reads = config.type === 'sqlite' ? sqliteCommittedReads(config.file) : mysqlCommittedReads(ds);
  return {
    consents: consentStore(ds, writes, reads.query),
    provenance: provenanceStore(ds, writes, reads.query),
    decisions: decisionLog(ds, storeKey(config), reads, () => checkpointer?.start()),
    approvals: approvalStore(ds, writes),
    policyRevisions: policyRevisionStore(ds, writes),
    suitecrmSummaries: suitecrmSummaryWriter(ds),
    requestNonces: requestNonceStore(ds, writes),
    reports: reportQueries(reads.query),
    reportRuns: reportRuns(ds, writes),
    ...suitecrmFactsReader(ds),
    async ping() {
      await ds.query('SELECT 1');
    },
    async close() {
      await checkpointer?.stop();
      reads.close();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
