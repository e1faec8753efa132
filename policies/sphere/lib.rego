# Shared helpers for the rule modules: time arithmetic, consent matching, the finding shape.
package sphere.lib

import rego.v1

# "now" of the decision (fixed per decision by the connector).
now_ns := time.parse_rfc3339_ns(input.context.now)

# A date ("2025-06-02") or timestamp as nanoseconds; undefined for anything else.
ns(d) := time.parse_rfc3339_ns(d) if {
	is_string(d)
	count(d) > 10
}

ns(d) := time.parse_rfc3339_ns(concat("", [d, "T00:00:00Z"])) if {
	is_string(d)
	count(d) == 10
}

# Whole months between a date and now.
months_since(d) := (diff[0] * 12) + diff[1] if {
	diff := time.diff(ns(d), now_ns)
}

# Whole years between a date and now (ages).
years_since(d) := time.diff(ns(d), now_ns)[0]

# The person is a consumer unless the CRM says it is a business.
consumer if object.get(input.person, "type", "consumer") != "business"

advertising_campaign if input.campaign.content_type == "advertising"

advertising_email if {
	input.event in {"mailing.send", "mailing.plan"}
	advertising_campaign
	input.campaign.channel == "email"
}

# Consent purposes that cover a campaign purpose (data.guidelines.consent_purposes_covering).
covering_purposes(purpose) := {purpose} | {p | some p in object.get(data.guidelines.consent_purposes_covering, purpose, [])}

# The person's consents for this campaign's purpose and channel.
campaign_consents contains c if {
	some c in object.get(input.person, "consents", [])
	c.purpose in covering_purposes(input.campaign.purpose)
	c.channel in {input.campaign.channel, "any"}
}

demonstrable(c) if c.proof_ref != null

demonstrable(c) if c.proof_hash != null

# Given by an active act, not withdrawn, and provable (GDPR Art. 4(11), 7(1)).
valid_consent(c) if {
	c.status == "given"
	c.active_act == true
	demonstrable(c)
	not double_opt_in_missing(c)
}

double_opt_in_missing(c) if {
	c.channel == "email"
	data.guidelines.email_requires_double_opt_in
	c.method != "double_opt_in"
}

has_valid_campaign_consent if {
	some c in campaign_consents
	valid_consent(c)
}

objected if count(object.get(input.person, "objections", [])) > 0

# The §7(3) UWG existing-customer exception: all four conditions, and no objection.
existing_customer_exception if {
	e := input.facts.existing_customer
	e.address_obtained_in_sale == true
	e.own_similar_products == true
	e.objection_notice_at_collection == true
	e.objection_notice_each_mail == true
	not objected
}

finding(rule, de, en, legal_basis, hint_de, hint_en, fields) := {
	"rule": rule,
	"message": {"de": de, "en": en},
	"legal_basis": legal_basis,
	"hint": {"de": hint_de, "en": hint_en},
	"fields": fields,
}
