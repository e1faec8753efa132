// UWG §7(3) Nr. 4: advertising e-mail to an existing customer without consent needs a clear notice, when the address
// was collected, that the person may object at any time. The provenance row of the address keeps when that notice was given.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

export class ProvenanceObjectionNotice1732300000007 implements MigrationInterface {
  name = 'ProvenanceObjectionNotice1732300000007';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('sphere_provenance', new TableColumn({ name: 'objection_notice_at', type: 'varchar', length: '32', isNullable: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('sphere_provenance', 'objection_notice_at');
  }
}
