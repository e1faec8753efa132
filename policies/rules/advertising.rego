# Objection to direct marketing (GDPR Art. 21(2)-(3)): once a person has
# objected, their data must no longer be used for direct marketing on any channel.
package sphere.rules.advertising

import data.sphere.lib
import rego.v1

deny contains finding if {
	lib.direct_marketing
	lib.objected
	finding := {
		"rule": "advertising.objection",
		"message": {
			"de": "Die Person hat der Werbung widersprochen; sie darf nicht mehr für Werbung angesprochen werden.",
			"en": "The person has objected to direct marketing and must not be contacted for advertising.",
		},
		"legal_basis": ["GDPR Art. 21(2)", "GDPR Art. 21(3)"],
		"hint": {
			"de": "Entfernen Sie die Person aus der Zielliste; informative oder vertragsbezogene Nachrichten bleiben möglich.",
			"en": "Remove the person from the target list; informational or contract-related messages remain possible.",
		},
		"fields": ["person.objections"],
	}
}
