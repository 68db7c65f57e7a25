"""The type stubs match the module, and help() has something to say about everything."""

import ast
import enum
import inspect
import pathlib

import sopengine

STUB = pathlib.Path(sopengine.__file__).with_name("__init__.pyi")


def stub_tree():
    return ast.parse(STUB.read_text())


def names_in(body):
    names = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def public(names):
    return {n for n in names if not n.startswith("_")}


def test_the_stub_declares_exactly_the_public_names():
    declared = public(names_in(stub_tree().body)) | {"__version__"}
    assert declared == set(sopengine.__all__)
    assert set(sopengine.__all__) == {n for n in dir(sopengine._sopengine) if not n.startswith("_")} | {"__version__"}


def test_each_class_of_the_stub_has_the_runtime_members():
    for node in stub_tree().body:
        if not isinstance(node, ast.ClassDef):
            continue
        runtime = getattr(sopengine, node.name)
        declared = names_in(node.body)
        if issubclass(runtime, enum.Enum):
            assert [m.name for m in runtime] == [
                n.targets[0].id for n in node.body if isinstance(n, ast.Assign)
            ], node.name
            assert all(
                runtime[n.targets[0].id].value == n.value.value
                for n in node.body
                if isinstance(n, ast.Assign)
            ), node.name
            continue
        if issubclass(runtime, BaseException):
            continue  # their attributes are set on each raised instance
        members = {n for n in vars(runtime) if not n.startswith("_")}
        assert public(declared) == members, node.name
        for dunder in declared - public(declared):
            assert hasattr(runtime, dunder), f"{node.name}.{dunder}"


def test_help_reads_well():
    for name in sopengine.__all__:
        item = getattr(sopengine, name)
        if inspect.isclass(item):
            assert item.__doc__ and len(item.__doc__) > 20, name
            for member_name, member in vars(item).items():
                if member_name.startswith("_") or not callable(member):
                    continue
                lines = (member.__doc__ or "").strip().splitlines()
                # pybind11 puts the signature first; the explanation must follow it.
                assert len(lines) > 1 or (lines and "(" not in lines[0]), f"{name}.{member_name}"
        elif callable(item):
            assert len((item.__doc__ or "").strip().splitlines()) > 1, name
