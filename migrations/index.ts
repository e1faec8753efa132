// Migrations in order; imported as classes so they run the same under ts-node and compiled output.
import { CreateSphereTables1732300000000 } from './1732300000000-CreateSphereTables';
import { SuiteCrmCustomFields1732300000001, SPHERE_PERSON_MODULES } from './1732300000001-SuiteCrmCustomFields';
import { DecisionLogHead1732300000002 } from './1732300000002-DecisionLogHead';
import { SuiteCrmAccountFields1732300000003, SPHERE_ACCOUNT_MODULES } from './1732300000003-SuiteCrmAccountFields';
import { SphereTablesUtf8mb41732300000004 } from './1732300000004-SphereTablesUtf8mb4';
import { RequestNonces1732300000005 } from './1732300000005-RequestNonces';
import { ConsentParentalConsent1732300000006 } from './1732300000006-ConsentParentalConsent';
import { ProvenanceObjectionNotice1732300000007 } from './1732300000007-ProvenanceObjectionNotice';
import { ReportRuns1732300000008 } from './1732300000008-ReportRuns';
import { ProvenanceValueFingerprint1732300000009 } from './1732300000009-ProvenanceValueFingerprint';

export const MIGRATIONS = [CreateSphereTables1732300000000, SuiteCrmCustomFields1732300000001, DecisionLogHead1732300000002,
  SuiteCrmAccountFields1732300000003, SphereTablesUtf8mb41732300000004, RequestNonces1732300000005, ConsentParentalConsent1732300000006,
  ProvenanceObjectionNotice1732300000007, ReportRuns1732300000008, ProvenanceValueFingerprint1732300000009];

/** Every SuiteCRM module the migrations give Sphere's summary fields (SPHERE_CUSTOM_FIELDS). */
export const SPHERE_SUMMARY_MODULES = [...SPHERE_PERSON_MODULES, ...SPHERE_ACCOUNT_MODULES];
