# Tests live outside data.sphere.rules so the decision does not iterate them.
package sphere_test.consent

import data.sphere.rules.consent
import data.sphere_test.lib
import rego.v1

with_consent(changes) := lib.mailing([object.union(lib.valid_consent, changes)])

test_valid_consent_reports_nothing if {
	count(consent.deny) == 0 with input as with_consent({})
	count(consent.warn) == 0 with input as with_consent({})
}

test_preticked_box_denies if "consent.preticked_box" in lib.ids(consent.deny) with input as with_consent({"active_act": false})

test_withdrawn_denies if "consent.withdrawn" in lib.ids(consent.deny) with input as with_consent({"status": "withdrawn"})

test_withdrawn_other_purpose_not_reported if {
	count(consent.deny) == 0 with input as lib.mailing([
		lib.valid_consent,
		object.union(lib.valid_consent, {"purpose": "surveys", "status": "withdrawn"}),
	])
}

test_unprovable_consent_denies if "consent.not_demonstrable" in lib.ids(consent.deny) with input as with_consent({"proof_ref": null})

test_single_opt_in_email_denies if "consent.double_opt_in_missing" in lib.ids(consent.deny) with input as with_consent({"method": "web_form"})

test_double_opt_in_not_needed_for_phone if {
	not "consent.double_opt_in_missing" in lib.ids(consent.deny) with input as object.union(with_consent({"method": "web_form", "channel": "phone"}), {"campaign": {"channel": "phone", "content_type": "advertising", "purpose": "newsletter"}})
}

test_unused_old_consent_warns if {
	some f in consent.warn with input as with_consent({"given_at": "2023-12-01T10:00:00Z"})
	f.rule == "consent.unused_long"
	f.message.en == "The consent was given 18 months ago and never used; some courts treat consents unused this long as lapsed."
}

test_consent_idle_since_its_last_use_warns if {
	some f in consent.warn with input as with_consent({"given_at": "2021-03-01T10:00:00Z", "last_used_at": "2024-01-15T10:00:00Z"})
	f.rule == "consent.unused_long"
	f.message.de == "Die Einwilligung wurde zuletzt vor 16 Monaten genutzt; Gerichte sehen so lange ungenutzte Einwilligungen teils als erloschen an."
}

test_used_old_consent_does_not_warn if count(consent.warn) == 0 with input as with_consent({"given_at": "2023-12-01T10:00:00Z", "last_used_at": "2025-05-01T10:00:00Z"})

test_saving_preticked_consent_denies if {
	"consent.not_active_act" in lib.ids(consent.deny) with input as lib.event("record.save", {"consent_being_saved": {"active_act": false, "preticked": true}})
}

test_saving_active_consent_allows if {
	count(consent.deny) == 0 with input as lib.event("record.save", {"consent_being_saved": {"active_act": true}})
}

test_expired_consent_denies if {
	findings := lib.ids(consent.deny) with input as with_consent({"expires_at": "2025-05-31T00:00:00Z"})
	"consent.expired" in findings
}

test_consent_expiring_later_is_valid if count(consent.deny) == 0 with input as with_consent({"expires_at": "2026-01-01T00:00:00Z"})

# A new, proper consent replaces an older flawed one for the same purpose and channel.
test_old_flawed_consents_do_not_block_a_new_valid_one if {
	old := [
		object.union(lib.valid_consent, {"id": "old1", "active_act": false}),
		object.union(lib.valid_consent, {"id": "old2", "method": "single_opt_in"}),
		object.union(lib.valid_consent, {"id": "old3", "proof_ref": null}),
	]
	count(consent.deny) == 0 with input as lib.mailing(array.concat(old, [lib.valid_consent]))
	count(consent.deny) == 3 with input as lib.mailing(old)
}

test_any_channel_consent_needs_double_opt_in_for_email if {
	"consent.double_opt_in_missing" in lib.ids(consent.deny) with input as with_consent({"channel": "any", "method": "single_opt_in"})
}

# SuiteCRM's confirmed opt-in on the mailed address proves what a double opt-in proves.
test_confirmed_address_counts_as_double_opt_in if {
	inp := object.union(with_consent({"method": "single_opt_in"}), {"person": {"email_addresses": [{"address": "a@example.org", "primary": true, "confirm_opt_in": "confirmed-opt-in"}]}})
	count(consent.deny) == 0 with input as inp
}

test_lawful_basis_withdrawn_in_suitecrm_denies if {
	inp := object.union(with_consent({}), {"person": {"lawful_basis": ["withdrawn"]}})
	"consent.withdrawn_in_crm" in lib.ids(consent.deny) with input as inp
	count(consent.deny) == 0 with input as object.union(with_consent({}), {"person": {"lawful_basis": ["consent"]}})
}
