# Consent validity (GDPR Art. 4(11), 7; UWG §7(2) Nr. 2): an active act, specific to purpose and
# channel, provable, not withdrawn or expired, double opt-in for e-mail, and not left unused for too long.
# A flaw of an older consent is reported only while the person has no valid consent for the campaign:
# a new, proper consent replaces it.
package sphere.rules.consent

import data.sphere.lib
import rego.v1

deny contains lib.finding(
	"consent.preticked_box",
	"Die Einwilligung wurde ohne aktive Handlung erteilt (z. B. vorangekreuztes Kästchen) und ist unwirksam.",
	"The consent was given without an active act (e.g. a pre-ticked box) and is invalid.",
	["GDPR Art. 4(11)", "GDPR Art. 7(1)", "CJEU C-673/17 (Planet49)"],
	"Holen Sie eine neue Einwilligung mit einem nicht vorausgewählten Kästchen ein.",
	"Obtain a new consent with a box the person ticks themselves.",
	["person.consents"],
) if {
	lib.advertising_campaign
	not lib.has_valid_campaign_consent
	some c in lib.campaign_consents
	c.status == "given"
	c.active_act == false
}

# Saving a consent captured without an active act (e.g. a form that delivered the box ticked).
deny contains lib.finding(
	"consent.not_active_act",
	"Diese Einwilligung wurde nicht durch eine aktive Handlung erteilt (vorangekreuzt) und darf nicht als gültig gespeichert werden.",
	"This consent was not given by an active act (pre-ticked) and must not be stored as valid.",
	["GDPR Art. 4(11)", "GDPR Art. 7", "GDPR Recital 32", "CJEU C-673/17 (Planet49)"],
	"Speichern Sie den Datensatz mit Einwilligungsstatus „nicht erteilt“ und korrigieren Sie das Formular.",
	"Save the record with consent status 'not given' and fix the form.",
	["consent"],
) if {
	c := input.facts.consent_being_saved
	not_active(c)
}

not_active(c) if c.active_act == false

not_active(c) if c.preticked == true

not_active(c) if c.prechecked == true

deny contains lib.finding(
	"consent.withdrawn",
	"Die Person hat ihre Einwilligung für diesen Zweck und Kanal widerrufen.",
	"The person has withdrawn their consent for this purpose and channel.",
	["GDPR Art. 7(3)", "UWG §7(2) Nr. 2"],
	"Senden Sie keine Werbung mehr an diese Person über diesen Kanal.",
	"Do not send advertising to this person over this channel any more.",
	["person.consents"],
) if {
	lib.advertising_campaign
	some c in lib.campaign_consents
	c.status == "withdrawn"
	not lib.has_valid_campaign_consent
}

deny contains lib.finding(
	"consent.withdrawn_in_crm",
	"In SuiteCRM ist als Rechtsgrundlage „Widerrufen“ eingetragen: die Person hat ihre Einwilligung widerrufen.",
	"SuiteCRM records the lawful basis 'withdrawn': the person has withdrawn their consent.",
	["GDPR Art. 7(3)", "UWG §7(2) Nr. 2"],
	"Senden Sie keine Werbung, die auf einer Einwilligung beruht. Ändern Sie die Rechtsgrundlage nur, wenn die Person erneut nachweisbar einwilligt.",
	"Send no advertising that relies on consent. Change the lawful basis only when the person consents again, with proof.",
	["person.lawful_basis"],
) if {
	lib.direct_marketing
	lib.consent_withdrawn_in_crm
	some c in object.get(input.person, "consents", [])
	c.status == "given"
}

deny contains lib.finding(
	"consent.not_demonstrable",
	"Die Einwilligung ist nicht nachweisbar (kein Zeitstempel, kein Formulartext, kein Opt-in-Protokoll).",
	"The consent cannot be demonstrated (no timestamp, form text or opt-in log).",
	["GDPR Art. 7(1)", "UWG §7(2) Nr. 2"],
	"Holen Sie die Einwilligung erneut mit Nachweis ein (z. B. Double-Opt-in) oder schließen Sie die Person aus.",
	"Obtain the consent again with proof (e.g. double opt-in) or exclude the person.",
	["person.consents"],
) if {
	lib.advertising_campaign
	not lib.has_valid_campaign_consent
	some c in lib.campaign_consents
	c.status == "given"
	c.active_act != false
	not lib.demonstrable(c)
}

deny contains lib.finding(
	"consent.double_opt_in_missing",
	"Für E-Mail-Werbung fehlt die Bestätigung per Double-Opt-in; es ist nicht belegt, dass der Inhaber der Adresse eingewilligt hat.",
	"E-mail advertising lacks double opt-in confirmation; it is not proven that the owner of the address consented.",
	["GDPR Art. 7(1)", "UWG §7(2) Nr. 2", "BGH I ZR 164/09"],
	"Senden Sie eine Bestätigungs-E-Mail (ohne Werbung) und warten Sie auf die Bestätigung.",
	"Send a confirmation e-mail (without advertising) and wait for the confirmation.",
	["person.consents"],
) if {
	lib.advertising_email
	not lib.has_valid_campaign_consent
	some c in lib.campaign_consents
	c.status == "given"
	c.active_act == true
	lib.demonstrable(c)
	lib.double_opt_in_missing(c)
}

deny contains lib.finding(
	"consent.expired",
	sprintf("Die Einwilligung für diesen Zweck und Kanal ist am %s abgelaufen.", [substring(c.expires_at, 0, 10)]),
	sprintf("The consent for this purpose and channel expired on %s.", [substring(c.expires_at, 0, 10)]),
	["GDPR Art. 6(1)(a)", "GDPR Art. 7", "UWG §7(2) Nr. 2"],
	"Holen Sie eine neue Einwilligung ein, bevor Sie die Person wieder bewerben.",
	"Obtain a new consent before advertising to the person again.",
	["person.consents"],
) if {
	lib.advertising_campaign
	not lib.has_valid_campaign_consent
	some c in lib.campaign_consents
	c.status == "given"
	lib.expired(c)
}

warn contains lib.finding(
	"consent.unused_long",
	sprintf("Die Einwilligung wurde %s; Gerichte sehen so lange ungenutzte Einwilligungen teils als erloschen an.", [sprintf(idle.de, [months])]),
	sprintf("The consent was %s; some courts treat consents unused this long as lapsed.", [sprintf(idle.en, [months])]),
	["UWG §7(2) Nr. 2", "GDPR Art. 7", "LG München I 17 HK O 138/10"],
	"Erwägen Sie eine Auffrischung der Einwilligung vor dem nächsten Versand.",
	"Consider refreshing the consent before the next mailing.",
	["person.consents"],
) if {
	lib.advertising_campaign
	some c in lib.campaign_consents
	lib.valid_consent(c)
	idle := idleness(c)
	months := lib.months_since(idle.since)
	months >= data.guidelines.consent_warn_if_unused_months
}

# Since when a consent lies idle: since it was given, or since its last use (the connector records each use).
idleness(c) := {"since": c.given_at, "de": "vor %d Monaten erteilt und nie genutzt", "en": "given %d months ago and never used"} if {
	object.get(c, "last_used_at", null) == null
}

idleness(c) := {"since": c.last_used_at, "de": "zuletzt vor %d Monaten genutzt", "en": "last used %d months ago"} if {
	object.get(c, "last_used_at", null) != null
}
