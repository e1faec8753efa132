package sphere_test.third_party_consent

import data.sphere.rules.third_party_consent as third
import data.sphere_test.lib
import rego.v1

list(sponsors) := lib.event("record.import", {"consent_scope": {"sponsors_in_one_checkbox": sponsors}})

test_long_sponsor_list_denies if "third_party_consent.not_specific" in lib.ids(third.deny) with input as list(57)

test_medium_sponsor_list_needs_approval if {
	count(third.approval) == 1 with input as list(25)
	count(third.deny) == 0 with input as list(25)
}

test_own_consent_needs_nothing if {
	count(third.approval) + count(third.deny) == 0 with input as list(1)
}
