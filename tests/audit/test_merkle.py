"""The Merkle tree against RFC 6962's test vectors and an independent implementation."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from pdp_portal.audit import merkle

# The eight leaves of the Certificate Transparency test suite and the roots of their prefixes.
LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    bytes(range(0x60, 0x70)),
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def _store(data: list[bytes]):
    frontier, store, roots = merkle.Frontier(), {}, []
    for i, d in enumerate(data):
        leaf = merkle.leaf_hash(d)
        store[(0, i)] = leaf
        for level, number, h in frontier.append(leaf):
            store[(level, number)] = h
        roots.append(frontier.root())
    return store, roots


def _get(store):
    return lambda wanted: {k: store[k] for k in wanted}


def test_the_roots_are_rfc_6962s():
    store, roots = _store(LEAVES)

    assert [r.hex() for r in roots] == ROOTS
    assert [merkle.root_of(n, _get(store)).hex() for n in range(1, 9)] == ROOTS
    assert merkle.root_of(0, _get(store)) == hashlib.sha256(b"").digest()


def test_audit_paths_match_pymerkles_for_every_leaf_of_every_size():
    data = [bytes([i, i * 7 % 256]) for i in range(37)]
    store, _ = _store(data)
    reference = InmemoryTree(algorithm="sha256")
    for d in data:
        reference.append_entry(d)

    for size in range(1, len(data) + 1):
        assert reference.get_root(size) == merkle.root_of(size, _get(store))
        for index in range(size):
            theirs = reference.prove_inclusion(index + 1, size).serialize()["path"][1:]
            ours = merkle.hashes_for(merkle.inclusion_ranges(index, size), store)
            assert [h.hex() for h in ours] == theirs


@given(st.integers(1, 90), st.data())
def test_proofs_verify_and_a_changed_byte_does_not(size, data):
    store, roots = _store([i.to_bytes(2, "big") for i in range(size)])
    index = data.draw(st.integers(0, size - 1))
    path = merkle.hashes_for(merkle.inclusion_ranges(index, size), store)
    leaf = store[(0, index)]
    root = roots[size - 1]

    assert merkle.verify_inclusion(index, size, leaf, path, root)
    assert not merkle.verify_inclusion(index, size, merkle.leaf_hash(b"other"), path, root)
    if path:
        forged = [*path[:-1], bytes(32)]
        assert not merkle.verify_inclusion(index, size, leaf, forged, root)
    if size > 1:
        assert not merkle.verify_inclusion((index + 1) % size, size, leaf, path, root)

    old = data.draw(st.integers(0, size))
    proof = merkle.hashes_for(merkle.consistency_ranges(old, size), store)
    old_root = roots[old - 1] if old else merkle.EMPTY_ROOT
    assert merkle.verify_consistency(old, size, old_root, root, proof)
    if 0 < old < size:
        assert not merkle.verify_consistency(old, size, merkle.leaf_hash(b"x"), root, proof)
        assert not merkle.verify_consistency(old, size, old_root, merkle.leaf_hash(b"x"), proof)


def test_it_refuses_a_leaf_outside_the_tree():
    with pytest.raises(ValueError):
        merkle.inclusion_ranges(5, 5)
    assert not merkle.verify_inclusion(5, 5, b"\x00" * 32, [], b"\x00" * 32)
