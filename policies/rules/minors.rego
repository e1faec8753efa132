# Children (GDPR Art. 8 with Germany's age of 16): a minor's consent to an online service such as a
# newsletter needs the consent of a parent.
package sphere.rules.minors

import data.sphere.lib
import rego.v1

age := lib.years_since(input.record.birthdate)

deny contains lib.finding(
	"minors.parental_consent_missing",
	sprintf("Die Person ist %d Jahre alt; unter %d Jahren ist für die Einwilligung die Zustimmung der Eltern nötig.", [age, data.guidelines.minor_age]),
	sprintf("The person is %d years old; under %d a parent must consent.", [age, data.guidelines.minor_age]),
	["GDPR Art. 8(1)", "GDPR Recital 38", "UWG Anhang zu §3(3) Nr. 28"],
	"Speichern Sie die Einwilligung erst mit dokumentierter Zustimmung der Eltern.",
	"Store the consent only with a documented parental consent.",
	["birthdate", "consent"],
) if {
	c := input.facts.consent_being_saved
	age < data.guidelines.minor_age
	object.get(c, "parental_consent", false) != true
}
