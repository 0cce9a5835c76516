"""Invented articles for the fake news site (no real article, names invented)."""

from __future__ import annotations

FILLER = (
    "Vecinos de la zona contaron que los cobradores pasan todas las noches y que nadie se"
    " atreve a denunciar. Organizaciones de trabajadoras sexuales pidieron a las autoridades"
    " que investiguen el caso y que protejan a las compañeras que siguen trabajando en la"
    " misma cuadra. La comisaría del sector abrió una investigación y revisa las cámaras de"
    " seguridad de los negocios cercanos."
)
LINCE = [
    "Una trabajadora sexual colombiana de 31 años fue asesinada a balazos el 10 de marzo en"
    " una esquina de Lince. Según sus compañeras, sicarios de Los Gallegos le exigían un cupo"
    " de 250 soles semanales.",
    FILLER,
]
SJL = [
    "Una mujer trans venezolana de 27 años que ejercía el trabajo sexual fue asesinada el"
    " pasado sábado en San Juan de Lurigancho, frente al hostal Los Pinos. Sus compañeras"
    " señalan al Tren de Aragua, que le cobraba un cupo semanal que ella se negó a pagar.",
    FILLER,
]
SJL_COPY = [
    "Una mujer trans venezolana de 27 años que ejercía el trabajo sexual fue asesinada el"
    " pasado sábado en San Juan de Lurigancho, frente al hostal Los Pinos. Sus compañeras"
    " señalan al Tren de Aragua, que le cobraba un cupo semanal que ella se negó a pagar.",
    FILLER + " Con información de la agencia.",
]
BUS = [
    "Un chofer de la empresa de transportes Santa Catalina fue asesinado el pasado sábado en"
    " Comas por negarse a pagar el cupo diario que le exigían extorsionadores. Sus colegas"
    " anunciaron un paro de transportistas para exigir seguridad en las rutas del norte de"
    " Lima. La policía investiga a una banda que cobra a las empresas de buses y combis.",
    "Los gremios de transporte pidieron declarar el estado de emergencia en el distrito y"
    " recordaron que otros conductores fueron atacados en las últimas semanas. El gobierno"
    " anunció más patrullaje en los paraderos y terminales de la zona.",
]
PORTUGUESE = [
    "Uma trabalhadora do sexo foi morta no sábado em São Paulo, segundo a polícia, que não"
    " tem suspeitos. A vítima tinha sido ameaçada por um grupo que cobrava dinheiro das"
    " mulheres que trabalham na região, disseram as colegas dela para a reportagem.",
]
STUB = ["Una trabajadora sexual fue atacada en Breña. Suscríbete para seguir leyendo."]
