"""A local stand-in for the CVR register's Elasticsearch service, and documents in its shape.

The documents follow what `cvr-permanent` returns: a company (`Vrvirksomhed`) carries its history
(`navne`, `beliggenhedsadresse` with periods), the newest values in `virksomhedMetadata`, and its
production units as `penheder` (P-number and period); a production unit (`VrproduktionsEnhed`) has the
same layout under `produktionsEnhedMetadata`. Numbers are JSON numbers, as the register sends them.
"""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USER = "PORTAL_CVR_I_SKYEN"
PASSWORD = "0f1e2d3c-secret"

# What the `register` fixture (conftest.py) holds.
MASKINFABRIK = 37160474
BRYGHUS = 38395041
UNKNOWN = 51975278
ODDER_UNIT, SKANDERBORG_UNIT, ENDED_UNIT = 1018234567, 1020345678, 1003456789


def address(street, number, postcode, city, municipality_code, municipality_name, **extra):
    """A register address; `extra` sets bogstavFra, etage, sidedoer and the like."""
    return {
        "landekode": "DK",
        "fritekst": None,
        "vejkode": 1234,
        "kommune": {
            "kommuneKode": municipality_code,
            "kommuneNavn": municipality_name,
            "periode": {"gyldigFra": "2007-01-01", "gyldigTil": None},
            "sidstOpdateret": "2006-11-13T00:00:00.000+01:00",
        },
        "husnummerFra": number,
        "adresseId": "0a3f50a0-4a1f-32b8-e044-0003ba298018",
        "sidstValideret": "2024-05-02T10:11:12.000+02:00",
        "husnummerTil": None,
        "bogstavFra": None,
        "bogstavTil": None,
        "etage": None,
        "sidedoer": None,
        "conavn": None,
        "postboks": None,
        "vejnavn": street,
        "bynavn": None,
        "postnummer": postcode,
        "postdistrikt": city,
        **extra,
    }


def _period(start, end=None):
    return {"gyldigFra": start, "gyldigTil": end}


def company(cvr, name, location, *, units=(), ended_units=(), protected=False, old_name=None):
    """A `Vrvirksomhed` document; `ended_units` are P-numbers that once belonged to the company."""
    names = [
        {"navn": name, "periode": _period("2012-01-01"), "sidstOpdateret": "2012-01-05T09:00:00.000+01:00"}
    ]
    if old_name:
        names.insert(0, {"navn": old_name, "periode": _period("2001-03-01", "2011-12-31")})
    current_location = {
        **location,
        "periode": _period("2015-06-01"),
        "sidstOpdateret": "2015-06-02T08:00:00.000+02:00",
    }
    return {
        "cvrNummer": cvr,
        "enhedsNummer": 4000000000 + cvr % 1000000,
        "enhedstype": "VIRKSOMHED",
        "reklamebeskyttet": protected,
        "regNummer": [],
        "navne": names,
        "binavne": [],
        "beliggenhedsadresse": [current_location],
        "postadresse": [],
        "telefonNummer": [],
        "elektroniskPost": [],
        "hovedbranche": [
            {
                "branchekode": "282900",
                "branchetekst": "Fremstilling af andre maskiner",
                "periode": _period("2008-01-01"),
            }
        ],
        "virksomhedsstatus": [{"status": "NORMAL", "periode": _period("2001-03-01")}],
        "virksomhedsform": [
            {"virksomhedsformkode": 60, "kortBeskrivelse": "A/S", "langBeskrivelse": "Aktieselskab"}
        ],
        "penheder": [
            {"pNummer": p_number, "periode": _period("2001-03-01", "2010-08-31"), "sidstOpdateret": None}
            for p_number in ended_units
        ]
        + [
            {
                "pNummer": p_number,
                "periode": _period("2015-06-01"),
                "sidstOpdateret": "2015-06-02T08:00:00.000+02:00",
            }
            for p_number in units
        ],
        "deltagerRelation": [],
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": name, "periode": _period("2012-01-01")},
            "nyesteBinavne": [],
            "nyesteBeliggenhedsadresse": current_location,
            "nyesteHovedbranche": {"branchekode": "282900", "branchetekst": "Fremstilling af andre maskiner"},
            "nyesteVirksomhedsform": {"virksomhedsformkode": 60, "kortBeskrivelse": "A/S"},
            "nyesteKontaktoplysninger": [],
            "antalPenheder": len(units),
            "sammensatStatus": "NORMAL",
            "stiftelsesDato": "2001-03-01",
        },
        "sidstOpdateret": "2024-05-02T10:11:12.000+02:00",
    }


def unit(p_number, cvr, name, location, *, protected=False):
    """A `VrproduktionsEnhed` document belonging to company `cvr`."""
    current_location = {**location, "periode": _period("2015-06-01")}
    return {
        "pNummer": p_number,
        "enhedsNummer": 4100000000 + p_number % 1000000,
        "enhedstype": "PRODUKTIONSENHED",
        "reklamebeskyttet": protected,
        "navne": [{"navn": name, "periode": _period("2015-06-01")}],
        "beliggenhedsadresse": [current_location],
        "virksomhedsrelation": [{"cvrNummer": cvr, "periode": _period("2015-06-01")}],
        "livsforloeb": [{"periode": _period("2015-06-01")}],
        "produktionsEnhedMetadata": {
            "nyesteNavn": {"navn": name, "periode": _period("2015-06-01")},
            "nyesteBeliggenhedsadresse": current_location,
            "nyesteCvrNummerRelation": cvr,
            "sammensatStatus": "Aktiv",
        },
    }


def search_response(kind, documents, index):
    """The register's answer to a search: Elasticsearch's envelope around `{kind: document}` sources."""
    return {
        "took": 4,
        "timed_out": False,
        "_shards": {"total": 6, "successful": 6, "skipped": 0, "failed": 0},
        "hits": {
            "total": len(documents),
            "max_score": 11.7 if documents else None,
            "hits": [
                {
                    "_index": index,
                    "_type": "_doc",
                    "_id": str(i + 1),
                    "_score": 11.7,
                    "_source": {kind: document},
                }
                for i, document in enumerate(documents)
            ],
        },
    }


class FakeRegister:
    """An HTTP server on 127.0.0.1 answering `virksomhed/_search` and `produktionsenhed/_search`.

    It answers term queries on `Vrvirksomhed.cvrNummer` and terms queries on `VrproduktionsEnhed.pNummer`
    from the documents added to it, answers 401 without the right basic credentials, and records every
    request. `fail_with(...)` makes it answer every request with a status, raw bytes, or after a delay.
    """

    def __init__(self):
        self.companies = {}
        self.units = {}
        self.requests = []
        self.failure = None
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.handle_error = lambda request, client_address: None  # a client that gave up
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}/cvr-permanent"

    def add(self, company_document, *unit_documents):
        self.companies[company_document["cvrNummer"]] = company_document
        for document in unit_documents:
            self.units[document["pNummer"]] = document

    def fail_with(self, *, status=200, body=b"", delay=0.0):
        self.failure = (status, body, delay)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path, body):
        if path == "/cvr-permanent/virksomhed/_search":
            cvr = body["query"]["term"]["Vrvirksomhed.cvrNummer"]
            found = [self.companies[cvr]] if cvr in self.companies else []
            return search_response("Vrvirksomhed", found, "cvr-v-20220630")
        if path == "/cvr-permanent/produktionsenhed/_search":
            wanted = body["query"]["terms"]["VrproduktionsEnhed.pNummer"]
            found = [self.units[p_number] for p_number in wanted if p_number in self.units]
            return search_response("VrproduktionsEnhed", found, "cvr-p-20200115")
        return None

    def _handler(self):
        register = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                register.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(raw)}
                )
                expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._send(401, b'{"error": "unauthorized"}')
                if register.failure:
                    status, body, delay = register.failure
                    register.release.wait(delay)
                    return self._send(status, body)
                answer = register.answer(self.path, json.loads(raw))
                if answer is None:
                    return self._send(404, b'{"error": "no such index"}')
                return self._send(200, json.dumps(answer).encode())

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        return Handler
