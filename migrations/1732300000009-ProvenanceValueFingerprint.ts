// Provenance belongs to the value collected, not to the field for ever: each row can keep a fingerprint (sha256) of
// that value, so a field changed later no longer counts as coming from that source (e.g. UWG §7(3): the address from a sale).
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

export class ProvenanceValueFingerprint1732300000009 implements MigrationInterface {
  name = 'ProvenanceValueFingerprint1732300000009';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('sphere_provenance', new TableColumn({ name: 'value_hash', type: 'varchar', length: '64', isNullable: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('sphere_provenance', 'value_hash');
  }
}
