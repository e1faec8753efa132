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

# Sources where the person gave the data themselves: Art. 13 applied at collection, no Art. 14 notice.
direct_source(type) if type in object.get(data.guidelines, "direct_sources", ["data_subject"])

# When the data was obtained: the recorded collection time, or now.
obtained_ns := lib.ns(source.collected_at)

obtained_ns := lib.now_ns if not lib.ns(object.get(source, "collected_at", null))

notice_due_ns := due_ns(obtained_ns)

# Data not collected from the person: inform them by the due date.
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
	not direct_source(source.source_type)
	object.get(source, "informed_at", null) == null
	due := lib.date_text(notice_due_ns)
}

# Stored data about the person that came from others and of which they were never told: the notice is due at the
# latest with the first communication to them (Art. 14(3)(b)) or the first disclosure (Art. 14(3)(c)).
uninformed_fields contains field if {
	some field, p in object.get(input.person, "provenance", {})
	not direct_source(p.source_type)
	object.get(p, "informed_at", null) == null
}

# The open Art. 14 notice for what is stored about the person, whatever the action (entrypoint
# sphere/person_obligations: the privacy view and SuiteCRM's "Sphere: Art. 14 notice due"). Each uninformed field is due
# as data obtained at its collected_at; the notice is due at the earliest of them.
person_obligation contains {
	"id": "provenance.art14_notice",
	"message": {
		"de": sprintf("Informieren Sie die Person bis %s über die Herkunft ihrer Daten (%s) und ihr Widerspruchsrecht.", [due, concat(", ", fields)]),
		"en": sprintf("Inform the person by %s of where their data (%s) came from and of the right to object.", [due, concat(", ", fields)]),
	},
	"legal_basis": ["GDPR Art. 14(1)", "GDPR Art. 14(2)(f)", "GDPR Art. 14(3)(a)", "GDPR Art. 21(4)"],
	"due": due,
	"fields": fields,
} if {
	fields := sort(uninformed_fields)
	count(fields) > 0
	due := lib.date_text(min({stored_due_ns(input.person.provenance[f]) | some f in fields}))
}

stored_due_ns(p) := due_ns(lib.ns(p.collected_at))

# A row without any collection time counts from now (the connector gives stored rows at least their recording time).
stored_due_ns(p) := due_ns(lib.now_ns) if not lib.ns(object.get(p, "collected_at", null))

# Art. 14(3)(a): within the guideline's days, and at the latest one month after the data was obtained.
due_ns(obtained) := min([
	time.add_date(obtained, 0, 0, data.guidelines.art14_notice_days),
	lib.one_month_after(obtained),
])

first_contact := "communication" if lib.direct_marketing

first_contact := "disclosure" if input.event == "record.export"

first_contact_texts := {
	"communication": {"de": "Mitteilung an sie", "en": "communication to them", "basis": "GDPR Art. 14(3)(b)"},
	"disclosure": {"de": "Weitergabe", "en": "disclosure", "basis": "GDPR Art. 14(3)(c)"},
}

warn contains lib.finding(
	"provenance.art14_first_contact",
	sprintf("Die Person wurde noch nicht über die Herkunft ihrer Daten (%s) informiert; das muss spätestens mit dieser ersten %s geschehen.", [fields, contact.de]),
	sprintf("The person has not yet been told where their data (%s) came from; that must happen at the latest with this first %s.", [fields, contact.en]),
	["GDPR Art. 14(1)", "GDPR Art. 14(2)(f)", contact.basis],
	"Senden Sie die Art.-14-Information vorher oder mit dieser Nachricht und tragen Sie das Datum als „informiert am“ ein.",
	"Send the Art. 14 notice before or with this message and record the date as 'informed at'.",
	["person.provenance"],
) if {
	contact := first_contact_texts[first_contact]
	count(uninformed_fields) > 0
	fields := concat(", ", sort(uninformed_fields))
}
