"""Channel rules: lengths counted as each network counts them, images checked against what it accepts."""

import dataclasses
import unicodedata
from fractions import Fraction

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from publishing.channel_rules import (
    ChannelProblem,
    ChannelRules,
    Counting,
    ImageFacts,
    UnknownChannelError,
    all_rules,
    character_length,
    check_variant,
    find_links,
    grapheme_length,
    rules_for,
    text_length,
    x_weighted_length,
)

MB = 1024 * 1024
# 100 characters, as a link to a consultation's page tends to be.
LONG_URL = "https://dialog.krakow.pl/konsultacje/2026/zielone-podworka-nowa-huta/ankieta-dla-mieszkancow?id=1234"
POST = (
    "Konsultacje społeczne „Zielone podwórka w Nowej Hucie” trwają do 30 listopada. "
    "Zapraszamy mieszkańców os. Centrum, Szklane Domy i Górali na spotkanie w Łaźni Nowej. "
    f"Szczegóły i ankieta: {LONG_URL}"
)
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man ZWJ woman ZWJ girl ZWJ boy
THUMBS_UP_MEDIUM = "\U0001f44d\U0001f3fd"  # thumbs up + skin tone modifier
POLISH_FLAG = "\U0001f1f5\U0001f1f1"
A_OGONEK_DECOMPOSED = "a\u0328"


def jpeg(width=1080, height=1080, size=2 * MB, alt="Mieszkańcy przy stole z mapą Nowej Huty"):
    return ImageFacts(width=width, height=height, file_size=size, format="JPEG", alt_text=alt)


def codes(problems: list[ChannelProblem]) -> list[str]:
    return [problem.code for problem in problems]


def test_the_long_url_is_100_characters():
    assert len(LONG_URL) == 100


# --- X: twitter-text v3 weighting ---------------------------------------------------------------------
def test_x_counts_a_100_character_url_as_23():
    assert x_weighted_length(LONG_URL) == 23
    assert x_weighted_length(POST) == len(POST) - 100 + 23


def test_x_counts_every_url_as_23_whatever_its_length():
    text = "Strona: https://krakow.pl oraz " + LONG_URL
    assert x_weighted_length(text) == len("Strona: ") + 23 + len(" oraz ") + 23


def test_polish_letters_count_one_on_x_cjk_emoji_and_ellipsis_two():
    assert x_weighted_length("Zażółć gęślą jaźń") == 17
    assert x_weighted_length("„Kraków” – dziś") == 15  # „ ” and – are in twitter-text's light ranges
    assert x_weighted_length("…") == 2  # U+2026 is not
    assert x_weighted_length("クラクフ") == 8
    assert x_weighted_length(FAMILY) == 2
    assert x_weighted_length(THUMBS_UP_MEDIUM + POLISH_FLAG) == 4


def test_x_normalises_decomposed_diacritics():
    assert x_weighted_length(A_OGONEK_DECOMPOSED + "l") == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        # From twitter-text's conformance suite (validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest).
        ("Hi http://test.co", 26),
        ("https://www.twitter.com/aloha " * 10, 240),
        ("H\U0001f431\u263a" + FAMILY, 7),
        ("\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4", 4),
        ("1\u20e3", 2),
        ("Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29),
        ("randomurl" * 7 + "s.com", 68),  # a 64-character label is not a host
        ("example.com", 23),
        ("foo.co.jp", 23),
    ],
)
def test_x_weighting_matches_twitter_text_conformance(text, expected):
    assert x_weighted_length(text) == expected


@pytest.mark.parametrize(
    "text, links",
    [
        ("Więcej: krakow.pl/konsultacje.", ["krakow.pl/konsultacje"]),
        ("Więcej na www.krakow.pl, zapraszamy", ["www.krakow.pl"]),
        ("Wejdź na dialog.krakow.pl!", ["dialog.krakow.pl"]),
        ("Gmina (m.in. Kraków, m.st. Warszawa) i krakow.pl", []),  # one name under a country TLD, no path
        ("Pisz: dialog@um.krakow.pl", []),
        ("#krakow.pl $krakow.pl", []),
        ("Wiki: https://pl.wikipedia.org/wiki/Nowa_Huta_(Kraków).", ["https://pl.wikipedia.org/wiki/Nowa_Huta_(Kraków)"]),
        ("t.co/abcde i twitch.tv", ["t.co/abcde", "twitch.tv"]),
    ],
)
def test_links_x_finds(text, links):
    assert find_links(text) == links


def test_mastodon_counts_only_links_with_a_protocol():
    assert find_links("krakow.pl/abc i " + LONG_URL, bare_domains=False) == [LONG_URL]


# --- Graphemes ----------------------------------------------------------------------------------------
def test_graphemes_count_emoji_sequences_and_decomposed_letters_as_one():
    assert grapheme_length(FAMILY) == 1
    assert grapheme_length(THUMBS_UP_MEDIUM) == 1
    assert grapheme_length(POLISH_FLAG) == 1
    assert grapheme_length(A_OGONEK_DECOMPOSED) == 1
    assert grapheme_length("ą") == 1
    assert grapheme_length(f"Świetnie {FAMILY}!") == 11


def test_characters_are_code_points_after_nfc():
    assert character_length(A_OGONEK_DECOMPOSED) == 1
    assert character_length(unicodedata.normalize("NFD", "Łaźnia Nowa")) == 11


# --- Text limits --------------------------------------------------------------------------------------
def _bluesky_text(graphemes: int) -> str:
    """`graphemes` graphemes of Polish with decomposed diacritics and ZWJ emoji, far longer in code points."""
    unit = f"Za{unicodedata.normalize('NFD', 'ó')}{A_OGONEK_DECOMPOSED}{FAMILY}{THUMBS_UP_MEDIUM} "  # 7 graphemes
    text = unit * (graphemes // 7) + "x" * (graphemes % 7)
    assert grapheme_length(text) == graphemes
    return text


def test_bluesky_exactly_300_graphemes_passes_and_301_fails():
    at_limit = _bluesky_text(300)
    assert len(at_limit) > 600  # code points: a character count would have failed it
    assert check_variant("bluesky", at_limit, []) == []
    problems = check_variant("bluesky", _bluesky_text(301), [])
    assert codes(problems) == ["text_too_long"]
    assert "301" in problems[0].message and "300" in problems[0].message
    assert problems[0].field == "text"


def test_x_exactly_280_passes_and_281_fails_with_the_weighted_numbers():
    prefix = f"Konsultacje trwają! {LONG_URL} "
    filler_at_limit = 280 - x_weighted_length(prefix)
    assert check_variant("x", prefix + "ż" * filler_at_limit, []) == []
    problems = check_variant("x", prefix + "ż" * filler_at_limit + "…", [])  # … weighs 2
    assert codes(problems) == ["text_too_long"]
    assert "282" in problems[0].message and "280" in problems[0].message and "23" in problems[0].message


def test_x_post_over_the_limit_says_by_how_much():
    text = POST + " Dołącz do nas i podziel się opinią o zieleni na swoim podwórku – każdy głos waży!"
    length = x_weighted_length(text)
    assert length == 291
    [problem] = check_variant("x", text, [])
    assert problem.code == "text_too_long"
    assert "291" in problem.message and "280" in problem.message and "11" in problem.message


def test_mastodon_counts_links_as_23_and_graphemes():
    rules = rules_for("mastodon")
    assert text_length(f"{LONG_URL} {FAMILY}", rules) == 23 + 1 + 1
    assert text_length("krakow.pl/abc", rules) == 13  # no protocol: Mastodon counts it as typed


@pytest.mark.parametrize(
    "key, limit", [("threads", 500), ("instagram", 2_200), ("linkedin", 3_000), ("facebook", 63_206), ("youtube", 5_000)]
)
def test_character_limits_at_and_over_the_boundary(key, limit):
    images = [jpeg()] if key == "instagram" else []
    text = unicodedata.normalize("NFD", "ą") * limit  # NFD doubles the code points; NFC counts as typed
    assert check_variant(key, text, images) == []
    problems = check_variant(key, text + "ę", images)
    assert codes(problems) == ["text_too_long"]
    assert str(limit + 1) in problems[0].message and str(limit) in problems[0].message


@pytest.mark.parametrize("key", ["website", "newsletter", "magiczny-krakow", "press"])
def test_own_channels_have_no_length_limit_but_need_text(key):
    assert check_variant(key, POST * 200, []) == []
    assert codes(check_variant(key, " \n\t", [])) == ["text_empty"]


def test_empty_text():
    assert codes(check_variant("x", "", [])) == ["text_empty"]


# --- Images -------------------------------------------------------------------------------------------
def test_instagram_requires_an_image():
    assert codes(check_variant("instagram", POST, [])) == ["image_required"]
    assert check_variant("instagram", POST, [jpeg()]) == []


def test_instagram_carousel_of_10_passes_11_fails():
    assert check_variant("instagram", POST, [jpeg()] * 10) == []
    problems = check_variant("instagram", POST, [jpeg()] * 11)
    assert codes(problems) == ["too_many_images"]
    assert "10" in problems[0].message and "11" in problems[0].message


@pytest.mark.parametrize("key, allowed", [("x", 4), ("bluesky", 4), ("mastodon", 4)])
def test_networks_with_four_images(key, allowed):
    assert check_variant(key, "Zapraszamy!", [jpeg()] * allowed) == []
    assert codes(check_variant(key, "Zapraszamy!", [jpeg()] * (allowed + 1))) == ["too_many_images"]


@pytest.mark.parametrize(
    "width, height, ok",
    [
        (1080, 1350, True),  # 4:5 exactly
        (1080, 1351, False),  # a pixel taller
        (1910, 1000, True),  # 1.91:1 exactly
        (1911, 1000, False),
        (1080, 1080, True),
        (1000, 3000, False),
        (1920, 1080, True),  # 16:9 = 1.78
    ],
)
def test_instagram_aspect_ratio_from_4_5_to_1_91(width, height, ok):
    problems = check_variant("instagram", POST, [jpeg(width, height)])
    assert codes(problems) == ([] if ok else ["aspect_ratio"])
    if not ok:
        assert problems[0].image == 1 and problems[0].field == "images"
        assert f"{width}×{height}" in problems[0].message


def test_instagram_file_size_8_mb():
    assert check_variant("instagram", POST, [jpeg(size=8 * MB)]) == []
    problems = check_variant("instagram", POST, [jpeg(), jpeg(size=8 * MB + 1)])
    assert codes(problems) == ["image_too_large"]
    assert problems[0].image == 2


@pytest.mark.parametrize("image_format, ok", [("JPEG", True), ("jpg", True), ("PNG", True), ("GIF", False), ("WEBP", False)])
def test_instagram_formats(image_format, ok):
    image = ImageFacts(width=1080, height=1080, file_size=MB, format=image_format, alt_text="Plakat konsultacji")
    problems = check_variant("instagram", POST, [image])
    assert codes(problems) == ([] if ok else ["image_format"])


def test_unknown_size_or_format_is_not_held_against_the_image():
    image = ImageFacts(width=1080, height=1080, file_size=None, format=None, alt_text="Plakat")
    assert check_variant("instagram", POST, [image]) == []


def test_alt_text_is_required_on_every_channel_and_named_per_image():
    images = [jpeg(), jpeg(alt=""), jpeg(alt="   ")]
    for rules in all_rules():
        problems = [problem for problem in check_variant(rules.key, "Zapraszamy!", images) if problem.code == "alt_missing"]
        assert [problem.image for problem in problems] == [2, 3], rules.key
        assert "2" in problems[0].message and "3" in problems[1].message


def test_every_problem_of_a_bad_instagram_variant_is_reported_in_order():
    images = [ImageFacts(width=3000, height=1000, file_size=9 * MB, format="GIF", alt_text="")] * 11
    problems = check_variant("instagram", "x" * 2_201, images)
    assert codes(problems)[:6] == ["text_too_long", "too_many_images", "image_format", "image_too_large", "aspect_ratio", "alt_missing"]
    assert len(problems) == 2 + 11 * 4


# --- Rules and settings -------------------------------------------------------------------------------
def test_documented_limits():
    limits = {rules.key: rules.text_limit for rules in all_rules()}
    assert limits == {
        "website": None, "facebook": 63_206, "instagram": 2_200, "x": 280, "linkedin": 3_000, "mastodon": 500,
        "bluesky": 300, "threads": 500, "youtube": 5_000, "newsletter": None, "magiczny-krakow": None, "press": None,
    }
    assert rules_for("x").counting == Counting.X_WEIGHTED and rules_for("x").link_length == 23
    assert rules_for("bluesky").counting == Counting.GRAPHEMES
    instagram = rules_for("instagram")
    assert (instagram.min_aspect_ratio, instagram.max_aspect_ratio) == (Fraction(4, 5), Fraction(191, 100))
    assert all(rules.alt_text_required for rules in all_rules())


def test_unknown_channel_is_a_clear_error():
    with pytest.raises(UnknownChannelError, match="tiktok"):
        rules_for("tiktok")
    with pytest.raises(UnknownChannelError):
        check_variant("tiktok", "Tekst", [])


@override_settings(DIALOG_CHANNEL_RULES={"mastodon": {"text_limit": 1000}})
def test_an_instance_with_a_longer_limit_is_set_in_settings():
    assert rules_for("mastodon").text_limit == 1000
    assert check_variant("mastodon", "ż" * 1000, []) == []
    assert codes(check_variant("mastodon", "ż" * 1001, [])) == ["text_too_long"]
    assert rules_for("bluesky").text_limit == 300  # the others are untouched


@override_settings(DIALOG_CHANNEL_RULES={"instagram": {"image_formats": ["jpeg"], "max_aspect_ratio": "16:9"}})
def test_overrides_are_normalised():
    rules = rules_for("instagram")
    assert rules.image_formats == frozenset({"JPEG"})
    assert rules.max_aspect_ratio == Fraction(16, 9)
    png = ImageFacts(width=1080, height=1080, file_size=MB, format="PNG", alt_text="Plakat")
    assert codes(check_variant("instagram", POST, [png])) == ["image_format"]


def test_settings_are_read_at_call_time():
    assert rules_for("threads").text_limit == 500
    with override_settings(DIALOG_CHANNEL_RULES={"threads": {"text_limit": 400}}):
        assert rules_for("threads").text_limit == 400
    assert rules_for("threads").text_limit == 500


@pytest.mark.parametrize(
    "overrides",
    [
        {"tiktok": {"text_limit": 100}},
        {"x": {"txt_limit": 100}},
        {"x": {"text_limit": -1}},
        {"x": {"counting": "words"}},
        {"instagram": {"min_aspect_ratio": "2:1"}},  # above the maximum
        ["x"],
    ],
)
def test_wrong_settings_fail_loudly(overrides):
    with override_settings(DIALOG_CHANNEL_RULES=overrides), pytest.raises(ImproperlyConfigured):
        all_rules()


def test_a_variant_can_be_checked_against_rules_given_directly():
    instance = dataclasses.replace(rules_for("mastodon"), text_limit=5000)
    assert check_variant(instance, "ż" * 4000, []) == []
    assert isinstance(instance, ChannelRules)
