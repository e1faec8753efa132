package sphere_test.phone

import data.sphere.rules.phone
import data.sphere_test.lib
import rego.v1

call(consents) := object.union(lib.event("phone.call", {"call": {"purpose": "advertising"}}), {"person": {"type": "consumer", "consents": consents, "objections": []}})

phone_consent := object.union(lib.valid_consent, {"channel": "phone", "method": "web_form"})

test_call_without_consent_denies if "phone.no_express_consent" in lib.ids(phone.deny) with input as call([])

test_call_with_consent_allows_and_keeps_proof if {
	count(phone.deny) == 0 with input as call([phone_consent])
	some o in phone.obligation with input as call([phone_consent])
	o.id == "phone.keep_consent_proof"
}

test_business_call_needs_no_express_consent if {
	count(phone.deny) == 0 with input as object.union(call([]), {"person": {"type": "business", "consents": [], "objections": []}})
}
