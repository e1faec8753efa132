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
