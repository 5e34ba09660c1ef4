"""The records of each programme's work, one sub-package per programme (re-exported here for Django)."""

from .fremtidens.models import NetworkMember, ResourcePerson, TeacherTraining
from .hopin.models import ClassCount, HopInHost, HopInWeek, Placement, SchoolClass, TutorOffer
from .jetnet.models import OutreachActivity

__all__ = [
    "ClassCount",
    "HopInHost",
    "HopInWeek",
    "NetworkMember",
    "OutreachActivity",
    "Placement",
    "ResourcePerson",
    "SchoolClass",
    "TeacherTraining",
    "TutorOffer",
]
