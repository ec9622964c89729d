"""Medical control: ALD exemption requests, counter-examinations, therapeutic protocols and the
medical reviewers' workspace."""
