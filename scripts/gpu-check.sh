#!/usr/bin/env bash
# The GPU check, for a Linux machine with an NVIDIA GPU (CUDA and PyTorch present; Node.js and the
# network perhaps not). From the repository root:
#
#   bash scripts/gpu-check.sh            # full: products up to 4096 x 4096 x 4096 (a few minutes)
#   IMO_GPU_CHECK_QUICK=1 bash scripts/gpu-check.sh   # small products only (tests use this)
#
# It reports whether Dawn (WebGPU) sees a Vulkan adapter, checks the WebGPU backend bit for bit
# against the reference on the device, times it against the WebAssembly backend and PyTorch's
# torch._int_mm on the same products, and prints a short table last. Results go to $OUT (or
# ./gpu-check-out): gpu-check.log, gpu-results.json (flat metrics, bench/results.json names; merge
# with scripts/gpu/mergeGpuResults.ts).
#
# What it needs, in this order of preference:
#   Node.js >= 20.19   node on PATH, else .gpu-carry/node.xz
#   the check program  .gpu-carry/gpu-check.cjs, else bundled here from the sources (needs node_modules)
#   Dawn               .gpu-carry/dawn.node.xz, else node_modules/webgpu
#   a Vulkan loader    the machine's libvulkan.so.1, else .gpu-carry/libvulkan1.deb
#   PyTorch            python3 with torch and CUDA (IMO_PYTHON names another python); optional
# `npx tsx scripts/gpu/packGpuCheck.ts` prepares .gpu-carry/ on a machine with npm.
#
# Exit status: 0 all exact; 1 a check failed; 3 no WebGPU adapter; 4 something needed is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CARRY="${IMO_GPU_CARRY:-$ROOT/.gpu-carry}"
RESULTS="${OUT:-$ROOT/gpu-check-out}"
mkdir -p "$RESULTS"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/imo-gpu-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LOG="$RESULTS/gpu-check.log"
: >"$LOG"
say() { echo "$*" | tee -a "$LOG"; }
missing() {
  say "MISSING: $*"
  exit 4
}

# Decompresses $1 (.xz) to $2 with xz, or Python's lzma where xz is absent.
unxz_to() {
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$1" >"$2"
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  fi
}

say "== GPU check ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -m))"
if command -v nvidia-smi >/dev/null 2>&1; then
  CARD="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
  say "nvidia-smi: ${CARD:-no GPU listed}"
else
  CARD=""
  say "nvidia-smi: not found (no NVIDIA driver visible)"
fi
echo "${CARD:-unknown}" >"$WORK/card.txt"

# Node.js
# IMO_GPU_CHECK_USE_CARRY=1 ignores the machine's Node and node_modules (what a bare GPU machine has),
# to try the carry before a device run.
NODE=""
if [ -z "${IMO_GPU_CHECK_USE_CARRY:-}" ] && command -v node >/dev/null 2>&1 &&
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  NODE="$(command -v node)"
elif [ -f "$CARRY/node.xz" ]; then
  unxz_to "$CARRY/node.xz" "$WORK/node" && chmod +x "$WORK/node" && NODE="$WORK/node"
fi
[ -n "$NODE" ] || missing "Node.js >= 20.19: put it on PATH, or carry .gpu-carry/ (npx tsx scripts/gpu/packGpuCheck.ts)"
"$NODE" --version >/dev/null 2>&1 || missing "the Node binary $NODE does not run here ($("$NODE" --version 2>&1 | head -1))"
say "node: $NODE ($("$NODE" --version))"

# The check program
if [ -f "$CARRY/gpu-check.cjs" ]; then
  BUNDLE="$CARRY/gpu-check.cjs"
elif [ -z "${IMO_GPU_CHECK_USE_CARRY:-}" ] && [ -d "$ROOT/node_modules/esbuild" ] && [ -d "$ROOT/node_modules/tsx" ]; then
  BUNDLE="$WORK/gpu-check.cjs"
  "$NODE" --import tsx -e "require('./scripts/gpu/packGpuCheck').bundleGpuCheck('$BUNDLE')" >>"$LOG" 2>&1 ||
    missing "bundling scripts/gpu/gpuCheck.ts failed (see $LOG)"
else
  missing "the check program: carry .gpu-carry/gpu-check.cjs, or run npm ci here"
fi

# Dawn
if [ -n "${IMO_DAWN_NODE:-}" ]; then
  :
elif [ -f "$CARRY/dawn.node.xz" ]; then
  unxz_to "$CARRY/dawn.node.xz" "$WORK/dawn.node" && export IMO_DAWN_NODE="$WORK/dawn.node"
elif [ -z "${IMO_GPU_CHECK_USE_CARRY:-}" ] && [ -f "$ROOT/node_modules/webgpu/dist/linux-x64/dawn.node" ]; then
  export IMO_DAWN_NODE="$ROOT/node_modules/webgpu/dist/linux-x64/dawn.node"
else
  missing "Dawn (dawn.node): carry .gpu-carry/dawn.node.xz, or run npm ci here"
fi
say "dawn: $IMO_DAWN_NODE"

# Vulkan: a loader, and the NVIDIA driver's manifest if nothing names one
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  if [ -f "$CARRY/libvulkan1.deb" ]; then
    mkdir -p "$WORK/vk"
    if command -v dpkg-deb >/dev/null 2>&1; then
      dpkg-deb -x "$CARRY/libvulkan1.deb" "$WORK/vk"
    else
      (cd "$WORK/vk" && ar x "$CARRY/libvulkan1.deb" && tar -xf data.tar.* 2>/dev/null)
    fi
    export LD_LIBRARY_PATH="$WORK/vk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    say "vulkan loader: carried libvulkan1 (the machine has none)"
  else
    say "vulkan loader: none found (ldconfig lists no libvulkan.so.1); Dawn will see no Vulkan adapter"
  fi
else
  say "vulkan loader: $(ldconfig -p | grep -m1 'libvulkan\.so\.1' | sed 's/.*=> //')"
fi
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
    /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
    if [ -f "$icd" ]; then
      export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"
      break
    fi
  done
fi
[ -d /usr/local/nvidia/lib64 ] && export LD_LIBRARY_PATH="/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
say "vulkan driver manifest: ${VK_ICD_FILENAMES:-${VK_DRIVER_FILES:-the default search path}}"

# The check on the device
QUICK=()
[ -n "${IMO_GPU_CHECK_QUICK:-}" ] && QUICK=(--quick)
run_check() {
  "$NODE" "$BUNDLE" check --repo "$ROOT" --work "$WORK" "${QUICK[@]}" 2>&1 | grep --line-buffered -v '^Warning: max' | tee -a "$LOG"
  CHECK=${PIPESTATUS[0]}
}
run_check
# In a container without an X server, NVIDIA's manifest (libGLX_nvidia) gives the loader no
# vkCreateInstance; the same driver's EGL library is its headless entry (seen on an H200 pod).
MANIFEST="${VK_ICD_FILENAMES:-${VK_DRIVER_FILES:-}}"
if [ "$CHECK" = 3 ] && [ -f "$MANIFEST" ] && grep -q 'libGLX_nvidia' "$MANIFEST"; then
  EGL="$(ldconfig -p | grep -m1 'libEGL_nvidia\.so\.0' | sed 's/.*=> //')"
  [ -z "$EGL" ] && [ -f /usr/local/nvidia/lib64/libEGL_nvidia.so.0 ] && EGL=/usr/local/nvidia/lib64/libEGL_nvidia.so.0
  if [ -n "$EGL" ]; then
    sed "s#\"library_path\"[^,]*#\"library_path\": \"$EGL\"#" "$MANIFEST" >"$WORK/nvidia_egl_icd.json"
    export VK_DRIVER_FILES="$WORK/nvidia_egl_icd.json" VK_ICD_FILENAMES="$WORK/nvidia_egl_icd.json"
    say "no adapter through libGLX_nvidia; trying the driver's headless entry: vulkan driver manifest: $VK_ICD_FILENAMES ($EGL)"
    run_check
  fi
fi

# PyTorch on the same products
PYTHON="${IMO_PYTHON:-python3}"
no_torch() {
  say "PyTorch: $1: torch._int_mm figures left out"
  printf '{"available": false, "reason": "%s"}\n' "$1" >"$WORK/torch.json"
}
if [ "$CHECK" = 3 ] || [ ! -f "$WORK/check.json" ]; then
  no_torch "skipped (no WebGPU results to compare with)"
elif ! command -v "$PYTHON" >/dev/null 2>&1; then
  no_torch "no python ($PYTHON not found)"
elif ! "$PYTHON" -c 'import torch, numpy' >/dev/null 2>&1; then
  no_torch "$PYTHON cannot import torch and numpy"
else
  PYTHONUNBUFFERED=1 "$PYTHON" "$ROOT/scripts/gpu/torchIntMm.py" --work "$WORK" 2>&1 | tee -a "$LOG"
fi

# The summary, last
"$NODE" "$BUNDLE" report --work "$WORK" --out "$RESULTS/gpu-results.json" 2>&1 | tee -a "$LOG"
REPORT=${PIPESTATUS[0]}
[ "$CHECK" != 0 ] && exit "$CHECK"
exit "$REPORT"
