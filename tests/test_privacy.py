"""Identifier scanner: what must be found, what must stay clean, redaction and masking.

Every identifier here is synthetic: NHS numbers come only from the official test
range 999 000 0000-999 999 9999, phone numbers from Ofcom's drama ranges, e-mail
addresses from example.org, and check digits are computed below rather than copied.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reflect.privacy import (
    EXIT_CLEAN,
    EXIT_FOUND,
    KIND_ADDRESS,
    KIND_CHI,
    KIND_DOB,
    KIND_EMAIL,
    KIND_HOSPITAL,
    KIND_HOSPITAL_NUMBER,
    KIND_LABELS,
    KIND_NAME,
    KIND_NHS,
    KIND_PHONE,
    KIND_POSTCODE,
    KIND_RECORD,
    KIND_RELATIVE_NAME,
    KIND_TITLED_NAME,
    KIND_WARD,
    Finding,
    PatternError,
    RecordPattern,
    ScannerConfig,
    build_scanner,
    check_text,
    is_valid_nhs_number,
    mask,
    mod11_check_digit,
    redact,
    scan,
    scan_fields,
)

TODAY = date(2025, 6, 1)  # fixed, so two-digit years and age statements resolve the same way every year

# --- generators -----------------------------------------------------------------------


def check_digit(nine: str) -> int | None:
    """Modulus 11 written out independently of the code under test: weights 10..2."""
    remainder = sum(int(d) * w for d, w in zip(nine, [10, 9, 8, 7, 6, 5, 4, 3, 2], strict=True)) % 11
    check = 11 - remainder
    return {11: 0, 10: None}.get(check, check)


def valid_test_range_numbers(count: int) -> list[str]:
    """Valid NHS numbers spread across 999 000 0000-999 999 9999."""
    numbers = []
    for prefix in range(999_000_000, 999_999_999, 999_999 // (count + 5)):
        digit = check_digit(str(prefix))
        if digit is not None:
            numbers.append(f"{prefix}{digit}")
    return numbers[:count]


def wrong_check_digits(number: str) -> list[str]:
    return [number[:9] + str(d) for d in range(10) if str(d) != number[9]]


def prefixes_without_check_digit(count: int) -> list[str]:
    """Test-range prefixes whose check digit would be 10: no digit makes them valid."""
    found = []
    prefix = 999_000_000
    while len(found) < count:
        if check_digit(str(prefix)) is None:
            found.append(str(prefix))
        prefix += 1
    return found


def groupings(number: str) -> list[str]:
    a, b, c = number[:3], number[3:6], number[6:]
    return [number, f"{a} {b} {c}", f"{a}-{b}-{c}", f"{a}{b} {c}", f"{a} {b}{c}", f"{a}\u00a0{b}\u00a0{c}"]


def chi_for(ddmmyy: str, serial: str) -> str | None:
    digit = check_digit(ddmmyy + serial)
    return None if digit is None else f"{ddmmyy}{serial}{digit}"


def synthetic_chis(dates: list[str]) -> list[str]:
    """For each date, the first serial 990..999 that has a check digit."""
    result = []
    for ddmmyy in dates:
        chi = next(c for s in range(990, 1000) if (c := chi_for(ddmmyy, str(s))) is not None)
        result.append(chi)
    return result


VALID_NHS = valid_test_range_numbers(24)
CHI_DATES = ["100170", "290200", "311299", "150655", "300488", "281019"]  # 29 Feb 2000 is a leap day
VALID_CHI = synthetic_chis(CHI_DATES)
ZERO_LEADING_CHI = synthetic_chis(["010100", "090912"])  # also look like 0-prefixed phone numbers


def kinds(text: str, config: ScannerConfig | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text, config, today=TODAY)]


def only(text: str, config: ScannerConfig | None = None) -> Finding:
    findings = scan(text, config, today=TODAY)
    assert len(findings) == 1, [(f.kind, mask(f.text)) for f in findings]
    return findings[0]


# --- NHS and CHI numbers -----------------------------------------------------------


def test_generators_produce_enough_examples() -> None:
    assert len(VALID_NHS) == 24 and len(set(VALID_NHS)) == 24
    assert all(n.startswith("999") for n in VALID_NHS)
    assert len(VALID_CHI) == len(CHI_DATES)


@pytest.mark.parametrize("number", VALID_NHS)
def test_check_digit_matches_independent_algorithm(number: str) -> None:
    assert mod11_check_digit(number[:9]) == int(number[9])
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize("prefix", prefixes_without_check_digit(5))
def test_remainder_giving_ten_has_no_valid_number(prefix: str) -> None:
    assert mod11_check_digit(prefix) is None
    for digit in range(10):
        assert not is_valid_nhs_number(prefix + str(digit))
        assert kinds(f"Reference {prefix}{digit}") == []


@pytest.mark.parametrize("number", VALID_NHS[:8])
@pytest.mark.parametrize("index", range(6))
def test_valid_nhs_number_found_in_every_grouping(number: str, index: int) -> None:
    written = groupings(number)[index]
    text = f"Reviewed today; NHS no. {written}, letter to follow."
    finding = only(text)
    assert (finding.kind, finding.text) == (KIND_NHS, written)
    assert text[finding.start : finding.end] == written


@pytest.mark.parametrize("number", VALID_NHS[:6])
def test_nhs_number_with_wrong_check_digit_is_clean(number: str) -> None:
    for wrong in wrong_check_digits(number):
        for written in groupings(wrong)[:3]:
            assert kinds(f"Reference {written} noted") == []


@pytest.mark.parametrize(
    "text",
    [
        "{n}1",  # eleven digits
        "1{n}",
        "x{n}",
        "{n}x",
        "+{n}",
    ],
)
def test_nhs_number_inside_a_longer_token_is_not_reported(text: str) -> None:
    assert KIND_NHS not in {f.kind for f in scan(text.format(n=VALID_NHS[0]), today=TODAY)}


@pytest.mark.parametrize("chi", VALID_CHI)
def test_valid_chi_number_found(chi: str) -> None:
    for written in (chi, f"{chi[:6]} {chi[6:]}", f"{chi[:3]} {chi[3:6]} {chi[6:]}"):
        finding = only(f"CHI {written} on the referral")
        assert (finding.kind, finding.text) == (KIND_CHI, written)


@pytest.mark.parametrize("chi", VALID_CHI)
def test_chi_number_with_wrong_check_digit_is_clean(chi: str) -> None:
    for wrong in wrong_check_digits(chi):
        assert kinds(f"Reference {wrong} on the referral") == []


@pytest.mark.parametrize("chi", [*VALID_CHI[:3], *ZERO_LEADING_CHI])
def test_number_written_after_chi_or_nhs_is_reported_as_one_even_with_a_typo(chi: str) -> None:
    """A mistyped CHI still identifies someone; one starting with 0 is a CHI, not a phone number."""
    for wrong in wrong_check_digits(chi)[:3]:
        for written in (wrong, f"{wrong[:6]} {wrong[6:]}", f"{wrong[:2]} {wrong[2:4]} {wrong[4:6]} {wrong[6:]}"):
            assert kinds(f"CHI {written} on the referral") == [(KIND_CHI, written)]
            assert kinds(f"CHI no: {written}.") == [(KIND_CHI, written)]
    nhs = wrong_check_digits(VALID_NHS[0])[0]
    assert kinds(f"NHS no. {nhs} on the letter") == [(KIND_NHS, nhs)]


def test_test_range_numbers_are_never_mistaken_for_chi() -> None:
    """999... cannot start a date, so the label is NHS."""
    assert {only(n).kind for n in VALID_NHS} == {KIND_NHS}


@pytest.mark.parametrize("chi", ZERO_LEADING_CHI)
def test_chi_that_also_looks_like_a_phone_number_is_reported_once_as_chi(chi: str) -> None:
    assert kinds(f"CHI {chi}.") == [(KIND_CHI, chi)]


# --- Postcodes ---------------------------------------------------------------------

POSTCODES = {
    "A9 9AA": ["M1 1AE", "B1 2JP"],
    "A99 9AA": ["B33 8TH", "M60 1NW"],
    "AA9 9AA": ["CR2 6XH", "LS1 4AP"],
    "AA99 9AA": ["DN55 1PT", "SW19 5AE"],
    "A9A 9AA": ["W1A 0AX", "E1W 1YY"],
    "AA9A 9AA": ["EC1A 1BB", "SW1A 2AA"],
    "special": ["GIR 0AA"],
}
ALL_POSTCODES = [(fmt, code) for fmt, codes in POSTCODES.items() for code in codes]


@pytest.mark.parametrize(("fmt", "postcode"), ALL_POSTCODES)
def test_postcode_every_format_any_case_with_or_without_space(fmt: str, postcode: str) -> None:
    squashed = postcode.replace(" ", "")
    variants = {postcode, postcode.lower(), postcode.title(), squashed, squashed.lower()}
    for written in variants:
        finding = only(f"Lives near {written}, alone.")
        assert (finding.kind, finding.text) == (KIND_POSTCODE, written), fmt


@pytest.mark.parametrize(
    "text",
    [
        "Vitamin B12 2mg daily",  # M never appears in an inward code
        "B12 level normal",
        "HbA1c and T2DM reviewed",
        "PHQ9 and GAD7 repeated",
        "ICD10 F32.1 coded",
        "ST4 2nd year trainee, F2 3rd rotation, CT1 1st on call",  # ordinals, not inward codes
        "Q1 1AA",  # Q cannot start a postcode
        "V1 1AA",
        "AB1 1CI",  # C and I never appear in an inward code
        "EC1A1BBX",
        "xEC1A 1BB",
        "Ward B, bay 3, bed 12",
        "The plan is clear and she agreed to it",
    ],
)
def test_postcode_lookalikes_are_clean(text: str) -> None:
    assert KIND_POSTCODE not in {f.kind for f in scan(text, today=TODAY)}


# --- Phone numbers -------------------------------------------------------------------

PHONES = [
    "07700 900123",
    "07700900456",
    "07700-900-789",
    "+44 7700 900123",
    "+447700900123",
    "+44 (0)7700 900123",
    "0044 7700 900123",
    "020 7946 0123",
    "(020) 7946 0999",
    "+44 20 7946 0000",
    "+44 (0)20 7946 0123",
    "0113 496 0123",
    "0161 496 0999",
    "0131 496 0456",
    "029 2018 0123",
    "028 9649 6123",
    "01632 960123",
    "0808 157 0123",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_in_fiction_ranges_found(phone: str) -> None:
    text = f"Said to ring {phone} if worried"
    finding = only(text)
    assert (finding.kind, finding.text) == (KIND_PHONE, phone)


def test_phone_number_followed_by_another_number_keeps_its_own_span() -> None:
    assert kinds("ring 07700 900123 5 times a day") == [(KIND_PHONE, "07700 900123")]
    assert kinds("0113 496 0123 or 0113 496 0124") == [(KIND_PHONE, "0113 496 0123"), (KIND_PHONE, "0113 496 0124")]


def test_phone_number_written_after_a_time_is_found_and_the_time_is_not_part_of_it() -> None:
    """The minutes of a time are not an international prefix ("00 47…"), and do not hide the number after them."""
    assert kinds("Rang at 10:00 07700 900123 about the letter") == [(KIND_PHONE, "07700 900123")]
    assert kinds("Tel:07700 900123.") == [(KIND_PHONE, "07700 900123")]
    assert kinds("Seen 00:00 4790000002.") == []  # found by hypothesis: "00 4790000002" read as a Norwegian number


@pytest.mark.parametrize(
    "text",
    [
        "0.5 mg twice daily, then 0.5 0.5 0.5 0.5 0.5",
        "09.00-10.30 and 10.45",
        "0900 1030 clinic",
        "scores 0 1 2 3 4 5 6 7 8 9",
        "2019-2020",
        "0 to 10 scale",
    ],
)
def test_phone_lookalikes_are_clean(text: str) -> None:
    assert kinds(text) == []


# --- E-mail addresses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("write to alex@example.org.", "alex@example.org"),
        ("(first.last+clinic@mail.example.org)", "first.last+clinic@mail.example.org"),
        ("<A_B-9@Example.ORG>", "A_B-9@Example.ORG"),
    ],
)
def test_email_found(text: str, address: str) -> None:
    assert kinds(text) == [(KIND_EMAIL, address)]


@pytest.mark.parametrize("text", ["working @home", "user@ nowhere", "a@b", "x@example.", "ratio 2@3"])
def test_email_lookalikes_are_clean(text: str) -> None:
    assert kinds(text) == []


# --- Dates of birth ------------------------------------------------------------------

DATE_FORMS = [
    "12/03/1961",
    "12-3-61",
    "12.03.1961",
    "12 March 1961",
    "12th of March 1961",
    "12 Mar. 1961",
    "March 12, 1961",
    "March 12th 1961",
    "1961-03-12",
    "12 / 03 / 1961",
    "12th March '61",
    "1/3/61",
]
CUE_TEMPLATES = [
    "DOB {d}",
    "DOB: {d}",
    "D.O.B. {d}",
    "d.o.b {d}",
    "Date of birth {d}",
    "born {d}",
    "She was born on {d} in the north",
    "{d} (date of birth)",
    "aged 54, {d}",
    "a 54-year-old, {d}",
    "54 years old ({d})",
    "{d}, age: 64",
    "DOB:{d}",
    "(dob-{d})",
    "54yo, {d}",
    "Date of birth (as given on the referral letter): {d}",
]


@pytest.mark.parametrize("form", DATE_FORMS)
@pytest.mark.parametrize("template", CUE_TEMPLATES)
def test_date_near_a_birth_or_age_cue_is_found(template: str, form: str) -> None:
    text = template.format(d=form)
    finding = only(text)
    assert (finding.kind, finding.text) == (KIND_DOB, form)
    assert finding.start == text.index(form)


@pytest.mark.parametrize(
    "text",
    [
        "Seen on 12/03/2025, next review 12 March 2026.",
        "Clinic 1 April 2025 and 2025-04-08",
        "54-year-old man seen 12/03/2025",  # appointment date, not a birth date for a 54-year-old
        "aged 30, seen on 12-3-25",
        "Born in Leeds. Seen 12/03/2025 with his sister.",  # another sentence
        "A baby was born 3 weeks early; seen 14/02/2025 with her mother.",  # another clause
        "Clinic 10:12/03/2025, DOB unknown",
        "DOB on file in the notes, as checked by the ward clerk this morning; clinic 12/03/1961",  # too far
        "DOB 31/02/1961",  # no such date
        "DOB 13/13/1961",
        "born 12 Smarch 1961",
    ],
)
def test_dates_without_a_nearby_birth_cue_are_clean(text: str) -> None:
    assert kinds(text) == []


def test_birth_cue_applies_only_to_the_nearest_date() -> None:
    assert kinds("DOB 12/03/1961 and reviewed 14/05/2025") == [(KIND_DOB, "12/03/1961")]


def test_month_first_date_of_birth_is_found_when_the_day_cannot_be_a_month() -> None:
    assert kinds("DOB 03/25/1961") == [(KIND_DOB, "03/25/1961")]


def test_two_digit_year_is_read_relative_to_today() -> None:
    assert kinds("aged 63, 12-3-61") == [(KIND_DOB, "12-3-61")]
    assert kinds("aged 10, 01/02/15") == [(KIND_DOB, "01/02/15")]
    assert kinds("aged 10, seen 01/02/25") == []


# --- Names and record numbers ----------------------------------------------------------

NAMES = ScannerConfig(names=["Alex Example", "O’Neil", "  ", "Sam"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spoke with alex example today", ["alex example"]),
        ("ALEX   EXAMPLE and Alex\nExample", ["ALEX   EXAMPLE", "Alex\nExample"]),
        ("(Alex Example)", ["Alex Example"]),
        ("with O'Neil and mrs o’neil", ["O'Neil", "o’neil"]),
        ("Sam's mother", ["Sam"]),
        ("Samuel, Alexander Example, Alex Examples, sample", []),
    ],
)
def test_names_match_whole_words_case_insensitively(text: str, expected: list[str]) -> None:
    found = scan(text, NAMES, today=TODAY)
    assert [f.text for f in found] == expected
    assert {f.kind for f in found} <= {KIND_NAME}


def test_blank_names_are_ignored_and_no_names_means_no_name_findings() -> None:
    assert NAMES.names == ("Alex Example", "O\u2019Neil", "Sam")
    assert ScannerConfig(names=["", " "]).names_regex is None
    assert kinds("Alex Example") == []


HOSPITAL = RecordPattern("Hospital number", r"RX[0-9]{6}")
WARD_REF = RecordPattern("Ward reference", r"\bW[0-9]{2}-[A-Z]\b")


def test_custom_patterns_report_their_own_label() -> None:
    config = ScannerConfig(patterns=[HOSPITAL, WARD_REF])
    text = "Hospital no rx123456, ref W12-B."
    found = scan(text, config, today=TODAY)
    assert [(f.kind, f.label, f.text) for f in found] == [
        (KIND_RECORD, "Hospital number", "rx123456"),
        (KIND_RECORD, "Ward reference", "W12-B"),
    ]
    assert redact(text, found) == "Hospital no [Hospital number], ref [Ward reference]."


@pytest.mark.parametrize("pattern", ["[A-", "(unclosed", "*abc", "a{2,1}"])
def test_invalid_pattern_gives_an_error_naming_it(pattern: str) -> None:
    with pytest.raises(PatternError) as caught:
        RecordPattern("Hospital number", pattern)
    message = str(caught.value)
    assert "Hospital number" in message and repr(pattern) in message
    assert "not a valid regular expression" in message


def test_pattern_matching_empty_text_is_rejected() -> None:
    with pytest.raises(PatternError, match="matches empty text"):
        RecordPattern("MRN", r"[0-9]*")


def test_blank_pattern_label_falls_back_to_record_number() -> None:
    assert RecordPattern("  ", r"MRN[0-9]+").label == KIND_LABELS[KIND_RECORD]


# --- Overlaps -----------------------------------------------------------------------------


def test_nhs_number_wins_over_a_broad_custom_pattern() -> None:
    config = ScannerConfig(patterns=[RecordPattern("Ten digits", r"[0-9]{10}")])
    assert kinds(f"no. {VALID_NHS[0]}", config) == [(KIND_NHS, VALID_NHS[0])]


def test_email_containing_a_listed_name_is_one_email_finding() -> None:
    config = ScannerConfig(names=["Alex", "Example"])
    assert kinds("alex.example@example.org", config) == [(KIND_EMAIL, "alex.example@example.org")]


def test_name_inside_a_date_of_birth_is_one_finding() -> None:
    config = ScannerConfig(names=["March"])
    assert kinds("DOB 12 March 1961", config) == [(KIND_DOB, "12 March 1961")]


def test_partly_overlapping_findings_are_both_kept_and_redacted_as_one() -> None:
    config = ScannerConfig(patterns=[RecordPattern("Left", r"XQ[0-9]{2}"), RecordPattern("Right", r"[0-9]{2}ZZ")])
    found = scan("code XQ12ZZ here", config, today=TODAY)
    assert [f.text for f in found] == ["XQ12", "12ZZ"]
    assert redact("code XQ12ZZ here", found) == "code [Left] here"


# --- Clean clinical prose --------------------------------------------------------------------

CLEAN_PROSE = [
    "Reviewed medication at 14:30, 20 mg daily, PHQ-9 score 12, follow-up in 6 weeks, seen on 12/03/2025",
    "Sertraline 50 mg increased to 100 mg; mood 7/10, sleep 5 hours, GAD-7 of 14.",
    "Has been unwell since 2019; admitted in 2021 to ward 4, bed 12, for 3 weeks.",
    "A man in his 60s, lives with his partner, works part-time, 2 children.",
    "Session lasted 50 minutes (10:00-10:50). BMI 27.4, BP 128/82, HR 72.",
    "Clozapine level 0.45 mg/L; next bloods on 1 April 2025 at 09:15.",
    "Discussed hope, agency and opportunity; she chose two goals for the next 4 weeks.",
    f"Ten-digit reference 1234567890 from the old system, and 9990000000, {wrong_check_digits(VALID_CHI[2])[0]}.",
    "CPA review 3 of 4, Section 117 aftercare, HoNOS 18, score 0 to 10.",
    "We agreed a 2nd appointment on 14 May 2025; 3rd-year student sat in.",
]


@pytest.mark.parametrize("text", CLEAN_PROSE)
def test_clinical_prose_is_clean(text: str) -> None:
    assert kinds(text) == []


# --- Properties ------------------------------------------------------------------------------

WORDS = [
    "patient", "reported", "low", "mood", "reviewed", "plan", "agreed", "goals", "with", "family",
    "hope", "recovery", "sleep", "appetite", "support", "worker", "discussed", "risk", "today", "and",
]  # fmt: skip


def _safe_number_fragment() -> st.SearchStrategy[str]:
    def wrong_ten(prefix: int, delta: int) -> str:
        digit = check_digit(str(prefix))
        return f"{prefix}{((digit if digit is not None else 0) + delta) % 10}"

    return st.one_of(
        st.builds("{} mg".format, st.integers(0, 1000)),
        st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59)),
        st.builds("PHQ-9 score {}".format, st.integers(0, 27)),
        st.builds("{}/10".format, st.integers(0, 10)),
        st.builds("since {}".format, st.integers(1990, 2025)),
        st.builds("ward {}, bed {}".format, st.integers(1, 40), st.integers(1, 30)),
        st.builds("for {} weeks".format, st.integers(1, 52)),
        st.builds("aged {}".format, st.integers(18, 95)),
        st.builds(
            "seen on {:02d}/{:02d}/{}".format, st.integers(1, 28), st.integers(1, 12), st.integers(2015, 2025)
        ),
        st.builds(wrong_ten, st.integers(100_000_000, 899_999_999), st.integers(1, 9)),
    )


fragments = st.one_of(st.sampled_from(WORDS), _safe_number_fragment())
sentences = st.lists(fragments, min_size=1, max_size=25).map(lambda parts: " ".join(parts) + ".")


@settings(max_examples=150, deadline=None)
@given(sentences)
@example("00:00 4790000002.")  # a time's minutes once started a phone number
def test_clinical_looking_sentences_without_identifiers_stay_clean(sentence: str) -> None:
    assert kinds(sentence) == []


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    prefix = draw(st.integers(999_000_000, 999_999_999).filter(lambda p: check_digit(str(p)) is not None))
    return draw(st.sampled_from(groupings(f"{prefix}{check_digit(str(prefix))}")))


@settings(max_examples=150, deadline=None)
@given(st.lists(fragments, min_size=0, max_size=20), nhs_numbers(), st.integers(0, 20))
def test_valid_nhs_number_inserted_anywhere_is_found(parts: list[str], number: str, position: int) -> None:
    index = position % (len(parts) + 1)
    before = " ".join(parts[:index])
    text = " ".join([*parts[:index], number, *parts[index:]]) + "."
    start = len(before) + (1 if before else 0)
    found = [f for f in scan(text, today=TODAY) if f.kind == KIND_NHS]
    assert [(f.start, f.end, f.text) for f in found] == [(start, start + len(number), number)]


# Characters identifiers are made of (and two that case-fold oddly: long s, Kelvin sign).
identifier_alphabet = st.sampled_from([*"0123456789 -/.:@+()'abcdemnorstxyzABDEMNORST\n\u017f\u212a", "DOB ", "born "])


@settings(max_examples=150, deadline=None)
@given(st.lists(identifier_alphabet, max_size=60).map("".join) | st.text(max_size=80))
def test_any_text_scans_without_error_into_sorted_consistent_findings(text: str) -> None:
    found = scan(text, NAMES, today=TODAY)
    assert all(text[f.start : f.end] == f.text and f.start < f.end for f in found)
    assert [(f.start, f.end) for f in found] == sorted((f.start, f.end) for f in found)
    assert not any(a.start <= b.start and b.end <= a.end for a, b in pairwise(found))
    redact(text, found)


# --- Redaction, masking, command-line report ------------------------------------------------------


def test_redaction_replaces_each_finding_with_its_tag() -> None:
    config = ScannerConfig(names=["Alex Example"])
    text = f"Alex Example (NHS {VALID_NHS[0]}, DOB 12/03/1961) at EC1A 1BB, 07700 900123, alex@example.org"
    found = scan(text, config, today=TODAY)
    assert [f.kind for f in found] == [KIND_NAME, KIND_NHS, KIND_DOB, KIND_POSTCODE, KIND_PHONE, KIND_EMAIL]
    redacted = redact(text, found)
    assert redacted == (
        "[Name] (NHS [NHS number], DOB [Date of birth]) at [Postcode], [Phone number], [E-mail address]"
    )
    assert scan(redacted, config, today=TODAY) == []


def test_findings_are_sorted_and_spans_match_text() -> None:
    text = f"{VALID_CHI[0]} alex@example.org M1 1AE DOB 12/03/1961 020 7946 0123"
    found = scan(text, today=TODAY)
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(text[f.start : f.end] == f.text for f in found)
    assert len(found) == 5


def test_redact_without_findings_returns_text_unchanged() -> None:
    assert redact("nothing here", []) == "nothing here"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("9990000018", "9********8"),
        ("alex@example.org", "a**************g"),
        ("Al", "**"),
        ("Sam", "***"),
        ("Jo B", "J**B"),
        ("", ""),
    ],
)
def test_mask_keeps_only_first_and_last_character(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_finding_label_defaults_to_the_kind_label() -> None:
    assert Finding(KIND_NHS, 0, 10, "x" * 10).label == "NHS number"
    assert Finding(KIND_RECORD, 0, 3, "abc", "Hospital number").label == "Hospital number"
    kinds_with_labels = {
        KIND_NHS, KIND_CHI, KIND_POSTCODE, KIND_DOB, KIND_PHONE, KIND_EMAIL, KIND_NAME, KIND_RECORD,
        KIND_TITLED_NAME, KIND_RELATIVE_NAME, KIND_HOSPITAL_NUMBER, KIND_ADDRESS, KIND_WARD, KIND_HOSPITAL,
    }  # fmt: skip
    assert set(KIND_LABELS) == kinds_with_labels


def test_check_text_clean() -> None:
    assert check_text(CLEAN_PROSE[0]) == (EXIT_CLEAN, [])


def test_check_text_lists_masked_findings_without_revealing_them() -> None:
    number = VALID_NHS[1]
    text = f"NHS {number}, email alex@example.org"
    code, lines = check_text(text)
    assert code == EXIT_FOUND == 1
    assert lines == [
        f"NHS number, 4-14, {number[0]}********{number[-1]}",
        "E-mail address, 22-38, a**************g",
    ]
    assert all(number not in line and "alex@" not in line for line in lines)
    assert all(re.fullmatch(r"[^,]+, \d+-\d+, \S+", line) for line in lines)


def test_check_text_uses_the_configuration() -> None:
    code, lines = check_text("Saw Alex today", ScannerConfig(names=["alex"]))
    assert (code, lines) == (EXIT_FOUND, ["Name, 4-8, A**x"])


def test_the_scanner_is_not_imported_to_start_the_app() -> None:
    """It loads at the first text to scan; opening the window does not pay for its expressions."""
    code = (
        "import sys; import reflect.ui.app, reflect.ui.main_window; "
        "print(sorted(m for m in sys.modules if m.startswith(('reflect.privacy', 'phonenumbers'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "[]"


# --- scan_fields: the one check over (place, text) pairs --------------------------------------


def test_scan_fields_reports_each_place_even_with_the_same_name() -> None:
    number = VALID_NHS[2]
    fields = [
        ("CPD entry “Supervision”", f"Discussed NHS {number}"),
        ("CPD entry “Supervision”", "Caseload only"),
        ("CPD entry “Supervision”", "Then her son Tom rang"),
        ("the notes", "   "),
    ]
    problems = scan_fields(fields, today=TODAY)
    assert [(p.index, p.where, p.kinds) for p in problems] == [
        (0, "CPD entry “Supervision”", ("NHS number",)),
        (2, "CPD entry “Supervision”", ("Relative's name",)),
    ]
    assert problems[1].describe() == "a possible relative's name in CPD entry “Supervision”"
    assert [f.text for f in problems[0].findings] == [number]


def test_scan_fields_leaves_out_kinds_a_place_is_meant_to_hold() -> None:
    fields = [("the e-mail", "alex@example.org"), ("the notes", "alex@example.org")]
    problems = scan_fields(fields, expected={"the e-mail": frozenset({KIND_EMAIL})}, today=TODAY)
    assert [(p.where, p.kinds) for p in problems] == [("the notes", ("E-mail address",))]


def test_build_scanner_refuses_a_bad_saved_pattern_naming_it() -> None:
    good = build_scanner(["Alex"], [{"label": "RiO", "pattern": r"RIO[0-9]{7}"}])
    assert [p.label for p in good.patterns] == ["RiO"] and good.names == ("Alex",)
    with pytest.raises(PatternError, match='The pattern for "RiO"'):
        build_scanner(["Alex"], [{"label": "MRN", "pattern": "M[0-9]{6}"}, {"label": "RiO", "pattern": "RIO[0-9"}])


def test_new_kinds_redact_the_identifier_and_keep_the_words_around_it() -> None:
    text = "Mrs Patel's son Tom (MRN 10456732) moved from Oak Ward to 12 Elm Road, near St Thomas' Hospital."
    assert redact(text, scan(text, today=TODAY)) == (
        "[Name with a title]'s son [Relative's name] (MRN [Hospital number]) moved from [Ward name] to "
        "[Street address], near [Hospital name]."
    )
