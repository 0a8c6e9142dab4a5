"""The intent classifier: a linear multiclass SVM on TF-IDF weighted features.

Each featurizer's sentence counts become sublinear TF-IDF (1 + log count, times
the word's inverse document frequency in the training examples) scaled to unit
length: a word seen in every intent ("vorrei", "il") weighs little, a long
message no longer outweighs a short one, and a repeated word counts less than a
new one. The intents are then told apart by scikit-learn's ``LinearSVC`` with
the Crammer-Singer multiclass margin. On this project's data it reads the
cross-validation folds better than Rasa's logistic regression on the same
features (``bench/nlu_quality.py``) and the held-out utterances as well
(``bench/heldout.py``).

An SVM gives margins, not probabilities; the fallback and the ranking need
confidences. They are a softmax of the margins times one scale, fitted on
held-out folds of the training data to make those folds' confidences honest
(temperature scaling): the argmax stays the SVM's, and the fallback threshold
reads as a probability again (``config.yml`` states what it keeps and catches).
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.optimize import minimize_scalar
from scipy.sparse import csr_matrix, diags, hstack, vstack
from scipy.special import log_softmax, softmax
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "weights.npz"
"""The document frequencies and the confidence scale, beside the SVM's skops file."""
SCALE_FOLDS = 3


def sentence_blocks(message: Message) -> list[csr_matrix]:
    """The message's sparse sentence features, one row per featurizer, in pipeline order."""
    return [csr_matrix(f.features) for f in message.features
            if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and f.is_sparse()]


def inverse_document_frequencies(counts: csr_matrix) -> np.ndarray:
    """Smoothed idf per column, as scikit-learn's ``TfidfTransformer``: ln((1+n)/(1+df)) + 1."""
    documents = counts.shape[0]
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1 + documents) / (1 + document_frequency)) + 1


def weighted(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    """Sublinear TF-IDF rows of unit length."""
    tf = counts.astype(np.float64).tocsr(copy=True)
    tf.eliminate_zeros()  # a stored zero would become log(0)
    tf.data = np.log(tf.data) + 1
    return normalize(tf @ diags(idf), copy=False)


def margins(svm: LinearSVC, X: csr_matrix) -> np.ndarray:
    """One margin per row and class, also with two classes (where scikit-learn gives one column)."""
    scores = svm.decision_function(X)
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def confidence_scale(scores: np.ndarray, labels: np.ndarray) -> float:
    """The scale s that makes softmax(s * scores) the most likely reading of ``labels``
    (column indices): temperature scaling, searched on a log scale."""
    rows = np.arange(len(labels))

    def negative_log_likelihood(log_scale: float) -> float:
        return -log_softmax(np.exp(log_scale) * scores, axis=1)[rows, labels].mean()

    return float(np.exp(minimize_scalar(negative_log_likelihood, bounds=(-3, 5), method="bounded").x))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's logistic-regression component (training, skops storage, ranking) with a linear SVM inside."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: dict[str, Any], *args: Any) -> None:
        super().__init__(config, *args)
        self.clf = self._new_svm()
        self.idf: Optional[list[np.ndarray]] = None  # one vector per featurizer, set by training
        self.scale: Optional[float] = None  # of the margins, into confidences; set by training

    def _new_svm(self) -> LinearSVC:
        return LinearSVC(C=float(self.config["C"]), multi_class="crammer_singer", max_iter=self.config["max_iter"],
                         tol=self.config["tol"], random_state=self.config["random_state"])

    def _blocks(self, messages: list[Message]) -> list[csr_matrix]:
        per_message = [sentence_blocks(m) for m in messages]
        return [vstack([blocks[i] for blocks in per_message]).tocsr() for i in range(len(per_message[0]))]

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        if self.idf is None or self.scale is None:
            raise RuntimeError("The intent classifier has no stored weights: train the model again.")
        return self._weighted(self._blocks(messages))

    def _weighted(self, blocks: list[csr_matrix]) -> csr_matrix:
        assert self.idf is not None  # trained or loaded
        return hstack([weighted(block, idf) for block, idf in zip(blocks, self.idf)]).tocsr()

    def _create_training_matrix(self, training_data: TrainingData) -> tuple[csr_matrix, list[str]]:
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        if not examples:
            return csr_matrix((0, 0)), []
        blocks = self._blocks(examples)
        self.idf = [inverse_document_frequencies(block) for block in blocks]
        return self._weighted(blocks), [e.get("intent") for e in examples]

    def train(self, training_data: TrainingData) -> Resource:
        X, y = self._create_training_matrix(training_data)
        if X.shape[0] == 0:
            return self._resource
        self.scale = self._held_out_scale(X, np.asarray(y))
        self.clf.fit(X, y)
        self.persist()
        return self._resource

    def _held_out_scale(self, X: csr_matrix, y: np.ndarray) -> float:
        """The confidence scale fitted on margins the SVM gives examples it was not trained on."""
        classes, labels = np.unique(y, return_inverse=True)
        folds = min(SCALE_FOLDS, int(np.bincount(labels).min()))
        if len(classes) < 2 or folds < 2:
            return 1.0
        held_out = np.zeros((len(y), len(classes)))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=self.config["random_state"]).split(X, y):
            svm = self._new_svm().fit(X[train], y[train])
            held_out[np.ix_(test, np.searchsorted(classes, svm.classes_))] = margins(svm, X[test])
        return confidence_scale(held_out, labels)

    def process(self, messages: list[Message]) -> list[Message]:
        confidences = softmax(self.scale * margins(self.clf, self._create_X(messages)), axis=1)
        for message, row in zip(messages, confidences):
            ranking = sorted(({"name": name, "confidence": float(confidence)}
                              for name, confidence in zip(self.clf.classes_, row)), key=lambda e: -e["confidence"])
            message.set("intent", ranking[0], add_to_output=True)
            if self.config[RANKING_LENGTH] > 0:
                ranking = ranking[: self.config[RANKING_LENGTH]]
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        super().persist()
        assert self.idf is not None  # persisted after training
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(model_dir / WEIGHTS_FILE, scale=np.array(self.scale),
                     **{f"idf_{i}": idf for i, idf in enumerate(self.idf)})

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        try:
            with model_storage.read_from(resource) as model_dir:
                with np.load(model_dir / WEIGHTS_FILE) as stored:
                    component.scale = float(stored["scale"])
                    blocks = sum(name.startswith("idf_") for name in stored.files)
                    component.idf = [stored[f"idf_{i}"] for i in range(blocks)]
        except (ValueError, FileNotFoundError):
            logger.debug("No weights stored for '%s': the classifier is untrained.", resource.name)
        return component
