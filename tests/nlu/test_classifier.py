"""The intent classifier's weighting is scikit-learn's sublinear TF-IDF, scaled per featurizer."""
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfTransformer

from italian.classifier import inverse_document_frequencies, weighted


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
