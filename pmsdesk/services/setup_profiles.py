"""What a new organisation starts with, chosen by its country and kind.

Each default is data the set-up turns into records (KPAs) or rule sets of
kind ``item_list`` (competency lists, criteria categories, attributes) that
an administrator edits afterwards on the Plans and Administration screens.
Every list names its source in its description; where the source is not the
regulation itself, the description says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pmsdesk.models import OrganisationKind

COUNTRIES = {"ZA": "South Africa", "KE": "Kenya", "TZ": "Tanzania"}

#: The kinds a new organisation can be, in the order the set-up offers them, with their countries.
KIND_CHOICES: tuple[tuple[OrganisationKind, str, tuple[str, ...]], ...] = (
    (OrganisationKind.LOCAL_MUNICIPALITY, "Local municipality", ("ZA",)),
    (OrganisationKind.DISTRICT_MUNICIPALITY, "District municipality", ("ZA",)),
    (OrganisationKind.METROPOLITAN_MUNICIPALITY, "Metropolitan municipality", ("ZA",)),
    (OrganisationKind.COUNTY, "County government", ("KE",)),
    (OrganisationKind.MINISTRY, "Ministry or state department", ("ZA", "KE", "TZ")),
    (OrganisationKind.DISTRICT_COUNCIL, "District council", ("TZ",)),
    (OrganisationKind.TOWN_COUNCIL, "Town council", ("TZ",)),
    (OrganisationKind.CITY_COUNCIL, "City council", ("TZ",)),
)
REGION_WORD = {"ZA": "Province", "KE": "County", "TZ": "Region"}

#: The five national KPAs of South African local government (Local Government: Municipal Planning and
#: Performance Management Regulations, 2001, and the 2006 Performance Regulations, R805, Annexure).
ZA_NATIONAL_KPAS: tuple[tuple[str, str], ...] = (
    ("MTID", "Municipal Transformation and Institutional Development"),
    ("BSD", "Basic Service Delivery"),
    ("LED", "Local Economic Development"),
    ("MFVM", "Municipal Financial Viability and Management"),
    ("GGPP", "Good Governance and Public Participation"),
)

#: Core Managerial competencies of the 2006 regulations (R805); the first three are compulsory.
ZA_CORE_COMPETENCIES: tuple[tuple[str, bool], ...] = (
    ("Financial Management", True),
    ("People Management and Empowerment", True),
    ("Client Orientation and Customer Focus", True),
    ("Strategic Capability and Leadership", False),
    ("Programme and Project Management", False),
    ("Change Management", False),
    ("Knowledge Management", False),
    ("Service Delivery Innovation", False),
    ("Problem Solving and Analysis", False),
    ("Communication", False),
    ("Honesty and Integrity", False),
)

#: Values and principles of public service, Constitution of Kenya 2010, Article 232(1) (shortened).
KE_PUBLIC_SERVICE_VALUES = (
    "High standards of professional ethics",
    "Efficient, effective and economic use of resources",
    "Responsive, prompt, effective, impartial and equitable service",
    "Accountability for administrative acts",
    "Transparency and timely, accurate information to the public",
)

#: TFN 832 section 6: the nine main factors of good performance and the quality attributes rated under each
#: (appraisee, supervisor and agreed mark, 1 best to 5 worst). Sources in the item list's description.
TZ_OPRAS_ATTRIBUTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Working relationships", ("Ability to work in a team", "Ability to get on with other staff",
                               "Ability to gain respect from others")),
    ("Communication and listening", ("Ability to express in writing", "Ability to express orally",
                                     "Ability to listen and comprehend",
                                     "Ability to train and develop subordinates")),
    ("Management and leadership", ("Ability to plan and organise", "Ability to lead, motivate and resolve conflicts",
                                   "Ability to initiate and innovate")),
    ("Performance in terms of quality", ("Ability to deliver accurate and high quality output on time",
                                         "Ability for resilience and persistence")),
    ("Performance in terms of quantity", ("Ability to meet demand", "Ability to handle extra work")),
    ("Responsibility and judgement", ("Ability to accept and fulfil responsibility",
                                      "Ability to make right decisions")),
    ("Customer focus", ("Ability to respond well to the customer",)),
    ("Loyalty", ("Ability to demonstrate followership skills", "Ability to provide ongoing support to supervisors",
                 "Ability to comply with lawful instructions of supervisors")),
    ("Integrity", ("Ability to devote working time exclusively to work-related duties",
                   "Ability to provide quality services without need for any inducements",
                   "Ability to apply knowledge to benefit the government and not for personal gain")),
)


@dataclass(frozen=True)
class ProfileDefaults:
    """What the set-up creates for one country and kind; ``describe()`` is what the wizard shows."""

    country: str
    kpas: tuple[tuple[str, str], ...]
    item_lists: tuple[dict[str, Any], ...]

    def describe(self) -> list[str]:
        lines = []
        if self.kpas:
            lines.append(f"{len(self.kpas)} national KPAs: " + "; ".join(name for _, name in self.kpas))
        for rules in self.item_lists:
            titles = [item["title"] for item in rules["body"]["items"]]
            lines.append(f"{rules['name']} ({len(titles)}): " + "; ".join(titles))
        return lines


def _item_list(code: str, name: str, description: str, applies_to: str,
               items: list[tuple[str, bool]], groups: dict[str, str] | None = None) -> dict[str, Any]:
    """An item list; ``groups`` gives an item's group (an OPRAS quality attribute's main factor)."""
    return {"code": code, "revision": 1, "kind": "item_list", "name": name, "description": description,
            "body": {"applies_to": applies_to,
                     "items": [{"title": title, "compulsory": compulsory,
                                **({"group": groups[title]} if groups and title in groups else {})}
                               for title, compulsory in items]}}


def _za(kind: OrganisationKind) -> ProfileDefaults:
    ccrs = _item_list(
        "za_ccr", "Section 56 core competency requirements",
        "Core Managerial competencies of the Local Government: Municipal Performance Regulations for "
        "Municipal Managers and Managers directly accountable to Municipal Managers, 2006 (GN R805), "
        "Annexure; compulsory: Financial Management, People Management and Empowerment, Client Orientation "
        "and Customer Focus. The 2014 competency framework (GN 21 of 2014) replaces this list for new "
        "appointments: edit it if your municipality uses the 2014 framework.",
        "ccr", list(ZA_CORE_COMPETENCIES))
    municipal = kind != OrganisationKind.MINISTRY
    return ProfileDefaults("ZA", ZA_NATIONAL_KPAS if municipal else (), (ccrs,) if municipal else ())


def _ke(_kind: OrganisationKind) -> ProfileDefaults:
    """Performance contract criteria categories and their weights live in the ke_pc rule set."""
    values = _item_list(
        "ke_spas_values", "SPAS values and competencies",
        "Lines a new SPAS staff appraisal starts with, commented on by the supervisor: the values and "
        "principles of public service of the Constitution of Kenya, Article 232(1), shortened. The list the "
        "Public Service Commission's SPAS form (PSC 37A/37B, revised 2016) prints was not read: edit this "
        "list to your form's values and competencies.",
        "competency", [(title, False) for title in KE_PUBLIC_SERVICE_VALUES])
    return ProfileDefaults("KE", (), (values,))


def _tz(_kind: OrganisationKind) -> ProfileDefaults:
    groups = {quality: factor for factor, qualities in TZ_OPRAS_ATTRIBUTES for quality in qualities}
    attributes = _item_list(
        "tz_opras_attributes", "OPRAS attributes of good performance",
        "Section 6 of the OPRAS form TFN 832 (United Republic of Tanzania, Open Performance Review and "
        "Appraisal Form; President's Office - Public Service Management): the quality attributes, each rated by "
        "the appraisee and the supervisor with an agreed mark, grouped under their nine main factors. The nine "
        "factors follow the form's text as Wanging'ombe District Council publishes it (wangingombedc.go.tz); "
        "the quality attributes under each factor are taken from versions of the form in use at public "
        "institutions (Mbeya University of Science and Technology, Sokoine University of Agriculture) and are "
        "not confirmed against the official form. Edit the list to your form.",
        "attribute", [(title, False) for title in groups], groups)
    return ProfileDefaults("TZ", (), (attributes,))


_BUILDERS = {"ZA": _za, "KE": _ke, "TZ": _tz}


def profile_defaults(country: str, kind: OrganisationKind | str) -> ProfileDefaults:
    """The defaults for ``country`` and ``kind`` (an unknown country gets none)."""
    builder = _BUILDERS.get(country)
    if builder is None:
        return ProfileDefaults(country, (), ())
    return builder(OrganisationKind(kind))


def kinds_for(country: str) -> list[tuple[OrganisationKind, str]]:
    return [(kind, label) for kind, label, countries in KIND_CHOICES if country in countries]


def kind_label(kind: OrganisationKind | str) -> str:
    for choice, label, _countries in KIND_CHOICES:
        if choice == kind:
            return label
    return str(kind).replace("_", " ").capitalize()
