# Consent validity for advertising mail (GDPR Art. 6(1)(a), 7; UWG §7(2) Nr. 2).
# A consent counts only if it matches the campaign's purpose and channel.
package sphere.rules.consent

import rego.v1

advertising_mail if {
	input.event in {"mailing.send", "mailing.plan"}
	input.campaign.content_type == "advertising"
	input.campaign.channel == "email"
}

matching_consents contains c if {
	some c in object.get(input.person, "consents", [])
	c.purpose == input.campaign.purpose
	c.channel in {input.campaign.channel, "any"}
}

deny contains finding if {
	advertising_mail
	some c in matching_consents
	c.status == "given"
	c.active_act == false
	finding := {
		"rule": "consent.preticked_box",
		"message": {
			"de": "Die Einwilligung wurde ohne aktive Handlung erteilt (z. B. vorangekreuztes Kästchen) und ist unwirksam.",
			"en": "The consent was given without an active act (e.g. a pre-ticked box) and is invalid.",
		},
		"legal_basis": ["GDPR Art. 4(11)", "GDPR Art. 7(1)", "CJEU C-673/17 (Planet49)"],
		"hint": {
			"de": "Holen Sie eine neue Einwilligung mit einem nicht vorausgewählten Kästchen ein.",
			"en": "Obtain a new consent with a box the person ticks themselves.",
		},
		"fields": ["person.consents"],
	}
}

deny contains finding if {
	advertising_mail
	some c in matching_consents
	c.status == "withdrawn"
	finding := {
		"rule": "consent.withdrawn",
		"message": {
			"de": "Die Person hat ihre Einwilligung für diesen Zweck und Kanal widerrufen.",
			"en": "The person has withdrawn their consent for this purpose and channel.",
		},
		"legal_basis": ["GDPR Art. 7(3)", "UWG §7(2) Nr. 2"],
		"hint": {
			"de": "Senden Sie keine Werbung mehr an diese Person über diesen Kanal.",
			"en": "Do not send advertising to this person over this channel any more.",
		},
		"fields": ["person.consents"],
	}
}
