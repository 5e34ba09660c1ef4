"""The core records, one module per aggregate, re-exported here (`from partnerships.models import School`)."""

from .agreements import AgreementQuerySet, CooperationAgreement
from .groups import MunicipalityGroup, Region
from .municipalities import Municipality, MunicipalityQuerySet, count_of
from .organisations import Company, CompanyQuerySet, ContactPerson, School, SchoolQuerySet
from .programmes import Programme, ProgrammeParticipation
from .ratelimits import RateLimitHit
from .users import User, UserManager, normalize_login
from .visibility import VisibleQuerySet

__all__ = [
    "AgreementQuerySet",
    "Company",
    "CompanyQuerySet",
    "ContactPerson",
    "CooperationAgreement",
    "Municipality",
    "MunicipalityGroup",
    "MunicipalityQuerySet",
    "Programme",
    "ProgrammeParticipation",
    "RateLimitHit",
    "Region",
    "School",
    "SchoolQuerySet",
    "User",
    "UserManager",
    "VisibleQuerySet",
    "count_of",
    "normalize_login",
]
