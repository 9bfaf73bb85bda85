"""Save/load: exact round trip, atomic writes, corrupted and mismatched files leave the model untouched."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nn import MLP, ModelFileError, serialize


def model() -> MLP:
    return MLP(3, [4, 2], activation="leaky_relu", output_activation="softmax", init="he", seed=7)


def weights(net: MLP) -> list[float]:
    return [p.data for p in net.parameters()]


def test_round_trip_is_exact(tmp_path: Path) -> None:
    net = model()
    path = net.save(tmp_path / "net.json")
    loaded = MLP.load(path)
    assert loaded.sizes == net.sizes and loaded.activations == net.activations
    assert weights(loaded) == weights(net)
    x = [0.3, -1.1, 2.0]
    assert [v.data for v in loaded.forward(x)] == [v.data for v in net.forward(x)]
    assert [p.label for p in loaded.parameters()] == [p.label for p in net.parameters()]
    assert path.read_text() == serialize.save(loaded, tmp_path / "again.json").read_text()  # deterministic
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.json", "net.json"]  # no temp files left


def test_load_weights_into_a_matching_model(tmp_path: Path) -> None:
    source, target = model(), MLP(3, [4, 2], activation="leaky_relu", output_activation="softmax", seed=1)
    assert weights(source) != weights(target)
    target.load_weights(source.save(tmp_path / "w.json"))
    assert weights(target) == weights(source)


def test_save_replaces_atomically(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    path.write_text("old contents")
    model().save(path)
    assert json.loads(path.read_text())["format"] == "pizarra-mlp"


def corrupt(path: Path, edit: object) -> None:
    doc = json.loads(path.read_text())
    edit(doc)  # type: ignore[operator]
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.update(format="other"), "not a pizarra model"),
    (lambda d: d.update(version=99), "version 99"),
    (lambda d: d.update(nin="two"), "nin"),
    (lambda d: d["layers"][1].update(activation="gelu"), "layer 2: unknown activation 'gelu'"),
    (lambda d: d["layers"][0]["weights"].pop(), r"layer 2: weights must be a k×3 matrix|layer 1: biases"),
    (lambda d: d["layers"][0]["weights"][0].pop(), "layer 1: weights must be rectangular"),
    (lambda d: [row.pop() for row in d["layers"][0]["weights"]], "layer 1: weights: expected shape k×3, got 4×2"),
    (lambda d: d["layers"][1]["biases"].append(0.0), r"layer 2: biases: expected shape \(2,\), got \(3,\)"),
    (lambda d: d["layers"][0].update(weights="abc"), "lists of numbers|k×3"),
    (lambda d: d["layers"][0].pop("biases"), "expected the keys"),
    (lambda d: d.update(layers=[]), "non-empty list"),
], ids=["format", "version", "nin", "activation", "rows", "ragged", "columns", "biases", "type", "keys", "empty"])
def test_invalid_files_raise_and_leave_the_model_untouched(tmp_path: Path, edit: object, message: str) -> None:
    path = model().save(tmp_path / "net.json")
    corrupt(path, edit)
    target = model()
    target.layers[0].neurons[0].w[0].data = 42.0
    before = weights(target)
    with pytest.raises(ModelFileError, match=message):
        target.load_weights(path)
    assert weights(target) == before
    with pytest.raises(ModelFileError):
        MLP.load(path)


def test_not_json_missing_and_nonfinite(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "pizarra-mlp", "layers": [')
    with pytest.raises(ModelFileError, match="not valid JSON"):
        MLP.load(bad)
    with pytest.raises(ModelFileError, match="does not exist"):
        MLP.load(tmp_path / "missing.json")
    path = model().save(tmp_path / "nan.json")
    corrupt(path, lambda d: d["layers"][0]["weights"][0].__setitem__(0, float("nan")))
    assert "NaN" in path.read_text()
    with pytest.raises(ModelFileError, match="layer 1: weights row 1, column 1 must be finite, got nan"):
        MLP.load(path)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["layers"][0]["weights"][1].__setitem__(2, "0.5"),
     r"layer 1: weights row 2, column 3 must be a real number, got '0.5' \(str\)"),
    (lambda d: d["layers"][1]["weights"][0].__setitem__(0, True),
     r"layer 2: weights row 1, column 1 must be a real number, got True \(bool\)"),
    (lambda d: d["layers"][1]["biases"].__setitem__(1, False),
     r"layer 2: biases entry 2 must be a real number, got False \(bool\)"),
    (lambda d: d["layers"][0]["biases"].__setitem__(0, "1"), "layer 1: biases entry 1 must be a real number, got '1'"),
    (lambda d: d["layers"][0]["biases"].__setitem__(3, None),
     "layer 1: biases entry 4 must be a real number, got None"),
    (lambda d: d["layers"][0]["weights"][3].__setitem__(1, [0.5]),
     "layer 1: weights row 4, column 2 must be a number, got a list of 1"),
    (lambda d: d["layers"][0]["weights"][0].__setitem__(0, 10 ** 400),
     "layer 1: weights row 1, column 1 must be finite, got an integer too large"),
    (lambda d: d["layers"][0].update(biases={"0": 1.0}),
     "layer 1: biases must be a list of numbers, got a dict of 1"),
    (lambda d: d.update(version=True), "version True"),
    (lambda d: d.update(nin=True), "nin"),
], ids=["string-weight", "true-weight", "false-bias", "string-bias", "null-bias", "list-weight", "huge-int",
        "dict-biases", "true-version", "true-nin"])
def test_weights_are_json_numbers_and_the_error_names_the_entry(tmp_path: Path, edit: object, message: str) -> None:
    path = model().save(tmp_path / "net.json")
    corrupt(path, edit)
    target = model()
    before = weights(target)
    with pytest.raises(ModelFileError, match=message):
        target.load_weights(path)
    assert weights(target) == before
    with pytest.raises(ModelFileError, match=message):
        MLP.load(path)


@pytest.mark.parametrize("depth", [500, 999, 1_000, 100_000])
@pytest.mark.parametrize("where", ["top", "weights"])
def test_deeply_nested_json_is_a_model_file_error(tmp_path: Path, depth: int, where: str) -> None:
    deep = "[" * depth + "]" * depth
    path = tmp_path / "deep.json"
    if where == "top":
        path.write_text(deep)
    else:
        path.write_text('{"format": "pizarra-mlp", "version": 1, "nin": 1, "layers": [{"activation": "tanh", '
                        f'"weights": {deep}, "biases": [0.0]}}]}}')
    with pytest.raises(ModelFileError, match=r"deep\.json") as info:
        MLP.load(path)
    assert len(str(info.value)) < 300 and "\n" not in str(info.value)   # one short line, not the structure
    target = model()
    before = weights(target)
    with pytest.raises(ModelFileError):
        target.load_weights(path)
    assert weights(target) == before


def test_architecture_mismatch_leaves_the_model_untouched(tmp_path: Path) -> None:
    path = MLP(3, [5, 2], activation="leaky_relu", output_activation="softmax").save(tmp_path / "other.json")
    target = model()
    before = weights(target)
    with pytest.raises(ModelFileError, match=r"3 → 5 leaky_relu → 2 softmax network but the model is 3 → 4"):
        target.load_weights(path)
    assert weights(target) == before
    path = MLP(3, [4, 2], activation="tanh", output_activation="softmax").save(tmp_path / "tanh.json")
    with pytest.raises(ModelFileError, match="nothing was changed"):
        target.load_weights(path)
    assert weights(target) == before


def test_file_layout_is_the_course_matrices(tmp_path: Path) -> None:
    net = MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                           [[0.1, 0.5, 0.8], [0.7]], activations="sigmoid")
    doc = json.loads(net.save(tmp_path / "ex.json").read_text())
    assert doc["nin"] == 2
    assert doc["layers"][0]["weights"] == [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]
    assert doc["layers"][1] == {"activation": "sigmoid", "weights": [[-0.4, 0.2, -0.5]], "biases": [0.7]}
    np.testing.assert_array_equal(MLP.load(tmp_path / "ex.json").layers[0].bias_vector(), [0.1, 0.5, 0.8])


# --- what load refuses, save never writes; reads are bounded; keys are exact at every level ------------

def test_save_refuses_what_load_would_refuse_and_keeps_the_good_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    net = model()
    net.save(path)
    good = path.read_bytes()
    net.layers[0].neurons[0].w[0]._data = float("nan")  # `.data =` refuses NaN: as memory gone bad would hold it
    with pytest.raises(ModelFileError, match=r"must be finite.*the file was not written"):
        net.save(path)
    assert path.read_bytes() == good
    assert MLP.load(path).sizes == net.sizes


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.update(extra=1), "unknown key 'extra'"),
    (lambda d: d.update(layrs=[]), r"unknown key 'layrs' \(did you mean layers\?\)"),
    (lambda d: d["layers"][0].update(bias=[0.0]), r"layer 1: unknown key 'bias' \(did you mean biases\?\)"),
])
def test_unknown_keys_are_refused_at_every_level(tmp_path: Path, edit: object, message: str) -> None:
    path = tmp_path / "m.json"
    model().save(path)
    corrupt(path, edit)
    with pytest.raises(ModelFileError, match=message):
        MLP.load(path)


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    model().save(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"layers":', '"layers": [], "layers":', 1), encoding="utf-8")
    with pytest.raises(ModelFileError, match="the key 'layers' is given twice"):
        MLP.load(path)


def test_a_file_past_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as f:  # a sparse 230 MB file: nothing is written, nothing must be read
        f.truncate(230 << 20)
    with pytest.raises(ModelFileError, match=r"big.json' is 230 MB, more than the 64 MB"):
        MLP.load(path)
    small = tmp_path / "m.json"
    model().save(small)
    with pytest.raises(ModelFileError, match="more than the 100 bytes"):
        MLP.load(small, max_bytes=100)
    assert MLP.load(small, max_bytes=1 << 20).sizes == model().sizes


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_a_model_file(device: str) -> None:
    with pytest.raises(ModelFileError, match="is a device, not a regular file") as caught:
        MLP.load(device)
    assert caught.value.message("es").endswith("es un dispositivo, no un archivo común; no se leyó nada")
