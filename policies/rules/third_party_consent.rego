# Consents collected by others (purchased lists, co-sponsoring): a consent for many sponsors in one
# checkbox is not specific (BGH I ZR 7/16: 57 sponsors; OLG Frankfurt 6 U 93/15: 50 sponsors).
package sphere.rules.third_party_consent

import data.sphere.lib
import rego.v1

sponsors := input.facts.consent_scope.sponsors_in_one_checkbox if input.event == "record.import"

deny contains lib.finding(
	"third_party_consent.not_specific",
	sprintf("Die Einwilligung nennt %d Sponsoren in einem Kästchen und ist nicht mehr „für den bestimmten Fall“ erteilt.", [sponsors]),
	sprintf("The consent names %d sponsors in one checkbox and is no longer given 'for the specific case'.", [sponsors]),
	["GDPR Art. 4(11)", "GDPR Art. 7(1)", "UWG §7(2) Nr. 2", "BGH I ZR 7/16"],
	"Importieren Sie die Liste nicht für Werbung.",
	"Do not import the list for advertising.",
	["consents"],
) if sponsors >= data.guidelines.third_party_consent_max_sponsors

approval contains {
	"de": sprintf("Gekaufte Liste mit Einwilligung für %d Sponsoren: der DPO prüft Einwilligungstext und Nachweise des Händlers vor dem Import.", [sponsors]),
	"en": sprintf("Purchased list with consent for %d sponsors: the DPO reviews the vendor's consent text and proof before the import.", [sponsors]),
} if {
	sponsors >= data.guidelines.third_party_consent_review_sponsors
	sponsors < data.guidelines.third_party_consent_max_sponsors
}
