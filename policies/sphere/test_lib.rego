# Helpers for the rule tests: the rule ids a module reports for an input, and typical inputs.
package sphere_test.lib

import rego.v1

ids(findings) := {f.rule | some f in findings}

now := "2025-06-02T09:00:00Z"

valid_consent := {
	"id": "c1", "purpose": "newsletter", "channel": "email", "status": "given", "active_act": true,
	"method": "double_opt_in", "proof_ref": "doi-log-1", "proof_hash": null, "given_at": "2025-01-10T10:00:00Z", "last_used_at": null,
}

mailing(consents) := {
	"event": "mailing.send",
	"campaign": {"channel": "email", "content_type": "advertising", "purpose": "newsletter"},
	"person": {"type": "consumer", "consents": consents, "objections": []},
	"facts": {},
	"context": {"now": now},
}

event(name, facts) := {"event": name, "record": {}, "person": {"type": "consumer", "consents": [], "objections": []}, "facts": facts, "context": {"now": now}}
