package sphere_test.disclosure

import data.sphere.rules.disclosure
import data.sphere_test.lib
import rego.v1

export(facts) := lib.event("record.export", facts)

test_sale_to_broker_denies if "disclosure.no_legal_basis" in lib.ids(disclosure.deny) with input as export({"recipient": {"type": "third_party_controller"}})

test_eu_processor_with_agreement_allows if {
	count(disclosure.deny) == 0 with input as export({"recipient": {"type": "processor", "role": "processor", "dpa_art28_signed": true, "location": "DE"}})
}

test_us_processor_without_mechanism_or_agreement_denies if {
	findings := lib.ids(disclosure.deny) with input as lib.event("record.enrich", {"vendor": {"role": "processor", "country": "US", "dpf_certified": false, "sccs": false, "dpa_art28": false}})
	"transfer.third_country_no_mechanism" in findings
	"processor.no_agreement" in findings
}

test_us_processor_with_dpf_allows if {
	count(disclosure.deny) == 0 with input as lib.event("record.enrich", {"vendor": {"role": "processor", "country": "US", "dpf_certified": true, "dpa_art28": true}})
}

test_small_groups_deny if {
	"aggregate.group_too_small" in lib.ids(disclosure.deny) with input as export({"output": {"type": "aggregate", "min_cell_size": 3}})
}

test_identifying_aggregate_denies if {
	"aggregate.identifying" in lib.ids(disclosure.deny) with input as export({"output": {"type": "aggregate", "min_cell_size": 57, "identifiers": true}})
}

test_borderline_groups_warn if {
	inp := export({"output": {"type": "aggregate", "min_cell_size": 12}})
	count(disclosure.deny) == 0 with input as inp
	"aggregate.small_group" in lib.ids(disclosure.warn) with input as inp
}

test_large_anonymous_groups_allow if {
	inp := export({"output": {"type": "aggregate", "min_cell_size": 57, "identifiers": false, "free_text": false}})
	count(disclosure.deny) + count(disclosure.warn) == 0 with input as inp
}

test_recipient_without_country_denies if {
	"transfer.country_unknown" in lib.ids(disclosure.deny) with input as export({"recipient": {"type": "processor", "role": "processor", "dpa_art28_signed": true}})
}
