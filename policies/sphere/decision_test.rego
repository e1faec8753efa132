package sphere_test.decision

import rego.v1

test_no_findings_allows if {
	d := data.sphere.decision with input as {"event": "record.save", "person": {}}
	d.outcome == "allow"
	d.approval == null
	d.consents_used == []
}

test_consents_used_are_sorted_and_distinct if {
	uses := {"a": {"consent_used": {"k2", "k1"}}, "b": {"consent_used": {"k1"}}}
	d := data.sphere.decision with input as {"event": "record.save", "person": {}} with data.sphere.rules as uses
	d.consents_used == ["k1", "k2"]
}

test_objection_denies if {
	d := data.sphere.decision with input as {
		"event": "mailing.send",
		"campaign": {"content_type": "advertising"},
		"person": {"objections": [{"id": "o1"}]},
	}
	d.outcome == "deny"
	d.violations[0].rule == "advertising.objection"
}
