"""Checks of stored files that several apps' tests share."""


def assert_served_until_tampered(client, url, stored):
    """A stored file (an enclosure, an attachment) with its recorded SHA-256 is served at ``url``
    until its file on disk changes, then is 404."""
    assert client.get(url).status_code == 200
    with open(stored.file.path, "ab") as handle:
        handle.write(b"tampered")
    assert client.get(url).status_code == 404
