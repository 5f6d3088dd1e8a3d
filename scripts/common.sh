# shellcheck shell=bash
# Shared by scripts/setup, scripts/test and .ci/run; sourced, not run. Bash only.
# Functions print little on success and, on failure, the tail of the failed command's output and a
# message saying what failed.

MAILLAGE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages for the C++ core and its tests (Debian 12: Boost 1.74, Catch2 2.13; Debian 13:
# Boost 1.83, Catch2 3.x). Python headers, pip and venv are added when Debian's own Python is used.
# xmllint (libxml2-utils) validates the GEXF files and Graphviz reads the DOT files of the systemic
# representation tests. The browser test of the HTML maps also needs `chromium` (about 300 MB, not
# installed by scripts/setup: the test skips without it; .ci/run installs it).
MAILLAGE_APT_PACKAGES=(g++ cmake ninja-build ccache libboost-graph-dev libeigen3-dev catch2 zlib1g-dev
                       libxml2-utils graphviz libpugixml-dev nlohmann-json3-dev)

# Where the Python package is built (scikit-build-core's build-dir, reused between installs).
MAILLAGE_PY_BUILD_DIR=${MAILLAGE_PY_BUILD_DIR:-build/py}

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1

# One compiler name for every g++ build, the Python package's and the C++ tests': ccache takes
# /usr/bin/c++ and /usr/bin/g++ for two compilers, and with one name the C++ build reuses the
# library objects the Python build has just compiled (same flags) instead of compiling them again.
export CXX=${CXX:-g++}

maillage_die() {
  echo "error: $*" >&2
  exit 1
}

maillage_note() { echo "--> $*"; }

# Runs a command with its output sent to a log; on failure prints the log's last lines and dies
# with the message given first. Usage: maillage_quietly "what failed" command args...
maillage_quietly() {
  local what=$1 log status=0
  shift
  log=$(mktemp "${TMPDIR:-/tmp}/maillage.XXXXXX.log")
  "$@" >"$log" 2>&1 </dev/null || status=$?
  if [ "$status" -ne 0 ]; then
    echo "----- last lines of: $* -----" >&2
    tail -n 60 "$log" >&2
    echo "----- (full output: $log) -----" >&2
    maillage_die "$what (exit code $status)"
  fi
  rm -f "$log"
}

# The Python interpreter to use: $PYTHON if set, else the project's .venv if scripts/setup made
# one, else python3.
maillage_python() {
  if [ -n "${PYTHON:-}" ]; then
    echo "$PYTHON"
  elif [ -x "$MAILLAGE_ROOT/.venv/bin/python" ]; then
    echo "$MAILLAGE_ROOT/.venv/bin/python"
  else
    echo python3
  fi
}

maillage_apt_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Installs the Debian packages that are missing (apt-get update first, only then). Uses sudo when
# not root. On a system without apt, checks for the tools and says what to install.
maillage_install_system_packages() {
  local packages=("${MAILLAGE_APT_PACKAGES[@]}") missing=() package python
  python=$(maillage_python)
  if ! command -v "$python" >/dev/null 2>&1 && [ "$python" = python3 ]; then
    packages+=(python3 python3-dev python3-pip python3-venv)
  elif [ "$("$python" -c 'import sys; print(sys.base_prefix)' 2>/dev/null)" = /usr ]; then
    # Debian's own Python: headers to build the extension, pip and venv to install it.
    packages+=(python3-dev python3-pip python3-venv)
  fi
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    for package in g++ cmake ninja ccache; do
      command -v "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] || maillage_die "not a Debian system and missing: ${missing[*]}; install them \
with Boost.Graph (>= 1.74), Eigen 3 and Catch2, then run this again"
    maillage_note "not a Debian system: assuming Boost.Graph, Eigen 3 and Catch2 are installed"
    return 0
  fi
  for package in "${packages[@]}"; do
    maillage_apt_installed "$package" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    maillage_note "Debian packages already installed: ${packages[*]}"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || maillage_die "not root and no sudo: as root, run
    apt-get update && apt-get install -y ${missing[*]}"
    sudo=(sudo)
  fi
  maillage_note "installing Debian packages: ${missing[*]}"
  maillage_quietly "apt-get update failed" "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update
  maillage_quietly "apt-get install ${missing[*]} failed" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"
}

# Makes sure a usable Python environment exists: Debian's Python refuses pip installs outside a
# virtual environment (PEP 668), so then a .venv is made in the project and used from then on.
maillage_prepare_python() {
  local python
  python=$(maillage_python)
  command -v "$python" >/dev/null 2>&1 || maillage_die "no Python interpreter '$python'"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    maillage_die "$python is $("$python" --version 2>&1); maillage needs Python >= 3.10"
  if [ -z "${PYTHON:-}" ] && "$python" - <<'EOF'
import os, sys, sysconfig
in_venv = sys.prefix != sys.base_prefix
managed = os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))
sys.exit(0 if managed and not in_venv else 1)
EOF
  then
    maillage_note "$python is managed by Debian: making a virtual environment in .venv"
    maillage_quietly "python3 -m venv .venv failed (is python3-venv installed?)" "$python" -m venv "$MAILLAGE_ROOT/.venv"
    python=$MAILLAGE_ROOT/.venv/bin/python
  fi
  "$python" -m pip --version >/dev/null 2>&1 || maillage_die "$python has no pip (install python3-pip)"
  "$python" - <<'EOF' || maillage_die "no Python headers (Python.h) for $python: install python3-dev"
import os, sys, sysconfig
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)
EOF
}

# The build requirements declared in pyproject.toml, one a line.
maillage_build_requirements() {
  "$(maillage_python)" - "$MAILLAGE_ROOT/pyproject.toml" <<'EOF'
import sys
try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    tomllib = None
if tomllib is None:
    print("scikit-build-core\npybind11\nninja")
else:
    with open(sys.argv[1], "rb") as f:
        print("\n".join(tomllib.load(f).get("build-system", {}).get("requires", [])))
EOF
}

# Installs the build requirements, then the package with its test extra, without build isolation
# so that the CMake build directory (build/py) and ccache are reused between installs.
maillage_install_python_package() {
  local python requirements=()
  python=$(maillage_python)
  [ -f "$MAILLAGE_ROOT/pyproject.toml" ] || maillage_die "no pyproject.toml in $MAILLAGE_ROOT"
  mapfile -t requirements < <(maillage_build_requirements)
  if [ ${#requirements[@]} -gt 0 ]; then
    maillage_note "build requirements: ${requirements[*]}"
    maillage_quietly "pip could not install the build requirements" \
      "$python" -m pip install --upgrade-strategy only-if-needed "${requirements[@]}"
  fi
  maillage_note "building and installing the Python package (build dir $MAILLAGE_PY_BUILD_DIR)"
  (cd "$MAILLAGE_ROOT" && maillage_quietly "pip install \".[test]\" failed" \
    "$python" -m pip install --no-build-isolation --config-settings=build-dir="$MAILLAGE_PY_BUILD_DIR" \
      --config-settings=cmake.define.MAILLAGE_WERROR="${MAILLAGE_WERROR:-OFF}" ".[test]")
}

# Configures and builds the C++ core. Usage: maillage_build_cpp <build dir> [cmake options...]
maillage_build_cpp() {
  local dir=$1 generator=()
  shift
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  [ -f "$dir/CMakeCache.txt" ] && generator=()  # keep the generator of an existing build dir
  cmake -S "$MAILLAGE_ROOT" -B "$dir" "${generator[@]}" "$@"
  cmake --build "$dir" --parallel "$(maillage_jobs)"
}

maillage_jobs() { nproc 2>/dev/null || echo 2; }
