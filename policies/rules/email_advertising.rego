# Advertising by electronic mail — e-mail and SMS (UWG §7(2) Nr. 2, §7(3)): only with valid consent, or
# for an existing customer when all four conditions of §7(3) hold. Greetings with vouchers are advertising
# too. An address the person unsubscribed gets no advertising at all.
package sphere.rules.email_advertising

import data.sphere.lib
import rego.v1

medium := {"email": {"de": "E-Mail", "en": "e-mail"}, "sms": {"de": "SMS", "en": "text message (SMS)"}}[input.campaign.channel]

deny contains lib.finding(
	"email.no_consent",
	sprintf("Für Werbung per %s liegt keine gültige Einwilligung vor, und die Ausnahme für Bestandskunden (§ 7 Abs. 3 UWG) greift nicht.", [medium.de]),
	sprintf("There is no valid consent for advertising by %s, and the existing-customer exception (UWG §7(3)) does not apply.", [medium.en]),
	["UWG §7(2) Nr. 2", "UWG §7(3)", "GDPR Art. 6(1)"],
	"Holen Sie eine Einwilligung ein (Double-Opt-in) oder senden Sie nur nicht werbliche Nachrichten.",
	"Obtain consent (double opt-in) or send only non-promotional messages.",
	["person.consents"],
) if {
	lib.advertising_email
	not lib.has_valid_campaign_consent
	not lib.existing_customer_exception
}

# The consents that carry the mailing: each use keeps them from counting as unused (consent.unused_long).
consent_used contains c.id if {
	lib.advertising_email
	some c in lib.campaign_consents
	lib.valid_consent(c)
}

# Which §7(3) condition fails, when the CRM reports the customer relationship.
deny contains lib.finding(
	sprintf("existing_customer.%s", [condition]),
	sprintf("Ausnahme für Bestandskunden nicht anwendbar: %s.", [texts[condition].de]),
	sprintf("Existing-customer exception does not apply: %s.", [texts[condition].en]),
	[texts[condition].basis],
	texts[condition].hint_de,
	texts[condition].hint_en,
	["facts.existing_customer"],
) if {
	lib.advertising_email
	not lib.has_valid_campaign_consent
	e := lib.existing_customer
	some condition, field in conditions
	object.get(e, field, false) != true
}

deny contains lib.finding(
	"existing_customer.objected",
	"Ausnahme für Bestandskunden nicht anwendbar: die Person hat widersprochen.",
	"Existing-customer exception does not apply: the person has objected.",
	["UWG §7(3) Nr. 3"],
	"Senden Sie keine Werbung mehr.",
	"Do not send advertising any more.",
	["person.objections"],
) if {
	lib.advertising_email
	lib.existing_customer
	lib.objected
}

deny contains lib.finding(
	"email.opted_out",
	"Die Person hat diese E-Mail-Adresse von Werbung abgemeldet (Opt-out in SuiteCRM); das gilt als Widerruf der Einwilligung und Widerspruch gegen Werbung.",
	"The person unsubscribed this e-mail address from advertising (opt-out in SuiteCRM); that withdraws any consent and objects to advertising.",
	["GDPR Art. 7(3)", "GDPR Art. 21(3)", "UWG §7(2) Nr. 2", "UWG §7(3) Nr. 3"],
	"Senden Sie keine Werbung an diese Adresse. Heben Sie das Opt-out nur auf, wenn die Person erneut nachweisbar einwilligt.",
	"Do not send advertising to this address. Lift the opt-out only when the person consents again, with proof.",
	["person.email_addresses"],
) if {
	lib.advertising_email
	lib.mailed_address_opted_out
}

conditions := {
	"address_not_from_sale": "address_obtained_in_sale",
	"not_own_similar_products": "own_similar_products",
	"notice_at_collection_missing": "objection_notice_at_collection",
	"notice_in_each_mail_missing": "objection_notice_each_mail",
}

texts := {
	"address_not_from_sale": {
		"de": "die Adresse stammt nicht nachweislich aus einem Verkauf", "en": "the address is not shown to have been obtained in a sale", "basis": "UWG §7(3) Nr. 1",
		"hint_de": "Stammt die heutige Adresse aus einem Verkauf, erfassen Sie ihre Herkunft „Verkauf“ zusammen mit genau dieser Adresse (der Import tut das selbst); eine Herkunft, die für eine frühere Adresse erfasst wurde, zählt nicht. Sonst ist eine Einwilligung nötig.",
		"hint_en": "If the current address was obtained in a sale, record its provenance \"sale\" together with this very address (an import does so itself); a provenance recorded for an earlier address does not count. Otherwise consent is required.",
	},
	"not_own_similar_products": {
		"de": "beworben werden keine eigenen ähnlichen Waren oder Dienstleistungen", "en": "the mail does not advertise the company's own similar goods or services", "basis": "UWG §7(3) Nr. 2",
		"hint_de": "Bewirbt die Kampagne nur eigene Waren oder Dienstleistungen, die den gekauften ähnlich sind, kennzeichnen Sie sie so; sonst ist eine Einwilligung nötig.",
		"hint_en": "If the campaign advertises only the company's own goods or services similar to those bought, mark it so; otherwise consent is required.",
	},
	"notice_at_collection_missing": {
		"de": "bei der Erhebung der Adresse fehlte der Hinweis auf das Widerspruchsrecht", "en": "the right to object was not pointed out when the address was collected", "basis": "UWG §7(3) Nr. 4",
		"hint_de": "Wurde die Person bei der Erhebung auf ihr Widerspruchsrecht hingewiesen, erfassen Sie das in der Herkunft der Adresse (objection_notice_at); sonst ist eine Einwilligung nötig.",
		"hint_en": "If the person was told of the right to object when the address was collected, record it in the address's provenance (objection_notice_at); otherwise consent is required.",
	},
	"notice_in_each_mail_missing": {
		"de": "nicht jede E-Mail weist auf das Widerspruchsrecht hin", "en": "not every mail points out the right to object", "basis": "UWG §7(3) Nr. 4",
		"hint_de": "Nehmen Sie in jede E-Mail der Kampagne einen klaren Hinweis auf das jederzeitige Widerspruchsrecht auf und kennzeichnen Sie die Kampagne so.",
		"hint_en": "Put a clear notice of the right to object at any time into every e-mail of the campaign and mark the campaign so.",
	},
}
