package sphere_test.public_communication

import data.sphere.rules.public_communication as public
import data.sphere_test.lib
import rego.v1

test_public_reply_warns if "public.reply_is_commercial" in lib.ids(public.warn) with input as lib.event("public.reply", {"audience": "one_to_many"})

test_private_reply_allows if {
	inp := lib.event("public.reply", {"audience": "one_to_one", "initiated_by_data_subject": true})
	count(public.warn) + count(public.approval) == 0 with input as inp
}

test_reusing_user_content_without_licence_needs_approval if {
	inp := lib.event("public.reply", {"audience": "one_to_many", "content": {"verbatim_text_words": 400, "photo_by_user": true}, "license_from_author": false})
	count(public.approval) == 1 with input as inp
	"public.user_content_licence" in lib.ids(public.warn) with input as inp
}

test_licensed_user_content_needs_no_approval if {
	inp := lib.event("public.reply", {"audience": "one_to_many", "content": {"verbatim_text_words": 400}, "license_from_author": true})
	count(public.approval) == 0 with input as inp
}
