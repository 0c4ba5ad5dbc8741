"""The decision: the Review Group's decision on a referral awaiting it (domain.md §2.1 step J,
§4.1 the outcomes, §4.2 the decision record, §7.1 awaiting decision to decided), with its
confirm step, the similar current and recent referrals and reviews it considers, and who was
told of it until the referral is closed (§4.3, §7.1 decided to closed)."""
