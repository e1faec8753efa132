package sphere_test.minors

import data.sphere.rules.minors
import data.sphere_test.lib
import rego.v1

signup(birthdate, parental) := object.union(
	lib.event("record.save", {"consent_being_saved": {"active_act": true, "parental_consent": parental}}),
	{"record": {"birthdate": birthdate}},
)

test_fifteen_year_old_without_parents_denies if "minors.parental_consent_missing" in lib.ids(minors.deny) with input as signup("2010-02-14", false)

test_parental_consent_allows if count(minors.deny) == 0 with input as signup("2010-02-14", true)

test_adult_allows if count(minors.deny) == 0 with input as signup("1990-02-14", false)
