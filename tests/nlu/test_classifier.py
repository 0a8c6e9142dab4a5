"""The intent classifier: scikit-learn's sublinear TF-IDF per featurizer, SVM margins made confidences."""
import numpy as np
from scipy.sparse import csr_matrix
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.svm import LinearSVC

from italian.classifier import confidence_scale, inverse_document_frequencies, margins, weighted


def test_weighting_is_sublinear_tfidf_of_unit_length():
    counts = csr_matrix(np.array([[3, 0, 1, 0], [1, 1, 0, 0], [0, 2, 0, 5], [1, 0, 0, 0]]))
    expected = TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts).toarray()
    idf = inverse_document_frequencies(counts)
    assert np.allclose(weighted(counts, idf).toarray(), expected)
    assert np.allclose(np.linalg.norm(weighted(counts, idf).toarray(), axis=1), 1)


def test_a_word_seen_in_every_example_weighs_least():
    counts = csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [1, 0, 0]]))
    idf = inverse_document_frequencies(counts)
    assert idf[0] < idf[1] == idf[2]


def test_unseen_rows_keep_the_training_frequencies():
    training = csr_matrix(np.array([[1, 0], [1, 1]]))
    idf = inverse_document_frequencies(training)
    row = weighted(csr_matrix(np.array([[0, 4]])), idf).toarray()
    assert np.allclose(row, [[0, 1]])  # scaled to unit length, whatever the count


def test_the_confidence_scale_follows_how_often_the_margins_are_right():
    """Temperature scaling: margins always right make sure confidences; margins often wrong, doubtful ones."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 300)
    right = np.eye(3)[labels] - 0.5
    wrong_often = np.where(rng.random((300, 1)) < 0.4, np.roll(right, 1, axis=1), right)
    assert confidence_scale(right, labels) > 10 * confidence_scale(wrong_often, labels)
    doubtful = softmax(confidence_scale(wrong_often, labels) * wrong_often, axis=1)
    assert 0.4 < doubtful[np.arange(300), labels].mean() < 0.8


def test_margins_have_a_column_per_class_also_with_two_classes():
    X = csr_matrix(np.array([[1.0, 0], [0, 1.0], [0.9, 0.1], [0.1, 0.9]]))
    svm = LinearSVC(multi_class="crammer_singer").fit(X, ["si", "no", "si", "no"])
    scores = margins(svm, X)
    assert scores.shape == (4, 2)
    assert list(svm.classes_[scores.argmax(axis=1)]) == ["si", "no", "si", "no"]
