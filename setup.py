"""Builds the compiled parts of the engine: each ``simulation/_*.pyx`` becomes an extension module.

They are written in Cython against NumPy's random C API (``numpy.random.c_distributions``), so a
compiled mechanism draws exactly what the same draws through ``numpy.random.Generator`` would: the
same bit generator, the same algorithms, in the same order. ``make setup`` builds them in place;
``python setup.py build_ext --inplace`` rebuilds after a change. Everything else is in pyproject.toml.
"""

from pathlib import Path

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup

NUMPY = Path(np.get_include()).parent.parent  # .../site-packages/numpy
COMPILED = sorted(Path("simulation").glob("_*.pyx"))

extensions = [
    Extension(
        f"simulation.{path.stem}",
        [str(path)],
        include_dirs=[np.get_include()],
        library_dirs=[str(NUMPY / "random" / "lib"), str(NUMPY / "_core" / "lib")],
        libraries=["npyrandom", "npymath"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_2_0_API_VERSION")],
        # no contraction of a * b + c into one rounding: the same floating point as NumPy's loops
        extra_compile_args=["-O2", "-ffp-contract=off"],
    )
    for path in COMPILED
]

setup(ext_modules=cythonize(extensions, language_level=3, quiet=True,
                            compiler_directives={"boundscheck": False, "wraparound": False, "cdivision": True,
                                                 "initializedcheck": False}))
