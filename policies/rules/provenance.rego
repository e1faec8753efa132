# Provenance and transparency (GDPR Art. 5(1)(b), 5(2), 14): data added from other sources needs a
# recorded source, a compatible purpose and the Art. 14 notice; bulk scraping is not a targeted lookup.
package sphere.rules.provenance

import data.sphere.lib
import rego.v1

collecting if input.event in {"record.enrich", "record.import"}

source := object.get(input.facts, "provenance", {})

deny contains lib.finding(
	"provenance.missing",
	"Für die hinzugefügten Daten ist keine Herkunft erfasst; die Rechtmäßigkeit der Erhebung ist nicht prüfbar und Auskunftsersuchen (Art. 15 Abs. 1 lit. g DSGVO) könnten nicht beantwortet werden.",
	"No source is recorded for the added data; the lawfulness of the collection cannot be checked and access requests (GDPR Art. 15(1)(g)) could not be answered.",
	["GDPR Art. 5(2)", "GDPR Art. 6(1)", "GDPR Art. 14(2)(f)", "GDPR Art. 15(1)(g)"],
	"Erfassen Sie Quelle, Erhebungsdatum und Rechtsgrundlage, bevor Sie die Daten speichern.",
	"Record source, collection date and legal basis before saving the data.",
	["provenance"],
) if {
	collecting
	object.get(source, "source_type", null) == null
}

deny contains lib.finding(
	"provenance.bulk_scraping",
	"Das automatisierte Auslesen öffentlicher Profile aller Kontakte zur Profilbildung ist ohne Rechtsgrundlage und ohne Information der Betroffenen unzulässig.",
	"Automated scraping of all contacts' public profiles for profiling has no legal basis and the people are not informed.",
	["GDPR Art. 5(1)(a)", "GDPR Art. 6(1)", "GDPR Art. 14", "GDPR Art. 9(1)"],
	"Nutzen Sie nur gezielte, einzelne Nachschlagevorgänge mit dokumentierter Herkunft oder holen Sie Einwilligungen ein.",
	"Use only targeted single lookups with recorded provenance, or obtain consent.",
	["facts.method"],
) if {
	collecting
	input.facts.method == "automated_bulk_scraping"
}

deny contains lib.finding(
	"purpose.incompatible",
	"Die Daten wurden für einen anderen Zweck erhoben, und die Betroffenen wurden über die Nutzung im CRM nicht informiert.",
	"The data was collected for another purpose and the people were not told it would be used in the CRM.",
	["GDPR Art. 5(1)(b)", "GDPR Art. 6(4)", "GDPR Art. 13(3)"],
	"Importieren Sie die Daten nicht ins CRM; holen Sie eine Einwilligung für den neuen Zweck ein.",
	"Do not import the data into the CRM; obtain consent for the new purpose.",
	["provenance.purpose"],
) if {
	collecting
	purpose := object.get(source, "purpose_at_collection", null)
	purpose != null
	not purpose in {"crm", "marketing", "customer_relationship"}
	object.get(source, "notice_mentions_crm_marketing", false) != true
}

approval contains {
	"de": "Private Netzwerkkontakte eines Mitarbeiters: der DPO lässt geschäftliche von privaten Kontakten trennen und stellt die Art.-14-Informationen sicher.",
	"en": "An employee's personal network contacts: the DPO has business and private contacts separated and ensures the Art. 14 notices.",
} if {
	collecting
	source.source_type == "employee_personal_social_network_export"
}

warn contains lib.finding(
	"provenance.employee_network",
	"Die Kontakte stammen aus dem privaten Netzwerk eines Mitarbeiters und mischen private und geschäftliche Kontakte.",
	"The contacts come from an employee's personal network and mix private and business contacts.",
	["GDPR Art. 6(1)(f)", "GDPR Art. 5(1)(b)-(c)", "GDPR Art. 14"],
	"Importieren Sie nur geschäftliche Kontakte und erfassen Sie die Herkunft je Zeile.",
	"Import business contacts only and record the provenance per row.",
	["provenance"],
) if {
	collecting
	source.source_type == "employee_personal_social_network_export"
}

# Data not collected from the person: inform them within the guideline's deadline (Art. 14(3)(a): one month at most).
obligation contains {
	"id": "provenance.art14_notice",
	"message": {
		"de": sprintf("Informieren Sie die Person bis %s über die Herkunft der Daten (%s) und ihr Widerspruchsrecht.", [due, source.source_type]),
		"en": sprintf("Inform the person by %s of where the data came from (%s) and of the right to object.", [due, source.source_type]),
	},
	"legal_basis": ["GDPR Art. 14(1)", "GDPR Art. 14(2)(f)", "GDPR Art. 14(3)(a)", "GDPR Art. 21(4)"],
	"due": due,
	"fields": object.get(input.facts, "fields", []),
} if {
	collecting
	source.source_type != null
	source.source_type != "data_subject"
	object.get(source, "informed_at", null) == null
	due_ns := time.add_date(lib.now_ns, 0, 0, data.guidelines.art14_notice_days)
	due := sprintf("%d-%02d-%02d", time.date(due_ns))
}
