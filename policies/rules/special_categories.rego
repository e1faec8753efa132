# Special categories of personal data (GDPR Art. 9): health, religion, political opinion, sexual
# orientation and the like may only be processed under an Art. 9(2) exception — for marketing,
# in practice only with explicit consent.
package sphere.rules.special_categories

import data.sphere.lib
import rego.v1

explicit_consent(category) if {
	some c in object.get(input.person, "consents", [])
	c.purpose == sprintf("special_category_%s", [category])
	lib.valid_consent(c)
}

# The categories the plugin or user declared: one name or a list.
categories contains category if {
	category := input.facts.special_category
	is_string(category)
}

categories contains category if {
	is_array(input.facts.special_category)
	some category in input.facts.special_category
	is_string(category)
}

deny contains lib.finding(
	"special_category.no_exception",
	sprintf("Die Angabe gehört zu einer besonderen Kategorie personenbezogener Daten (%s) und darf ohne ausdrückliche Einwilligung nicht gespeichert werden; „offensichtlich öffentlich gemacht“ ist nicht belegt.", [category]),
	sprintf("The value is a special category of personal data (%s) and must not be stored without explicit consent; 'manifestly made public' is not established.", [category]),
	["GDPR Art. 9(1)", "GDPR Art. 9(2)(a)", "GDPR Art. 9(2)(e)", "CJEU C-252/21"],
	"Entfernen Sie die Angabe; nutzen Sie keine Gesundheits- oder ähnliche Daten für Werbung.",
	"Remove the value; do not use health or similar data for advertising.",
	object.get(input.facts, "fields_changed", []),
) if {
	input.event in {"record.save", "record.import", "record.enrich"}
	some category in categories
	not explicit_consent(category)
}

deny contains lib.finding(
	"special_category.inference_risk",
	"Die Profilbildung kann besondere Kategorien (z. B. Gesundheit, Religion) ableiten.",
	"The profiling may infer special categories (e.g. health, religion).",
	["GDPR Art. 9(1)", "GDPR Art. 22"],
	"Verzichten Sie auf automatisierte Interessenprofile aus sozialen Netzwerken.",
	"Do not build automated interest profiles from social networks.",
	[],
) if {
	input.event == "record.enrich"
	input.facts.may_infer_special_categories == true
}
