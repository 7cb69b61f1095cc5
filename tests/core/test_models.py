"""Brand colours keep text readable: WCAG 2.1 contrast arithmetic and the Branding check that uses it."""

import pytest
from django.core.exceptions import ValidationError

from core.colours import contrast_ratio, relative_luminance
from core.models import Branding


@pytest.mark.parametrize(
    "first, second, ratio",
    [
        ("#FFFFFF", "#000000", 21.0),
        ("#000000", "#FFFFFF", 21.0),
        ("#777777", "#FFFFFF", 4.48),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#004C97", "#FFFFFF", 8.47),  # Kraków blue, the default
        ("#FFFFFF", "#FFFFFF", 1.0),
    ],
)
def test_contrast_ratio_matches_known_values(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_relative_luminance_spans_zero_to_one():
    assert (relative_luminance("#000000"), relative_luminance("#FFFFFF")) == (0.0, pytest.approx(1.0))


@pytest.mark.parametrize("colour", ["#004C97", "#767676", "#000000"])
def test_branding_accepts_a_primary_colour_readable_on_white(colour):
    Branding(primary_colour=colour).clean()


@pytest.mark.parametrize("colour", ["#777777", "#B9975B", "#FFFF00"])
def test_branding_rejects_a_primary_colour_below_4_5_to_1(colour):
    with pytest.raises(ValidationError) as error:
        Branding(primary_colour=colour).clean()
    assert list(error.value.message_dict) == ["primary_colour"]


def test_a_malformed_colour_gets_the_format_message_not_a_crash():
    with pytest.raises(ValidationError) as error:
        Branding(primary_colour="navy").clean_fields(exclude=["site"])
    assert list(error.value.message_dict) == ["primary_colour"]
    Branding(primary_colour="navy").clean()  # the contrast check leaves malformed values to the field validator
