# The single entrypoint sphere/decision: gathers the findings of every rule
# module under data.sphere.rules and reports the strongest one as outcome.
package sphere

import rego.v1

violations := [f | some f in data.sphere.rules[_].deny]

warnings := [f | some f in data.sphere.rules[_].warn]

obligations := [o | some o in data.sphere.rules[_].obligation]

approval_reasons := [r | some r in data.sphere.rules[_].approval]

# The entrypoint sphere/person_obligations: what is open about the person from what is stored about them, whatever the
# action (the privacy view and SuiteCRM's summary fields evaluate it).
person_obligations := [o | some o in data.sphere.rules[_].person_obligation]

# The ids of the consents the action relies on; the connector records their use once an allowed action is logged.
consents_used := sort({id | some id in data.sphere.rules[_].consent_used})

outcome := "deny" if count(violations) > 0

outcome := "approval" if {
	count(violations) == 0
	count(approval_reasons) > 0
}

outcome := "warn" if {
	count(violations) == 0
	count(approval_reasons) == 0
	count(warnings) > 0
}

default outcome := "allow"

approval := {"role": "dpo", "reason": approval_reasons[0]} if {
	outcome == "approval"
}

default approval := null

decision := {
	"outcome": outcome,
	"violations": violations,
	"warnings": warnings,
	"obligations": obligations,
	"approval": approval,
	"consents_used": consents_used,
}
