# Tests live outside data.sphere.rules so the decision does not iterate them.
package sphere_test.advertising

import rego.v1

advertising_mail := {
	"event": "mailing.send",
	"campaign": {"channel": "email", "content_type": "advertising"},
	"person": {"objections": [{"id": "o1", "purpose": "marketing", "channel": "any", "received_at": "2026-01-01T00:00:00Z"}]},
}

test_objection_denies_advertising if {
	findings := data.sphere.rules.advertising.deny with input as advertising_mail
	some f in findings
	f.rule == "advertising.objection"
}

test_no_objection_allows_advertising if {
	count(data.sphere.rules.advertising.deny) == 0 with input as object.union(advertising_mail, {"person": {"objections": []}})
}

test_objection_allows_informational_mail if {
	count(data.sphere.rules.advertising.deny) == 0 with input as object.union(advertising_mail, {"campaign": {"channel": "email", "content_type": "informational"}})
}

test_objection_denies_advertising_calls if {
	call := {"event": "phone.call", "facts": {"call": {"purpose": "advertising"}}, "person": advertising_mail.person}
	some f in data.sphere.rules.advertising.deny with input as call
	f.rule == "advertising.objection"
}
