# Per-recipient tracking (TDDDG §25, GDPR Art. 6(1)(a)): open or click tracking pixels read from and
# store on the recipient's device and need consent of their own.
package sphere.rules.tracking

import data.sphere.lib
import rego.v1

tracking_consent if {
	some c in object.get(input.person, "consents", [])
	c.purpose == "tracking"
	lib.valid_consent(c)
}

deny contains lib.finding(
	"tracking.no_consent",
	"Die E-Mail enthält personenbezogenes Öffnungs- oder Klick-Tracking, in das die Person nicht eingewilligt hat.",
	"The e-mail contains per-recipient open or click tracking the person has not consented to.",
	["TDDDG §25(1)", "GDPR Art. 6(1)(a)"],
	"Senden Sie dieser Person die Version ohne Tracking.",
	"Send this person the version without tracking.",
	["campaign.tracking"],
) if {
	input.event in {"mailing.send", "mailing.plan"}
	some kind in ["open_pixel", "per_recipient_links"]
	input.campaign.tracking[kind] == true
	not tracking_consent
}
