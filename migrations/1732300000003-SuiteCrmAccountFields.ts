// The same summary fields on Accounts: the policy pack asks for the source of imported company records too, and the
// connector keeps consents and provenance for Accounts like for the person modules. Same rules as the person fields.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addSphereFields, removeSphereFields } from './1732300000001-SuiteCrmCustomFields';

export const SPHERE_ACCOUNT_MODULES = [{ module: 'Accounts', table: 'accounts' }] as const;

export class SuiteCrmAccountFields1732300000003 implements MigrationInterface {
  name = 'SuiteCrmAccountFields1732300000003';

  async up(qr: QueryRunner): Promise<void> {
    await addSphereFields(qr, SPHERE_ACCOUNT_MODULES);
  }

  async down(qr: QueryRunner): Promise<void> {
    await removeSphereFields(qr, SPHERE_ACCOUNT_MODULES);
  }
}
