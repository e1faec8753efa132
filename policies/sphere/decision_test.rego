package sphere_test.decision

import rego.v1

test_no_findings_allows if {
	d := data.sphere.decision with input as {"event": "record.save", "person": {}}
	d.outcome == "allow"
	d.approval == null
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
