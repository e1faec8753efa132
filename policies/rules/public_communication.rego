# Public replies and reuse of user content (UWG §2(1) Nr. 2, §5a(4); UrhG §§ 15 ff.; GDPR Art. 6):
# a one-to-many reply is commercial communication; republishing a user's text or photo needs their licence.
package sphere.rules.public_communication

import data.sphere.lib
import rego.v1

public_reply if {
	input.event == "public.reply"
	input.facts.audience == "one_to_many"
}

reuses_user_content if {
	public_reply
	c := input.facts.content
	object.get(c, "verbatim_text_words", 0) > 0
}

reuses_user_content if {
	public_reply
	input.facts.content.photo_by_user == true
}

warn contains lib.finding(
	"public.reply_is_commercial",
	"Eine öffentliche Antwort des Unternehmens ist geschäftliche Kommunikation: sachlich bleiben, als Unternehmen erkennbar sein, keine Kundendaten der Person nennen.",
	"A public reply by the company is commercial communication: keep it factual, clearly from the company, and free of the person's customer data.",
	["UWG §2(1) Nr. 2", "UWG §5a(4)", "GDPR Art. 6(1)(f)"],
	"Klären Sie Einzelheiten per Direktnachricht.",
	"Handle details by direct message.",
	[],
) if {
	public_reply
	not reuses_user_content
}

approval contains {
	"de": "Veröffentlichung fremder Inhalte (Text/Foto eines Nutzers) ohne Lizenz des Urhebers: Rechte klären und Einwilligung zur Namensnennung einholen.",
	"en": "Publishing a user's content (text/photo) without the author's licence: clear the rights and obtain consent to the attribution.",
} if {
	reuses_user_content
	input.facts.license_from_author != true
}

warn contains lib.finding(
	"public.user_content_licence",
	"Der Beitrag und das Foto eines Nutzers sind urheberrechtlich geschützt; die Forenbedingungen erlauben nur die Anzeige im Forum.",
	"A user's post and photo are protected by copyright; the forum terms only allow display inside the forum.",
	["UrhG §15", "UrhG §19a", "KUG §22", "GDPR Art. 6(1)"],
	"Fragen Sie den Urheber um Erlaubnis, bevor Sie den Inhalt außerhalb des Forums verwenden.",
	"Ask the author for permission before using the content outside the forum.",
	[],
) if {
	reuses_user_content
	input.facts.license_from_author != true
}
