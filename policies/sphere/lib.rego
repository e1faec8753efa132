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

# One calendar month later, on the month's last day when it is shorter (Jan 31 → Feb 28).
one_month_after(t) := later if {
	[y, m, d] := time.date(t)
	next_month := time.add_date(time.parse_rfc3339_ns(sprintf("%d-%02d-01T00:00:00Z", [y, m])), 0, 1, 0)
	[ny, nm, _] := time.date(next_month)
	last_day := time.date(time.add_date(time.add_date(next_month, 0, 1, 0), 0, 0, -1))[2]
	later := time.parse_rfc3339_ns(sprintf("%d-%02d-%02dT00:00:00Z", [ny, nm, min([d, last_day])])) + (t % 86400000000000)
}

# "2025-06-02" for a time in nanoseconds.
date_text(t) := sprintf("%d-%02d-%02d", time.date(t))

# Whole months between a date and now.
months_since(d) := (diff[0] * 12) + diff[1] if {
	diff := time.diff(ns(d), now_ns)
}

# Whole years between a date and now (ages).
years_since(d) := time.diff(ns(d), now_ns)[0]

# The person is a consumer unless the CRM says it is a business.
consumer if object.get(input.person, "type", "consumer") != "business"

advertising_campaign if input.campaign.content_type == "advertising"

# Electronic mail under UWG §7(2) Nr. 2 is e-mail and SMS (ePrivacy Directive Art. 2(h), Recital 40).
advertising_email if {
	input.event in {"mailing.send", "mailing.plan"}
	advertising_campaign
	input.campaign.channel in {"email", "sms"}
}

# An advertising call: a single call, or a campaign run over the phone.
advertising_call if {
	input.event == "phone.call"
	input.facts.call.purpose == "advertising"
}

advertising_call if {
	input.event in {"mailing.send", "mailing.plan"}
	advertising_campaign
	input.campaign.channel == "phone"
}

# Direct marketing in the sense of GDPR Art. 21(2)-(3), on any channel.
direct_marketing if {
	input.event in {"mailing.send", "mailing.plan"}
	advertising_campaign
}

direct_marketing if advertising_call

# The address a campaign e-mail goes to: SuiteCRM sends to the primary address (email1).
email_addresses := object.get(input.person, "email_addresses", [])

primary_addresses := [a | some a in email_addresses; object.get(a, "primary", false) == true]

mailed_address := primary_addresses[0]

mailed_address := email_addresses[0] if {
	count(primary_addresses) == 0
	count(email_addresses) > 0
}

# The person unsubscribed the address (SuiteCRM's opt-out link sets opt_out): a withdrawal and an objection.
mailed_address_opted_out if {
	input.campaign.channel == "email"
	mailed_address.opt_out == true
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

# Given by an active act, not withdrawn, not expired, and provable (GDPR Art. 4(11), 7(1)).
valid_consent(c) if {
	c.status == "given"
	c.active_act == true
	demonstrable(c)
	not expired(c)
	not double_opt_in_missing(c)
	not consent_withdrawn_in_crm
}

# SuiteCRM's own GDPR field: a lawful basis "withdrawn" records that the person withdrew their consent.
consent_withdrawn_in_crm if "withdrawn" in object.get(input.person, "lawful_basis", [])

expired(c) if ns(c.expires_at) <= now_ns

# A consent used for e-mail: given for e-mail, or for any channel when the campaign mails.
email_consent(c) if c.channel == "email"

email_consent(c) if {
	c.channel == "any"
	input.campaign.channel == "email"
}

double_opt_in_missing(c) if {
	email_consent(c)
	data.guidelines.email_requires_double_opt_in
	c.method != "double_opt_in"
	not address_confirmed
}

# SuiteCRM's confirmed opt-in: the owner of the mailed address clicked the confirmation link, which is what a
# double opt-in proves.
address_confirmed if mailed_address.confirm_opt_in == "confirmed-opt-in"

has_valid_campaign_consent if {
	some c in campaign_consents
	valid_consent(c)
}

objected if count(object.get(input.person, "objections", [])) > 0

# The facts for the §7(3) UWG existing-customer exception: as the caller reports them, or — for an e-mail campaign
# whose email1 has a provenance from a sale (data.guidelines.sale_sources) — from that provenance and the campaign's
# declarations. The sale counts for the mailed address only when the provenance was recorded for that very address
# (describes_current_value): an address changed since, or recorded without its value, was not shown to come from the
# sale. An SMS goes to a number whose provenance this does not look at: it needs reported facts.
existing_customer := input.facts.existing_customer if object.get(input.facts, "existing_customer", null) != null

existing_customer := {
	"address_obtained_in_sale": object.get(source, "describes_current_value", null) == true,
	"own_similar_products": own_similar_products_declared,
	"objection_notice_at_collection": objection_notice_at_collection(source),
	"objection_notice_each_mail": object.get(input.campaign, "objection_notice_each_mail", false) == true,
} if {
	object.get(input.facts, "existing_customer", null) == null
	input.campaign.channel == "email"
	source := input.person.provenance.email1
	source.source_type in object.get(data.guidelines, "sale_sources", [])
}

# §7(3) Nr. 2 covers the sender's own goods and services only: a partner's campaign never qualifies.
own_similar_products_declared if {
	object.get(input.campaign, "own_similar_products", false) == true
	object.get(input.campaign, "sender", "own") != "partner"
}

default own_similar_products_declared := false

# §7(3) Nr. 4: the notice of the right to object was given when the address was collected — recorded within a day of
# it either way, so the moment a sale is recorded at does not decide, and a notice from another occasion does not count.
objection_notice_at_collection(source) if {
	gap := ns(source.objection_notice_at) - ns(source.collected_at)
	gap <= (24 * 3600) * 1000000000
	gap >= (-24 * 3600) * 1000000000
}

default objection_notice_at_collection(_) := false

# The §7(3) UWG existing-customer exception: all four conditions, and no objection.
existing_customer_exception if {
	e := existing_customer
	e.address_obtained_in_sale == true
	e.own_similar_products == true
	e.objection_notice_at_collection == true
	e.objection_notice_each_mail == true
	not objected
	not mailed_address_opted_out
}

finding(rule, de, en, legal_basis, hint_de, hint_en, fields) := {
	"rule": rule,
	"message": {"de": de, "en": en},
	"legal_basis": legal_basis,
	"hint": {"de": hint_de, "en": hint_en},
	"fields": fields,
}
