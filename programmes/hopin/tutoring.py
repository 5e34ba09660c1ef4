"""The HOP-IN tutors: how the youth educations' tutor students are shared out over the placed classes.

Each class gets its tutors from one youth education; the classes are shared by the size of the offers and go
to the educations nearest their school as far as the shares allow. No database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from scipy.optimize import linear_sum_assignment

from .planning import postcode_area


@dataclass(frozen=True)
class TutorOfferInput:
    school_id: int
    tutors: int
    postcode: str = ""


def tutor_shares(class_count: int, offers: Iterable[TutorOfferInput]) -> list[tuple[TutorOfferInput, int]]:
    """How many classes each youth education gets (offers without a class left out), largest offers first.

    Every education gets at least one class when there are enough classes, then further classes go by the
    highest tutors per class (D'Hondt), never more classes than tutors.
    """
    offers = sorted((o for o in offers if o.tutors > 0), key=lambda o: (-o.tutors, o.school_id))
    groups = min(class_count, sum(o.tutors for o in offers))
    offers = offers[:groups]  # with fewer classes than educations, the largest offers come first
    shares = [1] * len(offers)
    for _ in range(groups - len(offers)):
        open_offers = [i for i, o in enumerate(offers) if shares[i] < o.tutors]
        best = max(open_offers, key=lambda i: (offers[i].tutors / (shares[i] + 1), -offers[i].school_id))
        shares[best] += 1
    return list(zip(offers, shares, strict=True))


def spread_tutors(
    class_ids: Iterable[int],
    offers: Iterable[TutorOfferInput],
    *,
    class_postcodes: Mapping[int, str] | None = None,
) -> dict[int, tuple[int | None, int]]:
    """Share the youth educations' tutors over the placed classes: class id -> (youth education, tutors).

    Each class gets its tutors from one youth education; how many classes each gets is `tutor_shares`, and an
    education splits its tutors evenly over its classes. With `class_postcodes` (the class's school), the
    classes go to the educations nearest their school (the same postcode, then the same postcode area) as far
    as the shares allow. Classes left over when there are fewer tutors than classes get (None, 0).
    """
    classes = sorted(set(class_ids))
    result: dict[int, tuple[int | None, int]] = {class_id: (None, 0) for class_id in classes}
    slots = []  # (youth education, tutors) for each class an education gets
    for offer, share in tutor_shares(len(classes), offers):
        for index in range(share):
            extra = 1 if index < offer.tutors % share else 0
            slots.append((offer, offer.tutors // share + extra))
    if not slots:
        return result
    if class_postcodes is None:
        rows = list(range(len(slots)))
        columns = rows
    else:
        mine = [class_postcodes.get(c, "") for c in classes]
        theirs = [offer.postcode for offer, _tutors in slots]
        distance = np.full((len(mine), len(theirs)), 2, dtype=np.int64)
        for key, value in ((postcode_area, 1), (str, 0)):  # the same postcode overrides the same area
            codes: dict[str, int] = {}
            rows_code = np.array([codes.setdefault(key(p), len(codes)) if key(p) else -1 for p in mine])
            slot_code = np.array([codes.setdefault(key(p), len(codes)) if key(p) else -2 for p in theirs])
            distance[rows_code[:, None] == slot_code[None, :]] = value
        rows, columns = linear_sum_assignment(distance)
    for row, column in zip(rows, columns, strict=True):
        offer, tutors = slots[column]
        result[classes[row]] = (offer.school_id, tutors)
    return result


def tutor_distance(class_postcode: str, offer_postcode: str) -> int:
    """0 for the same postcode, 1 for the same postcode area, 2 otherwise (or when one is unknown)."""
    if class_postcode and class_postcode == offer_postcode:
        return 0
    area = postcode_area(class_postcode)
    return 1 if area and area == postcode_area(offer_postcode) else 2


class TutorGap(IntEnum):
    """Why a youth education's tutors got no class."""

    NO_CLASSES = 1  # no class is placed yet
    FEWER_CLASSES = 2  # fewer placed classes than youth educations: the largest offers come first


def tutor_gaps(class_count: int, offers: Iterable[TutorOfferInput]) -> dict[int, TutorGap]:
    """The youth educations (school id) that get no class from `spread_tutors`, and why."""
    offers = [o for o in offers if o.tutors > 0]
    served = {offer.school_id for offer, _share in tutor_shares(class_count, offers)}
    reason = TutorGap.NO_CLASSES if not class_count else TutorGap.FEWER_CLASSES
    return {o.school_id: reason for o in offers if o.school_id not in served}
