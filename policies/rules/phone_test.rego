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

test_call_uses_only_consents_covering_the_products if {
	other := object.union(phone_consent, {"id": "c2", "purpose": "insurance"})
	phone.consent_used == {"c1"} with input as scoped_call("newsletter", [phone_consent, other])
	count(phone.consent_used) == 0 with input as object.union(call([phone_consent]), {"facts": {"call": {"purpose": "service"}}})
}

test_business_call_needs_no_express_consent if {
	count(phone.deny) == 0 with input as object.union(call([]), {"person": {"type": "business", "consents": [], "objections": []}})
}

scoped_call(scope, consents) := object.union(call(consents), {"facts": {"call": {"purpose": "advertising", "product_scope": scope}}})

test_consent_must_cover_the_advertised_products if {
	"phone.no_express_consent" in lib.ids(phone.deny) with input as scoped_call("insurance", [phone_consent])
	count(phone.deny) == 0 with input as scoped_call("newsletter", [phone_consent])
}

test_consent_purposes_covering_maps_products_to_consents if {
	c := object.union(phone_consent, {"purpose": "telephone_offers_camera_accessories"})
	count(phone.deny) == 0 with input as scoped_call("camera_accessories", [c]) with data.guidelines.consent_purposes_covering as {"camera_accessories": ["telephone_offers_camera_accessories"]}
}

test_do_not_call_denies_even_with_consent if {
	inp := object.union(call([phone_consent]), {"person": {"do_not_call": true}})
	"phone.do_not_call" in lib.ids(phone.deny) with input as inp
}

test_do_not_call_denies_business_calls if {
	inp := object.union(call([]), {"person": {"type": "business", "consents": [], "objections": [], "do_not_call": true}})
	"phone.do_not_call" in lib.ids(phone.deny) with input as inp
}

test_business_call_without_consent_asks_for_presumed_consent if {
	business := object.union(call([]), {"person": {"type": "business", "consents": [], "objections": []}})
	"phone.presumed_consent" in lib.ids(phone.warn) with input as business
	count(phone.warn) == 0 with input as object.union(business, {"facts": {"call": {"purpose": "advertising", "presumed_consent_basis": "asked for an offer at the fair"}}})
}

test_phone_campaign_needs_consent if {
	inp := object.union(lib.mailing([]), {"campaign": {"channel": "phone", "content_type": "advertising", "purpose": "newsletter"}})
	"phone.no_express_consent" in lib.ids(phone.deny) with input as inp
	count(phone.deny) == 0 with input as object.union(inp, {"person": {"consents": [phone_consent]}})
}
