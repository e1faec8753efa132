# Advertising calls (UWG §7(2) Nr. 1, §7a): consumers only with prior express consent for the
# advertised products, documented and kept for five years; businesses at least with presumed consent.
# Nobody who asked not to be called (SuiteCRM's "Do not call") is called for advertising.
package sphere.rules.phone

import data.sphere.lib
import rego.v1

# What the call advertises: the call's product scope, or the phone campaign's purpose.
call_subject := input.facts.call.product_scope if input.event == "phone.call"

call_subject := input.campaign.purpose if input.event != "phone.call"

# A consent must name the advertised products (consent_purposes_covering); a call that names none
# is covered by any phone consent.
covers_subject(c) if c.purpose in lib.covering_purposes(call_subject)

covers_subject(_) if not call_subject

phone_consents contains c if {
	some c in object.get(input.person, "consents", [])
	c.channel in {"phone", "any"}
	lib.valid_consent(c)
	covers_subject(c)
}

deny contains lib.finding(
	"phone.no_express_consent",
	"Werbeanrufe bei Verbrauchern sind nur mit vorheriger ausdrücklicher Einwilligung für die beworbenen Produkte erlaubt; diese fehlt.",
	"Advertising calls to consumers need prior express consent for the advertised products, which is missing.",
	["UWG §7(2) Nr. 1", "UWG §7a", "GDPR Art. 6(1)"],
	"Rufen Sie nicht zu Werbezwecken an; holen Sie zuerst eine dokumentierte Einwilligung für genau diese Produkte ein.",
	"Do not call for advertising; first obtain a documented consent for exactly these products.",
	["person.consents"],
) if {
	lib.advertising_call
	lib.consumer
	count(phone_consents) == 0
}

deny contains lib.finding(
	"phone.do_not_call",
	"Die Person hat gebeten, nicht angerufen zu werden („Nicht anrufen“ in SuiteCRM); ein Werbeanruf ist weder durch eine Einwilligung noch durch mutmaßliches Interesse gedeckt.",
	"The person asked not to be called ('Do not call' in SuiteCRM); an advertising call is covered neither by consent nor by presumed interest.",
	["UWG §7(2) Nr. 1", "GDPR Art. 21(3)"],
	"Rufen Sie nicht zu Werbezwecken an. Entfernen Sie „Nicht anrufen“ nur, wenn die Person erneut nachweisbar einwilligt.",
	"Do not call for advertising. Clear 'Do not call' only when the person consents again, with proof.",
	["person.do_not_call"],
) if {
	lib.advertising_call
	input.person.do_not_call == true
}

warn contains lib.finding(
	"phone.presumed_consent",
	"Werbeanrufe bei Unternehmen brauchen zumindest eine mutmaßliche Einwilligung: ein konkretes, aus der Geschäftsbeziehung erkennbares Interesse an genau diesem Angebot.",
	"Advertising calls to businesses need at least presumed consent: a specific interest in exactly this offer that the business relationship shows.",
	["UWG §7(2) Nr. 1"],
	"Halten Sie im Datensatz fest, woraus sich das Interesse ergibt; ohne solchen Anlass rufen Sie nicht an.",
	"Record in the record what shows the interest; without such a reason, do not call.",
	["facts.call"],
) if {
	lib.advertising_call
	not lib.consumer
	count(phone_consents) == 0
	object.get(object.get(input.facts, "call", {}), "presumed_consent_basis", null) == null
}

# The consents that carry the call (UWG §7a: each use is documented).
consent_used contains c.id if {
	lib.advertising_call
	some c in phone_consents
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
	lib.advertising_call
	count(phone_consents) > 0
}
