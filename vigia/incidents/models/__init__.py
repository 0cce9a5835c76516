from vigia.incidents.models.codes import Actor, EventType, PerpetratorType
from vigia.incidents.models.incident import Incident, Source, Victim
from vigia.incidents.models.media import Attachment

__all__ = [
    "Actor",
    "Attachment",
    "EventType",
    "Incident",
    "PerpetratorType",
    "Source",
    "Victim",
]
