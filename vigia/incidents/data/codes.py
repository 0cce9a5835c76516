"""The shipped code lists (contracts.md §3). Codes are stable; labels may be improved."""

from __future__ import annotations

EVENT_TYPES: list[tuple[str, str, str, bool]] = [
    ("murder", "Asesinato", "Murder", True),
    ("disappearance", "Desaparición", "Disappearance", True),
    ("kidnapping", "Secuestro", "Kidnapping", False),
    ("sexual_violence", "Violencia sexual", "Sexual violence", False),
    ("assault", "Agresión física", "Assault", False),
    ("threat", "Amenaza", "Threat", False),
    ("extortion_demand", "Exigencia de cupo (extorsión)", "Extortion demand", False),
    ("extortion_payment", "Pago de cupo (extorsión)", "Extortion payment", False),
    ("robbery", "Robo", "Robbery", False),
    ("arbitrary_detention", "Detención arbitraria", "Arbitrary detention", False),
    ("police_abuse", "Abuso policial o de serenazgo", "Police or serenazgo abuse", False),
    ("other", "Otro", "Other", False),
]
SUB_TYPES: list[tuple[str, str, str, str]] = [
    ("registration_fee", "extortion_demand", "Cobro de inscripción o plaza", "Registration fee"),
    ("weekly_quota", "extortion_demand", "Cupo semanal", "Weekly quota"),
    ("arrears", "extortion_demand", "Cobro de deuda acumulada", "Arrears"),
    ("threat_message", "threat", "Mensaje de amenaza", "Threatening message"),
    ("threat_video", "threat", "Video o foto intimidatoria", "Intimidating video or photo"),
    (
        "murder_of_relative",
        "murder",
        "Asesinato de pareja o familiar",
        "Murder of partner or relative",
    ),
    ("fake_client", "assault", "Falso cliente", "Fake client"),
    ("police_robbery", "police_abuse", "Robo por agentes", "Robbery by officers"),
]
PERPETRATOR_TYPES: list[tuple[str, str, str]] = [
    ("criminal_group", "Grupo criminal", "Criminal group"),
    ("police", "Policía (PNP)", "Police (PNP)"),
    ("serenazgo", "Serenazgo", "Municipal security (serenazgo)"),
    ("client", "Cliente", "Client"),
    ("partner_family", "Pareja o familia", "Partner or family"),
    ("unknown", "Desconocido", "Unknown"),
    ("other", "Otro", "Other"),
]
