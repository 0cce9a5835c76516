"""Every sentence the flows send, in one place, Spanish first (gettext gives English).

Replies are neutral on purpose: a phone may be read by whoever took it, so nothing names
the organization's work, a gang, an incident or a reference number.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def menu(member: bool) -> tuple[str, list[tuple[str, str]]]:
    if member:
        options = [
            ("1", _("Contar algo que pasó")),
            ("2", _("Consultar un número")),
            ("3", _("Avisos de mi zona")),
            ("4", _("Ayuda urgente")),
            ("5", _("Hablar con una persona")),
            ("6", _("Borrar mis datos")),
        ]
    else:
        options = [
            ("1", _("Contar algo que pasó")),
            ("4", _("Ayuda urgente")),
            ("5", _("Hablar con una persona")),
        ]
    lines = "\n".join(f"{key} {label}" for key, label in options)
    return _("Hola. Escribe el número de lo que necesitas:") + "\n" + lines, options


def members_only() -> str:
    return _("Esta opción es solo para integrantes. Si tienes un código, escríbelo aquí.")


def done() -> str:
    return _("Listo.")


def help_confirmed() -> str:
    return _("Recibimos tu pedido de ayuda. Una persona del equipo te contactará ahora.")


def person_soon() -> str:
    return _("Una persona del equipo te escribirá pronto.")


def not_understood() -> str:
    return _("No entendí. Escribe MENU para ver las opciones.")


def unsupported() -> str:
    return _("No puedo leer ese tipo de mensaje. Escribe o manda una foto o un audio.")


def welcome() -> str:
    return _(
        "Listo, tu número quedó inscrito. Si quieres, elige una palabra de alarma: si un día "
        "la escribes aquí, avisaremos al equipo sin que se note. Escríbela ahora, o 0 para omitir."
    )


def duress_saved() -> str:
    return _("Guardada. No la compartas con nadie.")


def code_unknown() -> str:
    return _("Ese código no es válido o ya se usó. Pide uno nuevo a tu coordinadora.")


# -- report ---------------------------------------------------------------------------------
def report_what() -> tuple[str, list[tuple[str, str]]]:
    options = [
        ("1", _("Me cobran o piden plata")),
        ("2", _("Amenaza")),
        ("3", _("Agresión o robo")),
        ("4", _("Policía o serenazgo")),
        ("5", _("Otra cosa")),
    ]
    return _("¿Qué pasó?") + "\n" + _lines(options), options


def report_when() -> tuple[str, list[tuple[str, str]]]:
    options = [("1", _("Hoy")), ("2", _("Ayer")), ("3", _("Este mes")), ("4", _("Antes"))]
    return _("¿Cuándo?") + "\n" + _lines(options), options


def report_where() -> str:
    return _("¿En qué distrito? Escribe el nombre, o 0 si prefieres no decirlo.")


def report_where_unknown() -> str:
    return _("No reconocí ese distrito. Escríbelo de nuevo, o 0 para seguir sin decirlo.")


def report_who() -> tuple[str, list[tuple[str, str]]]:
    options = [
        ("1", _("Una banda")),
        ("2", _("Policía")),
        ("3", _("Serenazgo")),
        ("4", _("Un cliente")),
        ("5", _("No sé")),
    ]
    return _("¿Quién fue?") + "\n" + _lines(options), options


def report_named() -> tuple[str, list[tuple[str, str]]]:
    options = [("1", _("Sí, con seguimiento")), ("2", _("No, anónimo"))]
    return _("¿Quieres que el equipo te haga seguimiento?") + "\n" + _lines(options), options


def report_consent() -> tuple[str, list[tuple[str, str]]]:
    options = [("1", _("Sí")), ("2", _("No"))]
    text = _("¿Podemos usar lo que cuentas, sin tu nombre, para avisar a otras compañeras?")
    return text + "\n" + _lines(options), options


def report_details() -> str:
    return _(
        "Cuéntanos lo que pasó: montos, números o cuentas que usaron. Puedes mandar capturas "
        "y audios. Cuando termines, escribe LISTO."
    )


def report_more() -> str:
    return _("Recibido. Puedes mandar más, o escribir LISTO.")


def report_file_failed() -> str:
    return _("No pude guardar ese archivo. Prueba con una captura o un audio.")


def report_thanks() -> str:
    return _("Gracias, ya lo recibimos. Por tu seguridad, puedes borrar este chat.")


# -- number check ---------------------------------------------------------------------------
def check_ask() -> str:
    return _("Escribe el número que quieres consultar.")


def check_invalid() -> str:
    return _("Ese no parece un número de teléfono. Escríbelo de nuevo, o 0 para volver.")


def check_limit() -> str:
    return _("Ya hiciste muchas consultas hoy. Intenta mañana.")


def check_answer(category: str) -> str:
    if category == "extortion":
        return _("Ese número fue reportado más de una vez por extorsión. Ten cuidado.")
    if category == "dangerous":
        return _("Ese número fue reportado más de una vez como peligroso. Ten cuidado.")
    return _("No tenemos reportes de ese número.")


# -- zones ----------------------------------------------------------------------------------
def zones_menu(names: list[str]) -> tuple[str, list[tuple[str, str]]]:
    current = ", ".join(names) if names else _("ninguna")
    options = [("1", _("Agregar una zona")), ("2", _("Quitar una zona")), ("0", _("Volver"))]
    text = _("Recibes avisos de: %(zones)s") % {"zones": current}
    return text + "\n" + _lines(options), options


def zones_ask() -> str:
    return _("Escribe el nombre del distrito.")


def zones_unknown() -> str:
    return _("No reconocí ese distrito. Escríbelo de nuevo, o 0 para volver.")


# -- erase ----------------------------------------------------------------------------------
def erase_confirm() -> str:
    return _(
        "Esto borra tu número, tus mensajes y tus archivos. Lo que contaste queda sin tu nombre. "
        "Para confirmar escribe BORRAR. Para cancelar escribe 0."
    )


def erase_done() -> str:
    return _("Listo. Borramos tus datos.")


def _lines(options: list[tuple[str, str]]) -> str:
    return "\n".join(f"{key} {label}" for key, label in options)
