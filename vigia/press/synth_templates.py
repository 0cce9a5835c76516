"""Templates of synthetic news articles, written for this project (no real article is copied).

Each category holds title and lead templates and detail sentences. ``synth.py`` fills the
slots with invented names, districts, amounts and dates, and splits every list by position
(even entries for training, odd ones for evaluation), so the evaluation set is written in
sentences the model never saw.

Slots: {V} victim phrase starting a sentence, {v} the same inside a sentence, {name} an
invented name, {d} a district, {g} a faction, {when} the event date written relative to the
publication date, {amt} an amount in soles, {n} a count word, {city} a city abroad.
"""

from __future__ import annotations

from typing import Final

# category -> (label, main event type or "", killed per article: "n" = the {n} count)
CATEGORIES: Final[dict[str, tuple[bool, str, str]]] = {
    "murder": (True, "murder", "1"),
    "double_murder": (True, "murder", "n"),
    "disappearance": (True, "disappearance", "0"),
    "extortion": (True, "extortion_demand", "0"),
    "attack": (True, "assault", "0"),
    "kidnapping": (True, "kidnapping", "0"),
    "police_abuse": (True, "police_abuse", "0"),
    "murder_en": (True, "murder", "1"),
    "extortion_en": (True, "extortion_demand", "0"),
    # near misses
    "transport": (False, "", "0"),
    "shopkeepers": (False, "", "0"),
    "gang_news": (False, "", "0"),
    "abroad": (False, "", "0"),
    "sexwork_rights": (False, "", "0"),
    "near_miss_en": (False, "", "0"),
    # other news
    "other": (False, "", "0"),
}
NEAR_MISSES: Final = frozenset(
    {"transport", "shopkeepers", "gang_news", "abroad", "sexwork_rights", "near_miss_en"}
)
ENGLISH: Final = frozenset({"murder_en", "extortion_en", "near_miss_en"})

TITLES: Final[dict[str, list[str]]] = {
    "murder": [
        "Asesinan a {v} en {d}",
        "{d}: matan a balazos a {v}",
        "Hallan sin vida a {v} en {d}",
        "Crimen en {d}: {v} es asesinada por no pagar cupo",
        "Sicarios acaban con la vida de {v} en {d}",
        "Matan a {v} frente a un hostal de {d}",
        "Trabajadora sexual asesinada en {d}; sospechan de {g}",
        "Ejecutan a {v} en una calle de {d}",
        "Matan a mujer trans en {d}",
        "Asesinan a joven extranjera en {d}",
    ],
    "double_murder": [
        "Asesinan a {n} trabajadoras sexuales en {d}",
        "Doble crimen en {d}: matan a {n} mujeres que ejercían el trabajo sexual",
        "{d}: sicarios asesinan a {n} trabajadoras sexuales",
        "Masacre en {d}: {n} trabajadoras sexuales muertas a balazos",
    ],
    "disappearance": [
        "Buscan a {v} desaparecida en {d}",
        "Familia denuncia la desaparición de {v} en {d}",
        "{d}: {v} lleva días desaparecida",
        "Reportan desaparecida a {v} tras salir a trabajar en {d}",
        "Compañeras buscan a {v} que desapareció en {d}",
        "Desaparece {v} que era extorsionada en {d}",
    ],
    "extortion": [
        "{g} cobra cupos a trabajadoras sexuales en {d}",
        "Extorsionan a trabajadoras sexuales de {d} con cupos semanales",
        "Trabajadoras sexuales de {d} denuncian cobro de cupos",
        "Amenazan de muerte a trabajadoras sexuales que no pagan cupo en {d}",
        "{d}: extorsionadores exigen {amt} soles a trabajadoras sexuales",
        "Cobro de cupos: así extorsionan a mujeres trans en {d}",
        "Denuncian que {g} cobra 'derecho de piso' a trabajadoras sexuales de {d}",
        "Trabajadoras sexuales reciben amenazas por WhatsApp en {d}",
    ],
    "attack": [
        "Atacan a balazos a {v} en {d}",
        "Golpean brutalmente a {v} en {d}",
        "Disparan contra {v} en {d} por no pagar cupo",
        "{d}: acuchillan a {v}",
        "Hieren de bala a {v} en {d}",
        "Agreden a {v} en {d}; la víctima está grave",
        "Balean a mujer trans en {d}",
        "{d}: atacan a joven en una esquina",
    ],
    "kidnapping": [
        "Secuestran a {v} en {d}",
        "{v} fue secuestrada y torturada en {d}",
        "Liberan a {v} tras tres días de secuestro en {d}",
        "Rescatan a {v} secuestrada por extorsionadores en {d}",
    ],
    "police_abuse": [
        "Denuncian a policías por golpear a {v} en {d}",
        "Serenos agreden a trabajadoras sexuales en {d}",
        "Agentes acusados de extorsionar a trabajadoras sexuales en {d}",
        "{d}: mujeres trans denuncian abuso policial durante operativo",
        "Trabajadoras sexuales acusan a serenazgo de robarles en {d}",
        "Policías habrían exigido coimas a trabajadoras sexuales de {d}",
    ],
    "murder_en": [
        "Sex worker shot dead in Lima's {d} district",
        "Trans woman killed in {d}, Lima, after refusing to pay extortion",
        "Gang suspected in murder of sex worker in {d}",
        "Body of missing sex worker found in {d}, Peru",
    ],
    "extortion_en": [
        "Gangs charge Lima sex workers weekly 'quotas' in {d}",
        "Sex workers in {d} say extortionists demand {amt} soles a week",
        "Lima's sex workers threatened by {g} over unpaid fees",
        "Extortion of sex workers spreads in Lima's {d}",
    ],
    "transport": [
        "Asesinan a chofer de bus en {d} por no pagar cupo",
        "Transportistas de {d} paralizan por extorsiones",
        "Atacan a balazos un bus de la empresa {company} en {d}",
        "Extorsionadores exigen cupo a mototaxistas de {d}",
        "Matan a mototaxista en {d}; sospechan de {g}",
        "Choferes de {d} denuncian cobro de cupos diarios",
        "Paro de transportistas por ola de extorsiones en {d}",
        "Sicarios disparan contra conductor de combi en {d}",
    ],
    "shopkeepers": [
        "Extorsionadores atacan bodega en {d}",
        "Comerciantes de {d} denuncian cobro de cupos",
        "Detonan explosivo en tienda de {d} por no pagar cupo",
        "Asesinan a comerciante de mercado en {d}",
        "Dueño de restaurante de {d} recibe amenazas de {g}",
        "Ferreteros de {d} pagan {amt} soles semanales a extorsionadores",
    ],
    "gang_news": [
        "Capturan a cabecilla de {g} en {d}",
        "Cae alias '{alias}', presunto líder de {g}",
        "PNP desarticula banda vinculada a {g} en {d}",
        "Enfrentamiento entre facciones del Tren de Aragua deja heridos en {d}",
        "Extraditan a miembro de {g} desde Colombia",
        "Incautan armas de {g} en operativo en {d}",
        "Fiscalía acusa a {n} integrantes de {g}",
        "{g}: así opera la facción que disputa el control de {d}",
    ],
    "abroad": [
        "Rescatan a {n} peruanas víctimas de trata en {city}",
        "Desarticulan red que explotaba sexualmente a mujeres peruanas en {city}",
        "Peruana víctima de explotación sexual denuncia a sus captores en {city}",
        "Condenan a tratantes que llevaron a jóvenes peruanas a {city}",
        "Asesinan a trabajadora sexual en {city}; la policía local investiga",
        "Policía de {city} libera a mujeres explotadas en un prostíbulo",
    ],
    "sexwork_rights": [
        "Municipalidad de {d} debate ordenanza sobre trabajo sexual",
        "Trabajadoras sexuales piden reconocimiento laboral en el Congreso",
        "Campaña de salud ofrece pruebas de VIH a trabajadoras sexuales en {d}",
        "Documental retrata la vida de trabajadoras sexuales en Lima",
        "Colectivo de trabajadoras sexuales lanza cooperativa de ahorro",
        "Proyecto de ley propone registrar a trabajadoras sexuales",
        "Trabajadoras sexuales trans reciben capacitación en {d}",
        "Encuesta: cómo cambió el trabajo sexual tras la pandemia",
        "Trabajadoras sexuales marchan en Lima para pedir seguridad",
        "Trabajadoras sexuales de {d} exigen protección a la municipalidad",
    ],
    "near_miss_en": [
        "Lima bus drivers strike over gang extortion",
        "Peruvian police arrest leader of {g} faction",
        "Peruvian women rescued from trafficking ring in {city}",
        "Lima sex workers campaign for labor rights",
        "Shopkeepers in Lima's {d} targeted by extortion gangs",
        "Documentary follows trans sex workers in Lima",
    ],
    "other": [
        "Roban celular a turista en {d}",
        "Incendio consume almacén en {d}",
        "Municipalidad de {d} inaugura parque",
        "Choque entre dos autos deja heridos en {d}",
        "Capturan a ladrones de autopartes en {d}",
        "Vecinos de {d} denuncian falta de agua",
        "Mujer es asesinada por su expareja en {d}",
        "Detienen a sujeto por robo a mano armada en {d}",
        "Asesinan a joven venezolana en {d}",
        "Matan a mujer trans en asalto en {d}",
        "Balean a joven en una esquina de {d}",
        "Hallan sin vida a mujer en {d}",
    ],
}

LEADS: Final[dict[str, list[str]]] = {
    "murder": [
        "{V} fue asesinada {when} en {d}. Según testigos, dos hombres en moto le dispararon"
        " mientras esperaba clientes.",
        "{when_cap}, {v} murió tras recibir varios disparos en una esquina de {d}. Sus"
        " compañeras contaron que le exigían un cupo semanal de {amt} soles.",
        "La policía encontró el cuerpo de {v} en un terreno baldío de {d}. La mujer había"
        " sido vista por última vez {when}.",
        "{V}, identificada como {name}, fue ejecutada {when} en {d}. Sus compañeras señalan"
        " a {g}, que le cobraba cupos.",
        "Un sicario mató {when} a {v} en {d}. Ella se había negado a pagar la cuota que le"
        " exigía {g}.",
        "{name}, {v}, fue hallada sin vida en un hostal de {d}. El crimen ocurrió {when}.",
        "{V} fue asesinada a balazos {when} en {d}, días después de recibir amenazas por no"
        " pagar el cupo.",
        "Vecinos de {d} escucharon disparos {when} y encontraron a {v} tendida en la vereda.",
    ],
    "double_murder": [
        "{n_cap} trabajadoras sexuales fueron asesinadas {when} en {d}. Ambas habían sido"
        " amenazadas por no pagar cupos.",
        "Sicarios mataron {when} a {n} mujeres que ejercían el trabajo sexual en {d}, según la"
        " policía.",
        "{when_cap}, {n} trabajadoras sexuales murieron baleadas en una calle de {d}. Sus"
        " compañeras culpan a {g}.",
        "Los cuerpos de {n} trabajadoras sexuales fueron encontrados en {d}; las mataron {when}.",
    ],
    "disappearance": [
        "{V} desapareció {when} en {d} y su familia no sabe nada de ella.",
        "La familia de {name}, {v}, denunció su desaparición. Fue vista por última vez {when}"
        " en {d}.",
        "Compañeras de {v} la buscan desde {when}, cuando salió a trabajar en {d} y no regresó.",
        "{V} no da señales de vida desde {when}. Había denunciado cobros de cupos en {d}.",
        "{name}, {v}, está desaparecida desde {when}; trabajaba en una calle de {d}.",
        "Reportan la desaparición de {v} en {d}. Fue vista {when} subiendo a un auto.",
    ],
    "extortion": [
        "Trabajadoras sexuales de {d} denunciaron que {g} les exige un cupo de {amt} soles"
        " semanales y amenaza con matarlas si no pagan.",
        "Mujeres que ejercen el trabajo sexual en {d} pagan {amt} soles a la semana por Yape"
        " a cobradores de {g}, según su testimonio.",
        "{when_cap}, trabajadoras sexuales de {d} recibieron mensajes de WhatsApp con"
        " amenazas: deben pagar {amt} soles o 'atenerse a las consecuencias'.",
        "En {d}, {g} cobra una inscripción de {amt} soles a cada trabajadora sexual y luego"
        " un cupo semanal.",
        "Las trabajadoras sexuales de {d} viven con miedo: extorsionadores les piden {amt}"
        " soles cada semana y las amenazan con armas.",
        "Una trabajadora sexual de {d} contó que le cobran {amt} soles de 'derecho de piso' y"
        " que {g} la amenazó de muerte {when}.",
        "Cobradoras de {g} visitan a diario a las trabajadoras sexuales de {d} para exigir"
        " el pago de {amt} soles.",
        "Mujeres trans que ejercen el trabajo sexual en {d} denuncian que les exigen {amt}"
        " soles semanales por trabajar en la zona.",
    ],
    "attack": [
        "{V} fue atacada a balazos {when} en {d} por sujetos que le exigían el pago de un"
        " cupo. Está internada en un hospital.",
        "Desconocidos golpearon a {v} {when} en {d}. Ella había dejado de pagar la cuota semanal.",
        "{V} resultó herida de bala {when} en {d}; sus compañeras dicen que la amenazaban.",
        "Un hombre acuchilló a {v} {when} en {d}, tras una discusión por el pago de un cupo.",
        "{when_cap}, {v} fue agredida en {d} por cobradores de {g}.",
        "{V} recibió dos disparos en las piernas {when} en {d}, como castigo por no pagar.",
    ],
    "kidnapping": [
        "{V} fue secuestrada {when} en {d} por extorsionadores que la retuvieron tres días.",
        "Extorsionadores se llevaron a {v} {when} en {d} y exigieron dinero a sus compañeras.",
        "{V} contó que la subieron a un auto {when} en {d} y la tuvieron encerrada.",
        "La policía rescató a {v}, secuestrada {when} en {d} por miembros de {g}.",
    ],
    "police_abuse": [
        "{V} denunció que policías la golpearon y le robaron su dinero {when} en {d}.",
        "Trabajadoras sexuales de {d} acusan a serenos de agredirlas {when} durante un"
        " operativo municipal.",
        "Agentes de la comisaría de {d} habrían exigido coimas a trabajadoras sexuales a"
        " cambio de dejarlas trabajar.",
        "{when_cap}, serenos de {d} detuvieron sin motivo a {v} y la golpearon.",
        "Mujeres trans de {d} denuncian que policías las detuvieron y les quitaron su dinero"
        " {when}.",
        "{V} acusa a dos policías de abuso sexual durante una intervención en {d}.",
    ],
    "murder_en": [
        "A {ve} was shot dead {when_en} in Lima's {d} district after refusing to pay a weekly"
        " extortion fee to {g}, her colleagues said.",
        "Police in Lima are investigating the killing of a {ve} in {d}. She had received"
        " threats for not paying the quota.",
        "The body of a {ve} was found in {d}, Lima. Friends said gang members had demanded"
        " {amt} soles a week.",
        "Gunmen on a motorcycle killed a {ve} in {d}, Lima, in what colleagues describe as"
        " punishment for unpaid extortion.",
    ],
    "extortion_en": [
        "Sex workers in Lima's {d} district say {g} collectors demand {amt} soles a week and"
        " threaten to kill those who do not pay.",
        "Women selling sex on the streets of {d}, Lima, pay weekly fees to extortionists"
        " through mobile wallets like Yape.",
        "Trans sex workers in {d} report threats by WhatsApp from {g}, which charges them"
        " {amt} soles to work.",
        "In Lima's {d}, gangs charge each sex worker a registration fee and a weekly quota,"
        " local advocates say.",
    ],
    "transport": [
        "Un chofer de la empresa {company} fue asesinado {when} en {d} por negarse a pagar"
        " el cupo diario que le exigían extorsionadores.",
        "Los transportistas de {d} denunciaron que {g} les cobra {amt} soles semanales por"
        " cada unidad.",
        "Sicarios dispararon {when} contra un bus de la empresa {company} en {d}. El conductor"
        " resultó herido.",
        "Mototaxistas de {d} denuncian que extorsionadores les exigen {amt} soles a la semana"
        " para dejarlos trabajar.",
        "Un mototaxista fue asesinado {when} en {d}; sus colegas dicen que lo amenazaban por"
        " no pagar el cupo.",
        "Choferes de combis en {d} pagan cupos diarios a una banda vinculada a {g}.",
        "Transportistas de {d} acatan un paro tras el asesinato de un cobrador de bus {when}.",
        "Un conductor de colectivo recibió mensajes con amenazas de {g} y luego balearon su"
        " vehículo en {d}.",
    ],
    "shopkeepers": [
        "Extorsionadores detonaron un explosivo {when} en una bodega de {d} cuyo dueño se"
        " negó a pagar {amt} soles.",
        "Comerciantes del mercado de {d} denunciaron que {g} les exige cupos semanales.",
        "El dueño de una tienda de {d} fue asesinado {when}; recibía amenazas por WhatsApp.",
        "Vendedores ambulantes de {d} pagan {amt} soles semanales a cobradores de {g}.",
        "Un restaurante de {d} fue atacado a balazos {when} tras no pagar el cupo exigido.",
        "Bodegueros de {d} cierran temprano por temor a extorsionadores que piden {amt} soles.",
    ],
    "gang_news": [
        "La policía capturó {when} en {d} a alias '{alias}', señalado como cabecilla de {g}.",
        "Agentes de la Dirincri detuvieron a {n} presuntos integrantes de {g} en {d} e"
        " incautaron armas y celulares.",
        "Un enfrentamiento entre facciones de {g} dejó heridos {when} en {d}, según la policía.",
        "La fiscalía pidió prisión preventiva para alias '{alias}', presunto líder de {g}.",
        "Miembros de {g} fueron capturados en {d} con explosivos y droga.",
        "{g} disputa el control de {d} con otra facción, según un informe policial.",
        "Alias '{alias}', de {g}, fue extraditado {when} y quedó a disposición de la justicia.",
        "La policía presentó a {n} detenidos de {g} acusados de extorsionar a constructoras.",
    ],
    "abroad": [
        "La policía de {city} rescató a {n} mujeres peruanas obligadas a prostituirse por una"
        " red de trata.",
        "Una red que captaba a jóvenes peruanas con falsas ofertas de empleo fue desarticulada"
        " en {city}.",
        "Una joven peruana denunció que fue llevada con engaños a {city} y explotada"
        " sexualmente durante meses.",
        "Un tribunal de {city} condenó a los tratantes que explotaban a mujeres peruanas en"
        " un club nocturno.",
        "Una trabajadora sexual fue asesinada {when} en {city}; la policía local busca al agresor.",
        "Agentes de {city} liberaron a mujeres sudamericanas retenidas en un prostíbulo.",
    ],
    "sexwork_rights": [
        "El concejo de {d} discutió {when} una ordenanza que regularía el trabajo sexual en"
        " la vía pública.",
        "Representantes de asociaciones de trabajadoras sexuales pidieron al Congreso"
        " reconocer su labor como trabajo.",
        "El Minsa realizó pruebas gratuitas de VIH y sífilis a trabajadoras sexuales en {d}.",
        "Un nuevo documental sigue a tres trabajadoras sexuales de Lima en su vida diaria.",
        "Una asociación de trabajadoras sexuales abrió una cooperativa de ahorro para sus"
        " integrantes.",
        "Un proyecto de ley busca crear un registro de trabajadoras sexuales con carné de salud.",
        "Mujeres trans que ejercen el trabajo sexual en {d} recibieron talleres de emprendimiento.",
        "Un estudio describe cómo cambió el trabajo sexual en Lima después de la pandemia.",
        "Trabajadoras sexuales marcharon {when} por el centro de Lima para pedir"
        " políticas de seguridad y acceso a la salud.",
        "Una asociación de trabajadoras sexuales de {d} presentó un pliego de demandas a la"
        " municipalidad, que incluye iluminación y patrullaje.",
    ],
    "near_miss_en": [
        "Bus drivers in Lima stopped work {when_en} to protest gang extortion of transport"
        " companies.",
        "Peruvian police arrested a man described as a leader of {g} in {d}.",
        "Police in {city} freed Peruvian women held by a sex trafficking network.",
        "Sex worker associations in Lima asked Congress to recognize their work as labor.",
        "Shop owners in {d} say extortion gangs demand {amt} soles a week.",
        "A new documentary follows the daily lives of trans sex workers in Lima.",
    ],
    "other": [
        "Un turista fue víctima del robo de su celular {when} en {d}.",
        "Un incendio destruyó {when} un almacén de {d}; no hubo víctimas.",
        "La municipalidad de {d} inauguró un parque con juegos para niños.",
        "Dos autos chocaron {when} en {d} y tres personas resultaron heridas.",
        "La policía capturó a una banda que robaba autopartes en {d}.",
        "Vecinos de {d} protestaron por la falta de agua potable.",
        "Una mujer fue asesinada {when} por su expareja en {d}; él fue detenido.",
        "Un hombre fue detenido tras asaltar a mano armada una farmacia en {d}.",
        "Una joven venezolana fue asesinada {when} en {d} por delincuentes que le robaron"
        " el celular; trabajaba como vendedora en un mercado.",
        "Una mujer trans, estilista de profesión, murió {when} en {d} durante un asalto a su"
        " salón de belleza.",
    ],
}

DETAILS: Final[dict[str, list[str]]] = {
    "relevant": [
        "Sus compañeras contaron que ella mantenía a sus dos hijos.",
        "La zona es controlada por cobradores que pasan todos los días.",
        "Las trabajadoras sexuales de la zona dicen que las amenazas llegan por WhatsApp.",
        "La comisaría del sector abrió una investigación.",
        "Organizaciones de trabajadoras sexuales exigieron justicia.",
        "Según sus compañeras, los extorsionadores exigían pagos por Yape.",
        "La víctima había migrado al Perú hace cuatro años.",
        "Una asociación de trabajadoras sexuales convocó a un plantón.",
    ],
    "near": [
        "La policía investiga el caso.",
        "Vecinos pidieron más patrullaje en la zona.",
        "Las autoridades anunciaron un plan contra la criminalidad.",
        "El caso está en manos de la fiscalía.",
        "Los gremios pidieron declarar el estado de emergencia.",
        "La investigación sigue abierta.",
    ],
    "en": [
        "Advocates say most cases are never reported to the police.",
        "Police said an investigation was under way.",
        "Local groups called for more protection.",
        "Colleagues held a vigil on the street where she worked.",
    ],
}

FIRST_NAMES: Final = [
    "Yuleisy", "Dayana", "Kiara", "Milagros", "Rosmery", "Genesis", "Thalia", "Nayeli",
    "Briggitte", "Luciana", "Yessenia", "Mariela", "Zuleika", "Anyeli", "Fiorella", "Dulce",
]  # fmt: skip
SURNAMES: Final = [
    "Carrasco", "Mendoza", "Paredes", "Villca", "Ochoa", "Rengifo", "Saldaña", "Urbina",
    "Torrealba", "Quiroga", "Maldonado", "Cárdenas", "Huamaní", "Lozada", "Bermúdez", "Ticona",
]  # fmt: skip
ALIASES: Final = ["El Flaco Rony", "Chamo Yeico", "El Gocho", "Care Niño", "Tío Brayan", "Kike"]
COMPANIES: Final = ["Santa Catalina", "El Rápido", "Los Cóndores", "Nueva América", "Etupsa 7"]
CITIES: Final = ["Madrid", "Santiago de Chile", "Buenos Aires", "Milán", "La Paz", "Tokio"]
# Districts where the stories happen (INEI names, as in the gazetteer).
DISTRICTS: Final = [
    "Lince", "San Juan de Lurigancho", "La Victoria", "Los Olivos", "Comas", "San Martín de Porres",
    "Independencia", "Puente Piedra", "Chorrillos", "Ate", "Villa El Salvador", "Breña", "Rímac",
    "Jesús María", "Surquillo", "San Juan de Miraflores", "Carabayllo", "Santa Anita",
]  # fmt: skip
FACTIONS: Final = [
    "el Tren de Aragua", "Los Gallegos", "Los Hijos de Dios", "la Dinastía Alayón",
    "una banda de extorsionadores", "Los Injertos del Cono",
]  # fmt: skip
