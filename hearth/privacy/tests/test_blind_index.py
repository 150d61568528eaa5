import pytest

from hearth.privacy import blind_index, keys

pytestmark = pytest.mark.django_db


def test_tokens_hold_no_word_and_differ_per_scope():
    tokens_a = blind_index.index_tokens("group:a", "Walking helps me on bad days")
    tokens_b = blind_index.index_tokens("group:b", "Walking helps me on bad days")
    assert tokens_a and tokens_a.isdisjoint(tokens_b)
    assert all(len(t) == 32 and "walk" not in t for t in tokens_a)


def test_english_and_spanish_forms_of_a_word_meet_at_their_stem():
    posted = blind_index.index_tokens("group:a", "I keep running every morning; corriendo me ayuda")
    for query in ("run", "runs", "Correr"):
        (alternatives,) = blind_index.query_tokens("group:a", query)
        assert alternatives & posted


def test_case_and_accents_fold():
    posted = blind_index.index_tokens("group:a", "La canción de mañana")
    (alternatives,) = blind_index.query_tokens("group:a", "CANCION")
    assert alternatives & posted


def test_stop_words_and_single_letters_are_not_indexed():
    assert blind_index.words("the a and I of") == []
    assert blind_index.query_tokens("group:a", "the and") == []


def test_query_words_are_bounded():
    assert len(blind_index.query_tokens("group:a", " ".join(f"word{i}" for i in range(50)))) == 8


def test_shredded_scope_cannot_make_tokens():
    blind_index.index_tokens("group:gone", "hello there")
    keys.shred("index:group:gone")
    keys.clear_cache()
    with pytest.raises(keys.KeyShredded):
        blind_index.index_tokens("group:gone", "hello there")
