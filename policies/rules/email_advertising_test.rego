package sphere_test.email_advertising

import data.sphere.rules.email_advertising as email
import data.sphere_test.lib
import rego.v1

customer := {
	"address_obtained_in_sale": true, "own_similar_products": true,
	"objection_notice_at_collection": true, "objection_notice_each_mail": true,
}

no_consent(facts) := object.union(lib.mailing([]), {"facts": facts})

test_no_consent_denies if "email.no_consent" in lib.ids(email.deny) with input as no_consent({})

test_valid_consent_allows if count(email.deny) == 0 with input as lib.mailing([lib.valid_consent])

test_valid_consent_is_used if email.consent_used == {"c1"} with input as lib.mailing([lib.valid_consent])

test_invalid_or_unrelated_consents_are_not_used if {
	unproven := object.union(lib.valid_consent, {"id": "c2", "proof_ref": null})
	other := object.union(lib.valid_consent, {"id": "c3", "purpose": "partner_offers"})
	count(email.consent_used) == 0 with input as lib.mailing([unproven, other])
}

test_existing_customer_exception_allows if count(email.deny) == 0 with input as no_consent({"existing_customer": customer})

test_missing_notice_at_collection_names_condition if {
	findings := lib.ids(email.deny) with input as no_consent({"existing_customer": object.union(customer, {"objection_notice_at_collection": false})})
	"email.no_consent" in findings
	"existing_customer.notice_at_collection_missing" in findings
}

test_other_products_break_the_exception if {
	"existing_customer.not_own_similar_products" in lib.ids(email.deny) with input as no_consent({"existing_customer": object.union(customer, {"own_similar_products": false})})
}

test_objection_breaks_the_exception if {
	inp := object.union(no_consent({"existing_customer": customer}), {"person": {"type": "consumer", "consents": [], "objections": [{"id": "o1"}]}})
	"existing_customer.objected" in lib.ids(email.deny) with input as inp
}

test_informational_mail_needs_no_consent if {
	count(email.deny) == 0 with input as object.union(lib.mailing([]), {"campaign": {"channel": "email", "content_type": "informational", "purpose": "newsletter"}})
}

opted_out(primary_opt_out, other_opt_out) := object.union(lib.mailing([lib.valid_consent]), {"person": {"email_addresses": [
	{"address": "a@example.org", "primary": true, "opt_out": primary_opt_out},
	{"address": "b@example.org", "primary": false, "opt_out": other_opt_out},
]}})

test_opted_out_address_denies_despite_consent if "email.opted_out" in lib.ids(email.deny) with input as opted_out(true, false)

test_opt_out_of_another_address_does_not_block if count(email.deny) == 0 with input as opted_out(false, true)

test_opt_out_breaks_the_existing_customer_exception if {
	inp := object.union(no_consent({"existing_customer": customer}), {"person": {"email_addresses": [{"address": "a@example.org", "primary": true, "opt_out": true}]}})
	findings := lib.ids(email.deny) with input as inp
	"email.opted_out" in findings
	"email.no_consent" in findings
}

test_sms_advertising_needs_consent if {
	inp := object.union(lib.mailing([]), {"campaign": {"channel": "sms", "content_type": "advertising", "purpose": "newsletter"}})
	some f in email.deny with input as inp
	f.rule == "email.no_consent"
	contains(f.message.de, "SMS")
	contains(f.message.en, "SMS")
}

test_sms_consent_allows_sms_advertising if {
	inp := object.union(lib.mailing([object.union(lib.valid_consent, {"channel": "sms"})]), {"campaign": {"channel": "sms", "content_type": "advertising", "purpose": "newsletter"}})
	count(email.deny) == 0 with input as inp
}

# The exception from the CRM's own records: the mailed address came from a sale, the campaign makes its declarations.
from_sale(provenance, declarations) := object.union(lib.mailing([]), {
	"campaign": object.union({"channel": "email", "content_type": "advertising", "purpose": "newsletter"}, declarations),
	"person": {"provenance": {"email1": provenance}},
})

sale := {"source_type": "sale", "collected_at": "2025-01-18T10:00:00Z", "objection_notice_at": "2025-01-18T10:00:00Z", "describes_current_value": true}

declared := {"own_similar_products": true, "objection_notice_each_mail": true}

test_exception_from_sale_provenance_and_campaign_declarations if count(email.deny) == 0 with input as from_sale(sale, declared)

test_notice_recorded_the_next_day_counts_as_at_collection if {
	count(email.deny) == 0 with input as from_sale(object.union(sale, {"objection_notice_at": "2025-01-19T09:00:00Z"}), declared)
}

test_each_campaign_declaration_is_needed if {
	findings := lib.ids(email.deny) with input as from_sale(sale, {"own_similar_products": true})
	"email.no_consent" in findings
	"existing_customer.notice_in_each_mail_missing" in findings
	not "existing_customer.not_own_similar_products" in findings
}

test_undeclared_campaign_names_both_conditions if {
	findings := lib.ids(email.deny) with input as from_sale(sale, {})
	"existing_customer.not_own_similar_products" in findings
	"existing_customer.notice_in_each_mail_missing" in findings
}

test_late_objection_notice_breaks_the_exception if {
	late := object.union(sale, {"objection_notice_at": "2025-02-18T10:00:00Z"})
	"existing_customer.notice_at_collection_missing" in lib.ids(email.deny) with input as from_sale(late, declared)
}

test_missing_objection_notice_breaks_the_exception if {
	"existing_customer.notice_at_collection_missing" in lib.ids(email.deny) with input as from_sale(object.remove(sale, ["objection_notice_at"]), declared)
}

test_address_from_another_source_gets_no_exception if {
	lib.ids(email.deny) == {"email.no_consent"} with input as from_sale(object.union(sale, {"source_type": "web_form"}), declared)
}

test_reported_facts_take_precedence if {
	reported := {"facts": {"existing_customer": object.union(customer, {"own_similar_products": false})}}
	"existing_customer.not_own_similar_products" in lib.ids(email.deny) with input as object.union(from_sale(sale, declared), reported)
}

test_objection_breaks_the_derived_exception if {
	inp := object.union(from_sale(sale, declared), {"person": {"objections": [{"id": "o1"}]}})
	"existing_customer.objected" in lib.ids(email.deny) with input as inp
}

test_notice_long_before_collection_is_not_at_collection if {
	early := object.union(sale, {"objection_notice_at": "2023-01-18T10:00:00Z"})
	"existing_customer.notice_at_collection_missing" in lib.ids(email.deny) with input as from_sale(early, declared)
}

test_partner_campaign_never_has_own_similar_products if {
	findings := lib.ids(email.deny) with input as from_sale(sale, object.union(declared, {"sender": "partner"}))
	"existing_customer.not_own_similar_products" in findings
	"email.no_consent" in findings
}

# The e-mail address's sale says nothing about the number an SMS goes to.
test_sms_gets_no_exception_from_the_email_provenance if {
	sms := object.union(from_sale(sale, declared), {"campaign": {"channel": "sms"}})
	lib.ids(email.deny) == {"email.no_consent"} with input as sms
}

# The sale was recorded for another address than the one mailed now (email1 changed since), or without the address.
test_sale_of_an_earlier_address_gets_no_exception if {
	changed := object.union(sale, {"describes_current_value": false})
	findings := lib.ids(email.deny) with input as from_sale(changed, declared)
	findings == {"email.no_consent", "existing_customer.address_not_from_sale"}
}

test_sale_recorded_without_the_address_gets_no_exception if {
	unknown := object.remove(sale, ["describes_current_value"])
	findings := lib.ids(email.deny) with input as from_sale(unknown, declared)
	findings == {"email.no_consent", "existing_customer.address_not_from_sale"}
}
