# Advertising calls (UWG §7(2) Nr. 1, §7a): consumers only with prior express consent, documented
# and kept for five years.
package sphere.rules.phone

import data.sphere.lib
import rego.v1

advertising_call if {
	input.event == "phone.call"
	input.facts.call.purpose == "advertising"
}

phone_consents contains c if {
	some c in object.get(input.person, "consents", [])
	c.channel == "phone"
	lib.valid_consent(c)
}

deny contains lib.finding(
	"phone.no_express_consent",
	"Werbeanrufe bei Verbrauchern sind nur mit vorheriger ausdrücklicher Einwilligung erlaubt; diese fehlt.",
	"Advertising calls to consumers need prior express consent, which is missing.",
	["UWG §7(2) Nr. 1", "UWG §7a", "GDPR Art. 6(1)"],
	"Rufen Sie nicht zu Werbezwecken an; holen Sie zuerst eine dokumentierte Einwilligung ein.",
	"Do not call for advertising; obtain a documented consent first.",
	["person.consents"],
) if {
	advertising_call
	lib.consumer
	count(phone_consents) == 0
}

obligation contains {
	"id": "phone.keep_consent_proof",
	"message": {
		"de": "Bewahren Sie den Nachweis der Einwilligung fünf Jahre ab Erteilung und ab jeder Verwendung auf (§ 7a Abs. 2 UWG).",
		"en": "Keep the consent proof for five years after it was given and after each use (UWG §7a(2)).",
	},
	"legal_basis": ["UWG §7a(2)"],
	"due": null,
	"fields": ["person.consents"],
} if {
	advertising_call
	count(phone_consents) > 0
}
