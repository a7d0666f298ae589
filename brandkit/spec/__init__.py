"""The brand spec: YAML loading with line numbers, the typed model, and its JSON Schema."""

from brandkit.spec.load import load_spec
from brandkit.spec.model import Spec

__all__ = ["Spec", "load_spec"]
