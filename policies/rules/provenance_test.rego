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
