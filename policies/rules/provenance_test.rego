package sphere_test.provenance

import data.sphere.rules.provenance
import data.sphere_test.lib
import rego.v1

enrich(facts) := lib.event("record.enrich", facts)

targeted := {"method": "manual_targeted_lookup", "fields": ["birthdate"], "provenance": {"source_type": "social_network_public_profile", "informed_at": null}}

test_missing_source_denies if "provenance.missing" in lib.ids(provenance.deny) with input as enrich({"provenance": {"source_type": null}})

test_targeted_lookup_allowed_with_art14_notice if {
	count(provenance.deny) == 0 with input as enrich(targeted)
	some o in provenance.obligation with input as enrich(targeted)
	o.id == "provenance.art14_notice"
	o.due == "2025-07-02"
}

test_informed_person_needs_no_notice if {
	count(provenance.obligation) == 0 with input as enrich({"provenance": {"source_type": "social_network_public_profile", "informed_at": "2025-05-30"}})
}

test_bulk_scraping_denies if {
	"provenance.bulk_scraping" in lib.ids(provenance.deny) with input as enrich(object.union(targeted, {"method": "automated_bulk_scraping"}))
}

test_incompatible_purpose_denies if {
	"purpose.incompatible" in lib.ids(provenance.deny) with input as lib.event("record.import", {"provenance": {"source_type": "facebook_app_login", "purpose_at_collection": "run_quiz"}})
}

test_purpose_announced_for_crm_allows if {
	count(provenance.deny) == 0 with input as lib.event("record.import", {"provenance": {"source_type": "trade_fair_card", "purpose_at_collection": "run_quiz", "notice_mentions_crm_marketing": true}})
}

test_employee_network_needs_approval if {
	inp := lib.event("record.import", {"provenance": {"source_type": "employee_personal_social_network_export", "purpose_at_collection": "crm"}})
	count(provenance.approval) == 1 with input as inp
	"provenance.employee_network" in lib.ids(provenance.warn) with input as inp
}

test_company_source_needs_no_approval if {
	count(provenance.approval) == 0 with input as lib.event("record.import", {"provenance": {"source_type": "trade_fair_card", "purpose_at_collection": "crm"}})
}

# Collected on 31 January: 30 days would end on 2 March, one month ends on 28 February (Art. 14(3)(a)).
test_notice_due_at_the_latest_one_month_after_collection if {
	inp := object.union(enrich({"provenance": {"source_type": "purchased_list", "collected_at": "2025-01-31"}}), {"context": {"now": "2025-02-05T09:00:00Z"}})
	some o in provenance.obligation with input as inp
	o.due == "2025-02-28"
}

test_notice_due_counts_from_collection if {
	some o in provenance.obligation with input as enrich({"provenance": {"source_type": "purchased_list", "collected_at": "2025-05-20T10:00:00Z"}})
	o.due == "2025-06-19"
}

test_data_given_by_the_person_needs_no_art14_notice if {
	count(provenance.obligation) == 0 with input as lib.event("record.import", {"provenance": {"source_type": "trade_fair_card"}})
}

uninformed_person := {"type": "consumer", "consents": [], "objections": [], "provenance": {
	"birthdate": {"source_type": "social_network_public_profile", "informed_at": null},
	"email1": {"source_type": "web_form", "informed_at": null},
	"phone_work": {"source_type": "purchased_list", "informed_at": "2025-05-01T00:00:00Z"},
}}

test_first_mail_to_an_uninformed_person_warns if {
	inp := object.union(lib.mailing([lib.valid_consent]), {"person": uninformed_person})
	some f in provenance.warn with input as inp
	f.rule == "provenance.art14_first_contact"
	contains(f.message.en, "(birthdate)")
	"GDPR Art. 14(3)(b)" in f.legal_basis
}

test_first_disclosure_of_uninformed_person_warns if {
	inp := object.union(lib.event("record.export", {}), {"person": uninformed_person})
	some f in provenance.warn with input as inp
	"GDPR Art. 14(3)(c)" in f.legal_basis
}

test_informed_person_gets_no_first_contact_warning if {
	count(provenance.warn) == 0 with input as lib.mailing([lib.valid_consent])
}

# What is stored about a person, whatever the action: the open Art. 14 notice of the privacy view.
stored(fields) := {"person": {"provenance": fields}, "context": {"now": lib.now}}

bought(collected_at) := {"source_type": "purchased_list", "collected_at": collected_at, "informed_at": null}

notice(fields) := o if {
	some o in provenance.person_obligation with input as stored(fields)
}

test_stored_notice_due_after_the_guideline_days_at_most_one_calendar_month if {
	notice({"email1": bought("2026-03-01T00:00:00Z")}).due == "2026-03-31"
	notice({"email1": bought("2026-01-31T10:00:00Z")}).due == "2026-02-28"
	notice({"email1": bought("2028-01-31T10:00:00Z")}).due == "2028-02-29"
	notice({"email1": bought("2026-07-01T00:00:00Z")}).due == "2026-07-31"
	notice({"email1": bought("2026-12-15T00:00:00Z")}).due == "2027-01-15" with data.guidelines.art14_notice_days as 60
	notice({"email1": bought("2026-03-01T00:00:00Z")}).due == "2026-03-11" with data.guidelines.art14_notice_days as 10
}

test_stored_notice_names_the_open_fields_and_is_due_at_the_earliest if {
	o := notice({
		"phone_work": bought("2026-04-10T00:00:00Z"),
		"email1": object.union(bought("2026-03-01T00:00:00Z"), {"informed_at": "2026-03-05T00:00:00Z"}),
		"last_name": bought("2026-04-01T00:00:00Z"),
		"first_name": {"source_type": "web_form", "collected_at": "2026-01-01T00:00:00Z", "informed_at": null},
	})
	o.fields == ["last_name", "phone_work"]
	o.due == "2026-05-01"
	contains(o.message.de, "2026-05-01")
	contains(o.message.en, "last_name, phone_work")
}

test_no_stored_notice_for_direct_sources_or_informed_people if {
	count(provenance.person_obligation) == 0 with input as stored({"email1": object.union(bought("2026-03-01T00:00:00Z"), {"source_type": "trade_fair_card"})})
	count(provenance.person_obligation) == 0 with input as stored({"email1": object.union(bought("2026-03-01T00:00:00Z"), {"informed_at": "2026-03-02T00:00:00Z"})})
	count(provenance.person_obligation) == 0 with input as stored({})
	notice({"email1": object.union(bought("2026-03-01T00:00:00Z"), {"source_type": "trade_fair_card"})}).fields == ["email1"] with data.guidelines.direct_sources as ["data_subject"]
}

test_stored_notice_without_collection_time_counts_from_now if {
	notice({"email1": {"source_type": "purchased_list", "informed_at": null}}).due == "2025-07-02"
}
