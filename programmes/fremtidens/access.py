from partnerships.access import get_visible

from .models import NetworkMember, ResourcePerson, TeacherTraining


def get_training(request, pk: int, *, edit: bool = False) -> TeacherTraining:
    trainings = TeacherTraining.objects.select_related("school__municipality")
    return get_visible(trainings, request, edit=edit, pk=pk)


def get_resource_person(request, pk: int, *, edit: bool = False) -> ResourcePerson:
    persons = ResourcePerson.objects.select_related("municipality")
    return get_visible(persons, request, edit=edit, pk=pk)


def get_network_member(request, pk: int, *, edit: bool = False) -> NetworkMember:
    members = NetworkMember.objects.select_related("municipality", "company")
    return get_visible(members, request, edit=edit, pk=pk)
