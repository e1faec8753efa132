package sphere_test.tracking

import data.sphere.rules.tracking
import data.sphere_test.lib
import rego.v1

tracked(consents) := object.union(lib.mailing(consents), {"campaign": {"channel": "email", "content_type": "advertising", "purpose": "newsletter", "tracking": {"open_pixel": true, "per_recipient_links": false}}})

test_tracking_without_consent_denies if "tracking.no_consent" in lib.ids(tracking.deny) with input as tracked([lib.valid_consent])

test_tracking_with_consent_allows if {
	count(tracking.deny) == 0 with input as tracked([lib.valid_consent, object.union(lib.valid_consent, {"purpose": "tracking"})])
}

test_untracked_mail_allows if count(tracking.deny) == 0 with input as lib.mailing([lib.valid_consent])
