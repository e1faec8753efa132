# Disclosure and transfers (GDPR Art. 6, 28, 44 ff.): exports to third parties need a legal basis,
# processors an Art. 28 agreement, recipients outside the EEA an adequacy decision or SCCs;
# aggregated outputs must not single anyone out.
package sphere.rules.disclosure

import data.sphere.lib
import rego.v1

recipient := r if {
	input.event in {"record.export", "record.enrich"}
	r := object.get(input.facts, "recipient", object.get(input.facts, "vendor", null))
	r != null
}

deny contains lib.finding(
	"disclosure.no_legal_basis",
	"Die Weitergabe an einen Dritten für dessen eigene Zwecke hat keine Rechtsgrundlage (keine Einwilligung, Zweck unvereinbar).",
	"Disclosure to a third party for its own purposes has no legal basis (no consent, incompatible purpose).",
	["GDPR Art. 5(1)(b)", "GDPR Art. 6(1)", "GDPR Art. 6(4)", "GDPR Art. 13(1)(e)", "UWG §7(2) Nr. 1-2"],
	"Geben Sie die Daten nicht weiter, oder holen Sie eine Einwilligung zur Weitergabe ein.",
	"Do not disclose the data, or obtain consent to the disclosure.",
	object.get(input.facts, "fields", []),
) if {
	recipient.type == "third_party_controller"
	not input.facts.disclosure_consented
}

deny contains lib.finding(
	"processor.no_agreement",
	"Mit dem Dienstleister besteht kein Auftragsverarbeitungsvertrag nach Art. 28 DSGVO.",
	"There is no Art. 28 GDPR processing agreement with the service provider.",
	["GDPR Art. 28(3)"],
	"Schließen Sie einen Auftragsverarbeitungsvertrag ab, bevor Daten übermittelt werden.",
	"Sign a processing agreement before any data is transferred.",
	[],
) if {
	recipient.role == "processor"
	object.get(recipient, "dpa_art28", object.get(recipient, "dpa_art28_signed", false)) != true
}

deny contains lib.finding(
	"transfer.third_country_no_mechanism",
	sprintf("Übermittlung in ein Drittland (%s) ohne Angemessenheitsbeschluss, DPF-Zertifizierung oder Standardvertragsklauseln.", [country]),
	sprintf("Transfer to a third country (%s) without an adequacy decision, DPF certification or standard contractual clauses.", [country]),
	["GDPR Art. 44", "GDPR Art. 45", "GDPR Art. 46", "CJEU C-311/18 (Schrems II)"],
	"Wählen Sie einen Anbieter in der EU/im EWR oder vereinbaren Sie Standardvertragsklauseln mit Transfer-Folgenabschätzung.",
	"Choose a provider in the EU/EEA, or agree standard contractual clauses with a transfer impact assessment.",
	[],
) if {
	country := recipient_country
	not country in data.guidelines.eea_countries
	not country in data.guidelines.secure_third_countries
	object.get(recipient, "dpf_certified", false) != true
	object.get(recipient, "sccs", false) != true
}

recipient_country := object.get(recipient, "country", object.get(recipient, "location", null))

deny contains lib.finding(
	"transfer.country_unknown",
	"Das Land des Empfängers ist nicht angegeben; eine Übermittlung in ein Drittland ohne Garantien lässt sich nicht ausschließen.",
	"The recipient's country is not given, so a transfer to a third country without safeguards cannot be ruled out.",
	["GDPR Art. 44", "GDPR Art. 30(1)(e)"],
	"Tragen Sie das Land ein, in dem der Empfänger die Daten verarbeitet (z. B. DE, US).",
	"Enter the country where the recipient processes the data (e.g. DE, US).",
	[],
) if {
	recipient_country == null
}

aggregate := input.facts.output if {
	input.event == "record.export"
	input.facts.output.type == "aggregate"
}

deny contains lib.finding(
	"aggregate.group_too_small",
	sprintf("Die kleinste Gruppe der Auswertung hat %d Personen; unter %d können Einzelne erkennbar werden.", [aggregate.min_cell_size, data.guidelines.minimum_aggregation_group]),
	sprintf("The smallest group of the report has %d people; below %d individuals may be singled out.", [aggregate.min_cell_size, data.guidelines.minimum_aggregation_group]),
	["GDPR Recital 26", "GDPR Art. 4(1)"],
	"Fassen Sie Gruppen zusammen, bis jede die Mindestgröße erreicht.",
	"Merge groups until each reaches the minimum size.",
	[],
) if aggregate.min_cell_size < data.guidelines.minimum_aggregation_group

deny contains lib.finding(
	"aggregate.identifying",
	"Die Auswertung enthält Kennungen oder Freitext und ist damit nicht anonym.",
	"The report contains identifiers or free text and is therefore not anonymous.",
	["GDPR Recital 26", "GDPR Art. 4(1)"],
	"Entfernen Sie Kennungen und Freitext aus der Auswertung.",
	"Remove identifiers and free text from the report.",
	[],
) if {
	some flag in ["identifiers", "free_text"]
	aggregate[flag] == true
}

warn contains lib.finding(
	"aggregate.small_group",
	sprintf("Die kleinste Gruppe hat nur %d Personen.", [aggregate.min_cell_size]),
	sprintf("The smallest group has only %d people.", [aggregate.min_cell_size]),
	["GDPR Recital 26"],
	"Prüfen Sie, ob Gruppen zusammengefasst werden können.",
	"Check whether groups can be merged.",
	[],
) if {
	aggregate.min_cell_size >= data.guidelines.minimum_aggregation_group
	aggregate.min_cell_size < data.guidelines.aggregation_warn_group
}
