"""Reference data: the 12 BRAA municipalities and the region's three programmes.

Sources: Business Region Aarhus, "Produktion og Viden" (25.4.2018), and the national registers (DAGI).
"""

from django.db import transaction

from .models import Municipality, Programme, ProgrammeParticipation

# (name, kommunekode, slug)
MUNICIPALITIES = [
    ("Aarhus", "0751", "aarhus"),
    ("Favrskov", "0710", "favrskov"),
    ("Hedensted", "0766", "hedensted"),
    ("Horsens", "0615", "horsens"),
    ("Norddjurs", "0707", "norddjurs"),
    ("Odder", "0727", "odder"),
    ("Randers", "0730", "randers"),
    ("Samsø", "0741", "samsoe"),
    ("Silkeborg", "0740", "silkeborg"),
    ("Skanderborg", "0746", "skanderborg"),
    ("Syddjurs", "0706", "syddjurs"),
    ("Viborg", "0791", "viborg"),
]

Status = ProgrammeParticipation.Status

PROGRAMMES = [
    {
        "slug": "hop-in",
        "name": "HOP-IN – Hands On Production – Innovation and New Ideas",
        "short_description": (
            "Et læringsforløb i den åbne skole for alle 7. klasser i en kommune: i en uge arbejder eleverne "
            "med produktion på skemaet. Hver klasse kobles med en lokal virksomhed, elever fra lokale "
            "ungdomsuddannelser er tutorer, og de involverede læreres kompetencer udvikles. Formålet er "
            "indsigt i, hvad en erhvervsuddannelse kan føre til, og læring og innovation i tråd med "
            "læringsmålene. Hedensted Kommune har kørt HOP-IN i fire år; i 2017 blev det afprøvet i "
            "Syddjurs, Odder og Skanderborg. I 2013 blev 28 klasser (609 elever) i Hedensted koblet med "
            "26 virksomheder, og i 2017 deltog 1.325 elever i Hedensted, Syddjurs, Skanderborg og Odder."
        ),
        "short_description_en": (
            "A learning course within the open school for every 7th-grade class of a municipality: for one "
            "week the pupils work with production on the timetable. Each class is paired with a local "
            "company, students from local youth educations act as tutors, and the teachers involved build "
            "their competences. The purpose is insight into what a vocational education can lead to, and "
            "learning and innovation in line with the learning goals. Hedensted Municipality ran HOP-IN "
            "for four years; in 2017 it was piloted in Syddjurs, Odder and Skanderborg. In 2013, 28 classes "
            "(609 pupils) in Hedensted were paired with 26 companies; in 2017, 1,325 pupils took part in "
            "Hedensted, Syddjurs, Skanderborg and Odder."
        ),
        "coordinator": "Business Region Aarhus",
        "funder": "",
        "funding_dkk": None,
        "start_year": 2013,
        "end_year": None,
        "website": "",
        "participations": [
            ("0766", Status.ACTIVE, 2013, None, "Kørte HOP-IN i fire år før pilotforløbene i 2017."),
            ("0706", Status.PILOT, 2017, 2017, "Pilotforløb i 2017."),
            ("0727", Status.PILOT, 2017, 2017, "Pilotforløb i 2017."),
            ("0746", Status.PILOT, 2017, 2017, "Pilotforløb i 2017."),
        ],
    },
    {
        "slug": "jet-net",
        "name": "Jet-Net",
        "short_description": (
            "Et netværk for samarbejde mellem skoler og virksomheder, koordineret af Naturvidenskabernes "
            "Hus i Bjerringbro (Jet-Net.dk, i dag Tektanken). BRAA startede i slutningen af 2016 et "
            "toårigt projekt, der udbreder samarbejdsmodellerne i tre trin: 1) kendskab til modellerne og "
            "deres effekt i erhvervsråd og erhvervsafdelinger, 2) kendskab blandt skoleledere og ledere af "
            "ungdomsuddannelser, 3) støtte til ungdomsuddannelser, der indgår samarbejdsaftaler med "
            "virksomheder i nærheden. Målet er mindst tre konkrete samarbejdsaftaler i hver kommune."
        ),
        "short_description_en": (
            "A network for school–company cooperation coordinated by Naturvidenskabernes Hus in Bjerringbro "
            "(Jet-Net.dk, since renamed Tektanken). At the end of 2016 BRAA started a two-year project to "
            "spread its cooperation models in three steps: 1) awareness of the models and their effect "
            "among business councils and business departments, 2) awareness among school leaders and "
            "leaders of youth educations, 3) support for youth educations entering cooperation agreements "
            "with companies nearby. The goal is at least three concrete cooperation agreements in each "
            "municipality."
        ),
        "coordinator": "Naturvidenskabernes Hus",
        "funder": "",
        "funding_dkk": None,
        "start_year": 2016,
        "end_year": 2018,
        "website": "",
        "participations": [
            (code, Status.ACTIVE, 2016, 2018, "")
            for code in (
                "0791",
                "0615",
                "0766",
                "0740",
                "0706",
            )  # Viborg, Horsens, Hedensted, Silkeborg, Syddjurs
        ],
    },
    {
        "slug": "fremtidens-skole",
        "name": "Sammen skaber vi fremtidens skole",
        "short_description": (
            "Naturvidenskabernes Hus driver projektet med 6,6 mio. kr. fra A.P. Møller Fonden i fire år fra "
            "2016 i 10 kommuner. Lærere uddannes sammen i at planlægge tværfaglig naturfagsundervisning "
            "med inddragelse af erhvervslivet og andre aktører, så eleverne arbejder med autentiske "
            "problemstillinger og ser fremtidens job. Målet er varigt samarbejde mellem kommunens skoler "
            "og et netværk af lokale virksomheder, organisationer og foreninger – et lokalt netværk med "
            "kompetente ressourcepersoner, der fører aktiviteterne videre, når projektet slutter."
        ),
        "short_description_en": (
            "Run by Naturvidenskabernes Hus with DKK 6.6 million from the A.P. Møller Foundation for four "
            "years from 2016 in 10 municipalities. Teachers are trained together to plan cross-subject "
            "science teaching tied to business and other actors, so that pupils work on authentic problems "
            "and see future jobs. The aim is durable cooperation between the municipality's schools and a "
            "network of local companies, organisations and associations – a local network with competent "
            "resource persons who carry the activities on after the project ends."
        ),
        "coordinator": "Naturvidenskabernes Hus",
        "funder": "A.P. Møller og Hustru Chastine Mc-Kinney Møllers Fond til almene Formaal",
        "funding_dkk": 6_600_000,
        "start_year": 2016,
        "end_year": 2019,
        "website": "",
        "participations": [
            (code, Status.ACTIVE, 2016, 2019, "")
            # Norddjurs, Viborg, Odder, Randers, Favrskov, Syddjurs
            for code in ("0707", "0791", "0727", "0730", "0710", "0706")
        ],
    },
]


@transaction.atomic
def load_reference_data() -> None:
    """Create or update the municipalities, programmes and participations; safe to run again."""
    for name, code, slug in MUNICIPALITIES:
        Municipality.objects.update_or_create(code=code, defaults={"name": name, "slug": slug})
    by_code = {m.code: m for m in Municipality.objects.all()}
    for data in PROGRAMMES:
        fields = {key: value for key, value in data.items() if key not in ("slug", "participations")}
        programme, _created = Programme.objects.update_or_create(slug=data["slug"], defaults=fields)
        for code, status, from_year, to_year, notes in data["participations"]:
            ProgrammeParticipation.objects.update_or_create(
                programme=programme,
                municipality=by_code[code],
                defaults={"status": status, "from_year": from_year, "to_year": to_year, "notes": notes},
            )
