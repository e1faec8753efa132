# Tests live outside data.sphere.rules so the decision does not iterate them.
package sphere_test.consent

import rego.v1

consent := {"id": "c1", "purpose": "newsletter", "channel": "email", "status": "given", "active_act": true, "method": "double_opt_in"}

mailing(c) := {
	"event": "mailing.send",
	"campaign": {"channel": "email", "content_type": "advertising", "purpose": "newsletter"},
	"person": {"consents": [c]},
}


test_active_consent_allows if {
	count(data.sphere.rules.consent.deny) == 0 with input as mailing(consent)
}

test_preticked_box_denies if {
	findings := data.sphere.rules.consent.deny with input as mailing(object.union(consent, {"active_act": false}))
	some f in findings
	f.rule == "consent.preticked_box"
}

test_withdrawn_denies if {
	findings := data.sphere.rules.consent.deny with input as mailing(object.union(consent, {"status": "withdrawn"}))
	some f in findings
	f.rule == "consent.withdrawn"
}

test_withdrawn_other_purpose_not_reported if {
	count(data.sphere.rules.consent.deny) == 0 with input as mailing(object.union(consent, {"status": "withdrawn", "purpose": "events"}))
}
