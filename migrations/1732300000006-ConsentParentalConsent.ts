// A minor's consent (GDPR Art. 8(1)) is only valid with a parent's consent, which must be demonstrable (Art. 7(1),
// 8(2)): each consent keeps the reference to it (a letter, a confirmation e-mail from the parent, …) beside its own proof.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

export class ConsentParentalConsent1732300000006 implements MigrationInterface {
  name = 'ConsentParentalConsent1732300000006';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('sphere_consents', new TableColumn({ name: 'parental_consent_ref', type: 'varchar', length: '255', isNullable: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('sphere_consents', 'parental_consent_ref');
  }
}
