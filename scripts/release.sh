#!/usr/bin/env bash
# Builds the sidecar for the seven prebuilt platforms, checks each binary with `file`, and packs
# the platform packages (npm/<platform>/, the esbuild pattern) and the main package, whose
# optionalDependencies name every platform package at the same version.
#
#   scripts/release.sh                  build all seven, pack everything into release/
#   scripts/release.sh linux-x64-gnu    build and pack only the platforms named (main package too)
#   RELEASE_REUSE=1 scripts/release.sh linux-x64-gnu
#                                       use target/release/connector-sidecar as linux-x64-gnu
#                                       (what CI's package test does: no cross-build in CI)
#
# Needs: rustup; `pip install ziglang cargo-zigbuild` (cross-links Linux arm64, musl and macOS);
# Debian's gcc-mingw-w64-x86-64 (links Windows); `file`. Writes release/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${RELEASE_DIR:-$root/release}
# Cross builds may go to their own target directory (CARGO_TARGET_DIR) so as not to hold the
# repository's target/ lock while tests run.
target_dir=${CARGO_TARGET_DIR:-$root/target}
version=$(node -p 'require("./package.json").version')
all=(linux-x64-gnu linux-x64-musl linux-arm64-gnu linux-arm64-musl darwin-x64 darwin-arm64 win32-x64)
platforms=("$@")
[ ${#platforms[@]} -eq 0 ] && platforms=("${all[@]}")

# platform -> Rust target (glibc builds link against glibc 2.17 through zig: they run on any
# distribution of the last ten years), the `file` words each binary must show, and the builder.
target_of() {
  case $1 in
    linux-x64-gnu) echo x86_64-unknown-linux-gnu ;;
    linux-x64-musl) echo x86_64-unknown-linux-musl ;;
    linux-arm64-gnu) echo aarch64-unknown-linux-gnu ;;
    linux-arm64-musl) echo aarch64-unknown-linux-musl ;;
    darwin-x64) echo x86_64-apple-darwin ;;
    darwin-arm64) echo aarch64-apple-darwin ;;
    win32-x64) echo x86_64-pc-windows-gnu ;;
    *) echo "unknown platform $1 (one of: ${all[*]})" >&2; exit 2 ;;
  esac
}
expect_of() {
  case $1 in
    linux-x64-gnu) echo "ELF 64-bit LSB.*x86-64.*dynamically linked" ;;
    linux-x64-musl) echo "ELF 64-bit LSB.*x86-64.*static" ;;
    linux-arm64-gnu) echo "ELF 64-bit LSB.*ARM aarch64.*dynamically linked" ;;
    linux-arm64-musl) echo "ELF 64-bit LSB.*ARM aarch64.*static" ;;
    darwin-x64) echo "Mach-O 64-bit.*x86_64" ;;
    darwin-arm64) echo "Mach-O 64-bit.*arm64" ;;
    win32-x64) echo "PE32\+ executable.*x86-64" ;;
  esac
}
exe_of() { [ "$1" = win32-x64 ] && echo connector-sidecar.exe || echo connector-sidecar; }

build() {
  local platform=$1 target
  target=$(target_of "$platform")
  rustup target add "$target" >/dev/null
  case $platform in
    win32-x64)
      CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc cargo build --release --quiet --target "$target" ;;
    linux-x64-musl)
      # rustup's musl target links statically on its own (self-contained crt and rust-lld).
      cargo build --release --quiet --target "$target" ;;
    *-gnu)
      cargo zigbuild --release --quiet --target "$target.2.17" ;;
    *)
      cargo zigbuild --release --quiet --target "$target" ;;
  esac
  echo "$target_dir/$target/release/$(exe_of "$platform")"
}

mkdir -p "$out"
for platform in "${platforms[@]}"; do
  target_of "$platform" >/dev/null
  if [ "${RELEASE_REUSE:-}" = 1 ] && [ "$platform" = linux-x64-gnu ]; then
    binary=$root/target/release/connector-sidecar
  else
    start=$SECONDS
    binary=$(build "$platform")
    echo "== $platform built in $((SECONDS - start)) s"
  fi
  description=$(file -b "$binary")
  echo "== $platform: $description"
  if ! grep -Eq "$(expect_of "$platform")" <<<"$description"; then
    echo "$platform: $binary is not $(expect_of "$platform")" >&2
    exit 1
  fi
  stage=$out/stage/$platform
  rm -rf "$stage" && mkdir -p "$stage/bin"
  cp "$binary" "$stage/bin/$(exe_of "$platform")"
  chmod 755 "$stage/bin/$(exe_of "$platform")"
  cp LICENSE "$stage/"
  node -e '
    const [template, dest, version] = process.argv.slice(1);
    const pkg = JSON.parse(require("fs").readFileSync(template, "utf8"));
    require("fs").writeFileSync(dest, JSON.stringify({ ...pkg, version }, null, 2) + "\n");
  ' "npm/$platform/package.json" "$stage/package.json" "$version"
  (cd "$stage" && npm pack --quiet --pack-destination "$out" >/dev/null)
done

# The main package: what `files` lists, with every platform package as an optional dependency
# at this version. Stamped at pack time, not in the repository's package.json, so that a clone's
# `npm install` does not reach the registry for packages a contributor builds with cargo instead.
stage=$out/stage/main
rm -rf "$stage" && mkdir -p "$stage"
tarball=$(npm pack --ignore-scripts --quiet --pack-destination "$stage")
tar -xzf "$stage/$tarball" -C "$stage" && rm "$stage/$tarball"
node -e '
  const [manifest, version, ...platforms] = process.argv.slice(1);
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
  pkg.optionalDependencies = Object.fromEntries(platforms.map((p) => ["@connector-sidecar/" + p, version]));
  fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2) + "\n");
' "$stage/package/package.json" "$version" "${all[@]}"
(cd "$stage/package" && npm pack --ignore-scripts --quiet --pack-destination "$out" >/dev/null)
rm -rf "$out/stage"
ls -l "$out"/*.tgz
