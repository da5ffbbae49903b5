#!/usr/bin/env bash
# Builds the real-Swarm tier's stand-in images from Debian packages and prints one "name image-id" line per image.
#
#   base       debootstrap (minbase) of Debian 12 → docker import; busybox provides the applets the pinned Alpine
#              images' healthchecks and commands call (wget, nc, crond, pidof), as on Alpine
#   <name>/    one Dockerfile per stand-in, FROM the base (see docs/swarm.md for what each honours and what differs)
#   app        the reference app from `dotnet publish`, on the .NET runtime of the machine that builds it
#   <name>/targets  when present, one stage name per line: each stage of that Dockerfile is an image of its own
#              (infra-swarm/<stage>:<hash>), sharing the recipe's layers (the monitoring stand-ins)
#   (node and test-host are not built here: tests/Infra.TestKit's DebianImages builds them, node on test-host)
#
# Each image is tagged infra-swarm/<name>:<hash of what it is built from> and built only when that tag is missing,
# so a second run builds nothing. Needs root (debootstrap), the docker CLI and a reachable Debian mirror.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# The Debian mirror: INFRA_DEBIAN_MIRROR, else debootstrap's own default.
readonly suite=bookworm mirror=${INFRA_DEBIAN_MIRROR:-}
readonly base_packages=busybox,ca-certificates

hash_of() { sha256sum | cut -c1-12; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }

readonly applets="wget nc crond pidof"
base_hash=$(printf '%s\n' "$suite" "${mirror:-debootstrap default}" "$base_packages" "$applets" | hash_of)
base=infra-swarm/base:$base_hash
if ! exists "$base"; then
  root=$(mktemp -d /tmp/infra-swarm-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  echo "images: debootstrap $suite → $base" >&2
  debootstrap --variant=minbase --include="$base_packages" "$suite" "$root" ${mirror:+"$mirror"} >"$root.log" 2>&1 || { cat "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  # Alpine's applets where the pinned images' commands expect them; Debian's own binaries win where they exist.
  for applet in $applets; do
    [[ -e $root/usr/bin/$applet || -e $root/bin/$applet ]] || ln -s /bin/busybox "$root/usr/local/bin/$applet"
  done
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" --numeric-owner -c . | docker import --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi
echo "base $base"

# The app: published here, run on this machine's .NET runtime (the pinned image is Microsoft's chiseled aspnet).
app_context=$(mktemp -d /tmp/infra-swarm-app.XXXXXX)
trap 'rm -rf "$app_context"' EXIT
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
app_sources=$( (cd "$repo" && git ls-files -s app/Infra.App infra/Infra.Contract Directory.Build.props Directory.Packages.props; cat "$here/app/Dockerfile"; ls "$dotnet_root/shared/Microsoft.AspNetCore.App") | hash_of)

for dir in "$here"/*/; do
  name=$(basename "$dir")
  [[ -f $dir/Dockerfile ]] || continue
  [[ $name == node || $name == test-host ]] && continue
  if [[ $name == app ]]; then
    tag=infra-swarm/app:$(printf '%s %s' "$base_hash" "$app_sources" | hash_of)
  else
    tag=infra-swarm/$name:$( (echo "$base_hash"; cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | hash_of)
  fi
  if [[ -f $dir/targets ]]; then
    # Several images from one recipe: one build per stage, every stage after the first from the build cache.
    hash=${tag##*:}
    while read -r target; do
      [[ -n $target ]] || continue
      if ! exists "infra-swarm/$target:$hash"; then
        echo "images: building infra-swarm/$target:$hash" >&2
        docker build --quiet --network host --build-arg "BASE=$base" --target "$target" --tag "infra-swarm/$target:$hash" "$dir" </dev/null 2>&1 >/dev/null |
          { grep -v -e 'DEPRECATED: The legacy builder' -e 'Install the buildx component' -e 'docs.docker.com/go/buildx' -e '^ *$' >&2 || true; }
      fi
      echo "$target infra-swarm/$target:$hash"
    done <"$dir/targets"
    continue
  fi
  if ! exists "$tag"; then
    echo "images: building $tag" >&2
    context=$dir
    if [[ $name == app ]]; then
      dotnet publish "$repo/app/Infra.App/Infra.App.csproj" --configuration Release --output "$app_context/app" -p:DebugType=none --nologo -v q >&2
      mkdir -p "$app_context/dotnet/shared"
      cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$app_context/dotnet/"
      cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$app_context/dotnet/shared/"
      cp "$dir/Dockerfile" "$app_context/"
      context=$app_context
    fi
    # The classic builder (Debian's docker.io has no buildx); its deprecation notice is noise here.
    docker build --quiet --network host --build-arg "BASE=$base" --tag "$tag" "$context" 2>&1 >/dev/null |
      { grep -v -e 'DEPRECATED: The legacy builder' -e 'Install the buildx component' -e 'docs.docker.com/go/buildx' -e '^ *$' >&2 || true; }
  fi
  echo "$name $tag"
done
