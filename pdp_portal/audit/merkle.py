"""The Merkle tree of RFC 6962 / RFC 9162 (Certificate Transparency): hashes, proofs, checks.

Pure functions over hashes (bytes). Storage is the caller's: a proof is built from the hashes of
*perfect* subtrees (2**level leaves starting at ``number * 2**level``), which the ledger keeps,
so no proof needs more than O(log² n) stored hashes, whatever the size of the log.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping

EMPTY_ROOT = hashlib.sha256(b"").digest()

# A perfect subtree: (level, number) covers leaves [number * 2**level, (number + 1) * 2**level).
Node = tuple[int, int]


def leaf_hash(data: bytes) -> bytes:
    """Return the hash of one leaf: SHA-256(0x00 || data) (RFC 6962 Section 2.1)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the hash of an inner node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """Return the largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def range_nodes(start: int, end: int) -> list[Node]:
    """Return the perfect subtrees that make up leaves [start, end), left to right.

    Every range a proof asks for starts at a multiple of a power of two at least as large as
    the range, so it is the perfect subtrees of the binary digits of its size, largest first.
    """
    nodes = []
    while start < end:
        level = (end - start).bit_length() - 1
        while start % (1 << level):
            level -= 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold(hashes: list[bytes]) -> bytes:
    """Return the hash of a range from its perfect subtrees' hashes (left to right)."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for h in reversed(hashes[:-1]):
        result = node_hash(h, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Return the leaf ranges whose hashes form the audit path of ``index`` (RFC 6962 PATH)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start = start + k
    return list(reversed(ranges))


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """Return the leaf ranges whose hashes prove that ``old_size`` is a prefix of ``new_size``."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size in (0, new_size):
        return []
    ranges: list[tuple[int, int]] = []

    def subproof(m: int, start: int, end: int, whole: bool) -> None:
        n = end - start
        if m == n:
            if not whole:
                ranges.append((start, end))
            return
        k = _split(n)
        if m <= k:
            subproof(m, start, start + k, whole)
            ranges.append((start + k, end))
        else:
            subproof(m - k, start + k, end, False)
            ranges.append((start, start + k))

    subproof(old_size, 0, new_size, True)
    return ranges


def nodes_for(ranges: Iterable[tuple[int, int]]) -> set[Node]:
    """Return every stored node the given ranges need, to fetch them in one query."""
    return {node for start, end in ranges for node in range_nodes(start, end)}


def hashes_for(ranges: Iterable[tuple[int, int]], nodes: Mapping[Node, bytes]) -> list[bytes]:
    """Return the hash of each range from the fetched nodes."""
    return [fold([nodes[n] for n in range_nodes(start, end)]) for start, end in ranges]


def root_of(size: int, get: Callable[[set[Node]], Mapping[Node, bytes]]) -> bytes:
    """Return the root of the first ``size`` leaves, from stored perfect subtrees."""
    ranges = [(0, size)] if size else []
    return hashes_for(ranges, get(nodes_for(ranges)))[0] if size else EMPTY_ROOT


def verify_inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    """Return whether ``path`` proves leaf ``index`` of a tree of ``size`` under ``root``.

    RFC 9162 Section 2.1.3.2.
    """
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> bool:
    """Return whether ``proof`` shows the tree of ``old_size`` is a prefix of ``new_size``.

    RFC 9162 Section 2.1.4.2; an empty old tree is a prefix of every tree.
    """
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        proof = [old_root, *proof]
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


class Frontier:
    """The right edge of a growing tree: the perfect subtrees of its size's binary digits.

    Appending a leaf completes at most log n nodes; ``append`` returns them so the caller can
    store them, and ``root`` gives the tree's root at any size in O(log n).
    """

    def __init__(self, nodes: list[tuple[int, int, bytes]] | None = None, size: int = 0):
        self.nodes = list(nodes or [])  # (level, number, hash), largest subtree first
        self.size = size

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        completed = []
        level, number, h = 0, self.size, leaf
        while self.nodes and self.nodes[-1][0] == level:
            _, left_number, left = self.nodes.pop()
            level, number, h = level + 1, left_number >> 1, node_hash(left, h)
            completed.append((level, number, h))
        self.nodes.append((level, number, h))
        self.size += 1
        return completed

    def root(self) -> bytes:
        return fold([h for _, _, h in self.nodes])


def frontier_nodes(size: int) -> list[Node]:
    """Return the nodes of the frontier of a tree of ``size`` leaves, largest first."""
    return range_nodes(0, size)
