// Demo people for `npm start`: one contact with a double opt-in newsletter consent, one bought lead without consent or
// notice, and one customer whose address came from a sale with the notice of the right to object (UWG §7(3)).
import type { StorePort } from '../input/store-port';

export const DEMO_CONSENTED = { module: 'Contacts', id: 'demo-anna-consented' };
export const DEMO_UNCONSENTED = { module: 'Leads', id: 'demo-bernd-bought-list' };
export const DEMO_CUSTOMER = { module: 'Contacts', id: 'demo-clara-customer', address: 'clara@example.org' };

/** Idempotent: a person who already has rows is left alone. */
export async function seedDemo(store: StorePort): Promise<void> {
  const now = new Date();
  const daysAgo = (d: number): string => new Date(now.getTime() - d * 86_400_000).toISOString();
  if ((await store.consents.list(DEMO_CONSENTED.module, DEMO_CONSENTED.id)).length === 0) {
    await store.consents.add({
      module: DEMO_CONSENTED.module, person_module: DEMO_CONSENTED.module, person_id: DEMO_CONSENTED.id,
      purpose: 'newsletter', channel: 'email', status: 'given', given_at: daysAgo(90), method: 'double_opt_in', active_act: true,
      proof_ref: 'doi-confirmation-4711', text_version: 'newsletter-v3', language: 'de', source: 'website', recorded_by: 'demo',
    });
    await store.provenance.add({
      module: DEMO_CONSENTED.module, person_module: DEMO_CONSENTED.module, person_id: DEMO_CONSENTED.id,
      field: 'email1', source_type: 'data_subject', source_ref: 'newsletter form', method: 'web_form', collected_at: daysAgo(90),
      collected_by: 'demo', legal_basis: 'GDPR Art. 6(1)(a)', purpose: 'newsletter', informed_at: daysAgo(90),
    });
  }
  if ((await store.provenance.list(DEMO_UNCONSENTED.module, DEMO_UNCONSENTED.id)).length === 0) {
    await store.provenance.add({
      module: DEMO_UNCONSENTED.module, person_module: DEMO_UNCONSENTED.module, person_id: DEMO_UNCONSENTED.id,
      field: 'email1', source_type: 'purchased_list', source_ref: 'list broker 2026-Q3', method: 'import', collected_at: daysAgo(10),
      collected_by: 'demo', legal_basis: null, purpose: 'sales', informed_at: null,
    });
  }
  if ((await store.provenance.list(DEMO_CUSTOMER.module, DEMO_CUSTOMER.id)).length === 0) {
    await store.provenance.add({
      module: DEMO_CUSTOMER.module, person_module: DEMO_CUSTOMER.module, person_id: DEMO_CUSTOMER.id,
      field: 'email1', value: DEMO_CUSTOMER.address, source_type: 'sale', source_ref: 'web shop order 2026-0815', method: 'checkout',
      collected_at: daysAgo(30), objection_notice_at: daysAgo(30), collected_by: 'demo', legal_basis: 'GDPR Art. 6(1)(b)', purpose: 'sales',
    });
  }
}
