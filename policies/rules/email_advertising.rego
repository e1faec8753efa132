# Advertising by e-mail (UWG §7(2) Nr. 2, §7(3)): only with valid consent, or for an existing
# customer when all four conditions of §7(3) hold. Greetings with vouchers are advertising too.
package sphere.rules.email_advertising

import data.sphere.lib
import rego.v1

deny contains lib.finding(
	"email.no_consent",
	"Für Werbung per E-Mail liegt keine gültige Einwilligung vor, und die Ausnahme für Bestandskunden (§ 7 Abs. 3 UWG) greift nicht.",
	"There is no valid consent for advertising by e-mail, and the existing-customer exception (UWG §7(3)) does not apply.",
	["UWG §7(2) Nr. 2", "UWG §7(3)", "GDPR Art. 6(1)"],
	"Holen Sie eine Einwilligung ein (Double-Opt-in) oder senden Sie nur nicht werbliche Nachrichten.",
	"Obtain consent (double opt-in) or send only non-promotional messages.",
	["person.consents"],
) if {
	lib.advertising_email
	not lib.has_valid_campaign_consent
	not lib.existing_customer_exception
}

# Which §7(3) condition fails, when the CRM reports the customer relationship.
deny contains lib.finding(
	sprintf("existing_customer.%s", [condition]),
	sprintf("Ausnahme für Bestandskunden nicht anwendbar: %s.", [texts[condition].de]),
	sprintf("Existing-customer exception does not apply: %s.", [texts[condition].en]),
	[texts[condition].basis],
	"Ohne diese Voraussetzung ist eine Einwilligung nötig.",
	"Without this condition, consent is required.",
	["facts.existing_customer"],
) if {
	lib.advertising_email
	not lib.has_valid_campaign_consent
	e := input.facts.existing_customer
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
	input.facts.existing_customer
	lib.objected
}

conditions := {
	"address_not_from_sale": "address_obtained_in_sale",
	"not_own_similar_products": "own_similar_products",
	"notice_at_collection_missing": "objection_notice_at_collection",
	"notice_in_each_mail_missing": "objection_notice_each_mail",
}

texts := {
	"address_not_from_sale": {"de": "die Adresse stammt nicht aus einem Verkauf", "en": "the address was not obtained in a sale", "basis": "UWG §7(3) Nr. 1"},
	"not_own_similar_products": {"de": "beworben werden keine eigenen ähnlichen Waren oder Dienstleistungen", "en": "the mail does not advertise the company's own similar goods or services", "basis": "UWG §7(3) Nr. 2"},
	"notice_at_collection_missing": {"de": "bei der Erhebung der Adresse fehlte der Hinweis auf das Widerspruchsrecht", "en": "the right to object was not pointed out when the address was collected", "basis": "UWG §7(3) Nr. 4"},
	"notice_in_each_mail_missing": {"de": "nicht jede E-Mail weist auf das Widerspruchsrecht hin", "en": "not every mail points out the right to object", "basis": "UWG §7(3) Nr. 4"},
}
