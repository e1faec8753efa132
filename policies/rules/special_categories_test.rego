package sphere_test.special_categories

import data.sphere.rules.special_categories as special
import data.sphere_test.lib
import rego.v1

test_health_tag_denies if "special_category.no_exception" in lib.ids(special.deny) with input as lib.event("record.save", {"special_category": "health", "fields_changed": ["tags"]})

test_explicit_consent_allows if {
	c := object.union(lib.valid_consent, {"purpose": "special_category_health"})
	inp := object.union(lib.event("record.save", {"special_category": "health"}), {"person": {"type": "consumer", "consents": [c], "objections": []}})
	count(special.deny) == 0 with input as inp
}

test_ordinary_field_allows if count(special.deny) == 0 with input as lib.event("record.save", {"fields_changed": ["title"]})

test_profiling_that_may_infer_special_categories_denies if {
	"special_category.inference_risk" in lib.ids(special.deny) with input as lib.event("record.enrich", {"may_infer_special_categories": true})
}

test_list_of_categories_is_checked if {
	c := object.union(lib.valid_consent, {"purpose": "special_category_health"})
	inp := object.union(lib.event("record.save", {"special_category": ["health", "religious_beliefs"]}), {"person": {"type": "consumer", "consents": [c], "objections": []}})
	findings := special.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message.en, "religious_beliefs")
}
