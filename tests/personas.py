"""Who reaches what: (persona, status) pairs to parametrize over the persona fixtures."""

# The regulator's API: only the agency's reviewers; the organisations' people get 404 (nothing of
# theirs is there), an anonymous caller 403.
REGULATOR_API = [
    ("regulator", 200),
    ("dpo", 404),
    ("staff", 404),
    ("viewer", 404),
    ("outsider", 404),
    ("anonymous", 403),
]
