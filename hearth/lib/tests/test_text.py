from hearth.lib.text import fold, has_mixed_script, normalize, strip_invisible


def _src(text, needle):
    m = fold(text)
    i = m.text.index(needle)
    s, e = m.to_source(i, i + len(needle))
    return text[s:e]


def test_fold_lowercases_and_applies_nfkc_fullwidth():
    assert fold("ＫＩＬＬ Me").text == "kill me"


def test_fold_strips_zero_width_and_bidi_controls():
    assert fold("ki\u200bll my\u202eself").text == "kill myself"


def test_fold_maps_cyrillic_and_greek_lookalikes_to_latin():
    assert fold("раѕѕwοrd").text == "password"


def test_fold_folds_leetspeak_inside_words_only():
    assert fold("k1ll mys3lf").text == "kill myself"
    assert fold("I have 3 kids").text == "i have 3 kids"


def test_fold_keeps_trailing_punctuation_out_of_leetspeak():
    assert fold("help!").text == "help!"
    assert fold("sh!t").text == "shit"


def test_fold_joins_spaced_out_letters():
    assert fold("k i l l myself").text == "kill myself"
    assert fold("f.u.c.k off").text == "fuck off"


def test_fold_strips_accents_for_spanish_matching():
    assert fold("Quiero MORÍR").text == "quiero morir"


def test_fold_spans_map_back_to_original_text():
    text = "I want to  K I L L\u200b myself"
    assert _src(text, "kill") == "K I L L"
    assert _src("ＫＩＬＬ", "kill") == "ＫＩＬＬ"


def test_normalize_collapses_whitespace_and_control_characters():
    m = normalize("  a\x00\x01 \n b  ")
    assert m.text == "a b"
    assert m.to_source(0, 3) == (2, 9)


def test_normalize_of_empty_text_is_empty():
    assert normalize("").text == ""
    assert fold("\u200b\u200b").text == ""


def test_strip_invisible_removes_soft_hyphen_and_bom():
    assert strip_invisible("a\u00adb\ufeffc") == "abc"


def test_has_mixed_script_detects_cyrillic_inside_latin_word():
    assert has_mixed_script("pаypal")
    assert not has_mixed_script("привет hello")
